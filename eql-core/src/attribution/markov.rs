//! The Markov chain model of order k (1–4) over a path table, with removal
//! effects from an absorbing-chain solve instead of simulation.
//!
//! States are the last `min(k, i + 1)` channels after step `i` of a path
//! (so a path's first states are shorter tuples), plus `start` and the
//! absorbing `conversion` and `null`. A row with `c` conversions and `n`
//! non-conversions adds `c + n` to each transition along its path, then `c`
//! to `last → conversion` and `n` to `last → null`. Transition
//! probabilities are counts over each state's total outflow.
//!
//! `h_s` = P(conversion | in state s) solves `h = Q h + b` on the transient
//! states (`linalg.rs`); P(conversion) = Σ start(s)·h_s. Removing channel c
//! sends every state containing c to `null` (h = 0 there), and its removal
//! effect is `1 − P_without_c / P`. Conversions (and value, from a second
//! solve whose `b` is each state's converted value) are credited in
//! proportion to the removal effects, apportioned exactly so the channel
//! totals add up to the table's totals. Formulas and a worked example:
//! `docs/attribution.md`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::AttributionError;
use super::heuristic::one;
use super::markov_chain::Chain;
use super::markov_solve::{by_inverse, per_channel};
use super::path_table::PathTable;
use super::rational::ExactShares;
use super::rounding::{SHARE_PLACES, SHARE_UNITS, apportion, to_decimals};

/// Highest supported Markov order.
pub const MAX_ORDER: u32 = 4;

/// One channel's removal effects and credited totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkovChannel {
    pub channel_name: String,
    /// `1 − P(conversion without the channel) / P(conversion)`, in [0, 1].
    pub removal_effect: f64,
    /// The same for the expected conversion value.
    pub removal_effect_value: f64,
    /// Total conversions × this channel's share of the removal effects
    /// (10 decimal places, largest remainder).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversions: Decimal,
    /// Total value × this channel's share of the value removal effects
    /// (the table's decimal places, largest remainder).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversion_value: Decimal,
}

/// The Markov model's result: channels sorted by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkovResult {
    pub order: u32,
    /// Number of transient states of the chain.
    pub states: usize,
    /// P(conversion) from `start` in the full chain.
    pub conversion_probability: f64,
    pub channels: Vec<MarkovChannel>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversions: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversion_value: Decimal,
}

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "markov model",
};

/// `x` for output: finite and never `-0.0`. The solves can return `-0.0`
/// (zero times or over a negative coefficient, and a float sum of negative
/// zeros stays negative), which JSON writes as `-0.0` and other runtimes
/// read back as `0` or print as `-0`: it must not reach a result.
fn plain(x: f64) -> f64 {
    if x.is_finite() && x != 0.0 { x } else { 0.0 }
}

/// `1 − without / with`, clamped to [0, 1]; 0 when nothing converts.
fn effect(with: f64, without: f64) -> f64 {
    if with > 0.0 && with.is_finite() && without.is_finite() {
        plain((1.0 - without / with).clamp(0.0, 1.0))
    } else {
        0.0
    }
}

/// Apportion `total` units in proportion to the effects. Each f64 in [0, 1]
/// is scaled by 2^62 (exact: a power of two) to an integer numerator, so
/// the apportionment is exact and deterministic.
fn credit(effects: &[f64], total: u128) -> Result<Vec<u128>, AttributionError> {
    let scale = (1u64 << 62) as f64;
    let numerators: Vec<u128> = effects.iter().map(|&e| (e * scale) as u128).collect();
    let denominator = numerators
        .iter()
        .try_fold(0u128, |a, &n| a.checked_add(n))
        .ok_or(OVERFLOW)?;
    if denominator == 0 {
        return Ok(vec![0; effects.len()]);
    }
    apportion(
        &ExactShares {
            numerators,
            denominator,
        },
        total,
    )
}

/// The order-`order` Markov model of the table.
///
/// ```
/// use eql_core::attribution::{PathTable, markov_model};
/// let t = PathTable::from_json(r#"[
///   {"path": "a > b", "total_conversions": 1, "total_conversion_value": "10", "total_null": 0},
///   {"path": "b", "total_conversions": 0, "total_null": 1}]"#).unwrap();
/// let m = markov_model(&t, 1).unwrap();
/// assert_eq!(m.conversion_probability, 0.5);
/// assert_eq!(m.channels[0].removal_effect, 0.5); // without a, P = 1/4
/// assert_eq!(m.channels[1].removal_effect, 1.0); // without b, nothing converts
/// assert_eq!(m.total_conversions.to_string(), "1");
/// ```
pub fn markov_model(table: &PathTable, order: u32) -> Result<MarkovResult, AttributionError> {
    if !(1..=MAX_ORDER).contains(&order) {
        return Err(AttributionError::InvalidOrder { order });
    }
    let chain = Chain::build(table, order)?;
    let members = chain.members(table.channels.len());
    let (p, v, without) = match by_inverse(&chain, &members)? {
        Some(all) => all,
        None => per_channel(&chain, &members)?,
    };
    let mut conv_effects = Vec::with_capacity(table.channels.len());
    let mut value_effects = Vec::with_capacity(table.channels.len());
    for &(pc, vc) in &without {
        conv_effects.push(effect(p, pc));
        value_effects.push(effect(v, vc));
    }
    let conv_units = chain.conversions.checked_mul(SHARE_UNITS).ok_or(OVERFLOW)?;
    let conv_credit = credit(&conv_effects, conv_units)?;
    let value_credit = credit(&value_effects, chain.value_total)?;
    let scale = table.value_scale;
    let conv = |u: u128| -> Result<Decimal, AttributionError> {
        Ok(one(&to_decimals(&[u], SHARE_PLACES)?)?.normalize())
    };
    let val = |u: u128| -> Result<Decimal, AttributionError> { one(&to_decimals(&[u], scale)?) };
    let mut channels = Vec::with_capacity(table.channels.len());
    for (i, name) in table.channels.iter().enumerate() {
        channels.push(MarkovChannel {
            channel_name: name.clone(),
            removal_effect: conv_effects.get(i).copied().unwrap_or(0.0),
            removal_effect_value: value_effects.get(i).copied().unwrap_or(0.0),
            total_conversions: conv(conv_credit.get(i).copied().unwrap_or(0))?,
            total_conversion_value: val(value_credit.get(i).copied().unwrap_or(0))?,
        });
    }
    channels.sort_by(|a, b| a.channel_name.cmp(&b.channel_name));
    Ok(MarkovResult {
        order,
        states: chain.len(),
        conversion_probability: plain(p),
        channels,
        total_conversions: conv(conv_units)?,
        total_conversion_value: val(chain.value_total)?,
    })
}

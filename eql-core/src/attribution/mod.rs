//! Multi-touch attribution (SPEC §3): which touches, channels, partners and
//! pages earned a conversion, exact to the cent.
//!
//! - `journey.rs`: touches, conversion, ordering and the lookback window
//! - `model.rs`: the model configs (`{"type": "partner_influence", ...}`)
//! - `position.rs`: first / last / linear / U-shaped / 40-40-20 / custom /
//!   W-shaped / full path as weighted slots
//! - `time_decay.rs`: half-life weights via `libm::exp2`
//! - `rational.rs`: exact shares over a common integer denominator
//! - `rounding.rs`: largest remainder to 10 places and to minor units
//! - `rows.rs`: touch and conversion table rows joined on a journey key
//! - `aggregate.rs`: totals by channel, source, partner, asset, campaign
//! - `path_table.rs`, `path_builder.rs`, `heuristic.rs`, `markov.rs`,
//!   `markov_chain.rs`, `markov_solve.rs`, `linalg.rs`: data-driven models
//!   over ChannelAttribution-style path tables
//!
//! See `docs/attribution.md` for each model's 1-, 2- and 3-touch behaviour.

mod aggregate;
mod error;
mod heuristic;
mod journey;
mod linalg;
mod markov;
mod markov_chain;
mod markov_solve;
mod model;
mod path_builder;
mod path_table;
mod position;
mod rational;
mod rounding;
mod rows;
mod time_decay;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use aggregate::{Aggregate, CurrencyTotal, Dimension, KeyTotal, aggregate};
pub use error::AttributionError;
pub use heuristic::{HeuristicChannel, HeuristicResult, heuristic_models};
pub use journey::{Conversion, Excluded, ExclusionReason, Journey, Touch};
pub use markov::{MAX_ORDER, MarkovChannel, MarkovResult, markov_model};
pub use markov_chain::MAX_STATES;
pub use model::AttributionModel;
pub use path_builder::{NO_CHANNEL, PathTableBuilder};
pub use path_table::{MAX_CHANNELS, PathRow, PathSpec, PathTable};
pub use rounding::SHARE_PLACES;
pub use rows::{ConversionRow, TouchCredit, TouchRow, attribute_rows};

use crate::error::from_json_str;
use crate::money::minor_units;
use model::Plan;

/// The default and largest accepted number of touches in one journey.
pub const MAX_TOUCHES: usize = 10_000;

/// Options of an attribution run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributionOptions {
    /// Only touches at most this many days before the conversion count.
    #[serde(default)]
    pub lookback_days: Option<u32>,
    /// Journeys with more touchpoints (before windowing) are rejected
    /// (`attribution.too_many_touches`); at most [`MAX_TOUCHES`].
    #[serde(default = "default_max")]
    pub max_touches: usize,
    /// Registered partners: a touch tagged to one by its link or referrer
    /// is a partner touch even without a `partner_id` (SPEC §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<crate::utm::PartnerRegistry>,
}

fn default_max() -> usize {
    MAX_TOUCHES
}

impl Default for AttributionOptions {
    fn default() -> Self {
        AttributionOptions {
            lookback_days: None,
            max_touches: MAX_TOUCHES,
            registry: None,
        }
    }
}

/// The attribution of one journey: kept touches in time order with their
/// shares (10 places, summing to exactly 1) and credits (currency minor
/// units, summing to exactly the amount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The `type` of the model used.
    pub model: String,
    /// Ids of the kept touches, in time order.
    pub order: Vec<String>,
    /// Input positions of the kept touches, in the same order as `order`.
    pub positions: Vec<usize>,
    /// Touches left out, in input order.
    pub excluded: Vec<Excluded>,
    /// One share per kept touch.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    #[serde(with = "crate::money::decimal_str_vec")]
    pub shares: Vec<Decimal>,
    /// One credit per kept touch.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    #[serde(with = "crate::money::decimal_str_vec")]
    pub credits: Vec<Decimal>,
    /// The conversion amount (equal to the sum of the credits).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub amount: Decimal,
    pub currency: String,
}

/// A validated model with its options, to attribute many journeys.
#[derive(Debug, Clone, PartialEq)]
pub struct Attributor {
    name: &'static str,
    plan: Plan,
    options: AttributionOptions,
}

impl Attributor {
    /// Validate the model (weights, half-life) and options once.
    pub fn new(
        model: &AttributionModel,
        options: AttributionOptions,
    ) -> Result<Self, AttributionError> {
        if options.max_touches > MAX_TOUCHES {
            return Err(AttributionError::TooManyTouches {
                limit: MAX_TOUCHES,
                actual: options.max_touches,
            });
        }
        if let Some(r) = &options.registry {
            r.check()?;
        }
        Ok(Attributor {
            name: model.name(),
            plan: Plan::new(model)?,
            options,
        })
    }

    /// Attribute one journey.
    pub fn attribute(&self, journey: &Journey) -> Result<Attribution, AttributionError> {
        let n = journey.touchpoints.len();
        if n == 0 {
            return Err(AttributionError::EmptyJourney);
        }
        if n > self.options.max_touches {
            return Err(AttributionError::TooManyTouches {
                limit: self.options.max_touches,
                actual: n,
            });
        }
        let conv = &journey.conversion;
        let places = minor_units(&conv.currency)?;
        if conv.amount.is_sign_negative() && !conv.amount.is_zero() {
            return Err(AttributionError::NegativeAmount {
                amount: conv.amount.to_string(),
            });
        }
        let amount_units = rounding::to_units(conv.amount, places).ok_or_else(|| {
            AttributionError::AmountTooPrecise {
                amount: conv.amount.to_string(),
                currency: conv.currency.clone(),
                minor_units: places,
            }
        })?;

        let win = journey::window(journey, self.options.lookback_days);
        let touches: Vec<&Touch> = win
            .kept
            .iter()
            .filter_map(|&i| journey.touchpoints.get(i))
            .collect();
        if touches.is_empty() {
            return Err(AttributionError::NoEligibleTouch {
                excluded: win.excluded.len(),
            });
        }
        let slots = position::slots(&self.plan, &touches, self.options.registry.as_ref());
        let exact = rational::split(touches.len(), &slots)?
            .ok_or(AttributionError::NothingToCredit { model: self.name })?;
        let shares = rounding::apportion(&exact, rounding::SHARE_UNITS)?;
        let credits = rounding::apportion(&exact, amount_units)?;
        Ok(Attribution {
            model: self.name.to_owned(),
            order: touches.iter().map(|t| t.id.clone()).collect(),
            positions: win.kept,
            excluded: win.excluded,
            shares: rounding::to_decimals(&shares, SHARE_PLACES)?,
            credits: rounding::to_decimals(&credits, places)?,
            amount: rounding::to_decimals(&[amount_units], places)?
                .first()
                .copied()
                .unwrap_or(conv.amount),
            currency: conv.currency.clone(),
        })
    }

    /// Attribute a journey given as canonical JSON.
    pub fn attribute_json(&self, json: &str) -> Result<Attribution, AttributionError> {
        let journey: Journey = from_json_str(json).map_err(|e| e.into_input_error())?;
        self.attribute(&journey)
    }
}

/// Attribute one journey with `model` (a convenience over [`Attributor`]).
///
/// ```
/// use eql_core::attribution::{attribute, AttributionModel, AttributionOptions, Journey};
/// let journey: Journey = serde_json::from_str(r#"{
///   "touchpoints": [
///     {"id": "T-1", "at": "2026-09-01T10:00:00Z", "channel": "organic_search"},
///     {"id": "T-2", "at": "2026-09-02T10:00:00Z", "channel": "partner_referral", "partner_id": "P-7"},
///     {"id": "T-3", "at": "2026-09-03T10:00:00Z", "channel": "paid_search"}],
///   "conversion": {"at": "2026-09-30T10:00:00Z", "amount": "1000.00", "currency": "USD"}}"#).unwrap();
/// let a = attribute(&journey, &AttributionModel::partner_influence(), &AttributionOptions::default()).unwrap();
/// let credits: Vec<String> = a.credits.iter().map(|c| c.to_string()).collect();
/// assert_eq!(credits, ["400.00", "200.00", "400.00"]);
/// ```
pub fn attribute(
    journey: &Journey,
    model: &AttributionModel,
    options: &AttributionOptions,
) -> Result<Attribution, AttributionError> {
    Attributor::new(model, options.clone())?.attribute(journey)
}

impl AttributionModel {
    /// Parse a model config from JSON (unknown keys rejected, path in errors).
    pub fn from_json(json: &str) -> Result<Self, AttributionError> {
        from_json_str(json).map_err(|e| AttributionError::Input(e.into_input_error()))
    }
}

//! Totals over many attributed journeys, by channel, source, partner, asset
//! or campaign. Credits are summed exactly (Decimal), per currency, so each
//! currency's key totals add up to its grand total to the last minor unit.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Attribution;
use super::error::AttributionError;
use super::journey::{Journey, Touch};

/// The touch field to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Dimension {
    Channel,
    Source,
    Partner,
    Asset,
    Campaign,
}

impl Dimension {
    fn key(self, t: &Touch) -> Option<&str> {
        match self {
            Dimension::Channel => t.channel.as_deref(),
            Dimension::Source => t.source.as_deref(),
            Dimension::Partner => crate::partner::partner_id(t.partner_id.as_deref()),
            Dimension::Asset => t.asset.as_deref(),
            Dimension::Campaign => t.campaign.as_deref(),
        }
    }
}

/// The total of one key in one currency. `key` is `null` for touches without
/// a value for the dimension (e.g. non-partner touches when grouping by partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KeyTotal {
    pub key: Option<String>,
    pub currency: String,
    /// Sum of the credits.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub credit: Decimal,
    /// Sum of the shares: fractional conversions.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub conversions: Decimal,
    /// Number of kept touches with this key.
    pub touches: usize,
}

/// The grand total of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CurrencyTotal {
    pub currency: String,
    /// Sum of the conversion amounts (= sum of that currency's key credits).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub amount: Decimal,
    /// Number of conversions (= sum of that currency's key conversions).
    pub conversions: usize,
}

/// Totals by key, sorted by currency then key (`null` first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    pub by: Dimension,
    pub totals: Vec<KeyTotal>,
    pub grand_totals: Vec<CurrencyTotal>,
}

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "aggregation",
};

/// Sum attributions (each with the journey it was computed from) by `by`.
pub fn aggregate<'a, I>(items: I, by: Dimension) -> Result<Aggregate, AttributionError>
where
    I: IntoIterator<Item = (&'a Journey, &'a Attribution)>,
{
    let mut keys: BTreeMap<(String, Option<String>), (Decimal, Decimal, usize)> = BTreeMap::new();
    let mut grand: BTreeMap<String, (Decimal, usize)> = BTreeMap::new();
    for (journey, a) in items {
        let aligned = a.positions.len() == a.shares.len() && a.credits.len() == a.shares.len();
        if !aligned {
            return Err(AttributionError::LengthMismatch {
                what: "attribution positions vs credits",
                left: a.positions.len(),
                right: a.credits.len(),
            });
        }
        for ((&pos, &share), &credit) in a.positions.iter().zip(&a.shares).zip(&a.credits) {
            let touch = journey
                .touchpoints
                .get(pos)
                .ok_or(AttributionError::LengthMismatch {
                    what: "attribution position beyond the journey's touchpoints",
                    left: pos,
                    right: journey.touchpoints.len(),
                })?;
            let key = by.key(touch).map(str::to_owned);
            let e =
                keys.entry((a.currency.clone(), key))
                    .or_insert((Decimal::ZERO, Decimal::ZERO, 0));
            e.0 = e.0.checked_add(credit).ok_or(OVERFLOW)?;
            e.1 = e.1.checked_add(share).ok_or(OVERFLOW)?;
            e.2 = e.2.checked_add(1).ok_or(OVERFLOW)?;
        }
        let g = grand
            .entry(a.currency.clone())
            .or_insert((Decimal::ZERO, 0));
        g.0 = g.0.checked_add(a.amount).ok_or(OVERFLOW)?;
        g.1 = g.1.checked_add(1).ok_or(OVERFLOW)?;
    }
    Ok(Aggregate {
        by,
        totals: keys
            .into_iter()
            .map(
                |((currency, key), (credit, conversions, touches))| KeyTotal {
                    key,
                    currency,
                    credit,
                    conversions: conversions.normalize(),
                    touches,
                },
            )
            .collect(),
        grand_totals: grand
            .into_iter()
            .map(|(currency, (amount, conversions))| CurrencyTotal {
                currency,
                amount,
                conversions,
            })
            .collect(),
    })
}

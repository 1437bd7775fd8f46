//! Attribution models as configuration (serde, tagged by `type`), and their
//! validation into integer weights.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::AttributionError;

fn d(num: i64, scale: u32) -> Decimal {
    Decimal::new(num, scale)
}
fn w40() -> Decimal {
    d(4, 1)
}
fn w30() -> Decimal {
    d(3, 1)
}
fn w225() -> Decimal {
    d(225, 3)
}
fn w20() -> Decimal {
    d(2, 1)
}
fn w10() -> Decimal {
    d(1, 1)
}
fn seven() -> f64 {
    7.0
}

/// A position or time model for one journey. Weights are decimal strings and
/// must sum to exactly 1; omitted weights take the documented defaults.
///
/// ```
/// use eql_core::attribution::AttributionModel;
/// let m: AttributionModel = serde_json::from_str(
///     r#"{"type": "partner_influence", "first": "0.4", "last": "0.4", "partner": "0.2"}"#).unwrap();
/// assert_eq!(m, AttributionModel::partner_influence());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum AttributionModel {
    /// All credit to the first touch.
    FirstTouch {},
    /// All credit to the last touch.
    LastTouch {},
    /// Equal credit to every touch.
    Linear {},
    /// U-shaped: `first` and `last`, the rest (1 − first − last) split among
    /// the middle touches (default 40/20/40).
    PositionBased {
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w40", with = "crate::money::decimal_str")]
        first: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w40", with = "crate::money::decimal_str")]
        last: Decimal,
    },
    /// 40 % first, 40 % last, 20 % split among partner touches (SPEC §3).
    PartnerInfluence {
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w40", with = "crate::money::decimal_str")]
        first: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w40", with = "crate::money::decimal_str")]
        last: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w20", with = "crate::money::decimal_str")]
        partner: Decimal,
    },
    /// Weights halve every `half_life_days` before the last touch.
    TimeDecay {
        #[serde(default = "seven")]
        half_life_days: f64,
    },
    /// Free first / middle / last / partner weights (omitted = 0).
    Custom {
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default, with = "crate::money::decimal_str")]
        first: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default, with = "crate::money::decimal_str")]
        middle: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default, with = "crate::money::decimal_str")]
        last: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default, with = "crate::money::decimal_str")]
        partner: Decimal,
    },
    /// W-shaped: first touch, lead creation, opportunity creation 30 % each,
    /// 10 % split among the other touches.
    WShaped {
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w30", with = "crate::money::decimal_str")]
        first: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w30", with = "crate::money::decimal_str")]
        lead_created: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w30", with = "crate::money::decimal_str")]
        opportunity_created: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w10", with = "crate::money::decimal_str")]
        other: Decimal,
    },
    /// Full path: first, lead creation, opportunity creation and last touch
    /// 22.5 % each, 10 % split among the other touches.
    FullPath {
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w225", with = "crate::money::decimal_str")]
        first: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w225", with = "crate::money::decimal_str")]
        lead_created: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w225", with = "crate::money::decimal_str")]
        opportunity_created: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w225", with = "crate::money::decimal_str")]
        last: Decimal,
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        #[serde(default = "w10", with = "crate::money::decimal_str")]
        other: Decimal,
    },
}

impl AttributionModel {
    /// The 40/40/20 partner-influence model.
    pub fn partner_influence() -> Self {
        AttributionModel::PartnerInfluence {
            first: w40(),
            last: w40(),
            partner: w20(),
        }
    }

    /// The `type` tag of this model.
    pub fn name(&self) -> &'static str {
        match self {
            AttributionModel::FirstTouch {} => "first_touch",
            AttributionModel::LastTouch {} => "last_touch",
            AttributionModel::Linear {} => "linear",
            AttributionModel::PositionBased { .. } => "position_based",
            AttributionModel::PartnerInfluence { .. } => "partner_influence",
            AttributionModel::TimeDecay { .. } => "time_decay",
            AttributionModel::Custom { .. } => "custom",
            AttributionModel::WShaped { .. } => "w_shaped",
            AttributionModel::FullPath { .. } => "full_path",
        }
    }
}

/// A validated model: integer weights at one common decimal scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Plan {
    /// First / middle / last / partner weights. A missing middle or partner
    /// share goes half to the first and half to the last touch.
    Positions {
        first: u128,
        middle: u128,
        last: u128,
        partner: u128,
    },
    /// Every touch the same.
    Linear,
    /// Half-life in milliseconds.
    TimeDecay { half_life_ms: f64 },
    /// CRM milestones; `last` is `None` for W-shaped. Missing milestones are
    /// dropped and the remaining weights renormalised.
    Milestones {
        first: u128,
        lead: u128,
        opportunity: u128,
        last: Option<u128>,
        other: u128,
    },
}

impl Plan {
    pub(crate) fn new(model: &AttributionModel) -> Result<Plan, AttributionError> {
        let name = model.name();
        Ok(match model {
            AttributionModel::FirstTouch {} => Plan::Positions {
                first: 1,
                middle: 0,
                last: 0,
                partner: 0,
            },
            AttributionModel::LastTouch {} => Plan::Positions {
                first: 0,
                middle: 0,
                last: 1,
                partner: 0,
            },
            AttributionModel::Linear {} => Plan::Linear,
            AttributionModel::PositionBased { first, last } => {
                let middle = Decimal::ONE
                    .checked_sub(*first)
                    .and_then(|m| m.checked_sub(*last))
                    .ok_or(AttributionError::Overflow {
                        what: "model weights",
                    })?;
                let [first, middle, last] = units(
                    name,
                    [("first", *first), ("middle", middle), ("last", *last)],
                )?;
                Plan::Positions {
                    first,
                    middle,
                    last,
                    partner: 0,
                }
            }
            AttributionModel::PartnerInfluence {
                first,
                last,
                partner,
            } => {
                let [first, last, partner] = units(
                    name,
                    [("first", *first), ("last", *last), ("partner", *partner)],
                )?;
                Plan::Positions {
                    first,
                    middle: 0,
                    last,
                    partner,
                }
            }
            AttributionModel::Custom {
                first,
                middle,
                last,
                partner,
            } => {
                let [first, middle, last, partner] = units(
                    name,
                    [
                        ("first", *first),
                        ("middle", *middle),
                        ("last", *last),
                        ("partner", *partner),
                    ],
                )?;
                Plan::Positions {
                    first,
                    middle,
                    last,
                    partner,
                }
            }
            AttributionModel::TimeDecay { half_life_days } => {
                let ms = half_life_days * 86_400_000.0;
                if !(half_life_days.is_finite() && *half_life_days > 0.0 && ms.is_finite()) {
                    return Err(AttributionError::InvalidHalfLife {
                        value: half_life_days.to_string(),
                    });
                }
                Plan::TimeDecay { half_life_ms: ms }
            }
            AttributionModel::WShaped {
                first,
                lead_created,
                opportunity_created,
                other,
            } => {
                let [first, lead, opportunity, other] = units(
                    name,
                    [
                        ("first", *first),
                        ("lead_created", *lead_created),
                        ("opportunity_created", *opportunity_created),
                        ("other", *other),
                    ],
                )?;
                Plan::Milestones {
                    first,
                    lead,
                    opportunity,
                    last: None,
                    other,
                }
            }
            AttributionModel::FullPath {
                first,
                lead_created,
                opportunity_created,
                last,
                other,
            } => {
                let [first, lead, opportunity, last, other] = units(
                    name,
                    [
                        ("first", *first),
                        ("lead_created", *lead_created),
                        ("opportunity_created", *opportunity_created),
                        ("last", *last),
                        ("other", *other),
                    ],
                )?;
                Plan::Milestones {
                    first,
                    lead,
                    opportunity,
                    last: Some(last),
                    other,
                }
            }
        })
    }
}

/// Check weights (≥ 0, sum exactly 1) and express them as integers at the
/// smallest common scale (`0.4`, `0.2` → `4`, `2`).
fn units<const N: usize>(
    model: &'static str,
    weights: [(&'static str, Decimal); N],
) -> Result<[u128; N], AttributionError> {
    let overflow = AttributionError::Overflow {
        what: "model weights",
    };
    let mut sum = Decimal::ZERO;
    let mut scale = 0;
    for (weight, value) in weights {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AttributionError::NegativeWeight {
                model,
                weight,
                value: value.to_string(),
            });
        }
        sum = sum.checked_add(value).ok_or(overflow.clone())?;
        scale = scale.max(value.normalize().scale());
    }
    if sum != Decimal::ONE {
        return Err(AttributionError::WeightsNotOne {
            model,
            sum: sum.normalize().to_string(),
        });
    }
    let mut out = [0u128; N];
    for (slot, (_, value)) in out.iter_mut().zip(weights) {
        *slot = super::rounding::to_units(value, scale).ok_or(overflow.clone())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> AttributionModel {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn defaults_and_validation() {
        let p = Plan::new(&parse(r#"{"type":"position_based"}"#)).unwrap();
        assert_eq!(
            p,
            Plan::Positions {
                first: 4,
                middle: 2,
                last: 4,
                partner: 0
            }
        );
        let w = Plan::new(&parse(r#"{"type":"full_path"}"#)).unwrap();
        assert_eq!(
            w,
            Plan::Milestones {
                first: 225,
                lead: 225,
                opportunity: 225,
                last: Some(225),
                other: 100
            }
        );
        let bad = Plan::new(&parse(r#"{"type":"custom","first":"0.5","last":"0.4"}"#)).unwrap_err();
        assert_eq!(crate::ErrorCode::code(&bad), "attribution.weights_not_one");
        let neg = Plan::new(&parse(
            r#"{"type":"position_based","first":"0.7","last":"0.4"}"#,
        ))
        .unwrap_err();
        assert_eq!(crate::ErrorCode::code(&neg), "attribution.negative_weight");
        let hl = Plan::new(&parse(r#"{"type":"time_decay","half_life_days":0}"#)).unwrap_err();
        assert_eq!(crate::ErrorCode::code(&hl), "attribution.invalid_half_life");
    }

    #[test]
    fn unknown_keys_and_types_are_rejected() {
        assert!(
            serde_json::from_str::<AttributionModel>(r#"{"type":"linear","first":"1"}"#).is_err()
        );
        assert!(
            serde_json::from_str::<AttributionModel>(
                r#"{"type":"partner_influence","frist":"0.4"}"#
            )
            .is_err()
        );
        assert!(serde_json::from_str::<AttributionModel>(r#"{"type":"shapley"}"#).is_err());
        assert!(
            serde_json::from_str::<AttributionModel>(r#"{"type":"custom","first":0.5}"#).is_err()
        );
    }
}

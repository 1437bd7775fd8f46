//! Opportunity amounts in the report currency, split over the lead's touches
//! by the report's attribution model, so that partner and page totals add up
//! to the attributed total exactly.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::error::ReportError;
use super::input::{Opportunity, ReportLead};
use crate::attribution::{AttributionError, Attributor, Conversion, Journey, Touch};
use crate::partner::partner_id;

/// The credit one touch earned from one opportunity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Credit<'a> {
    pub partner_id: Option<&'a str>,
    pub asset: Option<&'a str>,
    pub amount: Decimal,
}

/// An opportunity whose lead had no touch inside the attribution window:
/// its whole amount goes to the lead's sourcing partner (or to no partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub opportunity: String,
    /// `attribution.empty_journey` or `attribution.no_eligible_touch`.
    pub reason: String,
}

/// `amount` in `to`, rounded half away from zero to `places`.
pub(crate) fn convert(
    record: &str,
    amount: Decimal,
    from: &str,
    to: &str,
    rates: &BTreeMap<String, Decimal>,
    places: u32,
) -> Result<Decimal, ReportError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(ReportError::NegativeAmount {
            record: record.to_owned(),
            amount: amount.to_string(),
        });
    }
    let rate = if from.eq_ignore_ascii_case(to) {
        Decimal::ONE
    } else {
        *rates.get(from).ok_or_else(|| ReportError::MissingFxRate {
            record: record.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
        })?
    };
    amount
        .checked_mul(rate)
        .map(|v| v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero))
        .ok_or(ReportError::Overflow {
            what: "fx conversion",
        })
}

/// Split `amount` (already in `currency`) over the lead's touches.
pub(crate) fn split<'a>(
    attributor: &Attributor,
    opp: &Opportunity,
    lead: &'a ReportLead,
    amount: Decimal,
    currency: &str,
) -> Result<(Vec<Credit<'a>>, Option<Fallback>), ReportError> {
    let journey = Journey {
        touchpoints: lead.touchpoints.clone(),
        conversion: Conversion {
            at: opp.created_at,
            amount,
            currency: currency.to_owned(),
        },
    };
    match attributor.attribute(&journey) {
        Ok(a) => {
            let credits = a
                .positions
                .iter()
                .zip(&a.credits)
                .filter_map(|(&i, &c)| lead.touchpoints.get(i).map(|t| credit(t, c)))
                .collect();
            Ok((credits, None))
        }
        Err(e @ (AttributionError::EmptyJourney | AttributionError::NoEligibleTouch { .. })) => {
            let whole = Credit {
                partner_id: partner_id(lead.partner_id.as_deref()),
                asset: None,
                amount,
            };
            let fallback = Fallback {
                opportunity: opp.id.clone(),
                reason: crate::error::ErrorCode::code(&e).to_owned(),
            };
            Ok((vec![whole], Some(fallback)))
        }
        Err(source) => Err(ReportError::Attribution {
            opportunity: opp.id.clone(),
            source,
        }),
    }
}

fn credit(t: &Touch, amount: Decimal) -> Credit<'_> {
    Credit {
        partner_id: partner_id(t.partner_id.as_deref()),
        asset: t.asset.as_deref(),
        amount,
    }
}

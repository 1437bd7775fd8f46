//! Journeys from table rows: touch rows and conversion rows joined on a
//! journey key, attributed, one result per touch row in input order.
//!
//! This is the join every table-shaped caller (DataFrames, the CLI, Spark)
//! shares, with its errors: a touch without a key, a journey without a
//! conversion or with two. A journey with an unreadable touch or an
//! attribution error gives that error on every one of its rows. A
//! conversion that no touch joins (a deal with no tracked touch, or no key)
//! gets a row of its own after the touch rows, with its error, so its
//! revenue is visibly unattributed rather than gone: nothing is dropped.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rust_decimal::Decimal;

use super::error::AttributionError;
use super::journey::{Conversion, ExclusionReason, Journey, Touch};
use super::{Attribution, Attributor};
use crate::error::InputError;

/// One row of a touchpoint table: its journey key and the touch read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct TouchRow {
    pub journey: Option<String>,
    pub touch: Result<Touch, InputError>,
}

/// One row of a conversion table.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversionRow {
    pub journey: Option<String>,
    pub conversion: Result<Conversion, InputError>,
}

/// What one touch row gets: its credit, why it was left out, or the error
/// of its journey. Rows after the touch rows stand for conversions no touch
/// joins (`touch_id` and `conversion_row` tell them apart).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TouchCredit {
    pub journey: Option<String>,
    /// The touch's id (absent when the row could not be read).
    pub touch_id: Option<String>,
    /// Inside the window (`None` on error).
    pub kept: Option<bool>,
    pub excluded: Option<ExclusionReason>,
    /// Share of the conversion, 10 places.
    pub share: Option<Decimal>,
    /// Credit in the currency's minor units.
    pub credit: Option<Decimal>,
    pub currency: Option<String>,
    pub error: Option<AttributionError>,
    /// For a conversion no touch joins: its row in the conversion table.
    pub conversion_row: Option<usize>,
}

/// The join of the two tables (see the module doc): one result per touch
/// row, in order, then one per conversion row that no touch joins
/// (`attribution.empty_journey`, or `input.missing_journey` without a key).
/// `column` names the journey key in errors.
///
/// ```
/// use eql_core::attribution::{AttributionModel, Attributor, ConversionRow, TouchRow, attribute_rows};
/// let touch = |id: &str, at: &str| serde_json::from_str(&format!(r#"{{"id": "{id}", "at": "{at}", "partner_id": "P-1"}}"#)).unwrap();
/// let a = Attributor::new(&AttributionModel::partner_influence(), Default::default()).unwrap();
/// let touches = vec![
///     TouchRow { journey: Some("J".into()), touch: Ok(touch("a", "2026-10-01T00:00:00Z")) },
///     TouchRow { journey: Some("J".into()), touch: Ok(touch("b", "2026-10-02T00:00:00Z")) },
/// ];
/// let conv = serde_json::from_str(r#"{"at": "2026-10-03T00:00:00Z", "amount": "100.00", "currency": "USD"}"#).unwrap();
/// let out = attribute_rows(&a, touches, vec![ConversionRow { journey: Some("J".into()), conversion: Ok(conv) }], "journey_id").unwrap();
/// assert_eq!(out[0].credit.unwrap().to_string(), "50.00");
/// ```
pub fn attribute_rows(
    attributor: &Attributor,
    touches: Vec<TouchRow>,
    conversions: Vec<ConversionRow>,
    column: &str,
) -> Result<Vec<TouchCredit>, InputError> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in touches.iter().enumerate() {
        if let Some(k) = &t.journey {
            groups
                .entry(k.as_str())
                .or_insert_with(|| {
                    order.push(k.as_str());
                    Vec::new()
                })
                .push(i);
        }
    }
    let mut conv: HashMap<&str, Result<&Conversion, AttributionError>> = HashMap::new();
    let mut unjoined = Vec::new();
    for (row, c) in conversions.iter().enumerate() {
        let Some(k) = c.journey.as_deref().filter(|k| groups.contains_key(k)) else {
            let error = match &c.journey {
                None => InputError::MissingJourney {
                    table: "conversions",
                    column: column.into(),
                    row,
                }
                .into(),
                Some(_) => AttributionError::EmptyJourney,
            };
            unjoined.push(TouchCredit {
                journey: c.journey.clone(),
                error: Some(error),
                conversion_row: Some(row),
                ..TouchCredit::default()
            });
            continue;
        };
        let parsed = c.conversion.as_ref().map_err(|e| e.clone().into());
        match conv.entry(k) {
            Entry::Occupied(mut e) => {
                let dup = InputError::DuplicateConversion {
                    journey: k.to_owned(),
                };
                // The first conversion is replaced by the error on purpose.
                let _first = e.insert(Err(dup.into()));
            }
            Entry::Vacant(e) => {
                e.insert(parsed);
            }
        }
    }

    let mut out: Vec<TouchCredit> = touches
        .iter()
        .enumerate()
        .map(|(row, t)| TouchCredit {
            journey: t.journey.clone(),
            touch_id: t.touch.as_ref().ok().map(|t| t.id.clone()),
            error: match (&t.journey, &t.touch) {
                (None, _) => Some(
                    InputError::MissingJourney {
                        table: "touchpoints",
                        column: column.into(),
                        row,
                    }
                    .into(),
                ),
                (_, Err(e)) => Some(e.clone().into()),
                _ => None,
            },
            ..TouchCredit::default()
        })
        .collect();

    for k in order {
        let Some(members) = groups.get(k) else {
            continue;
        };
        let result = journey_result(attributor, k, members, &touches, &out, conv.get(k));
        fill(&mut out, members, result);
    }
    out.extend(unjoined);
    Ok(out)
}

/// Attribute one journey, or the error all its rows get.
fn journey_result(
    attributor: &Attributor,
    key: &str,
    members: &[usize],
    touches: &[TouchRow],
    out: &[TouchCredit],
    conversion: Option<&Result<&Conversion, AttributionError>>,
) -> Result<Attribution, AttributionError> {
    if let Some(e) = members
        .iter()
        .find_map(|&i| out.get(i).and_then(|o| o.error.clone()))
    {
        return Err(e);
    }
    let conversion = match conversion {
        None => {
            return Err(InputError::MissingConversion {
                journey: key.to_owned(),
            }
            .into());
        }
        Some(Err(e)) => return Err(e.clone()),
        Some(Ok(c)) => (*c).clone(),
    };
    let journey = Journey {
        touchpoints: members
            .iter()
            .filter_map(|&i| touches.get(i).and_then(|t| t.touch.as_ref().ok()).cloned())
            .collect(),
        conversion,
    };
    attributor.attribute(&journey)
}

fn fill(out: &mut [TouchCredit], members: &[usize], result: Result<Attribution, AttributionError>) {
    match result {
        Err(e) => {
            for &i in members {
                if let Some(slot) = out.get_mut(i) {
                    slot.error.get_or_insert_with(|| e.clone());
                }
            }
        }
        Ok(a) => {
            for &i in members {
                if let Some(slot) = out.get_mut(i) {
                    slot.kept = Some(false);
                    slot.currency = Some(a.currency.clone());
                }
            }
            for ((&pos, share), credit) in a.positions.iter().zip(&a.shares).zip(&a.credits) {
                if let Some(slot) = members.get(pos).and_then(|&i| out.get_mut(i)) {
                    slot.kept = Some(true);
                    slot.share = Some(*share);
                    slot.credit = Some(*credit);
                }
            }
            for ex in &a.excluded {
                if let Some(slot) = members.get(ex.index).and_then(|&i| out.get_mut(i)) {
                    slot.excluded = Some(ex.why);
                }
            }
        }
    }
}

//! Weighted round-robin over segmented queues, lowest counter wins.
//!
//! A lead goes to the first queue (in config order) whose `regions` and
//! `product_lines` match it (an empty list matches anything; comparison
//! ignores ASCII case). Within the queue each rep has a counter
//! `assignments / weight`; the eligible rep with the lowest counter wins, ties
//! go to the rep listed first (LeanData style). Inactive reps and reps whose
//! open leads reached their `capacity` are skipped and keep their counters.
//! Counters are compared exactly (cross-multiplied in `u128`), never as floats.
//!
//! The rotation lives in [`RoutingState`], a plain serde value the caller
//! stores and passes back: [`route`] is pure and returns the next state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::{Rep, RoutingConfig};
use super::error::RoutingError;
use crate::error::from_json_str;
use crate::lead::Lead;

/// The rotation state the caller stores between calls.
///
/// `assignments[queue][rep]` counts the leads each rep got from each queue;
/// `open[rep]` counts the rep's open leads (across queues) for the capacity
/// check: [`route`] adds one, [`RoutingState::release`] takes one off when a
/// lead is closed or reassigned, and the caller may also set it from the CRM.
/// Entries for queues or reps no longer in the config are kept and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutingState {
    #[serde(default)]
    pub assignments: BTreeMap<String, BTreeMap<String, u64>>,
    #[serde(default)]
    pub open: BTreeMap<String, u32>,
}

impl RoutingState {
    /// Read a stored state from JSON.
    pub fn from_json(text: &str) -> Result<RoutingState, RoutingError> {
        from_json_str(text).map_err(|f| RoutingError::from_serde("routing state", f))
    }

    /// One open lead of `rep` was closed or reassigned (never below 0).
    pub fn release(&mut self, rep: &str) {
        if let Some(n) = self.open.get_mut(rep) {
            *n = n.saturating_sub(1);
        }
    }
}

/// What routing needs to know about a lead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadFacts {
    pub lead_id: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub product_line: Option<String>,
}

impl LeadFacts {
    /// The lead's id, `company.region` and the string `custom.product_line`.
    pub fn from_lead(lead: &Lead) -> LeadFacts {
        LeadFacts {
            lead_id: lead.id.clone(),
            region: lead.company.as_ref().and_then(|c| c.region.clone()),
            product_line: lead
                .custom
                .get("product_line")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
        }
    }
}

/// Why a rep was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    Inactive,
    AtCapacity,
}

/// A rep passed over for a lead, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkippedRep {
    pub rep_id: String,
    pub reason: SkipReason,
}

/// Why a lead could not be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnassignedReason {
    /// No queue takes the lead's region and product line.
    NoMatchingQueue,
    /// Every rep of the matching queue is inactive or at capacity (see `skipped`).
    NoEligibleRep,
}

/// The result of routing one lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Assignment {
    Assigned {
        lead_id: String,
        queue_id: String,
        rep_id: String,
        skipped: Vec<SkippedRep>,
    },
    Unassigned {
        lead_id: String,
        queue_id: Option<String>,
        reason: UnassignedReason,
        skipped: Vec<SkippedRep>,
    },
}

impl Assignment {
    /// The chosen rep, if any.
    pub fn rep_id(&self) -> Option<&str> {
        match self {
            Assignment::Assigned { rep_id, .. } => Some(rep_id),
            Assignment::Unassigned { .. } => None,
        }
    }
}

/// Route one lead: validate the config, pick the rep, return the next state.
///
/// An unassigned lead leaves the state unchanged.
///
/// ```
/// use eql_core::routing::{LeadFacts, RoutingConfig, RoutingState, route};
///
/// let config = RoutingConfig::from_json(r#"{"queues": [{"id": "emea",
///     "regions": ["EMEA"], "reps": [{"id": "ana", "weight": 2}, {"id": "bo"}]}]}"#).unwrap();
/// let lead = LeadFacts { lead_id: "L-1".into(), region: Some("EMEA".into()), product_line: None };
/// let mut state = RoutingState::default();
/// let mut reps = Vec::new();
/// for _ in 0..6 {
///     let (assignment, next) = route(&config, &state, &lead).unwrap();
///     reps.push(assignment.rep_id().unwrap().to_owned());
///     state = next;
/// }
/// assert_eq!(reps, ["ana", "bo", "ana", "ana", "bo", "ana"]);
/// ```
pub fn route(
    config: &RoutingConfig,
    state: &RoutingState,
    lead: &LeadFacts,
) -> Result<(Assignment, RoutingState), RoutingError> {
    config.validate()?;
    let mut next = state.clone();
    let assignment = route_validated(config, &mut next, lead)?;
    Ok((assignment, next))
}

/// Route many leads in order with one validation, each seeing the state the
/// previous one left; returns one result per lead, in input order, and the
/// final state. A lead that fails (only `routing.counter_overflow`) leaves
/// the state unchanged and the batch goes on.
///
/// ```
/// use eql_core::routing::{LeadFacts, RoutingConfig, RoutingState, route_batch};
///
/// let config = RoutingConfig::from_json(
///     r#"{"queues": [{"id": "all", "reps": [{"id": "ana"}, {"id": "bo"}]}]}"#).unwrap();
/// let leads: Vec<LeadFacts> = (1..=3)
///     .map(|i| LeadFacts { lead_id: format!("L-{i}"), ..LeadFacts::default() })
///     .collect();
/// let (results, state) = route_batch(&config, &RoutingState::default(), &leads).unwrap();
/// let reps: Vec<_> = results.iter().map(|r| r.as_ref().unwrap().rep_id().unwrap()).collect();
/// assert_eq!(reps, ["ana", "bo", "ana"]);
/// assert_eq!(state.open["ana"], 2);
/// ```
pub fn route_batch(
    config: &RoutingConfig,
    state: &RoutingState,
    leads: &[LeadFacts],
) -> Result<(Vec<Result<Assignment, RoutingError>>, RoutingState), RoutingError> {
    config.validate()?;
    let mut next = state.clone();
    let results = leads
        .iter()
        .map(|lead| route_validated(config, &mut next, lead))
        .collect();
    Ok((results, next))
}

/// Route one lead with an already validated config, updating `state` in
/// place (untouched when the lead is unassigned or on error).
fn route_validated(
    config: &RoutingConfig,
    state: &mut RoutingState,
    lead: &LeadFacts,
) -> Result<Assignment, RoutingError> {
    let Some(queue) = config.queue_for(lead) else {
        return Ok(Assignment::Unassigned {
            lead_id: lead.lead_id.clone(),
            queue_id: None,
            reason: UnassignedReason::NoMatchingQueue,
            skipped: Vec::new(),
        });
    };
    let counters = state.assignments.get(&queue.id);
    let count_of = |rep: &Rep| counters.and_then(|c| c.get(&rep.id)).copied().unwrap_or(0);

    let mut skipped = Vec::new();
    // (rep, assignments) of the best eligible rep so far.
    let mut best: Option<(&Rep, u64)> = None;
    for rep in &queue.reps {
        if !rep.active {
            skipped.push(SkippedRep {
                rep_id: rep.id.clone(),
                reason: SkipReason::Inactive,
            });
            continue;
        }
        let open = state.open.get(&rep.id).copied().unwrap_or(0);
        if rep.capacity.is_some_and(|cap| open >= cap) {
            skipped.push(SkippedRep {
                rep_id: rep.id.clone(),
                reason: SkipReason::AtCapacity,
            });
            continue;
        }
        let count = count_of(rep);
        let better = match best {
            None => true,
            // count / weight < best_count / best_weight, exactly; a tie keeps the earlier rep.
            Some((b, b_count)) => {
                u128::from(count).saturating_mul(u128::from(b.weight))
                    < u128::from(b_count).saturating_mul(u128::from(rep.weight))
            }
        };
        if better {
            best = Some((rep, count));
        }
    }

    let Some((rep, count)) = best else {
        return Ok(Assignment::Unassigned {
            lead_id: lead.lead_id.clone(),
            queue_id: Some(queue.id.clone()),
            reason: UnassignedReason::NoEligibleRep,
            skipped,
        });
    };

    let overflow = || RoutingError::CounterOverflow {
        queue: queue.id.clone(),
        rep: rep.id.clone(),
    };
    // Check both counters before changing either, so an error leaves the state as it was.
    let new_count = count.checked_add(1).ok_or_else(overflow)?;
    let new_open = state
        .open
        .get(&rep.id)
        .copied()
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(overflow)?;
    state
        .assignments
        .entry(queue.id.clone())
        .or_default()
        .insert(rep.id.clone(), new_count);
    state.open.insert(rep.id.clone(), new_open);

    Ok(Assignment::Assigned {
        lead_id: lead.lead_id.clone(),
        queue_id: queue.id.clone(),
        rep_id: rep.id.clone(),
        skipped,
    })
}

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

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::error::RoutingError;
use crate::error::from_json_str;
use crate::lead::Lead;

/// At most this many queues in one config.
pub const MAX_QUEUES: usize = 1_000;
/// At most this many reps in one queue.
pub const MAX_REPS_PER_QUEUE: usize = 10_000;

/// Queues tried in order; the first that matches a lead routes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingConfig {
    pub queues: Vec<Queue>,
}

/// A round-robin pool for one segment (region and/or product line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub id: String,
    /// Regions this queue takes (e.g. `EMEA`); empty = any region.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Product lines this queue takes; empty = any product line.
    #[serde(default)]
    pub product_lines: Vec<String>,
    /// The reps in pool order (ties go to the earlier rep).
    pub reps: Vec<Rep>,
}

/// A rep in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rep {
    pub id: String,
    /// Share of the rotation: a rep of weight 2 gets twice the leads of a
    /// rep of weight 1. Default 1; 0 is rejected (`routing.zero_weight`).
    #[serde(default = "one")]
    pub weight: u32,
    /// Inactive reps (holiday, left the team) are skipped. Default true.
    #[serde(default = "yes")]
    pub active: bool,
    /// Most open leads the rep may hold; `None` = no limit. Compared with
    /// the rep's count in [`RoutingState::open`].
    #[serde(default)]
    pub capacity: Option<u32>,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

impl Default for Rep {
    fn default() -> Self {
        Rep {
            id: String::new(),
            weight: 1,
            active: true,
            capacity: None,
        }
    }
}

/// The rotation state the caller stores between calls.
///
/// `assignments[queue][rep]` counts the leads each rep got from each queue;
/// `open[rep]` counts the rep's open leads (across queues) for the capacity
/// check: [`route`] adds one, [`RoutingState::release`] takes one off when a
/// lead is closed or reassigned, and the caller may also set it from the CRM.
/// Entries for queues or reps no longer in the config are kept and ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    Inactive,
    AtCapacity,
}

/// A rep passed over for a lead, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRep {
    pub rep_id: String,
    pub reason: SkipReason,
}

/// Why a lead could not be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

impl RoutingConfig {
    /// Read and validate a config from JSON.
    pub fn from_json(text: &str) -> Result<RoutingConfig, RoutingError> {
        let config: RoutingConfig =
            from_json_str(text).map_err(|f| RoutingError::from_serde("routing config", f))?;
        config.validate()?;
        Ok(config)
    }

    /// Reject configs that cannot route sensibly: no queues, empty or
    /// duplicate ids, queues without reps, reps of weight 0, over the limits.
    pub fn validate(&self) -> Result<(), RoutingError> {
        if self.queues.is_empty() {
            return Err(RoutingError::NoQueues);
        }
        if self.queues.len() > MAX_QUEUES {
            return Err(RoutingError::TooLarge {
                what: "queues".into(),
                limit: MAX_QUEUES,
                actual: self.queues.len(),
            });
        }
        let mut queue_ids = HashSet::new();
        for (qi, queue) in self.queues.iter().enumerate() {
            if queue.id.is_empty() {
                return Err(RoutingError::EmptyId {
                    what: "queue",
                    index: qi,
                });
            }
            if !queue_ids.insert(queue.id.as_str()) {
                return Err(RoutingError::DuplicateQueue {
                    queue: queue.id.clone(),
                });
            }
            if queue.reps.is_empty() {
                return Err(RoutingError::EmptyQueue {
                    queue: queue.id.clone(),
                });
            }
            if queue.reps.len() > MAX_REPS_PER_QUEUE {
                return Err(RoutingError::TooLarge {
                    what: format!("queue `{}` reps", queue.id),
                    limit: MAX_REPS_PER_QUEUE,
                    actual: queue.reps.len(),
                });
            }
            let mut rep_ids = HashSet::new();
            for (ri, rep) in queue.reps.iter().enumerate() {
                if rep.id.is_empty() {
                    return Err(RoutingError::EmptyId {
                        what: "rep",
                        index: ri,
                    });
                }
                if !rep_ids.insert(rep.id.as_str()) {
                    return Err(RoutingError::DuplicateRep {
                        queue: queue.id.clone(),
                        rep: rep.id.clone(),
                    });
                }
                if rep.weight == 0 {
                    return Err(RoutingError::ZeroWeight {
                        queue: queue.id.clone(),
                        rep: rep.id.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The first queue that takes this lead.
    pub fn queue_for(&self, lead: &LeadFacts) -> Option<&Queue> {
        self.queues.iter().find(|q| {
            matches(&q.regions, lead.region.as_deref())
                && matches(&q.product_lines, lead.product_line.as_deref())
        })
    }
}

/// An empty list takes anything; otherwise the value must be listed.
fn matches(allowed: &[String], value: Option<&str>) -> bool {
    if allowed.is_empty() {
        return true;
    }
    value.is_some_and(|v| {
        allowed
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(v.trim()))
    })
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
    let Some(queue) = config.queue_for(lead) else {
        let unassigned = Assignment::Unassigned {
            lead_id: lead.lead_id.clone(),
            queue_id: None,
            reason: UnassignedReason::NoMatchingQueue,
            skipped: Vec::new(),
        };
        return Ok((unassigned, state.clone()));
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
        let unassigned = Assignment::Unassigned {
            lead_id: lead.lead_id.clone(),
            queue_id: Some(queue.id.clone()),
            reason: UnassignedReason::NoEligibleRep,
            skipped,
        };
        return Ok((unassigned, state.clone()));
    };

    let overflow = || RoutingError::CounterOverflow {
        queue: queue.id.clone(),
        rep: rep.id.clone(),
    };
    let mut next = state.clone();
    let new_count = count.checked_add(1).ok_or_else(overflow)?;
    next.assignments
        .entry(queue.id.clone())
        .or_default()
        .insert(rep.id.clone(), new_count);
    let open = next.open.entry(rep.id.clone()).or_insert(0);
    *open = open.checked_add(1).ok_or_else(overflow)?;

    let assignment = Assignment::Assigned {
        lead_id: lead.lead_id.clone(),
        queue_id: queue.id.clone(),
        rep_id: rep.id.clone(),
        skipped,
    };
    Ok((assignment, next))
}

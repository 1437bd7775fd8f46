//! Routing configuration: queues segmented by region and/or product line,
//! weighted reps, and its validation.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::error::RoutingError;
use super::round_robin::LeadFacts;
use crate::error::from_json_str;

/// At most this many queues in one config.
pub const MAX_QUEUES: usize = 1_000;
/// At most this many reps in one queue.
pub const MAX_REPS_PER_QUEUE: usize = 10_000;

/// Queues tried in order; the first that matches a lead routes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutingConfig {
    pub queues: Vec<Queue>,
}

/// A round-robin pool for one segment (region and/or product line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

//! Staleness (SPEC §4): records untouched for more than N days before
//! `as_of` are archive-or-merge candidates.
//!
//! "Touched" is the latest of `updated_at`, `created_at`, and the times of
//! the record's events and touchpoints, counting only instants at or before
//! `as_of` (a future timestamp says nothing about activity as of `as_of`). A
//! record with no timestamp at all is a candidate too (`no_timestamp`); one
//! whose timestamps all lie after `as_of` did not exist yet and is skipped.

use std::collections::HashMap;

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::lead_key;
use crate::lead::Lead;
use crate::time::Instant;

/// When a record counts as stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaleConfig {
    /// Days without a touch after which a record is stale (strictly more
    /// than this many days). Default 30.
    #[serde(default = "default_days")]
    pub max_age_days: u32,
}

fn default_days() -> u32 {
    30
}

impl Default for StaleConfig {
    fn default() -> Self {
        StaleConfig {
            max_age_days: default_days(),
        }
    }
}

/// Why a record is a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StaleReason {
    /// Last touched more than `max_age_days` before `as_of`.
    Untouched,
    /// The record has no timestamp at or before `as_of`.
    NoTimestamp,
}

/// What to do with a stale record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Suggestion {
    /// Another record in the batch has the same dedup key: merge into it.
    Merge,
    /// No duplicate in the batch: archive.
    Archive,
}

/// A stale record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaleRecord {
    /// Input position.
    pub index: usize,
    pub id: String,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::time::rfc3339_option")]
    pub last_touched: Option<Instant>,
    /// Whole days between the last touch and `as_of`.
    pub age_days: Option<i64>,
    pub reason: StaleReason,
    pub suggestion: Suggestion,
}

/// The last touch of `lead` at or before `as_of`.
pub fn last_touched(lead: &Lead, as_of: Instant) -> Option<Instant> {
    lead.updated_at
        .into_iter()
        .chain(lead.created_at)
        .chain(lead.events.iter().map(|e| e.at))
        .chain(lead.touchpoints.iter().map(|t| t.at))
        .filter(|t| *t <= as_of)
        .max()
}

fn has_any_timestamp(lead: &Lead) -> bool {
    lead.updated_at.is_some()
        || lead.created_at.is_some()
        || !lead.events.is_empty()
        || !lead.touchpoints.is_empty()
}

/// Every stale record of `leads`, in input order.
///
/// ```
/// use eql_core::{Lead, hygiene::{StaleConfig, stale_candidates}, time::parse_instant};
/// let old = Lead::from_json(r#"{"id": "A", "updated_at": "2026-08-01T00:00:00Z"}"#).unwrap();
/// let new = Lead::from_json(r#"{"id": "B", "updated_at": "2026-10-01T00:00:00Z"}"#).unwrap();
/// let as_of = parse_instant("2026-10-15T00:00:00Z").unwrap();
/// let stale = stale_candidates(&[old, new], as_of, StaleConfig::default());
/// assert_eq!(stale.len(), 1);
/// assert_eq!(stale[0].id, "A");
/// assert_eq!(stale[0].age_days, Some(75));
/// ```
pub fn stale_candidates(leads: &[Lead], as_of: Instant, config: StaleConfig) -> Vec<StaleRecord> {
    let limit = TimeDelta::try_days(i64::from(config.max_age_days)).unwrap_or(TimeDelta::MAX);
    let keys: Vec<Option<String>> = leads
        .iter()
        .map(|l| lead_key(l).ok().map(|k| k.to_string()))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        let n = counts.entry(k.as_str()).or_insert(0);
        *n = n.saturating_add(1);
    }
    let mut out = Vec::new();
    for (index, (lead, key)) in leads.iter().zip(&keys).enumerate() {
        let last = last_touched(lead, as_of);
        if last.is_none() && has_any_timestamp(lead) {
            continue;
        }
        let age = last.map(|t| as_of.signed_duration_since(t));
        let reason = match age {
            None => StaleReason::NoTimestamp,
            Some(a) if a > limit => StaleReason::Untouched,
            Some(_) => continue,
        };
        let duplicated = key
            .as_deref()
            .and_then(|k| counts.get(k))
            .is_some_and(|n| *n > 1);
        out.push(StaleRecord {
            index,
            id: lead.id.clone(),
            last_touched: last,
            age_days: age.map(|a| a.num_days()),
            reason,
            suggestion: if duplicated {
                Suggestion::Merge
            } else {
                Suggestion::Archive
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn boundaries_and_suggestions() {
        let as_of = parse_instant("2026-10-31T00:00:00Z").unwrap();
        let leads: Vec<Lead> = [
            r#"{"id": "exactly-30", "email": "a@acme.com", "updated_at": "2026-10-01T00:00:00Z"}"#,
            r#"{"id": "31", "email": "b@acme.com", "updated_at": "2026-09-30T00:00:00Z"}"#,
            r#"{"id": "old-but-event", "updated_at": "2026-01-01T00:00:00Z", "events": [{"type": "x", "at": "2026-10-30T00:00:00Z"}]}"#,
            r#"{"id": "future-only", "updated_at": "2026-12-01T00:00:00Z"}"#,
            r#"{"id": "no-time"}"#,
            r#"{"id": "lonely", "email": "c@other.com", "created_at": "2026-01-01T00:00:00Z"}"#,
        ]
        .iter()
        .map(|j| Lead::from_json(j).unwrap())
        .collect();
        let s = stale_candidates(&leads, as_of, StaleConfig::default());
        let got: Vec<(&str, StaleReason, Suggestion)> = s
            .iter()
            .map(|r| (r.id.as_str(), r.reason, r.suggestion))
            .collect();
        assert_eq!(
            got,
            [
                ("31", StaleReason::Untouched, Suggestion::Merge),
                ("no-time", StaleReason::NoTimestamp, Suggestion::Archive),
                ("lonely", StaleReason::Untouched, Suggestion::Archive),
            ]
        );
    }
}

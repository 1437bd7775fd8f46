//! Merge (SPEC §4): group records by dedup key, pick a survivor, fill its
//! empty fields from the others, list conflicts, and keep lineage.
//!
//! **Survivor policy**, first difference wins:
//! 1. most complete: the most non-empty fields (every leaf of `email`,
//!    `company.*`, `partner.*` and `custom.*` counts one);
//! 2. most recently updated (`updated_at`; a record without it is oldest);
//! 3. input order (the earlier record).
//!
//! Then the other members, in the same order, fill every field the survivor
//! leaves empty (absent, null, `""`, `[]`, `{}`). Where two members hold
//! different non-empty values, the first in policy order is kept and the field
//! is listed in `conflicts` with every member's value (strings compare after
//! trimming, ignoring case). `created_at` becomes the earliest and
//! `updated_at` the latest of the group (never conflicts); touchpoints (by
//! id) and events are unioned and ordered by time.
//!
//! **Lineage**: every input record is a member of exactly one group, records
//! that cannot be keyed (no or invalid email) included: each is a group of
//! its own with `key: null` and the error code in `key_error`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::dedup::DedupKey;
use super::error::HygieneError;
use super::lead_key;
use crate::error::ErrorCode;
use crate::lead::{Event, Lead, Touchpoint};

/// Most records one merge call takes.
pub const MAX_BATCH: usize = 100_000;

/// `custom` objects nested deeper than this are compared as one value.
const MAX_DEPTH: usize = 16;

/// The result of [`merge`]: groups in order of their first member.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergeReport {
    pub groups: Vec<MergeGroup>,
}

/// One group of records that share a dedup key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergeGroup {
    /// The shared key; `null` for a record that could not be keyed.
    pub key: Option<DedupKey>,
    /// Why the record could not be keyed (an error code such as `email.invalid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_error: Option<&'static str>,
    /// The survivor's id (the merged record keeps it).
    pub survivor: String,
    /// Input positions of the members, in input order.
    pub members: Vec<usize>,
    /// Ids of the members, in input order (lineage).
    pub member_ids: Vec<String>,
    /// The merged record.
    pub merged: Lead,
    /// Field path (`company.name`, `custom.segment`) → id of the record its
    /// value came from.
    pub provenance: BTreeMap<String, String>,
    /// Fields where members disagree.
    pub conflicts: Vec<Conflict>,
}

/// A field with different non-empty values in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conflict {
    pub field: String,
    /// The id whose value was kept.
    pub kept_from: String,
    /// Every member's non-empty value, in survivor-policy order.
    pub values: Vec<FieldValue>,
}

/// One record's value of a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldValue {
    pub id: String,
    pub value: Value,
}

/// Group `leads` by [`lead_key`] and merge each group.
///
/// ```
/// use eql_core::{Lead, hygiene::merge};
/// let a = Lead::from_json(r#"{"id": "A", "email": "ana@acme.co.uk", "partner": {"id": "P-7"}}"#).unwrap();
/// let b = Lead::from_json(r#"{"id": "B", "email": "bob@eu.acme.co.uk",
///     "partner": {"id": "P-7", "program_tier": "gold"}}"#).unwrap();
/// let report = merge(&[a, b]).unwrap();
/// assert_eq!(report.groups.len(), 1);
/// let g = &report.groups[0];
/// assert_eq!(g.survivor, "B"); // more complete
/// assert_eq!(g.member_ids, ["A", "B"]);
/// ```
pub fn merge(leads: &[Lead]) -> Result<MergeReport, HygieneError> {
    if leads.len() > MAX_BATCH {
        return Err(HygieneError::TooLarge {
            limit: MAX_BATCH,
            actual: leads.len(),
        });
    }
    // Group in order of first appearance; unkeyable records stand alone.
    let mut groups: Vec<(Option<DedupKey>, Option<&'static str>, Vec<usize>)> = Vec::new();
    let mut by_key: HashMap<DedupKey, usize> = HashMap::new();
    for (i, lead) in leads.iter().enumerate() {
        match lead_key(lead) {
            Ok(key) => match by_key.get(&key) {
                Some(&g) => {
                    if let Some(group) = groups.get_mut(g) {
                        group.2.push(i);
                    }
                }
                None => {
                    by_key.insert(key.clone(), groups.len());
                    groups.push((Some(key), None, vec![i]));
                }
            },
            Err(e) => groups.push((None, Some(e.code()), vec![i])),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(key, key_error, members)| merge_group(leads, key, key_error, members))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MergeReport { groups })
}

struct Member<'a> {
    index: usize,
    lead: &'a Lead,
    leaves: Vec<(Vec<String>, Value)>,
}

fn merge_group(
    leads: &[Lead],
    key: Option<DedupKey>,
    key_error: Option<&'static str>,
    members: Vec<usize>,
) -> Result<MergeGroup, HygieneError> {
    let mut ordered: Vec<Member<'_>> = members
        .iter()
        .filter_map(|&index| {
            leads.get(index).map(|lead| Member {
                index,
                lead,
                leaves: leaves_of(lead),
            })
        })
        .collect();
    ordered.sort_by(|a, b| {
        b.leaves
            .len()
            .cmp(&a.leaves.len())
            .then_with(|| b.lead.updated_at.cmp(&a.lead.updated_at))
            .then_with(|| a.index.cmp(&b.index))
    });
    let survivor = ordered
        .first()
        .map(|m| m.lead.id.clone())
        .unwrap_or_default();

    let mut kept: BTreeMap<Vec<String>, (Value, String)> = BTreeMap::new();
    let mut all: BTreeMap<Vec<String>, Vec<FieldValue>> = BTreeMap::new();
    for m in &ordered {
        for (path, value) in &m.leaves {
            all.entry(path.clone()).or_default().push(FieldValue {
                id: m.lead.id.clone(),
                value: value.clone(),
            });
            kept.entry(path.clone())
                .or_insert_with(|| (value.clone(), m.lead.id.clone()));
        }
    }
    let conflicts = all
        .into_iter()
        .filter_map(|(path, values)| {
            let first = values.first()?;
            let kept_from = first.id.clone();
            let differs = values.iter().any(|v| !same(&v.value, &first.value));
            differs.then(|| Conflict {
                field: path.join("."),
                kept_from,
                values,
            })
        })
        .collect();

    let mut provenance: BTreeMap<String, String> = kept
        .iter()
        .map(|(path, (_, id))| (path.join("."), id.clone()))
        .collect();
    let mut root = Map::new();
    root.insert("id".into(), Value::String(survivor.clone()));
    for (path, (value, _)) in kept {
        insert_path(&mut root, &path, value);
    }
    let mut merged = Lead::from_value(Value::Object(root)).map_err(|e| HygieneError::Rebuild {
        id: survivor.clone(),
        message: e.to_string(),
    })?;

    let earliest = ordered
        .iter()
        .filter_map(|m| m.lead.created_at.map(|t| (t, &m.lead.id)))
        .min_by_key(|(t, _)| *t);
    if let Some((t, id)) = earliest {
        merged.created_at = Some(t);
        provenance.insert("created_at".into(), id.clone());
    }
    let latest = ordered
        .iter()
        .filter_map(|m| m.lead.updated_at.map(|t| (t, &m.lead.id)))
        .max_by_key(|(t, _)| *t);
    if let Some((t, id)) = latest {
        merged.updated_at = Some(t);
        provenance.insert("updated_at".into(), id.clone());
    }
    // Hash sets keep the union linear however many touches a group carries.
    let mut touchpoints: Vec<Touchpoint> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut seen_touch: HashSet<&str> = HashSet::new();
    let mut seen_event = HashSet::new();
    for m in &ordered {
        for t in &m.lead.touchpoints {
            if seen_touch.insert(t.id.as_str()) {
                touchpoints.push(t.clone());
            }
        }
        for e in &m.lead.events {
            if seen_event.insert((e.kind.as_str(), e.at, e.active, e.partner_id.as_deref())) {
                events.push(e.clone());
            }
        }
    }
    touchpoints.sort_by_key(|t| t.at);
    events.sort_by_key(|e| e.at);
    merged.touchpoints = touchpoints;
    merged.events = events;

    let mut members_sorted = members;
    members_sorted.sort_unstable();
    let member_ids = members_sorted
        .iter()
        .filter_map(|&i| leads.get(i).map(|l| l.id.clone()))
        .collect();
    Ok(MergeGroup {
        key,
        key_error,
        survivor,
        members: members_sorted,
        member_ids,
        merged,
        provenance,
        conflicts,
    })
}

/// The non-empty leaves of the mergeable fields, by path.
fn leaves_of(lead: &Lead) -> Vec<(Vec<String>, Value)> {
    let mut out = Vec::new();
    let Ok(Value::Object(map)) = serde_json::to_value(lead) else {
        return out;
    };
    for (k, v) in map {
        if matches!(
            k.as_str(),
            "id" | "created_at" | "updated_at" | "touchpoints" | "events"
        ) {
            continue;
        }
        flatten(vec![k], v, 0, &mut out);
    }
    out
}

fn flatten(path: Vec<String>, value: Value, depth: usize, out: &mut Vec<(Vec<String>, Value)>) {
    match value {
        Value::Object(map) if depth < MAX_DEPTH && !map.is_empty() => {
            for (k, v) in map {
                let mut p = path.clone();
                p.push(k);
                flatten(p, v, depth.saturating_add(1), out);
            }
        }
        v if is_empty(&v) => {}
        v => out.push((path, v)),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Equal for merge purposes: strings trimmed and case-folded, the rest exact.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.trim().to_lowercase() == y.trim().to_lowercase(),
        _ => a == b,
    }
}

fn insert_path(root: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = root;
    for p in parents {
        let entry = node
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else {
            return;
        };
        node = next;
    }
    node.insert(last.clone(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(json: &str) -> Lead {
        Lead::from_json(json).unwrap()
    }

    #[test]
    fn survivor_fill_conflicts_provenance() {
        let a = lead(
            r#"{"id": "A", "email": "ana@acme.co.uk", "updated_at": "2026-10-01T00:00:00Z",
            "company": {"name": "Acme"}, "partner": {"id": "P-7", "program_tier": "gold"}}"#,
        );
        let b = lead(
            r#"{"id": "B", "email": "bob@eu.acme.co.uk", "updated_at": "2026-10-05T00:00:00Z",
            "company": {"name": "ACME Ltd"}, "partner": {"id": "P-7", "source": "reseller"}}"#,
        );
        let c = lead(r#"{"id": "C", "email": "x@gmail.com"}"#);
        let d = lead(r#"{"id": "D"}"#);
        let r = merge(&[a, b, c, d]).unwrap();
        assert_eq!(r.groups.len(), 3);
        let g = &r.groups[0];
        // A and B are equally complete; B is more recent.
        assert_eq!(g.survivor, "B");
        assert_eq!(g.members, [0, 1]);
        assert_eq!(g.merged.id, "B");
        let p = g.merged.partner.as_ref().unwrap();
        assert_eq!(p.program_tier.as_deref(), Some("gold"));
        assert_eq!(p.source.as_deref(), Some("reseller"));
        assert_eq!(g.provenance["partner.program_tier"], "A");
        assert_eq!(g.provenance["partner.source"], "B");
        assert_eq!(g.provenance["updated_at"], "B");
        let fields: Vec<&str> = g.conflicts.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["company.name", "email"]);
        assert_eq!(
            g.merged.company.as_ref().unwrap().name.as_deref(),
            Some("ACME Ltd")
        );
        assert_eq!(r.groups[2].key, None);
        assert_eq!(r.groups[2].key_error, Some("email.invalid"));
        assert_eq!(r.groups[2].member_ids, ["D"]);
    }

    #[test]
    fn touchpoints_and_events_are_unioned() {
        let a = lead(
            r#"{"id": "A", "email": "a@x.com", "touchpoints": [{"id": "T1", "at": "2026-10-02T00:00:00Z"}],
            "events": [{"type": "demo_request", "at": "2026-10-02T00:00:00Z"}]}"#,
        );
        let b = lead(
            r#"{"id": "B", "email": "b@x.com", "touchpoints": [{"id": "T0", "at": "2026-10-01T00:00:00Z"},
            {"id": "T1", "at": "2026-10-02T00:00:00Z"}],
            "events": [{"type": "demo_request", "at": "2026-10-02T00:00:00Z"}]}"#,
        );
        let g = &merge(&[a, b]).unwrap().groups[0];
        let ids: Vec<&str> = g.merged.touchpoints.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["T0", "T1"]);
        assert_eq!(g.merged.events.len(), 1);
    }
}

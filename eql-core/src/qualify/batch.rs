//! Many leads in one call, and the compact result: what a lead list in a web
//! app or a DataFrame needs (stage, points, evidence, missing fields) without
//! the explanation texts, which cost more than the scoring. The explained
//! form stays one option away, and the compact form is exactly its
//! projection (`Qualification::compact`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::compile::CompiledModel;
use super::evaluate::{ScoreOptions, Stage, Verdict};
use super::evidence::EvidenceKind;
use super::explain::Qualification;
use super::points::Points;
use crate::error::{ErrorCode, InputError};
use crate::lead::Lead;
use crate::time::Instant;

/// The compact result of scoring one lead (the columns of the table form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scored {
    pub lead_id: String,
    pub stage: Stage,
    pub fit: Points,
    pub intent: Points,
    pub total: Points,
    /// Whether the buying-signal gate passed; `null` when the model has none.
    pub buying_signal: Option<bool>,
    pub ecosystem_evidence: Vec<EvidenceKind>,
    /// Fields the fit rules read and the lead lacks (sorted, unique).
    pub missing: Vec<String>,
    pub model_fingerprint: String,
}

/// Options of a batch: [`ScoreOptions`] plus the form of the results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ManyOptions {
    /// Score even when `as_of` is outside the model's effective window.
    pub allow_outside_window: bool,
    /// The explained form (contributions, reasons, summary) instead of the
    /// compact one.
    pub explain: bool,
}

/// Why one lead of a batch has no result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

/// One lead's place in a batch: its result, or its error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[non_exhaustive]
pub enum Item {
    Scored(Scored),
    Explained(Box<Qualification>),
    Failed { error: Failure },
}

fn failed<E: ErrorCode + std::fmt::Display>(e: &E) -> Item {
    Item::Failed {
        error: Failure {
            code: e.code(),
            message: e.to_string(),
        },
    }
}

impl Qualification {
    /// The compact form of this result.
    pub fn compact(&self) -> Scored {
        Scored {
            lead_id: self.lead_id.clone(),
            stage: self.stage,
            fit: self.fit,
            intent: self.intent,
            total: self.total,
            buying_signal: self.buying_signal,
            ecosystem_evidence: self.ecosystem_evidence.clone(),
            missing: self.missing.clone(),
            model_fingerprint: self.model_fingerprint.clone(),
        }
    }
}

impl CompiledModel {
    /// The fields the fit rules read and the lead lacks, sorted and unique,
    /// from a verdict.
    pub fn missing_fields(&self, v: &Verdict) -> Vec<String> {
        let mut out: Vec<String> = self
            .model
            .fit
            .rules
            .iter()
            .zip(&v.outcomes)
            .filter(|(_, o)| o.missing)
            .map(|(r, _)| r.field.trim().to_owned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Score one lead into the compact form (no explanation texts).
    ///
    /// ```
    /// use eql_core::{Lead, ScoreOptions, presets, time::parse_instant};
    /// let model = presets::eql_default().compile().unwrap();
    /// let lead = Lead::from_json(r#"{"id": "L-1", "company": {"employees": 500}}"#).unwrap();
    /// let at = parse_instant("2026-10-15T12:00:00Z").unwrap();
    /// let s = model.score_compact(&lead, at, ScoreOptions::default()).unwrap();
    /// assert_eq!(s, model.score(&lead, at, ScoreOptions::default()).unwrap().compact());
    /// ```
    pub fn score_compact(
        &self,
        lead: &Lead,
        as_of: Instant,
        opts: ScoreOptions,
    ) -> Result<Scored, super::QualifyError> {
        let v = self.evaluate(lead, as_of, opts)?;
        Ok(Scored {
            lead_id: lead.id.clone(),
            stage: v.stage,
            fit: v.fit,
            intent: v.intent,
            total: v.total,
            buying_signal: v.buying_signal,
            ecosystem_evidence: v.evidence.kinds(),
            missing: self.missing_fields(&v),
            model_fingerprint: self.fingerprint.clone(),
        })
    }

    /// Score a JSON array of leads: one item per element, in order — the
    /// result, or the error of that lead (an unreadable element included).
    /// Only text that is not a JSON array is an error for the whole call.
    ///
    /// ```
    /// use eql_core::{presets, qualify::{Item, ManyOptions}, time::parse_instant};
    /// let model = presets::eql_default().compile().unwrap();
    /// let at = parse_instant("2026-10-15T12:00:00Z").unwrap();
    /// let items = model.score_many_json(r#"[{"id": "a"}, {"id": "b", "compnay": {}}]"#, at, ManyOptions::default()).unwrap();
    /// assert!(matches!(items[0], Item::Scored(_)));
    /// assert!(matches!(&items[1], Item::Failed { error } if error.code == "input.unknown_key"));
    /// ```
    pub fn score_many_json(
        &self,
        leads: &str,
        as_of: Instant,
        opts: ManyOptions,
    ) -> Result<Vec<Item>, InputError> {
        let score = ScoreOptions {
            allow_outside_window: opts.allow_outside_window,
        };
        let one = |i: usize, lead: Result<Lead, InputError>| -> Item {
            let lead = match lead {
                Ok(l) => l,
                Err(e) => return failed(&crate::lead::prefix_path(e, &format!("[{i}]"))),
            };
            let item = if opts.explain {
                self.score(&lead, as_of, score)
                    .map(|q| Item::Explained(Box::new(q)))
            } else {
                self.score_compact(&lead, as_of, score).map(Item::Scored)
            };
            item.unwrap_or_else(|e| failed(&e))
        };
        // Fast path: the list is read and scored in one streaming pass,
        // without tracking paths (the same `Deserialize`, so the same
        // acceptance), each lead dropped before the next is read. If any
        // element does not read, every element is read again on its own,
        // with its path, so one bad lead costs only its own result.
        let mut items = Vec::new();
        let mut de = serde_json::Deserializer::from_str(leads);
        let stream = Stream(&mut |l: Lead| {
            let i = items.len();
            items.push(one(i, l.check_limits().map(|()| l)));
        });
        if serde::de::DeserializeSeed::deserialize(stream, &mut de).is_ok() && de.end().is_ok() {
            return Ok(items);
        }
        let raw: Vec<&RawValue> = serde_json::from_str(leads).map_err(|e| InputError::Invalid {
            path: "$".into(),
            message: format!("expected a JSON array of leads: {e}"),
        })?;
        Ok(raw
            .iter()
            .enumerate()
            .map(|(i, r)| one(i, Lead::from_json(r.get())))
            .collect())
    }
}

/// A JSON array of leads handed to a callback element by element.
struct Stream<'f>(&'f mut dyn FnMut(Lead));

impl<'de> serde::de::DeserializeSeed<'de> for Stream<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Stream<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of leads")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(lead) = seq.next_element::<Lead>()? {
            (self.0)(lead);
        }
        Ok(())
    }
}

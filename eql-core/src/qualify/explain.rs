//! The readable result: every rule's contribution with a reason a sales rep
//! and an auditor can read.

use serde::{Deserialize, Serialize};

use super::compile::{CompiledModel, EventTest};
use super::error::QualifyError;
use super::evaluate::{RuleOutcome, ScoreOptions, Stage, Verdict};
use super::evidence::EvidenceKind;
use super::field;
use super::points::Points;
use crate::lead::Lead;
use crate::time::{Instant, SECONDS_PER_DAY};

/// Which part of the model a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    Fit,
    Intent,
    Disqualify,
}

impl Category {
    /// The wire name (`"fit"`, `"intent"`, `"disqualify"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Fit => "fit",
            Category::Intent => "intent",
            Category::Disqualify => "disqualify",
        }
    }
}

/// One rule's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub rule_id: String,
    pub category: Category,
    /// Points earned (before the category cap); 0 for disqualify rules.
    pub points: Points,
    pub matched: bool,
    pub why: String,
}

/// The full, explained result of qualifying one lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    pub lead_id: String,
    pub model_id: String,
    pub model_version: String,
    pub model_fingerprint: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub as_of: Instant,
    pub stage: Stage,
    /// Fit score after the cap.
    pub fit: Points,
    /// Intent score after the cap.
    pub intent: Points,
    pub total: Points,
    pub threshold: Points,
    /// Whether the buying-signal gate passed; `null` when the model has none.
    pub buying_signal: Option<bool>,
    pub ecosystem_evidence: Vec<EvidenceKind>,
    /// Fit, intent and disqualify rules in model order.
    pub contributions: Vec<Contribution>,
    /// Fields the fit rules read and the lead lacks (sorted, unique).
    pub missing: Vec<String>,
    /// Reasons of every matching disqualify rule, in model order.
    pub disqualify_reasons: Vec<String>,
    /// One sentence: the stage and why.
    pub summary: String,
}

impl CompiledModel {
    /// Score and explain one lead.
    ///
    /// ```
    /// use eql_core::{Lead, ScoreOptions, Stage, presets, time::parse_instant};
    /// let model = presets::eql_default().compile().unwrap();
    /// let lead = Lead::from_json(r#"{"id": "L-1", "company": {"employees": 500}}"#).unwrap();
    /// let q = model.score(&lead, parse_instant("2026-10-15T12:00:00Z").unwrap(), ScoreOptions::default()).unwrap();
    /// assert_eq!(q.stage, Stage::Unqualified);
    /// assert_eq!(q.fit.to_string(), "15");
    /// ```
    pub fn score(
        &self,
        lead: &Lead,
        as_of: Instant,
        opts: ScoreOptions,
    ) -> Result<Qualification, QualifyError> {
        let verdict = self.evaluate(lead, as_of, opts)?;
        Ok(self.explain(lead, as_of, &verdict))
    }

    /// Turn a verdict into the readable result.
    pub fn explain(&self, lead: &Lead, as_of: Instant, v: &Verdict) -> Qualification {
        let m = &self.model;
        let mut outcomes = v.outcomes.iter();
        let mut contributions = Vec::with_capacity(v.outcomes.len());
        let mut missing = Vec::new();
        for (src, rule) in m.fit.rules.iter().zip(&self.fit) {
            let o = outcomes.next().copied().unwrap_or_default();
            let value = field::get(lead, &rule.field);
            if o.missing {
                missing.push(src.field.trim().to_owned());
            }
            let verb = if o.matched {
                "matches"
            } else {
                "does not match"
            };
            let operand = if src.value.is_null() {
                String::new()
            } else {
                format!(" {}", src.value)
            };
            let why = format!(
                "{} is {}: {verb} {}{operand}",
                src.field.trim(),
                value.display(),
                src.op
            );
            contributions.push(Contribution {
                rule_id: src.id.clone(),
                category: Category::Fit,
                points: o.points,
                matched: o.matched,
                why,
            });
        }
        for (src, rule) in m.intent.rules.iter().zip(&self.intent) {
            let o = outcomes.next().copied().unwrap_or_default();
            contributions.push(Contribution {
                rule_id: src.id.clone(),
                category: Category::Intent,
                points: o.points,
                matched: o.matched,
                why: intent_why(rule, &o),
            });
        }
        let mut reasons = Vec::new();
        for (src, rule) in m.disqualify.iter().zip(&self.disqualify) {
            let o = outcomes.next().copied().unwrap_or_default();
            let reason = src.reason.clone().unwrap_or_else(|| src.id.clone());
            let value = field::get(lead, &rule.field);
            let why = if o.matched {
                format!(
                    "{} is {}: disqualified ({reason})",
                    src.field.trim(),
                    value.display()
                )
            } else {
                format!(
                    "{} is {}: not disqualifying",
                    src.field.trim(),
                    value.display()
                )
            };
            if o.matched {
                reasons.push(reason);
            }
            contributions.push(Contribution {
                rule_id: src.id.clone(),
                category: Category::Disqualify,
                points: Points::ZERO,
                matched: o.matched,
                why,
            });
        }
        missing.sort();
        missing.dedup();
        let evidence = v.evidence.kinds();
        let summary = summary(self, v, &evidence, &reasons);
        Qualification {
            lead_id: lead.id.clone(),
            model_id: m.id.clone(),
            model_version: m.version.clone(),
            model_fingerprint: self.fingerprint.clone(),
            as_of,
            stage: v.stage,
            fit: v.fit,
            intent: v.intent,
            total: v.total,
            threshold: self.threshold,
            buying_signal: v.buying_signal,
            ecosystem_evidence: evidence,
            contributions,
            missing,
            disqualify_reasons: reasons,
            summary,
        }
    }
}

fn days(secs: i64) -> String {
    let d = rust_decimal::Decimal::from(secs)
        .checked_div(rust_decimal::Decimal::from(SECONDS_PER_DAY))
        .unwrap_or_default();
    d.round_dp(1).normalize().to_string()
}

fn intent_why(rule: &EventTest, o: &RuleOutcome) -> String {
    let window = rule.within_secs.map_or_else(
        || "at any time".to_owned(),
        |w| format!("within {} days", days(w)),
    );
    match (o.count, o.newest_age_secs) {
        (0, _) | (_, None) => format!("no {} {window}", rule.event),
        (n, Some(age)) if o.matched => format!(
            "{n} × {} {window} (newest {} days old)",
            rule.event,
            days(age)
        ),
        (n, Some(_)) => format!("{n} × {} {window}; needs {}", rule.event, rule.min_count),
    }
}

fn summary(
    m: &CompiledModel,
    v: &Verdict,
    evidence: &[EvidenceKind],
    reasons: &[String],
) -> String {
    let score = format!(
        "{} (fit {} + intent {}) against threshold {}",
        v.total, v.fit, v.intent, m.threshold
    );
    match v.stage {
        Stage::Disqualified => format!("disqualified: {}", reasons.join(", ")),
        Stage::Eql if evidence.is_empty() => {
            format!("EQL: {score}; evidence not required by this model")
        }
        Stage::Eql => {
            let kinds: Vec<&str> = evidence.iter().map(|k| k.as_str()).collect();
            format!("EQL: {score}, ecosystem evidence: {}", kinds.join(", "))
        }
        Stage::Mql => format!("MQL: {score}, but no ecosystem evidence"),
        Stage::Unqualified if v.buying_signal == Some(false) && v.total >= m.threshold => {
            format!("unqualified: {score}, but no buying signal")
        }
        Stage::Unqualified => format!("unqualified: {score}"),
    }
}

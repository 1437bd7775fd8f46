//! The scoring model as data (SPEC §2): the form users write in TOML or JSON.
//!
//! This is the *source* form. `compile` (in `compile.rs`) validates it and
//! turns it into a `CompiledModel` for scoring many leads.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error::ModelError;
use crate::error::{SerdeFailure, from_json_str, from_json_value};

/// Default EQL threshold.
pub const DEFAULT_THRESHOLD: i64 = 70;
/// Default fit cap.
pub const DEFAULT_FIT_CAP: i64 = 40;
/// Default intent cap.
pub const DEFAULT_INTENT_CAP: i64 = 60;

/// A versioned scoring model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoringModel {
    pub id: String,
    pub version: String,
    /// First day the model is in force (UTC).
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    #[serde(with = "crate::wire::date")]
    pub effective_from: NaiveDate,
    /// Last day the model is in force (UTC, inclusive); defaults to the end
    /// of the quarter that contains `effective_from`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    #[serde(
        default,
        with = "crate::wire::date_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_until: Option<NaiveDate>,
    #[serde(default = "default_threshold")]
    pub threshold: i64,
    #[serde(default)]
    pub fit: FitSection,
    #[serde(default)]
    pub intent: IntentSection,
    #[serde(default)]
    pub ecosystem: EcosystemSection,
    /// The BANT gate; absent = no gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buying_signal: Option<BuyingSignal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disqualify: Vec<DisqualifyRule>,
}

fn default_threshold() -> i64 {
    DEFAULT_THRESHOLD
}

/// Fit rules and their cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FitSection {
    #[serde(default = "default_fit_cap")]
    pub cap: i64,
    #[serde(default)]
    pub rules: Vec<FieldRule>,
}

fn default_fit_cap() -> i64 {
    DEFAULT_FIT_CAP
}

impl Default for FitSection {
    fn default() -> Self {
        FitSection {
            cap: DEFAULT_FIT_CAP,
            rules: Vec::new(),
        }
    }
}

/// Intent rules and their cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IntentSection {
    #[serde(default = "default_intent_cap")]
    pub cap: i64,
    #[serde(default)]
    pub rules: Vec<IntentRule>,
}

fn default_intent_cap() -> i64 {
    DEFAULT_INTENT_CAP
}

impl Default for IntentSection {
    fn default() -> Self {
        IntentSection {
            cap: DEFAULT_INTENT_CAP,
            rules: Vec::new(),
        }
    }
}

/// A rule that tests one lead field: `company.employees between [200, 5000]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    pub id: String,
    /// Dotted path such as `company.employees` or `custom.segment`.
    pub field: String,
    /// Operator name (`eq`, `in`, `between`, ...); checked by `compile`.
    pub op: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub value: Value,
    /// Integer points, negative allowed.
    pub points: i64,
}

/// A rule that tests events: `demo_request within 30 days`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IntentRule {
    pub id: String,
    /// Event type to count.
    pub event: String,
    pub points: i64,
    /// Only events 0 ≤ age ≤ this many days before `as_of` count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u32>,
    /// At least this many matching events are needed (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u32>,
    /// Points decay as points × 2^(−age/half_life).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<f64>,
    /// Award points for every matching event instead of once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_event: bool,
    /// With `per_event`: at most this many events earn points (the newest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// A rule that disqualifies a lead whatever its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisqualifyRule {
    pub id: String,
    pub field: String,
    pub op: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub value: Value,
    /// Reason reported when the rule matches; defaults to the rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Which evidence makes a lead "ecosystem" (SPEC §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EcosystemSection {
    /// When false, a lead that clears the score and the gate is an EQL even
    /// without evidence (the evidence is still reported).
    #[serde(default = "yes")]
    pub required_for_eql: bool,
    /// Partner sources that count as a partner referral.
    #[serde(default = "default_sources")]
    pub accepted_partner_sources: Vec<String>,
    /// A partner referral counts only when `partner.confirmed` is true.
    #[serde(default)]
    pub require_partner_confirmation: bool,
}

fn yes() -> bool {
    true
}

/// The partner sources accepted by default.
pub fn default_sources() -> Vec<String> {
    [
        "implementation_partner",
        "technology_partner",
        "integration_marketplace",
        "co_marketing",
        "referral_program",
    ]
    .map(String::from)
    .to_vec()
}

impl Default for EcosystemSection {
    fn default() -> Self {
        EcosystemSection {
            required_for_eql: true,
            accepted_partner_sources: default_sources(),
            require_partner_confirmation: false,
        }
    }
}

/// The BANT buying-signal gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BuyingSignal {
    /// At least one of these events must have happened at or before `as_of`.
    #[serde(default = "default_signals")]
    pub require_any: Vec<String>,
}

/// The buying signals required by default.
pub fn default_signals() -> Vec<String> {
    ["demo_request", "budget_confirmed", "use_case_documented"]
        .map(String::from)
        .to_vec()
}

impl Default for BuyingSignal {
    fn default() -> Self {
        BuyingSignal {
            require_any: default_signals(),
        }
    }
}

impl ScoringModel {
    /// Parse a model from JSON; unknown keys are errors that name the path.
    pub fn from_json(text: &str) -> Result<ScoringModel, ModelError> {
        from_json_str(text).map_err(model_error)
    }

    /// Parse a model from TOML (same schema as JSON).
    ///
    /// ```
    /// let m = eql_core::ScoringModel::from_toml(r#"
    /// id = "m"
    /// version = "1"
    /// effective_from = 2026-10-01
    /// [[fit.rules]]
    /// id = "fit.size"
    /// field = "company.employees"
    /// op = "gte"
    /// value = 200
    /// points = 20
    /// "#).unwrap();
    /// assert_eq!(m.fit.rules.len(), 1);
    /// assert_eq!(m.threshold, 70);
    /// ```
    pub fn from_toml(text: &str) -> Result<ScoringModel, ModelError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| ModelError::Parse {
            format: "toml",
            path: "$".into(),
            message: e.to_string().trim().replace('\n', " "),
        })?;
        from_json_value(toml_to_json(toml::Value::Table(table))).map_err(model_error)
    }

    /// Parse JSON or TOML, by the first non-blank character.
    pub fn parse(text: &str) -> Result<ScoringModel, ModelError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// The last day in force: explicit, or the end of the starting quarter.
    pub fn effective_until_or_default(&self) -> NaiveDate {
        self.effective_until
            .unwrap_or_else(|| quarter_end(self.effective_from))
    }

    /// The model with every default made explicit: its canonical form.
    pub fn normalized(&self) -> ScoringModel {
        let mut m = self.clone();
        m.effective_until = Some(self.effective_until_or_default());
        m
    }

    /// A stable hash of the canonical form (`sha256:` + hex).
    ///
    /// The canonical form is the normalised model as JSON with sorted keys,
    /// so re-serialising a model, or writing it in TOML instead of JSON,
    /// keeps its fingerprint.
    pub fn fingerprint(&self) -> String {
        let canonical = serde_json::to_value(self.normalized())
            .map(|v| v.to_string())
            .unwrap_or_default();
        let digest = Sha256::digest(canonical.as_bytes());
        let mut out = String::from("sha256:");
        for b in digest {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

fn model_error(f: SerdeFailure) -> ModelError {
    if let Some(key) = f.unknown_key() {
        return ModelError::UnknownKey { path: f.path, key };
    }
    ModelError::Parse {
        format: "json",
        path: f.path,
        message: f.message,
    }
}

/// The last day of the quarter containing `d`.
pub fn quarter_end(d: NaiveDate) -> NaiveDate {
    let y = d.year();
    let (y, m) = match d.month() {
        1..=3 => (y, 4),
        4..=6 => (y, 7),
        7..=9 => (y, 10),
        _ => (y.saturating_add(1), 1),
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|first_next| first_next.pred_opt())
        .unwrap_or(d)
}

/// TOML → JSON, with TOML dates written as the canonical date strings.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

//! Errors of scoring models and of scoring.

use thiserror::Error;

use crate::error::{ErrorCode, InputError};

/// A scoring model that cannot be used; every variant names the rule or key.
// Serialised untagged (just the fields): bindings show them as details.
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ModelError {
    #[error("cannot parse model ({format}) at `{path}`: {message}")]
    Parse {
        format: &'static str,
        path: String,
        message: String,
    },
    #[error("unknown key `{key}` at `{path}`")]
    UnknownKey { path: String, key: String },
    #[error("rule `{rule}`: unknown operator `{op}` on `{field}`")]
    UnknownOperator {
        rule: String,
        field: String,
        op: String,
    },
    #[error(
        "rule `{rule}`: unknown field `{field}` (known: id, email, created_at, updated_at, company.*, partner.*, custom.*)"
    )]
    UnknownField { rule: String, field: String },
    #[error("rule `{rule}`: `{op}` on `{field}` needs {expected}")]
    TypeMismatch {
        rule: String,
        field: String,
        op: String,
        expected: String,
    },
    #[error("rule `{rule}`: `{op}` on `{field}` has an empty list")]
    EmptyList {
        rule: String,
        field: String,
        op: String,
    },
    /// A rule setting with a bad value; `field` is the lead field of a fit or
    /// disqualify rule whose operand (`key` = `value`) is wrong.
    #[error("rule `{rule}`: invalid `{key}`{}: {message}", on_field(.field.as_deref()))]
    InvalidValue {
        rule: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
        key: String,
        message: String,
    },
    #[error("duplicate rule id `{rule}`")]
    DuplicateRuleId { rule: String },
    #[error("threshold {threshold} is above the sum of the caps ({caps}): no lead could qualify")]
    ThresholdAboveCaps { threshold: i64, caps: i64 },
    #[error("invalid `{key}`: {message}")]
    InvalidSetting { key: String, message: String },
    #[error("effective_until {until} is before effective_from {from}")]
    InvalidWindow { from: String, until: String },
    #[error("model `{id}`: versions `{a}` and `{b}` have overlapping effective windows")]
    OverlappingWindows { id: String, a: String, b: String },
    #[error("model `{id}` has no version in force at {at}")]
    NotInForce { id: String, at: String },
    #[error("`{what}` has {actual} entries; the limit is {limit}")]
    TooLarge {
        what: String,
        limit: usize,
        actual: usize,
    },
}

fn on_field(field: Option<&str>) -> String {
    field.map(|f| format!(" on `{f}`")).unwrap_or_default()
}

impl ErrorCode for ModelError {
    fn code(&self) -> &'static str {
        match self {
            ModelError::Parse { .. } => "model.parse",
            ModelError::UnknownKey { .. } => "model.unknown_key",
            ModelError::UnknownOperator { .. } => "model.unknown_operator",
            ModelError::UnknownField { .. } => "model.unknown_field",
            ModelError::TypeMismatch { .. } => "model.type_mismatch",
            ModelError::EmptyList { .. } => "model.empty_list",
            ModelError::InvalidValue { .. } => "model.invalid_value",
            ModelError::DuplicateRuleId { .. } => "model.duplicate_rule_id",
            ModelError::ThresholdAboveCaps { .. } => "model.threshold_above_caps",
            ModelError::InvalidSetting { .. } => "model.invalid_setting",
            ModelError::InvalidWindow { .. } => "model.invalid_window",
            ModelError::OverlappingWindows { .. } => "model.overlapping_windows",
            ModelError::NotInForce { .. } => "model.not_in_force",
            ModelError::TooLarge { .. } => "model.too_large",
        }
    }
}

/// Scoring a lead failed.
// Serialised untagged (just the fields): bindings show them as details.
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum QualifyError {
    #[error(
        "model `{id}` version `{version}` is in force {from}..={until}, not at {as_of}; pass allow_outside_window to score anyway"
    )]
    OutsideWindow {
        id: String,
        version: String,
        from: String,
        until: String,
        as_of: String,
    },
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("lead `{lead}`: {source}")]
    Input { lead: String, source: InputError },
}

impl ErrorCode for QualifyError {
    fn code(&self) -> &'static str {
        match self {
            QualifyError::OutsideWindow { .. } => "qualify.outside_window",
            QualifyError::Model(e) => e.code(),
            QualifyError::Input { source, .. } => source.code(),
        }
    }
}

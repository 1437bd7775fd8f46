//! Validation (SPEC §4): mandatory fields, every violation at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::HygieneError;
use super::lead_key;
use crate::error::ErrorCode;
use crate::lead::fields::is_custom_path;
use crate::lead::{FieldSpec, FieldType, Lead};

/// What a valid record must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValidationConfig {
    /// Dotted paths that must be present and non-empty (not null, `""`, `[]`
    /// or `{}`). Default: `partner.source`, `partner.program_tier`,
    /// `partner.referral_date`.
    #[serde(default = "default_mandatory")]
    pub mandatory: Vec<String>,
    /// Also report an email that is present but cannot be keyed (default true).
    #[serde(default = "default_true")]
    pub check_email: bool,
}

fn default_mandatory() -> Vec<String> {
    [
        "partner.source",
        "partner.program_tier",
        "partner.referral_date",
    ]
    .map(String::from)
    .to_vec()
}

fn default_true() -> bool {
    true
}

impl Default for ValidationConfig {
    fn default() -> Self {
        ValidationConfig {
            mandatory: default_mandatory(),
            check_email: true,
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ViolationKind {
    /// A mandatory field is absent or empty.
    Missing,
    /// The field is present but unusable (e.g. an email that cannot be keyed).
    Invalid,
}

/// One problem with one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    /// The record's id.
    pub record: String,
    /// The dotted field path.
    pub field: String,
    pub kind: ViolationKind,
    /// For `invalid`: the error code (e.g. `email.invalid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub message: String,
}

impl ValidationConfig {
    /// Reject paths the lead schema does not have (a typo would otherwise
    /// report every record, or none).
    pub fn check(&self) -> Result<(), HygieneError> {
        for field in &self.mandatory {
            // Any catalogue field outside the event and touchpoint records
            // (whose fields belong to every record, not to the lead).
            let known = FieldSpec::find(field).is_some_and(|s| {
                s.ty != FieldType::Record
                    && s.ty != FieldType::Custom
                    && s.parent().is_none_or(|p| p.ty == FieldType::Record)
            });
            if !known && !is_custom_path(field, usize::MAX) {
                return Err(HygieneError::UnknownField {
                    field: field.clone(),
                });
            }
        }
        Ok(())
    }
}

/// Every violation of `lead` against `config`, in the order of the config
/// (the email check last).
///
/// ```
/// use eql_core::{Lead, hygiene::{ValidationConfig, validate}};
/// let lead = Lead::from_json(r#"{"id": "L-1", "partner": {"id": "P-7", "source": "reseller"}}"#).unwrap();
/// let v = validate(&lead, &ValidationConfig::default()).unwrap();
/// let fields: Vec<&str> = v.iter().map(|v| v.field.as_str()).collect();
/// assert_eq!(fields, ["partner.program_tier", "partner.referral_date"]);
/// ```
pub fn validate(lead: &Lead, config: &ValidationConfig) -> Result<Vec<Violation>, HygieneError> {
    config.check()?;
    let value = serde_json::to_value(lead).unwrap_or(Value::Null);
    let mut out = Vec::new();
    for field in &config.mandatory {
        let found = field.split('.').try_fold(&value, |v, seg| v.get(seg));
        if found.is_none_or(is_empty) {
            out.push(Violation {
                record: lead.id.clone(),
                field: field.clone(),
                kind: ViolationKind::Missing,
                code: None,
                message: format!("`{field}` is missing or empty"),
            });
        }
    }
    if config.check_email
        && lead.email.is_some()
        && let Err(e) = lead_key(lead)
    {
        out.push(Violation {
            record: lead.id.clone(),
            field: "email".into(),
            kind: ViolationKind::Invalid,
            code: Some(e.code()),
            message: e.to_string(),
        });
    }
    Ok(out)
}

/// [`validate`] for many records: one list per record, same positions.
pub fn validate_all(
    leads: &[Lead],
    config: &ValidationConfig,
) -> Result<Vec<Vec<Violation>>, HygieneError> {
    config.check()?;
    leads.iter().map(|l| validate(l, config)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_at_once() {
        let lead =
            Lead::from_json(r#"{"id": "L-1", "email": "root@localhost", "custom": {"seg": ""}}"#)
                .unwrap();
        let config = ValidationConfig {
            mandatory: vec![
                "partner.source".into(),
                "partner.program_tier".into(),
                "custom.seg".into(),
            ],
            check_email: true,
        };
        let v = validate(&lead, &config).unwrap();
        let got: Vec<(&str, ViolationKind)> =
            v.iter().map(|v| (v.field.as_str(), v.kind)).collect();
        assert_eq!(
            got,
            [
                ("partner.source", ViolationKind::Missing),
                ("partner.program_tier", ViolationKind::Missing),
                ("custom.seg", ViolationKind::Missing),
                ("email", ViolationKind::Invalid),
            ]
        );
        assert_eq!(v[3].code, Some("email.no_registrable_domain"));
    }

    #[test]
    fn unknown_fields_and_keys_are_rejected() {
        let config = ValidationConfig {
            mandatory: vec!["partner.tierr".into()],
            check_email: false,
        };
        let err = validate(&Lead::default(), &config).unwrap_err();
        assert_eq!(err.code(), "hygiene.unknown_field");
        assert!(serde_json::from_str::<ValidationConfig>(r#"{"mandatry": []}"#).is_err());
        let c: ValidationConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, ValidationConfig::default());
    }
}

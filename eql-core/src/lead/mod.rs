//! The canonical lead record (SPEC §1): company, partner, touchpoints, events.
//!
//! Unknown keys are rejected here too: a misspelt `compnay` would otherwise
//! silently score zero fit. Free-form data belongs in `custom`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{InputError, deserialize_input, from_json_str, from_json_value};
use crate::time::Instant;

pub mod fields;

pub use fields::{FieldSpec, FieldType, LEAD_FIELDS, LeadField};

/// Most touchpoints one lead may carry.
pub const MAX_TOUCHPOINTS: usize = 10_000;
/// Most events one lead may carry.
pub const MAX_EVENTS: usize = 10_000;

/// A lead as it arrives from a CRM, a partner portal or a form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lead {
    /// Caller's record id; echoed in every result.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(
        default,
        with = "crate::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<Instant>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(
        default,
        with = "crate::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<Company>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<Partner>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touchpoints: Vec<Touchpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Free-form fields rules can read as `custom.<path>`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub custom: Map<String, Value>,
}

/// The lead's company (firmographics).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Company {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employees: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tech_stack: Option<Vec<String>>,
    /// A decimal string, like all money.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(
        default,
        with = "crate::money::decimal_str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub annual_revenue: Option<Decimal>,
}

/// The partner that sourced or influenced the lead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Partner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How the partner sourced the lead, e.g. `implementation_partner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_tier: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    #[serde(
        default,
        with = "crate::wire::date_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub referral_date: Option<NaiveDate>,
    /// Jointly validated by both sides (Crossbeam-style confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
}

/// A marketing touch: a visit, a click, a referral.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    pub id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Channel id (SPEC §4), when already classified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The referring page or asset, e.g. `/integrations/p7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
}

/// Something the lead did: a demo request, an integration in use, a webinar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Event type, e.g. `demo_request`.
    #[serde(rename = "type")]
    pub kind: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    /// For `integration_usage`: whether the integration is in active use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
}

impl Lead {
    /// Parse one lead from canonical JSON.
    ///
    /// ```
    /// let lead = eql_core::Lead::from_json(r#"{"id": "L-1", "email": "ana@acme.co.uk"}"#).unwrap();
    /// assert_eq!(lead.id, "L-1");
    /// let err = eql_core::Lead::from_json(r#"{"id": "L-1", "compnay": {}}"#).unwrap_err();
    /// assert_eq!(eql_core::ErrorCode::code(&err), "input.unknown_key");
    /// ```
    pub fn from_json(text: &str) -> Result<Lead, InputError> {
        let lead: Lead = from_json_str(text).map_err(|f| f.into_input_error())?;
        lead.check_limits()?;
        Ok(lead)
    }

    /// Convert an already-parsed JSON value into a lead.
    pub fn from_value(value: Value) -> Result<Lead, InputError> {
        let lead: Lead = from_json_value(value).map_err(|f| f.into_input_error())?;
        lead.check_limits()?;
        Ok(lead)
    }

    /// Read a lead from any serde data format (a row of an Arrow table, a
    /// Python dict...) with the same checks and error codes as [`Lead::from_json`].
    ///
    /// ```
    /// let lead = eql_core::Lead::deserialize_from(serde_json::json!({"id": "L-1"})).unwrap();
    /// assert_eq!(lead.id, "L-1");
    /// let err = eql_core::Lead::deserialize_from(serde_json::json!({"id": "L-1", "created_at": 5})).unwrap_err();
    /// assert_eq!(eql_core::ErrorCode::code(&err), "input.invalid_timestamp");
    /// ```
    pub fn deserialize_from<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Lead, InputError> {
        let lead: Lead = deserialize_input(d)?;
        lead.check_limits()?;
        Ok(lead)
    }

    /// Enforce the documented size limits.
    pub fn check_limits(&self) -> Result<(), InputError> {
        if self.touchpoints.len() > MAX_TOUCHPOINTS {
            return Err(InputError::TooLarge {
                path: "touchpoints".into(),
                limit: MAX_TOUCHPOINTS,
                actual: self.touchpoints.len(),
            });
        }
        if self.events.len() > MAX_EVENTS {
            return Err(InputError::TooLarge {
                path: "events".into(),
                limit: MAX_EVENTS,
                actual: self.events.len(),
            });
        }
        Ok(())
    }
}

/// Parse a JSON array of leads. Every element yields a lead or an error, in
/// the same position: a bad record never hides the good ones.
pub fn leads_from_json(text: &str) -> Result<Vec<Result<Lead, InputError>>, InputError> {
    // Fast path: the whole array read straight into leads, without paths
    // (the same `Deserialize`, so the same acceptance). Only when some
    // element does not read is every element read again on its own, with
    // its path, so one bad lead costs only its own result.
    if let Ok(leads) = serde_json::from_str::<Vec<Lead>>(text) {
        return Ok(leads
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                l.check_limits()
                    .map(|()| l)
                    .map_err(|e| prefix_path(e, &format!("[{i}]")))
            })
            .collect());
    }
    let values: Vec<Value> = from_json_str(text).map_err(|f| f.into_input_error())?;
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, v)| Lead::from_value(v).map_err(|e| prefix_path(e, &format!("[{i}]"))))
        .collect())
}

pub(crate) fn prefix_path(err: InputError, prefix: &str) -> InputError {
    let join = |p: String| {
        if p == "$" {
            prefix.to_owned()
        } else {
            format!("{prefix}.{p}")
        }
    };
    match err {
        InputError::Invalid { path, message } => InputError::Invalid {
            path: join(path),
            message,
        },
        InputError::UnknownKey { path, key } => InputError::UnknownKey {
            path: join(path),
            key,
        },
        InputError::InvalidTimestamp { path, message } => InputError::InvalidTimestamp {
            path: join(path),
            message,
        },
        InputError::InvalidMoney { path, message } => InputError::InvalidMoney {
            path: join(path),
            message,
        },
        InputError::TooLarge {
            path,
            limit,
            actual,
        } => InputError::TooLarge {
            path: join(path),
            limit,
            actual,
        },
        // Table errors name their table and column, not a JSON path.
        other => other,
    }
}

//! Errors shared by every concern: reading canonical JSON input, and the
//! catalogue of every error code ([`CODES`], documented in `docs/errors.md`).
//!
//! Each concern has its own error enum (`ModelError`, `QualifyError`, ...);
//! all of them expose a stable `code()` so bindings can map them without
//! parsing messages, and derive `Serialize` *untagged*: an error serialises
//! as its fields only, without the variant name (`InputError::UnknownKey`
//! is `{"path": "$", "key": "x"}`; a unit variant is `null`), so bindings
//! can hand the structured fields over as details next to the code.

use thiserror::Error;

mod catalogue;
#[cfg(test)]
mod catalogue_tests;
mod details;

pub use catalogue::{CODES, CodeInfo, Family, RaisedBy, code_info};
pub use details::{binding_details, details};

/// A stable, machine-readable error code such as `"model.unknown_operator"`.
pub trait ErrorCode {
    /// The stable code of this error (never changes between releases).
    fn code(&self) -> &'static str;
}

/// Bad canonical input data (leads, journeys, records): it names the path.
// Serialised untagged (just the fields): bindings show them as details.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum InputError {
    /// Not valid JSON, or a value of the wrong type.
    #[error("invalid input at `{path}`: {message}")]
    Invalid { path: String, message: String },
    /// A key the canonical schema does not know (typos must not be ignored).
    #[error("unknown key `{key}` at `{path}`")]
    UnknownKey { path: String, key: String },
    /// A timestamp that is not RFC 3339.
    #[error("invalid timestamp at `{path}`: {message}")]
    InvalidTimestamp { path: String, message: String },
    /// A money amount that is not a decimal string.
    #[error("invalid money amount at `{path}`: {message}")]
    InvalidMoney { path: String, message: String },
    /// A documented size limit was exceeded.
    #[error("`{path}` has {actual} items; the limit is {limit}")]
    TooLarge {
        path: String,
        limit: usize,
        actual: usize,
    },
    /// A table lacks a column it must have.
    #[error("the {table} table has no `{column}` column{hint}")]
    MissingColumn {
        table: &'static str,
        column: String,
        /// Extra guidance, starting with a separator (may be empty).
        hint: &'static str,
    },
    /// A table has a column the canonical schema does not know (a typo must
    /// not be ignored; free-form data belongs under `custom`).
    #[error(
        "the {table} table has a column `{column}` that the schema does not know (free-form fields go under `custom.`)"
    )]
    UnknownColumn { table: &'static str, column: String },
    /// A column given twice (whole and by dotted parts, or by two names).
    #[error("the {table} table gives column `{column}` twice")]
    DuplicateColumn { table: &'static str, column: String },
    /// A column whose type cannot hold the field.
    #[error("column `{column}` of the {table} table is {found}; expected {expected}")]
    ColumnType {
        table: &'static str,
        column: String,
        expected: &'static str,
        found: String,
    },
    /// A timestamp column without a time zone: eql never guesses one.
    #[error(
        "column `{column}` of the {table} table holds timestamps without a time zone; localise them (e.g. to UTC) first"
    )]
    NaiveTimestamp { table: &'static str, column: String },
    /// A row of a long table whose key matches no row of the table it
    /// joins (events and touchpoints join leads, conversions join touches).
    #[error("row {row} of the {table} table has {column} `{key}`, which matches nothing it joins")]
    OrphanRow {
        table: &'static str,
        column: String,
        key: String,
        row: usize,
    },
    /// A touch without a journey key.
    #[error("row {row} of the {table} table has no journey id (`{column}`)")]
    MissingJourney {
        table: &'static str,
        column: String,
        row: usize,
    },
    /// A journey without its conversion row.
    #[error("journey `{journey}` has no conversion row")]
    MissingConversion { journey: String },
    /// A journey with more than one conversion row.
    #[error("journey `{journey}` has more than one conversion row")]
    DuplicateConversion { journey: String },
}

impl ErrorCode for InputError {
    fn code(&self) -> &'static str {
        match self {
            InputError::Invalid { .. } => "input.invalid",
            InputError::UnknownKey { .. } => "input.unknown_key",
            InputError::InvalidTimestamp { .. } => "input.invalid_timestamp",
            InputError::InvalidMoney { .. } => "input.invalid_money",
            InputError::TooLarge { .. } => "input.too_large",
            InputError::MissingColumn { .. } => "input.missing_column",
            InputError::UnknownColumn { .. } => "input.unknown_column",
            InputError::DuplicateColumn { .. } => "input.duplicate_column",
            InputError::ColumnType { .. } => "input.column_type",
            InputError::NaiveTimestamp { .. } => "input.naive_datetime",
            InputError::OrphanRow { .. } => "input.orphan_row",
            InputError::MissingJourney { .. } => "input.missing_journey",
            InputError::MissingConversion { .. } => "input.missing_conversion",
            InputError::DuplicateConversion { .. } => "input.duplicate_conversion",
        }
    }
}

/// Marker prefixes our own deserializers put in serde messages, so that a
/// parse failure can be given a precise code.
pub(crate) const BAD_TIMESTAMP: &str = "not an RFC 3339 timestamp";
pub(crate) const BAD_MONEY: &str = "not a decimal string";

/// A serde failure split into the parts our errors carry.
pub(crate) struct SerdeFailure {
    pub path: String,
    pub message: String,
}

impl SerdeFailure {
    pub(crate) fn from_json(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = display_path(err.path());
        let inner = err.into_inner();
        let message = if inner.line() > 0 {
            format!(
                "{} (line {}, column {})",
                strip_position(&inner),
                inner.line(),
                inner.column()
            )
        } else {
            inner.to_string()
        };
        SerdeFailure { path, message }
    }

    /// The unknown key named by serde's `deny_unknown_fields` message, if any.
    pub(crate) fn unknown_key(&self) -> Option<String> {
        let rest = self.message.strip_prefix("unknown field `")?;
        rest.split('`').next().map(str::to_owned)
    }

    pub(crate) fn into_input_error(self) -> InputError {
        if let Some(key) = self.unknown_key() {
            return InputError::UnknownKey {
                path: self.path,
                key,
            };
        }
        if self.message.contains(BAD_TIMESTAMP) {
            return InputError::InvalidTimestamp {
                path: self.path,
                message: self.message,
            };
        }
        if self.message.contains(BAD_MONEY) {
            return InputError::InvalidMoney {
                path: self.path,
                message: self.message,
            };
        }
        InputError::Invalid {
            path: self.path,
            message: self.message,
        }
    }
}

fn display_path(path: &serde_path_to_error::Path) -> String {
    let s = path.to_string();
    if s == "." { String::from("$") } else { s }
}

/// serde_json appends " at line X column Y"; we report the position ourselves.
fn strip_position(err: &serde_json::Error) -> String {
    let s = err.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

/// Parse canonical JSON into `T`, with a path-bearing error.
pub(crate) fn from_json_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, SerdeFailure> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(de).map_err(SerdeFailure::from_json)?;
    Ok(value)
}

/// Read any canonical input type (a lead, a touch, a conversion...) from any
/// serde data format, with the same coded, path-bearing errors as from JSON.
///
/// ```
/// use eql_core::attribution::Conversion;
/// let v = serde_json::json!({"at": "2026-10-01T00:00:00Z", "amount": 12.5, "currency": "USD"});
/// let err = eql_core::error::deserialize_input::<Conversion, _>(v).unwrap_err();
/// assert_eq!(eql_core::ErrorCode::code(&err), "input.invalid_money");
/// ```
pub fn deserialize_input<'de, T, D>(d: D) -> Result<T, InputError>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    from_deserializer(d).map_err(SerdeFailure::into_input_error)
}

/// Read `T` from any serde data format, with a path-bearing error.
pub(crate) fn from_deserializer<'de, T, D>(d: D) -> Result<T, SerdeFailure>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde_path_to_error::deserialize(d).map_err(|err| SerdeFailure {
        path: display_path(err.path()),
        message: err.into_inner().to_string(),
    })
}

/// Convert an already-parsed JSON value into any canonical input or config
/// type, with the same path-bearing [`InputError`] the JSON parsers give.
///
/// For callers (such as the bindings) that receive parsed objects.
///
/// ```
/// use eql_core::{ErrorCode, ScoreOptions, error::input_from_value};
/// let err = input_from_value::<ScoreOptions>(serde_json::json!({"allow": true})).unwrap_err();
/// assert_eq!(err.code(), "input.unknown_key");
/// ```
pub fn input_from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, InputError> {
    from_json_value(value).map_err(SerdeFailure::into_input_error)
}

/// Convert an already-parsed JSON value into `T`, with a path-bearing error.
pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, SerdeFailure> {
    serde_path_to_error::deserialize(value).map_err(SerdeFailure::from_json)
}

//! Errors of UTM parsing, partner registries and channel rules.

use thiserror::Error;

use crate::error::ErrorCode;

/// A UTM / governance operation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum UtmError {
    /// The URL (or referrer) does not parse as an absolute URL.
    #[error("`{field}` is not an absolute URL: {message}")]
    InvalidUrl {
        field: &'static str,
        message: String,
    },
    /// Longer than [`crate::utm::MAX_URL_LEN`] bytes.
    #[error("`{field}` is {actual} bytes long; the limit is {limit}")]
    UrlTooLong {
        field: &'static str,
        limit: usize,
        actual: usize,
    },
    /// A partner registry or channel rule set that cannot be read.
    #[error("cannot parse {what} at `{path}`: {message}")]
    Parse {
        what: &'static str,
        path: String,
        message: String,
    },
    /// A key the registry or rule schema does not know.
    #[error("unknown key `{key}` in {what} at `{path}`")]
    UnknownKey {
        what: &'static str,
        path: String,
        key: String,
    },
    /// A registry that is inconsistent (duplicate id, alias used twice...).
    #[error("partner registry: {message}")]
    InvalidRegistry { message: String },
    /// A channel rule that can never work.
    #[error("channel rule #{index}: {message}")]
    InvalidRule { index: usize, message: String },
}

impl ErrorCode for UtmError {
    fn code(&self) -> &'static str {
        match self {
            UtmError::InvalidUrl { .. } => "url.invalid",
            UtmError::UrlTooLong { .. } => "url.too_long",
            UtmError::Parse { .. } => "utm.parse",
            UtmError::UnknownKey { .. } => "utm.unknown_key",
            UtmError::InvalidRegistry { .. } => "registry.invalid",
            UtmError::InvalidRule { .. } => "channel.invalid_rule",
        }
    }
}

impl UtmError {
    pub(crate) fn from_serde(what: &'static str, failure: crate::error::SerdeFailure) -> Self {
        match failure.unknown_key() {
            Some(key) => UtmError::UnknownKey {
                what,
                path: failure.path,
                key,
            },
            None => UtmError::Parse {
                what,
                path: failure.path,
                message: failure.message,
            },
        }
    }
}

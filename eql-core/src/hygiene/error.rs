//! Errors of record hygiene: dedup keys, merge, validation settings.

use thiserror::Error;

use crate::error::ErrorCode;

/// Why an email address was rejected as `email.invalid`.
///
/// The code stays `email.invalid` for every reason so callers can branch on
/// one code; the reason says what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EmailProblem {
    /// The record has no email at all.
    Missing,
    /// Nothing left after trimming.
    Empty,
    /// Longer than [`crate::hygiene::MAX_EMAIL_LEN`] bytes.
    TooLong,
    /// No `@`, or more than one outside a quoted local part.
    NoAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// Nothing after the `@`.
    EmptyDomain,
    /// Local part longer than 64 bytes (RFC 5321).
    LocalPartTooLong,
    /// A character not allowed in an unquoted local part (RFC 5322 `atext`
    /// plus UTF-8, RFC 6531), including spaces and control characters.
    InvalidLocalChar,
    /// A leading, trailing or doubled dot in the local part.
    InvalidLocalDot,
    /// Quoted local parts (`"a b"@x.com`) are not supported.
    QuotedLocalPart,
    /// The domain fails IDNA (UTS 46) processing: invalid punycode, a
    /// forbidden character, an empty label, a label over 63 bytes...
    InvalidDomain,
    /// A domain literal such as `[127.0.0.1]`.
    AddressLiteral,
}

impl EmailProblem {
    /// A short English explanation.
    pub fn describe(self) -> &'static str {
        match self {
            EmailProblem::Missing => "the record has no email",
            EmailProblem::Empty => "the address is empty",
            EmailProblem::TooLong => "the address is longer than 254 bytes",
            EmailProblem::NoAt => "the address needs exactly one `@`",
            EmailProblem::EmptyLocalPart => "nothing before the `@`",
            EmailProblem::EmptyDomain => "nothing after the `@`",
            EmailProblem::LocalPartTooLong => "the part before the `@` is longer than 64 bytes",
            EmailProblem::InvalidLocalChar => {
                "the part before the `@` has a space, control or special character"
            }
            EmailProblem::InvalidLocalDot => {
                "the part before the `@` starts or ends with a dot, or has two in a row"
            }
            EmailProblem::QuotedLocalPart => "quoted local parts are not supported",
            EmailProblem::InvalidDomain => {
                "the domain is not a valid internationalised domain name (UTS 46)"
            }
            EmailProblem::AddressLiteral => "address literals like [127.0.0.1] have no domain",
        }
    }
}

/// A hygiene operation failed.
// Serialised untagged (just the fields): bindings show them as details.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum HygieneError {
    /// The email address cannot be normalised.
    #[error("invalid email address: {}", problem.describe())]
    InvalidEmail { problem: EmailProblem },
    /// The domain is a public suffix itself (`co.uk`) or a single label
    /// (`localhost`): there is no registrable domain to key on.
    #[error("email domain `{domain}` has no registrable part (Public Suffix List)")]
    NoRegistrableDomain { domain: String },
    /// A partner id that cannot be part of a key (contains `|` or a control character).
    #[error("invalid partner id {partner_id:?}: it must not contain `|` or control characters")]
    InvalidPartnerId { partner_id: String },
    /// A dedup key string that is not `key|partner_id`.
    #[error("invalid dedup key {text:?}: {message}")]
    InvalidKey { text: String, message: String },
    /// A validation setting names a field the lead schema does not have.
    #[error("unknown lead field `{field}` in the mandatory fields")]
    UnknownField { field: String },
    /// More records than [`crate::hygiene::MAX_BATCH`].
    #[error("{actual} records; the limit is {limit}")]
    TooLarge { limit: usize, actual: usize },
    /// A merged record could not be rebuilt (a bug; never expected).
    #[error("record `{id}` could not be rebuilt after merging: {message}")]
    Rebuild { id: String, message: String },
}

impl ErrorCode for HygieneError {
    fn code(&self) -> &'static str {
        match self {
            HygieneError::InvalidEmail { .. } => "email.invalid",
            HygieneError::NoRegistrableDomain { .. } => "email.no_registrable_domain",
            HygieneError::InvalidPartnerId { .. } => "dedup.invalid_partner_id",
            HygieneError::InvalidKey { .. } => "dedup.invalid_key",
            HygieneError::UnknownField { .. } => "hygiene.unknown_field",
            HygieneError::TooLarge { .. } => "hygiene.too_large",
            HygieneError::Rebuild { .. } => "hygiene.rebuild",
        }
    }
}

impl HygieneError {
    pub(crate) fn email(problem: EmailProblem) -> Self {
        HygieneError::InvalidEmail { problem }
    }
}

//! Errors of the partner ROI report; each names the record or field at fault.

use thiserror::Error;

use crate::attribution::AttributionError;
use crate::error::{ErrorCode, InputError};
use crate::money::MoneyError;
use crate::qualify::QualifyError;

/// Why a report could not be built; each variant has a stable `code()`.
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ReportError {
    /// An opportunity or cost in a currency with no rate to the report's.
    #[error("{record}: no fx rate from {from} to {to} (add it to `fx_rates`)")]
    MissingFxRate {
        record: String,
        from: String,
        to: String,
    },
    /// A rate that is zero or negative.
    #[error("fx_rates.{currency}: rate must be positive, got {rate}")]
    InvalidFxRate { currency: String, rate: String },
    /// A negative amount (opportunity or cost).
    #[error("{record}: amount {amount} is negative")]
    NegativeAmount { record: String, amount: String },
    /// Two leads (or two opportunities) with the same id.
    #[error("duplicate {what} id `{id}`")]
    DuplicateId { what: &'static str, id: String },
    /// An opportunity whose `lead_id` names no lead of the input.
    #[error("opportunity `{opportunity}`: unknown lead `{lead}`")]
    UnknownLead { opportunity: String, lead: String },
    /// A won or lost opportunity without `closed_at`.
    #[error("opportunity `{opportunity}` is {status} but has no `closed_at`")]
    MissingClosedAt {
        opportunity: String,
        status: &'static str,
    },
    /// A cost period that is not `YYYY-Qn`.
    #[error("costs[{index}].period: `{period}` is not a quarter like `2026-Q3`")]
    InvalidPeriod { index: usize, period: String },
    /// A traffic week that does not start on a Monday.
    #[error("traffic[{index}].week: {week} is not a Monday")]
    WeekNotMonday { index: usize, week: String },
    /// An option outside its range (`rank_share` must be in [0, 0.5]).
    #[error("options.{option}: {message}")]
    InvalidOption {
        option: &'static str,
        message: String,
    },
    /// More leads than the documented limit.
    #[error("{actual} leads; the limit is {limit}")]
    TooManyLeads { limit: usize, actual: usize },
    /// Exact money arithmetic overflowed (amounts near the Decimal maximum).
    #[error("money overflow while computing {what}")]
    Overflow { what: &'static str },
    /// The attribution of one opportunity failed.
    #[error("opportunity `{opportunity}`: {source}")]
    Attribution {
        opportunity: String,
        source: AttributionError,
    },
    /// A lead without `created_at`, which the report cannot place in time.
    #[error("lead `{lead}`: no `created_at` (the report places leads by it)")]
    MissingCreatedAt { lead: String },
    /// A lead that could not be scored while building the report's leads.
    #[error("lead `{lead}`: {source}")]
    Qualify {
        lead: String,
        source: Box<QualifyError>,
    },
    /// The reporting currency is not ISO 4217.
    #[error(transparent)]
    Currency(#[from] MoneyError),
    /// Bad JSON input (names the path).
    #[error(transparent)]
    Input(#[from] InputError),
}

impl ErrorCode for ReportError {
    fn code(&self) -> &'static str {
        match self {
            ReportError::MissingFxRate { .. } => "report.missing_fx_rate",
            ReportError::InvalidFxRate { .. } => "report.invalid_fx_rate",
            ReportError::NegativeAmount { .. } => "report.negative_amount",
            ReportError::DuplicateId { .. } => "report.duplicate_id",
            ReportError::UnknownLead { .. } => "report.unknown_lead",
            ReportError::MissingClosedAt { .. } => "report.missing_closed_at",
            ReportError::InvalidPeriod { .. } => "report.invalid_period",
            ReportError::WeekNotMonday { .. } => "report.week_not_monday",
            ReportError::InvalidOption { .. } => "report.invalid_option",
            ReportError::TooManyLeads { .. } => "report.too_many_leads",
            ReportError::Overflow { .. } => "report.overflow",
            ReportError::Attribution { source, .. } => source.code(),
            ReportError::MissingCreatedAt { .. } => "report.missing_created_at",
            ReportError::Qualify { source, .. } => source.code(),
            ReportError::Currency(e) => e.code(),
            ReportError::Input(e) => e.code(),
        }
    }
}

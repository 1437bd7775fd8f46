//! Errors of routing, SLA clocks and partner status updates.
//!
//! Codes are grouped by family: `routing.*` (queues and reps), `sla.*`
//! (policies and calendars), `milestone.*` (partner status updates).

use thiserror::Error;

use crate::error::ErrorCode;

/// A routing, SLA or status-update input that cannot be used; each variant
/// has a stable `code()` and names the queue, rep, day or lead at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum RoutingError {
    /// A config, policy or event list that cannot be read.
    #[error("cannot parse {what} at `{path}`: {message}")]
    Parse {
        what: &'static str,
        path: String,
        message: String,
    },
    /// A key the schema does not know (typos must fail).
    #[error("unknown key `{key}` in {what} at `{path}`")]
    UnknownKey {
        what: &'static str,
        path: String,
        key: String,
    },
    /// A routing config without any queue.
    #[error("the routing config has no queues")]
    NoQueues,
    /// A queue or rep with an empty id.
    #[error("{what} #{index} has an empty id")]
    EmptyId { what: &'static str, index: usize },
    /// Two queues with the same id.
    #[error("queue `{queue}` is defined twice")]
    DuplicateQueue { queue: String },
    /// A queue without any rep.
    #[error("queue `{queue}` has no reps")]
    EmptyQueue { queue: String },
    /// The same rep listed twice in one queue.
    #[error("queue `{queue}`: rep `{rep}` is listed twice")]
    DuplicateRep { queue: String, rep: String },
    /// A rep with weight 0 (to pause a rep, set `active: false`).
    #[error("queue `{queue}`: rep `{rep}` has weight 0; use `active: false` to pause a rep")]
    ZeroWeight { queue: String, rep: String },
    /// More queues or reps than the documented limits.
    #[error("`{what}` has {actual} items; the limit is {limit}")]
    TooLarge {
        what: String,
        limit: usize,
        actual: usize,
    },
    /// A rotation counter that would overflow (never expected in practice).
    #[error("queue `{queue}`: the counter of rep `{rep}` would overflow")]
    CounterOverflow { queue: String, rep: String },

    /// A time zone name the IANA database does not know.
    #[error("unknown time zone `{time_zone}` (expected an IANA name such as `Europe/Berlin`)")]
    UnknownTimeZone { time_zone: String },
    /// A calendar with no working hours on any day.
    #[error("the business calendar has no working hours on any weekday")]
    NoWorkingHours,
    /// A clock time that is not `HH:MM` (00:00–24:00).
    #[error("`{text}` is not a clock time `HH:MM` between 00:00 and 24:00")]
    InvalidClockTime { text: String },
    /// A working-hours span whose end is not after its start.
    #[error("working hours on `{day}` #{index}: end {end} is not after start {start}")]
    EmptySpan {
        day: &'static str,
        index: usize,
        start: String,
        end: String,
    },
    /// Two working-hours spans of one day that overlap.
    #[error("working hours on `{day}` overlap: {first} and {second}")]
    OverlappingHours {
        day: &'static str,
        first: String,
        second: String,
    },
    /// The same holiday listed twice.
    #[error("holiday {date} is listed twice")]
    DuplicateHoliday { date: String },
    /// A window of zero minutes.
    #[error("the SLA window is 0 minutes; it must be at least 1")]
    ZeroWindow,
    /// A window longer than [`crate::routing::MAX_WINDOW_MINUTES`], or one
    /// that does not fit in the [`crate::routing::MAX_SEARCH_DAYS`] the
    /// calendar is searched (e.g. a year of holidays).
    #[error("the SLA window of {minutes} minutes does not end within {limit_days} days")]
    WindowTooLong { minutes: u64, limit_days: u32 },
    /// An at-risk percentage outside 1–100.
    #[error("at_risk_percent must be between 1 and 100, got {value}")]
    InvalidAtRisk { value: u32 },
    /// An instant outside the range the calendar can compute with, or a
    /// deadline after 9999-12-31T23:59:59Z (RFC 3339 has four-digit years).
    #[error(
        "instant out of range while computing an SLA deadline (it must fall in years 0000–9999 to be written as RFC 3339)"
    )]
    OutOfRange,

    /// A milestone for a lead that is already closed won or closed lost.
    #[error("lead `{lead}`: `{milestone}` after the lead was already `{closed}`")]
    AfterClose {
        lead: String,
        milestone: &'static str,
        closed: &'static str,
    },
    /// A milestone that moves the lead backwards (or repeats one).
    #[error("lead `{lead}`: `{milestone}` cannot follow `{previous}`")]
    OutOfOrder {
        lead: String,
        milestone: &'static str,
        previous: &'static str,
    },
    /// A milestone dated before the lead's previous milestone.
    #[error(
        "lead `{lead}`: `{milestone}` at {at} is before the previous milestone at {previous_at}"
    )]
    TimeReversed {
        lead: String,
        milestone: &'static str,
        at: String,
        previous_at: String,
    },
    /// A lead whose milestones name two different partners.
    #[error("lead `{lead}`: partner `{partner}` differs from `{previous}` of earlier milestones")]
    PartnerChanged {
        lead: String,
        partner: String,
        previous: String,
    },
    /// A milestone event with an empty lead or partner id.
    #[error("milestone #{index}: `{field}` is empty")]
    MissingId { index: usize, field: &'static str },
}

impl ErrorCode for RoutingError {
    fn code(&self) -> &'static str {
        match self {
            RoutingError::Parse { .. } => "routing.parse",
            RoutingError::UnknownKey { .. } => "routing.unknown_key",
            RoutingError::NoQueues => "routing.no_queues",
            RoutingError::EmptyId { .. } => "routing.empty_id",
            RoutingError::DuplicateQueue { .. } => "routing.duplicate_queue",
            RoutingError::EmptyQueue { .. } => "routing.empty_queue",
            RoutingError::DuplicateRep { .. } => "routing.duplicate_rep",
            RoutingError::ZeroWeight { .. } => "routing.zero_weight",
            RoutingError::TooLarge { .. } => "routing.too_large",
            RoutingError::CounterOverflow { .. } => "routing.counter_overflow",
            RoutingError::UnknownTimeZone { .. } => "sla.unknown_time_zone",
            RoutingError::NoWorkingHours => "sla.no_working_hours",
            RoutingError::InvalidClockTime { .. } => "sla.invalid_clock_time",
            RoutingError::EmptySpan { .. } => "sla.empty_span",
            RoutingError::OverlappingHours { .. } => "sla.overlapping_hours",
            RoutingError::DuplicateHoliday { .. } => "sla.duplicate_holiday",
            RoutingError::ZeroWindow => "sla.zero_window",
            RoutingError::WindowTooLong { .. } => "sla.window_too_long",
            RoutingError::InvalidAtRisk { .. } => "sla.invalid_at_risk",
            RoutingError::OutOfRange => "sla.out_of_range",
            RoutingError::AfterClose { .. } => "milestone.after_close",
            RoutingError::OutOfOrder { .. } => "milestone.out_of_order",
            RoutingError::TimeReversed { .. } => "milestone.time_reversed",
            RoutingError::PartnerChanged { .. } => "milestone.partner_changed",
            RoutingError::MissingId { .. } => "milestone.missing_id",
        }
    }
}

impl RoutingError {
    pub(crate) fn from_serde(what: &'static str, failure: crate::error::SerdeFailure) -> Self {
        match failure.unknown_key() {
            Some(key) => RoutingError::UnknownKey {
                what,
                path: failure.path,
                key,
            },
            None => RoutingError::Parse {
                what,
                path: failure.path,
                message: failure.message,
            },
        }
    }
}

//! SLA clocks: a response window in wall-clock time or in business hours,
//! its deadline, and the status at a given `as_of`.
//!
//! - wall clock: `deadline = started_at + window`;
//!   `elapsed = min(as_of, deadline) − started_at`.
//! - business hours: `deadline` = the instant at which `window` of working
//!   time on the calendar has passed since `started_at` (see
//!   [`CompiledCalendar::add`]); `elapsed` = working time between
//!   `started_at` and `min(as_of, deadline)`.
//!
//! Status at `as_of`: `breached` when `as_of > deadline`; otherwise
//! `at_risk` when `elapsed × 100 ≥ window × at_risk_percent` (default 75, so
//! the last quarter of the window; the deadline instant itself is at risk);
//! otherwise `on_time` (also before `started_at`). Integer arithmetic only.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::calendar::{BusinessCalendar, CompiledCalendar, MAX_SEARCH_DAYS};
use super::error::RoutingError;
use crate::error::from_json_str;
use crate::time::{Instant, is_rfc3339_writable};

/// The longest window: 366 days of minutes.
pub const MAX_WINDOW_MINUTES: u32 = 527_040;

/// An SLA policy (serde). Without a `calendar` the window is wall-clock time;
/// with one it is business time on that calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// The response window in minutes (default 120: two hours).
    #[serde(default = "default_window")]
    pub window_minutes: u32,
    /// Business calendar; absent = wall-clock window.
    #[serde(default)]
    pub calendar: Option<BusinessCalendar>,
    /// Share of the window, in percent (1–100), from which the clock is
    /// `at_risk`. Default 75.
    #[serde(default = "default_at_risk")]
    pub at_risk_percent: u32,
}

fn default_window() -> u32 {
    120
}

fn default_at_risk() -> u32 {
    75
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            window_minutes: default_window(),
            calendar: None,
            at_risk_percent: default_at_risk(),
        }
    }
}

/// Where an SLA clock stands at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlaStatus {
    OnTime,
    AtRisk,
    Breached,
}

/// The SLA clock of one lead at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaClock {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub started_at: Instant,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub deadline: Instant,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub as_of: Instant,
    pub status: SlaStatus,
    /// The window in seconds (of business time with a calendar).
    pub window_seconds: i64,
    /// Seconds of the window used up at `as_of` (at most `window_seconds`).
    pub elapsed_seconds: i64,
}

/// A validated policy, ready to compute with.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledSla {
    window: TimeDelta,
    window_minutes: u32,
    calendar: Option<CompiledCalendar>,
    at_risk_percent: u32,
}

impl SlaPolicy {
    /// Read and validate a policy from JSON.
    pub fn from_json(text: &str) -> Result<SlaPolicy, RoutingError> {
        let policy: SlaPolicy =
            from_json_str(text).map_err(|f| RoutingError::from_serde("SLA policy", f))?;
        policy.compile()?;
        Ok(policy)
    }

    /// Validate: window 1..=[`MAX_WINDOW_MINUTES`], at-risk 1..=100, and a
    /// valid calendar (see [`BusinessCalendar::compile`]).
    pub fn compile(&self) -> Result<CompiledSla, RoutingError> {
        if self.window_minutes == 0 {
            return Err(RoutingError::ZeroWindow);
        }
        if self.window_minutes > MAX_WINDOW_MINUTES {
            return Err(RoutingError::WindowTooLong {
                minutes: u64::from(self.window_minutes),
                limit_days: MAX_SEARCH_DAYS,
            });
        }
        if !(1..=100).contains(&self.at_risk_percent) {
            return Err(RoutingError::InvalidAtRisk {
                value: self.at_risk_percent,
            });
        }
        let calendar = self
            .calendar
            .as_ref()
            .map(BusinessCalendar::compile)
            .transpose()?;
        Ok(CompiledSla {
            window: TimeDelta::minutes(i64::from(self.window_minutes)),
            window_minutes: self.window_minutes,
            calendar,
            at_risk_percent: self.at_risk_percent,
        })
    }
}

impl CompiledSla {
    /// The instant by which the lead must be answered. A deadline after
    /// 9999-12-31T23:59:59Z, which RFC 3339 cannot write, is
    /// `sla.out_of_range`.
    pub fn deadline(&self, started_at: Instant) -> Result<Instant, RoutingError> {
        let deadline = match &self.calendar {
            None => started_at
                .checked_add_signed(self.window)
                .ok_or(RoutingError::OutOfRange),
            Some(cal) => cal.add(started_at, self.window).map_err(|e| match e {
                RoutingError::WindowTooLong { limit_days, .. } => RoutingError::WindowTooLong {
                    minutes: u64::from(self.window_minutes),
                    limit_days,
                },
                other => other,
            }),
        }?;
        if is_rfc3339_writable(&deadline) {
            Ok(deadline)
        } else {
            Err(RoutingError::OutOfRange)
        }
    }

    /// The clock at `as_of`.
    pub fn status(&self, started_at: Instant, as_of: Instant) -> Result<SlaClock, RoutingError> {
        let deadline = self.deadline(started_at)?;
        let until = as_of.min(deadline);
        let elapsed = match &self.calendar {
            _ if until <= started_at => TimeDelta::zero(),
            None => until.signed_duration_since(started_at),
            Some(cal) => cal.between(started_at, until)?,
        };
        let window_seconds = self.window.num_seconds();
        let elapsed_seconds = elapsed.num_seconds().min(window_seconds);
        let status = if as_of > deadline {
            SlaStatus::Breached
        } else {
            let used = elapsed_seconds
                .checked_mul(100)
                .ok_or(RoutingError::OutOfRange)?;
            let threshold = window_seconds
                .checked_mul(i64::from(self.at_risk_percent))
                .ok_or(RoutingError::OutOfRange)?;
            if used >= threshold {
                SlaStatus::AtRisk
            } else {
                SlaStatus::OnTime
            }
        };
        Ok(SlaClock {
            started_at,
            deadline,
            as_of,
            status,
            window_seconds,
            elapsed_seconds,
        })
    }
}

/// The deadline of a policy for a lead whose clock started at `started_at`.
///
/// ```
/// use eql_core::routing::{BusinessCalendar, SlaPolicy, Span, WeekHours, sla_deadline};
/// use eql_core::time::{format_instant, parse_instant};
///
/// let policy = SlaPolicy {
///     window_minutes: 600, // 10 business hours
///     calendar: Some(BusinessCalendar {
///         time_zone: "UTC".into(),
///         hours: WeekHours::weekdays(vec![Span::new("10:00", "18:00")]),
///         holidays: vec![],
///     }),
///     ..SlaPolicy::default()
/// };
/// // Wednesday 15:00 → Thursday 17:00.
/// let start = parse_instant("2026-11-25T15:00:00Z").unwrap();
/// let deadline = sla_deadline(&policy, start).unwrap();
/// assert_eq!(format_instant(&deadline), "2026-11-26T17:00:00Z");
/// ```
pub fn sla_deadline(policy: &SlaPolicy, started_at: Instant) -> Result<Instant, RoutingError> {
    policy.compile()?.deadline(started_at)
}

/// The SLA clock at `as_of` (the core never reads the clock itself).
pub fn sla_status(
    policy: &SlaPolicy,
    started_at: Instant,
    as_of: Instant,
) -> Result<SlaClock, RoutingError> {
    policy.compile()?.status(started_at, as_of)
}

//! Routing and SLA (SPEC §5): which rep gets a lead, by when they must
//! answer, and what the referring partner is told.
//!
//! - `config.rs`: [`RoutingConfig`]: queues by region / product line, weighted reps
//! - `round_robin.rs`: lowest counter wins, [`RoutingState`] kept by the
//!   caller, [`route`] and [`route_batch`]
//! - `calendar.rs`: [`BusinessCalendar`] (IANA time zone, hours, holidays)
//! - `local_time.rs`: local wall time → UTC across DST gaps and overlaps
//! - `sla.rs`: [`SlaPolicy`], deadlines and [`SlaStatus`] at `as_of`
//! - `status_update.rs`: milestones → [`PartnerStatusUpdate`] records
//! - `error.rs`: [`RoutingError`] and its codes
//!
//! `docs/routing.md` gives the algorithms and formulas with a worked example.

mod calendar;
mod config;
mod error;
mod local_time;
mod round_robin;
mod sla;
mod status_update;

pub use calendar::{
    BusinessCalendar, CompiledCalendar, MAX_HOLIDAYS, MAX_SEARCH_DAYS, MAX_SPANS_PER_DAY, Span,
    WeekHours,
};
pub use config::{MAX_QUEUES, MAX_REPS_PER_QUEUE, Queue, Rep, RoutingConfig};
pub use error::RoutingError;
pub use round_robin::{
    Assignment, LeadFacts, RoutingState, SkipReason, SkippedRep, UnassignedReason, route,
    route_batch,
};
pub use sla::{
    CompiledSla, MAX_WINDOW_MINUTES, SlaClock, SlaPolicy, SlaStatus, sla_deadline, sla_status,
};
pub use status_update::{
    Milestone, MilestoneEvent, PartnerStatus, PartnerStatusUpdate, milestone_events_from_json,
    partner_status_updates,
};

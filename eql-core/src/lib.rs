#![doc = include_str!("../README.md")]

pub mod attribution;
pub mod error;
pub mod hygiene;
pub mod lead;
pub mod money;
pub mod partner;
pub mod qualify;
pub mod report;
pub mod routing;
pub mod time;
pub mod utm;
pub mod wire;

pub use attribution::{
    Attribution, AttributionError, AttributionModel, AttributionOptions, Attributor, Journey,
    Touch, attribute,
};
pub use error::{ErrorCode, InputError};
pub use hygiene::{DedupKey, HygieneError, MergeReport, ValidationConfig, lead_key, merge};
pub use lead::{
    Company, Event, FieldSpec, FieldType, LEAD_FIELDS, Lead, LeadField, Partner, Touchpoint,
    leads_from_json,
};
pub use qualify::preset as presets;
pub use qualify::{
    CompiledModel, Contribution, EvidenceKind, ModelError, ModelRegistry, Points, Qualification,
    QualifyError, ScoreOptions, ScoringModel, Stage, Verdict, qualify,
};
pub use report::{Report, ReportError, ReportInput, build_report};
pub use routing::{
    Assignment, BusinessCalendar, LeadFacts, Milestone, MilestoneEvent, PartnerStatusUpdate,
    RoutingConfig, RoutingError, RoutingState, SlaClock, SlaPolicy, SlaStatus,
    partner_status_updates, route, route_batch, sla_deadline, sla_status,
};
pub use utm::{
    Channel, ChannelRules, Classification, PartnerRegistry, UtmError, UtmParams, classify,
    parse_url,
};

/// `docs/hygiene.md`, whose examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/hygiene.md")]
pub struct HygieneDocs;

/// `docs/routing.md`, whose examples (the SLA worked example included) run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/routing.md")]
pub struct RoutingDocs;

/// `docs/attribution.md`, whose examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/attribution.md")]
pub struct AttributionDocs;

/// `docs/utm.md`, whose examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/utm.md")]
pub struct UtmDocs;

/// `docs/report.md`, whose worked example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../docs/report.md")]
pub struct ReportDocs;

/// The user docs' Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/qualification.md")]
pub struct QualificationDocs;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct WorkspaceReadme;

/// Exact decimal numbers (money), re-exported so users need no extra dependency.
pub use rust_decimal::Decimal;

/// The crate version (lockstep with the Python and npm packages).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#![doc = include_str!("../README.md")]

pub mod error;
pub mod hygiene;
pub mod lead;
pub mod money;
pub mod qualify;
pub mod time;
pub mod utm;

pub use error::{ErrorCode, InputError};
pub use hygiene::{DedupKey, HygieneError, MergeReport, ValidationConfig, lead_key, merge};
pub use lead::{Company, Event, Lead, Partner, Touchpoint, leads_from_json};
pub use qualify::preset as presets;
pub use qualify::{
    CompiledModel, Contribution, EvidenceKind, ModelError, ModelRegistry, Points, Qualification,
    QualifyError, ScoreOptions, ScoringModel, Stage, Verdict, qualify,
};
pub use utm::{
    Channel, ChannelRules, Classification, PartnerRegistry, UtmError, UtmParams, classify,
    parse_url,
};

/// The crate version (lockstep with the Python and npm packages).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#![doc = include_str!("../README.md")]

pub mod attribution;
pub mod error;
pub mod lead;
pub mod money;
pub mod qualify;
pub mod time;

pub use attribution::{
    Attribution, AttributionError, AttributionModel, AttributionOptions, Attributor, Journey,
    Touch, attribute,
};
pub use error::{ErrorCode, InputError};
pub use lead::{Company, Event, Lead, Partner, Touchpoint, leads_from_json};
pub use qualify::preset as presets;
pub use qualify::{
    CompiledModel, Contribution, EvidenceKind, ModelError, ModelRegistry, Points, Qualification,
    QualifyError, ScoreOptions, ScoringModel, Stage, Verdict, qualify,
};

/// The crate version (lockstep with the Python and npm packages).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

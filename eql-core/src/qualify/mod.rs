//! Qualification (SPEC §2): is this lead an Ecosystem Qualified Lead, and why.
//!
//! - `model.rs`: the scoring model as data (TOML / JSON), fingerprint
//! - `compile.rs`: validation into a `CompiledModel`
//! - `field.rs`, `condition.rs`: dotted paths and operators
//! - `evaluate.rs`: the hot path, a compact `Verdict`, fed to
//! - `tally.rs`: the kernel that folds one lead's facts into a verdict (shared
//!   with columnar engines)
//! - `evidence.rs`: ecosystem evidence kinds
//! - `explain.rs`: the readable `Qualification`
//! - `batch.rs`: many leads per call, the compact result
//! - `registry.rs`: the model version in force at an instant
//! - `reads.rs`: the lead fields a model reads (for column selection)
//! - `preset.rs`: the built-in 40/60/70 model

mod batch;
mod compile;
mod condition;
mod error;
mod evaluate;
mod events;
mod evidence;
mod explain;
mod field;
mod model;
mod points;
pub mod preset;
mod reads;
mod registry;
mod tally;

pub use batch::{Failure, Item, ManyOptions, Scored};
pub use compile::{CompiledModel, MAX_DAYS, MAX_POINTS, MAX_RULES};
pub(crate) use condition::trim;
pub use condition::{IntTest, MAX_LIST_VALUES};
pub use error::{ModelError, QualifyError};
pub use evaluate::{RuleOutcome, ScoreOptions, Stage, Verdict};
pub use evidence::{EvidenceKind, EvidenceSet};
pub use explain::{Category, Contribution, Qualification};
pub use field::{FieldValue, MAX_CUSTOM_DEPTH};
pub use model::{
    BuyingSignal, DisqualifyRule, EcosystemSection, FieldRule, FitSection, IntentRule,
    IntentSection, ScoringModel, quarter_end,
};
pub use points::Points;
pub use registry::ModelRegistry;
pub use tally::{CompiledRule, EventSlot, PartnerFacts, RuleField, Tally};

use crate::lead::Lead;
use crate::time::Instant;

/// Validate `model`, then score and explain `lead` at `as_of`.
///
/// For many leads, compile once with [`ScoringModel::compile`] instead.
pub fn qualify(
    model: &ScoringModel,
    lead: &Lead,
    as_of: Instant,
    opts: ScoreOptions,
) -> Result<Qualification, QualifyError> {
    model.compile()?.score(lead, as_of, opts)
}

//! Record hygiene (SPEC §4): is this record a duplicate, incomplete or stale?
//!
//! - `dedup.rs`: [`DedupKey`], email normalisation (IDNA, Public Suffix List)
//! - `freemail.rs`: the free-mail / ISP domain list and mailbox rules
//! - `merge.rs`: group by key, survivor, fill, conflicts, provenance, lineage
//! - `validate.rs`: mandatory fields, every violation at once
//! - `stale.rs`: archive-or-merge candidates
//! - `error.rs`: [`HygieneError`] and its codes

mod dedup;
mod error;
mod freemail;
mod merge;
mod stale;
mod validate;

pub use dedup::{
    DedupKey, MAX_EMAIL_LEN, MAX_LOCAL_LEN, MAX_PARTNER_ID_LEN, NormalizedEmail, normalize_email,
};
pub use error::{EmailProblem, HygieneError};
pub use freemail::{FREE_MAIL_LIST_LEN, FREE_MAIL_LIST_VERSION, PSL_VERSION, is_free_mail_domain};
pub use merge::{Conflict, FieldValue, MAX_BATCH, MergeGroup, MergeReport, merge};
pub use stale::{
    StaleConfig, StaleReason, StaleRecord, Suggestion, last_touched, stale_candidates,
};
pub use validate::{ValidationConfig, Violation, ViolationKind, validate, validate_all};

use crate::lead::Lead;

/// The dedup key of a lead: its email and `partner.id`.
///
/// ```
/// let lead = eql_core::Lead::from_json(
///     r#"{"id": "L-1", "email": "ana@eu.acme.co.uk", "partner": {"id": "P-7"}}"#,
/// ).unwrap();
/// assert_eq!(eql_core::hygiene::lead_key(&lead).unwrap().to_string(), "acme.co.uk|P-7");
/// ```
pub fn lead_key(lead: &Lead) -> Result<DedupKey, HygieneError> {
    let email = lead
        .email
        .as_deref()
        .ok_or(HygieneError::email(EmailProblem::Missing))?;
    let partner = lead.partner.as_ref().and_then(|p| p.id.as_deref());
    DedupKey::new(email, partner)
}

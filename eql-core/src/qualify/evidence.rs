//! Ecosystem evidence (SPEC §2): what makes a qualified lead an *ecosystem*
//! lead. Account overlap alone, purchased lists and unregistered sources do
//! not count.

use serde::{Deserialize, Serialize};

/// A kind of ecosystem evidence, listed in this order in results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// `partner.id` set and `partner.source` accepted by the model.
    PartnerReferral,
    /// An `integration_usage` event with `active: true`.
    IntegrationActive,
    /// A touchpoint tagged to a partner.
    PartnerTouchpoint,
    /// A partner co-marketing event (`webinar_attended`, `case_study_download`).
    CoMarketing,
}

impl EvidenceKind {
    /// Every kind, in result order.
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::PartnerReferral,
        EvidenceKind::IntegrationActive,
        EvidenceKind::PartnerTouchpoint,
        EvidenceKind::CoMarketing,
    ];

    /// The canonical snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::PartnerReferral => "partner_referral",
            EvidenceKind::IntegrationActive => "integration_active",
            EvidenceKind::PartnerTouchpoint => "partner_touchpoint",
            EvidenceKind::CoMarketing => "co_marketing",
        }
    }

    fn bit(self) -> u8 {
        match self {
            EvidenceKind::PartnerReferral => 1,
            EvidenceKind::IntegrationActive => 2,
            EvidenceKind::PartnerTouchpoint => 4,
            EvidenceKind::CoMarketing => 8,
        }
    }
}

/// The set of evidence kinds found for one lead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvidenceSet(u8);

impl EvidenceSet {
    pub(crate) fn insert(&mut self, k: EvidenceKind) {
        self.0 |= k.bit();
    }

    /// Whether `k` was found.
    pub fn contains(self, k: EvidenceKind) -> bool {
        self.0 & k.bit() != 0
    }

    /// No evidence at all.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds found, in result order.
    pub fn kinds(self) -> Vec<EvidenceKind> {
        EvidenceKind::ALL
            .into_iter()
            .filter(|k| self.contains(*k))
            .collect()
    }
}

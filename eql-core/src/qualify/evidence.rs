//! Ecosystem evidence (SPEC §2): what makes a qualified lead an *ecosystem*
//! lead. Account overlap alone, purchased lists and unregistered sources do
//! not count.

use serde::{Deserialize, Serialize};

use super::compile::CompiledModel;
use super::condition::{ci_eq, trim};
use super::events::EventTable;
use crate::lead::{Event, Lead};
use crate::time::Instant;

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

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !trim(s).is_empty())
}

/// Evidence carried by one event (already known to be at or before `as_of`).
pub(crate) fn from_event(table: &EventTable, slot: usize, ev: &Event) -> Option<EvidenceKind> {
    if table.is_integration_usage(slot) && ev.active == Some(true) {
        return Some(EvidenceKind::IntegrationActive);
    }
    if table.is_co_marketing(slot) && has_text(&ev.partner_id) {
        return Some(EvidenceKind::CoMarketing);
    }
    None
}

/// Evidence from the partner record and the touchpoints.
pub(crate) fn from_record(m: &CompiledModel, lead: &Lead, as_of: Instant, set: &mut EvidenceSet) {
    if let Some(p) = &lead.partner {
        let source_ok = p
            .source
            .as_deref()
            .is_some_and(|s| m.accepted_sources.iter().any(|a| ci_eq(trim(s), a)));
        let confirmed_ok =
            !m.model.ecosystem.require_partner_confirmation || p.confirmed == Some(true);
        let not_future = p.referral_date.is_none_or(|d| d <= as_of.date_naive());
        if has_text(&p.id) && source_ok && confirmed_ok && not_future {
            set.insert(EvidenceKind::PartnerReferral);
        }
    }
    if lead
        .touchpoints
        .iter()
        .any(|t| t.at <= as_of && has_text(&t.partner_id))
    {
        set.insert(EvidenceKind::PartnerTouchpoint);
    }
}

//! Partner status updates: lifecycle milestones of a referred lead become
//! the records a partner portal shows (as in Crossbeam or PartnerStack).
//!
//! Milestones move forward only: `accepted` → `meeting_booked` →
//! `opportunity_created` → `closed_won` | `closed_lost`. Steps may be
//! skipped (a lead can be closed lost right after acceptance) and the first
//! milestone of a lead may be any of them. Repeating a milestone or going
//! back is `milestone.out_of_order`; anything after a close (including
//! `closed_won` after `closed_lost`) is `milestone.after_close`; a milestone
//! dated before the previous one is `milestone.time_reversed`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::RoutingError;
use crate::error::from_json_str;
use crate::time::Instant;

/// A lifecycle milestone of a referred lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Milestone {
    Accepted,
    MeetingBooked,
    OpportunityCreated,
    ClosedWon,
    ClosedLost,
}

impl Milestone {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Accepted => "accepted",
            Milestone::MeetingBooked => "meeting_booked",
            Milestone::OpportunityCreated => "opportunity_created",
            Milestone::ClosedWon => "closed_won",
            Milestone::ClosedLost => "closed_lost",
        }
    }

    /// Position in the lifecycle; both closes share the last rank.
    fn rank(self) -> u8 {
        match self {
            Milestone::Accepted => 1,
            Milestone::MeetingBooked => 2,
            Milestone::OpportunityCreated => 3,
            Milestone::ClosedWon | Milestone::ClosedLost => 4,
        }
    }

    fn is_closed(self) -> bool {
        matches!(self, Milestone::ClosedWon | Milestone::ClosedLost)
    }

    /// What the partner portal shows as the referral's status.
    pub fn partner_status(self) -> PartnerStatus {
        match self {
            Milestone::Accepted | Milestone::MeetingBooked | Milestone::OpportunityCreated => {
                PartnerStatus::InProgress
            }
            Milestone::ClosedWon => PartnerStatus::Won,
            Milestone::ClosedLost => PartnerStatus::Lost,
        }
    }

    /// The stage label a partner sees.
    pub fn label(self) -> &'static str {
        match self {
            Milestone::Accepted => "Accepted",
            Milestone::MeetingBooked => "Meeting booked",
            Milestone::OpportunityCreated => "Opportunity created",
            Milestone::ClosedWon => "Closed won",
            Milestone::ClosedLost => "Closed lost",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Milestone::Accepted => "Your referral was accepted and assigned to a sales rep.",
            Milestone::MeetingBooked => "A first meeting with your referral is booked.",
            Milestone::OpportunityCreated => "Your referral is now a sales opportunity.",
            Milestone::ClosedWon => "Your referral became a customer.",
            Milestone::ClosedLost => "Your referral did not become a customer this time.",
        }
    }
}

/// The referral's status as a partner portal shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PartnerStatus {
    InProgress,
    Won,
    Lost,
}

/// A milestone reached by a lead (input).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneEvent {
    pub lead_id: String,
    pub partner_id: String,
    pub milestone: Milestone,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    /// Free text passed through to the partner (e.g. a next step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A partner notification record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartnerStatusUpdate {
    pub lead_id: String,
    pub partner_id: String,
    pub milestone: Milestone,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    /// 1 for the lead's first update, then 2, 3...
    pub sequence: u32,
    /// The milestone before this one, if any.
    pub previous_milestone: Option<Milestone>,
    pub status: PartnerStatus,
    /// Stage label, e.g. `Meeting booked`.
    pub stage: String,
    /// A sentence for the partner.
    pub message: String,
    /// The event's note, if any.
    pub note: Option<String>,
}

/// Parse milestone events from a JSON array.
pub fn milestone_events_from_json(text: &str) -> Result<Vec<MilestoneEvent>, RoutingError> {
    from_json_str(text).map_err(|f| RoutingError::from_serde("milestone events", f))
}

/// The partner updates of a batch of milestones, in input order.
///
/// Events of different leads may be interleaved; each lead's own events must
/// come in lifecycle order. The first invalid transition fails the batch
/// with an error naming the lead (the caller fixes its data rather than
/// notifying a partner of an impossible history).
///
/// ```
/// use eql_core::routing::{milestone_events_from_json, partner_status_updates};
///
/// let events = milestone_events_from_json(r#"[
///   {"lead_id": "L-1", "partner_id": "P-7", "milestone": "accepted", "at": "2026-11-02T09:00:00Z"},
///   {"lead_id": "L-1", "partner_id": "P-7", "milestone": "closed_won", "at": "2026-12-01T09:00:00Z"}
/// ]"#).unwrap();
/// let updates = partner_status_updates(&events).unwrap();
/// assert_eq!(updates[1].sequence, 2);
/// assert_eq!(updates[1].stage, "Closed won");
/// ```
pub fn partner_status_updates(
    events: &[MilestoneEvent],
) -> Result<Vec<PartnerStatusUpdate>, RoutingError> {
    // Per lead: (partner, last milestone, its time, updates so far).
    let mut leads: HashMap<&str, (&str, Milestone, Instant, u32)> = HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        if event.lead_id.trim().is_empty() {
            return Err(RoutingError::MissingId {
                index,
                field: "lead_id",
            });
        }
        if event.partner_id.trim().is_empty() {
            return Err(RoutingError::MissingId {
                index,
                field: "partner_id",
            });
        }
        let previous = leads.get(event.lead_id.as_str()).copied();
        let sequence = match previous {
            None => 1,
            Some((partner, last, last_at, count)) => {
                check_transition(event, partner, last, last_at)?;
                count.checked_add(1).ok_or(RoutingError::OutOfRange)?
            }
        };
        leads.insert(
            &event.lead_id,
            (&event.partner_id, event.milestone, event.at, sequence),
        );
        out.push(PartnerStatusUpdate {
            lead_id: event.lead_id.clone(),
            partner_id: event.partner_id.clone(),
            milestone: event.milestone,
            at: event.at,
            sequence,
            previous_milestone: previous.map(|p| p.1),
            status: event.milestone.partner_status(),
            stage: event.milestone.label().to_owned(),
            message: event.milestone.message().to_owned(),
            note: event.note.clone(),
        });
    }
    Ok(out)
}

fn check_transition(
    event: &MilestoneEvent,
    partner: &str,
    last: Milestone,
    last_at: Instant,
) -> Result<(), RoutingError> {
    let lead = || event.lead_id.clone();
    if partner != event.partner_id {
        return Err(RoutingError::PartnerChanged {
            lead: lead(),
            partner: event.partner_id.clone(),
            previous: partner.to_owned(),
        });
    }
    if last.is_closed() {
        return Err(RoutingError::AfterClose {
            lead: lead(),
            milestone: event.milestone.as_str(),
            closed: last.as_str(),
        });
    }
    if event.milestone.rank() <= last.rank() {
        return Err(RoutingError::OutOfOrder {
            lead: lead(),
            milestone: event.milestone.as_str(),
            previous: last.as_str(),
        });
    }
    if event.at < last_at {
        return Err(RoutingError::TimeReversed {
            lead: lead(),
            milestone: event.milestone.as_str(),
            at: crate::time::format_instant(&event.at),
            previous_at: crate::time::format_instant(&last_at),
        });
    }
    Ok(())
}

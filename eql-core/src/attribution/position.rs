//! The position models (first, last, linear, U-shaped, 40/40/20 partner
//! influence, custom) and the CRM milestone models (W-shaped, full path),
//! expressed as slots over the time-ordered touches.

use super::journey::Touch;
use super::model::Plan;
use super::rational::{Recipients, Slot};
use super::time_decay;
use crate::partner::has_partner;
use crate::utm::{PartnerRegistry, TouchTags};

/// A partner touch (SPEC §3): a non-blank `partner_id`, or — with a
/// registry — tagged to a registered partner by its link or referrer.
pub(crate) fn is_partner_touch(t: &Touch, registry: Option<&PartnerRegistry>) -> bool {
    has_partner(t.partner_id.as_deref())
        || registry.is_some_and(|r| {
            let tags = TouchTags {
                url: t.url.as_deref(),
                referrer: t.referrer.as_deref(),
                source: t.source.as_deref(),
                medium: t.medium.as_deref(),
            };
            r.tagged_partner(&tags).is_some()
        })
}

/// The slots of `plan` for the ordered, non-empty journey `touches`.
pub(crate) fn slots(
    plan: &Plan,
    touches: &[&Touch],
    registry: Option<&PartnerRegistry>,
) -> Vec<Slot> {
    let n = touches.len();
    let last = n.saturating_sub(1);
    let ends = || Recipients::List(vec![0, last]);
    match *plan {
        Plan::Linear => vec![Slot {
            weight: 1,
            recipients: Recipients::Range(0..n),
        }],
        Plan::Positions {
            first,
            middle,
            last: last_w,
            partner,
        } => {
            // No middle (n ≤ 2) or no partner touch: that weight goes half to
            // the first and half to the last touch (both halves to the only
            // touch when n = 1).
            let middle_to = if n >= 3 {
                Recipients::Range(1..last)
            } else {
                ends()
            };
            let partners: Vec<usize> = touches
                .iter()
                .enumerate()
                .filter(|(_, t)| is_partner_touch(t, registry))
                .map(|(i, _)| i)
                .collect();
            let partner_to = if partners.is_empty() {
                ends()
            } else {
                Recipients::List(partners)
            };
            vec![
                Slot {
                    weight: first,
                    recipients: Recipients::List(vec![0]),
                },
                Slot {
                    weight: middle,
                    recipients: middle_to,
                },
                Slot {
                    weight: last_w,
                    recipients: Recipients::List(vec![last]),
                },
                Slot {
                    weight: partner,
                    recipients: partner_to,
                },
            ]
        }
        Plan::Milestones {
            first,
            lead,
            opportunity,
            last: last_w,
            other,
        } => {
            let lead_at = touches.iter().position(|t| t.lead_created);
            let opp_at = touches.iter().position(|t| t.opportunity_created);
            let last_at = last_w.map(|_| last);
            let holds =
                |i: usize| i == 0 || Some(i) == lead_at || Some(i) == opp_at || Some(i) == last_at;
            let one = |at: Option<usize>| Recipients::List(at.into_iter().collect());
            vec![
                Slot {
                    weight: first,
                    recipients: Recipients::List(vec![0]),
                },
                Slot {
                    weight: lead,
                    recipients: one(lead_at),
                },
                Slot {
                    weight: opportunity,
                    recipients: one(opp_at),
                },
                Slot {
                    weight: last_w.unwrap_or(0),
                    recipients: one(last_at),
                },
                Slot {
                    weight: other,
                    recipients: Recipients::List((0..n).filter(|&i| !holds(i)).collect()),
                },
            ]
        }
        Plan::TimeDecay { half_life_ms } => time_decay::slots(half_life_ms, touches),
    }
}

//! The scoring kernel: one lead's facts in, a `Verdict` out, without a
//! `Lead`. `CompiledModel::evaluate` feeds it from a `Lead`; a columnar
//! engine feeds it from table columns (testing a rule once per dictionary
//! value, say). Both go through this one piece of logic, so both give the
//! same verdict.

use chrono::NaiveDate;

use super::compile::{CompiledModel, EventTest, FieldTest};
use super::evaluate::{RuleOutcome, Stage, Verdict, decayed};
use super::evidence::{EvidenceKind, EvidenceSet};
use super::field::{FieldRef, FieldValue};
use super::points::Points;
use crate::lead::LeadField;
use crate::time::Instant;

/// An event type the model cares about (see [`CompiledModel::event_slot`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventSlot(pub(crate) usize);

/// A field rule of a compiled model: fit rules, then disqualify rules, in
/// model order ([`CompiledModel::field_rules`]).
#[derive(Debug, Clone, Copy)]
pub struct CompiledRule<'m> {
    test: &'m FieldTest,
    id: &'m str,
}

/// What a field rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField<'m> {
    /// A field of the lead catalogue.
    Named(LeadField),
    /// `custom.<segments>`.
    Custom(&'m [String]),
}

impl<'m> CompiledRule<'m> {
    /// The rule id.
    pub fn id(&self) -> &'m str {
        self.id
    }

    /// The field the rule reads.
    pub fn field(&self) -> RuleField<'m> {
        match &self.test.field {
            FieldRef::Named(f) => RuleField::Named(*f),
            FieldRef::Custom(segs) => RuleField::Custom(segs),
        }
    }

    /// The field's canonical dotted path.
    pub fn path(&self) -> String {
        self.test.field.path()
    }

    /// The rule as a test on whole numbers (for integer columns), when the
    /// field can be one.
    pub fn int_test(&self) -> Option<super::condition::IntTest> {
        self.test.cond.for_integers()
    }

    /// Does a value satisfy the rule? A missing value matches only `is_unknown`.
    #[inline]
    pub fn test(&self, value: &FieldValue<'_>) -> bool {
        self.test.cond.test(value)
    }
}

/// The partner record of a lead, as ecosystem evidence needs it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartnerFacts {
    /// `partner.id` is present and not blank.
    pub has_id: bool,
    /// `partner.source` is one the model accepts ([`CompiledModel::accepts_source`]).
    pub source_accepted: bool,
    pub confirmed: Option<bool>,
    pub referral_date: Option<NaiveDate>,
}

impl CompiledModel {
    /// Fit rules then disqualify rules, in model order; the position of a
    /// rule here is its `rule` index for [`Tally::field`].
    pub fn field_rules(&self) -> impl ExactSizeIterator<Item = CompiledRule<'_>> {
        let ids = self
            .model
            .fit
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.model.disqualify.iter().map(|r| r.id.as_str()));
        self.fit
            .iter()
            .chain(&self.disqualify)
            .zip(ids)
            .map(|(test, id)| CompiledRule { test, id })
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The slot of an event type (trimmed, case-insensitive), or `None` for a
    /// type the model ignores: such events need not be shown to a [`Tally`].
    #[inline]
    pub fn event_slot(&self, kind: &str) -> Option<EventSlot> {
        self.events
            .lookup(super::condition::trim(kind))
            .map(EventSlot)
    }

    /// Whether a partner `source` counts for a partner referral.
    pub fn accepts_source(&self, source: &str) -> bool {
        let s = super::condition::trim(source);
        self.accepted_sources
            .iter()
            .any(|a| super::condition::ci_eq(s, a))
    }
}

/// One lead's facts, folded into a verdict. Reuse one tally for many
/// leads: [`begin`](Tally::begin) each lead, feed its facts in any order,
/// [`finish`](Tally::finish).
#[derive(Debug, Clone)]
pub struct Tally<'m> {
    model: &'m CompiledModel,
    as_of: Instant,
    as_of_secs: i64,
    verdict: Verdict,
    signal: bool,
    /// Per intent rule: ages of matching events, kept only for per-event decay.
    ages: Vec<Vec<i64>>,
}

impl<'m> Tally<'m> {
    /// A tally for scoring leads with `model` at `as_of` (the model's
    /// window is the caller's to check, see [`CompiledModel::check_window`]).
    pub fn new(model: &'m CompiledModel, as_of: Instant) -> Tally<'m> {
        Tally::reusing(model, as_of, Verdict::empty())
    }

    pub(crate) fn reusing(model: &'m CompiledModel, as_of: Instant, verdict: Verdict) -> Tally<'m> {
        let needs_ages = model
            .intent
            .iter()
            .any(|r| r.per_event && r.half_life_days.is_some());
        let mut t = Tally {
            model,
            as_of,
            as_of_secs: as_of.timestamp(),
            verdict,
            signal: false,
            ages: if needs_ages {
                vec![Vec::new(); model.intent.len()]
            } else {
                Vec::new()
            },
        };
        t.begin();
        t
    }

    /// Start the next lead.
    pub fn begin(&mut self) {
        let m = self.model;
        let n = m
            .fit
            .len()
            .saturating_add(m.intent.len())
            .saturating_add(m.disqualify.len());
        self.verdict.outcomes.clear();
        self.verdict.outcomes.resize(n, RuleOutcome::default());
        self.verdict.evidence = EvidenceSet::default();
        self.signal = false;
        for a in &mut self.ages {
            a.clear();
        }
    }

    /// The outcome slot of field rule `rule` (see [`CompiledModel::field_rules`]).
    fn field_slot(&mut self, rule: usize) -> Option<&mut RuleOutcome> {
        let m = self.model;
        let at = if rule < m.fit.len() {
            rule
        } else {
            rule.checked_add(m.intent.len())?
        };
        self.verdict.outcomes.get_mut(at)
    }

    /// Test field rule `rule` against the lead's value of its field.
    #[inline]
    pub fn field(&mut self, rule: usize, value: &FieldValue<'_>) {
        let missing = matches!(value, FieldValue::Missing);
        let m = self.model;
        let test = match rule.checked_sub(m.fit.len()) {
            None => m.fit.get(rule),
            Some(d) => m.disqualify.get(d),
        };
        let matched = test.is_some_and(|t| t.cond.test(value));
        self.field_outcome(rule, matched, missing);
    }

    /// Record an already computed outcome of field rule `rule`: whether it
    /// matched, and whether the lead lacks its field.
    #[inline]
    pub fn field_outcome(&mut self, rule: usize, matched: bool, missing: bool) {
        if let Some(out) = self.field_slot(rule) {
            out.matched = matched;
            out.missing = missing;
        }
    }

    /// Record the outcomes of every field rule at once, in
    /// [`CompiledModel::field_rules`] order: bit 0 matched, bit 1 missing.
    #[inline]
    pub fn field_outcomes(&mut self, bits: &[u8]) {
        let m = self.model;
        let n_fit = m.fit.len().min(bits.len());
        let (fit, dq) = bits.split_at(n_fit);
        let outcomes = &mut self.verdict.outcomes;
        for (out, b) in outcomes.iter_mut().zip(fit) {
            out.matched = b & 1 != 0;
            out.missing = b & 2 != 0;
        }
        let dq_start = n_fit.saturating_add(m.intent.len()).min(outcomes.len());
        for (out, b) in outcomes.iter_mut().skip(dq_start).zip(dq) {
            out.matched = b & 1 != 0;
            out.missing = b & 2 != 0;
        }
    }

    /// One event of the lead: its slot, its instant in whole seconds since
    /// the epoch (rounded down), `active` and whether it carries a non-blank
    /// `partner_id`.
    #[inline]
    pub fn event(&mut self, slot: EventSlot, at_secs: i64, active: Option<bool>, partner: bool) {
        let age = self.as_of_secs.saturating_sub(at_secs);
        if age < 0 {
            return; // after as_of: never counts
        }
        let m = self.model;
        let n_fit = m.fit.len();
        for &r in m.events.rules(slot.0) {
            let (Some(rule), Some(out)) = (
                m.intent.get(r),
                self.verdict.outcomes.get_mut(n_fit.saturating_add(r)),
            ) else {
                continue;
            };
            if rule.within_secs.is_none_or(|w| age <= w) {
                out.count = out.count.saturating_add(1);
                out.newest_age_secs = Some(out.newest_age_secs.map_or(age, |a| a.min(age)));
                if let Some(ages) = self.ages.get_mut(r) {
                    ages.push(age);
                }
            }
        }
        if m.events.is_integration_usage(slot.0) && active == Some(true) {
            self.verdict
                .evidence
                .insert(EvidenceKind::IntegrationActive);
        } else if m.events.is_co_marketing(slot.0) && partner {
            self.verdict.evidence.insert(EvidenceKind::CoMarketing);
        }
        self.signal |= m.events.is_gate(slot.0);
    }

    /// The lead's partner record.
    pub fn partner(&mut self, p: PartnerFacts) {
        let m = self.model;
        let confirmed_ok =
            !m.model.ecosystem.require_partner_confirmation || p.confirmed == Some(true);
        let not_future = p.referral_date.is_none_or(|d| d <= self.as_of.date_naive());
        if p.has_id && p.source_accepted && confirmed_ok && not_future {
            self.verdict.evidence.insert(EvidenceKind::PartnerReferral);
        }
    }

    /// A touchpoint tagged to a partner, at or before `as_of` (the caller
    /// compares at full precision).
    pub fn partner_touch(&mut self) {
        self.verdict
            .evidence
            .insert(EvidenceKind::PartnerTouchpoint);
    }

    /// The `as_of` instant of this tally.
    pub fn as_of(&self) -> Instant {
        self.as_of
    }

    /// Close the lead: caps, stage, the compact verdict.
    pub fn finish(&mut self) -> &Verdict {
        let m = self.model;
        let n_fit = m.fit.len();
        let n_intent = m.intent.len();
        let outcomes = &mut self.verdict.outcomes;
        let n_fit = n_fit.min(outcomes.len());
        let (fit_out, rest) = outcomes.split_at_mut(n_fit);
        let (intent_out, dq_out) = rest.split_at_mut(n_intent.min(rest.len()));

        let mut fit = Points::ZERO;
        for (rule, out) in m.fit.iter().zip(fit_out.iter_mut()) {
            out.points = if out.matched {
                rule.points
            } else {
                Points::ZERO
            };
            fit = fit.saturating_add(out.points);
        }
        let mut intent = Points::ZERO;
        for (r, (rule, out)) in m.intent.iter().zip(intent_out.iter_mut()).enumerate() {
            out.matched = out.count >= rule.min_count;
            out.points = if out.matched {
                intent_points(rule, out, self.ages.get_mut(r))
            } else {
                Points::ZERO
            };
            intent = intent.saturating_add(out.points);
        }
        let disqualified = dq_out.iter().any(|o| o.matched);

        let v = &mut self.verdict;
        v.fit = fit.clamp_to(m.fit_cap);
        v.intent = intent.clamp_to(m.intent_cap);
        v.total = v.fit.saturating_add(v.intent);
        v.buying_signal = m.gate.as_ref().map(|_| self.signal);
        let passes = v.total >= m.threshold && v.buying_signal != Some(false);
        v.stage = if disqualified {
            Stage::Disqualified
        } else if passes && (!v.evidence.is_empty() || !m.model.ecosystem.required_for_eql) {
            Stage::Eql
        } else if passes {
            Stage::Mql
        } else {
            Stage::Unqualified
        };
        &self.verdict
    }

    pub(crate) fn into_verdict(self) -> Verdict {
        self.verdict
    }
}

/// Points earned by a matched intent rule.
fn intent_points(rule: &EventTest, out: &RuleOutcome, ages: Option<&mut Vec<i64>>) -> Points {
    let base = Points::whole(rule.points);
    let Some(half_life) = rule.half_life_days else {
        if !rule.per_event {
            return base;
        }
        let n = rule.max.map_or(out.count, |m| out.count.min(m));
        return Points::from_hundredths(base.hundredths().saturating_mul(i64::from(n)));
    };
    if !rule.per_event {
        return decayed(rule.points, out.newest_age_secs.unwrap_or(0), half_life);
    }
    // Per-event decay: the newest `max` events earn points.
    let Some(ages) = ages else {
        return Points::ZERO;
    };
    ages.sort_unstable();
    let take = rule
        .max
        .map_or(ages.len(), |m| usize::try_from(m).unwrap_or(usize::MAX));
    ages.iter().take(take).fold(Points::ZERO, |acc, age| {
        acc.saturating_add(decayed(rule.points, *age, half_life))
    })
}

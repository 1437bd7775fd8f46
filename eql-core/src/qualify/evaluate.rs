//! The hot path: one compiled model against one lead, no string building.
//!
//! `evaluate` returns a compact `Verdict`; `explain.rs` turns it into the
//! readable `Qualification` only when a caller wants the explanation.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::compile::CompiledModel;
use super::condition::trim;
use super::error::QualifyError;
use super::evidence::EvidenceSet;
use super::field;
use super::points::Points;
use super::tally::{PartnerFacts, Tally};
use crate::lead::Lead;
use crate::time::{Instant, SECONDS_PER_DAY, format_instant};

/// The outcome of qualification, in SPEC §2 order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    Disqualified,
    Eql,
    Mql,
    Unqualified,
}

impl Stage {
    /// The wire name (`"eql"`, `"mql"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Disqualified => "disqualified",
            Stage::Eql => "eql",
            Stage::Mql => "mql",
            Stage::Unqualified => "unqualified",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one rule fared for one lead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleOutcome {
    pub points: Points,
    pub matched: bool,
    /// A field rule whose field the lead lacks.
    pub missing: bool,
    /// An intent rule: matching events in the window.
    pub count: u32,
    /// An intent rule: age of the newest matching event, in seconds.
    pub newest_age_secs: Option<i64>,
}

/// The compact result of scoring: numbers and flags, no text.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub stage: Stage,
    pub fit: Points,
    pub intent: Points,
    pub total: Points,
    pub evidence: EvidenceSet,
    /// `None` when the model has no buying-signal gate.
    pub buying_signal: Option<bool>,
    /// Fit rules, then intent rules, then disqualify rules, in model order.
    pub outcomes: Vec<RuleOutcome>,
}

impl Verdict {
    /// A verdict to fill with [`CompiledModel::evaluate_into`].
    pub fn empty() -> Verdict {
        Verdict {
            stage: Stage::Unqualified,
            fit: Points::ZERO,
            intent: Points::ZERO,
            total: Points::ZERO,
            evidence: EvidenceSet::default(),
            buying_signal: None,
            outcomes: Vec::new(),
        }
    }
}

/// Options for scoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ScoreOptions {
    /// Score even when `as_of` is outside the model's effective window.
    pub allow_outside_window: bool,
}

impl CompiledModel {
    /// Score a lead, checking the model's window and the lead's size limits.
    pub fn evaluate(
        &self,
        lead: &Lead,
        as_of: Instant,
        opts: ScoreOptions,
    ) -> Result<Verdict, QualifyError> {
        let mut verdict = Verdict::empty();
        self.evaluate_into(lead, as_of, opts, &mut verdict)?;
        Ok(verdict)
    }

    /// [`evaluate`](Self::evaluate) into a caller-owned verdict, reusing its
    /// buffer: the allocation-free form for scoring many leads in a loop.
    pub fn evaluate_into(
        &self,
        lead: &Lead,
        as_of: Instant,
        opts: ScoreOptions,
        verdict: &mut Verdict,
    ) -> Result<(), QualifyError> {
        self.check_window(as_of, opts)?;
        lead.check_limits().map_err(|source| QualifyError::Input {
            lead: lead.id.clone(),
            source,
        })?;
        self.evaluate_unchecked(lead, as_of, verdict);
        Ok(())
    }

    /// The error of scoring at `as_of` outside the model's effective window
    /// (unless `opts` allows it).
    pub fn check_window(&self, as_of: Instant, opts: ScoreOptions) -> Result<(), QualifyError> {
        if opts.allow_outside_window || self.in_force_at(as_of) {
            return Ok(());
        }
        let until = self.model.effective_until_or_default();
        Err(QualifyError::OutsideWindow {
            id: self.model.id.clone(),
            version: self.model.version.clone(),
            from: self.model.effective_from.to_string(),
            until: until.to_string(),
            as_of: format_instant(&as_of),
        })
    }

    fn evaluate_unchecked(&self, lead: &Lead, as_of: Instant, verdict: &mut Verdict) {
        let mut tally = Tally::reusing(self, as_of, std::mem::replace(verdict, Verdict::empty()));
        for (i, rule) in self.fit.iter().chain(&self.disqualify).enumerate() {
            tally.field(i, &field::get(lead, &rule.field));
        }
        for ev in &lead.events {
            if let Some(slot) = self.event_slot(&ev.kind) {
                tally.event(slot, ev.at.timestamp(), ev.active, has_text(&ev.partner_id));
            }
        }
        if let Some(p) = &lead.partner {
            tally.partner(PartnerFacts {
                has_id: has_text(&p.id),
                source_accepted: p.source.as_deref().is_some_and(|s| self.accepts_source(s)),
                confirmed: p.confirmed,
                referral_date: p.referral_date,
            });
        }
        if lead
            .touchpoints
            .iter()
            .any(|t| t.at <= as_of && self.tags_partner(t))
        {
            tally.partner_touch();
        }
        tally.finish();
        *verdict = tally.into_verdict();
    }
}

impl CompiledModel {
    /// Whether a touchpoint is tagged to a partner: a non-blank
    /// `partner_id`, or (with a registry) its link or referrer.
    pub(crate) fn tags_partner(&self, t: &crate::lead::Touchpoint) -> bool {
        has_text(&t.partner_id)
            || self.registry.as_deref().is_some_and(|r| {
                r.tagged_partner(&crate::utm::TouchTags {
                    url: t.url.as_deref(),
                    referrer: t.referrer.as_deref(),
                    source: t.source.as_deref(),
                    medium: t.medium.as_deref(),
                })
                .is_some()
            })
    }
}

/// A non-blank text: the one rule for "has a partner id" (and the like).
pub(crate) fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !trim(s).is_empty())
}

/// points × 2^(−age/half_life), rounded half-even to 2 decimals.
///
/// `libm::exp2` is a pure-Rust implementation, so native and WASM builds
/// produce the same bits (platform `powf` does not guarantee that). The
/// rounding is of the exact binary value: the f64 shortcut is used only when
/// it cannot differ, i.e. away from a .5 boundary.
pub(crate) fn decayed(points: i64, age_secs: i64, half_life_days: f64) -> Points {
    let age_days = age_secs as f64 / SECONDS_PER_DAY as f64;
    let x = points as f64 * libm::exp2(-age_days / half_life_days);
    let y = x * 100.0;
    let r = y.round_ties_even();
    if (y - r).abs() < 0.499_999 && r.abs() < 9.0e15 {
        return Points::from_hundredths(r as i64);
    }
    let exact = Decimal::from_f64_retain(x).unwrap_or(Decimal::ZERO);
    let rounded = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    let hundredths = rounded
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(Decimal::ZERO)
        .trunc();
    Points::from_hundredths(i64::try_from(hundredths).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path agrees with exact decimal rounding of the same f64.
    #[test]
    fn fast_rounding_matches_exact() {
        for points in [-37i64, 1, 3, 10, 25, 30, 99, 1000] {
            for age in (0..2_000_000i64).step_by(3_607) {
                for h in [0.5, 1.0, 7.0, 13.3, 30.0] {
                    let x = points as f64 * libm::exp2(-(age as f64 / 86_400.0) / h);
                    let exact = Decimal::from_f64_retain(x)
                        .unwrap()
                        .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
                    assert_eq!(
                        decayed(points, age, h).to_decimal(),
                        exact.normalize(),
                        "{points} {age} {h}"
                    );
                }
            }
        }
    }
}

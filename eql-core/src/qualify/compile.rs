//! Model validation and compilation: every check runs once, here, so scoring
//! many leads never re-validates (STYLE practice 10).

use std::collections::HashSet;

use super::condition::{self, Condition, Site};
use super::error::ModelError;
use super::events::EventTable;
use super::field::{self, FieldKind, FieldRef};
use super::model::{FieldRule, IntentRule, ScoringModel};
use super::points::Points;
use crate::time::{Instant, SECONDS_PER_DAY, start_of_day};

/// Most rules (fit + intent + disqualify) one model may have.
pub const MAX_RULES: usize = 1_000;
/// Largest absolute points of one rule, and largest cap.
pub const MAX_POINTS: i64 = 1_000_000;
/// Longest `within_days` / `half_life_days`, in days (100 years).
pub const MAX_DAYS: u32 = 36_500;

/// A field rule ready to test.
#[derive(Debug, Clone)]
pub(crate) struct FieldTest {
    pub field: FieldRef,
    pub cond: Condition,
    pub points: Points,
}

/// An intent rule ready to count events.
#[derive(Debug, Clone)]
pub(crate) struct EventTest {
    /// Lower-cased event type.
    pub event: String,
    pub points: i64,
    pub within_secs: Option<i64>,
    pub min_count: u32,
    pub half_life_days: Option<f64>,
    pub per_event: bool,
    pub max: Option<u32>,
}

/// A validated model, ready to score many leads.
#[derive(Debug, Clone)]
pub struct CompiledModel {
    pub(crate) model: ScoringModel,
    pub(crate) fingerprint: String,
    pub(crate) from: Instant,
    /// First instant after the window.
    pub(crate) until: Instant,
    pub(crate) fit: Vec<FieldTest>,
    pub(crate) intent: Vec<EventTest>,
    pub(crate) disqualify: Vec<FieldTest>,
    pub(crate) fit_cap: Points,
    pub(crate) intent_cap: Points,
    pub(crate) threshold: Points,
    pub(crate) accepted_sources: Vec<String>,
    pub(crate) gate: Option<Vec<String>>,
    pub(crate) events: EventTable,
    /// Registered partners whose tagged touches count as evidence.
    pub(crate) registry: Option<std::sync::Arc<crate::utm::PartnerRegistry>>,
}

impl ScoringModel {
    /// Validate the model and compile it for scoring.
    ///
    /// ```
    /// let model = eql_core::presets::eql_default();
    /// let compiled = model.compile().unwrap();
    /// assert_eq!(compiled.model().threshold, 70);
    /// ```
    pub fn compile(&self) -> Result<CompiledModel, ModelError> {
        compile(self)
    }
}

fn setting(key: &str, message: impl Into<String>) -> ModelError {
    ModelError::InvalidSetting {
        key: key.into(),
        message: message.into(),
    }
}

fn compile(m: &ScoringModel) -> Result<CompiledModel, ModelError> {
    if m.id.trim().is_empty() {
        return Err(setting("id", "must not be empty"));
    }
    if m.version.trim().is_empty() {
        return Err(setting("version", "must not be empty"));
    }
    let until_day = m.effective_until_or_default();
    if until_day < m.effective_from {
        return Err(ModelError::InvalidWindow {
            from: m.effective_from.to_string(),
            until: until_day.to_string(),
        });
    }
    let n_rules = m
        .fit
        .rules
        .len()
        .saturating_add(m.intent.rules.len())
        .saturating_add(m.disqualify.len());
    if n_rules > MAX_RULES {
        return Err(ModelError::TooLarge {
            what: "rules".into(),
            limit: MAX_RULES,
            actual: n_rules,
        });
    }
    for (key, cap) in [("fit.cap", m.fit.cap), ("intent.cap", m.intent.cap)] {
        if !(0..=MAX_POINTS).contains(&cap) {
            return Err(setting(key, format!("must be between 0 and {MAX_POINTS}")));
        }
    }
    let caps = m.fit.cap.saturating_add(m.intent.cap);
    if m.threshold > caps {
        return Err(ModelError::ThresholdAboveCaps {
            threshold: m.threshold,
            caps,
        });
    }
    if m.threshold < 0 {
        return Err(setting("threshold", "must not be negative"));
    }
    check_ids(m)?;

    let fit = m
        .fit
        .rules
        .iter()
        .map(field_test)
        .collect::<Result<Vec<_>, _>>()?;
    let intent = m
        .intent
        .rules
        .iter()
        .map(event_test)
        .collect::<Result<Vec<_>, _>>()?;
    let disqualify = m
        .disqualify
        .iter()
        .map(|r| {
            let as_field = FieldRule {
                id: r.id.clone(),
                field: r.field.clone(),
                op: r.op.clone(),
                value: r.value.clone(),
                points: 0,
            };
            field_test(&as_field)
        })
        .collect::<Result<Vec<_>, _>>()?;

    let lower = |v: &[String]| {
        v.iter()
            .map(|s| s.trim().to_lowercase())
            .collect::<Vec<_>>()
    };
    let until = until_day
        .succ_opt()
        .map(start_of_day)
        .ok_or_else(|| setting("effective_until", "out of range"))?;
    let gate = m.buying_signal.as_ref().map(|g| lower(&g.require_any));
    let events = EventTable::build(&intent, gate.as_deref());
    Ok(CompiledModel {
        model: m.normalized(),
        fingerprint: m.fingerprint(),
        from: start_of_day(m.effective_from),
        until,
        fit,
        intent,
        disqualify,
        fit_cap: Points::whole(m.fit.cap),
        intent_cap: Points::whole(m.intent.cap),
        threshold: Points::whole(m.threshold),
        accepted_sources: lower(&m.ecosystem.accepted_partner_sources),
        gate,
        events,
        registry: None,
    })
}

fn check_ids(m: &ScoringModel) -> Result<(), ModelError> {
    let ids = m
        .fit
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(m.intent.rules.iter().map(|r| r.id.as_str()))
        .chain(m.disqualify.iter().map(|r| r.id.as_str()));
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(ModelError::InvalidValue {
                rule: id.into(),
                field: None,
                key: "id".into(),
                message: "must not be empty".into(),
            });
        }
        if !seen.insert(id) {
            return Err(ModelError::DuplicateRuleId { rule: id.into() });
        }
    }
    Ok(())
}

fn check_points(rule: &str, points: i64) -> Result<(), ModelError> {
    if points.checked_abs().is_none_or(|p| p > MAX_POINTS) {
        return Err(ModelError::InvalidValue {
            rule: rule.into(),
            field: None,
            key: "points".into(),
            message: format!("must be between -{MAX_POINTS} and {MAX_POINTS}"),
        });
    }
    Ok(())
}

fn field_test(r: &FieldRule) -> Result<FieldTest, ModelError> {
    check_points(&r.id, r.points)?;
    let path = r.field.trim();
    let (field, kind): (FieldRef, FieldKind) =
        field::resolve(path).ok_or_else(|| ModelError::UnknownField {
            rule: r.id.clone(),
            field: r.field.clone(),
        })?;
    let site = Site {
        rule: &r.id,
        field: path,
        op: r.op.trim(),
        kind,
    };
    let cond = condition::compile(&site, &r.value)?;
    Ok(FieldTest {
        field,
        cond,
        points: Points::whole(r.points),
    })
}

fn event_test(r: &IntentRule) -> Result<EventTest, ModelError> {
    check_points(&r.id, r.points)?;
    let bad = |key: &str, message: &str| ModelError::InvalidValue {
        rule: r.id.clone(),
        field: None,
        key: key.into(),
        message: message.into(),
    };
    if r.event.trim().is_empty() {
        return Err(bad("event", "must not be empty"));
    }
    if r.within_days.is_some_and(|d| d > MAX_DAYS) {
        return Err(bad("within_days", "must be at most 36500"));
    }
    if r.min_count == Some(0) {
        return Err(bad("min_count", "must be at least 1"));
    }
    if let Some(h) = r.half_life_days
        && !(h.is_finite() && h > 0.0 && h <= f64::from(MAX_DAYS))
    {
        return Err(bad(
            "half_life_days",
            "must be a number of days above 0 and at most 36500",
        ));
    }
    match (r.per_event, r.max) {
        (false, Some(_)) => return Err(bad("max", "only applies with per_event = true")),
        (_, Some(0)) => return Err(bad("max", "must be at least 1")),
        _ => {}
    }
    Ok(EventTest {
        event: r.event.trim().to_lowercase(),
        points: r.points,
        within_secs: r
            .within_days
            .map(|d| i64::from(d).saturating_mul(SECONDS_PER_DAY)),
        min_count: r.min_count.unwrap_or(1),
        half_life_days: r.half_life_days,
        per_event: r.per_event,
        max: r.max,
    })
}

impl CompiledModel {
    /// The normalised source model.
    pub fn model(&self) -> &ScoringModel {
        &self.model
    }

    /// Stable hash of the model's canonical form.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// This model with a partner registry: a touchpoint tagged to a
    /// registered partner by its link (alias with a partner medium) or its
    /// referrer (a partner's domain) counts as partner evidence even without
    /// a `partner_id` (SPEC §2). The registry is checked first.
    ///
    /// ```
    /// use eql_core::{Lead, ScoreOptions, presets, time::parse_instant, utm::PartnerRegistry};
    /// let reg = PartnerRegistry::from_json(r#"{"partners": [{"id": "P-7", "utm_sources": ["p7"]}]}"#).unwrap();
    /// let model = presets::eql_default().compile().unwrap().with_registry(reg).unwrap();
    /// let lead = Lead::from_json(r#"{"id": "L", "touchpoints": [{"id": "T", "at": "2026-10-01T00:00:00Z",
    ///     "url": "https://v.example/?utm_source=p7&utm_medium=referral"}]}"#).unwrap();
    /// let q = model.score(&lead, parse_instant("2026-10-15T00:00:00Z").unwrap(), ScoreOptions::default()).unwrap();
    /// assert_eq!(q.ecosystem_evidence, [eql_core::EvidenceKind::PartnerTouchpoint]);
    /// ```
    pub fn with_registry(
        mut self,
        registry: crate::utm::PartnerRegistry,
    ) -> Result<CompiledModel, crate::utm::UtmError> {
        registry.check()?;
        self.registry = Some(std::sync::Arc::new(registry));
        Ok(self)
    }

    /// The partner registry scoring uses, if any.
    pub fn registry(&self) -> Option<&crate::utm::PartnerRegistry> {
        self.registry.as_deref()
    }

    /// Is the model in force at `at`?
    pub fn in_force_at(&self, at: Instant) -> bool {
        self.from <= at && at < self.until
    }
}

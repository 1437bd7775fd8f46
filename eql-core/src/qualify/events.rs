//! The event types a model cares about, looked up once per event.
//!
//! Comparing every event with every intent rule costs events × rules string
//! comparisons; this table makes it one short scan per event (mostly integer
//! length checks), then plain index lists.

use super::compile::EventTest;
use super::condition::ascii_ci_eq;

const GATE: u8 = 1;
const INTEGRATION_USAGE: u8 = 2;
const CO_MARKETING: u8 = 4;

/// Partner co-marketing event types (SPEC §2).
pub(crate) const CO_MARKETING_EVENTS: [&str; 2] = ["webinar_attended", "case_study_download"];

/// Distinct lower-cased event types, with the rules and roles of each.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventTable {
    names: Vec<String>,
    intent: Vec<Vec<usize>>,
    flags: Vec<u8>,
    /// Slots by name length (bytes), so most events are rejected by one index.
    by_len: Vec<Vec<usize>>,
}

/// Names longer than this are found by a full scan.
const MAX_INDEXED_LEN: usize = 64;

impl EventTable {
    pub(crate) fn build(intent: &[EventTest], gate: Option<&[String]>) -> EventTable {
        let mut t = EventTable::default();
        for (i, rule) in intent.iter().enumerate() {
            let slot = t.slot(&rule.event);
            if let Some(rules) = t.intent.get_mut(slot) {
                rules.push(i);
            }
        }
        for g in gate.unwrap_or_default() {
            t.flag(g, GATE);
        }
        t.flag("integration_usage", INTEGRATION_USAGE);
        for c in CO_MARKETING_EVENTS {
            t.flag(c, CO_MARKETING);
        }
        t.by_len = vec![Vec::new(); MAX_INDEXED_LEN.saturating_add(1)];
        for (i, n) in t.names.iter().enumerate() {
            if let Some(bucket) = t.by_len.get_mut(n.len()) {
                bucket.push(i);
            }
        }
        t
    }

    fn slot(&mut self, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_owned());
                self.intent.push(Vec::new());
                self.flags.push(0);
                self.names.len().saturating_sub(1)
            }
        }
    }

    fn flag(&mut self, name: &str, flag: u8) {
        let slot = self.slot(name);
        if let Some(f) = self.flags.get_mut(slot) {
            *f |= flag;
        }
    }

    /// The slot of a (trimmed) event type, case-insensitively.
    #[inline]
    pub(crate) fn lookup(&self, kind: &str) -> Option<usize> {
        let bytes = kind.as_bytes();
        let hit = match self.by_len.get(bytes.len()) {
            Some(bucket) => bucket.iter().copied().find(|&i| self.name_is(i, bytes)),
            None => self
                .names
                .iter()
                .position(|n| ascii_ci_eq(bytes, n.as_bytes())),
        };
        if hit.is_some() || kind.is_ascii() {
            return hit;
        }
        let lower = kind.to_lowercase();
        self.names.iter().position(|n| *n == lower)
    }

    fn name_is(&self, slot: usize, bytes: &[u8]) -> bool {
        self.names
            .get(slot)
            .is_some_and(|n| ascii_ci_eq(bytes, n.as_bytes()))
    }

    /// Intent rules counting this event type.
    #[inline]
    pub(crate) fn rules(&self, slot: usize) -> &[usize] {
        self.intent.get(slot).map_or(&[], Vec::as_slice)
    }

    fn has(&self, slot: usize, flag: u8) -> bool {
        self.flags.get(slot).is_some_and(|f| f & flag != 0)
    }

    pub(crate) fn is_gate(&self, slot: usize) -> bool {
        self.has(slot, GATE)
    }

    pub(crate) fn is_integration_usage(&self, slot: usize) -> bool {
        self.has(slot, INTEGRATION_USAGE)
    }

    pub(crate) fn is_co_marketing(&self, slot: usize) -> bool {
        self.has(slot, CO_MARKETING)
    }
}

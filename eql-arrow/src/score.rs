//! Scoring a table of leads column by column: no `Lead` is built on this
//! path. Each field rule is tested down its column (once per distinct
//! value of a dictionary column), then each lead's events, partner record
//! and touchpoints are folded by the core's `Tally`, the same kernel
//! `CompiledModel::evaluate` uses. Rows are split into chunks scored in
//! parallel (rayon); results keep the input order.

use std::collections::HashSet;
use std::sync::Arc;

use arrow_array::{Array, RecordBatch};
use arrow_schema::SchemaRef;
use eql_core::qualify::{CompiledRule, EventSlot, PartnerFacts, RuleField, Tally};
use eql_core::time::Instant;
use eql_core::{CompiledModel, ErrorCode, InputError, LeadField, ScoreOptions};
use rayon::prelude::*;

use crate::access::TextColumn;
use crate::bind::{Bound, Column, Owner, ReadOptions, Records, bind};
use crate::check::{RowError, validate};
use crate::join::LongTable;
use crate::output::{Out, result_schema};
use crate::values::{Custom, lead, test_named};

/// Rows scored together by one thread.
const CHUNK: usize = 16_384;

/// The settings of a scoring run.
#[derive(Debug, Clone, Copy)]
pub struct ScoreRun {
    pub as_of: Instant,
    pub options: ScoreOptions,
    pub read: ReadOptions,
    /// Add the explained columns (reasons, summary, contributions).
    pub explain: bool,
}

/// The events and touchpoints of a table of leads given as long tables.
#[derive(Debug, Clone, Default)]
pub struct LongTables {
    pub events: Option<Arc<LongTable>>,
    pub touchpoints: Option<Arc<LongTable>>,
}

/// Where a field rule reads its value.
enum Source<'b> {
    Named(Option<&'b Column>),
    Custom(Custom),
}

/// A per-value table for a dictionary column, else a test per row.
struct Lookup<T> {
    table: Option<(Vec<T>, T)>,
}

impl<T: Copy> Lookup<T> {
    fn new(col: Option<&TextColumn>, f: impl Fn(Option<&str>) -> T) -> Lookup<T> {
        let table = col.and_then(TextColumn::dictionary).map(|(_, values)| {
            let n = values.len();
            ((0..n).map(|v| f(values.get(v))).collect(), f(None))
        });
        Lookup { table }
    }

    #[inline]
    fn get(&self, col: &TextColumn, row: usize, f: impl Fn(Option<&str>) -> T) -> T {
        match (&self.table, col.dictionary()) {
            (Some((table, null)), Some((keys, _))) => {
                if col.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                    return *null;
                }
                table.get(keys.get(row) as usize).copied().unwrap_or(*null)
            }
            _ => f(col.get(row)),
        }
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// A model ready to score tables.
pub struct TableScorer<'m> {
    model: &'m CompiledModel,
    rules: Vec<CompiledRule<'m>>,
    /// Distinct fit-rule field paths, sorted, each with one of its rules.
    missing_paths: Vec<(String, usize)>,
    run: ScoreRun,
    window: Option<RowError>,
}

impl<'m> TableScorer<'m> {
    pub fn new(model: &'m CompiledModel, run: ScoreRun) -> TableScorer<'m> {
        let rules: Vec<CompiledRule<'m>> = model.field_rules().collect();
        let n_fit = model.model().fit.rules.len();
        let mut missing_paths: Vec<(String, usize)> = rules
            .iter()
            .take(n_fit)
            .enumerate()
            .map(|(i, r)| (r.path(), i))
            .collect();
        missing_paths.sort();
        missing_paths.dedup_by(|a, b| a.0 == b.0);
        let window = model
            .check_window(run.as_of, run.options)
            .err()
            .map(|e| RowError::of(&e));
        TableScorer {
            model,
            rules,
            missing_paths,
            run,
            window,
        }
    }

    /// The schema of the results for a leads table of schema `leads`.
    pub fn result_schema(&self, leads: &arrow_schema::Schema) -> SchemaRef {
        let id = leads
            .field_with_name("id")
            .map_or(arrow_schema::DataType::Utf8, |f| f.data_type().clone());
        result_schema(&id, self.run.explain)
    }

    /// Check a leads table's schema before reading any row: unknown
    /// columns, wrong types, naive timestamps, no `id`.
    pub fn check_schema(&self, leads: &SchemaRef, long: &LongTables) -> Result<(), InputError> {
        self.bind(&RecordBatch::new_empty(leads.clone()), long)
            .map(|_| ())
    }

    fn bind(&self, batch: &RecordBatch, long: &LongTables) -> Result<Bound, InputError> {
        let ids = batch
            .column_by_name("id")
            .and_then(|a| TextColumn::new(a, a.logical_nulls()));
        let join = |t: &Option<Arc<LongTable>>| match (t, &ids) {
            (Some(t), Some(ids)) => Some(t.join(ids, batch.num_rows())),
            _ => None,
        };
        bind(
            batch,
            join(&long.events),
            join(&long.touchpoints),
            self.run.read,
        )
    }

    /// Score a whole table of leads (its batches in order): the schema is
    /// checked first, then every record of the long tables must join a lead.
    pub fn score_table(
        &self,
        schema: &SchemaRef,
        batches: &[RecordBatch],
        long: &LongTables,
    ) -> Result<Vec<RecordBatch>, InputError> {
        self.check_schema(schema, long)?;
        if long.events.is_some() || long.touchpoints.is_some() {
            let columns: Vec<TextColumn> = batches
                .iter()
                .filter_map(|b| b.column_by_name("id"))
                .filter_map(|a| TextColumn::new(a, a.logical_nulls()))
                .collect();
            let ids: HashSet<&str> = columns
                .iter()
                .flat_map(|c| (0..c.rows()).filter_map(|r| c.get(r)))
                .collect();
            for t in [&long.events, &long.touchpoints].into_iter().flatten() {
                t.orphans(&ids)?;
            }
        }
        let mut out = Vec::new();
        for b in batches {
            out.extend(self.score_batch(b, long)?);
        }
        Ok(out)
    }

    /// Score one batch of leads: result batches (one per chunk), in order.
    pub fn score_batch(
        &self,
        batch: &RecordBatch,
        long: &LongTables,
    ) -> Result<Vec<RecordBatch>, InputError> {
        let bound = self.bind(batch, long)?;
        let schema = result_schema(bound.id_array.data_type(), self.run.explain);
        let sources: Vec<Source<'_>> = self
            .rules
            .iter()
            .map(|r| match r.field() {
                RuleField::Named(f) => Source::Named(bound.field(f)),
                RuleField::Custom(_) => Source::Custom(Custom::new(&bound, &r.path())),
            })
            .collect();
        let ctx = Ctx::new(self, &bound, sources);
        let starts: Vec<usize> = (0..bound.rows).step_by(CHUNK).collect();
        let parts: Vec<Result<RecordBatch, String>> = starts
            .into_par_iter()
            .map(|s| ctx.chunk(s..s.saturating_add(CHUNK).min(bound.rows), &schema))
            .collect();
        parts
            .into_iter()
            .map(|p| {
                p.map_err(|message| InputError::Invalid {
                    path: "$".into(),
                    message,
                })
            })
            .collect()
    }
}

/// One batch, ready to score chunk by chunk.
struct Ctx<'s, 'm, 'b> {
    s: &'s TableScorer<'m>,
    b: &'b Bound,
    sources: Vec<Source<'b>>,
    event_slot: Lookup<Option<EventSlot>>,
    event_partner: Lookup<bool>,
    source_ok: Lookup<bool>,
    touch_partner: Lookup<bool>,
}

fn records_text(r: Option<&Records>, f: LeadField) -> Option<&TextColumn> {
    r.and_then(|r| r.columns.text(f))
}

fn text_of(b: &Bound, f: LeadField) -> Option<&TextColumn> {
    match b.field(f) {
        Some(Column::Text(t)) => Some(t),
        _ => None,
    }
}

impl<'s, 'm, 'b> Ctx<'s, 'm, 'b> {
    fn new(s: &'s TableScorer<'m>, b: &'b Bound, sources: Vec<Source<'b>>) -> Self {
        let m = s.model;
        let ev = b.events.as_ref();
        let tp = b.touchpoints.as_ref();
        Ctx {
            s,
            b,
            sources,
            event_slot: Lookup::new(records_text(ev, LeadField::EventType), |t| {
                t.and_then(|t| m.event_slot(t))
            }),
            event_partner: Lookup::new(records_text(ev, LeadField::EventPartnerId), |t| !blank(t)),
            source_ok: Lookup::new(text_of(b, LeadField::PartnerSource), |t| {
                t.is_some_and(|t| m.accepts_source(t))
            }),
            touch_partner: Lookup::new(records_text(tp, LeadField::TouchPartnerId), |t| !blank(t)),
        }
    }

    /// Whether touch `t` is tagged to a registered partner by its link or referrer.
    fn registry_tags(&self, r: &eql_core::utm::PartnerRegistry, tp: &Records, t: usize) -> bool {
        let text = |f| records_text(Some(tp), f).and_then(|c| c.get(t));
        let tags = eql_core::utm::TouchTags {
            url: text(LeadField::TouchUrl),
            referrer: text(LeadField::TouchReferrer),
            source: text(LeadField::TouchSource),
            medium: text(LeadField::TouchMedium),
        };
        r.tagged_partner(&tags).is_some()
    }

    /// Outcome bits of every rule for every row of the chunk, row-major
    /// (one row's rules side by side): bit 0 matched, bit 1 missing.
    fn outcomes(&self, rows: std::ops::Range<usize>) -> Vec<u8> {
        use eql_core::qualify::FieldValue;
        let pack = |(matched, missing): (bool, bool)| u8::from(matched) | (u8::from(missing) << 1);
        let width = self.sources.len();
        let mut out = vec![0u8; width.saturating_mul(rows.len())];
        let mut scratch = Vec::new();
        let mut col_out = Vec::new();
        for (r, (rule, src)) in self.s.rules.iter().zip(&self.sources).enumerate() {
            col_out.clear();
            match src {
                Source::Named(Some(Column::Text(t))) => {
                    let judge = |v: Option<&str>| {
                        let v = v.map_or(FieldValue::Missing, FieldValue::text);
                        pack((rule.test(&v), matches!(v, FieldValue::Missing)))
                    };
                    t.map_values(rows.clone(), judge, &mut col_out);
                }
                Source::Named(Some(Column::Count(c))) if rule.int_test().is_some() => {
                    let it = rule.int_test().unwrap_or(eql_core::qualify::IntTest::Never);
                    col_out.extend(rows.clone().map(|row| {
                        let v = c.int(row);
                        pack((it.test(v), v.is_none()))
                    }));
                }
                Source::Named(col) => col_out.extend(
                    rows.clone()
                        .map(|row| pack(test_named(rule, *col, row, &mut scratch))),
                ),
                Source::Custom(c) => {
                    col_out.extend(rows.clone().map(|row| pack(c.test(rule, row))));
                }
            }
            for (slot, bits) in out.iter_mut().skip(r).step_by(width.max(1)).zip(&col_out) {
                *slot = *bits;
            }
        }
        out
    }

    fn chunk(
        &self,
        rows: std::ops::Range<usize>,
        schema: &SchemaRef,
    ) -> Result<RecordBatch, String> {
        let b = self.b;
        let m = self.s.model;
        let run = &self.s.run;
        let n = rows.len();
        let mut errors: Vec<Option<RowError>> = vec![None; n];
        validate(b, rows.clone(), &mut errors);
        let outcomes = self.outcomes(rows.clone());
        let mut out = Out::new(n, run.explain);
        let mut tally = Tally::new(m, run.as_of);
        let ev = b.events.as_ref();
        let tp = b.touchpoints.as_ref();
        let ev_type = records_text(ev, LeadField::EventType);
        let ev_at = ev.and_then(|r| r.columns.time(LeadField::EventAt));
        let ev_active = ev.and_then(|r| r.columns.bool(LeadField::EventActive));
        let ev_partner = records_text(ev, LeadField::EventPartnerId).filter(|p| !p.all_null());
        // Event slots of the chunk's events at once, when they are contiguous.
        let pre = match (ev.map(|r| &r.owner), ev_type, ev_at) {
            (Some(Owner::Lists(l)), Some(types), Some(at)) if n > 0 => {
                let span = l.span(&rows);
                let mut slots = Vec::with_capacity(span.len());
                types.map_values(
                    span.clone(),
                    |t| t.and_then(|t| m.event_slot(t)),
                    &mut slots,
                );
                let mut secs = Vec::with_capacity(span.len());
                at.secs_range(span.clone(), &mut secs);
                Some((span.start, slots, secs))
            }
            _ => None,
        };
        let tp_at = tp.and_then(|r| r.columns.time(LeadField::TouchAt));
        let tp_partner = records_text(tp, LeadField::TouchPartnerId).filter(|p| !p.all_null());
        let tp_limit = tp_at.and_then(|t| t.in_unit(&run.as_of));
        let registry = m.registry();
        let partner_id = text_of(b, LeadField::PartnerId);
        let partner_source = text_of(b, LeadField::PartnerSource);
        let partner_confirmed = match b.field(LeadField::PartnerConfirmed) {
            Some(Column::Bool(c)) => Some(c),
            _ => None,
        };
        let referral = match b.field(LeadField::PartnerReferralDate) {
            Some(Column::Date(c)) => Some(c),
            _ => None,
        };

        for (i, row) in rows.clone().enumerate() {
            if let Some(e) = errors
                .get(i)
                .and_then(Option::as_ref)
                .or(self.s.window.as_ref())
            {
                out.failed(e.code, &e.message);
                continue;
            }
            tally.begin();
            let width = self.s.rules.len();
            let lo = i.saturating_mul(width);
            let bits = outcomes
                .get(lo..lo.saturating_add(width))
                .unwrap_or_default();
            tally.field_outcomes(bits);
            if let (Some(ev), Some(types), Some(at)) = (ev, ev_type, ev_at) {
                for e in ev.rows(row) {
                    let (slot, secs) = match &pre {
                        Some((lo, slots, secs)) => {
                            let k = e.wrapping_sub(*lo);
                            let Some(slot) = slots.get(k).copied().flatten() else {
                                continue;
                            };
                            (slot, secs.get(k).copied().unwrap_or(i64::MAX))
                        }
                        None => {
                            let slot = self
                                .event_slot
                                .get(types, e, |t| t.and_then(|t| m.event_slot(t)));
                            let Some(slot) = slot else { continue };
                            (slot, at.secs(e).ok().flatten().unwrap_or(i64::MAX))
                        }
                    };
                    let active = ev_active.and_then(|a| a.get(e));
                    let partner =
                        ev_partner.is_some_and(|p| self.event_partner.get(p, e, |t| !blank(t)));

                    tally.event(slot, secs, active, partner);
                }
            }
            // Evidence needs a partner id; without one the record adds nothing.
            if partner_id.is_some_and(|p| !blank(p.get(row))) {
                tally.partner(PartnerFacts {
                    has_id: true,
                    source_accepted: partner_source.is_some_and(|p| {
                        self.source_ok
                            .get(p, row, |t| t.is_some_and(|t| m.accepts_source(t)))
                    }),
                    confirmed: partner_confirmed.and_then(|c| c.get(row)),
                    referral_date: referral.and_then(|c| c.get(row).ok().flatten()),
                });
            }
            if let Some((tp, at)) = tp.zip(tp_at)
                && (tp_partner.is_some() || registry.is_some())
            {
                let tagged = tp.rows(row).any(|t| {
                    let by_id =
                        tp_partner.is_some_and(|p| self.touch_partner.get(p, t, |p| !blank(p)));
                    (by_id || registry.is_some_and(|r| self.registry_tags(r, tp, t)))
                        && match (tp_limit, at.raw(t)) {
                            (Some(limit), Some(v)) => i128::from(v) <= limit,
                            _ => at.get(t).ok().flatten().is_some_and(|v| v <= run.as_of),
                        }
                });
                if tagged {
                    tally.partner_touch();
                }
            }
            let verdict = tally.finish();
            let missing = self.s.missing_paths.iter().filter_map(|(path, r)| {
                let b = bits.get(*r).copied().unwrap_or(0);
                (b & 2 != 0).then_some(path.as_str())
            });
            out.scored(verdict, missing);
            if run.explain {
                let q = m.explain(&lead(b, row), run.as_of, verdict);
                out.explained(&q);
            }
        }
        let ids = b.id_array.slice(rows.start, n);
        out.finish(ids, m.fingerprint(), schema.clone())
    }
}

impl RowError {
    pub(crate) fn of<E: ErrorCode + std::fmt::Display>(e: &E) -> RowError {
        RowError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

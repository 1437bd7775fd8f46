//! Shared helpers: results as JSON, the row path's compact result.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use eql_arrow::{LongTable, LongTables, ReadOptions, ScoreRun, TableScorer};
use eql_core::time::Instant;
use eql_core::{CompiledModel, ErrorCode, Lead, LeadField, ScoreOptions};
use serde_json::{Value, json};

pub fn run(as_of: Instant) -> ScoreRun {
    ScoreRun {
        as_of,
        options: ScoreOptions::default(),
        read: ReadOptions::default(),
        explain: false,
    }
}

fn texts(a: &dyn Array, row: usize) -> Value {
    if a.is_null(row) {
        return Value::Null;
    }
    let l = a.as_list::<i32>().value(row);
    let s = l.as_string::<i32>();
    Value::from(
        (0..s.len())
            .map(|i| s.value(i).to_owned())
            .collect::<Vec<_>>(),
    )
}

fn text(a: &dyn Array, row: usize) -> Value {
    if a.is_null(row) {
        return Value::Null;
    }
    match a.data_type() {
        DataType::Dictionary(..) => {
            let d = a.as_any_dictionary();
            let k = d.normalized_keys()[row];
            text(d.values().as_ref(), k)
        }
        _ => Value::from(a.as_string::<i32>().value(row)),
    }
}

fn num(a: &dyn Array, row: usize) -> Value {
    if a.is_null(row) {
        return Value::Null;
    }
    let f = a.as_primitive::<Float64Type>().value(row);
    serde_json::to_value(f).unwrap()
}

/// Result rows as JSON: the compact columns (and the explained ones).
pub fn rows(batches: &[RecordBatch]) -> Vec<Value> {
    let mut out = Vec::new();
    for b in batches {
        let c = |n: &str| b.column_by_name(n).unwrap().clone();
        for r in 0..b.num_rows() {
            let mut v = json!({
                "lead_id": text(c("lead_id").as_ref(), r),
                "stage": text(c("stage").as_ref(), r),
                "fit": num(c("fit").as_ref(), r),
                "intent": num(c("intent").as_ref(), r),
                "total": num(c("total").as_ref(), r),
                "buying_signal": if c("buying_signal").is_null(r) { Value::Null } else { Value::from(c("buying_signal").as_boolean().value(r)) },
                "ecosystem_evidence": texts(c("ecosystem_evidence").as_ref(), r),
                "missing": texts(c("missing").as_ref(), r),
                "model_fingerprint": text(c("model_fingerprint").as_ref(), r),
                "error": text(c("error_code").as_ref(), r),
            });
            if let Some(s) = b.column_by_name("summary") {
                v["summary"] = text(s.as_ref(), r);
                v["disqualify_reasons"] = texts(c("disqualify_reasons").as_ref(), r);
            }
            out.push(v);
        }
    }
    out
}

fn points(p: eql_core::qualify::Points) -> Value {
    serde_json::to_value(p.hundredths() as f64 / 100.0).unwrap()
}

/// The row path's compact result for one lead, in the same shape.
pub fn expected(model: &CompiledModel, lead: &Lead, as_of: Instant, explain: bool) -> Value {
    match model.score(lead, as_of, ScoreOptions::default()) {
        Err(e) => {
            let mut v = json!({
                "lead_id": lead.id, "stage": null, "fit": null, "intent": null, "total": null,
                "buying_signal": null, "ecosystem_evidence": null, "missing": null,
                "model_fingerprint": null, "error": e.code(),
            });
            if explain {
                v["summary"] = Value::Null;
                v["disqualify_reasons"] = Value::Null;
            }
            v
        }
        Ok(q) => {
            let mut v = json!({
                "lead_id": q.lead_id,
                "stage": q.stage.as_str(),
                "fit": points(q.fit),
                "intent": points(q.intent),
                "total": points(q.total),
                "buying_signal": q.buying_signal,
                "ecosystem_evidence": q.ecosystem_evidence.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "missing": q.missing,
                "model_fingerprint": q.model_fingerprint,
                "error": null,
            });
            if explain {
                v["summary"] = Value::from(q.summary);
                v["disqualify_reasons"] = Value::from(q.disqualify_reasons);
            }
            v
        }
    }
}

/// Score `leads` through the columnar path, three ways: list columns,
/// dictionary-encoded list columns, and long tables.
pub fn columnar(model: &CompiledModel, leads: &[Lead], run: ScoreRun) -> Vec<Vec<Value>> {
    let scorer = TableScorer::new(model, run);
    let mut out = Vec::new();
    for dictionary in [false, true] {
        let opts = eql_arrow::WriteOptions { dictionary };
        let batch = eql_arrow::leads_to_batch(leads, opts).unwrap();
        let res = scorer
            .score_table(
                &batch.schema(),
                std::slice::from_ref(&batch),
                &LongTables::default(),
            )
            .unwrap();
        out.push(rows(&res));
    }
    let (l, e, t) = eql_arrow::leads_to_tables(leads, Default::default()).unwrap();
    let long = LongTables {
        events: Some(Arc::new(
            LongTable::new(
                LeadField::Events,
                e.schema(),
                &[e],
                "lead_id",
                ReadOptions::default(),
            )
            .unwrap(),
        )),
        touchpoints: Some(Arc::new(
            LongTable::new(
                LeadField::Touchpoints,
                t.schema(),
                &[t],
                "lead_id",
                ReadOptions::default(),
            )
            .unwrap(),
        )),
    };
    let res = scorer
        .score_table(&l.schema(), std::slice::from_ref(&l), &long)
        .unwrap();
    out.push(rows(&res));
    out
}

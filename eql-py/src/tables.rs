//! Tables in, tables out, through `eql-arrow` (the one table engine): the
//! Arrow PyCapsule interface (pyarrow, polars, pandas via pyarrow, arro3,
//! DuckDB...) on both sides, the GIL released while the engine works.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use eql_arrow::{LongTable, LongTables, ReadOptions, ScoreRun, TableScorer};
use eql_core::attribution::{heuristic_models, markov_model};
use eql_core::{Attributor, CompiledModel, InputError, LeadField};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

use crate::errors::to_py;

/// Every batch of a Python table (read while holding the GIL).
fn batches(table: AnyRecordBatch) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    let reader = table.into_reader()?;
    let schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(|e| {
        to_py(&InputError::Invalid {
            path: "$".into(),
            message: e.to_string(),
        })
    })?;
    Ok((schema, batches))
}

fn long(
    field: LeadField,
    table: Option<AnyRecordBatch>,
    key: &str,
    read: ReadOptions,
) -> PyResult<Option<Arc<LongTable>>> {
    let Some(table) = table else { return Ok(None) };
    let (schema, batches) = batches(table)?;
    LongTable::new(field, schema, &batches, key, read)
        .map(|t| Some(Arc::new(t)))
        .map_err(|e| to_py(&e))
}

fn out(batches: Vec<RecordBatch>, schema: SchemaRef) -> PyResult<PyTable> {
    PyTable::try_new(batches, schema)
}

/// Score a table of leads, with optional long tables of events and
/// touchpoints joined on `key`: one result row per lead, in order.
pub fn score_table(
    py: Python<'_>,
    model: &CompiledModel,
    (leads, events, touchpoints): (
        AnyRecordBatch,
        Option<AnyRecordBatch>,
        Option<AnyRecordBatch>,
    ),
    key: &str,
    run: ScoreRun,
) -> PyResult<PyTable> {
    let (schema, batches) = batches(leads)?;
    let long = LongTables {
        events: long(LeadField::Events, events, key, run.read)?,
        touchpoints: long(LeadField::Touchpoints, touchpoints, key, run.read)?,
    };
    let scorer = TableScorer::new(model, run);
    let result_schema = scorer.result_schema(&schema);
    let results = py
        .detach(|| scorer.score_table(&schema, &batches, &long))
        .map_err(|e| to_py(&e))?;
    out(results, result_schema)
}

/// Attribute a touchpoint table against a conversion table joined on `key`.
pub fn attribute_table(
    py: Python<'_>,
    attributor: &Attributor,
    (touches, conversions): (AnyRecordBatch, AnyRecordBatch),
    key: &str,
    read: ReadOptions,
) -> PyResult<PyTable> {
    let (ts, tb) = batches(touches)?;
    let (cs, cb) = batches(conversions)?;
    let batch = py
        .detach(|| eql_arrow::attribute_tables(attributor, (&ts, &tb), (&cs, &cb), key, read))
        .map_err(|e| to_py(&e))?;
    let schema = batch.schema();
    out(vec![batch], schema)
}

/// Heuristic (`order` = None) or exact Markov totals of a path table.
pub fn path_models(
    py: Python<'_>,
    table: AnyRecordBatch,
    order: Option<u32>,
    read: ReadOptions,
) -> PyResult<PyTable> {
    let (schema, batches) = batches(table)?;
    let batch = py
        .detach(|| {
            let t = eql_arrow::path_table(&schema, &batches, read)?;
            let built = match order {
                None => eql_arrow::heuristics_batch(&heuristic_models(&t)?),
                Some(o) => eql_arrow::markov_batch(&markov_model(&t, o)?),
            };
            built.map_err(|message| {
                InputError::Invalid {
                    path: "$".into(),
                    message,
                }
                .into()
            })
        })
        .map_err(|e: eql_core::AttributionError| to_py(&e))?;
    let schema = batch.schema();
    out(vec![batch], schema)
}

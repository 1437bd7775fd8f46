//! Tables of leads in, a table of results out (the Arrow PyCapsule interface:
//! pyarrow, polars, pandas via pyarrow, arro3, duckdb...).
//!
//! Rows are read by the core's own `Deserialize` impls through
//! `arrow_de::Cell`, without the text columns the model never reads
//! (`project.rs`), scored with the allocation-free `evaluate_into`, and
//! written column by column. The output has one row per input row, in
//! order: a row that cannot be read or scored gets `error_code` / `error`
//! and nulls elsewhere, never disappears. The GIL is released while rows
//! are read and scored (large batches split over the cores, results kept in
//! row order); batches stream, so memory follows one batch.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use eql_core::qualify::{EvidenceKind, Points, Stage, Verdict};
use eql_core::time::Instant;
use eql_core::{CompiledModel, ErrorCode, InputError, Lead, ScoreOptions};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;
use serde::Deserialize;

use crate::arrow_de::{self, Cell, Options};
use crate::errors::to_py;

/// Columns from the table's dotted names: `company.employees` becomes field
/// `employees` of a struct column `company` (what `pandas.json_normalize` makes).
enum Node {
    Leaf(ArrayRef),
    Group(Vec<(String, Node)>),
}

fn insert(nodes: &mut Vec<(String, Node)>, path: &[&str], array: ArrayRef) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(());
    };
    let pos = nodes.iter().position(|(n, _)| n == first);
    match (pos, rest.is_empty()) {
        (None, true) => nodes.push(((*first).to_owned(), Node::Leaf(array))),
        (None, false) => {
            let mut children = Vec::new();
            insert(&mut children, rest, array)?;
            nodes.push(((*first).to_owned(), Node::Group(children)));
        }
        (Some(i), false) => match nodes.get_mut(i) {
            Some((_, Node::Group(children))) => insert(children, rest, array)?,
            _ => {
                return Err(format!(
                    "column `{first}` is given both whole and by dotted parts"
                ));
            }
        },
        (Some(_), true) => return Err(format!("column `{}` is given twice", path.join("."))),
    }
    Ok(())
}

fn build(nodes: Vec<(String, Node)>, len: usize) -> Result<StructArray, String> {
    let mut fields = Vec::with_capacity(nodes.len());
    let mut arrays = Vec::with_capacity(nodes.len());
    for (name, node) in nodes {
        let array: ArrayRef = match node {
            Node::Leaf(a) => a,
            Node::Group(children) => Arc::new(build(children, len)?),
        };
        fields.push(Field::new(name, array.data_type().clone(), true));
        arrays.push(array);
    }
    if fields.is_empty() {
        return Ok(StructArray::new_empty_fields(len, None));
    }
    StructArray::try_new(Fields::from(fields), arrays, None).map_err(|e| e.to_string())
}

/// The batch as one struct column per row, dotted names nested, dictionary
/// columns (pandas categoricals, polars enums) decoded to their values.
pub fn rows(batch: &RecordBatch) -> Result<StructArray, String> {
    let mut nodes = Vec::new();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        let path: Vec<&str> = field.name().split('.').collect();
        let column = match column.data_type() {
            DataType::Dictionary(_, values) => arrow_cast::cast(column, values)
                .map_err(|e| format!("column `{}`: {e}", field.name()))?,
            _ => column.clone(),
        };
        insert(&mut nodes, &path, column)?;
    }
    build(nodes, batch.num_rows())
}

/// Naive timestamp columns (anywhere in the schema), by dotted name.
fn naive_timestamps(prefix: &str, fields: &Fields, out: &mut Vec<String>) {
    for f in fields {
        let name = if prefix.is_empty() {
            f.name().clone()
        } else {
            format!("{prefix}.{}", f.name())
        };
        match f.data_type() {
            DataType::Timestamp(_, None) => out.push(name),
            DataType::Struct(children) => naive_timestamps(&name, children, out),
            DataType::List(item) | DataType::LargeList(item) => {
                if let DataType::Struct(children) = item.data_type() {
                    naive_timestamps(&name, children, out);
                } else if let DataType::Timestamp(_, None) = item.data_type() {
                    out.push(name);
                }
            }
            _ => {}
        }
    }
}

/// Reject what would fail every row: no `id` column, naive timestamps.
fn check_schema(schema: &Schema) -> PyResult<()> {
    if schema.field_with_name("id").is_err() {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        return Err(crate::errors::raise(
            "input.missing_column",
            &format!(
                "the table has no `id` column (columns: {})",
                names.join(", ")
            ),
            &serde_json::json!({ "missing": ["id"], "columns": names }).to_string(),
        ));
    }
    check_columns(schema)
}

/// Reject naive timestamp columns (anywhere in the schema), naming them.
pub fn check_columns(schema: &Schema) -> PyResult<()> {
    let mut naive = Vec::new();
    naive_timestamps("", schema.fields(), &mut naive);
    if !naive.is_empty() {
        return Err(crate::errors::raise(
            "input.naive_datetime",
            &format!(
                "timestamp columns without a time zone: {} (localise them, e.g. `df[c].dt.tz_localize(\"UTC\")`); eql never guesses a time zone",
                naive.join(", ")
            ),
            &serde_json::json!({ "columns": naive }).to_string(),
        ));
    }
    Ok(())
}

/// Settings of one scoring run.
#[derive(Clone, Copy)]
pub struct Run {
    pub as_of: Instant,
    pub opts: ScoreOptions,
    pub explain: bool,
    pub read: Options,
}

fn list_field(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

fn out_schema(explain: bool) -> SchemaRef {
    let mut fields = vec![
        Field::new("lead_id", DataType::Utf8, true),
        Field::new("stage", DataType::Utf8, true),
        Field::new("fit", DataType::Float64, true),
        Field::new("intent", DataType::Float64, true),
        Field::new("total", DataType::Float64, true),
        Field::new("buying_signal", DataType::Boolean, true),
        list_field("ecosystem_evidence"),
    ];
    if explain {
        fields.push(list_field("missing"));
        fields.push(list_field("disqualify_reasons"));
        fields.push(Field::new("summary", DataType::Utf8, true));
    }
    fields.push(Field::new("error_code", DataType::Utf8, true));
    fields.push(Field::new("error", DataType::Utf8, true));
    Arc::new(Schema::new(fields))
}

/// The snake_case name of a stage (its serde form), cached per stage.
struct StageNames(Vec<(Stage, String)>);

impl StageNames {
    fn get(&mut self, s: Stage) -> &str {
        let i = match self.0.iter().position(|(k, _)| *k == s) {
            Some(i) => i,
            None => {
                let name = serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                self.0.push((s, name));
                self.0.len().saturating_sub(1)
            }
        };
        self.0.get(i).map_or("", |(_, n)| n.as_str())
    }
}

fn points(p: Points) -> f64 {
    // Hundredths are exact integers; one correctly rounded division gives
    // the same double as the decimal text the JSON API writes.
    #[allow(clippy::cast_precision_loss)]
    let h = p.hundredths() as f64;
    h / 100.0
}

struct Out {
    lead_id: StringBuilder,
    stage: StringBuilder,
    fit: Float64Builder,
    intent: Float64Builder,
    total: Float64Builder,
    buying_signal: BooleanBuilder,
    evidence: ListBuilder<StringBuilder>,
    missing: ListBuilder<StringBuilder>,
    reasons: ListBuilder<StringBuilder>,
    summary: StringBuilder,
    error_code: StringBuilder,
    error: StringBuilder,
}

impl Out {
    fn new(n: usize) -> Out {
        Out {
            lead_id: StringBuilder::with_capacity(n, n.saturating_mul(8)),
            stage: StringBuilder::with_capacity(n, n.saturating_mul(4)),
            fit: Float64Builder::with_capacity(n),
            intent: Float64Builder::with_capacity(n),
            total: Float64Builder::with_capacity(n),
            buying_signal: BooleanBuilder::with_capacity(n),
            evidence: ListBuilder::new(StringBuilder::new()),
            missing: ListBuilder::new(StringBuilder::new()),
            reasons: ListBuilder::new(StringBuilder::new()),
            summary: StringBuilder::new(),
            error_code: StringBuilder::new(),
            error: StringBuilder::new(),
        }
    }

    fn failed(&mut self, id: Option<&str>, code: &str, message: &str, explain: bool) {
        self.lead_id.append_option(id);
        self.stage.append_null();
        self.fit.append_null();
        self.intent.append_null();
        self.total.append_null();
        self.buying_signal.append_null();
        self.evidence.append_null();
        if explain {
            self.missing.append_null();
            self.reasons.append_null();
            self.summary.append_null();
        }
        self.error_code.append_value(code);
        self.error.append_value(message);
    }

    fn finish(mut self, schema: SchemaRef, explain: bool) -> Result<RecordBatch, String> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.lead_id.finish()),
            Arc::new(self.stage.finish()),
            Arc::new(self.fit.finish()),
            Arc::new(self.intent.finish()),
            Arc::new(self.total.finish()),
            Arc::new(self.buying_signal.finish()),
            Arc::new(self.evidence.finish()),
        ];
        if explain {
            columns.push(Arc::new(self.missing.finish()));
            columns.push(Arc::new(self.reasons.finish()));
            columns.push(Arc::new(self.summary.finish()));
        }
        columns.push(Arc::new(self.error_code.finish()));
        columns.push(Arc::new(self.error.finish()));
        RecordBatch::try_new(schema, columns).map_err(|e| e.to_string())
    }
}

/// The id of a row that could not be read as a lead, if its `id` is a string.
fn raw_id(columns: &StructArray, row: usize, read: Options) -> Option<String> {
    let id = columns.column_by_name("id")?;
    let cell = Cell {
        array: id.as_ref(),
        row,
        key: "id",
        opts: read,
    };
    Option::<String>::deserialize(cell).ok().flatten()
}

/// Score rows `range` of a batch: one output row per input row.
fn score_rows(
    model: &CompiledModel,
    columns: &StructArray,
    range: std::ops::Range<usize>,
    run: Run,
    schema: &SchemaRef,
) -> Result<RecordBatch, String> {
    let mut out = Out::new(range.len());
    let mut verdict = Verdict::empty();
    let mut stages = StageNames(Vec::with_capacity(4));
    for row in range {
        let cell = arrow_de::row(columns, row, run.read);
        // Fast path without path tracking; a failing row is read again by
        // `deserialize_from` for the coded, path-bearing error.
        let read = Lead::deserialize(cell)
            .ok()
            .filter(|l| l.check_limits().is_ok())
            .ok_or(())
            .or_else(|()| Lead::deserialize_from(cell));
        let lead = match read {
            Ok(lead) => lead,
            Err(e) => {
                let id = raw_id(columns, row, run.read);
                out.failed(id.as_deref(), e.code(), &e.to_string(), run.explain);
                continue;
            }
        };
        if let Err(e) = model.evaluate_into(&lead, run.as_of, run.opts, &mut verdict) {
            out.failed(Some(&lead.id), e.code(), &e.to_string(), run.explain);
            continue;
        }
        out.lead_id.append_value(&lead.id);
        out.stage.append_value(stages.get(verdict.stage));
        out.fit.append_value(points(verdict.fit));
        out.intent.append_value(points(verdict.intent));
        out.total.append_value(points(verdict.total));
        out.buying_signal.append_option(verdict.buying_signal);
        for kind in EvidenceKind::ALL {
            if verdict.evidence.contains(kind) {
                out.evidence.values().append_value(kind.as_str());
            }
        }
        out.evidence.append(true);
        if run.explain {
            let q = model.explain(&lead, run.as_of, &verdict);
            for m in &q.missing {
                out.missing.values().append_value(m);
            }
            out.missing.append(true);
            for r in &q.disqualify_reasons {
                out.reasons.values().append_value(r);
            }
            out.reasons.append(true);
            out.summary.append_value(&q.summary);
        }
        out.error_code.append_null();
        out.error.append_null();
    }
    out.finish(schema.clone(), run.explain)
}

/// Rows per thread below which a batch is scored on one thread.
const MIN_ROWS_PER_THREAD: usize = 8_192;

/// Score one batch, split over the available cores when it is large; the
/// parts come back in row order.
fn score_batch(
    model: &CompiledModel,
    batch: &RecordBatch,
    run: Run,
    schema: &SchemaRef,
    out: &mut Vec<RecordBatch>,
) -> Result<(), String> {
    let columns = crate::project::project(&rows(batch)?, &model.reads())?;
    let n = columns.len();
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(n / MIN_ROWS_PER_THREAD).max(1);
    if threads == 1 {
        out.push(score_rows(model, &columns, 0..n, run, schema)?);
        return Ok(());
    }
    let per = n.div_ceil(threads);
    let parts: Vec<Result<RecordBatch, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let start = t.saturating_mul(per).min(n);
                let end = start.saturating_add(per).min(n);
                let columns = &columns;
                s.spawn(move || score_rows(model, columns, start..end, run, schema))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(String::from("a scoring thread failed")))
            })
            .collect()
    });
    for part in parts {
        out.push(part?);
    }
    Ok(())
}

/// Score every batch of `reader` (GIL released by the caller).
fn score_all(
    model: &CompiledModel,
    reader: Box<dyn RecordBatchReader + Send>,
    run: Run,
    schema: &SchemaRef,
) -> Result<Vec<RecordBatch>, String> {
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| format!("cannot read the table: {e}"))?;
        score_batch(model, &batch, run, schema, &mut out)?;
    }
    Ok(out)
}

/// Score a table of leads; see the module doc.
pub fn score_table(
    py: Python<'_>,
    model: &CompiledModel,
    table: AnyRecordBatch,
    run: Run,
) -> PyResult<PyTable> {
    let reader = table.into_reader()?;
    check_schema(reader.schema().as_ref())?;
    let schema = out_schema(run.explain);
    let batches = py
        .detach(|| score_all(model, reader, run, &schema))
        .map_err(|message| {
            to_py(&InputError::Invalid {
                path: String::from("$"),
                message,
            })
        })?;
    PyTable::try_new(batches, schema)
}

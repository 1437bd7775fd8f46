//! Whole `Lead` records from any input format, for the commands that need
//! the records themselves (the report) rather than a column-wise score.
//!
//! A JSON file is read by the core's reader. A table (CSV, JSON lines,
//! Parquet) is turned row by row into the canonical JSON object — dotted
//! column names nested (`company.employees`), empty cells left out — with
//! events and touchpoints attached from their long tables by lead id, then
//! read by the same core reader. Every error names the file and the row;
//! a long-table row whose lead id matches no lead is an error, never lost.

use std::collections::HashMap;
use std::path::Path;

use eql_core::{ErrorCode, Lead};
use serde_json::{Map, Value};

use crate::error::CliError;
use crate::format::Format;
use crate::read::{Shape, Table, read};

/// Long tables of lead records, joined on `key`.
pub struct Records<'a> {
    pub events: Option<&'a Path>,
    pub touchpoints: Option<&'a Path>,
    pub key: &'a str,
}

/// A callback given each run of leads in file order, with the file's total
/// number of leads.
pub type Sink<'a> = dyn FnMut(usize, Vec<Lead>) -> Result<(), CliError> + 'a;

/// Every lead of `path`, in file order.
pub fn read_leads(
    path: &Path,
    format: Format,
    records: &Records<'_>,
) -> Result<Vec<Lead>, CliError> {
    let mut all = Vec::new();
    read_leads_in_chunks(path, format, records, &mut |_, mut chunk| {
        all.append(&mut chunk);
        Ok(())
    })?;
    Ok(all)
}

/// The leads of `path` handed to `sink` in runs, in file order, so a caller
/// that keeps less than the whole lead (the report) never holds a million
/// of them at once. A nested table streams in runs of a few thousand; a
/// JSON array and a table with long tables (which must be joined first)
/// come as one run.
pub fn read_leads_in_chunks(
    path: &Path,
    format: Format,
    records: &Records<'_>,
    sink: &mut Sink<'_>,
) -> Result<(), CliError> {
    let leads = read_whole(path, format, records, sink)?;
    match leads {
        Some(leads) => sink(leads.len(), leads),
        None => Ok(()),
    }
}

/// The leads, or `None` when they were already streamed to `sink`.
fn read_whole(
    path: &Path,
    format: Format,
    records: &Records<'_>,
    sink: &mut Sink<'_>,
) -> Result<Option<Vec<Lead>>, CliError> {
    if format == Format::Json && records.events.is_none() && records.touchpoints.is_none() {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
        return eql_core::leads_from_json(&text)
            .map_err(|e| CliError::coded(path, &e))?
            .into_iter()
            .collect::<Result<_, _>>()
            .map(Some)
            .map_err(|e| CliError::coded(path, &e));
    }
    let table = read(path, format, Shape::Leads)?;
    let flat = table.schema.fields().iter().any(|f| f.name().contains('.'));
    if !flat && records.events.is_none() && records.touchpoints.is_none() {
        return direct(path, table, sink).map(|()| None);
    }
    let mut rows = objects(path, &table)?;
    for (name, file) in [
        ("events", records.events),
        ("touchpoints", records.touchpoints),
    ] {
        if let Some(file) = file {
            attach(&mut rows, name, file, records.key)?;
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            Lead::from_value(Value::Object(row)).map_err(|e| CliError::Row {
                path: path.display().to_string(),
                row: format!("row {}", i.saturating_add(1)),
                code: e.code().to_owned(),
                message: e.to_string(),
            })
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A table whose columns are already the lead's shape (nested structs and
/// lists, as Parquet and JSON lines carry them): each row's JSON read
/// straight into a `Lead`, with no intermediate value.
fn direct(path: &Path, table: Table, sink: &mut Sink<'_>) -> Result<(), CliError> {
    // Slices of a few thousand rows through one reused buffer, each batch
    // dropped once read: a million leads never exist twice as text.
    const SLICE: usize = 4096;
    let total = table.rows();
    let mut done = 0usize;
    let mut buffer = Vec::new();
    for batch in table.batches {
        let mut start = 0;
        while start < batch.num_rows() {
            let len = SLICE.min(batch.num_rows().saturating_sub(start));
            let slice = crate::write::json_ready(&batch.slice(start, len))
                .map_err(|e| CliError::file(path, e))?;
            start = start.saturating_add(len);
            buffer.clear();
            let mut writer = arrow_json::LineDelimitedWriter::new(buffer);
            writer
                .write(&slice)
                .and_then(|()| writer.finish())
                .map_err(|e| CliError::file(path, e))?;
            buffer = writer.into_inner();
            let text = std::str::from_utf8(&buffer).map_err(|e| CliError::file(path, e))?;
            let mut leads = Vec::with_capacity(len);
            for line in text.lines() {
                let row = done.saturating_add(leads.len()).saturating_add(1);
                leads.push(Lead::from_json(line).map_err(|e| CliError::Row {
                    path: path.display().to_string(),
                    row: format!("row {row}"),
                    code: e.code().to_owned(),
                    message: e.to_string(),
                })?);
            }
            done = done.saturating_add(leads.len());
            sink(total, leads)?;
        }
    }
    Ok(())
}

/// The rows of a table as JSON objects, dotted names nested.
fn objects(path: &Path, table: &Table) -> Result<Vec<Map<String, Value>>, CliError> {
    let mut out = Vec::with_capacity(table.rows());
    for batch in &table.batches {
        let mut writer = arrow_json::ArrayWriter::new(Vec::new());
        let batch = crate::write::json_ready(batch).map_err(|e| CliError::file(path, e))?;
        writer
            .write(&batch)
            .and_then(|()| writer.finish())
            .map_err(|e| CliError::file(path, e))?;
        let bytes = writer.into_inner();
        if bytes.is_empty() {
            continue;
        }
        let flat: Vec<Map<String, Value>> =
            serde_json::from_slice(&bytes).map_err(|e| CliError::file(path, e))?;
        out.extend(flat.into_iter().map(nest));
    }
    Ok(out)
}

/// `{"company.employees": 5}` → `{"company": {"employees": 5}}`.
fn nest(flat: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in flat {
        let parts: Vec<&str> = name.split('.').collect();
        insert(&mut out, &parts, value);
    }
    out
}

fn insert(map: &mut Map<String, Value>, parts: &[&str], value: Value) {
    match parts {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [head, rest @ ..] => {
            let slot = map
                .entry((*head).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                insert(inner, rest, value);
            }
        }
    }
}

/// Attach the records of a long table to their leads, in file order.
fn attach(
    leads: &mut [Map<String, Value>],
    name: &'static str,
    file: &Path,
    key: &str,
) -> Result<(), CliError> {
    let prefix = if name == "events" {
        "events."
    } else {
        "touchpoints."
    };
    let format = Format::of(file, None)?;
    let rows = objects(file, &read(file, format, Shape::Records { prefix, key })?)?;
    let by_id: HashMap<String, usize> = leads
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((l.get("id")?.as_str()?.to_owned(), i)))
        .collect();
    for (i, mut row) in rows.into_iter().enumerate() {
        let at = |message: String| CliError::Row {
            path: file.display().to_string(),
            row: format!("row {}", i.saturating_add(1)),
            code: "input.invalid".to_owned(),
            message,
        };
        let id = match row.remove(key) {
            Some(Value::String(s)) => s,
            Some(other) => return Err(at(format!("`{key}` must be text, got {other}"))),
            None => return Err(at(format!("no `{key}`"))),
        };
        let lead = by_id
            .get(&id)
            .and_then(|&j| leads.get_mut(j))
            .ok_or_else(|| at(format!("`{key}` {id:?} matches no lead")))?;
        let list = lead.entry(name).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list {
            items.push(Value::Object(row));
        } else {
            return Err(at(format!(
                "lead {id:?} has `{name}` in the lead table too"
            )));
        }
    }
    Ok(())
}

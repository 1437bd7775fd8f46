//! Arrow tables into files, written atomically: into a temporary file next
//! to the target, renamed over it only when complete, so a failed run never
//! leaves half a file. JSON keeps money as strings; CSV flattens structs to
//! dotted names, joins text lists with `;` and holds lists of records as
//! JSON text.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StringArray, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::error::CliError;
use crate::format::Format;
use crate::read::Table;

/// `leads` as the three tables a CRM export has — `leads`, `events` and
/// `touchpoints` (long tables keyed by `lead_id`) — in `dir`, one file each.
pub fn lead_tables(leads: &[eql_core::Lead], dir: &Path, format: Format) -> Result<(), CliError> {
    let (leads, events, touchpoints) = eql_arrow::leads_to_tables(leads, Default::default())
        .map_err(|e| CliError::file(dir, e))?;
    let ext = match format {
        Format::Csv => "csv",
        Format::Jsonl => "jsonl",
        Format::Json => "json",
        Format::Parquet => "parquet",
    };
    for (name, batch) in [
        ("leads", leads),
        ("events", events),
        ("touchpoints", touchpoints),
    ] {
        let table = Table {
            schema: batch.schema(),
            batches: vec![batch],
        };
        write(Some(&dir.join(format!("{name}.{ext}"))), format, &table)?;
    }
    Ok(())
}

/// Write `table` to `out` (standard output when `None`).
pub fn write(out: Option<&Path>, format: Format, table: &Table) -> Result<(), CliError> {
    let shown = out.map_or_else(|| PathBuf::from("<stdout>"), Path::to_path_buf);
    let batches = table
        .batches
        .iter()
        .map(|b| prepare(b, format))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::file(&shown, e))?;
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => prepare(&RecordBatch::new_empty(table.schema.clone()), format)
            .map_err(|e| CliError::file(&shown, e))?
            .schema(),
    };
    let Some(path) = out else {
        return encode(BufWriter::new(std::io::stdout()), format, &schema, &batches)
            .map_err(|e| CliError::file(&shown, e));
    };
    atomic_write(path, |w| encode(w, format, &schema, &batches))
}

/// Write `path` through a temporary file in the same folder, renamed into
/// place only when `fill` succeeded: a failed run never leaves a
/// half-written file, and an existing one stays as it was.
pub fn atomic_write(
    path: &Path,
    fill: impl FnOnce(BufWriter<File>) -> Result<(), String>,
) -> Result<(), CliError> {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = File::create(&tmp)
        .map_err(|e| e.to_string())
        .and_then(|f| fill(BufWriter::new(f)))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| e.to_string()));
    if let Err(e) = result {
        // The temporary file is ours and incomplete; the target is untouched.
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError::file(path, e));
    }
    Ok(())
}

fn encode<W: Write + Send>(
    mut w: W,
    format: Format,
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<(), String> {
    let s = |e: ArrowError| e.to_string();
    match format {
        Format::Csv => {
            if batches.is_empty() {
                let header: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                writeln!(w, "{}", header.join(",")).map_err(|e| e.to_string())?;
            }
            let mut csv = arrow_csv::Writer::new(&mut w);
            for b in batches {
                csv.write(b).map_err(s)?;
            }
        }
        Format::Jsonl => {
            let mut j = arrow_json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, arrow_json::writer::LineDelimited>(&mut w);
            for b in batches {
                j.write(b).map_err(s)?;
            }
            j.finish().map_err(s)?;
        }
        Format::Json => {
            let mut j = arrow_json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, arrow_json::writer::JsonArray>(&mut w);
            for b in batches {
                j.write(b).map_err(s)?;
            }
            j.finish().map_err(s)?;
            writeln!(w).map_err(|e| e.to_string())?;
        }
        Format::Parquet => {
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build();
            let mut p = ArrowWriter::try_new(&mut w, schema.clone(), Some(props))
                .map_err(|e| e.to_string())?;
            for b in batches {
                p.write(b).map_err(|e| e.to_string())?;
            }
            p.close().map_err(|e| e.to_string())?;
        }
    }
    w.flush().map_err(|e| e.to_string())
}

/// The batch as `format` can hold it.
fn prepare(batch: &RecordBatch, format: Format) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for (f, a) in batch.schema().fields().iter().zip(batch.columns()) {
        match format {
            Format::Parquet => {
                fields.push(f.as_ref().clone());
                columns.push(a.clone());
            }
            Format::Json | Format::Jsonl => {
                let a = json_safe(a)?;
                fields.push(Field::new(f.name(), a.data_type().clone(), true));
                columns.push(a);
            }
            Format::Csv => flatten(f.name(), a, &mut fields, &mut columns)?,
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// Zoned timestamps as the core writes instants (`2026-10-01T09:00:00Z`).
fn instants(a: &ArrayRef, unit: TimeUnit) -> Result<ArrayRef, ArrowError> {
    let ints = arrow_cast::cast(a, &DataType::Int64)?;
    let ints = ints.as_primitive::<Int64Type>();
    let cells: StringArray = (0..ints.len())
        .map(|r| {
            if ints.is_null(r) {
                return None;
            }
            let v = ints.value(r);
            let t = match unit {
                TimeUnit::Second => chrono::DateTime::from_timestamp(v, 0),
                TimeUnit::Millisecond => chrono::DateTime::from_timestamp_millis(v),
                TimeUnit::Microsecond => chrono::DateTime::from_timestamp_micros(v),
                TimeUnit::Nanosecond => Some(chrono::DateTime::from_timestamp_nanos(v)),
            };
            t.map(|t| eql_core::time::format_instant(&t))
        })
        .collect();
    Ok(Arc::new(cells))
}

/// Decimals as text (money stays exact), dictionaries as their values,
/// instants as RFC 3339 text — inside structs and lists too (nested
/// events and touchpoints carry instants).
fn json_safe(a: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    match a.data_type() {
        DataType::Timestamp(unit, Some(_)) => instants(a, *unit),
        DataType::Decimal128(..) | DataType::Decimal256(..) => arrow_cast::cast(a, &DataType::Utf8),
        DataType::Dictionary(_, v) => arrow_cast::cast(a, v),
        DataType::Struct(_) => {
            let s = a.as_struct();
            let columns = s
                .columns()
                .iter()
                .map(json_safe)
                .collect::<Result<Vec<_>, _>>()?;
            let fields: Vec<Field> = s
                .fields()
                .iter()
                .zip(&columns)
                .map(|(f, c)| Field::new(f.name(), c.data_type().clone(), true))
                .collect();
            Ok(Arc::new(StructArray::try_new(
                fields.into(),
                columns,
                s.nulls().cloned(),
            )?))
        }
        DataType::List(f) => {
            let l = a.as_list::<i32>();
            let values = json_safe(l.values())?;
            let field = Field::new(f.name(), values.data_type().clone(), true);
            Ok(Arc::new(ListArray::try_new(
                Arc::new(field),
                l.offsets().clone(),
                values,
                l.nulls().cloned(),
            )?))
        }
        _ => Ok(a.clone()),
    }
}

/// The batch with every column as JSON can hold it (see `json_safe`).
pub fn json_ready(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    prepare(batch, Format::Json)
}

fn flatten(
    name: &str,
    a: &ArrayRef,
    fields: &mut Vec<Field>,
    columns: &mut Vec<ArrayRef>,
) -> Result<(), ArrowError> {
    let text = match a.data_type() {
        DataType::Struct(children) => {
            let s = a.as_struct();
            for (f, c) in children.iter().zip(s.columns()) {
                // A null struct makes its children null.
                let c = match s.nulls() {
                    Some(n) => arrow_select::nullif::nullif(
                        c,
                        &arrow_array::BooleanArray::new(!n.inner(), None),
                    )?,
                    None => c.clone(),
                };
                flatten(&format!("{name}.{}", f.name()), &c, fields, columns)?;
            }
            return Ok(());
        }
        DataType::List(item) if !matches!(item.data_type(), DataType::Struct(_)) => {
            joined(a.as_list::<i32>())?
        }
        DataType::List(_) => json_cells(name, a)?,
        DataType::Dictionary(_, v) => arrow_cast::cast(a, v)?,
        DataType::Timestamp(unit, Some(_)) => instants(a, *unit)?,
        _ => a.clone(),
    };
    fields.push(Field::new(name, text.data_type().clone(), true));
    columns.push(text);
    Ok(())
}

/// Each list as its items' text joined with `;`.
fn joined(list: &arrow_array::ListArray) -> Result<ArrayRef, ArrowError> {
    let items = arrow_cast::cast(list.values(), &DataType::Utf8)?;
    let items = items.as_string::<i32>();
    let offsets = list.value_offsets();
    let cells: StringArray = (0..list.len())
        .map(|r| {
            if list.is_null(r) {
                return None;
            }
            let (s, e) = (offsets.get(r)?, offsets.get(r.saturating_add(1))?);
            let range = usize::try_from(*s).ok()?..usize::try_from(*e).ok()?;
            Some(range.map(|i| items.value(i)).collect::<Vec<_>>().join(";"))
        })
        .collect();
    Ok(Arc::new(cells))
}

/// Each cell as JSON text (lists of records in a CSV).
fn json_cells(name: &str, a: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    let one = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(
            name,
            a.data_type().clone(),
            true,
        )])),
        vec![a.clone()],
    )?;
    let mut buf = Vec::new();
    {
        let mut w = arrow_json::WriterBuilder::new()
            .with_explicit_nulls(true)
            .build::<_, arrow_json::writer::LineDelimited>(&mut buf);
        w.write(&one)?;
        w.finish()?;
    }
    let text = String::from_utf8(buf).map_err(|e| ArrowError::ExternalError(Box::new(e)))?;
    let cells: StringArray = text
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get(name).cloned())
                .filter(|v| !v.is_null())
                .map(|v| v.to_string())
        })
        .collect();
    Ok(Arc::new(cells))
}

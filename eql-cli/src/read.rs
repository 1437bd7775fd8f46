//! Files into Arrow tables. Parquet and JSON keep their own types; CSV is
//! text, so its columns are typed from the lead field catalogue: ids, text,
//! money, dates and instants stay text (exact; the engine parses them and a
//! bad value is that row's error), whole numbers and booleans are inferred
//! over the whole file, and `company.tech_stack` is split on `;`.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use eql_core::{FieldType, LEAD_FIELDS};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::CliError;
use crate::format::Format;

const BATCH: usize = 64 * 1024;

/// What a table holds, which decides how its CSV text is typed.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'a> {
    Leads,
    /// A long table of lead records (`events.` or `touchpoints.` fields)
    /// joined on `key`.
    Records {
        prefix: &'static str,
        key: &'a str,
    },
    /// Touches or conversions of journeys keyed by `key`: text but for the
    /// touch flags.
    Journeys {
        key: &'a str,
    },
    /// A ChannelAttribution path table.
    Paths,
    /// Types as inferred.
    Plain,
}

/// How one CSV column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text,
    List,
    Infer,
}

fn cell_of(ty: FieldType) -> Cell {
    match ty {
        FieldType::Text | FieldType::Money | FieldType::Date | FieldType::Instant => Cell::Text,
        FieldType::TextList => Cell::List,
        _ => Cell::Infer,
    }
}

fn field_cell(path: &str) -> Cell {
    LEAD_FIELDS
        .iter()
        .find(|s| s.path == path)
        .map_or(Cell::Infer, |s| cell_of(s.ty))
}

impl Shape<'_> {
    fn cell(&self, name: &str) -> Cell {
        match self {
            Shape::Leads if name == "id" => Cell::Text,
            Shape::Leads => field_cell(name),
            Shape::Records { key, .. } if name == *key => Cell::Text,
            Shape::Records { prefix, .. } => field_cell(&format!("{prefix}{name}")),
            Shape::Journeys { .. } => match name {
                "lead_created" | "opportunity_created" => Cell::Infer,
                _ => Cell::Text,
            },
            Shape::Paths => match name {
                "path" | "total_conversion_value" => Cell::Text,
                _ => Cell::Infer,
            },
            Shape::Plain => Cell::Infer,
        }
    }
}

/// A whole table.
#[derive(Debug, Clone)]
pub struct Table {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

fn open(path: &Path) -> Result<File, CliError> {
    File::open(path).map_err(|e| CliError::file(path, e))
}

/// Read the table in `path`.
pub fn read(path: &Path, format: Format, shape: Shape<'_>) -> Result<Table, CliError> {
    match format {
        Format::Csv => csv(path, shape),
        Format::Jsonl => json_lines(path, BufReader::new(open(path)?)),
        Format::Json => {
            let mut text = String::new();
            open(path)?
                .read_to_string(&mut text)
                .map_err(|e| CliError::file(path, e))?;
            let items: Vec<serde_json::Value> = serde_json::from_str(&text)
                .map_err(|e| CliError::file(path, format!("not a JSON array of objects: {e}")))?;
            let schema = arrow_json::reader::infer_json_schema_from_iterator(items.iter().map(Ok))
                .map_err(|e| CliError::file(path, e))?;
            let schema = Arc::new(schema);
            let mut decoder = arrow_json::ReaderBuilder::new(schema.clone())
                .with_batch_size(BATCH)
                .build_decoder()
                .map_err(|e| CliError::file(path, e))?;
            let mut batches = Vec::new();
            for chunk in items.chunks(BATCH) {
                decoder
                    .serialize(chunk)
                    .map_err(|e| CliError::file(path, e))?;
                if let Some(b) = decoder.flush().map_err(|e| CliError::file(path, e))? {
                    batches.push(b);
                }
            }
            Ok(Table { schema, batches })
        }
        Format::Parquet => {
            let reader = ParquetRecordBatchReaderBuilder::try_new(open(path)?)
                .and_then(|b| b.with_batch_size(BATCH).build())
                .map_err(|e| CliError::file(path, e))?;
            let schema = arrow_array::RecordBatchReader::schema(&reader);
            let batches = reader
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| CliError::file(path, e))?;
            Ok(Table { schema, batches })
        }
    }
}

fn json_lines<R: std::io::BufRead + Seek>(path: &Path, mut r: R) -> Result<Table, CliError> {
    let (schema, _) = arrow_json::reader::infer_json_schema_from_seekable(&mut r, None)
        .map_err(|e| CliError::file(path, e))?;
    let schema = Arc::new(schema);
    let reader = arrow_json::ReaderBuilder::new(schema.clone())
        .with_batch_size(BATCH)
        .build(r)
        .map_err(|e| CliError::file(path, e))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::file(path, e))?;
    Ok(Table { schema, batches })
}

fn csv(path: &Path, shape: Shape<'_>) -> Result<Table, CliError> {
    let format = arrow_csv::reader::Format::default().with_header(true);
    let (inferred, _) = format
        .infer_schema(open(path)?, None)
        .map_err(|e| CliError::file(path, e))?;
    let mut lists = Vec::new();
    let fields: Vec<Field> = inferred
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let cell = shape.cell(f.name());
            if cell == Cell::List {
                lists.push(i);
            }
            let text = cell != Cell::Infer
                || matches!(f.data_type(), DataType::Timestamp(..) | DataType::Null);
            let ty = if text {
                DataType::Utf8
            } else {
                f.data_type().clone()
            };
            Field::new(f.name(), ty, true)
        })
        .collect();
    let read_schema = Arc::new(Schema::new(fields));
    let reader = arrow_csv::ReaderBuilder::new(read_schema.clone())
        .with_format(format)
        .with_batch_size(BATCH)
        .build(open(path)?)
        .map_err(|e| CliError::file(path, e))?;
    let batches = reader
        .map(|b| b.and_then(|b| split_lists(&b, &lists)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::file(path, e))?;
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => split_lists(&RecordBatch::new_empty(read_schema), &lists)
            .map_err(|e| CliError::file(path, e))?
            .schema(),
    };
    Ok(Table { schema, batches })
}

/// `a; b;c` → `["a", "b", "c"]` in the columns `at` (empty items dropped).
fn split_lists(batch: &RecordBatch, at: &[usize]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    if at.is_empty() {
        return Ok(batch.clone());
    }
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    let mut fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    for &i in at {
        let (Some(col), Some(field)) = (columns.get_mut(i), fields.get_mut(i)) else {
            continue;
        };
        let text = col.as_string::<i32>();
        let mut b = ListBuilder::new(StringBuilder::new());
        for row in 0..text.len() {
            if text.is_null(row) {
                b.append_null();
                continue;
            }
            for item in text.value(row).split(';').map(str::trim) {
                if !item.is_empty() {
                    b.values().append_value(item);
                }
            }
            b.append(true);
        }
        let list: ArrayRef = Arc::new(b.finish());
        *field = Field::new(field.name(), list.data_type().clone(), true);
        *col = list;
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

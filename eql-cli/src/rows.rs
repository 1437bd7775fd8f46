//! Records the core returns (violations, merge groups, assignments) as an
//! Arrow table, so every output format the other commands write works for
//! them too. The schema is inferred from the records' JSON: nested objects
//! become structs (dotted columns in CSV), money stays text.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};
use serde::Serialize;
use serde_json::Value;

use crate::error::CliError;
use crate::read::Table;

/// `rows` as one table, or, with no rows, an empty table of `columns`
/// (text), so an empty result still has its header.
pub fn table_of<T: Serialize>(rows: &[T], columns: &[&str]) -> Result<Table, CliError> {
    let fail = |e: &dyn std::fmt::Display| CliError::File {
        path: "<output>".into(),
        code: Some("internal.serialize"),
        message: e.to_string(),
    };
    let mut values = rows
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<Value>, _>>()
        .map_err(|e| fail(&e))?;
    // The named columns are there even when no row has a value for them:
    // one command, one result shape.
    for v in &mut values {
        if let Value::Object(m) = v {
            for c in columns {
                m.entry(*c).or_insert(Value::Null);
            }
        }
    }
    if values.is_empty() {
        let fields: Vec<Field> = columns
            .iter()
            .map(|c| Field::new(*c, DataType::Utf8, true))
            .collect();
        return Ok(Table {
            schema: Arc::new(Schema::new(fields)),
            batches: Vec::new(),
        });
    }
    let inferred = arrow_json::reader::infer_json_schema_from_iterator(values.iter().map(Ok))
        .map_err(|e| fail(&e))?;
    // A column that is null in every row has no type to infer; text holds it.
    let mut fields: Vec<Field> = inferred
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Null => Field::new(f.name(), DataType::Utf8, true),
            _ => f.as_ref().clone(),
        })
        .collect();
    // JSON objects come back with sorted keys; put the named columns first,
    // in the order the command gives, then the rest.
    fields.sort_by_key(|f| {
        columns
            .iter()
            .position(|c| c == f.name())
            .unwrap_or(columns.len())
    });
    let schema = Arc::new(Schema::new(fields));
    let mut decoder = arrow_json::ReaderBuilder::new(schema.clone())
        .with_batch_size(values.len().max(1))
        .build_decoder()
        .map_err(|e| fail(&e))?;
    decoder.serialize(&values).map_err(|e| fail(&e))?;
    let batches = decoder.flush().map_err(|e| fail(&e))?.into_iter().collect();
    Ok(Table { schema, batches })
}

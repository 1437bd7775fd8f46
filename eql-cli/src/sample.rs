//! The bundled sample (`data/sample/`) as the CSV files a CRM exports:
//! what `data/sample/csv/` holds, written by the `sample_csv` example and
//! checked by the tests.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use serde_json::Value;

use crate::error::CliError;
use crate::format::Format;
use crate::read::Table;
use crate::write::{lead_tables, write};

fn text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))
}

/// Write `leads.csv`, `events.csv`, `touchpoints.csv` (the leads), and
/// `conversions.csv` with `converted_touchpoints.csv` (each opportunity's
/// creation as the conversion of its lead's touches) from the sample in
/// `dir` into `dir/csv`.
pub fn write_sample_csv(dir: &Path) -> Result<(), CliError> {
    let leads_path = dir.join("leads.json");
    let leads = eql_core::leads_from_json(&text(&leads_path)?)
        .map_err(|e| CliError::coded(&leads_path, &e))?
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::coded(&leads_path, &e))?;
    let out = dir.join("csv");
    std::fs::create_dir_all(&out).map_err(|e| CliError::file(&out, e))?;
    lead_tables(&leads, &out, Format::Csv)?;

    let opp_path = dir.join("opportunities.json");
    let opps: Vec<Value> =
        serde_json::from_str(&text(&opp_path)?).map_err(|e| CliError::file(&opp_path, e))?;
    let field = |k: &str| -> ArrayRef {
        Arc::new(
            opps.iter()
                .map(|o| o.get(k).and_then(Value::as_str))
                .collect::<StringArray>(),
        )
    };
    let names = [
        ("lead_id", "lead_id"),
        ("at", "created_at"),
        ("amount", "amount"),
        ("currency", "currency"),
    ];
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|(n, _)| Field::new(*n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let conversions = RecordBatch::try_new(schema, names.iter().map(|(_, k)| field(k)).collect())
        .map_err(|e| CliError::file(&opp_path, e))?;
    let converted: HashSet<&str> = opps
        .iter()
        .filter_map(|o| o.get("lead_id").and_then(Value::as_str))
        .collect();
    let (_, _, touches) = eql_arrow::leads_to_tables(&leads, Default::default())
        .map_err(|e| CliError::file(&leads_path, e))?;
    let keys = touches
        .column_by_name("lead_id")
        .ok_or_else(|| CliError::file(&leads_path, "no lead_id column"))?
        .as_string::<i32>();
    let keep: BooleanArray = (0..keys.len())
        .map(|r| Some(keys.is_valid(r) && converted.contains(keys.value(r))))
        .collect();
    let touches = arrow_select::filter::filter_record_batch(&touches, &keep)
        .map_err(|e| CliError::file(&leads_path, e))?;
    for (name, batch) in [
        ("conversions", conversions),
        ("converted_touchpoints", touches),
    ] {
        let table = Table {
            schema: batch.schema(),
            batches: vec![batch],
        };
        write(Some(&out.join(format!("{name}.csv"))), Format::Csv, &table)?;
    }
    Ok(())
}

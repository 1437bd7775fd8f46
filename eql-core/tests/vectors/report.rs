//! `report` vectors: case `input` (a whole `ReportInput`); expected any
//! subset of the report, or `error`.

use eql_core::ErrorCode;
use eql_core::report::{ReportInput, build_report};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let cases = file["cases"]
        .as_array()
        .ok_or("report file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let input = case
            .get("input")
            .ok_or_else(|| format!("{name}: no `input`"))?;
        let actual = match ReportInput::from_json(&input.to_string()).and_then(|i| build_report(&i))
        {
            Ok(r) => serde_json::to_value(r).map_err(|e| e.to_string())?,
            Err(e) => json!({"error": e.code()}),
        };
        out.push(Outcome {
            name,
            actual,
            expected: case["expected"].clone(),
        });
    }
    Ok(out)
}

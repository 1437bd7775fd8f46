//! `qualify` vectors: file `model` + `as_of` (+ `registry`), case `lead`.

use eql_core::{ErrorCode, Lead, ScoreOptions, ScoringModel, time::parse_instant};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let model: ScoringModel =
        ScoringModel::from_json(&file["model"].to_string()).map_err(|e| e.to_string())?;
    let mut compiled = model.compile().map_err(|e| e.to_string())?;
    if let Some(r) = file.get("registry") {
        let registry =
            eql_core::utm::PartnerRegistry::from_json(&r.to_string()).map_err(|e| e.to_string())?;
        compiled = compiled
            .with_registry(registry)
            .map_err(|e| e.to_string())?;
    }
    let as_of = parse_instant(file["as_of"].as_str().ok_or("qualify file without as_of")?)?;
    let cases = file["cases"]
        .as_array()
        .ok_or("qualify file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["lead"]["id"]
            .as_str()
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let actual = match Lead::from_value(case["lead"].clone()) {
            Err(e) => json!({"error": e.code()}),
            Ok(lead) => match compiled.score(&lead, as_of, ScoreOptions::default()) {
                Ok(q) => serde_json::to_value(q).map_err(|e| e.to_string())?,
                Err(e) => json!({"error": e.code()}),
            },
        };
        out.push(Outcome {
            name,
            actual,
            expected: case["expected"].clone(),
        });
    }
    Ok(out)
}

//! `utm` vectors: file `registry`, case `url` + `referrer`?; expected `utm`,
//! `click_ids`, `channel`, `partner_id` or `error`.

use eql_core::ErrorCode;
use eql_core::utm::{PartnerRegistry, classify};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let registry = match file.get("registry") {
        Some(r) => PartnerRegistry::from_json(&r.to_string()).map_err(|e| e.to_string())?,
        None => PartnerRegistry::default(),
    };
    let cases = file["cases"].as_array().ok_or("utm file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let url = case["url"]
            .as_str()
            .ok_or_else(|| format!("case #{i}: no `url` string"))?;
        let referrer = case.get("referrer").and_then(Value::as_str);
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("#{i} {url}"), str::to_owned);
        let actual = match classify(url, referrer, &registry) {
            Ok(c) => serde_json::to_value(c).map_err(|e| e.to_string())?,
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

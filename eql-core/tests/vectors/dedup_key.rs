//! `dedup_key` vectors: case `email` + `partner_id`; expected `key` or `error`.

use eql_core::{DedupKey, ErrorCode};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let cases = file["cases"]
        .as_array()
        .ok_or("dedup_key file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let email = case["email"]
            .as_str()
            .ok_or_else(|| format!("case #{i}: no `email` string"))?;
        let partner = case["partner_id"].as_str();
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("#{i} {email}"), str::to_owned);
        let actual = match DedupKey::new(email, partner) {
            Ok(k) => json!({"key": k.to_string()}),
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

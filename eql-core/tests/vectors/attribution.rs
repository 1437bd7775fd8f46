//! `attribution` vectors: file `model`? + `lookback_days`? + `registry`?,
//! case `touchpoints` + `conversion` (+ case-level `model` /
//! `lookback_days` / `registry` overrides).

use eql_core::ErrorCode;
use eql_core::attribution::{AttributionModel, AttributionOptions, Attributor};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let cases = file["cases"]
        .as_array()
        .ok_or("attribution file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let model = case
            .get("model")
            .or_else(|| file.get("model"))
            .cloned()
            .unwrap_or(Value::Null);
        let lookback = case
            .get("lookback_days")
            .or_else(|| file.get("lookback_days"))
            .cloned()
            .unwrap_or(Value::Null);
        let registry = case
            .get("registry")
            .or_else(|| file.get("registry"))
            .cloned()
            .unwrap_or(Value::Null);
        let actual = match evaluate(model, lookback, registry, case) {
            Ok(v) => v,
            Err(code) => json!({ "error": code }),
        };
        out.push(Outcome {
            name,
            actual,
            expected: case["expected"].clone(),
        });
    }
    Ok(out)
}

fn evaluate(
    model: Value,
    lookback: Value,
    registry: Value,
    case: &Value,
) -> Result<Value, &'static str> {
    let model = AttributionModel::from_json(&model.to_string()).map_err(|e| e.code())?;
    let mut options = json!({ "lookback_days": lookback });
    if !registry.is_null() {
        options["registry"] = registry;
    }
    let options: AttributionOptions =
        serde_json::from_value(options).map_err(|_| "input.invalid")?;
    let attributor = Attributor::new(&model, options).map_err(|e| e.code())?;
    let journey = json!({ "touchpoints": case["touchpoints"], "conversion": case["conversion"] });
    let attribution = attributor
        .attribute_json(&journey.to_string())
        .map_err(|e| e.code())?;
    Ok(serde_json::to_value(attribution).unwrap())
}

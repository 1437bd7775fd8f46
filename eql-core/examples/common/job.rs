//! A job folder (`job.json` and the model and lead files it names), loaded
//! the same way by both examples.

use std::path::Path;

use eql_core::time::{Instant, parse_instant};
use eql_core::{CompiledModel, ErrorCode, InputError, Lead, ScoringModel, leads_from_json};
use serde_json::Value;

/// `job.json`, its instant, the model (as written and compiled) and every
/// lead or the error that kept it from being read, in file order.
pub struct Job {
    pub json: Value,
    pub as_of: Instant,
    pub model: ScoringModel,
    pub compiled: CompiledModel,
    pub leads: Vec<Result<Lead, InputError>>,
}

/// A file of the job folder, with its path in the error.
pub fn read(dir: &Path, name: &str) -> Result<String, String> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

pub fn load(dir: &Path) -> Result<Job, String> {
    let json: Value =
        serde_json::from_str(&read(dir, "job.json")?).map_err(|e| format!("job.json: {e}"))?;
    let as_of = parse_instant(json["as_of"].as_str().ok_or("job.json: no as_of")?)?;
    let model_file = json["model"].as_str().unwrap_or("model.toml");
    let model = ScoringModel::parse(&read(dir, model_file)?)
        .map_err(|e| format!("{model_file}: [{}] {e}", e.code()))?;
    let compiled = model
        .compile()
        .map_err(|e| format!("{model_file}: [{}] {e}", e.code()))?;
    let leads = leads_from_json(&read(dir, json["leads"].as_str().unwrap_or("leads.json"))?)
        .map_err(|e| e.to_string())?;
    Ok(Job {
        json,
        as_of,
        model,
        compiled,
        leads,
    })
}

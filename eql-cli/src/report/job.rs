//! A report job: `job.json` (or any job file) and the files it names,
//! relative to the job file's folder. Only `as_of` is required; the model
//! and leads default to `model.toml` and `leads.json`. The sales-acceptance,
//! opportunity, cost, traffic and partner files are optional — left out of
//! the job, they are empty — but a file the job names that is missing or
//! malformed is an error naming it, never an empty default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use eql_core::error::input_from_value;
use eql_core::report::{ReportInput, sql_dates_from_json};
use eql_core::time::Instant;
use eql_core::utm::PartnerRegistry;
use eql_core::{CompiledModel, ScoringModel};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::error::CliError;
use crate::format::Format;

/// The job file, as written (unknown keys are an error: a typo such as
/// `opportunites` must not silently drop every opportunity).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobFile {
    as_of: String,
    #[serde(default = "default_model")]
    model: String,
    #[serde(default = "default_leads")]
    leads: String,
    events: Option<String>,
    touchpoints: Option<String>,
    #[serde(default = "default_key")]
    key: String,
    sql: Option<String>,
    opportunities: Option<String>,
    costs: Option<String>,
    traffic: Option<String>,
    partners: Option<String>,
    #[serde(default = "default_currency")]
    currency: String,
    #[serde(default)]
    fx_rates: Map<String, Value>,
    attribution_model: Option<Value>,
    lookback_days: Option<u32>,
    options: Option<Value>,
}

fn default_model() -> String {
    "model.toml".into()
}
fn default_leads() -> String {
    "leads.json".into()
}
fn default_key() -> String {
    "lead_id".into()
}
fn default_currency() -> String {
    "USD".into()
}

/// A loaded job: everything but the leads, which are read and scored next.
pub struct Job {
    pub file: PathBuf,
    pub as_of: Instant,
    pub model: ScoringModel,
    pub compiled: CompiledModel,
    pub leads: PathBuf,
    pub events: Option<PathBuf>,
    pub touchpoints: Option<PathBuf>,
    pub key: String,
    pub sql: BTreeMap<String, Instant>,
    /// Partner display names by id, from the partners file.
    pub names: BTreeMap<String, String>,
    /// The report input with every list but `leads` filled.
    pub input: ReportInput,
}

fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))
}

fn json_file(path: &Path) -> Result<Value, CliError> {
    serde_json::from_str(&read_text(path)?).map_err(|e| CliError::file(path, e))
}

/// A list file the job names, as records of `T`; none named = empty.
fn list<T: DeserializeOwned>(dir: &Path, name: Option<&String>) -> Result<Vec<T>, CliError> {
    let Some(name) = name else {
        return Ok(Vec::new());
    };
    let path = dir.join(name);
    input_from_value(json_file(&path)?).map_err(|e| CliError::coded(&path, &e))
}

/// The job at `path`: a job file, or a folder holding `job.json`.
pub fn load(path: &Path) -> Result<Job, CliError> {
    let file = if path.is_dir() {
        path.join("job.json")
    } else {
        path.to_owned()
    };
    let dir = file.parent().unwrap_or(Path::new(".")).to_owned();
    let job: JobFile =
        input_from_value(json_file(&file)?).map_err(|e| CliError::coded(&file, &e))?;
    let as_of = eql_core::time::parse_instant(&job.as_of)
        .map_err(|e| CliError::file(&file, format!("as_of: {e}")))?;

    let model_path = dir.join(&job.model);
    let model = ScoringModel::parse(&read_text(&model_path)?)
        .map_err(|e| CliError::coded(&model_path, &e))?;
    let mut compiled = model
        .compile()
        .map_err(|e| CliError::coded(&model_path, &e))?;
    let mut names = BTreeMap::new();
    if let Some(name) = &job.partners {
        let path = dir.join(name);
        let registry = PartnerRegistry::from_json(&read_text(&path)?)
            .map_err(|e| CliError::coded(&path, &e))?;
        names = registry
            .partners
            .iter()
            .filter(|p| !p.name.trim().is_empty())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        compiled = compiled
            .with_registry(registry)
            .map_err(|e| CliError::coded(&path, &e))?;
    }
    let sql = match &job.sql {
        None => BTreeMap::new(),
        Some(name) => {
            let path = dir.join(name);
            sql_dates_from_json(&read_text(&path)?).map_err(|e| CliError::coded(&path, &e))?
        }
    };

    let mut head = json!({
        "as_of": job.as_of, "currency": job.currency, "fx_rates": job.fx_rates, "leads": [],
    });
    for (key, value) in [
        ("attribution_model", job.attribution_model.clone()),
        ("lookback_days", job.lookback_days.map(Value::from)),
        ("options", job.options.clone()),
    ] {
        if let (Some(v), Some(obj)) = (value, head.as_object_mut()) {
            obj.insert(key.to_owned(), v);
        }
    }
    let mut input =
        ReportInput::from_json(&head.to_string()).map_err(|e| CliError::coded(&file, &e))?;
    input.opportunities = list(&dir, job.opportunities.as_ref())?;
    input.costs = list(&dir, job.costs.as_ref())?;
    input.traffic = list(&dir, job.traffic.as_ref())?;

    Ok(Job {
        as_of,
        model,
        compiled,
        leads: dir.join(&job.leads),
        events: job.events.map(|e| dir.join(e)),
        touchpoints: job.touchpoints.map(|t| dir.join(t)),
        key: job.key,
        sql,
        names,
        input,
        file,
    })
}

impl Job {
    /// The leads file's format, from its extension.
    pub fn leads_format(&self, forced: Option<Format>) -> Result<Format, CliError> {
        Format::of(&self.leads, forced)
    }
}

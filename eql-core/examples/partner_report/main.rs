//! The main job: the partner ROI report over the bundled sample.
//!
//!     cargo run -p eql-core --example partner_report -- data/sample [--html PATH]
//!
//! Reads `<dir>/job.json` (as_of, model, and the leads, sales-acceptance,
//! opportunity, cost and traffic files), qualifies every lead with the model,
//! builds the report with the 40/40/20 attribution, prints it as tables and
//! writes an HTML version with charts. A lead that cannot be read or scored
//! is reported by position and stops the job: the report never silently
//! drops a record. The sales-acceptance, opportunity, cost and traffic files
//! are optional (leave them out of `job.json`), but a file that `job.json`
//! names and that is missing or malformed is an error naming the file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod html;
#[path = "../common/job.rs"]
mod job;
mod progress;
mod tables;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use eql_core::attribution::Touch;
use eql_core::error::input_from_value;
use eql_core::report::{ReportInput, ReportLead, build_report};
use eql_core::time::{Instant, parse_instant};
use eql_core::utm::{PartnerRegistry, classify};
use eql_core::{ErrorCode, Lead, Verdict};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The file `job.json` names under `key`, parsed: `None` when it names none
/// (the file is optional), an error naming the file when it is missing or
/// is not JSON.
fn optional_json(dir: &Path, job: &Value, key: &str) -> Result<Option<(String, Value)>, String> {
    let Some(name) = job.get(key).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let name = name
        .as_str()
        .ok_or(format!("job.json: `{key}` must be a file name"))?;
    let value = serde_json::from_str(&job::read(dir, name)?).map_err(|e| format!("{name}: {e}"))?;
    Ok(Some((name.to_owned(), value)))
}

/// The records of an optional list file; a file of the wrong shape is an
/// error naming it and the path inside it, never an empty list.
fn optional_list<T: DeserializeOwned>(
    dir: &Path,
    job: &Value,
    key: &str,
) -> Result<Vec<T>, String> {
    match optional_json(dir, job, key)? {
        None => Ok(Vec::new()),
        Some((name, value)) => {
            input_from_value(value).map_err(|e| format!("{name}: [{}] {e}", e.code()))
        }
    }
}

/// Sales acceptance instants by lead id (`sql.json`: `{"L-1": "2026-…Z"}`).
fn sql_dates(dir: &Path, job: &Value) -> Result<BTreeMap<String, Instant>, String> {
    let Some((name, value)) = optional_json(dir, job, "sql")? else {
        return Ok(BTreeMap::new());
    };
    let raw: BTreeMap<String, String> = serde_json::from_value(value)
        .map_err(|e| format!("{name}: {e} (expected an object of lead id → RFC 3339 instant)"))?;
    raw.into_iter()
        .map(|(id, at)| {
            parse_instant(&at)
                .map(|t| (id.clone(), t))
                .map_err(|e| format!("{name}: lead {id}: {e}"))
        })
        .collect()
}

/// A lead's touchpoints as attribution touches; channels the CRM left empty
/// are classified from the URL and referrer by the core's UTM rules.
fn touches(lead: &Lead, registry: &PartnerRegistry) -> Vec<Touch> {
    lead.touchpoints
        .iter()
        .map(|t| {
            let channel = t.channel.clone().or_else(|| {
                let url = t.url.as_deref()?;
                let c = classify(url, t.referrer.as_deref(), registry).ok()?;
                serde_json::to_value(c.channel)
                    .ok()?
                    .as_str()
                    .map(str::to_owned)
            });
            Touch {
                channel,
                ..Touch::from_touchpoint(t)
            }
        })
        .collect()
}

fn run(dir: &Path, html_path: &Path) -> Result<(), String> {
    let job::Job {
        json: job,
        as_of,
        model,
        compiled,
        leads,
    } = job::load(dir)?;
    let sql = sql_dates(dir, &job)?;

    eprintln!(
        "eql {} — partner ROI report: {} leads, model {} {}, as of {}",
        eql_core::VERSION,
        leads.len(),
        model.id,
        model.version,
        job["as_of"].as_str().unwrap_or("")
    );
    let registry = PartnerRegistry::default();
    let mut verdict = Verdict::empty();
    let mut report_leads = Vec::with_capacity(leads.len());
    let mut stages: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for (i, lead) in leads.iter().enumerate() {
        if let Some(line) = progress::line(i, leads.len()) {
            eprint!("\r{line}");
            let _ = std::io::stderr().flush();
        }
        let lead = lead
            .as_ref()
            .map_err(|e| format!("lead #{i}: [{}] {e}", e.code()))?;
        compiled
            .evaluate_into(lead, as_of, Default::default(), &mut verdict)
            .map_err(|e| format!("lead #{i} ({}): [{}] {e}", lead.id, e.code()))?;
        let partner_id = lead.partner.as_ref().and_then(|p| p.id.clone());
        let k = tables::stage_index(verdict.stage);
        stages
            .entry(partner_id.clone().unwrap_or_else(|| "(none)".into()))
            .or_default()[k] += 1;
        let sql_at = sql.get(&lead.id).copied();
        report_leads.push(ReportLead {
            id: lead.id.clone(),
            created_at: lead
                .created_at
                .ok_or(format!("lead {}: no created_at", lead.id))?,
            partner_id,
            stage: verdict.stage,
            sql_at,
            touchpoints: touches(lead, &registry),
        });
    }
    if let Some(line) = progress::line(leads.len(), leads.len()) {
        eprintln!("\r{line}");
    }

    let input = json!({
        "as_of": job["as_of"],
        "currency": job["currency"].as_str().unwrap_or("USD"),
        "fx_rates": job.get("fx_rates").cloned().unwrap_or(json!({})),
        "leads": [],
    });
    let mut input = ReportInput::from_json(&input.to_string())
        .map_err(|e| format!("job.json: [{}] {e}", e.code()))?;
    input.leads = report_leads;
    input.opportunities = optional_list(dir, &job, "opportunities")?;
    input.costs = optional_list(dir, &job, "costs")?;
    input.traffic = optional_list(dir, &job, "traffic")?;
    let report = build_report(&input).map_err(|e| format!("[{}] {e}", e.code()))?;

    tables::print(&report, &stages);
    std::fs::create_dir_all(html_path.parent().unwrap_or(Path::new(".")))
        .map_err(|e| format!("{}: {e}", html_path.display()))?;
    std::fs::write(html_path, html::render(&report))
        .map_err(|e| format!("{}: {e}", html_path.display()))?;
    let shown = std::fs::canonicalize(html_path).unwrap_or_else(|_| html_path.to_owned());
    println!("\nHTML report with charts: {}", shown.display());
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("data/sample");
    let mut html = PathBuf::from("target/eql-report/partner_report.html");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--html" => match args.next() {
                Some(p) => html = PathBuf::from(p),
                None => {
                    eprintln!("error: --html needs a path");
                    return ExitCode::FAILURE;
                }
            },
            _ => dir = PathBuf::from(a),
        }
    }
    match run(&dir, &html) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A job folder in the temp dir: the sample's model, one lead, and `files`.
    fn job_dir(name: &str, job: Value, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("eql-job-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample/model.toml");
        std::fs::copy(sample, dir.join("model.toml")).unwrap();
        let lead = json!([{"id": "L-1", "email": "ana@acme.co.uk",
            "created_at": "2026-10-01T09:00:00Z",
            "partner": {"id": "P-7", "source": "implementation_partner"}}]);
        std::fs::write(dir.join("leads.json"), lead.to_string()).unwrap();
        std::fs::write(dir.join("job.json"), job.to_string()).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    fn run_job(dir: &Path) -> Result<(), String> {
        let result = run(dir, &dir.join("report.html"));
        let _ = std::fs::remove_dir_all(dir);
        result
    }

    fn job(extra: Value) -> Value {
        let mut j = json!({"as_of": "2026-11-16T12:00:00Z", "model": "model.toml",
            "leads": "leads.json", "currency": "USD"});
        j.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        j
    }

    /// A malformed optional file is an error naming it, never read as empty.
    #[test]
    fn a_malformed_optional_file_is_an_error_naming_it() {
        for (case, text) in [
            ("list", r#"["L-1"]"#),
            ("number", r#"{"L-1": 5}"#),
            ("bad_instant", r#"{"L-1": "yesterday"}"#),
            ("not_json", "{"),
        ] {
            let dir = job_dir(
                &format!("sql-{case}"),
                job(json!({"sql": "sql.json"})),
                &[("sql.json", text)],
            );
            let err = run_job(&dir).expect_err(case);
            assert!(err.contains("sql.json"), "{case}: {err}");
        }
        for key in ["opportunities", "costs", "traffic"] {
            let file = format!("{key}.json");
            let dir = job_dir(
                &format!("{key}-object"),
                job(json!({ key: file })),
                &[(&file, r#"{"not": "a list"}"#)],
            );
            let err = run_job(&dir).expect_err(key);
            assert!(err.contains(&file), "{key}: {err}");
        }
    }

    /// A file that job.json names but that does not exist is an error too.
    #[test]
    fn a_named_file_that_is_missing_is_an_error() {
        let dir = job_dir("sql-missing", job(json!({"sql": "sql.json"})), &[]);
        let err = run_job(&dir).unwrap_err();
        assert!(err.contains("sql.json"), "{err}");
    }

    /// Optional files that job.json does not name stay optional.
    #[test]
    fn optional_files_may_be_left_out() {
        let dir = job_dir("minimal", job(json!({})), &[]);
        run_job(&dir).unwrap();
        let dir = job_dir(
            "with-sql",
            job(json!({"sql": "sql.json"})),
            &[("sql.json", r#"{"L-1": "2026-10-05T09:00:00Z"}"#)],
        );
        run_job(&dir).unwrap();
    }
}

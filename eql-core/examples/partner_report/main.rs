//! The main job: the partner ROI report over the bundled sample.
//!
//!     cargo run -p eql-core --example partner_report -- data/sample [--html PATH]
//!
//! Reads `<dir>/job.json` (as_of, model, and the leads, sales-acceptance,
//! opportunity, cost and traffic files), qualifies every lead with the model,
//! builds the report with the 40/40/20 attribution, prints it as tables and
//! writes an HTML version with charts. A lead that cannot be read or scored
//! is reported by position and stops the job: the report never silently
//! drops a record.
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
use eql_core::report::{ReportInput, ReportLead, build_report};
use eql_core::utm::{PartnerRegistry, classify};
use eql_core::{ErrorCode, Lead, Verdict, time::parse_instant};
use serde_json::{Value, json};

fn read_json(dir: &Path, job: &Value, key: &str) -> Result<Value, String> {
    match job[key].as_str() {
        Some(name) => {
            serde_json::from_str(&job::read(dir, name)?).map_err(|e| format!("{name}: {e}"))
        }
        None => Ok(Value::Null),
    }
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
                id: t.id.clone(),
                at: t.at,
                channel,
                source: t.source.clone(),
                campaign: t.campaign.clone(),
                asset: t.asset.clone(),
                partner_id: t.partner_id.clone(),
                lead_created: false,
                opportunity_created: false,
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
    let sql: BTreeMap<String, String> =
        serde_json::from_value(read_json(dir, &job, "sql")?).unwrap_or_default();

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
        let sql_at = match sql.get(&lead.id) {
            Some(s) => Some(parse_instant(s).map_err(|e| format!("sql.json {}: {e}", lead.id))?),
            None => None,
        };
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
        "opportunities": read_json(dir, &job, "opportunities")?,
        "costs": read_json(dir, &job, "costs")?,
        "traffic": read_json(dir, &job, "traffic")?,
    });
    let mut input =
        ReportInput::from_json(&input.to_string()).map_err(|e| format!("[{}] {e}", e.code()))?;
    input.leads = report_leads;
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

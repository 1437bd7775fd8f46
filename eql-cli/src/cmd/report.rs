//! `eql report`: the partner ROI report of a job — every lead qualified
//! with the job's model, mapped by the core (`CompiledModel::report_leads`),
//! each opportunity split over its touches, printed as tables and written
//! as one HTML page with charts (and, on request, the report as JSON).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use eql_core::report::{ReportError, ReportLead, build_report};
use eql_core::{ErrorCode, Lead};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
use crate::cli::Common;
use crate::error::CliError;
use crate::leads::{Records, read_leads};
use crate::report::{html, job, text};
use crate::write::atomic_write;

#[derive(Debug, Args)]
pub struct Report {
    /// The job: a folder holding `job.json`, or a job file.
    pub job: PathBuf,
    /// Write the HTML report here.
    #[arg(long, default_value = "target/eql-report/partner_report.html")]
    pub html: PathBuf,
    /// Also write the report as JSON (money as decimal strings).
    #[arg(long)]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Leads per progress step: small enough to move, large enough to cost
/// nothing against the scoring.
const CHUNK: usize = 16 * 1024;

fn progress(total: usize, quiet: bool) -> ProgressBar {
    // indicatif draws only when stderr is a terminal; piped runs stay clean.
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    };
    if let Ok(style) = ProgressStyle::with_template("qualifying {bar:40} {pos}/{len} leads ({eta})")
    {
        bar.set_style(style);
    }
    bar
}

fn report_leads(job: &job::Job, leads: &[Lead], quiet: bool) -> Result<Vec<ReportLead>, CliError> {
    let bar = progress(leads.len(), quiet);
    let mut out = Vec::with_capacity(leads.len());
    for (n, chunk) in leads.chunks(CHUNK).enumerate() {
        let mapped =
            job.compiled
                .report_leads(chunk, job.as_of, &job.sql)
                .map_err(|e| {
                    let id = match &e {
                        ReportError::MissingCreatedAt { lead }
                        | ReportError::Qualify { lead, .. } => Some(lead.as_str()),
                        _ => None,
                    };
                    let at = id
                        .and_then(|id| chunk.iter().position(|l| l.id == id))
                        .map_or(String::new(), |i| {
                            let row = n.saturating_mul(CHUNK).saturating_add(i).saturating_add(1);
                            format!("lead #{row} ")
                        });
                    CliError::Row {
                        path: job.leads.display().to_string(),
                        row: format!("{at}({})", id.unwrap_or("?")),
                        code: e.code().to_owned(),
                        message: e.to_string(),
                    }
                })?;
        out.extend(mapped);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(out)
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| CliError::file(dir, e))?;
    }
    atomic_write(path, |mut w| {
        w.write_all(text.as_bytes())
            .and_then(|()| w.flush())
            .map_err(|e| e.to_string())
    })
}

pub fn run(args: &Report) -> Result<Outcome, CliError> {
    let mut job = job::load(&args.job)?;
    let quiet = args.common.quiet;
    let format = job.leads_format(args.common.format)?;
    let records = Records {
        events: job.events.as_deref(),
        touchpoints: job.touchpoints.as_deref(),
        key: &job.key,
    };
    let leads = read_leads(&job.leads, format, &records)?;
    if !quiet {
        eprintln!(
            "eql {} — partner ROI report: {} leads, model {} {}, as of {}",
            eql_core::VERSION,
            crate::report::fmt::int(leads.len() as u64),
            job.model.id,
            job.model.version,
            eql_core::time::format_instant(&job.as_of)
        );
    }
    job.input.leads = report_leads(&job, &leads, quiet)?;
    let mut stages = text::Stages::new();
    for l in &job.input.leads {
        let who = l.partner_id.clone().unwrap_or_else(|| "(none)".into());
        if let Some(n) = stages
            .entry(who)
            .or_default()
            .get_mut(text::stage_index(l.stage))
        {
            *n = n.saturating_add(1);
        }
    }
    let report = build_report(&job.input).map_err(|e| CliError::coded(&job.file, &e))?;

    print!("{}", text::render(&report, &stages, &job.names));
    write_file(&args.html, &html::render(&report, &job.names))?;
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| CliError::file(path, e))?;
        write_file(path, &json)?;
    }
    let shown = std::fs::canonicalize(&args.html).unwrap_or_else(|_| args.html.clone());
    println!("\nHTML report with charts: {}", shown.display());
    Ok(Outcome::Ok)
}

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
use crate::format::Format;
use crate::leads::{Records, read_leads_in_chunks};
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

/// Each run of leads qualified and mapped as it is read; the leads
/// themselves are dropped, only the report's view of them is kept.
fn report_leads(job: &job::Job, format: Format, quiet: bool) -> Result<Vec<ReportLead>, CliError> {
    let records = Records {
        events: job.events.as_deref(),
        touchpoints: job.touchpoints.as_deref(),
        key: &job.key,
    };
    let mut bar: Option<ProgressBar> = None;
    let mut out = Vec::new();
    read_leads_in_chunks(
        &job.leads,
        format,
        &records,
        &mut |total, leads: Vec<Lead>| {
            let bar = bar.get_or_insert_with(|| progress(total, quiet));
            out.reserve(total.saturating_sub(out.len()));
            for chunk in leads.chunks(CHUNK) {
                let offset = out.len();
                let mapped = job
                    .compiled
                    .report_leads(chunk, job.as_of, &job.sql)
                    .map_err(|e| placed(job, offset, chunk, &e))?;
                out.extend(mapped);
                bar.inc(chunk.len() as u64);
            }
            Ok(())
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(out)
}

/// The error of a run of leads starting at row `offset`, placed by the
/// lead it names.
fn placed(job: &job::Job, offset: usize, chunk: &[Lead], e: &ReportError) -> CliError {
    let id = match e {
        ReportError::MissingCreatedAt { lead } | ReportError::Qualify { lead, .. } => {
            Some(lead.as_str())
        }
        _ => None,
    };
    let at = id
        .and_then(|id| chunk.iter().position(|l| l.id == id))
        .map_or(String::new(), |i| {
            format!("lead #{} ", offset.saturating_add(i).saturating_add(1))
        });
    CliError::Row {
        path: job.leads.display().to_string(),
        row: format!("{at}({})", id.unwrap_or("?")),
        code: e.code().to_owned(),
        message: e.to_string(),
    }
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
    if !quiet {
        eprintln!(
            "eql {} — partner ROI report: model {} {}, as of {}",
            eql_core::VERSION,
            job.model.id,
            job.model.version,
            eql_core::time::format_instant(&job.as_of)
        );
    }
    job.input.leads = report_leads(&job, format, quiet)?;
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

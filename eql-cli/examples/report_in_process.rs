//! The in-process cost of `eql report` on a job: the leads are read first
//! (not timed), then the core's work — `report_leads` and `build_report` —
//! is timed alone, to set beside the command's end-to-end time
//! (docs/cli.md, Speed):
//! `cargo run --release -p eql-cli --example report_in_process -- JOB`.

use std::path::PathBuf;
use std::time::Instant;

use eql_cli::leads::{Records, read_leads};
use eql_cli::report::job;

// The allocator the `eql` binary uses, so the two figures compare.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data/sample".into()),
    );
    let mut job = job::load(&path)?;
    let records = Records {
        events: job.events.as_deref(),
        touchpoints: job.touchpoints.as_deref(),
        key: &job.key,
    };
    let t0 = Instant::now();
    let leads = read_leads(&job.leads, job.leads_format(None)?, &records)?;
    let read = t0.elapsed();
    let t1 = Instant::now();
    job.input.leads = job.compiled.report_leads(&leads, job.as_of, &job.sql)?;
    let mapped = t1.elapsed();
    let t2 = Instant::now();
    let report = eql_core::report::build_report(&job.input)?;
    let built = t2.elapsed();
    println!(
        "{} leads: read {:.2} s, report_leads {:.2} s, build_report {:.2} s (in process: {:.2} s); pipeline {}",
        leads.len(),
        read.as_secs_f64(),
        mapped.as_secs_f64(),
        built.as_secs_f64(),
        mapped.saturating_add(built).as_secs_f64(),
        report.totals.pipeline
    );
    Ok(())
}

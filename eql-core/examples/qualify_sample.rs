//! The main job on the bundled sample: score every lead and summarise.
//!
//!     cargo run -p eql-core --example qualify_sample -- data/sample
//!
//! Reads `<dir>/job.json` (`as_of`, `model`, `leads`), scores each lead with the
//! model, and prints stage counts per partner and per source, then the
//! explanation of one lead per stage. A lead that cannot be read or scored is
//! reported by position, never dropped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use eql_core::{ErrorCode, Lead, Qualification, ScoreOptions, Stage};

#[path = "common/job.rs"]
mod job;

const STAGES: [Stage; 4] = [
    Stage::Eql,
    Stage::Mql,
    Stage::Unqualified,
    Stage::Disqualified,
];

fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::Eql => "eql",
        Stage::Mql => "mql",
        Stage::Unqualified => "unqualified",
        Stage::Disqualified => "disqualified",
        _ => "other",
    }
}

fn source_of(lead: &Lead) -> String {
    lead.partner
        .as_ref()
        .and_then(|p| p.source.clone())
        .or_else(|| {
            lead.custom
                .get("lead_source")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".into())
}

fn table(title: &str, rows: &BTreeMap<String, [usize; 4]>) {
    println!(
        "\n{title:<26} {:>5} {:>5} {:>11} {:>12} {:>6} {:>7}",
        "eql", "mql", "unqualified", "disqualified", "total", "eql %"
    );
    for (key, counts) in rows {
        let total: usize = counts.iter().sum();
        let pct = if total == 0 {
            0.0
        } else {
            100.0 * counts[0] as f64 / total as f64
        };
        println!(
            "{key:<26} {:>5} {:>5} {:>11} {:>12} {total:>6} {pct:>6.1}%",
            counts[0], counts[1], counts[2], counts[3]
        );
    }
}

fn explain(q: &Qualification) {
    println!("\n{} — {}", q.lead_id, q.summary);
    for c in q.contributions.iter().filter(|c| c.matched) {
        let pts = if c.points.hundredths() >= 0 {
            format!("+{}", c.points)
        } else {
            c.points.to_string()
        };
        println!("    {pts:>6}  {:<20} {}", c.rule_id, c.why);
    }
    if !q.missing.is_empty() {
        println!("    missing: {}", q.missing.join(", "));
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let job::Job {
        json: job,
        as_of,
        model,
        compiled,
        leads,
    } = job::load(dir)?;

    println!(
        "eql {} — scoring {} leads with model {} {} ({}) as of {}",
        eql_core::VERSION,
        leads.len(),
        model.id,
        model.version,
        &compiled.fingerprint()[..19],
        job["as_of"].as_str().unwrap_or("")
    );
    let mut by_partner: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut by_source: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut examples: BTreeMap<&'static str, Qualification> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, lead) in leads.iter().enumerate() {
        let lead = match lead {
            Ok(l) => l,
            Err(e) => {
                errors.push(format!("lead #{i}: [{}] {e}", e.code()));
                continue;
            }
        };
        match compiled.score(lead, as_of, ScoreOptions::default()) {
            Ok(q) => {
                let k = STAGES.iter().position(|s| *s == q.stage).unwrap_or(2);
                let partner = lead
                    .partner
                    .as_ref()
                    .and_then(|p| p.id.clone())
                    .unwrap_or_else(|| "(no partner)".into());
                by_partner.entry(partner).or_default()[k] += 1;
                by_source.entry(source_of(lead)).or_default()[k] += 1;
                examples.entry(stage_name(q.stage)).or_insert(q);
            }
            Err(e) => errors.push(format!("lead #{i} ({}): [{}] {e}", lead.id, e.code())),
        }
    }
    table("partner", &by_partner);
    table("source", &by_source);
    let mut totals = [0usize; 4];
    for c in by_partner.values() {
        for (t, n) in totals.iter_mut().zip(c) {
            *t += n;
        }
    }
    println!(
        "\ntotal: {} EQL, {} MQL, {} unqualified, {} disqualified, {} errors",
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        errors.len()
    );
    println!("\nOne lead per stage, with the rules that matched:");
    for s in STAGES {
        if let Some(q) = examples.get(stage_name(s)) {
            explain(q);
        }
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("data/sample"), PathBuf::from);
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

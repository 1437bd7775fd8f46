//! `eql route`: every lead of a table routed in file order by the routing
//! config (SPEC §7), each seeing the rotation state the previous one left;
//! one assignment row per lead, and the next state written for the next run.

use std::path::PathBuf;

use clap::Args;
use eql_core::routing::{LeadFacts, RoutingConfig, RoutingState, route_batch};
use serde::Serialize;

use super::Outcome;
use super::hygiene::LeadsArgs;
use crate::cli::{Common, Output};
use crate::error::CliError;
use crate::rows::table_of;
use crate::write::{atomic_write, write};

#[derive(Debug, Args)]
pub struct Route {
    /// The routing config (JSON: queues, reps, rules).
    #[arg(long, short)]
    pub config: PathBuf,
    #[command(flatten)]
    pub leads: LeadsArgs,
    /// The rotation state to start from (a previous run's `--state-out`);
    /// default: a fresh rotation.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Write the rotation state after the last lead here (JSON).
    #[arg(long)]
    pub state_out: Option<PathBuf>,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

/// One lead's place: its assignment, or the error that kept it unrouted.
#[derive(Serialize)]
struct Row {
    row: usize,
    lead_id: String,
    #[serde(flatten)]
    assignment: Option<serde_json::Value>,
    error_code: Option<&'static str>,
    error: Option<String>,
}

fn read_text(path: &PathBuf) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))
}

pub fn run(args: &Route) -> Result<Outcome, CliError> {
    let config = RoutingConfig::from_json(&read_text(&args.config)?)
        .map_err(|e| CliError::coded(&args.config, &e))?;
    let state = match &args.state {
        Some(p) => RoutingState::from_json(&read_text(p)?).map_err(|e| CliError::coded(p, &e))?,
        None => RoutingState::default(),
    };
    let leads = args.leads.read(&args.common)?;
    let facts: Vec<LeadFacts> = leads.iter().map(LeadFacts::from_lead).collect();
    let (results, next) =
        route_batch(&config, &state, &facts).map_err(|e| CliError::coded(&args.config, &e))?;
    let mut failed = 0usize;
    let rows = facts
        .iter()
        .zip(results)
        .enumerate()
        .map(|(i, (lead, r))| {
            let (assignment, error_code, error) = match r {
                Ok(a) => (
                    Some(serde_json::to_value(a).map_err(|e| CliError::file(&args.config, e))?),
                    None,
                    None,
                ),
                Err(e) => {
                    failed = failed.saturating_add(1);
                    (
                        None,
                        Some(eql_core::ErrorCode::code(&e)),
                        Some(e.to_string()),
                    )
                }
            };
            Ok(Row {
                row: i.saturating_add(1),
                lead_id: lead.lead_id.clone(),
                assignment,
                error_code,
                error,
            })
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    if args.output.strict && failed > 0 {
        let first = rows.iter().find(|r| r.error_code.is_some());
        return Err(CliError::Row {
            path: args.leads.leads.display().to_string(),
            row: first.map_or_else(String::new, |r| format!("lead #{}", r.row)),
            code: first.and_then(|r| r.error_code).unwrap_or("").to_owned(),
            message: first.and_then(|r| r.error.clone()).unwrap_or_default(),
        });
    }
    let table = table_of(&rows, &["row", "lead_id", "error_code", "error"])?;
    args.output.write(&table, &write)?;
    if let Some(path) = &args.state_out {
        let json = serde_json::to_string_pretty(&next).map_err(|e| CliError::file(path, e))?;
        atomic_write(path, |mut w| {
            use std::io::Write as _;
            w.write_all(json.as_bytes())
                .and_then(|()| w.flush())
                .map_err(|e| e.to_string())
        })?;
    }
    if !args.common.quiet {
        eprintln!("eql route: {} leads, {failed} with errors", leads.len());
    }
    Ok(if failed == 0 {
        Outcome::Ok
    } else {
        Outcome::RowErrors
    })
}

//! `eql validate` and `eql dedup`: the core's hygiene rules over a table
//! of leads (SPEC §5) — one row per violation, or one row per merged group
//! with its lineage.

use std::path::PathBuf;

use clap::Args;
use eql_core::hygiene::{ValidationConfig, merge, validate_all};
use serde::Serialize;

use super::Outcome;
use crate::cli::{Common, Output};
use crate::error::CliError;
use crate::format::Format;
use crate::leads::{Records, read_leads};
use crate::rows::table_of;
use crate::write::write;

/// The leads and their long tables, as `report` reads them.
#[derive(Debug, Args)]
pub struct LeadsArgs {
    /// The leads: a JSON array, or a CSV, JSON lines or Parquet table.
    pub leads: PathBuf,
    /// Events as a long table, one row per event, keyed by `--key`.
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Touchpoints as a long table, one row per touchpoint, keyed by `--key`.
    #[arg(long)]
    pub touchpoints: Option<PathBuf>,
    /// The lead id column of the long tables.
    #[arg(long, default_value = "lead_id")]
    pub key: String,
}

impl LeadsArgs {
    pub fn read(&self, common: &Common) -> Result<Vec<eql_core::Lead>, CliError> {
        let records = Records {
            events: self.events.as_deref(),
            touchpoints: self.touchpoints.as_deref(),
            key: &self.key,
        };
        read_leads(
            &self.leads,
            Format::of(&self.leads, common.format)?,
            &records,
        )
    }
}

#[derive(Debug, Args)]
pub struct Validate {
    #[command(flatten)]
    pub leads: LeadsArgs,
    /// The rules (JSON `ValidationConfig`: `mandatory` fields,
    /// `check_email`); default: the partner fields of SPEC §5.
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

/// One violation, placed by the lead's position in the file.
#[derive(Serialize)]
struct Found<'a> {
    row: usize,
    #[serde(flatten)]
    violation: &'a eql_core::hygiene::Violation,
}

fn json_config<T: serde::de::DeserializeOwned + Default>(
    path: Option<&PathBuf>,
) -> Result<T, CliError> {
    let Some(path) = path else {
        return Ok(T::default());
    };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    let value = serde_json::from_str(&text).map_err(|e| CliError::file(path, e))?;
    eql_core::error::input_from_value(value).map_err(|e| CliError::coded(path, &e))
}

/// Violations are findings, not failures of the command: exit 1 when any
/// lead has one (as a linter does), 0 when every lead is clean.
pub fn run_validate(args: &Validate) -> Result<Outcome, CliError> {
    let config: ValidationConfig = json_config(args.config.as_ref())?;
    let leads = args.leads.read(&args.common)?;
    let per_lead = validate_all(&leads, &config).map_err(|e| {
        let path = args.config.clone().unwrap_or_default();
        CliError::coded(&path, &e)
    })?;
    let found: Vec<Found<'_>> = per_lead
        .iter()
        .enumerate()
        .flat_map(|(i, vs)| {
            vs.iter().map(move |v| Found {
                row: i.saturating_add(1),
                violation: v,
            })
        })
        .collect();
    let table = table_of(
        &found,
        &["row", "record", "field", "kind", "code", "message"],
    )?;
    args.output.write(&table, &write)?;
    let bad = per_lead.iter().filter(|v| !v.is_empty()).count();
    if !args.common.quiet {
        eprintln!(
            "eql validate: {} leads, {bad} with violations ({} violations)",
            leads.len(),
            found.len()
        );
    }
    Ok(if bad == 0 {
        Outcome::Ok
    } else {
        Outcome::RowErrors
    })
}

#[derive(Debug, Args)]
pub struct Dedup {
    #[command(flatten)]
    pub leads: LeadsArgs,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

/// One merged group: its key (or why it has none), the survivor, every
/// member's id (lineage) and the merged record.
#[derive(Serialize)]
struct Group<'a> {
    key: Option<String>,
    key_error: Option<&'static str>,
    survivor: &'a str,
    members: usize,
    member_ids: String,
    merged: &'a eql_core::Lead,
}

/// Every lead lands in exactly one group (a record that cannot be keyed is
/// a group of one with its `key_error`), so no record is dropped.
pub fn run_dedup(args: &Dedup) -> Result<Outcome, CliError> {
    let leads = args.leads.read(&args.common)?;
    let report = merge(&leads).map_err(|e| CliError::coded(&args.leads.leads, &e))?;
    let groups: Vec<Group<'_>> = report
        .groups
        .iter()
        .map(|g| Group {
            key: g.key.as_ref().map(ToString::to_string),
            key_error: g.key_error,
            survivor: &g.survivor,
            members: g.members.len(),
            member_ids: g.member_ids.join(";"),
            merged: &g.merged,
        })
        .collect();
    let table = table_of(
        &groups,
        &["key", "key_error", "survivor", "members", "member_ids"],
    )?;
    args.output.write(&table, &write)?;
    if !args.common.quiet {
        let merged = groups.iter().filter(|g| g.members > 1).count();
        eprintln!(
            "eql dedup: {} leads in {} groups ({merged} merged from several records)",
            leads.len(),
            groups.len()
        );
    }
    Ok(Outcome::Ok)
}

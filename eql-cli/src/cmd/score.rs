//! `eql score`: a model scores a table of leads, with events and
//! touchpoints in the lead table (JSON, Parquet list columns) or as long
//! tables joined on the lead id (CSV exports), one result row per lead.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use clap::Args;
use eql_arrow::{LongTable, LongTables, ReadOptions, ScoreRun, TableScorer};
use eql_core::{CompiledModel, LeadField, ScoreOptions, ScoringModel};

use super::Outcome;
use crate::cli::{Common, Output, as_of};
use crate::error::CliError;
use crate::format::Format;
use crate::read::{Shape, Table, read};
use crate::write::write;

#[derive(Debug, Args)]
pub struct Score {
    /// The scoring model (TOML or JSON).
    #[arg(long, short)]
    pub model: PathBuf,
    /// The leads: one row per lead, `id` and dotted field names
    /// (`company.employees`) or nested columns.
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
    /// Score at this instant (RFC 3339); default: now.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Add each lead's explanation (reasons, summary, contributions).
    #[arg(long)]
    pub explain: bool,
    /// Score even when `--as-of` is outside the model's effective window.
    #[arg(long)]
    pub allow_outside_window: bool,
    /// Read money from floating-point columns (inexact).
    #[arg(long)]
    pub allow_float: bool,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

fn model(path: &PathBuf) -> Result<CompiledModel, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    ScoringModel::parse(&text)
        .and_then(|m| m.compile())
        .map_err(|e| CliError::coded(path, &e))
}

fn long(
    path: Option<&PathBuf>,
    field: LeadField,
    key: &str,
    common: &Common,
    read_opts: ReadOptions,
) -> Result<Option<Arc<LongTable>>, CliError> {
    let Some(path) = path else { return Ok(None) };
    let prefix = if field == LeadField::Events {
        "events."
    } else {
        "touchpoints."
    };
    let t = read(
        path,
        Format::of(path, common.format)?,
        Shape::Records { prefix, key },
    )?;
    LongTable::new(field, t.schema, &t.batches, key, read_opts)
        .map(|t| Some(Arc::new(t)))
        .map_err(|e| CliError::coded(path, &e))
}

/// Stage and error counts of a result table, and the first row errors.
#[derive(Debug, Default)]
pub struct Summary {
    pub rows: usize,
    pub stages: BTreeMap<String, usize>,
    pub errors: Vec<(usize, String, String)>,
    pub error_count: usize,
}

fn summarise(batches: &[RecordBatch]) -> Summary {
    let mut s = Summary::default();
    for b in batches {
        let (Some(stage), Some(code), Some(msg)) = (
            b.column_by_name("stage"),
            b.column_by_name("error_code"),
            b.column_by_name("error"),
        ) else {
            continue;
        };
        let (stage, code, msg) = (
            stage.as_string::<i32>(),
            code.as_string::<i32>(),
            msg.as_string::<i32>(),
        );
        for r in 0..b.num_rows() {
            let row = s.rows.saturating_add(r);
            if code.is_valid(r) {
                s.error_count = s.error_count.saturating_add(1);
                if s.errors.len() < 5 {
                    s.errors
                        .push((row, code.value(r).into(), msg.value(r).into()));
                }
            } else if stage.is_valid(r) {
                let n = s.stages.entry(stage.value(r).into()).or_default();
                *n = n.saturating_add(1);
            }
        }
        s.rows = s.rows.saturating_add(b.num_rows());
    }
    s
}

pub fn run(args: &Score) -> Result<Outcome, CliError> {
    let model = model(&args.model)?;
    let read_opts = ReadOptions {
        allow_float: args.allow_float,
        // CSV cells are text; JSON and Parquet keep their types.
        text_counts: true,
    };
    let run = ScoreRun {
        as_of: as_of(args.as_of.as_deref())?,
        options: ScoreOptions {
            allow_outside_window: args.allow_outside_window,
        },
        read: read_opts,
        explain: args.explain,
    };
    let format = Format::of(&args.leads, args.common.format)?;
    let leads = read(&args.leads, format, Shape::Leads)?;
    let long_tables = LongTables {
        events: long(
            args.events.as_ref(),
            LeadField::Events,
            &args.key,
            &args.common,
            read_opts,
        )?,
        touchpoints: long(
            args.touchpoints.as_ref(),
            LeadField::Touchpoints,
            &args.key,
            &args.common,
            read_opts,
        )?,
    };
    let scorer = TableScorer::new(&model, run);
    let schema = scorer.result_schema(&leads.schema);
    let batches = scorer
        .score_table(&leads.schema, &leads.batches, &long_tables)
        .map_err(|e| CliError::coded(&args.leads, &e))?;
    let summary = summarise(&batches);
    let shown = args.leads.display().to_string();
    if let (true, Some((row, code, message))) = (args.output.strict, summary.errors.first()) {
        return Err(CliError::Row {
            path: shown,
            row: format.line_of(*row),
            code: code.clone(),
            message: message.clone(),
        });
    }
    let out = Table { schema, batches };
    args.output.write(&out, &write)?;
    if !args.common.quiet {
        let stages: Vec<String> = summary
            .stages
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        eprintln!(
            "scored {} leads from {shown}: {}; {} with errors",
            summary.rows,
            if stages.is_empty() {
                "none scored".into()
            } else {
                stages.join(", ")
            },
            summary.error_count
        );
        for (row, code, message) in &summary.errors {
            eprintln!("  {shown} {}: [{code}] {message}", format.line_of(*row));
        }
        if summary.error_count > summary.errors.len() {
            eprintln!(
                "  … and {} more (see the error_code column)",
                summary.error_count.saturating_sub(summary.errors.len())
            );
        }
    }
    Ok(if summary.error_count > 0 {
        Outcome::RowErrors
    } else {
        Outcome::Ok
    })
}

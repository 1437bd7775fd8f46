//! `eql attribute`: a touch table and a conversion table joined on a
//! journey key (a lead or opportunity id); one credit row per touch, the
//! credits of each journey adding up exactly to its amount.

use std::path::PathBuf;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use clap::Args;
use eql_arrow::ReadOptions;
use eql_core::{AttributionModel, AttributionOptions, Attributor};

use super::Outcome;
use crate::cli::{Common, Output};
use crate::error::CliError;
use crate::format::Format;
use crate::read::{Shape, Table, read};
use crate::write::write;

#[derive(Debug, Args)]
pub struct Attribute {
    /// Touches: the key column, `id`, `at`, and optionally `channel`,
    /// `source`, `medium`, `url`, `referrer`, `campaign`, `asset`,
    /// `partner_id`, `lead_created`, `opportunity_created`.
    pub touches: PathBuf,
    /// Conversions: the key column, `at`, `amount`, `currency`; one per journey.
    pub conversions: PathBuf,
    /// The model: `partner_influence` (40 % first / 40 % last / 20 %
    /// partner), `first_touch`, `last_touch`, `linear`, `position_based`,
    /// `time_decay`, `w_shaped`, `full_path`.
    #[arg(long, short, default_value = "partner_influence")]
    pub model: String,
    /// A model with its own weights or half-life, as JSON
    /// (`{"type": "time_decay", "half_life_days": 7}`); instead of `--model`.
    #[arg(long, conflicts_with = "model")]
    pub model_file: Option<PathBuf>,
    /// Only touches at most this many days before the conversion count.
    #[arg(long)]
    pub lookback_days: Option<u32>,
    /// The journey key column of both tables.
    #[arg(long, default_value = "journey_id")]
    pub key: String,
    /// Read amounts from floating-point columns (inexact).
    #[arg(long)]
    pub allow_float: bool,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

fn attributor(args: &Attribute) -> Result<Attributor, CliError> {
    let model = match &args.model_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
            AttributionModel::from_json(&text).map_err(|e| CliError::coded(path, &e))?
        }
        None => AttributionModel::from_json(&serde_json::json!({ "type": args.model }).to_string())
            .map_err(|e| CliError::Usage(format!("--model {}: {e}", args.model)))?,
    };
    let options = AttributionOptions {
        lookback_days: args.lookback_days,
        ..Default::default()
    };
    Attributor::new(&model, options).map_err(|e| CliError::Usage(e.to_string()))
}

pub fn run(args: &Attribute) -> Result<Outcome, CliError> {
    let attributor = attributor(args)?;
    let shape = Shape::Journeys { key: &args.key };
    let format = Format::of(&args.touches, args.common.format)?;
    let touches = read(&args.touches, format, shape)?;
    let conv_format = Format::of(&args.conversions, args.common.format)?;
    let conversions = read(&args.conversions, conv_format, shape)?;
    let read_opts = ReadOptions {
        allow_float: args.allow_float,
        text_counts: true,
    };
    let batch = eql_arrow::attribute_tables(
        &attributor,
        (&touches.schema, &touches.batches),
        (&conversions.schema, &conversions.batches),
        &args.key,
        read_opts,
    )
    .map_err(|e| CliError::coded(&args.touches, &e))?;
    let codes = batch
        .column_by_name("error_code")
        .map(|c| c.as_string::<i32>().clone());
    let failed: Vec<usize> = codes
        .as_ref()
        .map(|c| (0..c.len()).filter(|&r| c.is_valid(r)).collect())
        .unwrap_or_default();
    // Touch rows come first, in order; a conversion no touch joins has a
    // row of its own after them.
    let n_touches = touches.rows();
    let journeys = batch
        .column_by_name("journey_id")
        .and_then(|c| arrow_cast::cast(c, &arrow_schema::DataType::Utf8).ok());
    let place = |row: usize| -> (String, String) {
        if row < n_touches {
            return (args.touches.display().to_string(), format.line_of(row));
        }
        let id = journeys
            .as_ref()
            .map(|j| j.as_string::<i32>())
            .filter(|j| j.is_valid(row))
            .map_or("", |j| j.value(row));
        (
            args.conversions.display().to_string(),
            format!("journey `{id}`"),
        )
    };
    if let (true, Some(&row), Some(c)) = (args.output.strict, failed.first(), &codes) {
        let message = batch
            .column_by_name("error")
            .map(|m| m.as_string::<i32>().value(row).to_owned())
            .unwrap_or_default();
        let (path, row_label) = place(row);
        return Err(CliError::Row {
            path,
            row: row_label,
            code: c.value(row).into(),
            message,
        });
    }
    let shown = args.touches.display().to_string();
    if !args.common.quiet {
        eprintln!(
            "attributed {} touches from {shown}; {} with errors",
            batch.num_rows(),
            failed.len()
        );
        if let (Some(c), Some(m)) = (&codes, batch.column_by_name("error")) {
            let m = m.as_string::<i32>();
            for &r in failed.iter().take(5) {
                let (path, row) = place(r);
                eprintln!("  {path} {row}: [{}] {}", c.value(r), m.value(r));
            }
            if failed.len() > 5 {
                eprintln!(
                    "  … and {} more (see the error_code column)",
                    failed.len().saturating_sub(5)
                );
            }
        }
    }
    let out = Table {
        schema: batch.schema(),
        batches: vec![batch],
    };
    args.output.write(&out, &write)?;
    Ok(if failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::RowErrors
    })
}

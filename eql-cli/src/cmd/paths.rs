//! `eql paths`: ChannelAttribution's path table in, one row per channel
//! out — the first, last and linear heuristics, or the exact Markov model.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use eql_arrow::ReadOptions;
use eql_core::attribution::{heuristic_models, markov_model};

use super::Outcome;
use crate::cli::{Common, Output};
use crate::error::CliError;
use crate::format::Format;
use crate::read::{Shape, Table, read};
use crate::write::write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathModel {
    /// First, last and linear touch totals per channel.
    Heuristic,
    /// Removal effects of an absorbing Markov chain, solved exactly.
    Markov,
}

#[derive(Debug, Args)]
pub struct Paths {
    /// The path table: `path` (`a > b > c`, or a list), `total_conversions`,
    /// optional `total_conversion_value` and `total_null`.
    pub table: PathBuf,
    #[arg(long, value_enum, default_value = "heuristic")]
    pub model: PathModel,
    /// The Markov chain's order (1–4).
    #[arg(long, default_value_t = 1)]
    pub order: u32,
    /// Read conversion values from floating-point columns (inexact).
    #[arg(long)]
    pub allow_float: bool,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &Paths) -> Result<Outcome, CliError> {
    let path = &args.table;
    let t = read(path, Format::of(path, args.common.format)?, Shape::Paths)?;
    let read_opts = ReadOptions {
        allow_float: args.allow_float,
        // CSV cells are text; JSON and Parquet keep their types.
        text_counts: true,
    };
    let coded = |e: eql_core::AttributionError| CliError::coded(path, &e);
    let table = eql_arrow::path_table(&t.schema, &t.batches, read_opts).map_err(coded)?;
    let batch = match args.model {
        PathModel::Heuristic => {
            eql_arrow::heuristics_batch(&heuristic_models(&table).map_err(coded)?)
        }
        PathModel::Markov => {
            eql_arrow::markov_batch(&markov_model(&table, args.order).map_err(coded)?)
        }
    }
    .map_err(|e| CliError::file(path, e))?;
    if !args.common.quiet {
        eprintln!(
            "{} channels from {} paths in {}",
            batch.num_rows(),
            t.rows(),
            path.display()
        );
    }
    let out = Table {
        schema: batch.schema(),
        batches: vec![batch],
    };
    args.output.write(&out, &write)?;
    Ok(Outcome::Ok)
}

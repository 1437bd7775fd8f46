//! The `eql` command: files in, the core's answers out. This crate only
//! reads and writes files and parses arguments; tables go through
//! `eql-arrow` and every rule lives in `eql-core`.

pub mod cli;
pub mod cmd;
pub mod error;
pub mod format;
pub mod leads;
pub mod read;
pub mod report;
pub mod rows;
pub mod sample;
pub mod write;

use clap::{Parser, Subcommand};

use cmd::Outcome;
use error::CliError;

/// Score, attribute and report on Ecosystem Qualified Leads.
#[derive(Debug, Parser)]
#[command(name = "eql", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The partner ROI report of a job (a folder with `job.json`, or a job
    /// file): tables on stdout, an HTML page with charts.
    Report(cmd::report::Report),
    /// Score a table of leads with a model: one result row per lead.
    Score(cmd::score::Score),
    /// Split each conversion over its journey's touches (40/40/20 and the
    /// standard models): one credit row per touch.
    Attribute(cmd::attribute::Attribute),
    /// Heuristic or exact Markov attribution of a path table.
    Paths(cmd::paths::Paths),
    /// Check each lead against the hygiene rules: one row per violation.
    Validate(cmd::hygiene::Validate),
    /// Group leads by dedup key and merge each group, with lineage.
    Dedup(cmd::hygiene::Dedup),
    /// Route each lead by the routing config, in order: one assignment per lead.
    Route(cmd::route::Route),
    /// Print the JSON Schema of an input or result.
    Schema(cmd::schema::Schema),
}

/// Run a parsed command line.
pub fn run(cli: &Cli) -> Result<Outcome, CliError> {
    match &cli.command {
        Command::Report(a) => cmd::report::run(a),
        Command::Score(a) => cmd::score::run(a),
        Command::Attribute(a) => cmd::attribute::run(a),
        Command::Paths(a) => cmd::paths::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Validate(a) => cmd::hygiene::run_validate(a),
        Command::Dedup(a) => cmd::hygiene::run_dedup(a),
        Command::Route(a) => cmd::route::run(a),
    }
}

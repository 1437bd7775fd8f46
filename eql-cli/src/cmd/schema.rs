//! `eql schema`: the JSON Schema of an input or output, for editors and
//! validators (the same types the core reads and writes).

use clap::{Args, ValueEnum};
use eql_core::attribution::PathRow;
use eql_core::qualify::Scored;
use eql_core::{Lead, Qualification, ScoringModel};

use super::Outcome;
use crate::error::CliError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A lead (one row of `eql score`'s input, nested).
    Lead,
    /// A scoring model.
    Model,
    /// One row of a path table.
    PathRow,
    /// One compact scoring result.
    Scored,
    /// One explained scoring result (`--explain`).
    Qualification,
}

#[derive(Debug, Args)]
pub struct Schema {
    #[arg(value_enum)]
    pub kind: Kind,
}

pub fn run(args: &Schema) -> Result<Outcome, CliError> {
    let schema = match args.kind {
        Kind::Lead => schemars::schema_for!(Lead),
        Kind::Model => schemars::schema_for!(ScoringModel),
        Kind::PathRow => schemars::schema_for!(PathRow),
        Kind::Scored => schemars::schema_for!(Scored),
        Kind::Qualification => schemars::schema_for!(Qualification),
    };
    let text = serde_json::to_string_pretty(&schema)
        .map_err(|e| CliError::Usage(format!("cannot print the schema: {e}")))?;
    println!("{text}");
    Ok(Outcome::Ok)
}

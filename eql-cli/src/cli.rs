//! Arguments every command shares.

use std::path::{Path, PathBuf};

use clap::Args;
use eql_core::time::Instant;

use crate::error::CliError;
use crate::format::Format;
use crate::read::Table;

#[derive(Debug, Args)]
pub struct Common {
    /// Input format, instead of the one the extension names.
    #[arg(long, value_enum, global = true)]
    pub format: Option<Format>,
    /// No summary or progress on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct Output {
    /// Write here (format from the extension, or `--output-format`);
    /// default: CSV on standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Output format, instead of the one the extension names.
    #[arg(long, value_enum)]
    pub output_format: Option<Format>,
    /// Stop at the first row with an error, writing nothing.
    #[arg(long)]
    pub strict: bool,
}

type Writer = dyn Fn(Option<&Path>, Format, &Table) -> Result<(), CliError>;

impl Output {
    pub fn write(&self, table: &Table, write: &Writer) -> Result<(), CliError> {
        let format = match (&self.output, self.output_format) {
            (_, Some(f)) => f,
            (Some(path), None) => Format::of(path, None)?,
            (None, None) => Format::Csv,
        };
        write(self.output.as_deref(), format, table)
    }
}

/// `--as-of`, or now: the command line is where the clock is read, the
/// core never does.
pub fn as_of(text: Option<&str>) -> Result<Instant, CliError> {
    match text {
        Some(t) => eql_core::time::parse_instant(t)
            .map_err(|e| CliError::Usage(format!("--as-of {t:?}: {e}"))),
        None => Ok(chrono::Utc::now()),
    }
}

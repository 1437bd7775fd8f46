//! File formats, chosen by `--format` or by the file's extension.

use std::path::Path;

use clap::ValueEnum;

use crate::error::CliError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated, one header row; nested fields as dotted names.
    Csv,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// One JSON array of objects.
    Json,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format of `path`: `explicit` when given, else its extension.
    pub fn of(path: &Path, explicit: Option<Format>) -> Result<Format, CliError> {
        if let Some(f) = explicit {
            return Ok(f);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
            Some("json") => Ok(Format::Json),
            Some("parquet" | "pq") => Ok(Format::Parquet),
            _ => Err(CliError::Usage(format!(
                "{}: cannot tell the format from the extension (.csv, .jsonl, .ndjson, .json, .parquet); give --format",
                path.display()
            ))),
        }
    }

    /// Whether rows are lines of the file (so a row has a line number).
    pub fn line_of(self, row: usize) -> String {
        let n = row.saturating_add(1);
        match self {
            Format::Csv => format!("line {}", n.saturating_add(1)),
            Format::Jsonl => format!("line {n}"),
            Format::Json | Format::Parquet => format!("row {n}"),
        }
    }
}

//! What can stop a command, and the exit code each gives: 2 for usage,
//! file and schema problems (nothing was scored), 1 for rows with errors
//! (`main` decides that one from the summary), 0 otherwise.

use std::fmt;
use std::path::Path;

use eql_core::ErrorCode;

/// A command that could not run to the end.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments: an unknown format, a bad `--as-of`.
    Usage(String),
    /// A file that cannot be read, parsed or written, or whose columns do
    /// not fit (the core's code when it has one).
    File {
        path: String,
        code: Option<&'static str>,
        message: String,
    },
    /// `--strict`: the first row with an error.
    Row {
        path: String,
        row: String,
        code: String,
        message: String,
    },
}

impl CliError {
    pub fn file(path: &Path, message: impl fmt::Display) -> CliError {
        CliError::File {
            path: path.display().to_string(),
            code: None,
            message: message.to_string(),
        }
    }

    /// A core error about the whole file (a missing or unknown column).
    pub fn coded<E: ErrorCode + fmt::Display>(path: &Path, e: &E) -> CliError {
        CliError::File {
            path: path.display().to_string(),
            code: Some(e.code()),
            message: e.to_string(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Row { .. } => 1,
            CliError::Usage(_) | CliError::File { .. } => 2,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}"),
            CliError::File {
                path,
                code: Some(code),
                message,
            } => write!(f, "{path}: [{code}] {message}"),
            CliError::File {
                path,
                code: None,
                message,
            } => write!(f, "{path}: {message}"),
            CliError::Row {
                path,
                row,
                code,
                message,
            } => write!(f, "{path} {row}: [{code}] {message}"),
        }
    }
}

impl std::error::Error for CliError {}

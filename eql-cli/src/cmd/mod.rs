//! One module per subcommand.

pub mod attribute;
pub mod hygiene;
pub mod paths;
pub mod report;
pub mod route;
pub mod schema;
pub mod score;

/// How a command ended when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Some rows have errors (in the output's `error_code` column).
    RowErrors,
}

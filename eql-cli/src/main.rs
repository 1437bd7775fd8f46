//! `eql`: exit 0 when every row was processed, 1 when some rows have
//! errors (or `--strict` stopped at one), 2 for usage and file errors.

use std::process::ExitCode;

use clap::Parser;
use eql_cli::{Cli, cmd::Outcome, run};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(&cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::RowErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("eql: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

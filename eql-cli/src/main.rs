//! `eql`: exit 0 when every row was processed, 1 when some rows have
//! errors (or `--strict` stopped at one), 2 for usage and file errors.

use std::process::ExitCode;

// Reading and mapping millions of leads is allocation-bound (many small
// strings per record); glibc's allocator spent about half of `eql report`'s
// time in malloc and free on 1 M leads. The library leaves the allocator
// to its embedder; the command picks one built for this load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

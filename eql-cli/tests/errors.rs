//! Bad input: a message naming the file, row and column; row errors in the
//! output and the summary; exit codes 0 / 1 / 2; nothing half-written.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn score(leads: &Path, extra: &[&str]) -> std::process::Output {
    let model = sample("model.toml");
    let mut args = vec![
        "score",
        "-m",
        model.to_str().unwrap(),
        "--as-of",
        AS_OF,
        leads.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    eql(&args)
}

const HEADER: &str = "id,email,company.employees,company.industry\n";

#[test]
fn a_bad_value_is_that_rows_error_and_exit_1() {
    let dir = scratch("err_row");
    let leads = write(
        &dir,
        "leads.csv",
        &format!(
            "{HEADER}L-1,a@acme.io,250,saas\nL-2,b@beta.io,many,saas\nL-3,c@gamma.io,40,retail\n"
        ),
    );
    let out = dir.join("out.csv");
    let o = score(&leads, &["-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("leads.csv line 3") && err.contains("company.employees"),
        "{err}"
    );
    assert!(err.contains("1 with errors"), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4, "every lead keeps its row: {text}");
    assert!(
        rows[2].starts_with("L-2,,") && rows[2].contains("input.invalid"),
        "{}",
        rows[2]
    );
    assert!(!rows[1].contains("input.") && !rows[3].contains("input."));
}

#[test]
fn strict_stops_at_the_first_row_error_and_writes_nothing() {
    let dir = scratch("err_strict");
    let leads = write(
        &dir,
        "leads.csv",
        &format!("{HEADER}L-1,a@acme.io,-3,saas\n"),
    );
    let out = dir.join("out.csv");
    let o = score(&leads, &["-o", out.to_str().unwrap(), "--strict"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("leads.csv line 2: [input.invalid]") && err.contains("company.employees"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_malformed_row_names_file_and_line_and_leaves_the_output_alone() {
    let dir = scratch("err_malformed");
    let leads = write(
        &dir,
        "leads.csv",
        &format!("{HEADER}L-1,a@acme.io,250,saas\nL-2,b@beta.io\n"),
    );
    let out = write(&dir, "out.csv", "previous results\n");
    let o = score(&leads, &["-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("leads.csv") && err.contains("line 3"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results\n");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

#[test]
fn missing_and_unknown_columns_name_the_column() {
    let dir = scratch("err_columns");
    let no_id = write(&dir, "no_id.csv", "email,company.employees\na@acme.io,3\n");
    let o = score(&no_id, &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("no_id.csv: [input.missing_column]") && err.contains("id"),
        "{err}"
    );

    let unknown = write(&dir, "unknown.csv", "id,company.employes\nL-1,3\n");
    let o = score(&unknown, &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("[input.unknown_column]") && err.contains("company.employes"),
        "{err}"
    );
}

#[test]
fn a_missing_or_malformed_optional_file_is_an_error() {
    let dir = scratch("err_optional");
    let leads = write(
        &dir,
        "leads.csv",
        &format!("{HEADER}L-1,a@acme.io,250,saas\n"),
    );
    let o = score(
        &leads,
        &["--events", dir.join("nope.csv").to_str().unwrap()],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nope.csv"), "{}", stderr(&o));

    let bad = write(&dir, "events.jsonl", "{\"lead_id\": \"L-1\", \"type\": \n");
    let o = score(&leads, &["--events", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("events.jsonl"), "{}", stderr(&o));

    let orphan = write(
        &dir,
        "events.csv",
        "lead_id,type,at\nL-9,demo_request,2026-11-01T00:00:00Z\n",
    );
    let o = score(&leads, &["--events", orphan.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("[input.orphan_row]"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("err_usage");
    let leads = write(&dir, "leads.txt", "id\nL-1\n");
    let o = score(&leads, &[]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));
    let o = score(&leads, &["--format", "csv", "--as-of", "yesterday"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--as-of"), "{}", stderr(&o));
    assert_eq!(code(&eql(["score"])), 2);
    assert_eq!(code(&eql(["frobnicate"])), 2);
    let bad_model = write(&dir, "model.toml", "id = \"m\"\n");
    let o = eql([
        "score",
        "-m",
        bad_model.to_str().unwrap(),
        leads.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("model.toml: [model."), "{}", stderr(&o));
}

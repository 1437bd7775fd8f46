//! The golden-vector runner (SPEC §7): every file under `tests/vectors/` and
//! under `$EQL_EXTRA_VECTORS`, dispatched on its `kind`; a file of an
//! unknown kind fails the run.
//!
//! Set `EQL_VECTOR_OUT=path.jsonl` to also write each case's actual result,
//! which the Python and JS runners compare byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod attribution;
mod compare;
mod dedup_key;
mod qualify;
mod report;
mod routing;
mod utm;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Cases whose expectation we believe contradicts SPEC.md: (file, case, reason).
/// They still run; a pass or a different failure is reported loudly.
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str)] = &[];

/// What one case produced: the actual value (result or `{"error": code}`).
pub struct Outcome {
    pub name: String,
    pub actual: Value,
    pub expected: Value,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// The kinds this runner knows; a file of any other kind is an error.
const KINDS: &[&str] = &[
    "qualify",
    "dedup_key",
    "utm",
    "report",
    "attribution",
    "routing",
];

fn run_file(path: &Path) -> Result<Vec<Outcome>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: invalid JSON: {e}", path.display()))?;
    let kind = file
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{}: no `kind`", path.display()))?;
    let outcomes = match kind {
        "qualify" => qualify::run(&file)?,
        "dedup_key" => dedup_key::run(&file)?,
        "utm" => utm::run(&file)?,
        "report" => report::run(&file)?,
        "attribution" => attribution::run(&file)?,
        "routing" => routing::run(&file)?,
        other => {
            return Err(format!(
                "{}: unknown kind `{other}` (known: {})",
                path.display(),
                KINDS.join(", ")
            ));
        }
    };
    Ok(outcomes)
}

#[test]
fn golden_vectors() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files = Vec::new();
    collect(&root, &mut files).unwrap();
    if let Some(extra) = std::env::var_os("EQL_EXTRA_VECTORS") {
        let extra = PathBuf::from(extra);
        collect(&extra, &mut files).unwrap_or_else(|e| panic!("EQL_EXTRA_VECTORS: {e}"));
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "no vector files found under {}",
        root.display()
    );

    let mut report = String::new();
    let (mut ran, mut failed) = (0usize, 0usize);
    let mut out_lines = String::new();
    for path in &files {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let outcomes = run_file(path).unwrap_or_else(|e| panic!("{e}"));
        for o in outcomes {
            ran += 1;
            let diffs = compare::subset(&o.expected, &o.actual);
            let known = KNOWN_DISAGREEMENTS
                .iter()
                .find(|(f, c, _)| *f == file_name && *c == o.name);
            match (diffs.is_empty(), known) {
                (true, None) => {}
                (true, Some((_, _, why))) => {
                    writeln!(
                        report,
                        "KNOWN DISAGREEMENT NOW PASSES: {file_name} / {} ({why})",
                        o.name
                    )
                    .unwrap();
                    failed += 1;
                }
                (false, Some((_, _, why))) => {
                    writeln!(
                        report,
                        "known disagreement: {file_name} / {}: {why}",
                        o.name
                    )
                    .unwrap();
                }
                (false, None) => {
                    failed += 1;
                    writeln!(
                        report,
                        "FAIL {file_name} / {}: {}",
                        o.name,
                        diffs.join("; ")
                    )
                    .unwrap();
                }
            }
            let line = serde_json::json!({"file": file_name, "case": o.name, "actual": o.actual});
            writeln!(out_lines, "{line}").unwrap();
        }
    }
    if let Some(out) = std::env::var_os("EQL_VECTOR_OUT") {
        std::fs::write(out, &out_lines).unwrap();
    }
    println!(
        "vectors: ran {ran} cases from {} files, {failed} failed",
        files.len()
    );
    print!("{report}");
    assert!(ran > 0, "no vector case ran");
    assert_eq!(failed, 0, "{report}");
}

/// A file of a `kind` no runner knows is a failure, not a skipped note: a
/// typo in `kind` (or a kind this runtime lacks) must not pass silently.
#[test]
fn a_file_of_unknown_kind_fails() {
    let dir = std::env::temp_dir().join(format!("eql-vectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("typo.json");
    std::fs::write(&path, r#"{"kind": "qualfy", "cases": []}"#).unwrap();
    let result = run_file(&path);
    std::fs::remove_dir_all(&dir).unwrap();
    let err = result.err().expect("an unknown kind must be an error");
    assert!(err.contains("unknown kind `qualfy`"), "{err}");
}

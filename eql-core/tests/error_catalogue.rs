//! `docs/errors.md` is generated from `eql_core::error::CODES`; this test
//! fails when the committed file differs. Regenerate it with
//! `EQL_BLESS=1 cargo test -p eql-core --test error_catalogue`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::PathBuf;

use eql_core::error::{CODES, Family, RaisedBy};

const BLESS: &str = "EQL_BLESS=1 cargo test -p eql-core --test error_catalogue";

fn render() -> String {
    let mut out = String::new();
    writeln!(out, "# Error codes").unwrap();
    writeln!(out).unwrap();
    writeln!(
        out,
        "<!-- Generated from `eql_core::error::CODES` by eql-core/tests/error_catalogue.rs. Do not edit; regenerate with `{BLESS}`. -->"
    )
    .unwrap();
    writeln!(out).unwrap();
    out.push_str(
        "Every error eql raises carries one of these stable codes. Rust errors\n\
         return it from `ErrorCode::code()`; Python raises a `ValueError`\n\
         subclass per family with `.code` and `.details`; JavaScript throws an\n\
         `Error` named `EqlError` with `code` and `details`. The details are the\n\
         error's structured fields (path, rule, field, record...). The same list\n\
         is available at run time as `eql_core::error::CODES`, each entry with\n\
         its family and meaning; \"binding\" codes are raised by the Python or JS\n\
         binding rather than by the core.\n",
    );
    let mut families: Vec<Family> = CODES.iter().map(|c| c.family).collect();
    families.dedup();
    for family in families {
        writeln!(out).unwrap();
        writeln!(out, "## {}", family.as_str()).unwrap();
        writeln!(out).unwrap();
        writeln!(out, "| code | raised by | meaning |").unwrap();
        writeln!(out, "|---|---|---|").unwrap();
        for c in CODES.iter().filter(|c| c.family == family) {
            let by = match c.raised_by {
                RaisedBy::Core => "core",
                RaisedBy::Binding => "binding",
                other => panic!("unknown RaisedBy {other:?}"),
            };
            let meaning = c.meaning.replace('|', "\\|");
            writeln!(out, "| `{}` | {by} | {meaning} |", c.code).unwrap();
        }
    }
    out
}

#[test]
fn docs_errors_md_is_generated_from_codes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md");
    let want = render();
    if std::env::var_os("EQL_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let line = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "one file is a prefix of the other".to_owned(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!(
            "docs/errors.md is out of date with eql_core::error::CODES ({line}); regenerate it with\n    {BLESS}"
        );
    }
}

/// Families are listed together, in the order of `Family`, so the generated
/// page has one section per family.
#[test]
fn codes_are_grouped_by_family() {
    let families: Vec<Family> = CODES.iter().map(|c| c.family).collect();
    let mut sorted = families.clone();
    sorted.sort();
    assert_eq!(families, sorted);
}

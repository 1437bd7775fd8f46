//! `eql report` on the bundled sample in every input format, and the bad
//! inputs the job format must refuse: a file the job names that is missing
//! or malformed, an unknown key, a lead that cannot be placed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::path::{Path, PathBuf};

use common::{code, eql, root, sample, sample_leads, scratch, stderr};
use eql_cli::format::Format;
use serde_json::{Value, json};

/// Run the report of `job`, its JSON written to `dir/report.json`.
fn report(job: &Path, dir: &Path) -> (std::process::Output, Option<Value>) {
    let json = dir.join("report.json");
    let out = eql([
        "report".as_ref(),
        job.as_os_str(),
        "-q".as_ref(),
        "--html".as_ref(),
        dir.join("report.html").as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ]);
    let value = std::fs::read_to_string(&json)
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap());
    (out, value)
}

/// The sample's job with `changes` applied, written to `dir/job.json`
/// (paths made absolute so the job can live anywhere).
fn job_file(dir: &Path, changes: Value) -> PathBuf {
    let mut job: Value =
        serde_json::from_str(&std::fs::read_to_string(sample("job.json")).unwrap()).unwrap();
    for key in [
        "model",
        "leads",
        "sql",
        "opportunities",
        "costs",
        "traffic",
        "partners",
    ] {
        let name = job[key].as_str().unwrap().to_owned();
        job[key] = json!(sample(&name).display().to_string());
    }
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            job.as_object_mut().unwrap().remove(k);
        } else {
            job[k] = v.clone();
        }
    }
    let path = dir.join("job.json");
    std::fs::write(&path, job.to_string()).unwrap();
    path
}

#[test]
fn the_sample_report_prints_tables_and_writes_a_self_contained_page() {
    let dir = scratch("report-sample");
    let (out, json) = report(&sample(""), &dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("pipeline 2,278,028.00 = partners 1,047,888.00 + non-partner touches 1,230,140.00; won ARR 479,700.00"),
        "{text}"
    );
    assert!(
        text.contains("P-2 Contoso Data"),
        "names from partners.json"
    );
    let t = &json.unwrap()["totals"];
    assert_eq!(t["pipeline"], "2278028.00");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for part in [
        "Weekly ecosystem trend",
        "EQL → SQL → won, per partner",
        "2026-Q4: pipeline ÷ cost",
        "class=\"double_down\"",
        "class=\"cut\"",
        "2,278,028.00",
        "Contoso Data",
    ] {
        assert!(html.contains(part), "missing {part:?}");
    }
    // One file: no scripts, stylesheets or images fetched from anywhere.
    for fetch in ["<script", "<link", "src=", "http://", "https://"] {
        assert!(!html.contains(fetch), "{fetch:?} in the page");
    }
}

#[test]
fn csv_parquet_and_json_lines_jobs_give_the_json_jobs_report() {
    let dir = scratch("report-formats");
    let (_, want) = report(&sample(""), &dir);
    let want = want.unwrap();
    let (out, csv) = report(&sample("csv"), &dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(csv.unwrap(), want, "the CSV exports");
    for (format, ext) in [(Format::Parquet, "parquet"), (Format::Jsonl, "jsonl")] {
        let d = scratch(&format!("report-formats-{ext}"));
        eql_cli::write::lead_tables(&sample_leads(), &d, format).unwrap();
        let job = job_file(
            &d,
            json!({"leads": d.join(format!("leads.{ext}")),
                   "events": d.join(format!("events.{ext}")),
                   "touchpoints": d.join(format!("touchpoints.{ext}"))}),
        );
        let (out, got) = report(&job, &d);
        assert_eq!(code(&out), 0, "{ext}: {}", stderr(&out));
        assert_eq!(got.unwrap(), want, "{ext}");
        // One nested file: events and touchpoints as list columns.
        let batch = eql_arrow::leads_to_batch(&sample_leads(), Default::default()).unwrap();
        let table = eql_cli::read::Table {
            schema: batch.schema(),
            batches: vec![batch],
        };
        let nested = d.join(format!("nested.{ext}"));
        eql_cli::write::write(Some(&nested), format, &table).unwrap();
        let job = job_file(&d, json!({"leads": nested}));
        let (out, got) = report(&job, &d);
        assert_eq!(code(&out), 0, "nested {ext}: {}", stderr(&out));
        assert_eq!(got.unwrap(), want, "nested {ext}");
    }
}

#[test]
fn a_named_file_that_is_missing_or_malformed_is_an_error_naming_it() {
    let dir = scratch("report-bad-files");
    for (case, key, text) in [
        ("sql-list", "sql", r#"["L-0001"]"#),
        ("sql-number", "sql", r#"{"L-0001": 5}"#),
        ("sql-instant", "sql", r#"{"L-0001": "yesterday"}"#),
        ("sql-not-json", "sql", "{"),
        ("opportunities", "opportunities", r#"{"not": "a list"}"#),
        ("costs", "costs", r#"[{"partner_id": "P-1"}]"#),
        ("traffic", "traffic", "[1]"),
        (
            "partners",
            "partners",
            r#"{"partners": [{"name": "no id"}]}"#,
        ),
    ] {
        let d = scratch(&format!("report-bad-{case}"));
        let file = d.join(format!("{case}.json"));
        std::fs::write(&file, text).unwrap();
        let job = job_file(&d, json!({ key: file }));
        let (out, json) = report(&job, &d);
        assert_eq!(code(&out), 2, "{case}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{case}.json")),
            "{case}: {}",
            stderr(&out)
        );
        assert!(json.is_none(), "{case}: no report is written");
    }
    let job = job_file(&dir, json!({"sql": dir.join("absent.json")}));
    let (out, _) = report(&job, &dir);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("absent.json"), "{}", stderr(&out));
}

#[test]
fn optional_files_may_be_left_out_and_unknown_keys_are_refused() {
    let dir = scratch("report-minimal");
    let job = job_file(
        &dir,
        json!({"sql": null, "opportunities": null, "costs": null, "traffic": null, "partners": null}),
    );
    let (out, json) = report(&job, &dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json.unwrap()["totals"]["opportunities"], 0);
    let job = job_file(&dir, json!({"opportunites": "opportunities.json"}));
    let (out, _) = report(&job, &dir);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("job.json") && err.contains("opportunites"),
        "{err}"
    );
}

#[test]
fn a_lead_the_report_cannot_place_stops_it_naming_the_lead() {
    let dir = scratch("report-bad-lead");
    let mut leads: Value =
        serde_json::from_str(&std::fs::read_to_string(sample("leads.json")).unwrap()).unwrap();
    leads[3].as_object_mut().unwrap().remove("created_at");
    let id = leads[3]["id"].as_str().unwrap().to_owned();
    std::fs::write(dir.join("leads.json"), leads.to_string()).unwrap();
    let job = job_file(&dir, json!({"leads": dir.join("leads.json")}));
    std::fs::write(dir.join("report.html"), "before").unwrap();
    let (out, _) = report(&job, &dir);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("report.missing_created_at") && err.contains(&id),
        "{err}"
    );
    assert!(err.contains("lead #4"), "{err}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html, "before", "a failed run leaves the old page as it was");
}

#[test]
fn a_long_table_row_for_no_lead_names_the_file_and_row() {
    let dir = scratch("report-orphan");
    let csv = root().join("data/sample/csv");
    let mut text = std::fs::read_to_string(csv.join("events.csv")).unwrap();
    let header = text.lines().next().unwrap().to_owned();
    let cols = header.split(',').count();
    text.push_str(&format!("L-9999{}\n", ",".repeat(cols - 1)));
    std::fs::write(dir.join("events.csv"), &text).unwrap();
    let rows = text.lines().count() - 1;
    let job = job_file(
        &dir,
        json!({"leads": csv.join("leads.csv"), "events": dir.join("events.csv"),
               "touchpoints": csv.join("touchpoints.csv")}),
    );
    let (out, _) = report(&job, &dir);
    assert_ne!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("events.csv")
            && err.contains(&format!("row {rows}"))
            && err.contains("L-9999"),
        "{err}"
    );
}

/// docs/cli.md shows the sample's real output: every line of its `eql
/// report` block (but the elision) is a line the command prints.
#[test]
fn docs_cli_md_shows_the_real_report_output() {
    let docs = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    let section = docs.split("## `eql report`").nth(1).unwrap();
    let block = section.split("```text\n").nth(1).unwrap();
    let block = block.split("```").next().unwrap();
    let dir = scratch("report-docs");
    let (out, _) = report(&sample(""), &dir);
    let text = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = text.lines().collect();
    let mut shown = 0;
    for line in block.lines().filter(|l| *l != "…") {
        assert!(
            printed.contains(&line),
            "docs/cli.md shows a line eql does not print:\n{line}"
        );
        shown += 1;
    }
    assert!(shown > 10);
}

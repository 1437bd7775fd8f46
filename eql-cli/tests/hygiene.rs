//! `eql validate`, `eql dedup` and `eql route` on the sample, in every
//! input format, and their bad inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use common::{code, eql, root, sample, sample_leads, scratch, stderr};
use eql_cli::format::Format;
use serde_json::{Value, json};

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn run(args: &[&str]) -> std::process::Output {
    eql(args)
}

#[test]
fn validate_gives_one_row_per_violation_in_every_format_and_exits_1() {
    let dir = scratch("validate-formats");
    let out = dir.join("json.jsonl");
    let o = run(&[
        "validate",
        sample("leads.json").to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let want = lines(&out);
    let bad: std::collections::BTreeSet<&str> =
        want.iter().map(|v| v["record"].as_str().unwrap()).collect();
    // Every violation is placed by the lead's row and names field and kind.
    let leads = sample_leads();
    for v in &want {
        let row = v["row"].as_u64().unwrap() as usize;
        assert_eq!(leads[row - 1].id, v["record"].as_str().unwrap());
        assert!(v["field"].is_string() && v["kind"].is_string(), "{v}");
    }
    assert!(!bad.is_empty() && bad.len() < leads.len());

    let csv = root().join("data/sample/csv");
    let o = run(&[
        "validate",
        csv.join("leads.csv").to_str().unwrap(),
        "--events",
        csv.join("events.csv").to_str().unwrap(),
        "--touchpoints",
        csv.join("touchpoints.csv").to_str().unwrap(),
        "-q",
        "-o",
        dir.join("csv.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(lines(&dir.join("csv.jsonl")), want, "CSV exports");

    let pq = scratch("validate-parquet");
    eql_cli::write::lead_tables(&leads, &pq, Format::Parquet).unwrap();
    let o = run(&[
        "validate",
        pq.join("leads.parquet").to_str().unwrap(),
        "--events",
        pq.join("events.parquet").to_str().unwrap(),
        "--touchpoints",
        pq.join("touchpoints.parquet").to_str().unwrap(),
        "-q",
        "-o",
        dir.join("pq.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(lines(&dir.join("pq.jsonl")), want, "Parquet");
}

#[test]
fn validate_with_rules_every_lead_meets_exits_0_with_a_header() {
    let dir = scratch("validate-clean");
    std::fs::write(
        dir.join("rules.json"),
        r#"{"mandatory": ["id", "created_at"]}"#,
    )
    .unwrap();
    let out = dir.join("v.csv");
    let o = run(&[
        "validate",
        sample("leads.json").to_str().unwrap(),
        "--config",
        dir.join("rules.json").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().trim(),
        "row,record,field,kind,code,message"
    );
    std::fs::write(dir.join("bad.json"), r#"{"mandatory": ["id"], "typo": 1}"#).unwrap();
    let o = run(&[
        "validate",
        sample("leads.json").to_str().unwrap(),
        "--config",
        dir.join("bad.json").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("bad.json") && stderr(&o).contains("typo"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn dedup_merges_duplicates_with_lineage_and_drops_no_record() {
    let dir = scratch("dedup");
    let leads = json!([
        {"id": "A", "email": "ana@eu.acme.co.uk", "updated_at": "2026-10-01T09:00:00Z", "partner": {"id": "P-7"}},
        {"id": "B", "email": "bo@acme.co.uk", "updated_at": "2026-11-10T09:00:00Z",
         "company": {"name": "Acme"}, "partner": {"id": "P-7"}},
        {"id": "C", "email": "cy@other.example", "updated_at": "2026-11-15T09:00:00Z"},
        {"id": "D", "email": "not an email"},
    ]);
    std::fs::write(dir.join("leads.json"), leads.to_string()).unwrap();
    let out = dir.join("groups.jsonl");
    let o = run(&[
        "dedup",
        dir.join("leads.json").to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let groups = lines(&out);
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[0]["key"], "acme.co.uk|P-7");
    assert_eq!(groups[0]["member_ids"], "A;B");
    assert_eq!(groups[0]["merged"]["company"]["name"], "Acme");
    assert_eq!(groups[2]["key_error"], "email.invalid");
    let members: u64 = groups.iter().map(|g| g["members"].as_u64().unwrap()).sum();
    assert_eq!(members, 4, "every record is in one group");
}

#[test]
fn route_in_two_runs_with_the_state_file_equals_one_run() {
    let dir = scratch("route");
    let all = dir.join("all.jsonl");
    let config = sample("routing.json");
    let o = run(&[
        "route",
        "-c",
        config.to_str().unwrap(),
        sample("leads.json").to_str().unwrap(),
        "-q",
        "-o",
        all.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let all = lines(&all);
    assert_eq!(all.len(), 240);
    assert!(
        all.iter().all(|r| r["status"] == "assigned"),
        "every sample region has a queue"
    );

    let leads: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(sample("leads.json")).unwrap()).unwrap();
    let (first, second) = leads.split_at(100);
    std::fs::write(
        dir.join("first.json"),
        Value::from(first.to_vec()).to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.join("second.json"),
        Value::from(second.to_vec()).to_string(),
    )
    .unwrap();
    let state = dir.join("state.json");
    let o = run(&[
        "route",
        "-c",
        config.to_str().unwrap(),
        dir.join("first.json").to_str().unwrap(),
        "-q",
        "--state-out",
        state.to_str().unwrap(),
        "-o",
        dir.join("1.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&[
        "route",
        "-c",
        config.to_str().unwrap(),
        dir.join("second.json").to_str().unwrap(),
        "-q",
        "--state",
        state.to_str().unwrap(),
        "-o",
        dir.join("2.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let reps = |rows: &[Value]| rows.iter().map(|r| r["rep_id"].clone()).collect::<Vec<_>>();
    let mut split = reps(&lines(&dir.join("1.jsonl")));
    split.extend(reps(&lines(&dir.join("2.jsonl"))));
    assert_eq!(split, reps(&all));

    std::fs::write(
        dir.join("bad.json"),
        r#"{"queues": [{"id": "q", "reps": []}]}"#,
    )
    .unwrap();
    let o = run(&[
        "route",
        "-c",
        dir.join("bad.json").to_str().unwrap(),
        sample("leads.json").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
}

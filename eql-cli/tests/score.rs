//! `eql score` on the sample in every format gives the core's answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use eql_cli::format::Format;
use eql_core::ScoringModel;
use eql_core::qualify::ManyOptions;
use serde_json::Value;

fn score(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["score", "--model"];
    let model = sample("model.toml");
    all.push(model.to_str().unwrap());
    all.extend_from_slice(&["--as-of", AS_OF, "--quiet"]);
    all.extend_from_slice(args);
    let o = eql(&all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing: {}",
        stderr(&o)
    );
    o.stdout
}

#[test]
fn committed_csv_sample_is_what_the_example_writes() {
    let dir = scratch("sample_csv");
    for name in ["leads.json", "opportunities.json"] {
        std::fs::copy(sample(name), dir.join(name)).unwrap();
    }
    eql_cli::sample::write_sample_csv(&dir).unwrap();
    for name in [
        "leads.csv",
        "events.csv",
        "touchpoints.csv",
        "conversions.csv",
        "converted_touchpoints.csv",
    ] {
        let fresh = std::fs::read_to_string(dir.join("csv").join(name)).unwrap();
        let committed = std::fs::read_to_string(sample("csv").join(name)).unwrap();
        assert!(
            fresh == committed,
            "data/sample/csv/{name} is stale: run the sample_csv example"
        );
    }
}

#[test]
fn every_format_gives_the_same_results_as_the_core() {
    let csv = sample("csv");
    let from_csv = score(&[
        csv.join("leads.csv").to_str().unwrap(),
        "--events",
        csv.join("events.csv").to_str().unwrap(),
        "--touchpoints",
        csv.join("touchpoints.csv").to_str().unwrap(),
    ]);
    let json = sample("leads.json");
    assert_eq!(
        from_csv,
        score(&[json.to_str().unwrap()]),
        "CSV long tables = nested JSON"
    );

    // Parquet: nested (list-of-struct columns) and as three long tables.
    let dir = scratch("score_parquet");
    let nested = eql_arrow::leads_to_batch(&sample_leads(), Default::default()).unwrap();
    let table = eql_cli::read::Table {
        schema: nested.schema(),
        batches: vec![nested],
    };
    let nested_path = dir.join("nested.parquet");
    eql_cli::write::write(Some(&nested_path), Format::Parquet, &table).unwrap();
    assert_eq!(
        from_csv,
        score(&[nested_path.to_str().unwrap()]),
        "nested Parquet"
    );
    eql_cli::write::lead_tables(&sample_leads(), &dir, Format::Parquet).unwrap();
    let long = score(&[
        dir.join("leads.parquet").to_str().unwrap(),
        "--events",
        dir.join("events.parquet").to_str().unwrap(),
        "--touchpoints",
        dir.join("touchpoints.parquet").to_str().unwrap(),
    ]);
    assert_eq!(from_csv, long, "long Parquet tables");

    // JSON lines in, JSON lines out: each row is the core's compact result.
    let jl = scratch("score_jsonl");
    eql_cli::write::lead_tables(&sample_leads(), &jl, Format::Jsonl).unwrap();
    let out = score(&[
        jl.join("leads.jsonl").to_str().unwrap(),
        "--events",
        jl.join("events.jsonl").to_str().unwrap(),
        "--touchpoints",
        jl.join("touchpoints.jsonl").to_str().unwrap(),
        "--output-format",
        "jsonl",
    ]);
    let rows: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let model = ScoringModel::parse(&std::fs::read_to_string(sample("model.toml")).unwrap())
        .unwrap()
        .compile()
        .unwrap();
    let expected: Vec<Value> = serde_json::from_str(
        &serde_json::to_string(
            &model
                .score_many_json(
                    &std::fs::read_to_string(json).unwrap(),
                    eql_core::time::parse_instant(AS_OF).unwrap(),
                    ManyOptions::default(),
                )
                .unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(rows.len(), 240);
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        for key in [
            "lead_id",
            "stage",
            "buying_signal",
            "ecosystem_evidence",
            "missing",
            "model_fingerprint",
        ] {
            assert_eq!(row[key], want[key], "{key} of {}", want["lead_id"]);
        }
        for key in ["fit", "intent", "total"] {
            assert_eq!(
                row[key].as_f64(),
                want[key].as_f64(),
                "{key} of {}",
                want["lead_id"]
            );
        }
        assert!(row["error_code"].is_null());
    }
}

#[test]
fn explain_adds_the_explanation_and_csv_holds_it_as_json() {
    let json = sample("leads.json");
    let out = String::from_utf8(score(&[json.to_str().unwrap(), "--explain"])).unwrap();
    let header = out.lines().next().unwrap();
    assert!(
        header.contains("summary") && header.contains("contributions"),
        "{header}"
    );
    let first = out.lines().nth(1).unwrap();
    assert!(
        first.contains(r#"""rule_id"":"#),
        "contributions as JSON text: {first}"
    );
}

#[test]
fn output_file_format_follows_the_extension() {
    let dir = scratch("score_out");
    let out = dir.join("scored.parquet");
    let json = sample("leads.json");
    score(&[json.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let t = eql_cli::read::read(&out, Format::Parquet, eql_cli::read::Shape::Plain).unwrap();
    assert_eq!(t.rows(), 240);
    assert!(t.schema.field_with_name("error_code").is_ok());
}

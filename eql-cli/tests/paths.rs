//! `eql paths` and `eql schema`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use eql_core::Decimal;
use serde_json::Value;

fn json_rows(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["paths", "--quiet", "--output-format", "json"];
    all.extend_from_slice(args);
    let o = eql(&all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn sum(rows: &[Value], key: &str) -> Decimal {
    rows.iter()
        .map(|r| {
            r[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} is a decimal string: {r}"))
                .parse::<Decimal>()
                .unwrap()
        })
        .sum()
}

#[test]
fn heuristics_and_markov_keep_the_tables_totals_exactly() {
    let table = sample("csv/paths.csv");
    let t = table.to_str().unwrap();
    // The sample table: 58 conversions worth 249 450.00.
    let h = json_rows(&[t]);
    assert_eq!(h.len(), 6);
    assert_eq!(h[0]["channel_name"], "co_marketing");
    let m = json_rows(&[t, "--model", "markov", "--order", "2"]);
    assert_eq!(m.len(), 6);
    assert_eq!(sum(&m, "total_conversions"), Decimal::from(58));
    assert_eq!(
        sum(&m, "total_conversion_value"),
        "249450.00".parse::<Decimal>().unwrap()
    );
    for key in ["first_touch", "last_touch", "linear_touch"] {
        assert_eq!(
            sum(&h, &format!("{key}_conversions")),
            Decimal::from(58),
            "{key}"
        );
        let value = sum(&h, &format!("{key}_value"));
        assert_eq!(value, "249450.00".parse::<Decimal>().unwrap(), "{key}");
    }
}

#[test]
fn the_same_table_as_parquet_gives_the_same_rows() {
    let dir = scratch("paths_parquet");
    let csv = sample("csv/paths.csv");
    let pq = dir.join("paths.parquet");
    // CSV → Parquet through the CLI's own reader and writer.
    let t = eql_cli::read::read(
        &csv,
        eql_cli::format::Format::Csv,
        eql_cli::read::Shape::Paths,
    )
    .unwrap();
    eql_cli::write::write(Some(&pq), eql_cli::format::Format::Parquet, &t).unwrap();
    for model in ["heuristic", "markov"] {
        assert_eq!(
            json_rows(&[csv.to_str().unwrap(), "--model", model]),
            json_rows(&[pq.to_str().unwrap(), "--model", model]),
            "{model}"
        );
    }
}

#[test]
fn bad_path_tables_are_coded_errors() {
    let dir = scratch("paths_bad");
    let p = dir.join("p.csv");
    std::fs::write(&p, "path,total_conversions,total_null\na > b,1,0\n,2,0\n").unwrap();
    let o = eql(["paths", p.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("p.csv: [attribution.empty_path]"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&p, "path,total_conversions\na > b,1\n").unwrap();
    let o = eql([
        "paths",
        p.to_str().unwrap(),
        "--model",
        "markov",
        "--order",
        "5",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("[attribution.invalid_order]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn schema_prints_json_schema() {
    for (kind, title) in [
        ("lead", "Lead"),
        ("model", "ScoringModel"),
        ("scored", "Scored"),
    ] {
        let o = eql(["schema", kind]);
        assert_eq!(code(&o), 0);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["title"], title);
        assert!(v["properties"].is_object(), "{kind}");
    }
}

//! The columnar path gives the row path's answers: on every `qualify`
//! golden vector, on the bundled sample (plain, dictionary-encoded and as
//! long tables, compact and explained), and on generated leads and models.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use common::{columnar, expected, run};
use eql_core::time::parse_instant;
use eql_core::{Lead, ScoringModel};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check(
    model: &eql_core::CompiledModel,
    leads: &[Lead],
    as_of: eql_core::time::Instant,
    what: &str,
) {
    let want: Vec<Value> = leads
        .iter()
        .map(|l| expected(model, l, as_of, false))
        .collect();
    for (way, got) in
        ["plain", "dictionary", "long tables"]
            .iter()
            .zip(columnar(model, leads, run(as_of)))
    {
        assert_eq!(got.len(), want.len(), "{what} ({way}): row count");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{what} ({way})");
        }
    }
}

#[test]
fn qualify_vectors_through_the_columnar_path() {
    let dir = root().join("tests/vectors/qualify");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let model = ScoringModel::from_json(&file["model"].to_string())
            .unwrap()
            .compile()
            .unwrap();
        let as_of = parse_instant(file["as_of"].as_str().unwrap()).unwrap();
        let leads: Vec<Lead> = file["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| Lead::from_value(c["lead"].clone()).unwrap())
            .collect();
        cases += leads.len();
        // One table per case (custom fields differ in type between cases).
        for lead in &leads {
            check(
                &model,
                std::slice::from_ref(lead),
                as_of,
                &path.display().to_string(),
            );
        }
    }
    assert!(cases >= 7, "ran {cases} cases");
}

fn sample() -> (eql_core::CompiledModel, Vec<Lead>) {
    let model = ScoringModel::from_toml(
        &std::fs::read_to_string(root().join("data/sample/model.toml")).unwrap(),
    )
    .unwrap()
    .compile()
    .unwrap();
    let leads = eql_core::leads_from_json(
        &std::fs::read_to_string(root().join("data/sample/leads.json")).unwrap(),
    )
    .unwrap()
    .into_iter()
    .map(Result::unwrap)
    .collect();
    (model, leads)
}

#[test]
fn the_sample_through_the_columnar_path() {
    let (model, leads) = sample();
    let as_of = parse_instant("2026-11-16T12:00:00Z").unwrap();
    check(&model, &leads, as_of, "sample");
    // Outside the model's window every row carries the window error.
    check(
        &model,
        &leads,
        parse_instant("2027-02-01T00:00:00Z").unwrap(),
        "sample, outside window",
    );
}

#[test]
fn the_explained_form_matches_the_row_path() {
    let (model, leads) = sample();
    let as_of = parse_instant("2026-11-16T12:00:00Z").unwrap();
    let mut r = run(as_of);
    r.explain = true;
    let scorer = eql_arrow::TableScorer::new(&model, r);
    let batch = eql_arrow::leads_to_batch(&leads, Default::default()).unwrap();
    let res = scorer
        .score_table(&batch.schema(), &[batch], &Default::default())
        .unwrap();
    let got = common::rows(&res);
    for (g, lead) in got.iter().zip(&leads) {
        assert_eq!(g, &expected(&model, lead, as_of, true));
    }
}

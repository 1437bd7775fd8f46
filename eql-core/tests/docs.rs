//! The numbers in docs/ are checked here, so the docs cannot drift.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::{Lead, ScoreOptions, ScoringModel, time::parse_instant};
use serde_json::Value;

/// The body of the fenced block whose info string is exactly `tag`.
fn block(doc: &str, tag: &str) -> String {
    let fence = format!("```{tag}\n");
    let start = doc
        .find(&fence)
        .unwrap_or_else(|| panic!("no ```{tag} block"))
        + fence.len();
    let len = doc[start..].find("```").unwrap();
    doc[start..start + len].to_owned()
}

#[test]
fn qualification_worked_example() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/qualification.md"
    ))
    .unwrap();
    let model = ScoringModel::from_json(&block(&doc, "json model"))
        .unwrap()
        .compile()
        .unwrap();
    let lead = Lead::from_json(&block(&doc, "json lead")).unwrap();
    let q = model
        .score(
            &lead,
            parse_instant("2026-10-15T12:00:00Z").unwrap(),
            ScoreOptions::default(),
        )
        .unwrap();
    let actual = serde_json::to_value(&q).unwrap();
    let expected: Value = serde_json::from_str(&block(&doc, "json expected")).unwrap();
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&actual[k], v, "{k}");
    }
}

#[test]
fn sample_model_in_the_readme_compiles() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/sample/model.toml"
    ))
    .unwrap();
    let m = ScoringModel::from_toml(&text).unwrap();
    assert!(m.fit.rules.len() >= 8 && m.intent.rules.len() >= 6);
    m.compile().unwrap();
}

#[test]
fn attribution_markov_worked_example() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/attribution.md"
    ))
    .unwrap();
    let table =
        eql_core::attribution::PathTable::from_json(&block(&doc, "json markov table")).unwrap();
    let m = eql_core::attribution::markov_model(&table, 1).unwrap();
    let actual = serde_json::to_value(&m).unwrap();
    let expected: Value = serde_json::from_str(&block(&doc, "json markov expected")).unwrap();
    assert_eq!(
        actual["conversion_probability"],
        expected["conversion_probability"]
    );
    for k in ["total_conversions", "total_conversion_value"] {
        assert_eq!(actual[k], expected[k], "{k}");
    }
    let want = expected["channels"].as_array().unwrap();
    let got = actual["channels"].as_array().unwrap();
    assert_eq!(want.len(), got.len());
    for (w, g) in want.iter().zip(got) {
        for (k, v) in w.as_object().unwrap() {
            assert_eq!(&g[k], v, "{k}");
        }
    }
}

//! The compact result is exactly a projection of the explained one, on every
//! qualify vector and on the bundled sample, one lead at a time and through
//! `score_many_json` (which must also keep failures in place).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use eql_core::qualify::{Item, ManyOptions};
use eql_core::time::{Instant, parse_instant};
use eql_core::utm::PartnerRegistry;
use eql_core::{CompiledModel, Lead, ScoreOptions, ScoringModel};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// (what, model, as_of, leads as a JSON array text)
fn suites() -> Vec<(String, CompiledModel, Instant, String)> {
    let mut out = Vec::new();
    let dir = root().join("tests/vectors/qualify");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut model = ScoringModel::from_json(&file["model"].to_string())
            .unwrap()
            .compile()
            .unwrap();
        if let Some(r) = file.get("registry") {
            model = model
                .with_registry(PartnerRegistry::from_json(&r.to_string()).unwrap())
                .unwrap();
        }
        let leads: Vec<&Value> = file["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["lead"])
            .collect();
        let as_of = parse_instant(file["as_of"].as_str().unwrap()).unwrap();
        out.push((
            path.display().to_string(),
            model,
            as_of,
            serde_json::to_string(&leads).unwrap(),
        ));
    }
    let sample = root().join("data/sample");
    let job: Value =
        serde_json::from_str(&std::fs::read_to_string(sample.join("job.json")).unwrap()).unwrap();
    let model = ScoringModel::from_toml(
        &std::fs::read_to_string(sample.join(job["model"].as_str().unwrap())).unwrap(),
    )
    .unwrap()
    .compile()
    .unwrap();
    let leads = std::fs::read_to_string(sample.join(job["leads"].as_str().unwrap())).unwrap();
    let as_of = parse_instant(job["as_of"].as_str().unwrap()).unwrap();
    out.push(("data/sample".into(), model, as_of, leads));
    out
}

#[test]
fn compact_is_the_projection_of_explained_lead_by_lead() {
    let mut scored = 0;
    for (what, model, as_of, leads) in suites() {
        let leads: Vec<Value> = serde_json::from_str(&leads).unwrap();
        for (i, v) in leads.into_iter().enumerate() {
            let Ok(lead) = Lead::from_value(v) else {
                continue;
            };
            let opts = ScoreOptions::default();
            match (
                model.score(&lead, as_of, opts),
                model.score_compact(&lead, as_of, opts),
            ) {
                (Ok(q), Ok(c)) => {
                    assert_eq!(q.compact(), c, "{what} [{i}]");
                    scored += 1;
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "{what} [{i}]"),
                (a, b) => panic!("{what} [{i}]: explained {a:?}, compact {b:?}"),
            }
        }
    }
    // The sample alone has 240 leads: a vacuous pass would score none.
    assert!(scored >= 250, "only {scored} leads scored");
}

#[test]
fn batches_keep_every_lead_in_place_in_both_forms() {
    for (what, model, as_of, leads) in suites() {
        let compact = model
            .score_many_json(&leads, as_of, ManyOptions::default())
            .unwrap();
        let explained = model
            .score_many_json(
                &leads,
                as_of,
                ManyOptions {
                    explain: true,
                    ..ManyOptions::default()
                },
            )
            .unwrap();
        let values: Vec<Value> = serde_json::from_str(&leads).unwrap();
        assert_eq!(compact.len(), values.len(), "{what}");
        assert_eq!(explained.len(), values.len(), "{what}");
        for (i, (c, e)) in compact.iter().zip(&explained).enumerate() {
            match (c, e) {
                (Item::Scored(c), Item::Explained(e)) => {
                    assert_eq!(&e.compact(), c, "{what} [{i}]");
                    // Serialised, the compact form is the explained object
                    // with keys removed, value for value.
                    let (cv, ev) = (
                        serde_json::to_value(c).unwrap(),
                        serde_json::to_value(e).unwrap(),
                    );
                    for (k, v) in cv.as_object().unwrap() {
                        assert_eq!(Some(v), ev.get(k), "{what} [{i}] {k}");
                    }
                }
                (Item::Failed { error: a }, Item::Failed { error: b }) => {
                    assert_eq!(a, b, "{what} [{i}]");
                    assert!(a.message.contains(&format!("[{i}]")) || !a.code.starts_with("input."));
                }
                (c, e) => panic!("{what} [{i}]: compact {c:?}, explained {e:?}"),
            }
        }
    }
}

#[test]
fn a_batch_that_is_not_an_array_is_one_error() {
    let model = eql_core::presets::eql_default().compile().unwrap();
    let at = parse_instant("2026-10-15T12:00:00Z").unwrap();
    for text in ["{}", "[", "null", "\"x\""] {
        let e = model
            .score_many_json(text, at, ManyOptions::default())
            .unwrap_err();
        assert_eq!(eql_core::ErrorCode::code(&e), "input.invalid", "{text}");
    }
    let items = model
        .score_many_json("[1, {\"id\": \"a\"}, []]", at, ManyOptions::default())
        .unwrap();
    assert!(matches!(&items[0], Item::Failed { .. }));
    assert!(matches!(&items[1], Item::Scored(s) if s.lead_id == "a"));
    assert!(matches!(&items[2], Item::Failed { .. }));
}

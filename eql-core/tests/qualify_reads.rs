//! `CompiledModel::reads`: the listed fields are all a verdict depends on.
//! Every sample lead, stripped of every field the model does not read,
//! must score and explain exactly as the whole lead does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::{Lead, ScoreOptions, ScoringModel, leads_from_json, time::parse_instant};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sample");

fn sample() -> (eql_core::CompiledModel, Vec<Lead>) {
    let model = std::fs::read_to_string(format!("{SAMPLE}/model.toml")).unwrap();
    let model = ScoringModel::from_toml(&model).unwrap().compile().unwrap();
    let leads = std::fs::read_to_string(format!("{SAMPLE}/leads.json")).unwrap();
    let leads = leads_from_json(&leads)
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    (model, leads)
}

/// Clear every field of `lead` that `reads` does not list.
fn strip(lead: &Lead, reads: &[String]) -> Lead {
    let keep = |path: &str| reads.iter().any(|r| r == path);
    let mut l = lead.clone();
    if !keep("email") {
        l.email = None;
    }
    if !keep("created_at") {
        l.created_at = None;
    }
    if !keep("updated_at") {
        l.updated_at = None;
    }
    if let Some(c) = &mut l.company {
        let fields: [(&str, &mut Option<String>); 5] = [
            ("company.name", &mut c.name),
            ("company.domain", &mut c.domain),
            ("company.industry", &mut c.industry),
            ("company.region", &mut c.region),
            ("company.country", &mut c.country),
        ];
        for (path, value) in fields {
            if !keep(path) {
                *value = None;
            }
        }
        if !keep("company.employees") {
            c.employees = None;
        }
        if !keep("company.tech_stack") {
            c.tech_stack = None;
        }
        if !keep("company.annual_revenue") {
            c.annual_revenue = None;
        }
    }
    if let Some(p) = &mut l.partner
        && !keep("partner.program_tier")
    {
        p.program_tier = None;
    }
    for t in &mut l.touchpoints {
        t.url = None;
        t.referrer = None;
        t.channel = None;
        t.source = None;
        t.medium = None;
        t.campaign = None;
        t.asset = None;
    }
    l.custom.retain(|key, _| {
        reads
            .iter()
            .any(|r| r.starts_with(&format!("custom.{key}")))
    });
    l
}

#[test]
fn the_sample_model_lists_what_it_reads() {
    let (model, _) = sample();
    let reads = model.reads();
    let mut sorted = reads.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(reads, sorted, "sorted and distinct");
    for path in [
        "company.employees",
        "company.industry",
        "company.region",
        "company.tech_stack",
        "company.annual_revenue",
        "partner.program_tier",
        "email",
        "custom.segment",
        "custom.is_competitor",
        "custom.persona",
        "events.type",
        "touchpoints.partner_id",
    ] {
        assert!(
            reads.contains(&path.to_owned()),
            "{path} missing from {reads:?}"
        );
    }
    for path in [
        "company.name",
        "company.domain",
        "created_at",
        "custom.lead_source",
    ] {
        assert!(
            !reads.contains(&path.to_owned()),
            "{path} listed: {reads:?}"
        );
    }
}

#[test]
fn fields_not_listed_never_change_a_result() {
    let (model, leads) = sample();
    let reads = model.reads();
    let as_of = parse_instant("2026-11-15T12:00:00Z").unwrap();
    let mut stripped_something = 0;
    for lead in &leads {
        let bare = strip(lead, &reads);
        stripped_something += usize::from(bare != *lead);
        let whole = model.score(lead, as_of, ScoreOptions::default()).unwrap();
        let part = model.score(&bare, as_of, ScoreOptions::default()).unwrap();
        assert_eq!(whole, part, "lead {}", lead.id);
    }
    assert!(
        stripped_something > leads.len() / 2,
        "the sample carries unread fields"
    );
}

#[test]
fn a_rule_on_any_field_lists_that_field() {
    let model = ScoringModel::from_json(
        r#"{"id": "m", "version": "1", "effective_from": "2026-01-01", "threshold": 1,
            "fit": {"cap": 10, "rules": [
              {"id": "a", "field": "created_at", "op": "is_known", "points": 1},
              {"id": "b", "field": "custom.deep.path", "op": "eq", "value": "x", "points": 1}]},
            "disqualify": [{"id": "d", "field": "company.domain", "op": "is_known", "reason": "r"}]}"#,
    )
    .unwrap()
    .compile()
    .unwrap();
    let reads = model.reads();
    for path in ["created_at", "custom.deep.path", "company.domain", "id"] {
        assert!(
            reads.contains(&path.to_owned()),
            "{path} missing from {reads:?}"
        );
    }
    assert!(!reads.contains(&"email".to_owned()));
}

/// A lead JSON with `value` at a plain-text catalogue path.
fn lead_with(path: &str, value: serde_json::Value) -> serde_json::Value {
    use serde_json::json;
    let (head, field) = path.split_once('.').unwrap_or(("", path));
    match head {
        "" => json!({"id": "L", field: value}),
        "touchpoints" => json!({"id": "L", "touchpoints": [
            {"id": "T", "at": "2026-01-01T00:00:00Z", field: value}]}),
        "events" => json!({"id": "L", "events": [
            {"type": "t", "at": "2026-01-01T00:00:00Z", field: value}]}),
        group => json!({"id": "L", group: {field: value}}),
    }
}

#[test]
fn text_fields_read_any_text_or_null() {
    use serde_json::json;
    // A reader skips an unread one of these only because it cannot fail.
    for spec in eql_core::LEAD_FIELDS.iter().filter(|s| s.is_plain_text()) {
        let path = spec.path;
        let texts = if path == "company.tech_stack" {
            vec![json!(["any", "", " ü \u{0}"]), json!([])]
        } else {
            vec![json!("any"), json!(""), json!(" ü \u{0}")]
        };
        for v in texts.into_iter().chain([json!(null)]) {
            let lead = lead_with(path, v.clone());
            assert!(
                Lead::from_value(lead.clone()).is_ok(),
                "{path} = {v}: {lead}"
            );
        }
        let typo = lead_with(&format!("{path}x"), json!("a"));
        assert!(Lead::from_value(typo).is_err(), "{path}x should be unknown");
    }
}

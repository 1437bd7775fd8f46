//! Bad input gets a typed error with a stable code naming what was wrong.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::{
    ErrorCode, Lead, ModelError, ModelRegistry, QualifyError, ScoreOptions, ScoringModel, presets,
    time::parse_instant,
};
use serde_json::{Value, json};

fn base() -> Value {
    serde_json::to_value(presets::eql_default()).unwrap()
}

fn compile_err(model: Value) -> ModelError {
    match ScoringModel::from_json(&model.to_string()) {
        Err(e) => e,
        Ok(m) => m.compile().expect_err("model should be rejected"),
    }
}

fn with_fit_rule(rule: Value) -> Value {
    let mut m = base();
    m["fit"]["rules"].as_array_mut().unwrap().push(rule);
    m
}

#[test]
fn malformed_json_and_toml() {
    let e = ScoringModel::from_json("{\"id\": ").unwrap_err();
    assert_eq!(e.code(), "model.parse");
    assert!(e.to_string().contains("line 1"), "{e}");
    let e = ScoringModel::from_toml("id = \"m\"\nversion = [").unwrap_err();
    assert_eq!(e.code(), "model.parse");
    assert!(
        e.to_string().contains("line 2") || e.to_string().contains("2:"),
        "{e}"
    );
}

#[test]
fn unknown_keys_are_named_with_their_path() {
    let mut m = base();
    m["fit"]["rules"][0]["pionts"] = json!(3);
    let e = compile_err(m);
    assert_eq!(e.code(), "model.unknown_key");
    match e {
        ModelError::UnknownKey { path, key } => {
            assert_eq!(key, "pionts");
            assert!(path.starts_with("fit.rules[0]"), "{path}");
        }
        other => panic!("{other:?}"),
    }
    let mut m = base();
    m["treshold"] = json!(50);
    assert_eq!(compile_err(m).code(), "model.unknown_key");
}

#[test]
fn unknown_operator_names_the_rule() {
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "company.employees", "op": "gtx", "value": 3, "points": 1}),
    ));
    assert_eq!(
        e,
        ModelError::UnknownOperator {
            rule: "fit.x".into(),
            field: "company.employees".into(),
            op: "gtx".into()
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("fit.x") && msg.contains("company.employees") && msg.contains("gtx"),
        "{msg}"
    );
}

/// A reversed or ill-typed `between` names the rule and the field (issue 13,
/// item 5), in its structured fields and in its message.
#[test]
fn bad_between_names_the_rule_and_the_field() {
    for (field, value, why) in [
        ("company.employees", json!([10, 5]), "low ≤ high"),
        ("custom.size", json!([10, "2026-01-01"]), "same type"),
        (
            "created_at",
            json!(["2026-02-01", "2026-01-01"]),
            "low ≤ high",
        ),
        ("company.employees", json!([10]), "[low, high]"),
        ("company.employees", json!(5), "takes a list"),
    ] {
        let e = compile_err(with_fit_rule(
            json!({"id": "fit.between", "field": field, "op": "between", "value": value, "points": 1}),
        ));
        assert_eq!(e.code(), "model.invalid_value", "{field} {value}: {e}");
        match &e {
            ModelError::InvalidValue {
                rule,
                field: named,
                key,
                message,
            } => {
                assert_eq!(rule, "fit.between");
                assert_eq!(named.as_deref(), Some(field), "{e}");
                assert_eq!(key, "value");
                assert!(message.contains(why), "{field} {value}: {message}");
            }
            other => panic!("{other:?}"),
        }
        let msg = e.to_string();
        assert!(msg.contains("fit.between") && msg.contains(field), "{msg}");
        let details = serde_json::to_value(&e).unwrap();
        assert_eq!(details["field"], json!(field), "{details}");
    }
    // Errors of settings that are not about a field carry no `field`.
    let mut m = base();
    m["fit"]["rules"][0]["points"] = json!(2_000_000);
    let e = compile_err(m);
    assert_eq!(e.code(), "model.invalid_value");
    assert!(serde_json::to_value(&e).unwrap().get("field").is_none());
}

#[test]
fn unknown_field_is_rejected() {
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "compnay.employees", "op": "gt", "value": 3, "points": 1}),
    ));
    assert_eq!(e.code(), "model.unknown_field");
    assert!(e.to_string().contains("compnay.employees"));
}

#[test]
fn type_mismatches() {
    for (field, op, value) in [
        ("company.industry", "gt", json!(3)),
        ("company.employees", "eq", json!("many")),
        ("company.employees", "contains", json!("x")),
        ("company.tech_stack", "eq", json!("slack")),
        ("partner.confirmed", "gt", json!(1)),
        ("partner.referral_date", "gt", json!(5)),
        ("custom.segment", "gt", json!("smb")),
    ] {
        let e = compile_err(with_fit_rule(
            json!({"id": "fit.x", "field": field, "op": op, "value": value, "points": 1}),
        ));
        assert_eq!(e.code(), "model.type_mismatch", "{field} {op}: {e}");
        assert!(
            e.to_string().contains("fit.x") && e.to_string().contains(field),
            "{e}"
        );
    }
}

#[test]
fn empty_lists_and_bad_between() {
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "company.region", "op": "in", "value": [], "points": 1}),
    ));
    assert_eq!(e.code(), "model.empty_list");
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "company.employees", "op": "between", "value": [10], "points": 1}),
    ));
    assert_eq!(e.code(), "model.invalid_value");
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "company.employees", "op": "between", "value": [10, 5], "points": 1}),
    ));
    assert_eq!(e.code(), "model.invalid_value");
    let e = compile_err(with_fit_rule(
        json!({"id": "fit.x", "field": "company.employees", "op": "is_known", "value": 5, "points": 1}),
    ));
    assert_eq!(e.code(), "model.invalid_value");
}

#[test]
fn duplicate_rule_ids_across_categories() {
    let mut m = base();
    m["disqualify"][0]["id"] = json!("intent.demo");
    assert_eq!(
        compile_err(m),
        ModelError::DuplicateRuleId {
            rule: "intent.demo".into()
        }
    );
}

#[test]
fn threshold_above_caps() {
    let mut m = base();
    m["threshold"] = json!(101);
    assert_eq!(
        compile_err(m),
        ModelError::ThresholdAboveCaps {
            threshold: 101,
            caps: 100
        }
    );
}

#[test]
fn bad_intent_settings() {
    for (key, value) in [
        ("half_life_days", json!(0)),
        ("min_count", json!(0)),
        ("max", json!(3)),
        ("within_days", json!(100000)),
    ] {
        let mut m = base();
        m["intent"]["rules"][0][key] = value;
        let e = compile_err(m);
        assert_eq!(e.code(), "model.invalid_value", "{key}: {e}");
        assert!(
            e.to_string().contains("intent.demo") && e.to_string().contains(key),
            "{e}"
        );
    }
}

#[test]
fn invalid_window_and_limits() {
    let mut m = base();
    m["effective_until"] = json!("2026-09-01");
    assert_eq!(compile_err(m).code(), "model.invalid_window");
    let mut m = base();
    let rules: Vec<Value> = (0..1001)
        .map(|i| json!({"id": format!("r{i}"), "field": "company.employees", "op": "gt", "value": i, "points": 0}))
        .collect();
    m["fit"]["rules"] = Value::Array(rules);
    assert_eq!(compile_err(m).code(), "model.too_large");
}

#[test]
fn overlapping_registry_windows() {
    let q4 = presets::eql_default();
    let mut other = q4.clone();
    other.version = "2026Q4b".into();
    other.effective_from = "2026-12-01".parse().unwrap();
    other.effective_until = Some("2027-02-28".parse().unwrap());
    let e = ModelRegistry::new(vec![q4.clone(), other]).unwrap_err();
    assert_eq!(e.code(), "model.overlapping_windows");
    let reg = ModelRegistry::new(vec![q4]).unwrap();
    let e = reg
        .in_force(
            "eql-default",
            parse_instant("2027-01-01T00:00:00Z").unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "model.not_in_force");
}

#[test]
fn scoring_outside_the_window_needs_opt_in() {
    let m = presets::eql_default().compile().unwrap();
    let lead = Lead::from_json(r#"{"id": "L-1"}"#).unwrap();
    let late = parse_instant("2027-01-01T00:00:00Z").unwrap();
    let e = m.score(&lead, late, ScoreOptions::default()).unwrap_err();
    assert!(matches!(e, QualifyError::OutsideWindow { .. }));
    assert_eq!(e.code(), "qualify.outside_window");
    let last_moment = parse_instant("2026-12-31T23:59:59Z").unwrap();
    assert!(m.score(&lead, last_moment, ScoreOptions::default()).is_ok());
    assert!(
        m.score(
            &lead,
            late,
            ScoreOptions {
                allow_outside_window: true
            }
        )
        .is_ok()
    );
}

#[test]
fn bad_leads() {
    let e = Lead::from_json(r#"{"id": "L-1", "events": [{"type": "x", "at": "yesterday"}]}"#)
        .unwrap_err();
    assert_eq!(e.code(), "input.invalid_timestamp");
    assert!(e.to_string().contains("events[0].at"), "{e}");
    // Optional instants: a wrong type is a timestamp error, null is absent.
    let e = Lead::from_json(r#"{"id": "L-1", "created_at": 5}"#).unwrap_err();
    assert_eq!(e.code(), "input.invalid_timestamp");
    assert!(e.to_string().contains("created_at"), "{e}");
    let l = Lead::from_json(
        r#"{"id": "L-1", "created_at": null, "updated_at": "2026-10-01T11:00:00+02:00"}"#,
    )
    .unwrap();
    assert_eq!(l.created_at, None);
    assert_eq!(
        l.updated_at.map(|t| eql_core::time::format_instant(&t)),
        Some("2026-10-01T09:00:00Z".to_owned())
    );
    let e = Lead::from_json(r#"{"id": "L-1", "company": {"annual_revenue": 12.5}}"#).unwrap_err();
    assert_eq!(e.code(), "input.invalid_money");
    let e = Lead::from_json(r#"{"id": "L-1", "company": {"employees": "many"}}"#).unwrap_err();
    assert_eq!(e.code(), "input.invalid");
    assert!(e.to_string().contains("company.employees"), "{e}");
    let e = Lead::from_json(
        r#"{"id": "L-1", "events": [{"type": "x", "at": "2026-10-01T00:00:00Z", "colour": 1}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.unknown_key");
    let events: Vec<Value> = (0..10_001)
        .map(|_| json!({"type": "x", "at": "2026-10-01T00:00:00Z"}))
        .collect();
    let e = Lead::from_json(&json!({"id": "L", "events": events}).to_string()).unwrap_err();
    assert_eq!(e.code(), "input.too_large");
}

#[test]
fn batch_parsing_keeps_every_position() {
    let parsed =
        eql_core::leads_from_json(r#"[{"id": "a"}, {"id": "b", "oops": 1}, {"id": "c"}]"#).unwrap();
    assert_eq!(parsed.len(), 3);
    assert!(parsed[0].is_ok() && parsed[2].is_ok());
    let e = parsed[1].as_ref().unwrap_err();
    assert_eq!(e.code(), "input.unknown_key");
    assert!(e.to_string().contains("[1]"), "{e}");
}

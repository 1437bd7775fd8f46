//! Rule semantics of SPEC §2, one behaviour per test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::{
    EvidenceKind, Lead, Qualification, ScoreOptions, ScoringModel, Stage, time::parse_instant,
};
use serde_json::{Value, json};

const AS_OF: &str = "2026-10-15T12:00:00Z";

fn model(fit: Value, intent: Value, extra: Value) -> ScoringModel {
    let mut m = json!({
        "id": "t", "version": "1", "effective_from": "2026-10-01", "threshold": 10,
        "fit": {"cap": 40, "rules": fit}, "intent": {"cap": 60, "rules": intent},
    });
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    ScoringModel::from_json(&m.to_string()).unwrap()
}

fn score(m: &ScoringModel, lead: Value) -> Qualification {
    let lead = Lead::from_value(lead).unwrap();
    m.compile()
        .unwrap()
        .score(
            &lead,
            parse_instant(AS_OF).unwrap(),
            ScoreOptions::default(),
        )
        .unwrap()
}

fn fit_points(field: &str, op: &str, value: Value, lead: Value) -> String {
    let rule = json!({"id": "r", "field": field, "op": op, "value": value, "points": 5});
    let rule = if value_is_null(&rule) {
        json!({"id": "r", "field": field, "op": op, "points": 5})
    } else {
        rule
    };
    score(&model(json!([rule]), json!([]), json!({})), lead)
        .fit
        .to_string()
}

fn value_is_null(rule: &Value) -> bool {
    rule["value"].is_null()
}

fn company(c: Value) -> Value {
    json!({"id": "L", "company": c})
}

#[test]
fn every_operator() {
    let c = company(
        json!({"industry": "  FinTech ", "employees": 420, "tech_stack": ["Salesforce", "Slack"], "region": "EMEA"}),
    );
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("company.industry", "eq", json!("fintech"), "5"),
        ("company.industry", "ne", json!("fintech"), "0"),
        ("company.industry", "ne", json!("saas"), "5"),
        ("company.industry", "in", json!(["SaaS", "FINTECH"]), "5"),
        ("company.industry", "not_in", json!(["saas"]), "5"),
        ("company.industry", "not_in", json!(["fintech"]), "0"),
        ("company.employees", "gt", json!(420), "0"),
        ("company.employees", "gte", json!(420), "5"),
        ("company.employees", "lt", json!(420), "0"),
        ("company.employees", "lte", json!(420), "5"),
        ("company.employees", "between", json!([420, 420]), "5"),
        ("company.employees", "between", json!([421, 5000]), "0"),
        ("company.industry", "contains", json!("TECH"), "5"),
        ("company.tech_stack", "contains", json!("slack"), "5"),
        (
            "company.tech_stack",
            "contains_any",
            json!(["hubspot", "salesforce"]),
            "5",
        ),
        (
            "company.tech_stack",
            "contains_all",
            json!(["hubspot", "salesforce"]),
            "0",
        ),
        (
            "company.tech_stack",
            "contains_all",
            json!(["slack", "salesforce"]),
            "5",
        ),
        ("company.region", "is_known", Value::Null, "5"),
        ("company.country", "is_known", Value::Null, "0"),
        ("company.country", "is_unknown", Value::Null, "5"),
    ];
    for (field, op, value, want) in cases {
        assert_eq!(
            fit_points(field, op, value.clone(), c.clone()),
            want,
            "{field} {op} {value}"
        );
    }
}

#[test]
fn missing_fields_match_only_is_unknown_and_are_listed() {
    let rules = json!([
        {"id": "a", "field": "company.tech_stack", "op": "contains", "value": "x", "points": 5},
        {"id": "b", "field": "company.country", "op": "ne", "value": "GB", "points": 5},
        {"id": "c", "field": "company.country", "op": "not_in", "value": ["GB"], "points": 5},
        {"id": "d", "field": "custom.segment", "op": "is_unknown", "points": 7},
        {"id": "e", "field": "company.industry", "op": "eq", "value": "x", "points": 1}
    ]);
    let q = score(
        &model(rules, json!([]), json!({})),
        company(json!({"industry": "   "})),
    );
    assert_eq!(q.fit.to_string(), "7");
    assert_eq!(
        q.missing,
        vec![
            "company.country",
            "company.industry",
            "company.tech_stack",
            "custom.segment"
        ]
    );
}

#[test]
fn custom_fields_by_dotted_path() {
    let rules = json!([
        {"id": "a", "field": "custom.account.segment", "op": "eq", "value": "Enterprise", "points": 5},
        {"id": "b", "field": "custom.seats", "op": "gte", "value": 100, "points": 3},
        {"id": "c", "field": "custom.seats", "op": "eq", "value": "100", "points": 11}
    ]);
    let lead = json!({"id": "L", "custom": {"account": {"segment": "enterprise"}, "seats": 150}});
    let q = score(&model(rules, json!([]), json!({})), lead);
    assert_eq!(
        q.fit.to_string(),
        "8",
        "a value of another type matches nothing"
    );
}

#[test]
fn caps_clamp_and_negative_points() {
    let rules = json!([
        {"id": "a", "field": "company.employees", "op": "gt", "value": 1, "points": 30},
        {"id": "b", "field": "company.employees", "op": "gt", "value": 2, "points": 30},
        {"id": "c", "field": "company.region", "op": "eq", "value": "APAC", "points": -100}
    ]);
    let m = model(rules, json!([]), json!({}));
    assert_eq!(
        score(&m, company(json!({"employees": 10}))).fit.to_string(),
        "40"
    );
    assert_eq!(
        score(&m, company(json!({"employees": 10, "region": "apac"})))
            .fit
            .to_string(),
        "0"
    );
}

fn ev(kind: &str, at: &str) -> Value {
    json!({"type": kind, "at": at})
}

#[test]
fn intent_windows_are_inclusive_and_future_events_never_count() {
    let rules = json!([{"id": "d", "event": "demo_request", "within_days": 30, "points": 30}]);
    let m = model(json!([]), rules, json!({}));
    let at = |t: &str| {
        score(&m, json!({"id": "L", "events": [ev("demo_request", t)]}))
            .intent
            .to_string()
    };
    assert_eq!(
        at("2026-09-15T12:00:00Z"),
        "30",
        "exactly 30 days old counts"
    );
    assert_eq!(at("2026-09-15T11:59:59Z"), "0", "one second older does not");
    assert_eq!(at("2026-10-15T12:00:00Z"), "30", "age 0 counts");
    assert_eq!(at("2026-10-15T12:00:01Z"), "0", "after as_of never counts");
}

#[test]
fn min_count_per_event_and_max() {
    let rules = json!([
        {"id": "v", "event": "page_view", "points": 2, "per_event": true, "max": 3},
        {"id": "w", "event": "webinar", "points": 10, "min_count": 2},
        {"id": "p", "event": "pricing", "points": 5}
    ]);
    let m = model(json!([]), rules, json!({}));
    let events: Vec<Value> = (1..=5)
        .map(|d| ev("page_view", &format!("2026-10-0{d}T00:00:00Z")))
        .chain([
            ev("webinar", "2026-10-01T00:00:00Z"),
            ev("pricing", "2026-10-01T00:00:00Z"),
            ev("pricing", "2026-10-02T00:00:00Z"),
        ])
        .collect();
    let q = score(&m, json!({"id": "L", "events": events}));
    let pts: Vec<String> = q
        .contributions
        .iter()
        .map(|c| c.points.to_string())
        .collect();
    assert_eq!(
        pts,
        vec!["6", "0", "5"],
        "per_event capped at 3 events; min_count 2 unmet; once only"
    );
    assert_eq!(q.intent.to_string(), "11");
}

#[test]
fn half_life_decay_rounds_half_even_to_two_decimals() {
    let rules = json!([{"id": "d", "event": "demo_request", "points": 30, "half_life_days": 7}]);
    let m = model(json!([]), rules, json!({}));
    let at = |t: &str| {
        score(&m, json!({"id": "L", "events": [ev("demo_request", t)]}))
            .intent
            .to_string()
    };
    assert_eq!(at("2026-10-08T12:00:00Z"), "15", "one half-life halves");
    assert_eq!(at("2026-10-01T12:00:00Z"), "7.5", "two half-lives quarter");
    // 30 × 2^(-1/7) = 27.1717...
    assert_eq!(at("2026-10-14T12:00:00Z"), "27.17");
    let per = json!([{"id": "d", "event": "demo_request", "points": 10, "half_life_days": 1, "per_event": true, "max": 2}]);
    let m = model(json!([]), per, json!({}));
    let events = vec![
        ev("demo_request", "2026-10-15T12:00:00Z"),
        ev("demo_request", "2026-10-13T12:00:00Z"),
        ev("demo_request", "2026-10-14T12:00:00Z"),
    ];
    assert_eq!(
        score(&m, json!({"id": "L", "events": events}))
            .intent
            .to_string(),
        "15",
        "newest two: 10 + 5"
    );
}

fn eco_lead(partner: Value, events: Value, touchpoints: Value) -> Value {
    json!({"id": "L", "company": {"employees": 500}, "partner": partner, "events": events, "touchpoints": touchpoints})
}

#[test]
fn evidence_kinds_in_order_and_what_does_not_count() {
    let fit =
        json!([{"id": "f", "field": "company.employees", "op": "gt", "value": 1, "points": 40}]);
    let m = model(fit, json!([]), json!({}));
    let lead = eco_lead(
        json!({"id": "P-1", "source": "Technology_Partner"}),
        json!([ev("webinar_attended", "2026-10-01T00:00:00Z"),
               {"type": "case_study_download", "at": "2026-10-01T00:00:00Z", "partner_id": "P-1"},
               {"type": "integration_usage", "at": "2026-10-02T00:00:00Z", "active": true}]),
        json!([{"id": "T", "at": "2026-10-01T00:00:00Z", "partner_id": "P-1"}]),
    );
    let q = score(&m, lead);
    use EvidenceKind::*;
    assert_eq!(
        q.ecosystem_evidence,
        vec![
            PartnerReferral,
            IntegrationActive,
            PartnerTouchpoint,
            CoMarketing
        ]
    );
    assert_eq!(q.stage, Stage::Eql);

    let none = eco_lead(
        json!({"id": "P-1", "source": "purchased_list"}),
        json!([{"type": "account_overlap", "at": "2026-10-01T00:00:00Z", "partner_id": "P-1"},
               ev("webinar_attended", "2026-10-01T00:00:00Z"),
               {"type": "integration_usage", "at": "2026-10-16T00:00:00Z", "active": true}]),
        json!([{"id": "T", "at": "2026-10-16T00:00:00Z", "partner_id": "P-1"}]),
    );
    let q = score(&m, none);
    assert!(
        q.ecosystem_evidence.is_empty(),
        "{:?}",
        q.ecosystem_evidence
    );
    assert_eq!(q.stage, Stage::Mql);
}

#[test]
fn partner_confirmation_when_required() {
    let fit =
        json!([{"id": "f", "field": "company.employees", "op": "gt", "value": 1, "points": 40}]);
    let m = model(
        fit,
        json!([]),
        json!({"ecosystem": {"require_partner_confirmation": true}}),
    );
    let unconfirmed = eco_lead(
        json!({"id": "P-1", "source": "referral_program"}),
        json!([]),
        json!([]),
    );
    assert_eq!(score(&m, unconfirmed).stage, Stage::Mql);
    let confirmed = eco_lead(
        json!({"id": "P-1", "source": "referral_program", "confirmed": true}),
        json!([]),
        json!([]),
    );
    assert_eq!(score(&m, confirmed).stage, Stage::Eql);
}

#[test]
fn buying_signal_gate_any_age_not_future() {
    let fit =
        json!([{"id": "f", "field": "company.employees", "op": "gt", "value": 1, "points": 40}]);
    let m = model(fit, json!([]), json!({"buying_signal": {}}));
    let partner = json!({"id": "P-1", "source": "referral_program"});
    let q = score(&m, eco_lead(partner.clone(), json!([]), json!([])));
    assert_eq!(
        (q.stage, q.buying_signal),
        (Stage::Unqualified, Some(false))
    );
    let old = json!([ev("use_case_documented", "2020-01-01T00:00:00Z")]);
    assert_eq!(
        score(&m, eco_lead(partner.clone(), old, json!([]))).stage,
        Stage::Eql
    );
    let future = json!([ev("demo_request", "2026-10-16T00:00:00Z")]);
    assert_eq!(
        score(&m, eco_lead(partner, future, json!([]))).stage,
        Stage::Unqualified
    );
}

#[test]
fn disqualify_lists_every_reason_and_wins() {
    let fit =
        json!([{"id": "f", "field": "company.employees", "op": "gt", "value": 1, "points": 40}]);
    let dq = json!([
        {"id": "dq.a", "field": "custom.is_competitor", "op": "eq", "value": true, "reason": "competitor"},
        {"id": "dq.b", "field": "email", "op": "contains", "value": "@gmail."},
        {"id": "dq.c", "field": "company.country", "op": "in", "value": ["KP"], "reason": "sanctioned"}
    ]);
    let m = model(fit, json!([]), json!({"disqualify": dq}));
    let lead = json!({"id": "L", "email": "x@GMAIL.com", "company": {"employees": 5}, "custom": {"is_competitor": true},
                      "partner": {"id": "P-1", "source": "referral_program"}});
    let q = score(&m, lead);
    assert_eq!(q.stage, Stage::Disqualified);
    assert_eq!(q.disqualify_reasons, vec!["competitor", "dq.b"]);
    assert_eq!(
        q.total.to_string(),
        "40",
        "scores are still computed for the explanation"
    );
}

#[test]
fn evidence_not_required_makes_every_qualified_lead_an_eql() {
    let fit =
        json!([{"id": "f", "field": "company.employees", "op": "gt", "value": 1, "points": 40}]);
    let m = model(
        fit,
        json!([]),
        json!({"ecosystem": {"required_for_eql": false}}),
    );
    assert_eq!(
        score(&m, company(json!({"employees": 5}))).stage,
        Stage::Eql
    );
}

#[test]
fn fingerprint_is_stable_across_formats_and_reserialisation() {
    let json_model = eql_core::presets::eql_default();
    let reparsed =
        ScoringModel::from_json(&serde_json::to_string_pretty(&json_model).unwrap()).unwrap();
    assert_eq!(json_model.fingerprint(), reparsed.fingerprint());
    let toml_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/sample/model.toml"
    ))
    .unwrap();
    let from_toml = ScoringModel::from_toml(&toml_text).unwrap();
    let from_json = ScoringModel::from_json(&serde_json::to_string(&from_toml).unwrap()).unwrap();
    assert_eq!(from_toml.fingerprint(), from_json.fingerprint());
    let mut changed = json_model.clone();
    changed.threshold = 71;
    assert_ne!(changed.fingerprint(), json_model.fingerprint());
    let mut implicit = json_model.clone();
    implicit.effective_until = None;
    assert_eq!(
        implicit.fingerprint(),
        json_model.fingerprint(),
        "default window = explicit quarter end"
    );
}

//! Invariants of qualification over generated models and leads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use chrono::{Duration, TimeZone, Utc};
use eql_core::{Event, Lead, Points, ScoreOptions, ScoringModel, Stage};
use proptest::prelude::*;
use serde_json::{Value, json};

const EVENTS: [&str; 8] = [
    "demo_request",
    "pricing_page_view",
    "integration_install",
    "budget_confirmed",
    "integration_usage",
    "webinar_attended",
    "account_overlap",
    "content_download",
];

fn as_of() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 12, 0, 0).unwrap()
}

fn fit_rule() -> impl Strategy<Value = Value> {
    let templates = prop_oneof![
        Just(("company.employees", "between", json!([100, 5000]))),
        Just(("company.employees", "gte", json!(50))),
        Just(("company.industry", "in", json!(["fintech", "saas"]))),
        Just(("company.industry", "ne", json!("retail"))),
        Just(("company.region", "eq", json!("emea"))),
        Just((
            "company.tech_stack",
            "contains_any",
            json!(["salesforce", "hubspot"])
        )),
        Just(("company.tech_stack", "contains_all", json!(["slack"]))),
        Just(("company.country", "is_unknown", Value::Null)),
        Just(("partner.program_tier", "not_in", json!(["bronze"]))),
        Just(("custom.segment", "eq", json!("enterprise"))),
        Just(("custom.seats", "lt", json!(10))),
    ];
    (templates, -20i64..40).prop_map(|((f, op, v), points)| {
        let mut r = json!({"field": f, "op": op, "points": points});
        if !v.is_null() {
            r["value"] = v;
        }
        r
    })
}

fn intent_rule(non_negative: bool) -> impl Strategy<Value = Value> {
    let lo = if non_negative { 0 } else { -20 };
    (
        prop::sample::select(EVENTS.to_vec()),
        lo..40i64,
        prop::option::of(0u32..120),
        prop::option::of(1u32..4),
        prop::option::of(1u32..30),
        any::<bool>(),
        prop::option::of(1u32..5),
    )
        .prop_map(
            |(event, points, within, min_count, half_life, per_event, max)| {
                let mut r = json!({"event": event, "points": points, "per_event": per_event});
                if let Some(w) = within {
                    r["within_days"] = json!(w);
                }
                if let Some(m) = min_count {
                    r["min_count"] = json!(m);
                }
                if let Some(h) = half_life {
                    r["half_life_days"] = json!(h);
                }
                if per_event && let Some(m) = max {
                    r["max"] = json!(m);
                }
                r
            },
        )
}

fn model(non_negative_intent: bool) -> impl Strategy<Value = ScoringModel> {
    (
        prop::collection::vec(fit_rule(), 0..10),
        prop::collection::vec(intent_rule(non_negative_intent), 0..8),
        0i64..=100,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(fit, intent, threshold, gate, confirm)| {
            let id = |prefix: &str, rules: Vec<Value>| -> Vec<Value> {
                rules.into_iter().enumerate().map(|(i, mut r)| { r["id"] = json!(format!("{prefix}{i}")); r }).collect()
            };
            let mut m = json!({
                "id": "p", "version": "1", "effective_from": "2026-10-01", "threshold": threshold,
                "fit": {"rules": id("f", fit)}, "intent": {"rules": id("i", intent)},
                "ecosystem": {"require_partner_confirmation": confirm},
                "disqualify": [{"id": "dq", "field": "custom.is_competitor", "op": "eq", "value": true}]
            });
            if gate { m["buying_signal"] = json!({}); }
            ScoringModel::from_json(&m.to_string()).unwrap()
        })
}

fn event() -> impl Strategy<Value = Event> {
    (
        prop::sample::select(EVENTS.to_vec()),
        -5i64..200,
        prop::option::of(any::<bool>()),
        prop::option::of(Just("P-1".to_owned())),
    )
        .prop_map(|(kind, days, active, partner_id)| Event {
            kind: kind.into(),
            at: as_of() - Duration::hours(days * 13),
            active,
            partner_id,
        })
}

fn touchpoint() -> impl Strategy<Value = Value> {
    (
        -5i64..200,
        prop::option::of(prop::sample::select(vec!["P-1", "P-2", "", "  "])),
        prop::option::of(prop::sample::select(vec![
            "https://vendor.com/integrations/p1?utm_source=p1&utm_medium=referral",
            "https://vendor.com/pricing",
        ])),
    )
        .prop_map(|(hours, partner, url)| {
            let mut t = json!({"id": format!("T{hours}"), "at": eql_core::time::format_instant(&(as_of() - Duration::hours(hours * 13)))});
            if let Some(p) = partner {
                t["partner_id"] = json!(p);
            }
            if let Some(u) = url {
                t["url"] = json!(u);
            }
            t
        })
}

fn lead() -> impl Strategy<Value = Lead> {
    (
        lead_core(),
        prop::collection::vec(touchpoint(), 0..4),
        prop::option::of(-30i64..400),
    )
        .prop_map(|(mut lead, touches, created)| {
            lead.touchpoints = touches
                .into_iter()
                .map(|t| serde_json::from_value(t).unwrap())
                .collect();
            lead.created_at = created.map(|d| as_of() - Duration::days(d));
            lead
        })
}

fn lead_core() -> impl Strategy<Value = Lead> {
    (
        prop::option::of(0u64..20_000),
        prop::option::of(prop::sample::select(vec!["FinTech", "saas", " retail ", "", "Ünïcode"])),
        prop::option::of(prop::collection::vec(prop::sample::select(vec!["Salesforce", "slack", "HUBSPOT"]), 0..3)),
        prop::option::of((prop::sample::select(vec!["implementation_partner", "purchased_list", "referral_program"]), prop::option::of(any::<bool>()))),
        prop::collection::vec(event(), 0..12),
        prop::option::of(prop::sample::select(vec![json!("enterprise"), json!(5), json!(true), json!(null), json!([1, "x"]), json!({"a": 1})])),
        any::<bool>(),
    )
        .prop_map(|(employees, industry, stack, partner, events, segment, competitor)| {
            let mut v = json!({"id": "L", "company": {"employees": employees, "industry": industry, "tech_stack": stack}});
            if let Some((source, confirmed)) = partner {
                v["partner"] = json!({"id": "P-1", "source": source, "confirmed": confirmed, "program_tier": "gold"});
            }
            v["custom"] = json!({"segment": segment, "seats": 3, "is_competitor": competitor});
            let mut lead = Lead::from_value(v).unwrap();
            lead.events = events;
            lead
        })
}

fn score(m: &ScoringModel, l: &Lead) -> eql_core::Qualification {
    m.compile()
        .unwrap()
        .score(l, as_of(), ScoreOptions::default())
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn categories_stay_within_their_caps(m in model(false), l in lead()) {
        let q = score(&m, &l);
        prop_assert!(q.fit >= Points::ZERO && q.fit <= Points::whole(m.fit.cap));
        prop_assert!(q.intent >= Points::ZERO && q.intent <= Points::whole(m.intent.cap));
        prop_assert_eq!(q.total.hundredths(), q.fit.hundredths() + q.intent.hundredths());
        prop_assert_eq!(q.contributions.len(), m.fit.rules.len() + m.intent.rules.len() + m.disqualify.len());
    }

    #[test]
    fn adding_a_matching_intent_event_never_lowers_the_score(m in model(true), l in lead(), which in 0usize..8, days in 0i64..60) {
        let before = score(&m, &l);
        let mut more = l.clone();
        more.events.push(Event { kind: EVENTS[which].into(), at: as_of() - Duration::days(days), active: None, partner_id: None });
        let after = score(&m, &more);
        prop_assert!(after.intent >= before.intent, "{} -> {}", before.intent, after.intent);
        prop_assert!(after.total >= before.total);
    }

    #[test]
    fn without_ecosystem_evidence_never_eql(m in model(false), mut l in lead()) {
        l.partner = None;
        l.touchpoints.clear();
        l.events.retain(|e| e.kind != "integration_usage" && e.partner_id.is_none());
        let q = score(&m, &l);
        prop_assert!(q.ecosystem_evidence.is_empty());
        prop_assert_ne!(q.stage, Stage::Eql);
    }

    #[test]
    fn stage_follows_the_precedence(m in model(false), l in lead()) {
        let q = score(&m, &l);
        let disq = !q.disqualify_reasons.is_empty();
        let passes = q.total >= q.threshold && q.buying_signal != Some(false);
        let expected = if disq { Stage::Disqualified }
            else if passes && !q.ecosystem_evidence.is_empty() { Stage::Eql }
            else if passes { Stage::Mql } else { Stage::Unqualified };
        prop_assert_eq!(q.stage, expected);
    }

    #[test]
    fn fingerprint_survives_reserialisation(m in model(false)) {
        let json = serde_json::to_string(&m).unwrap();
        let again = ScoringModel::from_json(&json).unwrap();
        prop_assert_eq!(m.fingerprint(), again.fingerprint());
        prop_assert_eq!(&again, &m);
    }

    /// Generated leads, written as canonical JSON, always read back as the
    /// same lead and always score: the scoring branch runs on every case.
    #[test]
    fn lead_json_reads_back_and_scores(m in model(false), l in lead()) {
        let text = serde_json::to_string(&l).unwrap();
        let read = Lead::from_json(&text);
        prop_assert!(read.is_ok(), "{text}: {:?}", read.err());
        let read = read.unwrap();
        prop_assert_eq!(&read, &l);
        let scored = m.compile().unwrap().score(&read, as_of(), ScoreOptions::default());
        prop_assert!(scored.is_ok(), "{text}: {:?}", scored.err());
        prop_assert_eq!(scored.unwrap(), score(&m, &l));
    }

    /// An empty or blank partner id is never partner evidence (SPEC §3: no
    /// partner, everywhere in eql).
    #[test]
    fn blank_partner_ids_are_no_evidence(m in model(false), mut l in lead(), blank in prop::sample::select(vec!["", " ", "\t \n"])) {
        if let Some(p) = l.partner.as_mut() {
            p.id = Some(blank.to_owned());
        }
        for t in &mut l.touchpoints {
            t.partner_id = Some(blank.to_owned());
        }
        let q = score(&m, &l);
        prop_assert!(!q.ecosystem_evidence.contains(&eql_core::EvidenceKind::PartnerReferral));
        prop_assert!(!q.ecosystem_evidence.contains(&eql_core::EvidenceKind::PartnerTouchpoint));
    }

    /// Junk text (almost never a lead or a model) is rejected with a coded
    /// error; it never panics.
    #[test]
    fn junk_text_never_panics(text in ".{0,200}") {
        if let Err(e) = Lead::from_json(&text) {
            prop_assert!(eql_core::ErrorCode::code(&e).starts_with("input."), "{e}");
        }
        if let Err(e) = ScoringModel::parse(&text) {
            prop_assert!(eql_core::ErrorCode::code(&e).starts_with("model."), "{e}");
        }
    }

    /// Near-valid JSON (a lead whose fields hold values of any type) reads
    /// to a lead or a coded error, and whatever reads also scores.
    #[test]
    fn near_valid_json_never_panics(m in model(false), l in lead(), field in 0usize..10, junk in junk_value()) {
        let mut v = serde_json::to_value(&l).unwrap();
        let paths: [&[&str]; 10] = [
            &["id"], &["email"], &["created_at"], &["company", "employees"], &["company", "industry"],
            &["company", "tech_stack"], &["partner", "id"], &["partner", "confirmed"], &["events"], &["custom", "segment"],
        ];
        let path = paths[field];
        let mut slot = &mut v;
        for key in &path[..path.len() - 1] {
            if !slot[*key].is_object() {
                slot[*key] = json!({});
            }
            slot = &mut slot[*key];
        }
        slot[path[path.len() - 1]] = junk;
        match Lead::from_value(v) {
            Ok(read) => {
                let scored = m.compile().unwrap().score(&read, as_of(), ScoreOptions::default());
                prop_assert!(scored.is_ok(), "{:?}", scored.err());
            }
            Err(e) => prop_assert!(eql_core::ErrorCode::code(&e).starts_with("input."), "{e}"),
        }
    }
}

fn junk_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
        Just(json!("2026-10-01T09:00:00Z")),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

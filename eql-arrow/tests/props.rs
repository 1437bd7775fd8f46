//! Property: on arbitrary generated leads and models, the columnar path and
//! `CompiledModel::score` agree on stage, points, evidence, missing fields
//! and errors — with plain, dictionary-encoded and long-table inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::Duration;
use eql_core::time::{Instant, parse_instant};
use eql_core::{Company, Event, Lead, Partner, ScoringModel, Touchpoint};
use proptest::prelude::*;
use serde_json::{Value, json};

fn as_of() -> Instant {
    parse_instant("2026-11-16T12:00:00Z").unwrap()
}

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn text(items: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(pick(items).prop_map(str::to_owned))
}

fn at() -> impl Strategy<Value = Instant> {
    // From 120 days before as_of to 2 days after, to the second.
    (-2 * 86_400i64..120 * 86_400)
        .prop_map(|s| as_of().checked_sub_signed(Duration::seconds(s)).unwrap())
}

fn event() -> impl Strategy<Value = Event> {
    (
        pick(&[
            "demo_request",
            " Demo_Request ",
            "pricing_page_view",
            "integration_usage",
            "webinar_attended",
            "case_study_download",
            "content_download",
            "budget_confirmed",
            "page_view",
        ]),
        at(),
        proptest::option::of(any::<bool>()),
        text(&["P-1", "", "  "]),
    )
        .prop_map(|(kind, at, active, partner_id)| Event {
            kind: kind.to_owned(),
            at,
            active,
            partner_id,
        })
}

fn touch() -> impl Strategy<Value = Touchpoint> {
    (
        at(),
        text(&["P-1", "", " "]),
        text(&["email", "partner_referral"]),
    )
        .prop_map(|(at, partner_id, channel)| Touchpoint {
            id: "T".into(),
            at,
            partner_id,
            channel,
            ..Touchpoint::default()
        })
}

fn company() -> impl Strategy<Value = Company> {
    (
        proptest::option::of(0u64..10_000),
        text(&["fintech", " SaaS ", "retail", "", "Ünicode"]),
        text(&["EMEA", "na", "APAC"]),
        proptest::option::of(proptest::collection::vec(
            pick(&["salesforce", "HubSpot", "slack", " "]).prop_map(str::to_owned),
            0..4,
        )),
        proptest::option::of(pick(&["0", "4999999.99", "5000000", "12000000.5"])),
        text(&["acme.co.uk", "  "]),
    )
        .prop_map(
            |(employees, industry, region, tech_stack, revenue, domain)| Company {
                employees,
                industry,
                region,
                tech_stack,
                annual_revenue: revenue.map(|r| r.parse().unwrap()),
                domain,
                ..Company::default()
            },
        )
}

fn partner() -> impl Strategy<Value = Partner> {
    (
        text(&["P-1", " ", ""]),
        text(&["implementation_partner", "Technology_Partner ", "reseller"]),
        text(&["gold", "silver"]),
        proptest::option::of(-5i64..5),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(id, source, program_tier, days, confirmed)| Partner {
            id,
            source,
            program_tier,
            referral_date: days.map(|d| {
                as_of()
                    .checked_add_signed(Duration::days(d))
                    .unwrap()
                    .date_naive()
            }),
            confirmed,
        })
}

fn custom() -> impl Strategy<Value = serde_json::Map<String, Value>> {
    (
        text(&["enterprise", " Enterprise", "smb", ""]),
        proptest::option::of(any::<bool>()),
        proptest::option::of(-3i64..100),
        text(&["student", "buyer"]),
    )
        .prop_map(|(segment, competitor, score, persona)| {
            let mut m = serde_json::Map::new();
            if let Some(s) = segment {
                m.insert("segment".into(), json!(s));
            }
            if let Some(c) = competitor {
                m.insert("is_competitor".into(), json!(c));
            }
            if let Some(s) = score {
                m.insert("score".into(), json!(s));
            }
            if let Some(p) = persona {
                m.insert("persona".into(), json!(p));
            }
            m
        })
}

fn lead() -> impl Strategy<Value = Lead> {
    (
        text(&["ana@acme.co.uk", " "]),
        proptest::option::of(at()),
        proptest::option::of(company()),
        proptest::option::of(partner()),
        proptest::collection::vec(touch(), 0..4),
        proptest::collection::vec(event(), 0..12),
        custom(),
    )
        .prop_map(
            |(email, created_at, company, partner, touchpoints, events, custom)| Lead {
                id: String::new(),
                email,
                created_at,
                updated_at: None,
                company,
                partner,
                touchpoints,
                events,
                custom,
            },
        )
}

const FIT: &[(&str, &str, &str)] = &[
    ("company.employees", "between", "[200, 5000]"),
    ("company.employees", "lt", "20"),
    ("company.industry", "in", r#"["fintech", "saas"]"#),
    ("company.industry", "eq", r#""ünicode""#),
    ("company.region", "not_in", r#"["apac"]"#),
    (
        "company.tech_stack",
        "contains_any",
        r#"["salesforce", "hubspot"]"#,
    ),
    (
        "company.tech_stack",
        "contains_all",
        r#"["salesforce", "slack"]"#,
    ),
    ("company.annual_revenue", "gte", "5000000"),
    ("company.domain", "contains", r#""acme""#),
    ("partner.program_tier", "in", r#"["gold"]"#),
    ("partner.referral_date", "lte", r#""2026-11-16""#),
    ("partner.confirmed", "eq", "true"),
    ("email", "is_known", "null"),
    ("created_at", "gte", r#""2026-10-01""#),
    ("custom.segment", "eq", r#""enterprise""#),
    ("custom.score", "gt", "50"),
    ("custom.missing.deep", "is_unknown", "null"),
    ("custom.is_competitor", "ne", "true"),
];

const INTENT: &[&str] = &[
    r#"{"event": "demo_request", "within_days": 30, "points": 30}"#,
    r#"{"event": "pricing_page_view", "within_days": 30, "points": 15, "min_count": 2}"#,
    r#"{"event": "content_download", "within_days": 60, "points": 3, "per_event": true, "max": 3}"#,
    r#"{"event": "webinar_attended", "points": 10, "half_life_days": 14}"#,
    r#"{"event": "page_view", "points": 5, "half_life_days": 7, "per_event": true, "max": 2}"#,
    r#"{"event": "budget_confirmed", "within_days": 90, "points": 20}"#,
];

fn model() -> impl Strategy<Value = ScoringModel> {
    (
        proptest::sample::subsequence((0..FIT.len()).collect::<Vec<_>>(), 0..8),
        proptest::collection::vec(-20i64..30, 8),
        proptest::sample::subsequence((0..INTENT.len()).collect::<Vec<_>>(), 0..5),
        proptest::sample::subsequence((0..FIT.len()).collect::<Vec<_>>(), 0..2),
        (0i64..100, any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(fit, points, intent, dq, (threshold, gate, required, confirm))| {
            let fit: Vec<Value> = fit
                .iter()
                .zip(&points)
                .map(|(&i, p)| {
                    let (field, op, value) = FIT[i];
                    json!({"id": format!("fit.{i}"), "field": field, "op": op,
                           "value": serde_json::from_str::<Value>(value).unwrap(), "points": p})
                })
                .collect();
            let intent: Vec<Value> = intent
                .iter()
                .map(|&i| {
                    let mut r: Value = serde_json::from_str(INTENT[i]).unwrap();
                    r["id"] = json!(format!("intent.{i}"));
                    r
                })
                .collect();
            let dq: Vec<Value> = dq
                .iter()
                .map(|&i| {
                    let (field, op, value) = FIT[i];
                    json!({"id": format!("dq.{i}"), "field": field, "op": op,
                           "value": serde_json::from_str::<Value>(value).unwrap(), "reason": "r"})
                })
                .collect();
            let mut m = json!({
                "id": "m", "version": "1", "effective_from": "2026-10-01",
                "threshold": threshold.min(100),
                "fit": {"cap": 40, "rules": fit},
                "intent": {"cap": 60, "rules": intent},
                "ecosystem": {"required_for_eql": required,
                              "accepted_partner_sources": ["implementation_partner", "technology_partner"],
                              "require_partner_confirmation": confirm},
                "disqualify": dq,
            });
            if gate {
                m["buying_signal"] = json!({"require_any": ["demo_request", "budget_confirmed"]});
            }
            ScoringModel::from_json(&m.to_string()).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn columnar_equals_row_path(
        model in model(),
        registry in any::<bool>(),
        mut leads in proptest::collection::vec(lead(), 1..40),
    ) {
        for (i, l) in leads.iter_mut().enumerate() {
            l.id = format!("L-{i}");
        }
        let mut compiled = model.compile().unwrap();
        if registry {
            let r = eql_core::utm::PartnerRegistry::from_json(
                r#"{"partners": [{"id": "P-7", "utm_sources": ["p7"], "domains": ["p7.example"]}]}"#,
            )
            .unwrap();
            compiled = compiled.with_registry(r).unwrap();
        }
        let want: Vec<Value> = leads.iter().map(|l| common::expected(&compiled, l, as_of(), false)).collect();
        for got in common::columnar(&compiled, &leads, common::run(as_of())) {
            prop_assert_eq!(&got, &want);
        }
    }
}

//! Property tests of the partner ROI report: money is conserved across every
//! split, input order does not matter, and no rate is ever NaN.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::report::{Report, ReportInput, build_report};
use proptest::prelude::*;
use serde_json::{Value, json};

const PARTNERS: &[Option<&str>] = &[None, Some("P-1"), Some("P-2"), Some("P-3")];
const ASSETS: &[Option<&str>] = &[None, Some("/a"), Some("/b")];
const STAGES: &[&str] = &["eql", "mql", "unqualified", "disqualified"];

fn at(day: u32) -> String {
    // Days from 2026-09-01; the report's as_of is day 100.
    let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + chrono::Days::new(day.into());
    format!("{d}T12:00:00Z")
}

/// (day, partner, asset)
type TouchSpec = (u32, usize, usize);
/// (created day, partner, stage, sql day, touches)
type LeadSpec = (u32, usize, usize, Option<u32>, Vec<TouchSpec>);
/// (lead index, created day, cents, in EUR, status, close offset)
type OppSpec = (usize, u32, u64, bool, usize, u32);

fn touch() -> impl Strategy<Value = TouchSpec> {
    (0u32..110, 0..PARTNERS.len(), 0..ASSETS.len())
}

fn lead() -> impl Strategy<Value = LeadSpec> {
    (
        0u32..110,
        0..PARTNERS.len(),
        0..STAGES.len(),
        prop::option::of(0u32..110),
        prop::collection::vec(touch(), 0..5),
    )
}

fn opp() -> impl Strategy<Value = OppSpec> {
    (
        0usize..1000,
        0u32..110,
        0u64..10_000_000,
        any::<bool>(),
        0usize..3,
        0u32..40,
    )
}

fn input(leads: &[LeadSpec], opps: &[OppSpec]) -> Value {
    let leads_json: Vec<Value> = leads
        .iter()
        .enumerate()
        .map(|(i, (created, p, s, sql, touches))| {
            let tps: Vec<Value> = touches
                .iter()
                .enumerate()
                .map(|(j, (day, tp, ta))| {
                    json!({"id": format!("T{i}-{j}"), "at": at(*day),
                           "partner_id": PARTNERS[*tp], "asset": ASSETS[*ta]})
                })
                .collect();
            json!({"id": format!("L{i}"), "created_at": at(*created), "partner_id": PARTNERS[*p],
                   "stage": STAGES[*s], "sql_at": sql.map(at), "touchpoints": tps})
        })
        .collect();
    let opps_json: Vec<Value> = opps
        .iter()
        .enumerate()
        .map(|(k, (l, day, cents, eur, status, close))| {
            let status = ["open", "won", "lost"][*status];
            let amount = format!("{}.{:02}", cents / 100, cents % 100);
            let mut o = json!({"id": format!("O{k}"), "lead_id": format!("L{}", l % leads.len()),
                               "created_at": at(*day), "amount": amount,
                               "currency": if *eur { "EUR" } else { "USD" }, "status": status});
            if status != "open" {
                o["closed_at"] = json!(at(day + close));
            }
            o
        })
        .collect();
    json!({"as_of": at(100), "currency": "USD", "fx_rates": {"EUR": "1.0837"},
           "leads": leads_json, "opportunities": opps_json,
           "costs": [{"partner_id": "P-1", "period": "2026-Q4", "amount": "1000.00", "currency": "USD"},
                     {"partner_id": "P-2", "period": "2026-Q3", "amount": "0.00", "currency": "USD"}]})
}

fn report(v: &Value) -> Report {
    build_report(&ReportInput::from_json(&v.to_string()).unwrap()).unwrap()
}

fn rates_finite(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
        Value::Array(a) => a.iter().all(rates_finite),
        Value::Object(o) => o.values().all(rates_finite),
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn money_is_conserved_across_every_split(
        leads in prop::collection::vec(lead(), 1..25),
        opps in prop::collection::vec(opp(), 0..30),
    ) {
        let r = report(&input(&leads, &opps));
        let t = &r.totals;
        let partners: eql_core::Decimal = r.partners.iter().map(|p| p.metrics.pipeline).sum();
        prop_assert_eq!(partners, t.partner_pipeline);
        prop_assert_eq!(t.partner_pipeline + t.unpartnered_pipeline, t.pipeline);
        prop_assert_eq!(r.baseline.pipeline, t.unpartnered_pipeline);
        let assets: eql_core::Decimal = r.assets.iter().map(|a| a.metrics.pipeline).sum();
        prop_assert_eq!(assets + t.no_asset_pipeline, t.pipeline);
        let won: eql_core::Decimal = r.partners.iter().map(|p| p.metrics.won_arr).sum();
        prop_assert_eq!(won + t.unpartnered_won_arr, t.won_arr);
        let quarters: eql_core::Decimal = r.periods.iter().map(|p| p.metrics.pipeline).sum();
        prop_assert_eq!(quarters, t.partner_pipeline);
        // Lead counts: every kept lead is in exactly one sourcing row.
        let sourced: u64 = r.partners.iter().map(|p| p.metrics.leads).sum();
        prop_assert_eq!(sourced + r.baseline.leads, t.leads);
        prop_assert_eq!(t.leads as usize + r.excluded.iter().filter(|e| e.kind == "lead").count(), leads.len());
        prop_assert!(rates_finite(&serde_json::to_value(&r).unwrap()));
    }

    #[test]
    fn input_order_does_not_matter(
        leads in prop::collection::vec(lead(), 1..15),
        opps in prop::collection::vec(opp(), 0..15),
        seed in any::<u64>(),
    ) {
        let a = input(&leads, &opps);
        let mut b = a.clone();
        // A deterministic shuffle of leads and opportunities (ids unchanged).
        let mut s = seed | 1;
        for key in ["leads", "opportunities"] {
            let arr = b[key].as_array_mut().unwrap();
            for i in (1..arr.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                arr.swap(i, (s % (i as u64 + 1)) as usize);
            }
        }
        let (ra, rb) = (report(&a), report(&b));
        prop_assert_eq!(&ra.totals, &rb.totals);
        prop_assert_eq!(&ra.partners, &rb.partners);
        prop_assert_eq!(&ra.baseline, &rb.baseline);
        prop_assert_eq!(&ra.assets, &rb.assets);
        prop_assert_eq!(&ra.periods, &rb.periods);
        prop_assert_eq!(&ra.weekly, &rb.weekly);
    }
}

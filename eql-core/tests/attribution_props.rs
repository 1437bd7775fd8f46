//! Property tests of attribution (issue 3 §7): conservation for arbitrary
//! journeys, amounts and currencies; invariance under reordering of
//! non-tied touches; no negative credit; zero Markov removal effect for a
//! channel that cannot lead to a conversion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::ErrorCode;
use eql_core::attribution::{
    Attribution, AttributionModel, AttributionOptions, Attributor, Journey, PathRow, PathSpec,
    PathTable, heuristic_models, markov_model,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const MODELS: &[&str] = &[
    r#"{"type": "first_touch"}"#,
    r#"{"type": "last_touch"}"#,
    r#"{"type": "linear"}"#,
    r#"{"type": "position_based"}"#,
    r#"{"type": "position_based", "first": "0.3", "last": "0.5"}"#,
    r#"{"type": "partner_influence"}"#,
    r#"{"type": "time_decay"}"#,
    r#"{"type": "time_decay", "half_life_days": 0.37}"#,
    r#"{"type": "custom", "first": "0.1", "middle": "0.2", "last": "0.3", "partner": "0.4"}"#,
    r#"{"type": "custom", "middle": "1"}"#,
    r#"{"type": "w_shaped"}"#,
    r#"{"type": "full_path"}"#,
];

/// (code, minor units): JPY 0, USD 2, BHD 3, CLF 4 decimal places.
const CURRENCIES: &[(&str, u32)] = &[("JPY", 0), ("USD", 2), ("BHD", 3), ("CLF", 4)];

const CHANNELS: &[&str] = &["email", "paid_search", "partner_referral", "social"];

/// A touch: (minutes after the base instant, channel, partner?, lead?, opp?).
type RawTouch = (u32, usize, bool, bool, bool);

fn touch_json(i: usize, t: &RawTouch) -> Value {
    let (minutes, ch, partner, lead, opp) = *t;
    let at = chrono::DateTime::parse_from_rfc3339("2026-09-01T00:00:00Z").unwrap()
        + chrono::Duration::minutes(i64::from(minutes));
    let mut v = json!({"id": format!("T-{i}"), "at": at.to_rfc3339(), "channel": CHANNELS[ch]});
    if partner {
        v["partner_id"] = json!(format!("P-{ch}"));
    }
    if lead {
        v["lead_created"] = json!(true);
    }
    if opp {
        v["opportunity_created"] = json!(true);
    }
    v
}

fn journey(touches: &[Value], units: u64, currency: (&str, u32)) -> Journey {
    serde_json::from_value(json!({
        "touchpoints": touches,
        // 40 days after the base: touches later than that are excluded.
        "conversion": {
            "at": "2026-10-11T00:00:00Z",
            "amount": Decimal::new(units as i64, currency.1).to_string(),
            "currency": currency.0
        }
    }))
    .unwrap()
}

fn attributor(model: usize, lookback: Option<u32>) -> Attributor {
    let m = AttributionModel::from_json(MODELS[model]).unwrap();
    let opts = AttributionOptions {
        lookback_days: lookback,
        ..AttributionOptions::default()
    };
    Attributor::new(&m, opts).unwrap()
}

fn raw_touches(distinct_times: bool) -> impl Strategy<Value = Vec<RawTouch>> {
    // Few distinct minutes force ties; many make ties unlikely (then removed).
    let minutes = if distinct_times {
        0..90_000u32
    } else {
        0..4u32
    };
    let scale = if distinct_times { 1 } else { 1_000 };
    prop::collection::vec(
        (
            minutes.prop_map(move |m| m * scale),
            0..CHANNELS.len(),
            any::<bool>(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
        ),
        1..14,
    )
}

fn check_conservation(a: &Attribution, units: u64, places: u32) {
    let shares: Decimal = a.shares.iter().sum();
    assert_eq!(shares, Decimal::ONE, "shares {:?}", a.shares);
    let credits: Decimal = a.credits.iter().sum();
    assert_eq!(
        credits,
        Decimal::new(units as i64, places),
        "credits {:?}",
        a.credits
    );
    for (s, c) in a.shares.iter().zip(&a.credits) {
        assert!(!s.is_sign_negative() && !c.is_sign_negative(), "{s} {c}");
        assert!(c.scale() <= places.max(c.normalize().scale()));
    }
    assert_eq!(a.shares.len(), a.order.len());
    assert_eq!(a.credits.len(), a.order.len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn shares_sum_to_one_and_credits_to_the_amount(
        raw in raw_touches(false),
        model in 0..MODELS.len(),
        lookback in prop::option::of(0..60u32),
        units in prop_oneof![0..1_000u64, 0..1_000_000_000_000_000u64],
        currency in 0..CURRENCIES.len(),
    ) {
        let touches: Vec<Value> = raw.iter().enumerate().map(|(i, t)| touch_json(i, t)).collect();
        let cur = CURRENCIES[currency];
        match attributor(model, lookback).attribute(&journey(&touches, units, cur)) {
            Ok(a) => check_conservation(&a, units, cur.1),
            Err(e) => prop_assert_eq!(e.code(), "attribution.no_eligible_touch"),
        }
    }

    #[test]
    fn reordering_non_tied_touches_changes_nothing(
        (raw, shuffled) in raw_touches(true).prop_flat_map(|raw| {
            let idx: Vec<usize> = (0..raw.len()).collect();
            (Just(raw), Just(idx).prop_shuffle())
        }),
        model in 0..MODELS.len(),
        units in 0..10_000_000u64,
        currency in 0..CURRENCIES.len(),
    ) {
        let mut seen = std::collections::HashSet::new();
        prop_assume!(raw.iter().all(|t| seen.insert(t.0)));
        let touches: Vec<Value> = raw.iter().enumerate().map(|(i, t)| touch_json(i, t)).collect();
        let permuted: Vec<Value> = shuffled.iter().map(|&i| touches[i].clone()).collect();
        let cur = CURRENCIES[currency];
        let a = attributor(model, Some(30)).attribute(&journey(&touches, units, cur));
        let b = attributor(model, Some(30)).attribute(&journey(&permuted, units, cur));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&a.order, &b.order);
                prop_assert_eq!(&a.shares, &b.shares);
                prop_assert_eq!(&a.credits, &b.credits);
                let ex = |x: &Attribution| {
                    let mut v: Vec<String> = x.excluded.iter().map(|e| format!("{}{:?}", e.id, e.why)).collect();
                    v.sort();
                    v
                };
                prop_assert_eq!(ex(&a), ex(&b));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }
}

/// Converting and non-converting paths over the live channels `a`–`d`, and
/// non-converting paths that end in a run of dead channels `x`, `y`: after a
/// dead channel only dead channels follow, so no state holding one can
/// reach a conversion, whatever the order.
fn table_rows() -> impl Strategy<Value = Vec<PathRow>> {
    let live = prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d"]), 1..6);
    let dead = prop::collection::vec(prop::sample::select(vec!["x", "y"]), 0..4);
    prop::collection::vec((live, dead, 0..5u64, 0..100_000i64, 0..5u64), 1..25).prop_map(|rows| {
        rows.into_iter()
            .map(|(mut live, dead, conv, cents, nulls)| {
                let has_dead = !dead.is_empty();
                live.extend(dead);
                let conv = if has_dead { 0 } else { conv };
                PathRow {
                    path: PathSpec::Channels(live.into_iter().map(str::to_owned).collect()),
                    total_conversions: conv,
                    total_conversion_value: (conv > 0).then(|| Decimal::new(cents, 2)),
                    total_null: if has_dead { nulls + 1 } else { nulls },
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn markov_dead_channels_get_exactly_zero(rows in table_rows(), order in 1..=4u32) {
        let t = PathTable::from_rows(&rows).unwrap();
        let m = markov_model(&t, order).unwrap();
        prop_assert!(m.conversion_probability.is_finite());
        for c in &m.channels {
            prop_assert!((0.0..=1.0).contains(&c.removal_effect), "{:?}", c);
            prop_assert!((0.0..=1.0).contains(&c.removal_effect_value), "{:?}", c);
            prop_assert!(!c.total_conversions.is_sign_negative());
            if c.channel_name == "x" || c.channel_name == "y" {
                prop_assert_eq!(c.removal_effect, 0.0);
                prop_assert_eq!(c.removal_effect_value, 0.0);
                prop_assert!(c.total_conversions.is_zero() && c.total_conversion_value.is_zero());
            }
        }
        let conv: Decimal = m.channels.iter().map(|c| c.total_conversions).sum();
        prop_assert_eq!(conv, m.total_conversions);
        let value: Decimal = m.channels.iter().map(|c| c.total_conversion_value).sum();
        prop_assert_eq!(value, m.total_conversion_value);

        let h = heuristic_models(&t).unwrap();
        prop_assert_eq!(h.total_conversions, m.total_conversions);
        prop_assert_eq!(h.total_conversion_value, m.total_conversion_value);
        type Col = fn(&eql_core::attribution::HeuristicChannel) -> Decimal;
        let cols: [Col; 6] = [
            |c| c.first_touch_conversions, |c| c.last_touch_conversions, |c| c.linear_touch_conversions,
            |c| c.first_touch_value, |c| c.last_touch_value, |c| c.linear_touch_value,
        ];
        for (i, f) in cols.iter().enumerate() {
            let s: Decimal = h.channels.iter().map(f).sum();
            let total = if i < 3 { h.total_conversions } else { h.total_conversion_value };
            prop_assert_eq!(s, total, "column {}", i);
        }
    }
}

//! Path tables, heuristic totals and the Markov model (SPEC §3, data-driven).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::ErrorCode;
use eql_core::attribution::{
    Journey, PathRow, PathTable, PathTableBuilder, heuristic_models, markov_model,
};
use rust_decimal::Decimal;

/// The 3-channel table of docs/attribution.md.
const TABLE: &str = r#"[
  {"path": "a > b > c", "total_conversions": 1, "total_conversion_value": "30.00", "total_null": 0},
  {"path": "a > c",     "total_conversions": 1, "total_conversion_value": "10.00", "total_null": 1},
  {"path": "b",         "total_conversions": 0, "total_null": 1}
]"#;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-15, "{a} vs {b}");
}

#[test]
fn hand_checked_order_1_example() {
    let t = PathTable::from_json(TABLE).unwrap();
    let m = markov_model(&t, 1).unwrap();
    close(m.conversion_probability, 0.5);
    let re: Vec<f64> = m.channels.iter().map(|c| c.removal_effect).collect();
    close(re[0], 5.0 / 6.0);
    close(re[1], 1.0 / 3.0);
    close(re[2], 1.0);
    let rev: Vec<f64> = m.channels.iter().map(|c| c.removal_effect_value).collect();
    close(rev[0], 5.0 / 6.0);
    close(rev[1], 1.0 / 3.0);
    close(rev[2], 1.0);
    let conv: Vec<String> = m
        .channels
        .iter()
        .map(|c| c.total_conversions.to_string())
        .collect();
    assert_eq!(conv, ["0.7692307692", "0.3076923077", "0.9230769231"]);
    let val: Vec<String> = m
        .channels
        .iter()
        .map(|c| c.total_conversion_value.to_string())
        .collect();
    assert_eq!(val, ["15.39", "6.15", "18.46"]);
    assert_eq!(m.total_conversions.to_string(), "2");
    assert_eq!(m.total_conversion_value.to_string(), "40.00");
    assert_eq!(m.states, 3);
}

#[test]
fn hand_checked_heuristics() {
    let t = PathTable::from_json(TABLE).unwrap();
    let h = heuristic_models(&t).unwrap();
    let col = |f: fn(&eql_core::attribution::HeuristicChannel) -> Decimal| -> Vec<String> {
        h.channels.iter().map(|c| f(c).to_string()).collect()
    };
    assert_eq!(col(|c| c.first_touch_conversions), ["2", "0", "0"]);
    assert_eq!(col(|c| c.last_touch_conversions), ["0", "0", "2"]);
    assert_eq!(
        col(|c| c.linear_touch_conversions),
        ["0.8333333334", "0.3333333333", "0.8333333333"]
    );
    assert_eq!(col(|c| c.first_touch_value), ["40.00", "0.00", "0.00"]);
    assert_eq!(col(|c| c.linear_touch_value), ["15.00", "10.00", "15.00"]);
}

#[test]
fn channel_that_cannot_reach_conversion_has_zero_effect() {
    let rows = r#"[
      {"path": "a > b", "total_conversions": 3, "total_conversion_value": "9", "total_null": 2},
      {"path": "b > a > z", "total_conversions": 0, "total_null": 5},
      {"path": "z > y", "total_conversions": 0, "total_null": 1}]"#;
    let t = PathTable::from_json(rows).unwrap();
    for order in 1..=4 {
        let m = markov_model(&t, order).unwrap();
        for c in &m.channels {
            if c.channel_name == "z" || c.channel_name == "y" {
                assert_eq!(c.removal_effect, 0.0, "order {order}");
                assert_eq!(c.removal_effect_value, 0.0);
                assert!(c.total_conversions.is_zero());
                assert!(c.total_conversion_value.is_zero());
            } else {
                assert!(c.removal_effect > 0.0);
            }
        }
        let sum: Decimal = m.channels.iter().map(|c| c.total_conversions).sum();
        assert_eq!(sum, Decimal::from(3));
        let sum: Decimal = m.channels.iter().map(|c| c.total_conversion_value).sum();
        assert_eq!(sum, Decimal::from(9));
    }
}

#[test]
fn higher_orders_use_tuples_of_recent_channels() {
    // Order 2 tells "a > b" (converts) from "c > b" (does not); order 1 cannot.
    let rows = r#"[
      {"path": "a > b", "total_conversions": 1, "total_null": 0},
      {"path": "c > b", "total_conversions": 0, "total_null": 1}]"#;
    let t = PathTable::from_json(rows).unwrap();
    let m1 = markov_model(&t, 1).unwrap();
    let m2 = markov_model(&t, 2).unwrap();
    assert_eq!(m1.states, 3);
    assert_eq!(m2.states, 4); // a, c, (a,b), (c,b)
    close(m2.conversion_probability, 0.5);
    let c2 = m2.channels.iter().find(|c| c.channel_name == "c").unwrap();
    assert_eq!(c2.removal_effect, 0.0);
    let c1 = m1.channels.iter().find(|c| c.channel_name == "c").unwrap();
    assert!(c1.removal_effect > 0.0);
}

#[test]
fn self_loops_and_cycles_are_solved() {
    let rows = r#"[
      {"path": "a > a > b > a", "total_conversions": 2, "total_conversion_value": "5.5", "total_null": 3},
      {"path": "b > a > b > b", "total_conversions": 1, "total_conversion_value": "1.25", "total_null": 0},
      {"path": ["c>d", "a"], "total_conversions": 0, "total_null": 7}]"#;
    let t = PathTable::from_json(rows).unwrap();
    assert_eq!(t.channels(), ["a", "b", "c>d"]);
    for order in 1..=4 {
        let m = markov_model(&t, order).unwrap();
        assert!(m.conversion_probability > 0.0 && m.conversion_probability < 1.0);
        let sum: Decimal = m.channels.iter().map(|c| c.total_conversion_value).sum();
        assert_eq!(sum.to_string(), "6.75");
    }
}

#[test]
fn nothing_converts() {
    let t = PathTable::from_json(r#"[{"path": "a > b", "total_null": 4}]"#).unwrap();
    let m = markov_model(&t, 1).unwrap();
    assert_eq!(m.conversion_probability, 0.0);
    assert!(
        m.channels
            .iter()
            .all(|c| c.removal_effect == 0.0 && c.total_conversions.is_zero())
    );
    let h = heuristic_models(&t).unwrap();
    assert!(h.total_conversions.is_zero());
}

#[test]
fn empty_table_gives_empty_results() {
    let t = PathTable::from_json("[]").unwrap();
    assert!(t.is_empty());
    assert!(markov_model(&t, 2).unwrap().channels.is_empty());
    assert!(heuristic_models(&t).unwrap().channels.is_empty());
}

#[test]
fn builder_merges_journeys_into_rows() {
    let j = |amount: &str, ch: [&str; 2]| -> Journey {
        serde_json::from_value(serde_json::json!({
            "touchpoints": [
                {"id": "2", "at": "2026-09-02T00:00:00Z", "channel": ch[1]},
                {"id": "1", "at": "2026-09-01T00:00:00Z", "channel": ch[0]}],
            "conversion": {"at": "2026-09-30T00:00:00Z", "amount": amount, "currency": "USD"}}))
        .unwrap()
    };
    let mut b = PathTableBuilder::new(2);
    b.add_journey(&j("10.50", ["email", "partner"]), None)
        .unwrap();
    b.add_journey(&j("4", ["email", "partner"]), None).unwrap();
    b.add_journey(&j("1", ["partner", "email"]), None).unwrap();
    b.add(&["email", "partner"], 0, Decimal::ZERO, 2).unwrap();
    let err = b
        .add_journey(&j("0.001", ["email", "partner"]), None)
        .unwrap_err();
    assert_eq!(err.code(), "attribution.amount_too_precise");
    let t = b.finish();
    assert_eq!(t.len(), 2);
    let h = heuristic_models(&t).unwrap();
    assert_eq!(h.total_conversions.to_string(), "3");
    assert_eq!(h.total_conversion_value.to_string(), "15.50");
    let email = &h.channels[0];
    assert_eq!(email.first_touch_value.to_string(), "14.50");
    let m = markov_model(&t, 1).unwrap();
    close(m.conversion_probability, 0.6);
}

#[test]
fn rows_round_trip_as_json() {
    let rows: Vec<PathRow> = serde_json::from_str(TABLE).unwrap();
    let back: Vec<PathRow> = serde_json::from_str(&serde_json::to_string(&rows).unwrap()).unwrap();
    assert_eq!(rows, back);
}

#[test]
fn many_channels_and_higher_orders_use_the_sparse_and_iterative_paths() {
    // 300 channels: order 1 leaves the dense grid; order 3 gives > 400 states
    // (Gauss–Seidel). Totals must still be preserved exactly.
    let mut rows = Vec::new();
    for i in 0..300 {
        rows.push(serde_json::json!({
            "path": format!("c{} > c{} > c{} > c{}", i, (i + 1) % 300, (i * 7) % 300, (i + 2) % 300),
            "total_conversions": i % 3, "total_null": 1 + i % 2,
            "total_conversion_value": if i % 3 == 0 { None } else { Some(format!("{}.5", i)) },
        }));
    }
    let t = PathTable::from_json(&serde_json::Value::Array(rows).to_string()).unwrap();
    assert_eq!(t.channels().len(), 300);
    for order in [1, 3] {
        let m = markov_model(&t, order).unwrap();
        if order == 3 {
            assert!(m.states > 400, "{}", m.states);
        }
        assert!(m.conversion_probability > 0.0 && m.conversion_probability < 1.0);
        let sum: Decimal = m.channels.iter().map(|c| c.total_conversions).sum();
        assert_eq!(sum, m.total_conversions);
        let sum: Decimal = m.channels.iter().map(|c| c.total_conversion_value).sum();
        assert_eq!(sum, m.total_conversion_value);
        assert!(
            m.channels
                .iter()
                .all(|c| (0.0..=1.0).contains(&c.removal_effect))
        );
    }
}

#[test]
fn dense_and_sparse_order_1_agree() {
    // The same chain with 3 channels (dense grid) and with 3 + 300 unused-in-
    // conversion channels (sparse): the three channels' effects must match.
    let base = r#"{"path": "a > b > c", "total_conversions": 1, "total_conversion_value": "30.00", "total_null": 0},
      {"path": "a > c", "total_conversions": 1, "total_conversion_value": "10.00", "total_null": 1},
      {"path": "b", "total_conversions": 0, "total_null": 1}"#;
    let extra: Vec<String> = (0..300)
        .map(|i| format!(r#"{{"path": "z{i}", "total_null": 1}}"#))
        .collect();
    let small = markov_model(&PathTable::from_json(&format!("[{base}]")).unwrap(), 1).unwrap();
    let big = PathTable::from_json(&format!("[{base}, {}]", extra.join(","))).unwrap();
    let big = markov_model(&big, 1).unwrap();
    for c in &small.channels {
        let b = big
            .channels
            .iter()
            .find(|b| b.channel_name == c.channel_name)
            .unwrap();
        close(c.removal_effect, b.removal_effect);
    }
    assert!(
        big.channels
            .iter()
            .filter(|c| c.channel_name.starts_with('z'))
            .all(|c| c.removal_effect == 0.0)
    );
}

#[test]
fn removal_effects_match_marketing_attribution_models() {
    // Reference values from the marketing_attribution_models package (see
    // the fixture's `source`), which also inverts I − Q exactly.
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/mam_cross_check.json")).unwrap();
    let t = PathTable::from_json(&fixture["table"].to_string()).unwrap();
    let m = markov_model(&t, 1).unwrap();
    let want = fixture["removal_effects"].as_object().unwrap();
    assert_eq!(want.len(), m.channels.len());
    for c in &m.channels {
        let w = want[&c.channel_name].as_f64().unwrap();
        assert!(
            (c.removal_effect - w).abs() < 1e-14,
            "{}: {} vs {w}",
            c.channel_name,
            c.removal_effect
        );
    }
}

#[test]
fn ids_and_names_build_the_same_table() {
    let paths: [&[&str]; 4] = [
        &["a", "b"],
        &["b"],
        &["a", "b"],
        &["c", "a", "b", "a", "c", "b", "a", "c", "b"],
    ];
    let mut by_name = PathTableBuilder::new(1);
    let mut by_id = PathTableBuilder::new(1);
    for (i, p) in paths.iter().enumerate() {
        let value = Decimal::new(i as i64 * 15, 1);
        by_name.add(p, 1, value, 2).unwrap();
        let ids: Vec<u16> = p.iter().map(|c| by_id.channel_id(c).unwrap()).collect();
        by_id.add_ids(&ids, 1, value, 2).unwrap();
    }
    assert_eq!(by_name.finish(), by_id.finish());
}

/// A table with no conversions must serialise no negative zero: `-0.0` does
/// not round-trip through every runtime's JSON the same way (issue 13, item 6).
#[test]
fn markov_without_conversions_has_no_negative_zero() {
    let tables = [
        r#"[{"path": "a > b", "total_conversions": 0, "total_null": 3},
            {"path": "b > c > a", "total_conversions": 0, "total_null": 1}]"#,
        r#"[{"path": "a", "total_conversions": 0, "total_null": 1}]"#,
        r#"[{"path": "a > a > b", "total_conversions": 0, "total_null": 2},
            {"path": "c", "total_conversions": 0, "total_null": 5}]"#,
    ];
    for text in tables {
        let t = PathTable::from_json(text).unwrap();
        for order in 1..=4 {
            let m = markov_model(&t, order).unwrap();
            let json = serde_json::to_string(&m).unwrap();
            assert!(!json.contains("-0"), "order {order}: {json}");
            assert!(m.conversion_probability.is_sign_positive(), "{json}");
            for c in &m.channels {
                assert!(c.removal_effect.is_sign_positive(), "{json}");
                assert!(c.removal_effect_value.is_sign_positive(), "{json}");
            }
        }
    }
}

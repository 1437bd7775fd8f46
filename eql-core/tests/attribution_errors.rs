//! Bad attribution input: every case is a typed error with a stable code,
//! never a panic, NaN or a lost cent (SPEC §3, §8).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::ErrorCode;
use eql_core::attribution::{
    AttributionModel, AttributionOptions, Attributor, MAX_TOUCHES, PathTable, PathTableBuilder,
    markov_model,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn linear() -> Attributor {
    Attributor::new(&AttributionModel::Linear {}, AttributionOptions::default()).unwrap()
}

fn journey(touches: Value, amount: Value, currency: &str) -> String {
    json!({
        "touchpoints": touches,
        "conversion": {"at": "2026-09-30T00:00:00Z", "amount": amount, "currency": currency}
    })
    .to_string()
}

fn one_touch() -> Value {
    json!([{"id": "T-1", "at": "2026-09-01T00:00:00Z", "channel": "email"}])
}

fn code_of(json: &str) -> String {
    linear().attribute_json(json).unwrap_err().code().to_owned()
}

fn model_code(model: Value) -> String {
    match AttributionModel::from_json(&model.to_string()) {
        Err(e) => e.code().to_owned(),
        Ok(m) => Attributor::new(&m, AttributionOptions::default())
            .unwrap_err()
            .code()
            .to_owned(),
    }
}

#[test]
fn empty_journey() {
    assert_eq!(
        code_of(&journey(json!([]), json!("10.00"), "USD")),
        "attribution.empty_journey"
    );
}

#[test]
fn journey_of_100_000_touches_is_rejected_quickly() {
    let touches: Vec<Value> = (0..100_000)
        .map(|i| json!({"id": format!("T-{i}"), "at": "2026-09-01T00:00:00Z"}))
        .collect();
    let e = linear()
        .attribute_json(&journey(Value::Array(touches), json!("1.00"), "USD"))
        .unwrap_err();
    assert_eq!(e.code(), "attribution.too_many_touches");
    assert!(e.to_string().contains(&MAX_TOUCHES.to_string()), "{e}");
    // A limit above the documented maximum is itself refused.
    let opts = AttributionOptions {
        max_touches: MAX_TOUCHES + 1,
        ..AttributionOptions::default()
    };
    let e = Attributor::new(&AttributionModel::Linear {}, opts).unwrap_err();
    assert_eq!(e.code(), "attribution.too_many_touches");
}

#[test]
fn missing_or_unparseable_timestamps() {
    for at in [
        json!("yesterday"),
        json!("2026-13-01T00:00:00Z"),
        json!(12345),
        json!(null),
    ] {
        let touches = json!([{"id": "T-1", "at": at, "channel": "email"}]);
        assert_eq!(
            code_of(&journey(touches, json!("1.00"), "USD")),
            "input.invalid_timestamp",
            "{at}"
        );
    }
    let missing = json!([{"id": "T-1", "channel": "email"}]);
    assert!(code_of(&journey(missing, json!("1.00"), "USD")).starts_with("input."));
}

#[test]
fn negative_and_non_decimal_amounts() {
    assert_eq!(
        code_of(&journey(one_touch(), json!("-5.00"), "USD")),
        "attribution.negative_amount"
    );
    for bad in [json!("ten"), json!(10.5), json!("1e")] {
        assert_eq!(
            code_of(&journey(one_touch(), bad.clone(), "USD")),
            "input.invalid_money",
            "{bad}"
        );
    }
    assert_eq!(
        code_of(&journey(one_touch(), json!("1.005"), "USD")),
        "attribution.amount_too_precise"
    );
    assert_eq!(
        code_of(&journey(one_touch(), json!("1.5"), "JPY")),
        "attribution.amount_too_precise"
    );
}

#[test]
fn unknown_currency() {
    assert_eq!(
        code_of(&journey(one_touch(), json!("1.00"), "XYZ")),
        "money.unknown_currency"
    );
    assert_eq!(
        code_of(&journey(one_touch(), json!("1.00"), "usd ")),
        "money.unknown_currency"
    );
}

#[test]
fn weights_not_summing_to_one() {
    assert_eq!(
        model_code(json!({"type": "custom", "first": "0.5", "last": "0.4"})),
        "attribution.weights_not_one"
    );
    assert_eq!(
        model_code(
            json!({"type": "partner_influence", "first": "0.4", "last": "0.4", "partner": "0.3"})
        ),
        "attribution.weights_not_one"
    );
    assert_eq!(
        model_code(json!({"type": "position_based", "first": "0.6", "last": "0.6"})),
        "attribution.negative_weight"
    );
    assert_eq!(
        model_code(json!({"type": "custom", "first": 0.5, "last": "0.5"})),
        "input.invalid_money"
    );
}

#[test]
fn half_life_zero_negative_or_absurd() {
    for h in [json!(0), json!(-1), json!(0.0), json!(1e308)] {
        assert_eq!(
            model_code(json!({"type": "time_decay", "half_life_days": h})),
            "attribution.invalid_half_life",
            "{h}"
        );
    }
}

#[test]
fn markov_order_outside_1_to_4() {
    let t = PathTable::from_json(r#"[{"path": "a", "total_conversions": 1}]"#).unwrap();
    for order in [0, 5, u32::MAX] {
        let e = markov_model(&t, order).unwrap_err();
        assert_eq!(e.code(), "attribution.invalid_order");
    }
    for order in 1..=4 {
        assert!(markov_model(&t, order).is_ok());
    }
}

#[test]
fn bad_path_tables() {
    let code = |json: &str| PathTable::from_json(json).unwrap_err().code().to_owned();
    assert_eq!(
        code(r#"[{"path": "", "total_conversions": 1}]"#),
        "attribution.empty_path"
    );
    assert_eq!(
        code(r#"[{"path": "a >  > b", "total_conversions": 1}]"#),
        "attribution.empty_path"
    );
    assert_eq!(
        code(r#"[{"path": [], "total_null": 1}]"#),
        "attribution.empty_path"
    );
    assert_eq!(
        code(r#"[{"path": "a", "total_conversions": 1, "total_conversion_value": "-1"}]"#),
        "attribution.negative_amount"
    );
    assert_eq!(
        code(r#"[{"path": "a", "total_conversion_value": "5"}]"#),
        "attribution.value_without_conversions"
    );
    assert_eq!(
        code(r#"[{"path": "a", "total_conversions": -1}]"#),
        "input.invalid"
    );
    assert_eq!(
        code(r#"[{"path": "a", "conversions": 1}]"#),
        "input.unknown_key"
    );
    assert_eq!(
        code(r#"[{"path": "a", "total_conversion_value": 1.5}]"#),
        "input.invalid_money"
    );
    let mut b = PathTableBuilder::new(0);
    let e = b.add(&["a"], 1, Decimal::new(5, 1), 0).unwrap_err();
    assert_eq!(e.code(), "attribution.amount_too_precise");
    let none: [&str; 0] = [];
    assert_eq!(
        b.add(&none, 1, Decimal::ONE, 0).unwrap_err().code(),
        "attribution.empty_path"
    );
}

#[test]
fn counts_that_would_overflow_are_errors() {
    let rows = format!(
        r#"[{{"path": "a", "total_conversions": {m}}}, {{"path": "a", "total_conversions": {m}}}]"#,
        m = u64::MAX
    );
    assert_eq!(
        PathTable::from_json(&rows).unwrap_err().code(),
        "attribution.overflow"
    );
}

#[test]
fn path_tables_share_the_journey_length_limit() {
    let long: Vec<&str> = vec!["a"; MAX_TOUCHES + 1];
    let mut b = PathTableBuilder::new(2);
    let e = b.add(&long, 1, Decimal::ONE, 0).unwrap_err();
    assert_eq!(e.code(), "attribution.too_many_touches");
    let text = long.join(" > ");
    let e = PathTable::from_json(&json!([{"path": text, "total_conversions": 1}]).to_string())
        .unwrap_err();
    assert_eq!(e.code(), "attribution.too_many_touches");
    let ok: Vec<&str> = vec!["a"; MAX_TOUCHES];
    assert!(b.add(&ok, 1, Decimal::ONE, 0).is_ok());
}

#[test]
fn unknown_channel_ids() {
    let mut b = PathTableBuilder::new(0);
    let a = b.channel_id("a").unwrap();
    assert_eq!(b.channel_id("a").unwrap(), a);
    let e = b.add_ids(&[a, 1], 1, Decimal::ONE, 0).unwrap_err();
    assert_eq!(e.code(), "attribution.unknown_channel_id");
    assert_eq!(
        b.add_ids(&[], 1, Decimal::ONE, 0).unwrap_err().code(),
        "attribution.empty_path"
    );
}

//! `eql attribute` on the sample's converted journeys, and its bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashMap;

use common::*;
use eql_core::Decimal;
use serde_json::Value;

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("a decimal string: {v}"))
        .parse()
        .unwrap()
}

#[test]
fn every_journeys_credits_add_up_to_its_amount() {
    let touches = sample("csv/converted_touchpoints.csv");
    let conversions = sample("csv/conversions.csv");
    let o = eql([
        "attribute",
        touches.to_str().unwrap(),
        conversions.to_str().unwrap(),
        "--key",
        "lead_id",
        "--output-format",
        "json",
        "--quiet",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rows: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 129, "one row per touch");
    let mut credited: HashMap<String, Decimal> = HashMap::new();
    for r in rows.iter().filter(|r| r["kept"] == true) {
        *credited
            .entry(r["journey_id"].as_str().unwrap().into())
            .or_default() += dec(&r["credit"]);
    }
    let text = std::fs::read_to_string(&conversions).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(
            credited[cols[0]],
            cols[2].parse::<Decimal>().unwrap(),
            "journey {}",
            cols[0]
        );
        n += 1;
    }
    assert_eq!(n, 55);
    // L-0002: organic first, partner in the middle, last → 40 / 20 / 40.
    let l2: Vec<Decimal> = rows
        .iter()
        .filter(|r| r["journey_id"] == "L-0002")
        .map(|r| dec(&r["share"]))
        .collect();
    assert_eq!(
        l2,
        ["0.4", "0.2", "0.4"].map(|s| s.parse::<Decimal>().unwrap())
    );
}

#[test]
fn bad_journeys() {
    let dir = scratch("attribute_bad");
    let touches = dir.join("touches.csv");
    std::fs::write(
        &touches,
        "journey_id,id,at,channel\nJ1,T1,2026-10-01T00:00:00Z,organic_search\nJ2,T2,2026-10-01T00:00:00Z,direct\n",
    )
    .unwrap();
    let conversions = dir.join("conversions.csv");
    std::fs::write(
        &conversions,
        "journey_id,at,amount,currency\nJ1,2026-10-05T00:00:00Z,100.00,USD\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "attribute",
            touches.to_str().unwrap(),
            conversions.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        eql(&args)
    };
    let o = run(&[]);
    assert_eq!(code(&o), 1, "J2 has no conversion: {}", stderr(&o));
    assert!(
        stderr(&o).contains("touches.csv line 3: [input.missing_conversion]"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--strict"]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    let o = run(&["--model", "fourty_fourty"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--model fourty_fourty"),
        "{}",
        stderr(&o)
    );

    std::fs::write(&conversions, "journey_id,at,amount,currency\nJ1,2026-10-05T00:00:00Z,100.00,USD\nJ2,2026-10-05T00:00:00Z,5,USD\nJ9,2026-10-05T00:00:00Z,1.00,USD\n").unwrap();
    // A conversion no touch joins keeps a row of its own, with its error.
    let o = run(&[]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("conversions.csv journey `J9`: [attribution.empty_journey]"),
        "{err}"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 4, "{out}");
}

//! Attribution and path tables through Arrow give the core's answers: every
//! `attribution` golden vector as a pair of tables, path tables in text,
//! list and dictionary form, and the join's errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int32Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int64Array, RecordBatch,
    StringArray,
};
use arrow_schema::{Field, Schema};
use eql_arrow::{ReadOptions, attribute_tables, heuristics_batch, markov_batch, path_table};
use eql_core::ErrorCode;
use eql_core::attribution::{
    AttributionModel, AttributionOptions, Attributor, Journey, PathTable, heuristic_models,
    markov_model,
};
use serde_json::{Value, json};

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap()
}

/// Flat JSON records as a table: text columns, booleans where the values are.
fn records(rows: &[Value], key: &str, key_value: &str) -> RecordBatch {
    let mut names: Vec<String> = Vec::new();
    for r in rows {
        for k in r.as_object().unwrap().keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let mut cols: Vec<(&str, ArrayRef)> = vec![(
        key,
        Arc::new(StringArray::from(vec![key_value; rows.len()])),
    )];
    for n in &names {
        let vals: Vec<Option<&Value>> = rows.iter().map(|r| r.get(n)).collect();
        let array: ArrayRef = if vals.iter().flatten().any(|v| v.is_boolean()) {
            Arc::new(BooleanArray::from(
                vals.iter()
                    .map(|v| v.and_then(Value::as_bool))
                    .collect::<Vec<_>>(),
            ))
        } else {
            Arc::new(StringArray::from(
                vals.iter()
                    .map(|v| v.and_then(Value::as_str))
                    .collect::<Vec<_>>(),
            ))
        };
        cols.push((n.as_str(), array));
    }
    batch(cols)
}

fn decimal(a: &dyn Array, row: usize) -> Option<String> {
    if a.is_null(row) {
        return None;
    }
    Some(a.as_primitive::<Decimal128Type>().value_as_string(row))
}

#[test]
fn attribution_vectors_through_tables() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/attribution");
    let mut cases = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let model = case
                .get("model")
                .or(file.get("model"))
                .cloned()
                .unwrap_or(json!({"type": "partner_influence"}));
            let lookback = case
                .get("lookback_days")
                .or(file.get("lookback_days"))
                .cloned()
                .unwrap_or(Value::Null);
            let Ok(model) = AttributionModel::from_json(&model.to_string()) else {
                continue;
            };
            let opts: AttributionOptions =
                serde_json::from_value(json!({"lookback_days": lookback})).unwrap();
            let Ok(attributor) = Attributor::new(&model, opts) else {
                continue;
            };
            let Ok(journey) = serde_json::from_value::<Journey>(json!({
                "touchpoints": case["touchpoints"], "conversion": case["conversion"]}))
            else {
                continue;
            };
            let want = attributor.attribute(&journey);
            let touches = records(case["touchpoints"].as_array().unwrap(), "journey_id", "J");
            let conv = records(std::slice::from_ref(&case["conversion"]), "journey_id", "J");
            let got = attribute_tables(
                &attributor,
                (&touches.schema(), std::slice::from_ref(&touches)),
                (&conv.schema(), std::slice::from_ref(&conv)),
                "journey_id",
                ReadOptions::default(),
            )
            .unwrap();
            assert_eq!(got.num_rows(), journey.touchpoints.len());
            let code = got.column_by_name("error_code").unwrap().as_string::<i32>();
            match want {
                Err(e) => (0..got.num_rows())
                    .for_each(|r| assert_eq!(code.value(r), e.code(), "{}", case["name"])),
                Ok(a) => {
                    let share = got.column_by_name("share").unwrap();
                    let credit = got.column_by_name("credit").unwrap();
                    for ((pos, s), c) in a.positions.iter().zip(&a.shares).zip(&a.credits) {
                        assert_eq!(
                            decimal(share.as_ref(), *pos).unwrap(),
                            s.to_string(),
                            "{}",
                            case["name"]
                        );
                        let mut c = *c;
                        c.rescale(4);
                        assert_eq!(
                            decimal(credit.as_ref(), *pos).unwrap(),
                            c.to_string(),
                            "{}",
                            case["name"]
                        );
                    }
                    let kept = got.column_by_name("kept").unwrap().as_boolean();
                    assert_eq!(
                        (0..kept.len()).filter(|&r| kept.value(r)).count(),
                        a.positions.len()
                    );
                }
            }
            cases += 1;
        }
    }
    assert!(cases >= 10, "ran {cases}");
}

#[test]
fn the_join_and_its_errors() {
    let a = Attributor::new(
        &AttributionModel::partner_influence(),
        AttributionOptions::default(),
    )
    .unwrap();
    let touches = batch(vec![
        (
            "journey_id",
            Arc::new(Int64Array::from(vec![Some(1), Some(2), None, Some(1)])) as ArrayRef,
        ),
        ("id", Arc::new(StringArray::from(vec!["a", "b", "c", "d"]))),
        (
            "at",
            Arc::new(StringArray::from(vec![
                "2026-10-01T00:00:00Z",
                "2026-10-01T00:00:00Z",
                "2026-10-01T00:00:00Z",
                "2026-10-02T00:00:00Z",
            ])),
        ),
        (
            "partner_id",
            Arc::new(StringArray::from(vec![Some("P-1"), None, None, None])),
        ),
    ]);
    let conv = batch(vec![
        (
            "journey_id",
            Arc::new(Int64Array::from(vec![1])) as ArrayRef,
        ),
        (
            "at",
            Arc::new(StringArray::from(vec!["2026-10-05T00:00:00Z"])),
        ),
        ("amount", Arc::new(StringArray::from(vec!["100.00"]))),
        ("currency", Arc::new(StringArray::from(vec!["USD"]))),
    ]);
    let run = |t: &RecordBatch, c: &RecordBatch| {
        attribute_tables(
            &a,
            (&t.schema(), std::slice::from_ref(t)),
            (&c.schema(), std::slice::from_ref(c)),
            "journey_id",
            ReadOptions::default(),
        )
    };
    let out = run(&touches, &conv).unwrap();
    let codes: Vec<Option<&str>> = out
        .column_by_name("error_code")
        .unwrap()
        .as_string::<i32>()
        .iter()
        .collect();
    assert_eq!(
        codes,
        [
            None,
            Some("input.missing_conversion"),
            Some("input.missing_journey"),
            None
        ]
    );
    // The journey key comes back as given (integers stay integers).
    assert_eq!(out.column(0).data_type(), touches.column(0).data_type());
    let credit = out.column_by_name("credit").unwrap();
    assert_eq!(decimal(credit.as_ref(), 0).unwrap(), "60.0000");
    assert_eq!(decimal(credit.as_ref(), 3).unwrap(), "40.0000");

    let two = arrow_select::concat::concat_batches(&conv.schema(), &[conv.clone(), conv.clone()])
        .unwrap();
    let out = run(&touches, &two).unwrap();
    let code = out.column_by_name("error_code").unwrap().as_string::<i32>();
    assert_eq!(code.value(0), "input.duplicate_conversion");

    let orphan = batch(vec![
        (
            "journey_id",
            Arc::new(Int64Array::from(vec![9])) as ArrayRef,
        ),
        (
            "at",
            Arc::new(StringArray::from(vec!["2026-10-05T00:00:00Z"])),
        ),
        ("amount", Arc::new(StringArray::from(vec!["1.00"]))),
        ("currency", Arc::new(StringArray::from(vec!["USD"]))),
    ]);
    // A conversion no touch joins gets a row of its own after the touches.
    let out = run(&touches, &orphan).unwrap();
    assert_eq!(out.num_rows(), 5);
    let code = out.column_by_name("error_code").unwrap().as_string::<i32>();
    assert_eq!(code.value(4), "attribution.empty_journey");
    let key = out
        .column(0)
        .as_primitive::<arrow_array::types::Int64Type>();
    assert_eq!(key.value(4), 9);
    assert!(out.column(1).is_null(4));
    let float = batch(vec![
        (
            "journey_id",
            Arc::new(Int64Array::from(vec![1])) as ArrayRef,
        ),
        (
            "at",
            Arc::new(StringArray::from(vec!["2026-10-05T00:00:00Z"])),
        ),
        ("amount", Arc::new(Float64Array::from(vec![1.5]))),
        ("currency", Arc::new(StringArray::from(vec!["USD"]))),
    ]);
    let e = run(&touches, &float).unwrap_err();
    assert_eq!(e.code(), "input.column_type");
    assert!(e.to_string().contains("amount"));
}

const ROWS: &str = r#"[
  {"path": "email > partner > direct", "total_conversions": 2, "total_conversion_value": "300.50", "total_null": 1},
  {"path": "partner", "total_conversions": 1, "total_conversion_value": "99.99", "total_null": 4},
  {"path": "direct > direct", "total_conversions": 0, "total_null": 7},
  {"path": "email > partner > direct", "total_conversions": 1, "total_conversion_value": "10", "total_null": 0}
]"#;

fn path_columns(path: ArrayRef) -> RecordBatch {
    batch(vec![
        ("path", path),
        (
            "total_conversions",
            Arc::new(Int64Array::from(vec![2, 1, 0, 1])) as ArrayRef,
        ),
        (
            "total_conversion_value",
            Arc::new(StringArray::from(vec![
                Some("300.50"),
                Some("99.99"),
                None,
                Some("10"),
            ])),
        ),
        (
            "total_null",
            Arc::new(Float64Array::from(vec![1.0, 4.0, 7.0, 0.0])),
        ),
    ])
}

#[test]
fn path_tables_in_every_shape_equal_the_json_form() {
    let want = PathTable::from_json(ROWS).unwrap();
    let paths = [
        "email > partner > direct",
        "partner",
        "direct > direct",
        "email > partner > direct",
    ];
    let dict: DictionaryArray<Int32Type> = paths.iter().copied().collect();
    let mut lists =
        arrow_array::builder::ListBuilder::new(arrow_array::builder::StringBuilder::new());
    for p in paths {
        for c in p.split(" > ") {
            lists.values().append_value(c);
        }
        lists.append(true);
    }
    for path in [
        Arc::new(StringArray::from(paths.to_vec())) as ArrayRef,
        Arc::new(dict),
        Arc::new(lists.finish()),
    ] {
        let b = path_columns(path);
        let got = path_table(
            &b.schema(),
            std::slice::from_ref(&b),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(
            heuristic_models(&got).unwrap(),
            heuristic_models(&want).unwrap()
        );
        assert_eq!(
            markov_model(&got, 1).unwrap(),
            markov_model(&want, 1).unwrap()
        );
    }
    let h = heuristics_batch(&heuristic_models(&want).unwrap()).unwrap();
    assert_eq!(h.num_rows(), 3);
    assert_eq!(h.schema().metadata()["total_conversion_value"], "410.49");
    let m = markov_batch(&markov_model(&want, 1).unwrap()).unwrap();
    let total: Vec<String> = (0..3)
        .map(|r| decimal(m.column(3).as_ref(), r).unwrap())
        .collect();
    assert_eq!(total.len(), 3);
}

#[test]
fn bad_path_rows_are_errors() {
    let b = path_columns(Arc::new(StringArray::from(vec!["a", "a >  > b", "c", "d"])));
    let e = path_table(
        &b.schema(),
        std::slice::from_ref(&b),
        ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "attribution.empty_path");
    let b = batch(vec![(
        "pth",
        Arc::new(StringArray::from(vec!["a"])) as ArrayRef,
    )]);
    let e = path_table(
        &b.schema(),
        std::slice::from_ref(&b),
        ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.unknown_column");
}

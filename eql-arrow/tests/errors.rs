//! Bad tables: schema problems fail up front with a coded error naming the
//! column; row problems go to that row's `error_code`, and every row stays.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray,
    StructArray, TimestampMicrosecondArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use eql_arrow::{LongTable, LongTables, ReadOptions, TableScorer};
use eql_core::time::parse_instant;
use eql_core::{ErrorCode, InputError, LeadField};
use serde_json::Value;

fn model() -> eql_core::CompiledModel {
    eql_core::presets::eql_default().compile().unwrap()
}

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

fn ids(n: usize) -> ArrayRef {
    Arc::new(StringArray::from(
        (0..n).map(|i| format!("L-{i}")).collect::<Vec<_>>(),
    ))
}

fn score(b: &RecordBatch, long: &LongTables, read: ReadOptions) -> Result<Vec<Value>, InputError> {
    let model = model();
    let mut run = common::run(parse_instant("2026-11-16T12:00:00Z").unwrap());
    run.read = read;
    let scorer = TableScorer::new(&model, run);
    scorer
        .score_table(&b.schema(), std::slice::from_ref(b), long)
        .map(|r| common::rows(&r))
}

fn schema_error(b: &RecordBatch) -> InputError {
    score(b, &LongTables::default(), ReadOptions::default()).unwrap_err()
}

#[test]
fn schema_problems_fail_up_front_naming_the_column() {
    let e = schema_error(&batch(vec![(
        "email",
        Arc::new(StringArray::from(vec!["a@b.c"])),
    )]));
    assert_eq!(
        (e.code(), e.to_string().contains("`id`")),
        ("input.missing_column", true)
    );

    let e = schema_error(&batch(vec![
        ("id", ids(1)),
        (
            "company.employees",
            Arc::new(StringArray::from(vec!["420"])),
        ),
    ]));
    assert_eq!(e.code(), "input.column_type");
    assert!(e.to_string().contains("company.employees"), "{e}");

    let naive: ArrayRef = Arc::new(TimestampMicrosecondArray::from(vec![0]));
    let e = schema_error(&batch(vec![("id", ids(1)), ("created_at", naive)]));
    assert_eq!(e.code(), "input.naive_datetime");
    assert!(e.to_string().contains("created_at"));

    let e = schema_error(&batch(vec![
        ("id", ids(1)),
        ("compnay.name", Arc::new(StringArray::from(vec!["x"]))),
    ]));
    assert_eq!(e.code(), "input.unknown_column");
    assert!(e.to_string().contains("compnay.name"));

    let company: ArrayRef = Arc::new(StructArray::from(vec![(
        Arc::new(Field::new("name", DataType::Utf8, true)),
        Arc::new(StringArray::from(vec!["Acme"])) as ArrayRef,
    )]));
    let e = schema_error(&batch(vec![
        ("id", ids(1)),
        ("company", company),
        ("company.name", Arc::new(StringArray::from(vec!["Acme"]))),
    ]));
    assert_eq!(e.code(), "input.duplicate_column");

    let money: ArrayRef = Arc::new(Float64Array::from(vec![12.5]));
    let b = batch(vec![("id", ids(1)), ("company.annual_revenue", money)]);
    assert_eq!(schema_error(&b).code(), "input.column_type");
    let ok = score(
        &b,
        &LongTables::default(),
        ReadOptions {
            allow_float: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ok[0]["error"], Value::Null);
}

/// An events column with one row: `types`, `ats` (text timestamps).
fn events(types: Vec<Option<&str>>, ats: Vec<Option<&str>>, valid: Option<Vec<bool>>) -> ArrayRef {
    let n = types.len();
    let fields = Fields::from(vec![
        Field::new("type", DataType::Utf8, true),
        Field::new("at", DataType::Utf8, true),
    ]);
    let values = StructArray::try_new(
        fields.clone(),
        vec![
            Arc::new(StringArray::from(types)),
            Arc::new(StringArray::from(ats)),
        ],
        valid.map(NullBuffer::from),
    )
    .unwrap();
    Arc::new(
        ListArray::try_new(
            Arc::new(Field::new("item", DataType::Struct(fields), true)),
            OffsetBuffer::from_lengths([n]),
            Arc::new(values),
            None,
        )
        .unwrap(),
    )
}

#[test]
fn row_problems_go_to_their_row() {
    let stack = {
        let mut b = ListBuilder::new(StringBuilder::new());
        b.values().append_value("salesforce");
        b.append(true);
        b.values().append_value("hubspot");
        b.values().append_null();
        b.append(true);
        b.append(true);
        Arc::new(b.finish()) as ArrayRef
    };
    let employees: ArrayRef = Arc::new(Float64Array::from(vec![Some(420.0), Some(1.5), None]));
    let id: ArrayRef = Arc::new(StringArray::from(vec![Some("L-0"), Some("L-1"), None]));
    let rows = score(
        &batch(vec![
            ("id", id),
            ("company.employees", employees),
            ("company.tech_stack", stack),
        ]),
        &LongTables::default(),
        ReadOptions::default(),
    )
    .unwrap();
    let errors: Vec<&Value> = rows.iter().map(|r| &r["error"]).collect();
    assert_eq!(
        errors,
        [
            &Value::Null,
            &Value::from("input.invalid"),
            &Value::from("input.invalid")
        ]
    );
    assert_eq!(rows[0]["fit"], 25.0, "{}", rows[0]);

    for (ev, code) in [
        (
            events(vec![Some("demo_request")], vec![Some("yesterday")], None),
            "input.invalid_timestamp",
        ),
        (
            events(vec![Some("demo_request")], vec![None], None),
            "input.invalid_timestamp",
        ),
        (
            events(vec![None], vec![Some("2026-11-01T00:00:00Z")], None),
            "input.invalid",
        ),
        (
            events(
                vec![Some("x")],
                vec![Some("2026-11-01T00:00:00Z")],
                Some(vec![false]),
            ),
            "input.invalid",
        ),
    ] {
        let rows = score(
            &batch(vec![("id", ids(1)), ("events", ev)]),
            &LongTables::default(),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(rows[0]["error"], code, "{}", rows[0]);
    }
}

#[test]
fn the_row_reader_names_the_same_paths() {
    // A null list element: the JSON reader says `company.tech_stack[1]`.
    let json = serde_json::json!({"id": "L", "company": {"tech_stack": ["a", null]}});
    let e = eql_core::Lead::from_value(json).unwrap_err();
    assert_eq!(e.code(), "input.invalid");
    assert!(e.to_string().contains("company.tech_stack[1]"), "{e}");
}

#[test]
fn long_tables_must_join() {
    let leads = batch(vec![("id", ids(2))]);
    let ev = batch(vec![
        (
            "lead_id",
            Arc::new(StringArray::from(vec!["L-0", "L-9"])) as ArrayRef,
        ),
        (
            "type",
            Arc::new(StringArray::from(vec!["demo_request", "demo_request"])),
        ),
        (
            "at",
            Arc::new(StringArray::from(vec![
                "2026-11-10T00:00:00Z",
                "2026-11-10T00:00:00Z",
            ])),
        ),
        (
            "active",
            Arc::new(BooleanArray::from(vec![None, Some(true)])),
        ),
    ]);
    let table = LongTable::new(
        LeadField::Events,
        ev.schema(),
        &[ev],
        "lead_id",
        ReadOptions::default(),
    )
    .unwrap();
    let long = LongTables {
        events: Some(Arc::new(table)),
        touchpoints: None,
    };
    let e = score(&leads, &long, ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), "input.orphan_row");
    assert!(
        e.to_string().contains("L-9") && e.to_string().contains("row 1"),
        "{e}"
    );

    let bad = batch(vec![(
        "lead",
        Arc::new(StringArray::from(vec!["L-0"])) as ArrayRef,
    )]);
    let e = LongTable::new(
        LeadField::Events,
        bad.schema(),
        &[bad],
        "lead_id",
        ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.missing_column");
    let numeric = batch(vec![
        ("lead_id", Arc::new(Int64Array::from(vec![1])) as ArrayRef),
        ("type", Arc::new(StringArray::from(vec!["x"]))),
        (
            "at",
            Arc::new(StringArray::from(vec!["2026-11-10T00:00:00Z"])),
        ),
    ]);
    let e = LongTable::new(
        LeadField::Events,
        numeric.schema(),
        &[numeric],
        "lead_id",
        ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.column_type");
}

#[test]
fn too_many_events_is_the_rows_error() {
    let n = eql_core::lead::MAX_EVENTS + 1;
    let ev = events(
        vec![Some("page_view"); n],
        vec![Some("2026-11-01T00:00:00Z"); n],
        None,
    );
    let rows = score(
        &batch(vec![("id", ids(1)), ("events", ev)]),
        &LongTables::default(),
        ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(rows[0]["error"], "input.too_large");
}

/// CSV cells are text: with `text_counts` a count column may be text, each
/// value parsed on its own (a bad one is its row's error); without, a text
/// column is the wrong type for a count.
#[test]
fn text_counts_are_parsed_per_row_only_when_asked() {
    let text: ArrayRef = Arc::new(StringArray::from(vec![
        Some("250"),
        Some(" 40 "),
        None,
        Some("many"),
        Some("-3"),
        Some("2.5"),
    ]));
    let b = batch(vec![("id", ids(6)), ("company.employees", text)]);
    assert_eq!(schema_error(&b).code(), "input.column_type");
    let read = ReadOptions {
        text_counts: true,
        ..Default::default()
    };
    let rows = score(&b, &LongTables::default(), read).unwrap();
    let ints: ArrayRef = Arc::new(Int64Array::from(vec![
        Some(250),
        Some(40),
        None,
        None,
        None,
        None,
    ]));
    let typed = score(
        &batch(vec![("id", ids(6)), ("company.employees", ints)]),
        &LongTables::default(),
        ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(rows[..3], typed[..3]);
    for (i, row) in rows.iter().enumerate().skip(3) {
        assert_eq!(row["error"], "input.invalid", "row {i}: {row}");
        assert_eq!(row["stage"], Value::Null);
    }
}

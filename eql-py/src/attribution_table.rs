//! A table of touchpoints and a table of conversions in, one result row per
//! touchpoint out (same order): the touch's share and credit, or why it was
//! excluded, or the error of its journey.
//!
//! Touchpoints are grouped into journeys by a key column (default
//! `journey_id`); each journey needs exactly one conversion row with the same
//! key. Rows are read by the core's `Touch` and `Conversion` serde impls and
//! attributed by the core's `Attributor`; a journey with an unreadable touch,
//! no conversion, or an attribution error gives that error on all its rows.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Decimal128Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use eql_core::attribution::{Conversion, Touch};
use eql_core::{Attributor, ErrorCode, InputError, Journey};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::arrow_de::{Cell, Options};
use crate::errors::{raise, to_py};
use crate::table::{check_columns, rows};

/// Scale of the `share` column (the core's 10 places) and of `credit`
/// (the largest ISO 4217 minor unit is 4).
const SHARE_SCALE: u32 = 10;
const CREDIT_SCALE: u32 = 4;
const SHARE_SCALE_I8: i8 = 10;
const CREDIT_SCALE_I8: i8 = 4;

/// A row's error: code and message.
type RowError = (String, String);

/// Each row's journey key and parsed record (or its error).
type Rows<T> = Vec<(Option<String>, Result<T, RowError>)>;

fn coded<E: ErrorCode + std::fmt::Display>(e: &E) -> RowError {
    (e.code().to_owned(), e.to_string())
}

/// The journey key of a row, as text (strings as is, numbers as written).
fn key(columns: &StructArray, column: &str, row: usize, read: Options) -> Option<String> {
    let array = columns.column_by_name(column)?;
    let cell = Cell {
        array: array.as_ref(),
        row,
        key: column,
        opts: read,
    };
    match serde_json::Value::deserialize(cell).ok()? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// Every row of a stream: its journey key and the parsed record (the key
/// column itself is not part of the record).
fn read_all<T: for<'de> Deserialize<'de>>(
    reader: Box<dyn RecordBatchReader + Send>,
    journey: &str,
    read: Options,
) -> Result<Rows<T>, String> {
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| format!("cannot read the table: {e}"))?;
        let schema = batch.schema();
        let keep: Vec<usize> = (0..schema.fields().len())
            .filter(|&i| schema.fields().get(i).is_some_and(|f| f.name() != journey))
            .collect();
        let all = rows(&batch)?;
        let fields = rows(&batch.project(&keep).map_err(|e| e.to_string())?)?;
        for row in 0..batch.num_rows() {
            let k = key(&all, journey, row, read);
            let cell = crate::arrow_de::row(&fields, row, read);
            let parsed = eql_core::error::deserialize_input::<T, _>(cell).map_err(|e| coded(&e));
            out.push((k, parsed));
        }
    }
    Ok(out)
}

fn out_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("journey_id", DataType::Utf8, true),
        Field::new("touch_id", DataType::Utf8, true),
        Field::new("kept", DataType::Boolean, true),
        Field::new("excluded", DataType::Utf8, true),
        Field::new("share", DataType::Decimal128(38, SHARE_SCALE_I8), true),
        Field::new("credit", DataType::Decimal128(38, CREDIT_SCALE_I8), true),
        Field::new("currency", DataType::Utf8, true),
        Field::new("error_code", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]))
}

/// What one touch row gets.
#[derive(Clone, Default)]
struct Slot {
    touch_id: Option<String>,
    kept: Option<bool>,
    excluded: Option<String>,
    share: Option<i128>,
    credit: Option<i128>,
    currency: Option<String>,
    error: Option<RowError>,
}

fn mantissa(d: Decimal, scale: u32) -> Option<i128> {
    let mut d = d;
    d.rescale(scale);
    (d.scale() == scale).then(|| d.mantissa())
}

/// Attribute every journey; `slots` has one entry per touch row.
fn attribute_all(
    attributor: &Attributor,
    touches: Rows<Touch>,
    conversions: Rows<Conversion>,
) -> (Vec<Option<String>>, Vec<Slot>) {
    let mut conv: HashMap<String, Result<Conversion, RowError>> = HashMap::new();
    for (k, c) in conversions.into_iter() {
        let Some(k) = k else { continue };
        match conv.entry(k) {
            Entry::Occupied(mut e) => {
                let dup = (
                    String::from("input.duplicate_conversion"),
                    format!("journey `{}` has more than one conversion row", e.key()),
                );
                // The replaced value (the first conversion) is dropped on purpose.
                let _first = e.insert(Err(dup));
            }
            Entry::Vacant(e) => {
                e.insert(c);
            }
        }
    }
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut keys = Vec::with_capacity(touches.len());
    let mut slots = vec![Slot::default(); touches.len()];
    let mut parsed: Vec<Option<Touch>> = Vec::with_capacity(touches.len());
    for (i, (k, t)) in touches.into_iter().enumerate() {
        if let Some(slot) = slots.get_mut(i) {
            match (&k, &t) {
                (None, _) => {
                    slot.error = Some((
                        String::from("input.missing_journey"),
                        String::from("the touch has no journey id"),
                    ));
                }
                (_, Err(e)) => slot.error = Some(e.clone()),
                (Some(_), Ok(touch)) => slot.touch_id = Some(touch.id.clone()),
            }
        }
        if let Some(k) = &k {
            groups
                .entry(k.clone())
                .or_insert_with(|| {
                    order.push(k.clone());
                    Vec::new()
                })
                .push(i);
        }
        keys.push(k);
        parsed.push(t.ok());
    }
    for k in order {
        let Some(members) = groups.get(&k) else {
            continue;
        };
        let journey_error = members
            .iter()
            .find_map(|&i| slots.get(i).and_then(|s| s.error.clone()))
            .map(|(code, msg)| {
                (
                    code,
                    format!("a touch of journey `{k}` cannot be read: {msg}"),
                )
            });
        let result = match (journey_error, conv.get(&k)) {
            (Some(e), _) => Err(e),
            (None, None) => Err((
                String::from("input.missing_conversion"),
                format!("journey `{k}` has no conversion row"),
            )),
            (None, Some(Err(e))) => Err(e.clone()),
            (None, Some(Ok(c))) => {
                let journey = Journey {
                    touchpoints: members
                        .iter()
                        .filter_map(|&i| parsed.get(i).cloned().flatten())
                        .collect(),
                    conversion: c.clone(),
                };
                attributor.attribute(&journey).map_err(|e| coded(&e))
            }
        };
        match result {
            Err(e) => {
                for &i in members {
                    if let Some(slot) = slots.get_mut(i) {
                        slot.kept = None;
                        slot.error.get_or_insert_with(|| e.clone());
                    }
                }
            }
            Ok(a) => {
                for &i in members {
                    if let Some(slot) = slots.get_mut(i) {
                        slot.kept = Some(false);
                        slot.currency = Some(a.currency.clone());
                    }
                }
                for ((&pos, share), credit) in a.positions.iter().zip(&a.shares).zip(&a.credits) {
                    if let Some(slot) = members.get(pos).and_then(|&i| slots.get_mut(i)) {
                        slot.kept = Some(true);
                        slot.share = mantissa(*share, SHARE_SCALE);
                        slot.credit = mantissa(*credit, CREDIT_SCALE);
                    }
                }
                for ex in &a.excluded {
                    if let Some(slot) = members.get(ex.index).and_then(|&i| slots.get_mut(i)) {
                        let why = serde_json::to_value(ex.why).ok();
                        slot.excluded = why.and_then(|v| v.as_str().map(str::to_owned));
                    }
                }
            }
        }
    }
    (keys, slots)
}

fn build(keys: Vec<Option<String>>, slots: Vec<Slot>) -> Result<RecordBatch, String> {
    let n = slots.len();
    let mut journey = StringBuilder::new();
    let mut touch = StringBuilder::new();
    let mut kept = BooleanBuilder::with_capacity(n);
    let mut excluded = StringBuilder::new();
    let mut share = Decimal128Builder::with_capacity(n);
    let mut credit = Decimal128Builder::with_capacity(n);
    let mut currency = StringBuilder::new();
    let mut code = StringBuilder::new();
    let mut error = StringBuilder::new();
    for (k, s) in keys.iter().zip(slots) {
        journey.append_option(k.as_deref());
        touch.append_option(s.touch_id.as_deref());
        kept.append_option(s.kept);
        excluded.append_option(s.excluded.as_deref());
        share.append_option(s.share);
        credit.append_option(s.credit);
        currency.append_option(s.currency.as_deref());
        code.append_option(s.error.as_ref().map(|e| e.0.as_str()));
        error.append_option(s.error.as_ref().map(|e| e.1.as_str()));
    }
    let share = share
        .finish()
        .with_precision_and_scale(38, SHARE_SCALE_I8)
        .map_err(|e| e.to_string())?;
    let credit = credit
        .finish()
        .with_precision_and_scale(38, CREDIT_SCALE_I8)
        .map_err(|e| e.to_string())?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(journey.finish()),
        Arc::new(touch.finish()),
        Arc::new(kept.finish()),
        Arc::new(excluded.finish()),
        Arc::new(share),
        Arc::new(credit),
        Arc::new(currency.finish()),
        Arc::new(code.finish()),
        Arc::new(error.finish()),
    ];
    RecordBatch::try_new(out_schema(), columns).map_err(|e| e.to_string())
}

/// Attribute a table of touchpoints against a table of conversions.
pub fn attribute_table(
    py: Python<'_>,
    attributor: &Attributor,
    touchpoints: AnyRecordBatch,
    conversions: AnyRecordBatch,
    journey: &str,
    read: Options,
) -> PyResult<PyTable> {
    let touches = touchpoints.into_reader()?;
    let convs = conversions.into_reader()?;
    for (what, schema) in [
        ("touchpoints", touches.schema()),
        ("conversions", convs.schema()),
    ] {
        if schema.field_with_name(journey).is_err() {
            return Err(raise(
                "input.missing_column",
                &format!("the {what} table has no `{journey}` column"),
                &serde_json::json!({ "table": what, "missing": [journey] }).to_string(),
            ));
        }
        check_columns(schema.as_ref())?;
    }
    let batch = py
        .detach(|| {
            let t = read_all::<Touch>(touches, journey, read)?;
            let c = read_all::<Conversion>(convs, journey, read)?;
            let (keys, slots) = attribute_all(attributor, t, c);
            build(keys, slots)
        })
        .map_err(|message| {
            to_py(&InputError::Invalid {
                path: String::from("$"),
                message,
            })
        })?;
    PyTable::try_new(vec![batch], out_schema())
}

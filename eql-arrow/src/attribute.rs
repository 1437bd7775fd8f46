//! Attribution over tables: a touchpoint table and a conversion table
//! joined on a journey key (the core's `attribute_rows`), one result row
//! per touchpoint row, in order: the key and touch id as given, `kept`,
//! `excluded` (why), `share` (10 places), `credit` (currency minor units),
//! `currency`, `error_code`, `error`. Then one row per conversion that no
//! touch joins (no touch id; `attribution.empty_journey`), so no revenue
//! leaves the table unaccounted for.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Decimal128Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use eql_core::attribution::{Conversion, ConversionRow, Touch, TouchRow, attribute_rows};
use eql_core::{Attributor, ErrorCode, FieldType, InputError};
use rust_decimal::Decimal;

use crate::bind::ReadOptions;
use crate::records::{Spec, Table, spec};

const TOUCH: [Spec; 12] = [
    spec("id", FieldType::Text, true),
    spec("at", FieldType::Instant, true),
    spec("channel", FieldType::Text, false),
    spec("source", FieldType::Text, false),
    spec("medium", FieldType::Text, false),
    spec("url", FieldType::Text, false),
    spec("referrer", FieldType::Text, false),
    spec("campaign", FieldType::Text, false),
    spec("asset", FieldType::Text, false),
    spec("partner_id", FieldType::Text, false),
    spec("lead_created", FieldType::Bool, false),
    spec("opportunity_created", FieldType::Bool, false),
];

const CONVERSION: [Spec; 3] = [
    spec("at", FieldType::Instant, true),
    spec("amount", FieldType::Money, true),
    spec("currency", FieldType::Text, true),
];

/// Scale of `share` (the core's 10 places) and of `credit` (the largest
/// ISO 4217 minor unit is 4).
const SHARE_SCALE: i8 = 10;
const CREDIT_SCALE: i8 = 4;

fn touch(t: &Table, row: usize) -> Result<Touch, InputError> {
    Ok(Touch {
        id: t.required_text("id", row)?,
        at: t.instant("at", row)?,
        channel: t.text("channel", row),
        source: t.text("source", row),
        medium: t.text("medium", row),
        url: t.text("url", row),
        referrer: t.text("referrer", row),
        campaign: t.text("campaign", row),
        asset: t.text("asset", row),
        partner_id: t.text("partner_id", row),
        lead_created: t.bool("lead_created", row).unwrap_or(false),
        opportunity_created: t.bool("opportunity_created", row).unwrap_or(false),
    })
}

fn conversion(t: &Table, row: usize) -> Result<Conversion, InputError> {
    Ok(Conversion {
        at: t.instant("at", row)?,
        amount: t
            .money("amount", row)?
            .ok_or_else(|| InputError::InvalidMoney {
                path: "amount".into(),
                message: "not a decimal string: missing".into(),
            })?,
        currency: t.required_text("currency", row)?,
    })
}

fn mantissa(d: Decimal, scale: i8) -> Option<i128> {
    let mut d = d;
    let s = u32::try_from(scale).ok()?;
    d.rescale(s);
    (d.scale() == s).then(|| d.mantissa())
}

fn result_schema(key: &DataType, id: &DataType) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("journey_id", key.clone(), true),
        Field::new("touch_id", id.clone(), true),
        Field::new("kept", DataType::Boolean, true),
        Field::new("excluded", DataType::Utf8, true),
        Field::new("share", DataType::Decimal128(38, SHARE_SCALE), true),
        Field::new("credit", DataType::Decimal128(38, CREDIT_SCALE), true),
        Field::new("currency", DataType::Utf8, true),
        Field::new("error_code", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]))
}

/// Attribute the touchpoint table against the conversion table, joined on
/// column `key`. Schema problems and conversions that join no touch are
/// errors; everything else goes to the rows of its journey.
pub fn attribute_tables(
    attributor: &Attributor,
    (touch_schema, touches): (&SchemaRef, &[RecordBatch]),
    (conv_schema, conversions): (&SchemaRef, &[RecordBatch]),
    key: &str,
    opts: ReadOptions,
) -> Result<RecordBatch, InputError> {
    let t = Table::bind(
        "touchpoints",
        touch_schema,
        touches,
        &TOUCH,
        Some(key),
        None,
        opts,
    )?;
    let c = Table::bind(
        "conversions",
        conv_schema,
        conversions,
        &CONVERSION,
        Some(key),
        None,
        opts,
    )?;
    let touch_rows = (0..t.rows())
        .map(|r| TouchRow {
            journey: t.key(r),
            touch: touch(&t, r),
        })
        .collect();
    let conv_rows = (0..c.rows())
        .map(|r| ConversionRow {
            journey: c.key(r),
            conversion: conversion(&c, r),
        })
        .collect();
    let credits = attribute_rows(attributor, touch_rows, conv_rows, key)?;

    let n = credits.len();
    let mut kept = BooleanBuilder::with_capacity(n);
    let mut excluded = StringBuilder::new();
    let mut share = Decimal128Builder::with_capacity(n);
    let mut credit = Decimal128Builder::with_capacity(n);
    let mut currency = StringBuilder::new();
    let mut code = StringBuilder::new();
    let mut error = StringBuilder::new();
    for s in &credits {
        kept.append_option(s.kept);
        excluded.append_option(s.excluded.map(|w| w.as_str()));
        share.append_option(s.share.and_then(|d| mantissa(d, SHARE_SCALE)));
        credit.append_option(s.credit.and_then(|d| mantissa(d, CREDIT_SCALE)));
        currency.append_option(s.currency.as_deref());
        code.append_option(s.error.as_ref().map(ErrorCode::code));
        error.append_option(s.error.as_ref().map(ToString::to_string));
    }
    let invalid = |e: arrow_schema::ArrowError| InputError::Invalid {
        path: "$".into(),
        message: e.to_string(),
    };
    let key_array = t
        .key_array()
        .cloned()
        .ok_or_else(|| InputError::MissingColumn {
            table: "touchpoints",
            column: key.into(),
            hint: "",
        })?;
    let ids = t
        .array("id")
        .cloned()
        .ok_or_else(|| InputError::MissingColumn {
            table: "touchpoints",
            column: "id".into(),
            hint: "",
        })?;
    // Conversions no touch joins follow, with their key and no touch id.
    let extra: Vec<u64> = credits
        .iter()
        .filter_map(|c| c.conversion_row.and_then(|r| u64::try_from(r).ok()))
        .collect();
    let (key_array, ids) = if extra.is_empty() {
        (key_array, ids)
    } else {
        let conv_keys = c
            .key_array()
            .cloned()
            .ok_or_else(|| InputError::MissingColumn {
                table: "conversions",
                column: key.into(),
                hint: "",
            })?;
        let picked = arrow_select::take::take(
            conv_keys.as_ref(),
            &arrow_array::UInt64Array::from(extra.clone()),
            None,
        )
        .map_err(invalid)?;
        let picked = arrow_cast::cast(&picked, key_array.data_type()).map_err(invalid)?;
        let keys = arrow_select::concat::concat(&[key_array.as_ref(), picked.as_ref()])
            .map_err(invalid)?;
        let nulls = arrow_array::new_null_array(ids.data_type(), extra.len());
        let ids = arrow_select::concat::concat(&[ids.as_ref(), nulls.as_ref()]).map_err(invalid)?;
        (keys, ids)
    };
    let schema = result_schema(key_array.data_type(), ids.data_type());
    let columns: Vec<ArrayRef> = vec![
        key_array,
        ids,
        Arc::new(kept.finish()),
        Arc::new(excluded.finish()),
        Arc::new(
            share
                .finish()
                .with_precision_and_scale(38, SHARE_SCALE)
                .map_err(invalid)?,
        ),
        Arc::new(
            credit
                .finish()
                .with_precision_and_scale(38, CREDIT_SCALE)
                .map_err(invalid)?,
        ),
        Arc::new(currency.finish()),
        Arc::new(code.finish()),
        Arc::new(error.finish()),
    ];
    RecordBatch::try_new(schema, columns).map_err(invalid)
}

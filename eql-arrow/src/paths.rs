//! Path tables as Arrow tables: ChannelAttribution's shape in (`path` as
//! `"a > b > c"` text or a list of channel names, `total_conversions`,
//! `total_conversion_value`, `total_null`), the heuristic and exact Markov
//! results out as one row per channel, sorted by name.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, Float64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use eql_core::attribution::{
    AttributionError, HeuristicResult, MarkovResult, PathTable, PathTableBuilder,
};
use eql_core::{FieldType, InputError};
use rust_decimal::Decimal;

use crate::access::TextColumn;
use crate::bind::ReadOptions;
use crate::records::{Spec, Table, spec};

const PATH_ROW: [Spec; 3] = [
    spec("total_conversions", FieldType::Count, false),
    spec("total_conversion_value", FieldType::Money, false),
    spec("total_null", FieldType::Count, false),
];

fn input(e: InputError) -> AttributionError {
    AttributionError::Input(e)
}

/// The channels of each path row, borrowed from the `path` column.
enum Paths<'a> {
    Text(TextColumn),
    Lists(Vec<Option<Vec<&'a str>>>),
}

fn paths(array: &ArrayRef) -> Result<Paths<'_>, InputError> {
    let t = array.data_type();
    if let Some(text) = TextColumn::new(array, array.logical_nulls()) {
        return Ok(Paths::Text(text));
    }
    let bad = || InputError::ColumnType {
        table: "paths",
        column: "path".into(),
        expected: "text (`a > b > c`) or a list of text",
        found: t.to_string(),
    };
    let (items, lists) = match t {
        DataType::List(_) => (array.as_list::<i32>().values(), array.as_list::<i32>()),
        DataType::LargeList(_) => {
            let l = array.as_list::<i64>();
            let strs = strings(l.values()).ok_or_else(bad)?;
            return Ok(Paths::Lists(
                (0..l.len())
                    .map(|r| (!l.is_null(r)).then(|| slice(&strs, l.value_offsets(), r)))
                    .collect(),
            ));
        }
        _ => return Err(bad()),
    };
    let strs = strings(items).ok_or_else(bad)?;
    Ok(Paths::Lists(
        (0..lists.len())
            .map(|r| (!lists.is_null(r)).then(|| slice(&strs, lists.value_offsets(), r)))
            .collect(),
    ))
}

fn strings(a: &ArrayRef) -> Option<Vec<&str>> {
    let v: Vec<Option<&str>> = match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => a.as_string::<i64>().iter().collect(),
        DataType::Utf8View => a.as_string_view().iter().collect(),
        _ => return None,
    };
    Some(v.into_iter().map(Option::unwrap_or_default).collect())
}

fn slice<'a, O: arrow_array::OffsetSizeTrait>(
    strs: &[&'a str],
    offsets: &[O],
    r: usize,
) -> Vec<&'a str> {
    let start = offsets.get(r).map_or(0, |o| o.as_usize());
    let end = offsets
        .get(r.saturating_add(1))
        .map_or(start, |o| o.as_usize());
    strs.get(start..end).unwrap_or_default().to_vec()
}

/// A path table from Arrow batches (rows with equal paths merge).
pub fn path_table(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    opts: ReadOptions,
) -> Result<PathTable, AttributionError> {
    let t = Table::bind(
        "paths",
        schema,
        batches,
        &PATH_ROW,
        None,
        Some("path"),
        opts,
    )
    .map_err(input)?;
    let array = t.array("path").ok_or_else(|| {
        input(InputError::MissingColumn {
            table: "paths",
            column: "path".into(),
            hint: "; `a > b > c` or a list of channels",
        })
    })?;
    let paths = paths(array).map_err(input)?;
    let mut values = Vec::with_capacity(t.rows());
    let mut scale = 0;
    for r in 0..t.rows() {
        let v = t.money("total_conversion_value", r).map_err(input)?;
        scale = scale.max(v.map_or(0, |v| v.scale()));
        values.push(v.unwrap_or(Decimal::ZERO));
    }
    let mut b = PathTableBuilder::new(scale);
    let mut steps: Vec<&str> = Vec::new();
    // A dictionary-encoded path column is split once per distinct path.
    let mut split: HashMap<u32, Vec<u16>> = HashMap::new();
    for (r, value) in values.into_iter().enumerate() {
        let conv = t.count("total_conversions", r).map_err(input)?.unwrap_or(0);
        let nulls = t.count("total_null", r).map_err(input)?.unwrap_or(0);
        match &paths {
            Paths::Text(text) => {
                if let Some((keys, dict)) = text.dictionary()
                    && let code = keys.get(r)
                    && code != crate::access::NO_CODE
                    && !text.nulls.as_ref().is_some_and(|n| n.is_null(r))
                {
                    let ids = match split.entry(code) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            let s = dict.get(code as usize).unwrap_or_default();
                            if s.split('>').any(|c| c.trim().is_empty()) {
                                return Err(AttributionError::EmptyPath { row: r });
                            }
                            let ids = s
                                .split('>')
                                .map(|c| b.channel_id(c.trim()))
                                .collect::<Result<Vec<_>, _>>()?;
                            e.insert(ids)
                        }
                    };
                    b.add_ids(ids, conv, value, nulls)?;
                    continue;
                }
                steps.clear();
                steps.extend(text.get(r).unwrap_or_default().split('>').map(str::trim));
            }
            Paths::Lists(lists) => {
                steps.clear();
                steps.extend(lists.get(r).and_then(Option::as_ref).into_iter().flatten());
            }
        }
        if steps.is_empty() || steps.iter().any(|c| c.is_empty()) {
            return Err(AttributionError::EmptyPath { row: r });
        }
        b.add_at(r, &steps, conv, value, nulls)?;
    }
    Ok(b.finish())
}

fn decimals(values: &[Decimal]) -> Result<ArrayRef, String> {
    let scale = values.iter().map(Decimal::scale).max().unwrap_or(0);
    let mut b = Decimal128Builder::with_capacity(values.len());
    for v in values {
        let mut v = *v;
        v.rescale(scale);
        b.append_value(v.mantissa());
    }
    let s = i8::try_from(scale).map_err(|e| e.to_string())?;
    Ok(Arc::new(
        b.finish()
            .with_precision_and_scale(38, s)
            .map_err(|e| e.to_string())?,
    ))
}

fn batch(
    columns: Vec<(&str, ArrayRef)>,
    meta: HashMap<String, String>,
) -> Result<RecordBatch, String> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
        .collect();
    let schema = Arc::new(Schema::new_with_metadata(fields, meta));
    RecordBatch::try_new(schema, columns.into_iter().map(|(_, a)| a).collect())
        .map_err(|e| e.to_string())
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for n in names {
        b.append_value(n);
    }
    Arc::new(b.finish())
}

/// The heuristic totals, one row per channel (exact decimals).
pub fn heuristics_batch(h: &HeuristicResult) -> Result<RecordBatch, String> {
    let col = |f: fn(&eql_core::attribution::HeuristicChannel) -> Decimal| {
        decimals(&h.channels.iter().map(f).collect::<Vec<_>>())
    };
    batch(
        vec![
            (
                "channel_name",
                names(h.channels.iter().map(|c| c.channel_name.as_str())),
            ),
            (
                "first_touch_conversions",
                col(|c| c.first_touch_conversions)?,
            ),
            ("first_touch_value", col(|c| c.first_touch_value)?),
            ("last_touch_conversions", col(|c| c.last_touch_conversions)?),
            ("last_touch_value", col(|c| c.last_touch_value)?),
            (
                "linear_touch_conversions",
                col(|c| c.linear_touch_conversions)?,
            ),
            ("linear_touch_value", col(|c| c.linear_touch_value)?),
        ],
        HashMap::from([
            ("total_conversions".into(), h.total_conversions.to_string()),
            (
                "total_conversion_value".into(),
                h.total_conversion_value.to_string(),
            ),
        ]),
    )
}

/// The Markov result, one row per channel; the chain's order, states and
/// conversion probability are in the schema's metadata.
pub fn markov_batch(m: &MarkovResult) -> Result<RecordBatch, String> {
    let floats = |f: fn(&eql_core::attribution::MarkovChannel) -> f64| {
        let mut b = Float64Builder::with_capacity(m.channels.len());
        for c in &m.channels {
            b.append_value(f(c));
        }
        Arc::new(b.finish()) as ArrayRef
    };
    batch(
        vec![
            (
                "channel_name",
                names(m.channels.iter().map(|c| c.channel_name.as_str())),
            ),
            ("removal_effect", floats(|c| c.removal_effect)),
            ("removal_effect_value", floats(|c| c.removal_effect_value)),
            (
                "total_conversions",
                decimals(
                    &m.channels
                        .iter()
                        .map(|c| c.total_conversions)
                        .collect::<Vec<_>>(),
                )?,
            ),
            (
                "total_conversion_value",
                decimals(
                    &m.channels
                        .iter()
                        .map(|c| c.total_conversion_value)
                        .collect::<Vec<_>>(),
                )?,
            ),
        ],
        HashMap::from([
            ("order".into(), m.order.to_string()),
            ("states".into(), m.states.to_string()),
            (
                "conversion_probability".into(),
                m.conversion_probability.to_string(),
            ),
            ("total_conversions".into(), m.total_conversions.to_string()),
            (
                "total_conversion_value".into(),
                m.total_conversion_value.to_string(),
            ),
        ]),
    )
}

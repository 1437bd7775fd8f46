//! Leads into an Arrow table: the canonical record as columns (structs for
//! `company` and `partner`, lists of structs for touchpoints and events,
//! `custom` as a struct whose columns are inferred from the values). For
//! Rust callers holding `Lead`s, for tests and for benches.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, DictionaryArray, Float64Array, Int64Array,
    ListArray, RecordBatch, StringArray, StructArray, TimestampMicrosecondArray, UInt64Array,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use chrono::NaiveDate;
use eql_core::time::Instant;
use eql_core::{Event, Lead, Touchpoint};
use serde_json::Value;

/// How to write the table.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Dictionary-encode the categorical text columns (industry, region,
    /// country, partner source and tier, event types, touch channels...),
    /// as pandas categoricals and polars enums arrive.
    pub dictionary: bool,
}

fn text<'a>(values: impl Iterator<Item = Option<&'a str>>, dictionary: bool) -> ArrayRef {
    let v: Vec<Option<&str>> = values.collect();
    if dictionary {
        let d: DictionaryArray<Int32Type> = v.into_iter().collect();
        Arc::new(d)
    } else {
        Arc::new(StringArray::from(v))
    }
}

fn stamps(values: impl Iterator<Item = Option<Instant>>) -> ArrayRef {
    let v: Vec<Option<i64>> = values.map(|t| t.map(|t| t.timestamp_micros())).collect();
    Arc::new(TimestampMicrosecondArray::from(v).with_timezone("UTC"))
}

/// Exact decimals at the largest scale among them (`decimal128(38, s)`).
fn money(values: impl Iterator<Item = Option<rust_decimal::Decimal>>) -> Result<ArrayRef, String> {
    let values: Vec<Option<rust_decimal::Decimal>> = values.collect();
    let scale = values
        .iter()
        .flatten()
        .map(|d| d.scale())
        .max()
        .unwrap_or(0);
    let mantissas: Vec<Option<i128>> = values
        .iter()
        .map(|d| {
            d.map(|mut d| {
                d.rescale(scale);
                d.mantissa()
            })
        })
        .collect();
    let s = i8::try_from(scale).map_err(|e| e.to_string())?;
    Ok(Arc::new(
        arrow_array::Decimal128Array::from(mantissas)
            .with_precision_and_scale(38, s)
            .map_err(|e| e.to_string())?,
    ))
}

fn dates(values: impl Iterator<Item = Option<NaiveDate>>) -> ArrayRef {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let v: Vec<Option<i32>> = values
        .map(|d| d.and_then(|d| i32::try_from(d.signed_duration_since(epoch).num_days()).ok()))
        .collect();
    Arc::new(Date32Array::from(v))
}

fn structure(
    names: &[&str],
    arrays: Vec<ArrayRef>,
    valid: Option<Vec<bool>>,
) -> Result<ArrayRef, String> {
    let fields: Fields = names
        .iter()
        .zip(&arrays)
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let nulls = valid.map(NullBuffer::from);
    StructArray::try_new(fields, arrays, nulls)
        .map(|s| Arc::new(s) as ArrayRef)
        .map_err(|e| e.to_string())
}

fn list(lengths: impl Iterator<Item = usize>, values: ArrayRef) -> Result<ArrayRef, String> {
    let offsets = OffsetBuffer::<i32>::from_lengths(lengths);
    let field = Arc::new(Field::new("item", values.data_type().clone(), true));
    ListArray::try_new(field, offsets, values, None)
        .map(|l| Arc::new(l) as ArrayRef)
        .map_err(|e| e.to_string())
}

/// `leads` as one record batch.
///
/// ```
/// let lead = eql_core::Lead::from_json(r#"{"id": "L-1", "company": {"employees": 420}}"#).unwrap();
/// let batch = eql_arrow::leads_to_batch(&[lead], Default::default()).unwrap();
/// assert_eq!(batch.num_rows(), 1);
/// assert!(batch.schema().field_with_name("company").is_ok());
/// ```
pub fn leads_to_batch(leads: &[Lead], opts: WriteOptions) -> Result<RecordBatch, String> {
    let dict = opts.dictionary;
    let company = |f: fn(&eql_core::Company) -> Option<&str>, d: bool| {
        text(leads.iter().map(|l| l.company.as_ref().and_then(f)), d)
    };
    let partner = |f: fn(&eql_core::Partner) -> Option<&str>, d: bool| {
        text(leads.iter().map(|l| l.partner.as_ref().and_then(f)), d)
    };
    let tech: Vec<&Lead> = leads.iter().collect();
    let tech_items: Vec<&str> = tech
        .iter()
        .flat_map(|l| {
            l.company
                .as_ref()
                .and_then(|c| c.tech_stack.as_deref())
                .unwrap_or_default()
                .iter()
                .map(String::as_str)
        })
        .collect();
    let tech_lists = {
        let offsets = OffsetBuffer::<i32>::from_lengths(tech.iter().map(|l| {
            l.company
                .as_ref()
                .and_then(|c| c.tech_stack.as_ref())
                .map_or(0, Vec::len)
        }));
        let valid: Vec<bool> = tech
            .iter()
            .map(|l| l.company.as_ref().is_some_and(|c| c.tech_stack.is_some()))
            .collect();
        let values: ArrayRef = Arc::new(StringArray::from(tech_items));
        let field = Arc::new(Field::new("item", DataType::Utf8, true));
        Arc::new(
            ListArray::try_new(field, offsets, values, Some(NullBuffer::from(valid)))
                .map_err(|e| e.to_string())?,
        ) as ArrayRef
    };
    let company_array = structure(
        &[
            "name",
            "domain",
            "employees",
            "industry",
            "region",
            "country",
            "tech_stack",
            "annual_revenue",
        ],
        vec![
            company(|c| c.name.as_deref(), false),
            company(|c| c.domain.as_deref(), false),
            Arc::new(UInt64Array::from(
                leads
                    .iter()
                    .map(|l| l.company.as_ref().and_then(|c| c.employees))
                    .collect::<Vec<_>>(),
            )),
            company(|c| c.industry.as_deref(), dict),
            company(|c| c.region.as_deref(), dict),
            company(|c| c.country.as_deref(), dict),
            tech_lists,
            money(
                leads
                    .iter()
                    .map(|l| l.company.as_ref().and_then(|c| c.annual_revenue)),
            )?,
        ],
        Some(leads.iter().map(|l| l.company.is_some()).collect()),
    )?;
    let partner_array = structure(
        &["id", "source", "program_tier", "referral_date", "confirmed"],
        vec![
            partner(|p| p.id.as_deref(), false),
            partner(|p| p.source.as_deref(), dict),
            partner(|p| p.program_tier.as_deref(), dict),
            dates(
                leads
                    .iter()
                    .map(|l| l.partner.as_ref().and_then(|p| p.referral_date)),
            ),
            Arc::new(BooleanArray::from(
                leads
                    .iter()
                    .map(|l| l.partner.as_ref().and_then(|p| p.confirmed))
                    .collect::<Vec<_>>(),
            )),
        ],
        Some(leads.iter().map(|l| l.partner.is_some()).collect()),
    )?;
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", text(leads.iter().map(|l| Some(l.id.as_str())), false)),
        (
            "email",
            text(leads.iter().map(|l| l.email.as_deref()), false),
        ),
        ("created_at", stamps(leads.iter().map(|l| l.created_at))),
        ("updated_at", stamps(leads.iter().map(|l| l.updated_at))),
        ("company", company_array),
        ("partner", partner_array),
        ("touchpoints", touchpoints(leads, dict)?),
        ("events", events(leads, dict)?),
        (
            "custom",
            custom(leads.iter().map(|l| Some(&l.custom)), leads.len())?,
        ),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .map_err(|e| e.to_string())
}

/// `leads` as three tables, the way CRM exports have them: the leads
/// without their events and touchpoints, then the events and the
/// touchpoints as long tables whose `lead_id` column holds the lead's id.
pub fn leads_to_tables(
    leads: &[Lead],
    opts: WriteOptions,
) -> Result<(RecordBatch, RecordBatch, RecordBatch), String> {
    let bare: Vec<Lead> = leads
        .iter()
        .map(|l| Lead {
            events: Vec::new(),
            touchpoints: Vec::new(),
            ..l.clone()
        })
        .collect();
    let batch = leads_to_batch(&bare, opts)?;
    let keep: Vec<usize> = batch
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name() != "events" && f.name() != "touchpoints")
        .map(|(i, _)| i)
        .collect();
    let batch = batch.project(&keep).map_err(|e| e.to_string())?;
    let long = |column: ArrayRef, owners: Vec<&str>| -> Result<RecordBatch, String> {
        let list = column
            .as_any()
            .downcast_ref::<ListArray>()
            .ok_or("not a list")?;
        let records = list
            .values()
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or("not a struct")?;
        let mut fields = vec![Field::new("lead_id", DataType::Utf8, true)];
        let mut arrays: Vec<ArrayRef> = vec![Arc::new(StringArray::from(owners))];
        for (f, a) in records.fields().iter().zip(records.columns()) {
            fields.push(f.as_ref().clone());
            arrays.push(a.clone());
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| e.to_string())
    };
    let owners = |n: fn(&Lead) -> usize| -> Vec<&str> {
        leads
            .iter()
            .flat_map(|l| std::iter::repeat_n(l.id.as_str(), n(l)))
            .collect()
    };
    let events = long(events(leads, opts.dictionary)?, owners(|l| l.events.len()))?;
    let touches = long(
        touchpoints(leads, opts.dictionary)?,
        owners(|l| l.touchpoints.len()),
    )?;
    Ok((batch, events, touches))
}

fn touchpoints(leads: &[Lead], dict: bool) -> Result<ArrayRef, String> {
    let all: Vec<&Touchpoint> = leads.iter().flat_map(|l| &l.touchpoints).collect();
    let t = |f: fn(&Touchpoint) -> Option<&str>, d: bool| text(all.iter().map(|x| f(x)), d);
    let values = structure(
        &[
            "id",
            "at",
            "url",
            "referrer",
            "channel",
            "source",
            "medium",
            "campaign",
            "partner_id",
            "asset",
        ],
        vec![
            t(|x| Some(x.id.as_str()), false),
            stamps(all.iter().map(|x| Some(x.at))),
            t(|x| x.url.as_deref(), false),
            t(|x| x.referrer.as_deref(), false),
            t(|x| x.channel.as_deref(), dict),
            t(|x| x.source.as_deref(), dict),
            t(|x| x.medium.as_deref(), dict),
            t(|x| x.campaign.as_deref(), dict),
            t(|x| x.partner_id.as_deref(), dict),
            t(|x| x.asset.as_deref(), dict),
        ],
        None,
    )?;
    list(leads.iter().map(|l| l.touchpoints.len()), values)
}

fn events(leads: &[Lead], dict: bool) -> Result<ArrayRef, String> {
    let all: Vec<&Event> = leads.iter().flat_map(|l| &l.events).collect();
    let values = structure(
        &["type", "at", "active", "partner_id"],
        vec![
            text(all.iter().map(|e| Some(e.kind.as_str())), dict),
            stamps(all.iter().map(|e| Some(e.at))),
            Arc::new(BooleanArray::from(
                all.iter().map(|e| e.active).collect::<Vec<_>>(),
            )),
            text(all.iter().map(|e| e.partner_id.as_deref()), dict),
        ],
        None,
    )?;
    list(leads.iter().map(|l| l.events.len()), values)
}

/// `custom` objects as a struct column, member types inferred from values:
/// text, booleans, integers, other numbers (floats), lists of text, and
/// nested objects. A key whose values disagree in type is an error.
fn custom<'a>(
    objects: impl Iterator<Item = Option<&'a serde_json::Map<String, Value>>>,
    len: usize,
) -> Result<ArrayRef, String> {
    let objects: Vec<Option<&serde_json::Map<String, Value>>> = objects.collect();
    let mut keys: BTreeMap<&str, Vec<Option<&Value>>> = BTreeMap::new();
    for o in objects.iter().flatten() {
        for k in o.keys() {
            keys.entry(k.as_str()).or_default();
        }
    }
    for (k, column) in &mut keys {
        column.extend(objects.iter().map(|o| o.and_then(|o| o.get(*k))));
    }
    let mut names = Vec::new();
    let mut arrays = Vec::new();
    for (k, values) in keys {
        names.push(k);
        arrays.push(json_column(k, &values)?);
    }
    let valid = objects.iter().map(Option::is_some).collect();
    if names.is_empty() {
        let nulls = NullBuffer::from(objects.iter().map(Option::is_some).collect::<Vec<_>>());
        return Ok(Arc::new(StructArray::new_empty_fields(len, Some(nulls))));
    }
    structure(&names, arrays, Some(valid))
}

fn json_column(key: &str, values: &[Option<&Value>]) -> Result<ArrayRef, String> {
    let present: Vec<&Value> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| !v.is_null())
        .collect();
    let mixed = || format!("custom `{key}` holds values of different types");
    let Some(first) = present.first() else {
        return Ok(Arc::new(arrow_array::NullArray::new(values.len())));
    };
    fn get<'v>(v: &Option<&'v Value>) -> Option<&'v Value> {
        v.filter(|v| !v.is_null())
    }
    Ok(match first {
        Value::String(_) => {
            let v: Result<Vec<Option<&str>>, String> = values
                .iter()
                .map(|v| get(v).map(|v| v.as_str().ok_or_else(mixed)).transpose())
                .collect();
            Arc::new(StringArray::from(v?))
        }
        Value::Bool(_) => {
            let v: Result<Vec<Option<bool>>, String> = values
                .iter()
                .map(|v| get(v).map(|v| v.as_bool().ok_or_else(mixed)).transpose())
                .collect();
            Arc::new(BooleanArray::from(v?))
        }
        Value::Number(_) if present.iter().all(|v| v.is_i64()) => {
            let v: Vec<Option<i64>> = values
                .iter()
                .map(|v| get(v).and_then(Value::as_i64))
                .collect();
            Arc::new(Int64Array::from(v))
        }
        Value::Number(_) => {
            let v: Result<Vec<Option<f64>>, String> = values
                .iter()
                .map(|v| get(v).map(|v| v.as_f64().ok_or_else(mixed)).transpose())
                .collect();
            Arc::new(Float64Array::from(v?))
        }
        Value::Array(_) => {
            let mut items = Vec::new();
            let mut lengths = Vec::new();
            let mut valid = Vec::new();
            for v in values {
                match get(v) {
                    Some(Value::Array(a)) => {
                        for x in a {
                            items.push(Some(x.as_str().ok_or_else(mixed)?));
                        }
                        lengths.push(a.len());
                        valid.push(true);
                    }
                    Some(_) => return Err(mixed()),
                    None => {
                        lengths.push(0);
                        valid.push(false);
                    }
                }
            }
            let field = Arc::new(Field::new("item", DataType::Utf8, true));
            let values: ArrayRef = Arc::new(StringArray::from(items));
            Arc::new(
                ListArray::try_new(
                    field,
                    OffsetBuffer::from_lengths(lengths),
                    values,
                    Some(NullBuffer::from(valid)),
                )
                .map_err(|e| e.to_string())?,
            )
        }
        Value::Object(_) => {
            if present.iter().any(|v| !v.is_object()) {
                return Err(mixed());
            }
            let objects = values.iter().map(|v| get(v).and_then(Value::as_object));
            custom(objects, values.len())?
        }
        Value::Null => Arc::new(arrow_array::NullArray::new(values.len())),
    })
}

//! Cell values as rules and records see them: a column's value as a
//! `FieldValue`, a `custom` cell as JSON, and a whole row as a `Lead`
//! (for the explained form, which quotes each rule's value).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float64Type, Int64Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use eql_core::qualify::{CompiledRule, FieldValue};
use eql_core::{Company, Event, Lead, LeadField, Partner, Touchpoint};
use serde_json::{Map, Number, Value};

use crate::access::{BoolColumn, Lists, TextColumn, TimeColumn};
use crate::bind::{Bound, Column, RecordColumns, Records};
use crate::locate::Located;

/// Largest float that is an exact integer (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A float as JSON reads it from a table: whole values are integers.
fn float(f: f64) -> Value {
    if f.is_nan() {
        return Value::Null;
    }
    if f.fract() == 0.0 && f.abs() <= EXACT_FLOAT {
        #[allow(clippy::cast_possible_truncation)]
        return Value::from(f as i64);
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// The JSON value of a `custom` cell (null for a missing one).
pub(crate) fn json(array: &ArrayRef, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    let t = array.data_type();
    match t {
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::UInt64 => Value::from(array.as_primitive::<UInt64Type>().value(row)),
        _ if t.is_integer() => match int(array, row) {
            Some(i) => i64::try_from(i).map_or(Value::Null, Value::from),
            None => Value::Null,
        },
        _ if t.is_floating() => arrow_cast::cast(&array.slice(row, 1), &DataType::Float64)
            .ok()
            .map_or(Value::Null, |a| {
                float(a.as_primitive::<Float64Type>().value(0))
            }),
        DataType::Decimal128(..) => {
            Value::String(array.as_primitive::<Decimal128Type>().value_as_string(row))
        }
        DataType::Decimal256(..) => {
            Value::String(array.as_primitive::<Decimal256Type>().value_as_string(row))
        }
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .value_as_date(row)
            .map_or(Value::Null, |d| Value::String(d.to_string())),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .value_as_date(row)
            .map_or(Value::Null, |d| Value::String(d.to_string())),
        DataType::Timestamp(..) => TimeColumn::new(array, None)
            .and_then(|c| c.get(row).ok().flatten())
            .map_or(Value::Null, |t| {
                Value::String(eql_core::time::format_instant(&t))
            }),
        DataType::Struct(_) => {
            let s = array.as_struct();
            let map: Map<String, Value> = s
                .fields()
                .iter()
                .zip(s.columns())
                .map(|(f, c)| (f.name().clone(), json(c, row)))
                .filter(|(_, v)| !v.is_null())
                .collect();
            Value::Object(map)
        }
        DataType::List(_) | DataType::LargeList(_) => Lists::new(array, None)
            .map_or(Value::Null, |l| {
                Value::Array(l.range(row).map(|i| json(&l.values, i)).collect())
            }),
        _ => TextColumn::new(array, array.logical_nulls())
            .and_then(|c| c.get(row).map(|s| Value::String(s.to_owned())))
            .unwrap_or(Value::Null),
    }
}

/// An integer cell of any integer type.
fn int(array: &ArrayRef, row: usize) -> Option<i128> {
    use arrow_array::types::{Int8Type, Int16Type, Int32Type, UInt8Type, UInt16Type, UInt32Type};
    Some(match array.data_type() {
        DataType::Int8 => array.as_primitive::<Int8Type>().value(row).into(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).into(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).into(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).into(),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(row).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(row).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).into(),
        _ => return None,
    })
}

/// A `custom.*` rule field, read the way the JSON of the lead reads.
#[derive(Debug, Clone)]
pub(crate) enum Custom {
    Text(TextColumn),
    Bool(BoolColumn),
    /// An opened struct: an object where not null.
    Object(Located),
    /// Anything else, through its JSON value.
    Json(Located),
    Missing,
}

impl Custom {
    /// The reader of custom path `path` in a bound table.
    pub(crate) fn new(b: &Bound, path: &str) -> Custom {
        if let Some(s) = b.custom_structs.iter().find(|s| s.path == path) {
            return Custom::Object(s.clone());
        }
        let Some(c) = b.custom.iter().find(|c| c.path == path) else {
            return Custom::Missing;
        };
        if let Some(t) = TextColumn::new(&c.array, c.nulls.clone()) {
            return Custom::Text(t);
        }
        if let Some(v) = BoolColumn::new(&c.array, c.nulls.clone()) {
            return Custom::Bool(v);
        }
        Custom::Json(c.clone())
    }

    /// Test `rule` against row `row`: (matched, missing).
    pub(crate) fn test(&self, rule: &CompiledRule<'_>, row: usize) -> (bool, bool) {
        let judge = |v: &FieldValue<'_>| (rule.test(v), matches!(v, FieldValue::Missing));
        match self {
            Custom::Text(t) => judge(&t.get(row).map_or(FieldValue::Missing, FieldValue::text)),
            Custom::Bool(b) => judge(&b.get(row).map_or(FieldValue::Missing, FieldValue::Bool)),
            Custom::Object(s) if !s.is_null(row) => judge(&FieldValue::Object),
            Custom::Json(c) if !c.is_null(row) => {
                if let Some(i) = int(&c.array, row) {
                    let n = i64::try_from(i)
                        .map(Number::from)
                        .or_else(|_| u64::try_from(i).map(Number::from));
                    return judge(&n.map_or(FieldValue::Object, |n| FieldValue::number(&n)));
                }
                let v = json(&c.array, row);
                judge(&FieldValue::from_json(&v))
            }
            _ => judge(&FieldValue::Missing),
        }
    }
}

/// Test `rule` against a named field's column at `row`: (matched, missing).
pub(crate) fn test_named<'c>(
    rule: &CompiledRule<'_>,
    column: Option<&'c Column>,
    row: usize,
    scratch: &mut Vec<&'c str>,
) -> (bool, bool) {
    let Some(column) = column else {
        return (rule.test(&FieldValue::Missing), true);
    };
    let v = match column {
        Column::Text(t) => t.get(row).map(FieldValue::text),
        Column::Count(n) => n.count(row).ok().flatten().map(FieldValue::Number),
        Column::Money(n) => n.money(row).ok().flatten().map(FieldValue::Number),
        Column::Bool(b) => b.get(row).map(FieldValue::Bool),
        Column::Date(d) => d.get(row).ok().flatten().map(FieldValue::Date),
        Column::Time(t) => t.get(row).ok().flatten().map(FieldValue::Instant),
        Column::TextList { lists, items } => {
            if lists.is_null(row) {
                None
            } else {
                scratch.clear();
                scratch.extend(lists.range(row).filter_map(|i| items.get(i)));
                Some(FieldValue::Texts(scratch))
            }
        }
    }
    .unwrap_or(FieldValue::Missing);
    (rule.test(&v), matches!(v, FieldValue::Missing))
}

fn text(c: Option<&Column>, row: usize) -> Option<String> {
    match c {
        Some(Column::Text(t)) => t.get(row).map(str::to_owned),
        _ => None,
    }
}

fn record_text(r: &RecordColumns, f: LeadField, row: usize) -> Option<String> {
    r.text(f).and_then(|t| t.get(row)).map(str::to_owned)
}

/// Lead `row` as the canonical record (rows already validated).
pub(crate) fn lead(b: &Bound, row: usize) -> Lead {
    use LeadField as F;
    let f = |field| b.field(field);
    let time = |field| match f(field) {
        Some(Column::Time(t)) => t.get(row).ok().flatten(),
        _ => None,
    };
    let company = Company {
        name: text(f(F::CompanyName), row),
        domain: text(f(F::CompanyDomain), row),
        employees: match f(F::CompanyEmployees) {
            Some(Column::Count(n)) => n
                .count(row)
                .ok()
                .flatten()
                .and_then(|d| u64::try_from(d).ok()),
            _ => None,
        },
        industry: text(f(F::CompanyIndustry), row),
        region: text(f(F::CompanyRegion), row),
        country: text(f(F::CompanyCountry), row),
        tech_stack: match f(F::CompanyTechStack) {
            Some(Column::TextList { lists, items }) if !lists.is_null(row) => Some(
                lists
                    .range(row)
                    .filter_map(|i| items.get(i).map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        },
        annual_revenue: match f(F::CompanyAnnualRevenue) {
            Some(Column::Money(n)) => n.money(row).ok().flatten(),
            _ => None,
        },
    };
    let partner = Partner {
        id: text(f(F::PartnerId), row),
        source: text(f(F::PartnerSource), row),
        program_tier: text(f(F::PartnerTier), row),
        referral_date: match f(F::PartnerReferralDate) {
            Some(Column::Date(d)) => d.get(row).ok().flatten(),
            _ => None,
        },
        confirmed: match f(F::PartnerConfirmed) {
            Some(Column::Bool(v)) => v.get(row),
            _ => None,
        },
    };
    let mut custom = Map::new();
    for c in &b.custom {
        let v = json(&c.array, row);
        if v.is_null() || c.is_null(row) {
            continue;
        }
        insert(&mut custom, c.path.split('.').skip(1), v);
    }
    Lead {
        id: b.id.get(row).unwrap_or_default().to_owned(),
        email: text(f(F::Email), row),
        created_at: time(F::CreatedAt),
        updated_at: time(F::UpdatedAt),
        company: (company != Company::default()).then_some(company),
        partner: (partner != Partner::default()).then_some(partner),
        touchpoints: b
            .touchpoints
            .as_ref()
            .map(|r| touchpoints(r, row))
            .unwrap_or_default(),
        events: b
            .events
            .as_ref()
            .map(|r| events(r, row))
            .unwrap_or_default(),
        custom,
    }
}

fn insert<'a>(map: &mut Map<String, Value>, mut path: impl Iterator<Item = &'a str>, v: Value) {
    let Some(key) = path.next() else { return };
    let rest: Vec<&str> = path.collect();
    if rest.is_empty() {
        map.insert(key.to_owned(), v);
        return;
    }
    let entry = map
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(inner) = entry {
        insert(inner, rest.into_iter(), v);
    }
}

fn events(r: &Records, row: usize) -> Vec<Event> {
    let c = &r.columns;
    r.rows(row)
        .filter_map(|e| {
            Some(Event {
                kind: record_text(c, LeadField::EventType, e)?,
                at: c.time(LeadField::EventAt)?.get(e).ok().flatten()?,
                active: c.bool(LeadField::EventActive).and_then(|b| b.get(e)),
                partner_id: record_text(c, LeadField::EventPartnerId, e),
            })
        })
        .collect()
}

fn touchpoints(r: &Records, row: usize) -> Vec<Touchpoint> {
    use LeadField as F;
    let c = &r.columns;
    r.rows(row)
        .filter_map(|t| {
            Some(Touchpoint {
                id: record_text(c, F::TouchId, t)?,
                at: c.time(F::TouchAt)?.get(t).ok().flatten()?,
                url: record_text(c, F::TouchUrl, t),
                referrer: record_text(c, F::TouchReferrer, t),
                channel: record_text(c, F::TouchChannel, t),
                source: record_text(c, F::TouchSource, t),
                medium: record_text(c, F::TouchMedium, t),
                campaign: record_text(c, F::TouchCampaign, t),
                partner_id: record_text(c, F::TouchPartnerId, t),
                asset: record_text(c, F::TouchAsset, t),
            })
        })
        .collect()
}

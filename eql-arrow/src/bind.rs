//! A table of leads bound to the lead catalogue: every column checked
//! against its field's type once (wrong types, naive timestamps, unknown
//! columns and a missing `id` fail before any row is read), then wrapped in
//! a typed reader. Events and touchpoints come as list-of-struct columns or
//! as long tables joined on the lead id (`join.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use eql_core::{FieldSpec, FieldType, InputError, LEAD_FIELDS, LeadField};

use crate::access::{BoolColumn, DateColumn, Lists, NumberColumn, TextColumn, TimeColumn};
use crate::join::Joined;
use crate::locate::{Located, locate};

/// How to read a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Accept float columns for money (each value read by its shortest
    /// decimal text). Off by default: floats are not money.
    pub allow_float: bool,
    /// Accept text columns for whole numbers (`company.employees`,
    /// `total_conversions`), each value parsed on its own: a CSV's cells
    /// are text, and a bad one is its row's error, not the file's. Off by
    /// default: JSON and typed tables give numbers as numbers.
    pub text_counts: bool,
}

/// A typed reader of one field.
#[derive(Debug, Clone)]
pub(crate) enum Column {
    Text(TextColumn),
    TextList { lists: Lists, items: TextColumn },
    Count(NumberColumn),
    Money(NumberColumn),
    Bool(BoolColumn),
    Date(DateColumn),
    Time(TimeColumn),
}

/// Where each lead's events (or touchpoints) are.
#[derive(Debug, Clone)]
pub(crate) enum Owner {
    /// A list-of-struct column: list `row` holds the lead's records.
    Lists(Lists),
    /// A long table joined on the lead id.
    Joined(Joined),
}

/// The columns of events or touchpoints.
#[derive(Debug, Clone)]
pub(crate) struct RecordColumns {
    /// Null records (list elements), when held in a list.
    pub nulls: Option<NullBuffer>,
    pub fields: HashMap<LeadField, Column>,
    /// `events` or `touchpoints`, for error paths.
    pub name: &'static str,
}

/// The events or touchpoints of a table of leads.
#[derive(Debug, Clone)]
pub(crate) struct Records {
    pub owner: Owner,
    pub columns: Arc<RecordColumns>,
}

impl Records {
    /// The record rows of lead `row`, in order.
    pub(crate) fn rows(&self, row: usize) -> RecordRows<'_> {
        match &self.owner {
            Owner::Lists(l) => RecordRows::Range(l.range(row)),
            Owner::Joined(j) => RecordRows::Listed(j.rows(row).iter()),
        }
    }
}

impl RecordColumns {
    /// Whether record `r` (a list element) is null.
    pub(crate) fn is_null(&self, r: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(r))
    }

    pub(crate) fn text(&self, f: LeadField) -> Option<&TextColumn> {
        match self.fields.get(&f) {
            Some(Column::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn time(&self, f: LeadField) -> Option<&TimeColumn> {
        match self.fields.get(&f) {
            Some(Column::Time(t)) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn bool(&self, f: LeadField) -> Option<&BoolColumn> {
        match self.fields.get(&f) {
            Some(Column::Bool(t)) => Some(t),
            _ => None,
        }
    }
}

/// Record rows of one lead.
pub(crate) enum RecordRows<'a> {
    Range(std::ops::Range<usize>),
    Listed(std::slice::Iter<'a, u32>),
}

impl Iterator for RecordRows<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            RecordRows::Range(r) => r.next(),
            RecordRows::Listed(i) => i.next().map(|&r| r as usize),
        }
    }
}

impl RecordRows<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            RecordRows::Range(r) => r.len(),
            RecordRows::Listed(i) => i.len(),
        }
    }
}

/// A table of leads, bound.
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    pub rows: usize,
    pub id: TextColumn,
    /// The `id` column as given (echoed in results).
    pub id_array: ArrayRef,
    /// Scalar lead fields, in the table's column order.
    pub fields: Vec<(LeadField, Column)>,
    /// `custom.*` columns.
    pub custom: Vec<Located>,
    /// Opened `custom` struct columns.
    pub custom_structs: Vec<Located>,
    pub events: Option<Records>,
    pub touchpoints: Option<Records>,
}

impl Bound {
    pub(crate) fn field(&self, f: LeadField) -> Option<&Column> {
        self.fields.iter().find(|(k, _)| *k == f).map(|(_, c)| c)
    }
}

fn type_error(table: &'static str, column: &str, ty: FieldType, found: &DataType) -> InputError {
    InputError::ColumnType {
        table,
        column: column.into(),
        expected: ty.describe(),
        found: found.to_string(),
    }
}

/// A reader for a column holding a field of type `ty`, or the error
/// saying why not.
pub(crate) fn column(
    table: &'static str,
    path: &str,
    ty: FieldType,
    array: &ArrayRef,
    nulls: Option<NullBuffer>,
    opts: ReadOptions,
) -> Result<Column, InputError> {
    let t = array.data_type();
    if let DataType::Timestamp(_, None) = t {
        return Err(InputError::NaiveTimestamp {
            table,
            column: path.into(),
        });
    }
    let bad = || type_error(table, path, ty, t);
    let col = match ty {
        FieldType::Text => TextColumn::new(array, nulls).map(Column::Text),
        FieldType::TextList => match Lists::new(array, nulls) {
            Some(lists) => {
                let items = TextColumn::new(&lists.values, lists.values.logical_nulls());
                items.map(|items| Column::TextList { lists, items })
            }
            None if *t == DataType::Null => TextColumn::new(array, None).map(Column::Text),
            None => None,
        },
        FieldType::Count => {
            if matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..)) {
                return Err(bad());
            }
            NumberColumn::new(array, nulls, opts.text_counts).map(Column::Count)
        }
        FieldType::Money => {
            if t.is_floating() && !opts.allow_float {
                return Err(InputError::ColumnType {
                    table,
                    column: path.into(),
                    expected: "a decimal amount (decimal or text; floats only with allow_float)",
                    found: t.to_string(),
                });
            }
            NumberColumn::new(array, nulls, true).map(Column::Money)
        }
        FieldType::Bool => BoolColumn::new(array, nulls).map(Column::Bool),
        FieldType::Date => DateColumn::new(array, nulls).map(Column::Date),
        FieldType::Instant => TimeColumn::new(array, nulls).map(Column::Time),
        FieldType::Records | FieldType::Record | FieldType::Custom => None,
        _ => None,
    };
    col.ok_or_else(bad)
}

/// Check a `custom.*` column's type: anything JSON can say.
fn check_custom(table: &'static str, c: &Located) -> Result<(), InputError> {
    fn ok(t: &DataType) -> bool {
        match t {
            DataType::Timestamp(_, tz) => tz.is_some(),
            DataType::List(f) | DataType::LargeList(f) => ok(f.data_type()),
            DataType::Struct(fs) => fs.iter().all(|f| ok(f.data_type())),
            DataType::Dictionary(_, v) => ok(v),
            DataType::Null
            | DataType::Boolean
            | DataType::Date32
            | DataType::Date64
            | DataType::Decimal128(..)
            | DataType::Decimal256(..)
            | DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View => true,
            t => t.is_integer() || t.is_floating(),
        }
    }
    let t = c.array.data_type();
    if ok(t) {
        return Ok(());
    }
    if format!("{t}").contains("Timestamp") {
        return Err(InputError::NaiveTimestamp {
            table,
            column: c.path.clone(),
        });
    }
    Err(InputError::ColumnType {
        table,
        column: c.path.clone(),
        expected: "text, a number, a boolean, a date, a zoned timestamp, a decimal, a list or a struct",
        found: t.to_string(),
    })
}

/// Bind the member columns of a record (an event or touchpoint) found in
/// `columns`, each named by its member name (`type`, `at`...).
pub(crate) fn members(
    table: &'static str,
    prefix: &str,
    parent: LeadField,
    columns: &[(String, ArrayRef, Option<NullBuffer>)],
    skip: Option<&str>,
    opts: ReadOptions,
) -> Result<HashMap<LeadField, Column>, InputError> {
    let Some(parent) = LEAD_FIELDS.iter().find(|s| s.field == parent) else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for (name, array, nulls) in columns {
        if skip == Some(name.as_str()) {
            continue;
        }
        let path = format!("{prefix}{name}");
        let Some(spec) = parent.members().find(|m| m.name() == name) else {
            return Err(InputError::UnknownColumn {
                table,
                column: path,
            });
        };
        let col = column(table, &path, spec.ty, array, nulls.clone(), opts)?;
        if out.insert(spec.field, col).is_some() {
            return Err(InputError::DuplicateColumn {
                table,
                column: path,
            });
        }
    }
    for m in parent.members().filter(|m| m.required) {
        if !out.contains_key(&m.field) {
            return Err(InputError::MissingColumn {
                table,
                column: format!("{prefix}{}", m.name()),
                hint: "",
            });
        }
    }
    Ok(out)
}

/// A list-of-struct column of records (events, touchpoints).
fn list_records(
    table: &'static str,
    c: &Located,
    spec: &FieldSpec,
    opts: ReadOptions,
) -> Result<Option<Records>, InputError> {
    let t = c.array.data_type();
    if *t == DataType::Null {
        return Ok(None);
    }
    let item = match t {
        DataType::List(f) | DataType::LargeList(f) => f.data_type().clone(),
        _ => return Err(type_error(table, &c.path, spec.ty, t)),
    };
    if !matches!(item, DataType::Struct(_)) {
        return Err(type_error(table, &c.path, spec.ty, t));
    }
    let lists = Lists::new(&c.array, c.nulls.clone())
        .ok_or_else(|| type_error(table, &c.path, spec.ty, t))?;
    let s = lists.values.as_struct();
    let cols: Vec<(String, ArrayRef, Option<NullBuffer>)> = s
        .fields()
        .iter()
        .zip(s.columns())
        .map(|(f, a)| {
            let nulls = NullBuffer::union(s.nulls(), a.logical_nulls().as_ref());
            (f.name().clone(), a.clone(), nulls)
        })
        .collect();
    let nulls = s.nulls().cloned();
    let prefix = format!("{}.", c.path);
    let fields = members(table, &prefix, spec.field, &cols, None, opts)?;
    Ok(Some(Records {
        owner: Owner::Lists(lists),
        columns: Arc::new(RecordColumns {
            nulls,
            fields,
            name: spec.path,
        }),
    }))
}

/// Bind a batch of leads. `events` / `touchpoints` are long tables already
/// joined to this batch; when given, the batch may not also carry the
/// list column.
pub(crate) fn bind(
    batch: &RecordBatch,
    events: Option<Records>,
    touchpoints: Option<Records>,
    opts: ReadOptions,
) -> Result<Bound, InputError> {
    const TABLE: &str = "leads";
    let located = locate(batch, TABLE)?;
    let mut id = None;
    let mut fields = Vec::new();
    let mut custom = Vec::new();
    let (mut ev, mut tp) = (events, touchpoints);
    for c in located.leaves {
        if c.path == "custom" || c.path.starts_with("custom.") {
            check_custom(TABLE, &c)?;
            custom.push(c);
            continue;
        }
        let Some(spec) = FieldSpec::find(&c.path)
            .filter(|s| s.parent().is_none_or(|p| p.ty == FieldType::Record))
        else {
            return Err(InputError::UnknownColumn {
                table: TABLE,
                column: c.path,
            });
        };
        match spec.ty {
            FieldType::Records => {
                let given = if spec.field == LeadField::Events {
                    &mut ev
                } else {
                    &mut tp
                };
                if given.is_some() {
                    return Err(InputError::DuplicateColumn {
                        table: TABLE,
                        column: c.path,
                    });
                }
                *given = list_records(TABLE, &c, spec, opts)?;
            }
            FieldType::Record | FieldType::Custom => {
                return Err(type_error(TABLE, &c.path, spec.ty, c.array.data_type()));
            }
            _ => {
                let col = column(TABLE, &c.path, spec.ty, &c.array, c.nulls.clone(), opts)?;
                if spec.field == LeadField::Id {
                    id = Some((c.array.clone(), col));
                } else {
                    fields.push((spec.field, col));
                }
            }
        }
    }
    let Some((id_array, Column::Text(id))) = id else {
        return Err(InputError::MissingColumn {
            table: TABLE,
            column: "id".into(),
            hint: "; every lead needs an id (text)",
        });
    };
    Ok(Bound {
        rows: batch.num_rows(),
        id,
        id_array,
        fields,
        custom,
        custom_structs: located
            .structs
            .into_iter()
            .filter(|s| s.path == "custom" || s.path.starts_with("custom."))
            .collect(),
        events: ev,
        touchpoints: tp,
    })
}

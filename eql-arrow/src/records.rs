//! Tables of plain records (touchpoints, conversions, path rows): columns
//! bound by name to a fixed list of fields, checked once, read per row.

use std::collections::HashMap;

use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use eql_core::time::Instant;
use eql_core::{FieldType, InputError};
use rust_decimal::Decimal;

use crate::access::TextColumn;
use crate::bind::{Column, ReadOptions, column};

/// One field of a record table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

pub(crate) const fn spec(name: &'static str, ty: FieldType, required: bool) -> Spec {
    Spec { name, ty, required }
}

/// A record table, bound: its batches as one, each known column typed.
#[derive(Debug)]
pub(crate) struct Table {
    pub batch: RecordBatch,
    columns: HashMap<&'static str, Column>,
    key: Option<(String, ArrayRef)>,
}

fn null(path: &str) -> InputError {
    InputError::Invalid {
        path: path.into(),
        message: "invalid type: null, expected a value".into(),
    }
}

impl Table {
    /// Bind `batches` (of `schema`) to `specs`; `key` names a join column
    /// (text or integer) kept aside, `raw` a column the caller reads itself. Unknown columns, wrong types and
    /// missing required columns are errors naming the column.
    pub(crate) fn bind(
        name: &'static str,
        schema: &SchemaRef,
        batches: &[RecordBatch],
        specs: &[Spec],
        key: Option<&str>,
        raw: Option<&str>,
        opts: ReadOptions,
    ) -> Result<Table, InputError> {
        let batch = arrow_select::concat::concat_batches(schema, batches).map_err(|e| {
            InputError::Invalid {
                path: name.into(),
                message: e.to_string(),
            }
        })?;
        let mut columns = HashMap::new();
        let mut key_col = None;
        for (f, a) in schema.fields().iter().zip(batch.columns()) {
            if Some(f.name().as_str()) == key {
                let t = a.data_type();
                if !(TextColumn::accepts(t) || t.is_integer()) {
                    return Err(InputError::ColumnType {
                        table: name,
                        column: f.name().clone(),
                        expected: "text or an integer (the join key)",
                        found: t.to_string(),
                    });
                }
                key_col = Some((f.name().clone(), a.clone()));
                continue;
            }
            let Some(s) = specs.iter().find(|s| s.name == f.name()) else {
                if Some(f.name().as_str()) == raw {
                    continue;
                }
                return Err(InputError::UnknownColumn {
                    table: name,
                    column: f.name().clone(),
                });
            };
            let c = column(name, s.name, s.ty, a, a.logical_nulls(), opts)?;
            columns.insert(s.name, c);
        }
        if let Some(k) = key
            && key_col.is_none()
        {
            return Err(InputError::MissingColumn {
                table: name,
                column: k.into(),
                hint: "; it holds the journey id",
            });
        }
        if let Some(s) = specs
            .iter()
            .find(|s| s.required && !columns.contains_key(s.name))
        {
            return Err(InputError::MissingColumn {
                table: name,
                column: s.name.into(),
                hint: "",
            });
        }
        Ok(Table {
            batch,
            columns,
            key: key_col,
        })
    }

    pub(crate) fn rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The input array of a column (results echo it as given).
    pub(crate) fn array(&self, name: &str) -> Option<&ArrayRef> {
        self.batch.column_by_name(name)
    }

    /// The join key of `row` as text (integers as written).
    pub(crate) fn key(&self, row: usize) -> Option<String> {
        let (_, a) = self.key.as_ref()?;
        if a.is_null(row) {
            return None;
        }
        if let Some(t) = TextColumn::new(a, a.logical_nulls()) {
            return t.get(row).map(str::to_owned);
        }
        arrow_cast::display::ArrayFormatter::try_new(a.as_ref(), &Default::default())
            .ok()
            .map(|f| f.value(row).to_string())
    }

    /// The key column as given.
    pub(crate) fn key_array(&self) -> Option<&ArrayRef> {
        self.key.as_ref().map(|(_, a)| a)
    }

    pub(crate) fn text(&self, name: &str, row: usize) -> Option<String> {
        match self.columns.get(name) {
            Some(Column::Text(t)) => t.get(row).map(str::to_owned),
            _ => None,
        }
    }

    pub(crate) fn required_text(&self, name: &str, row: usize) -> Result<String, InputError> {
        self.text(name, row).ok_or_else(|| null(name))
    }

    pub(crate) fn bool(&self, name: &str, row: usize) -> Option<bool> {
        match self.columns.get(name) {
            Some(Column::Bool(b)) => b.get(row),
            _ => None,
        }
    }

    pub(crate) fn instant(&self, name: &str, row: usize) -> Result<Instant, InputError> {
        let got = match self.columns.get(name) {
            Some(Column::Time(t)) => t.get(row),
            _ => Ok(None),
        };
        got.map_err(|message| InputError::InvalidTimestamp {
            path: name.into(),
            message,
        })?
        .ok_or_else(|| InputError::InvalidTimestamp {
            path: name.into(),
            message: "not an RFC 3339 timestamp: missing".into(),
        })
    }

    pub(crate) fn money(&self, name: &str, row: usize) -> Result<Option<Decimal>, InputError> {
        match self.columns.get(name) {
            Some(Column::Money(n)) => n.money(row).map_err(|message| InputError::InvalidMoney {
                path: name.into(),
                message,
            }),
            _ => Ok(None),
        }
    }

    pub(crate) fn count(&self, name: &str, row: usize) -> Result<Option<u64>, InputError> {
        match self.columns.get(name) {
            Some(Column::Count(n)) if n.int(row).is_some_and(|i| i >= 0) => {
                Ok(n.int(row).and_then(|i| u64::try_from(i).ok()))
            }
            Some(Column::Count(n)) => n
                .count(row)
                .map(|d| d.and_then(|d| u64::try_from(d).ok()))
                .map_err(|message| InputError::Invalid {
                    path: name.into(),
                    message,
                }),
            _ => Ok(None),
        }
    }
}

//! One row of an Arrow table as a serde `Deserializer`, so the core's own
//! `Deserialize` impls (and their checks and error codes) read table rows
//! exactly as they read JSON: no per-field glue, no rule here.
//!
//! Type mapping (documented in `docs/python.md`):
//! - struct → object (null children are absent keys); list → array;
//! - utf8 / large utf8 / utf8 view → string; bool; integers;
//! - floats → numbers; NaN → null; a whole float (pandas' integer column
//!   with missing values) → an integer; with `allow_float`, a float under a
//!   money key (`amount`, `annual_revenue`) → its shortest decimal text;
//! - timestamp with a time zone → RFC 3339 UTC text (naive timestamps are
//!   rejected before reading, see `table.rs`); date32/date64 → `YYYY-MM-DD`;
//! - decimal128/256 → decimal text (money).

use std::fmt;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type, Float64Type,
    Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, GenericListArray, OffsetSizeTrait, StructArray};
use arrow_schema::{DataType, TimeUnit};
use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Keys whose values are money: only there may `allow_float` turn a float into a decimal.
pub const MONEY_KEYS: &[&str] = &["amount", "annual_revenue"];

/// A deserialisation error (its text becomes the per-row error message).
#[derive(Debug)]
pub struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

/// How to read floats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub allow_float: bool,
}

/// The value at `row` of `array`; `key` is the field name it sits under.
#[derive(Clone, Copy)]
pub struct Cell<'a> {
    pub array: &'a dyn Array,
    pub row: usize,
    pub key: &'a str,
    pub opts: Options,
}

/// A whole row of a table (its columns as one struct).
pub fn row<'a>(columns: &'a StructArray, row: usize, opts: Options) -> Cell<'a> {
    Cell {
        array: columns,
        row,
        key: "",
        opts,
    }
}

fn is_missing(array: &dyn Array, row: usize) -> bool {
    if array.is_null(row) {
        return true;
    }
    match array.data_type() {
        // A null-typed column (e.g. inferred from all-`None` values) has no null buffer.
        DataType::Null => true,
        DataType::Float16 => array.as_primitive::<Float16Type>().value(row).is_nan(),
        DataType::Float32 => array.as_primitive::<Float32Type>().value(row).is_nan(),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row).is_nan(),
        _ => false,
    }
}

fn timestamp(value: i64, unit: TimeUnit) -> Option<DateTime<Utc>> {
    match unit {
        TimeUnit::Second => DateTime::from_timestamp(value, 0),
        TimeUnit::Millisecond => DateTime::from_timestamp_millis(value),
        TimeUnit::Microsecond => DateTime::from_timestamp_micros(value),
        TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(value)),
    }
}

impl<'a> Cell<'a> {
    fn float<'de, V: Visitor<'de>>(self, f: f64, visitor: V) -> Result<V::Value, DeError> {
        if self.opts.allow_float && MONEY_KEYS.contains(&self.key) {
            return visitor.visit_string(f.to_string());
        }
        // Whole floats within ±2^53 are exact integers (pandas' nullable ints).
        if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
            #[allow(clippy::cast_possible_truncation)]
            return visitor.visit_i64(f as i64);
        }
        visitor.visit_f64(f)
    }

    fn list<'de, O: OffsetSizeTrait, V: Visitor<'de>>(
        self,
        list: &'a GenericListArray<O>,
        visitor: V,
    ) -> Result<V::Value, DeError>
    where
        'a: 'de,
    {
        let offsets = list.value_offsets();
        let start = offsets.get(self.row).map_or(0, |o| o.as_usize());
        let end = offsets
            .get(self.row.saturating_add(1))
            .map_or(start, |o| o.as_usize());
        visitor.visit_seq(Seq {
            values: list.values().as_ref(),
            next: start,
            end,
            key: self.key,
            opts: self.opts,
        })
    }
}

macro_rules! int {
    ($self:ident, $visitor:ident, $t:ty, $visit:ident) => {
        $visitor.$visit($self.array.as_primitive::<$t>().value($self.row).into())
    };
}

impl<'de, 'a: 'de> de::Deserializer<'de> for Cell<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let (a, r) = (self.array, self.row);
        if is_missing(a, r) {
            return visitor.visit_unit();
        }
        match a.data_type() {
            DataType::Null => visitor.visit_unit(),
            DataType::Boolean => visitor.visit_bool(a.as_boolean().value(r)),
            DataType::Int8 => int!(self, visitor, Int8Type, visit_i64),
            DataType::Int16 => int!(self, visitor, Int16Type, visit_i64),
            DataType::Int32 => int!(self, visitor, Int32Type, visit_i64),
            DataType::Int64 => visitor.visit_i64(a.as_primitive::<Int64Type>().value(r)),
            DataType::UInt8 => int!(self, visitor, UInt8Type, visit_u64),
            DataType::UInt16 => int!(self, visitor, UInt16Type, visit_u64),
            DataType::UInt32 => int!(self, visitor, UInt32Type, visit_u64),
            DataType::UInt64 => visitor.visit_u64(a.as_primitive::<UInt64Type>().value(r)),
            DataType::Float16 => {
                let f = a.as_primitive::<Float16Type>().value(r).to_f64();
                self.float(f, visitor)
            }
            DataType::Float32 => {
                let f = f64::from(a.as_primitive::<Float32Type>().value(r));
                self.float(f, visitor)
            }
            DataType::Float64 => self.float(a.as_primitive::<Float64Type>().value(r), visitor),
            DataType::Utf8 => visitor.visit_borrowed_str(a.as_string::<i32>().value(r)),
            DataType::LargeUtf8 => visitor.visit_borrowed_str(a.as_string::<i64>().value(r)),
            DataType::Utf8View => visitor.visit_borrowed_str(a.as_string_view().value(r)),
            DataType::Timestamp(unit, _) => {
                let v = match unit {
                    TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(r),
                    TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(r),
                    TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(r),
                    TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(r),
                };
                let t = timestamp(v, *unit)
                    .ok_or_else(|| DeError(format!("timestamp {v} is out of range")))?;
                visitor.visit_string(eql_core::time::format_instant(&t))
            }
            DataType::Date32 => match a.as_primitive::<Date32Type>().value_as_date(r) {
                Some(d) => visitor.visit_string(d.to_string()),
                None => Err(DeError(String::from("date out of range"))),
            },
            DataType::Date64 => match a.as_primitive::<Date64Type>().value_as_date(r) {
                Some(d) => visitor.visit_string(d.to_string()),
                None => Err(DeError(String::from("date out of range"))),
            },
            DataType::Decimal128(..) => {
                visitor.visit_string(a.as_primitive::<Decimal128Type>().value_as_string(r))
            }
            DataType::Decimal256(..) => {
                visitor.visit_string(a.as_primitive::<Decimal256Type>().value_as_string(r))
            }
            DataType::Struct(_) => visitor.visit_map(Fields {
                array: a.as_struct(),
                row: r,
                next: 0,
                opts: self.opts,
            }),
            DataType::List(_) => self.list(a.as_list::<i32>(), visitor),
            DataType::LargeList(_) => self.list(a.as_list::<i64>(), visitor),
            other => Err(DeError(format!(
                "Arrow type {other} is not supported here (use strings, numbers, booleans, timestamps with a time zone, dates, decimals, structs or lists)"
            ))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if is_missing(self.array, self.row) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The non-null fields of one struct row, as map entries.
struct Fields<'a> {
    array: &'a StructArray,
    row: usize,
    next: usize,
    opts: Options,
}

impl<'a> Fields<'a> {
    fn column(&self, i: usize) -> Option<(&'a str, &'a ArrayRef)> {
        let fields = self.array.fields();
        let field = fields.get(i)?;
        let column = self.array.columns().get(i)?;
        Some((field.name().as_str(), column))
    }
}

impl<'de, 'a: 'de> MapAccess<'de> for Fields<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        while let Some((name, column)) = self.column(self.next) {
            if is_missing(column.as_ref(), self.row) {
                self.next = self.next.saturating_add(1);
                continue;
            }
            let key = de::value::BorrowedStrDeserializer::<'de, DeError>::new(name);
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (name, column) = self
            .column(self.next)
            .ok_or_else(|| DeError(String::from("value without a key")))?;
        self.next = self.next.saturating_add(1);
        seed.deserialize(Cell {
            array: column.as_ref(),
            row: self.row,
            key: name,
            opts: self.opts,
        })
    }
}

/// The elements of one list row.
struct Seq<'a> {
    values: &'a dyn Array,
    next: usize,
    end: usize,
    key: &'a str,
    opts: Options,
}

impl<'de, 'a: 'de> SeqAccess<'de> for Seq<'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let row = self.next;
        self.next = self.next.saturating_add(1);
        let cell = Cell {
            array: self.values,
            row,
            key: self.key,
            opts: self.opts,
        };
        seed.deserialize(cell).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.end.saturating_sub(self.next))
    }
}

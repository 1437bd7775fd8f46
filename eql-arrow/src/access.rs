//! Typed readers over Arrow columns: text (plain, large, view or
//! dictionary-encoded), numbers, booleans, dates, instants and lists of
//! text. Each gives `None` for a missing value and an error message for a
//! value its field cannot hold; what a column's type can never hold was
//! refused when the table was bound (`bind.rs`).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float64Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt64Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, LargeStringArray, StringArray, StringViewArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, TimeUnit};
use chrono::{DateTime, NaiveDate};
use eql_core::time::{Instant, parse_instant};
use rust_decimal::Decimal;

/// Code of a null dictionary key.
pub(crate) const NO_CODE: u32 = u32::MAX;

/// Text values, any Arrow string layout.
#[derive(Debug, Clone)]
pub(crate) enum Text {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    /// Dictionary-encoded: one key per row into `values`.
    Dict {
        keys: Keys,
        values: Box<TextColumn>,
    },
    /// A column of only nulls (Arrow's `Null` type).
    Null,
}

/// A text column with the nulls of its enclosing structs.
#[derive(Debug, Clone)]
pub(crate) struct TextColumn {
    pub text: Text,
    pub nulls: Option<NullBuffer>,
}

/// The keys of a dictionary column, in their own integer type (read in
/// place: converting them would cost a pass and a copy per batch).
#[derive(Debug, Clone)]
pub(crate) enum Keys {
    I8(arrow_array::Int8Array),
    I16(arrow_array::Int16Array),
    I32(arrow_array::Int32Array),
    I64(arrow_array::Int64Array),
    U8(arrow_array::UInt8Array),
    U16(arrow_array::UInt16Array),
    U32(arrow_array::UInt32Array),
    U64(arrow_array::UInt64Array),
}

impl Keys {
    fn new(keys: &dyn Array) -> Option<Keys> {
        use arrow_array::types as t;
        Some(match keys.data_type() {
            DataType::Int8 => Keys::I8(keys.as_primitive::<t::Int8Type>().clone()),
            DataType::Int16 => Keys::I16(keys.as_primitive::<t::Int16Type>().clone()),
            DataType::Int32 => Keys::I32(keys.as_primitive::<t::Int32Type>().clone()),
            DataType::Int64 => Keys::I64(keys.as_primitive::<t::Int64Type>().clone()),
            DataType::UInt8 => Keys::U8(keys.as_primitive::<t::UInt8Type>().clone()),
            DataType::UInt16 => Keys::U16(keys.as_primitive::<t::UInt16Type>().clone()),
            DataType::UInt32 => Keys::U32(keys.as_primitive::<t::UInt32Type>().clone()),
            DataType::UInt64 => Keys::U64(keys.as_primitive::<t::UInt64Type>().clone()),
            _ => return None,
        })
    }

    /// The key of `row` ([`NO_CODE`] when null or out of range).
    #[inline]
    pub(crate) fn get(&self, row: usize) -> u32 {
        macro_rules! key {
            ($a:expr) => {
                match $a.values().get(row) {
                    Some(&k) if !$a.is_null(row) => u32::try_from(k).unwrap_or(NO_CODE),
                    _ => NO_CODE,
                }
            };
        }
        match self {
            Keys::I8(a) => key!(a),
            Keys::I16(a) => key!(a),
            Keys::I32(a) => key!(a),
            Keys::I64(a) => key!(a),
            Keys::U8(a) => key!(a),
            Keys::U16(a) => key!(a),
            Keys::U32(a) => key!(a),
            Keys::U64(a) => key!(a),
        }
    }

    /// `table[key]` for every row of `rows` (`null` for a null or unknown
    /// key), with one type dispatch for the whole range.
    pub(crate) fn map<T: Copy>(
        &self,
        rows: std::ops::Range<usize>,
        table: &[T],
        null: T,
        out: &mut Vec<T>,
    ) {
        macro_rules! map {
            ($a:expr) => {{
                let values = $a.values();
                for row in rows {
                    let v = match values.get(row) {
                        Some(&k) if !$a.is_null(row) => usize::try_from(k)
                            .ok()
                            .and_then(|k| table.get(k).copied())
                            .unwrap_or(null),
                        _ => null,
                    };
                    out.push(v);
                }
            }};
        }
        match self {
            Keys::I8(a) => map!(a),
            Keys::I16(a) => map!(a),
            Keys::I32(a) => map!(a),
            Keys::I64(a) => map!(a),
            Keys::U8(a) => map!(a),
            Keys::U16(a) => map!(a),
            Keys::U32(a) => map!(a),
            Keys::U64(a) => map!(a),
        }
    }

    fn null_count(&self) -> usize {
        match self {
            Keys::I8(a) => a.null_count(),
            Keys::I16(a) => a.null_count(),
            Keys::I32(a) => a.null_count(),
            Keys::I64(a) => a.null_count(),
            Keys::U8(a) => a.null_count(),
            Keys::U16(a) => a.null_count(),
            Keys::U32(a) => a.null_count(),
            Keys::U64(a) => a.null_count(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Keys::I8(a) => a.len(),
            Keys::I16(a) => a.len(),
            Keys::I32(a) => a.len(),
            Keys::I64(a) => a.len(),
            Keys::U8(a) => a.len(),
            Keys::U16(a) => a.len(),
            Keys::U32(a) => a.len(),
            Keys::U64(a) => a.len(),
        }
    }
}

impl TextColumn {
    /// A reader for `array` if it holds text; `None` for another type.
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>) -> Option<TextColumn> {
        let text = match array.data_type() {
            DataType::Utf8 => Text::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Text::Large(array.as_string::<i64>().clone()),
            DataType::Utf8View => Text::View(array.as_string_view().clone()),
            DataType::Null => Text::Null,
            DataType::Dictionary(_, _) => {
                let d = array.as_any_dictionary_opt()?;
                let values = TextColumn::new(d.values(), d.values().logical_nulls())?;
                Text::Dict {
                    keys: Keys::new(d.keys())?,
                    values: Box::new(values),
                }
            }
            _ => return None,
        };
        Some(TextColumn { text, nulls })
    }

    /// Whether an Arrow type is text this reader takes.
    pub(crate) fn accepts(t: &DataType) -> bool {
        match t {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
            DataType::Dictionary(_, v) => TextColumn::accepts(v),
            _ => false,
        }
    }

    /// The text at `row`, `None` when null.
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return None;
        }
        match &self.text {
            Text::Utf8(a) => (row < a.len()).then(|| a.value(row)),
            Text::Large(a) => (row < a.len()).then(|| a.value(row)),
            Text::View(a) => (row < a.len()).then(|| a.value(row)),
            Text::Dict { keys, values } => values.get(keys.get(row) as usize),
            Text::Null => None,
        }
    }

    /// For a dictionary column: each row's key (or [`NO_CODE`]) and the
    /// distinct values, so a test can run once per value.
    pub(crate) fn dictionary(&self) -> Option<(&Keys, &TextColumn)> {
        match &self.text {
            Text::Dict { keys, values } => Some((keys, values)),
            _ => None,
        }
    }

    /// Whether every row reads as null (nothing to look at).
    pub(crate) fn all_null(&self) -> bool {
        match &self.text {
            Text::Null => true,
            Text::Dict { values, .. } if values.rows() == 0 => true,
            _ => self
                .nulls
                .as_ref()
                .is_some_and(|n| n.null_count() == n.len()),
        }
    }

    /// Whether some row may read as null (a cheap, conservative check).
    pub(crate) fn may_have_nulls(&self) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.null_count() > 0)
            || match &self.text {
                Text::Dict { keys, values } => keys.null_count() > 0 || values.may_have_nulls(),
                Text::Null => true,
                _ => false,
            }
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        match &self.text {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Dict { keys, .. } => keys.len(),
            Text::Null => self.nulls.as_ref().map_or(0, NullBuffer::len),
        }
    }

    /// Number of distinct values a per-value table needs.
    pub(crate) fn len(&self) -> usize {
        match &self.text {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Dict { keys, .. } => keys.len(),
            Text::Null => self.nulls.as_ref().map_or(0, NullBuffer::len),
        }
    }

    /// Map every row through `f`, once per distinct value for a dictionary
    /// column; `f(None)` for null rows.
    pub(crate) fn map_values<T: Copy>(
        &self,
        rows: std::ops::Range<usize>,
        mut f: impl FnMut(Option<&str>) -> T,
        out: &mut Vec<T>,
    ) {
        out.clear();
        if let Some((keys, values)) = self.dictionary() {
            let n = values.len();
            let table: Vec<T> = (0..n).map(|v| f(values.get(v))).collect();
            let null = f(None);
            let start = out.len();
            keys.map(rows.clone(), &table, null, out);
            if let Some(nulls) = &self.nulls {
                for (v, row) in out.iter_mut().skip(start).zip(rows) {
                    if nulls.is_null(row) {
                        *v = null;
                    }
                }
            }
        } else {
            out.extend(rows.map(|row| f(self.get(row))));
        }
    }
}

/// Numbers: integers, floats, decimals, or decimal text (money).
#[derive(Debug, Clone)]
pub(crate) enum Number {
    Int(arrow_array::Int64Array),
    UInt(arrow_array::UInt64Array),
    Float(arrow_array::Float64Array),
    Decimal(ArrayRef),
    Text(TextColumn),
    Null,
}

/// A number column with the nulls of its enclosing structs.
#[derive(Debug, Clone)]
pub(crate) struct NumberColumn {
    pub number: Number,
    pub nulls: Option<NullBuffer>,
}

/// Largest float that is an exact integer (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A whole number ≥ 0 written as text (`250`, ` 250 `; not `250.0`, `-3`
/// or `2.5e2`).
fn whole(s: &str) -> Option<u64> {
    let s = s.trim();
    s.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| s.parse().ok())?
}

impl NumberColumn {
    /// A reader for an integer, float, decimal or (with `text`) string column.
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>, text: bool) -> Option<Self> {
        let t = array.data_type();
        let number = match t {
            DataType::Null => Number::Null,
            DataType::UInt64 => Number::UInt(array.as_primitive::<UInt64Type>().clone()),
            _ if t.is_integer() => {
                let cast = arrow_cast::cast(array, &DataType::Int64).ok()?;
                Number::Int(cast.as_primitive::<Int64Type>().clone())
            }
            _ if t.is_floating() => {
                let cast = arrow_cast::cast(array, &DataType::Float64).ok()?;
                Number::Float(cast.as_primitive::<Float64Type>().clone())
            }
            DataType::Decimal128(..) | DataType::Decimal256(..) => Number::Decimal(array.clone()),
            _ if text => Number::Text(TextColumn::new(array, nulls.clone())?),
            _ => return None,
        };
        Some(NumberColumn { number, nulls })
    }

    fn null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }

    /// A whole number ≥ 0 (`company.employees`), read as JSON would: a
    /// whole float is an integer, a fraction or a negative is an error.
    pub(crate) fn count(&self, row: usize) -> Result<Option<Decimal>, String> {
        if self.null(row) {
            return Ok(None);
        }
        match &self.number {
            Number::Int(a) => {
                let v = a.value(row);
                if v < 0 {
                    return Err(format!("invalid value: integer `{v}`, expected u64"));
                }
                Ok(Some(Decimal::from(v)))
            }
            Number::UInt(a) => Ok(Some(Decimal::from(a.value(row)))),
            Number::Float(a) => {
                let f = a.value(row);
                if f.is_nan() {
                    return Ok(None);
                }
                if f.fract() != 0.0 || f.abs() > EXACT_FLOAT {
                    return Err(format!("invalid type: floating point `{f}`, expected u64"));
                }
                if f < 0.0 {
                    return Err(format!("invalid value: integer `{f}`, expected u64"));
                }
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                Ok(Some(Decimal::from(i)))
            }
            Number::Null => Ok(None),
            Number::Text(t) => match t.get(row) {
                None => Ok(None),
                Some(s) => whole(s)
                    .map(|v| Some(Decimal::from(v)))
                    .ok_or_else(|| format!("invalid value: `{s}`, expected a whole number")),
            },
            Number::Decimal(_) => Err(String::from("invalid type: expected a whole number")),
        }
    }

    /// A whole number for an integer test (`None` when missing; a value
    /// the row check refuses reads as missing, its row is not scored).
    #[inline]
    pub(crate) fn int(&self, row: usize) -> Option<i128> {
        if self.null(row) {
            return None;
        }
        match &self.number {
            Number::Int(a) => Some(i128::from(a.value(row))),
            Number::UInt(a) => Some(i128::from(a.value(row))),
            Number::Float(a) => {
                let f = a.value(row);
                #[allow(clippy::cast_possible_truncation)]
                (f.fract() == 0.0 && f.abs() <= EXACT_FLOAT).then_some(f as i128)
            }
            Number::Text(t) => t.get(row).and_then(whole).map(i128::from),
            _ => None,
        }
    }

    /// Whether reading some value as a count can fail.
    pub(crate) fn count_may_fail(&self) -> bool {
        match &self.number {
            Number::Int(a) => a.values().iter().any(|v| *v < 0),
            Number::UInt(_) | Number::Null => false,
            _ => true,
        }
    }

    /// Whether reading some value as money can fail.
    pub(crate) fn money_may_fail(&self) -> bool {
        match &self.number {
            Number::Int(_) | Number::UInt(_) | Number::Null => false,
            Number::Decimal(a) => match a.data_type() {
                DataType::Decimal128(_, scale) if (0..=28).contains(scale) => {
                    let m = a.as_primitive::<Decimal128Type>().values();
                    // rust_decimal holds 96-bit mantissas.
                    let limit = (1i128 << 96).saturating_sub(1);
                    m.iter().any(|v| v.unsigned_abs() > limit.unsigned_abs())
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// An exact amount: decimals and integers as they are, decimal text
    /// parsed, floats (only bound with `allow_float`) by their shortest text.
    pub(crate) fn money(&self, row: usize) -> Result<Option<Decimal>, String> {
        if self.null(row) {
            return Ok(None);
        }
        match &self.number {
            Number::Int(a) => Ok(Some(Decimal::from(a.value(row)))),
            Number::UInt(a) => Ok(Some(Decimal::from(a.value(row)))),
            Number::Float(a) => {
                let f = a.value(row);
                if f.is_nan() {
                    return Ok(None);
                }
                // A whole float is its integer; others read as their shortest text.
                if f.fract() == 0.0 && f.abs() <= EXACT_FLOAT {
                    #[allow(clippy::cast_possible_truncation)]
                    return Ok(Some(Decimal::from(f as i64)));
                }
                eql_core::money::parse_decimal(&f.to_string()).map(Some)
            }
            Number::Decimal(a) => decimal(a, row).map(Some),
            Number::Text(t) => t.get(row).map(eql_core::money::parse_decimal).transpose(),
            Number::Null => Ok(None),
        }
    }
}

fn decimal(a: &ArrayRef, row: usize) -> Result<Decimal, String> {
    let text = match a.data_type() {
        DataType::Decimal128(_, scale) => {
            let v = a.as_primitive::<Decimal128Type>().value(row);
            if let Ok(scale) = u32::try_from(*scale)
                && let Ok(d) = Decimal::try_from_i128_with_scale(v, scale)
            {
                return Ok(d);
            }
            a.as_primitive::<Decimal128Type>().value_as_string(row)
        }
        _ => a.as_primitive::<Decimal256Type>().value_as_string(row),
    };
    eql_core::money::parse_decimal(&text)
}

/// Booleans.
#[derive(Debug, Clone)]
pub(crate) struct BoolColumn {
    pub values: Option<BooleanArray>,
    pub nulls: Option<NullBuffer>,
}

impl BoolColumn {
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>) -> Option<Self> {
        let values = match array.data_type() {
            DataType::Boolean => Some(array.as_boolean().clone()),
            DataType::Null => None,
            _ => return None,
        };
        Some(BoolColumn { values, nulls })
    }

    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<bool> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return None;
        }
        self.values.as_ref().map(|v| v.value(row))
    }
}

/// Instants: timestamps with a time zone, or RFC 3339 text.
#[derive(Debug, Clone)]
pub(crate) enum Time {
    Stamp {
        values: arrow_buffer::ScalarBuffer<i64>,
        unit: TimeUnit,
        /// Every value is an instant chrono can hold (checked once).
        in_range: bool,
    },
    Text(TextColumn),
    Null,
}

/// An instant column with the nulls of its enclosing structs.
#[derive(Debug, Clone)]
pub(crate) struct TimeColumn {
    pub time: Time,
    pub nulls: Option<NullBuffer>,
}

const NANOS: i64 = 1_000_000_000;

fn units_per_second(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => NANOS,
    }
}

impl TimeColumn {
    /// A reader for a zoned timestamp or a text column (naive timestamps
    /// are refused by the binder before this).
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>) -> Option<Self> {
        let time = match array.data_type() {
            DataType::Timestamp(unit, Some(_)) => {
                let values = match unit {
                    TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values(),
                    TimeUnit::Millisecond => {
                        array.as_primitive::<TimestampMillisecondType>().values()
                    }
                    TimeUnit::Microsecond => {
                        array.as_primitive::<TimestampMicrosecondType>().values()
                    }
                    TimeUnit::Nanosecond => {
                        array.as_primitive::<TimestampNanosecondType>().values()
                    }
                };
                let per = units_per_second(*unit);
                let ok = |v: i64| DateTime::from_timestamp(v.div_euclid(per), 0).is_some();
                let in_range = values.iter().min().is_none_or(|&v| ok(v))
                    && values.iter().max().is_none_or(|&v| ok(v));
                Time::Stamp {
                    values: values.clone(),
                    unit: *unit,
                    in_range,
                }
            }
            DataType::Null => Time::Null,
            t if TextColumn::accepts(t) => Time::Text(TextColumn::new(array, nulls.clone())?),
            _ => return None,
        };
        Some(TimeColumn { time, nulls })
    }

    fn null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }

    /// The instant at `row`.
    pub(crate) fn get(&self, row: usize) -> Result<Option<Instant>, String> {
        if self.null(row) {
            return Ok(None);
        }
        match &self.time {
            Time::Stamp { values, unit, .. } => {
                let v = values.get(row).copied().unwrap_or(0);
                let per = units_per_second(*unit);
                let secs = v.div_euclid(per);
                let sub = v
                    .rem_euclid(per)
                    .saturating_mul(NANOS.checked_div(per).unwrap_or(1));
                let nanos = u32::try_from(sub).unwrap_or(0);
                DateTime::from_timestamp(secs, nanos)
                    .map(Some)
                    .ok_or_else(|| format!("timestamp {v} is out of range"))
            }
            Time::Text(t) => t.get(row).map(parse_instant).transpose(),
            Time::Null => Ok(None),
        }
    }

    /// Whole seconds since the epoch, rounded down (the age arithmetic of
    /// intent rules), without building an instant for timestamp columns.
    #[inline]
    pub(crate) fn secs(&self, row: usize) -> Result<Option<i64>, String> {
        if let Time::Stamp { values, unit, .. } = &self.time
            && !self.null(row)
        {
            let v = values.get(row).copied().unwrap_or(0);
            return Ok(Some(v.div_euclid(units_per_second(*unit))));
        }
        Ok(self.get(row)?.map(|t| t.timestamp()))
    }

    /// Whole seconds (rounded down) of every row of `rows` into `out`;
    /// `i64::MAX` for a missing or unreadable value (it never counts). The
    /// unit is matched once so each division is by a constant.
    pub(crate) fn secs_range(&self, rows: std::ops::Range<usize>, out: &mut Vec<i64>) {
        if let Time::Stamp { values, unit, .. } = &self.time
            && let Some(vals) = values.get(rows.clone())
        {
            macro_rules! fill {
                ($per:expr) => {
                    out.extend(vals.iter().map(|v| v.div_euclid($per)))
                };
            }
            let start = out.len();
            match unit {
                TimeUnit::Second => out.extend_from_slice(vals),
                TimeUnit::Millisecond => fill!(1_000),
                TimeUnit::Microsecond => fill!(1_000_000),
                TimeUnit::Nanosecond => fill!(NANOS),
            }
            if let Some(n) = &self.nulls {
                for (v, row) in out.iter_mut().skip(start).zip(rows) {
                    if n.is_null(row) {
                        *v = i64::MAX;
                    }
                }
            }
            return;
        }
        out.extend(rows.map(|r| self.secs(r).ok().flatten().unwrap_or(i64::MAX)));
    }

    /// `as_of` in this column's unit, for exact comparisons without an
    /// instant per row (`None` for text columns).
    pub(crate) fn in_unit(&self, at: &Instant) -> Option<i128> {
        let Time::Stamp { unit, .. } = &self.time else {
            return None;
        };
        let per = i128::from(units_per_second(*unit));
        let secs = i128::from(at.timestamp());
        let nanos = i128::from(at.timestamp_subsec_nanos());
        // A whole value is ≤ `at` iff it is ≤ `at` rounded down to the unit.
        let sub = nanos.checked_mul(per)?.checked_div(i128::from(NANOS))?;
        secs.checked_mul(per)?.checked_add(sub)
    }

    /// Whether reading some value can fail (unparsable text, an instant
    /// out of range, a null where one is required).
    pub(crate) fn may_fail(&self) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.null_count() > 0)
            || !matches!(self.time, Time::Stamp { in_range: true, .. })
    }

    /// The raw value at `row` for a timestamp column.
    #[inline]
    pub(crate) fn raw(&self, row: usize) -> Option<i64> {
        match &self.time {
            Time::Stamp { values, .. } if !self.null(row) => values.get(row).copied(),
            _ => None,
        }
    }
}

/// Dates: `date32`, `date64` or `YYYY-MM-DD` text.
#[derive(Debug, Clone)]
pub(crate) struct DateColumn {
    array: ArrayRef,
    text: Option<TextColumn>,
    nulls: Option<NullBuffer>,
}

impl DateColumn {
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>) -> Option<Self> {
        let text = match array.data_type() {
            DataType::Date32 | DataType::Date64 | DataType::Null => None,
            t if TextColumn::accepts(t) => Some(TextColumn::new(array, nulls.clone())?),
            _ => return None,
        };
        Some(DateColumn {
            array: array.clone(),
            text,
            nulls,
        })
    }

    /// Whether reading some value can fail (text, or dates out of range).
    pub(crate) fn may_fail(&self) -> bool {
        if self.text.is_some() {
            return true;
        }
        let ok = |days: i64| {
            NaiveDate::from_num_days_from_ce_opt(
                i32::try_from(days.saturating_add(719_163)).unwrap_or(i32::MAX),
            )
            .is_some()
        };
        match self.array.data_type() {
            DataType::Date32 => {
                let v = self.array.as_primitive::<Date32Type>().values();
                !(v.iter().min().is_none_or(|&d| ok(i64::from(d)))
                    && v.iter().max().is_none_or(|&d| ok(i64::from(d))))
            }
            DataType::Null => false,
            _ => true,
        }
    }

    pub(crate) fn get(&self, row: usize) -> Result<Option<NaiveDate>, String> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return Ok(None);
        }
        if let Some(t) = &self.text {
            return t
                .get(row)
                .map(|s| s.parse::<NaiveDate>().map_err(|e| format!("{e}: {s:?}")))
                .transpose();
        }
        let d = match self.array.data_type() {
            DataType::Date32 => self.array.as_primitive::<Date32Type>().value_as_date(row),
            DataType::Date64 => self.array.as_primitive::<Date64Type>().value_as_date(row),
            _ => return Ok(None),
        };
        d.map(Some).ok_or_else(|| String::from("date out of range"))
    }
}

/// Lists: their offsets and nulls, over any child.
#[derive(Debug, Clone)]
pub(crate) struct Lists {
    offsets: Vec<usize>,
    nulls: Option<NullBuffer>,
    pub values: ArrayRef,
}

impl Lists {
    pub(crate) fn new(array: &ArrayRef, nulls: Option<NullBuffer>) -> Option<Self> {
        fn widen<O: arrow_array::OffsetSizeTrait>(o: &OffsetBuffer<O>) -> Vec<usize> {
            o.iter().map(|v| v.as_usize()).collect()
        }
        let (offsets, values) = match array.data_type() {
            DataType::List(_) => {
                let l = array.as_list::<i32>();
                (widen(l.offsets()), l.values().clone())
            }
            DataType::LargeList(_) => {
                let l = array.as_list::<i64>();
                (widen(l.offsets()), l.values().clone())
            }
            _ => return None,
        };
        Some(Lists {
            offsets,
            nulls,
            values,
        })
    }

    /// The child rows of list `row` (empty when the list is null).
    #[inline]
    pub(crate) fn range(&self, row: usize) -> std::ops::Range<usize> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return 0..0;
        }
        let start = self.offsets.get(row).copied().unwrap_or(0);
        let end = self
            .offsets
            .get(row.saturating_add(1))
            .copied()
            .unwrap_or(start);
        start..end
    }

    /// The child rows of lists `rows`, null lists included.
    pub(crate) fn span(&self, rows: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let at = |r: usize| self.offsets.get(r).copied().unwrap_or(0);
        let (lo, hi) = (at(rows.start), at(rows.end));
        lo..hi.max(lo)
    }

    /// Whether list `row` is null.
    pub(crate) fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }
}

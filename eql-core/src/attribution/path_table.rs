//! Path tables, the input of the data-driven models: one row per distinct
//! path with its conversions, conversion value and non-conversions, as in
//! ChannelAttribution (`path = "a > b > c"`, `total_conversions`,
//! `total_conversion_value`, `total_null`).
//!
//! Internally channels are interned to small integers and paths stored
//! flat, so a million journeys fit in a few flat vectors.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::AttributionError;
use super::journey::{Journey, window};
use super::rounding::to_units;

/// The channel name of a journey touch that has none.
pub const NO_CHANNEL: &str = "(none)";

/// A path: `"a > b > c"` (names trimmed) or `["a", "b", "c"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathSpec {
    /// Channels separated by `>`, as in ChannelAttribution.
    Text(String),
    /// Channels as a list (names may contain `>`).
    Channels(Vec<String>),
}

impl From<&str> for PathSpec {
    fn from(s: &str) -> Self {
        PathSpec::Text(s.to_owned())
    }
}

/// One row of a path table in the canonical JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathRow {
    pub path: PathSpec,
    #[serde(default)]
    pub total_conversions: u64,
    /// Money as a decimal string; absent = 0.
    #[serde(
        default,
        with = "crate::money::decimal_str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_conversion_value: Option<Decimal>,
    #[serde(default)]
    pub total_null: u64,
}

/// Most distinct channels a table may hold (Markov states pack 4 ids in a u64).
pub const MAX_CHANNELS: usize = 65_535;

/// A small, deterministic hasher for interned ids and short strings
/// (the Fx multiply-rotate scheme); hash order never reaches the output.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A validated path table: interned channels, flat paths, exact values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathTable {
    pub(crate) channels: Vec<String>,
    /// Channel ids of all paths, back to back.
    pub(crate) steps: Vec<u16>,
    /// Row `r`'s path is `steps[ends[r-1]..ends[r]]`.
    pub(crate) ends: Vec<usize>,
    pub(crate) conversions: Vec<u64>,
    pub(crate) nulls: Vec<u64>,
    /// Conversion values in units of `10^-value_scale`.
    pub(crate) values: Vec<u128>,
    pub(crate) value_scale: u32,
}

impl PathTable {
    /// Parse rows (`"a > b > c"`); an empty path is an error, not a crash.
    pub fn from_rows(rows: &[PathRow]) -> Result<Self, AttributionError> {
        let scale = rows
            .iter()
            .filter_map(|r| r.total_conversion_value)
            .map(|v| v.scale())
            .max()
            .unwrap_or(0);
        let mut b = PathTableBuilder::new(scale);
        let mut path: Vec<&str> = Vec::new();
        for (row, r) in rows.iter().enumerate() {
            path.clear();
            match &r.path {
                PathSpec::Text(t) => path.extend(t.split('>').map(str::trim)),
                PathSpec::Channels(c) => path.extend(c.iter().map(String::as_str)),
            }
            if path.is_empty() || path.iter().any(|c| c.is_empty()) {
                return Err(AttributionError::EmptyPath { row });
            }
            let value = r.total_conversion_value.unwrap_or(Decimal::ZERO);
            b.add_at(row, &path, r.total_conversions, value, r.total_null)?;
        }
        Ok(b.finish())
    }

    /// Parse a JSON array of rows.
    pub fn from_json(json: &str) -> Result<Self, AttributionError> {
        let rows: Vec<PathRow> = crate::error::from_json_str(json)
            .map_err(|e| AttributionError::Input(e.into_input_error()))?;
        Self::from_rows(&rows)
    }

    /// Number of rows (distinct paths).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the table has no row.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Approximate heap bytes held by the table (for memory budgets).
    pub fn heap_bytes(&self) -> usize {
        let names: usize = self.channels.iter().map(String::capacity).sum();
        names
            .saturating_add(self.steps.capacity().saturating_mul(2))
            .saturating_add(self.ends.capacity().saturating_mul(8))
            .saturating_add(self.conversions.capacity().saturating_mul(8))
            .saturating_add(self.nulls.capacity().saturating_mul(8))
            .saturating_add(self.values.capacity().saturating_mul(16))
    }

    /// Distinct channel names, in order of first appearance.
    pub fn channels(&self) -> &[String] {
        &self.channels
    }

    /// Rows as (path, conversions, value units, nulls).
    pub(crate) fn rows(&self) -> impl Iterator<Item = (&[u16], u64, u128, u64)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .zip(self.conversions.iter().zip(&self.values).zip(&self.nulls))
            .map(|((s, e), ((&c, &v), &n))| (self.steps.get(s..e).unwrap_or(&[]), c, v, n))
    }
}

/// A path of at most 8 channels as one `u128` (lanes hold `id + 1`, so
/// different lengths never collide); `None` for longer paths.
fn pack(path: &[u16]) -> Option<u128> {
    if path.len() > 8 {
        return None;
    }
    path.iter().try_fold(0u128, |k, &id| {
        Some(k.checked_shl(16)? | u128::from(id.checked_add(1)?))
    })
}

/// `to_units` without normalising, for the common case of an amount with
/// at most `scale` places.
fn quick_units(value: Decimal, scale: u32) -> Option<u128> {
    let extra = scale.checked_sub(value.scale())?;
    let m = u128::try_from(value.mantissa()).ok()?;
    10u128.checked_pow(extra)?.checked_mul(m)
}

/// Builds a path table from journeys, merging identical paths.
///
/// ```
/// use eql_core::attribution::PathTableBuilder;
/// use rust_decimal::Decimal;
/// let mut b = PathTableBuilder::new(2);
/// b.add(&["email", "partner"], 1, Decimal::new(10000, 2), 0).unwrap();
/// b.add(&["email", "partner"], 0, Decimal::ZERO, 1).unwrap();
/// assert_eq!(b.finish().len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathTableBuilder {
    table: PathTable,
    ids: FxMap<String, u16>,
    /// Paths of ≤ 8 channels, packed as 16-bit lanes of `id + 1`: the
    /// common case hashes one integer and allocates nothing.
    short: FxMap<u128, usize>,
    long: FxMap<Box<[u16]>, usize>,
    buf: Vec<u16>,
}

const OVERFLOW: AttributionError = AttributionError::Overflow { what: "path table" };

impl PathTableBuilder {
    /// Values are kept exactly with `value_scale` decimal places (e.g. the
    /// currency's minor units).
    pub fn new(value_scale: u32) -> Self {
        let mut b = PathTableBuilder::default();
        b.table.value_scale = value_scale;
        b
    }

    /// Add `conversions` conversions worth `value` in total and `nulls`
    /// non-conversions that followed `path`.
    /// A negative value, or a value without conversions, is an error.
    pub fn add<S: AsRef<str>>(
        &mut self,
        path: &[S],
        conversions: u64,
        value: Decimal,
        nulls: u64,
    ) -> Result<(), AttributionError> {
        self.add_at(self.table.len(), path, conversions, value, nulls)
    }

    /// Add a converting journey: the channels of its kept touches (inside
    /// the window, in time order; a touch without a channel counts as
    /// `"(none)"`), one conversion worth its amount. The amount may not have
    /// more decimal places than the builder's `value_scale`.
    pub fn add_journey(
        &mut self,
        journey: &Journey,
        lookback_days: Option<u32>,
    ) -> Result<(), AttributionError> {
        if journey.touchpoints.is_empty() {
            return Err(AttributionError::EmptyJourney);
        }
        if journey.touchpoints.len() > super::MAX_TOUCHES {
            return Err(AttributionError::TooManyTouches {
                limit: super::MAX_TOUCHES,
                actual: journey.touchpoints.len(),
            });
        }
        let win = window(journey, lookback_days);
        if win.kept.is_empty() {
            return Err(AttributionError::NoEligibleTouch {
                excluded: win.excluded.len(),
            });
        }
        let path: Vec<&str> = win
            .kept
            .iter()
            .filter_map(|&i| journey.touchpoints.get(i))
            .map(|t| t.channel.as_deref().unwrap_or(NO_CHANNEL))
            .collect();
        self.add(&path, 1, journey.conversion.amount, 0)
    }

    /// Add with `row` named in errors.
    pub(crate) fn add_at<S: AsRef<str>>(
        &mut self,
        row: usize,
        path: &[S],
        conversions: u64,
        value: Decimal,
        nulls: u64,
    ) -> Result<(), AttributionError> {
        if path.is_empty() {
            return Err(AttributionError::EmptyPath { row });
        }
        // The journey-length limit holds for paths too (SPEC §8).
        if path.len() > super::MAX_TOUCHES {
            return Err(AttributionError::TooManyTouches {
                limit: super::MAX_TOUCHES,
                actual: path.len(),
            });
        }
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AttributionError::NegativeAmount {
                amount: value.to_string(),
            });
        }
        if conversions == 0 && !value.is_zero() {
            return Err(AttributionError::ValueWithoutConversions { row });
        }
        let scale = self.table.value_scale;
        let units = quick_units(value, scale)
            .or_else(|| to_units(value, scale))
            .ok_or_else(|| AttributionError::AmountTooPrecise {
                amount: value.to_string(),
                currency: format!("a path table with {scale} decimal places"),
                minor_units: scale,
            })?;
        self.buf.clear();
        for c in path {
            let c = c.as_ref();
            let id = match self.ids.get(c) {
                Some(&id) => id,
                None => {
                    let id = u16::try_from(self.table.channels.len())
                        .ok()
                        .filter(|&id| usize::from(id) < MAX_CHANNELS)
                        .ok_or(AttributionError::TooManyChannels {
                            limit: MAX_CHANNELS,
                        })?;
                    self.ids.insert(c.to_owned(), id);
                    self.table.channels.push(c.to_owned());
                    id
                }
            };
            self.buf.push(id);
        }
        let next = self.table.ends.len();
        // One probe for the common short path: entry() finds or reserves.
        let row = match pack(&self.buf) {
            Some(k) => *self.short.entry(k).or_insert(next),
            None => match self.long.get(self.buf.as_slice()) {
                Some(&row) => row,
                None => {
                    self.long.insert(self.buf.clone().into_boxed_slice(), next);
                    next
                }
            },
        };
        let t = &mut self.table;
        if row != next {
            let add =
                |v: Option<&mut u64>, x: u64| v.and_then(|v| v.checked_add(x).map(|s| *v = s));
            add(t.conversions.get_mut(row), conversions).ok_or(OVERFLOW)?;
            add(t.nulls.get_mut(row), nulls).ok_or(OVERFLOW)?;
            let v = t.values.get_mut(row).ok_or(OVERFLOW)?;
            *v = v.checked_add(units).ok_or(OVERFLOW)?;
            return Ok(());
        }
        t.steps.extend_from_slice(&self.buf);
        t.ends.push(t.steps.len());
        t.conversions.push(conversions);
        t.nulls.push(nulls);
        t.values.push(units);
        Ok(())
    }

    /// The table built so far.
    pub fn finish(self) -> PathTable {
        self.table
    }
}

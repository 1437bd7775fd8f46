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
use super::path_builder::PathTableBuilder;

/// A path: `"a > b > c"` (names trimmed) or `["a", "b", "c"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PathRow {
    pub path: PathSpec,
    #[serde(default)]
    pub total_conversions: u64,
    /// Money as a decimal string; absent = 0.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
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

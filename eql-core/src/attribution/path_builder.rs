//! Building a path table: interning channel names to `u16` ids and
//! merging identical paths, one hash probe per journey for paths of up to 8
//! channels.

use rust_decimal::Decimal;

use super::error::AttributionError;
use super::journey::{Journey, window};
use super::path_table::{FxMap, MAX_CHANNELS, PathTable};
use super::rounding::to_units;

/// The channel name of a journey touch that has none.
pub const NO_CHANNEL: &str = "(none)";

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

    /// The id of a channel name, interned on first sight: ids are dense
    /// (0, 1, 2, ... in order of first appearance), for [`Self::add_ids`].
    pub fn channel_id(&mut self, name: &str) -> Result<u16, AttributionError> {
        if let Some(&id) = self.ids.get(name) {
            return Ok(id);
        }
        let id = u16::try_from(self.table.channels.len())
            .ok()
            .filter(|&id| usize::from(id) < MAX_CHANNELS)
            .ok_or(AttributionError::TooManyChannels {
                limit: MAX_CHANNELS,
            })?;
        self.ids.insert(name.to_owned(), id);
        self.table.channels.push(name.to_owned());
        Ok(id)
    }

    /// [`Self::add`] for a path of ids from [`Self::channel_id`] (for
    /// dictionary-encoded input: no string is hashed per journey). An id
    /// not handed out yet is `attribution.unknown_channel_id`.
    pub fn add_ids(
        &mut self,
        ids: &[u16],
        conversions: u64,
        value: Decimal,
        nulls: u64,
    ) -> Result<(), AttributionError> {
        let row = self.table.len();
        let units = self.check(row, ids.len(), conversions, value)?;
        let known = self.table.channels.len();
        if let Some(&id) = ids.iter().find(|&&id| usize::from(id) >= known) {
            return Err(AttributionError::UnknownChannelId { id });
        }
        self.buf.clear();
        self.buf.extend_from_slice(ids);
        self.merge(conversions, units, nulls)
    }

    /// [`Self::add`] naming input row `row` in errors (rows of a table
    /// that merges equal paths).
    pub fn add_at<S: AsRef<str>>(
        &mut self,
        row: usize,
        path: &[S],
        conversions: u64,
        value: Decimal,
        nulls: u64,
    ) -> Result<(), AttributionError> {
        let units = self.check(row, path.len(), conversions, value)?;
        self.buf.clear();
        for c in path {
            let id = self.channel_id(c.as_ref())?;
            self.buf.push(id);
        }
        self.merge(conversions, units, nulls)
    }

    /// Validate a row; its value in units of the table's scale.
    fn check(
        &self,
        row: usize,
        len: usize,
        conversions: u64,
        value: Decimal,
    ) -> Result<u128, AttributionError> {
        if len == 0 {
            return Err(AttributionError::EmptyPath { row });
        }
        // The journey-length limit holds for paths too (SPEC §8).
        if len > super::MAX_TOUCHES {
            return Err(AttributionError::TooManyTouches {
                limit: super::MAX_TOUCHES,
                actual: len,
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
        quick_units(value, scale)
            .or_else(|| to_units(value, scale))
            .ok_or_else(|| AttributionError::AmountTooPrecise {
                amount: value.to_string(),
                currency: format!("a path table with {scale} decimal places"),
                minor_units: scale,
            })
    }

    /// Merge the path in `buf` into its row, or start a new row.
    fn merge(&mut self, conversions: u64, units: u128, nulls: u64) -> Result<(), AttributionError> {
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

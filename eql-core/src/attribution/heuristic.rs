//! Heuristic first / last / linear totals over a path table, with
//! ChannelAttribution's `heuristic_models` conventions: per row, the first
//! channel gets all its conversions and value, the last channel likewise,
//! and under linear each *step* of the path gets `1/len` (a channel that
//! appears twice in a path collects two parts).
//!
//! Totals are exact: linear parts are integer units (10 decimal places for
//! conversions, the table's scale for value) split per row by largest
//! remainder (equal parts, so the extra units go to the earliest steps), so
//! every model's channel totals add up exactly to the table's totals.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::AttributionError;
use super::path_table::PathTable;
use super::rounding::{SHARE_PLACES, SHARE_UNITS, to_decimals};

/// One channel's totals under each heuristic model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HeuristicChannel {
    pub channel_name: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub first_touch_conversions: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub first_touch_value: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub last_touch_conversions: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub last_touch_value: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub linear_touch_conversions: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub linear_touch_value: Decimal,
}

/// Channel totals (sorted by channel name) and the table's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HeuristicResult {
    pub channels: Vec<HeuristicChannel>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversions: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub total_conversion_value: Decimal,
}

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "heuristic totals",
};

#[derive(Clone, Copy, Default)]
struct Acc {
    first_c: u128,
    first_v: u128,
    last_c: u128,
    last_v: u128,
    lin_c: u128,
    lin_v: u128,
}

fn add(a: &mut u128, x: u128) -> Result<(), AttributionError> {
    *a = a.checked_add(x).ok_or(OVERFLOW)?;
    Ok(())
}

/// Split `total` into `len` equal integer parts; part `i` gets one extra
/// unit when `i < total mod len`.
fn equal_parts(total: u128, len: usize) -> Option<(u128, usize)> {
    // u64 division is several times cheaper than u128; most totals fit.
    if let (Ok(t), Ok(l)) = (u64::try_from(total), u64::try_from(len)) {
        let rem = usize::try_from(t.checked_rem(l)?).ok()?;
        return Some((u128::from(t.checked_div(l)?), rem));
    }
    let l = u128::try_from(len).ok()?;
    let rem = usize::try_from(total.checked_rem(l)?).ok()?;
    Some((total.checked_div(l)?, rem))
}

/// First-, last- and linear-touch totals of every channel of the table.
pub fn heuristic_models(table: &PathTable) -> Result<HeuristicResult, AttributionError> {
    let mut acc = vec![Acc::default(); table.channels.len()];
    let (mut total_c, mut total_v) = (0u128, 0u128);
    for (path, conv, value, _) in table.rows() {
        let (Some(&first), Some(&last)) = (path.first(), path.last()) else {
            continue;
        };
        let conv_units = u128::from(conv).checked_mul(SHARE_UNITS).ok_or(OVERFLOW)?;
        add(&mut total_c, conv_units)?;
        add(&mut total_v, value)?;
        let a = acc.get_mut(usize::from(first)).ok_or(OVERFLOW)?;
        add(&mut a.first_c, conv_units)?;
        add(&mut a.first_v, value)?;
        let a = acc.get_mut(usize::from(last)).ok_or(OVERFLOW)?;
        add(&mut a.last_c, conv_units)?;
        add(&mut a.last_v, value)?;
        let (c_part, c_extra) = equal_parts(conv_units, path.len()).ok_or(OVERFLOW)?;
        let (v_part, v_extra) = equal_parts(value, path.len()).ok_or(OVERFLOW)?;
        for (i, &ch) in path.iter().enumerate() {
            let a = acc.get_mut(usize::from(ch)).ok_or(OVERFLOW)?;
            add(&mut a.lin_c, c_part.saturating_add(u128::from(i < c_extra)))?;
            add(&mut a.lin_v, v_part.saturating_add(u128::from(i < v_extra)))?;
        }
    }
    let scale = table.value_scale;
    let conv = |u: u128| -> Result<Decimal, AttributionError> {
        Ok(one(&to_decimals(&[u], SHARE_PLACES)?)?.normalize())
    };
    let val = |u: u128| -> Result<Decimal, AttributionError> { one(&to_decimals(&[u], scale)?) };
    let mut channels = table
        .channels
        .iter()
        .zip(&acc)
        .map(|(name, a)| {
            Ok(HeuristicChannel {
                channel_name: name.clone(),
                first_touch_conversions: conv(a.first_c)?,
                first_touch_value: val(a.first_v)?,
                last_touch_conversions: conv(a.last_c)?,
                last_touch_value: val(a.last_v)?,
                linear_touch_conversions: conv(a.lin_c)?,
                linear_touch_value: val(a.lin_v)?,
            })
        })
        .collect::<Result<Vec<_>, AttributionError>>()?;
    channels.sort_by(|a, b| a.channel_name.cmp(&b.channel_name));
    Ok(HeuristicResult {
        channels,
        total_conversions: conv(total_c)?,
        total_conversion_value: val(total_v)?,
    })
}

pub(crate) fn one(d: &[Decimal]) -> Result<Decimal, AttributionError> {
    d.first().copied().ok_or(OVERFLOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::PathRow;

    #[test]
    fn repeated_channels_collect_several_linear_parts() {
        let rows = vec![
            PathRow {
                path: "a > b > a".into(),
                total_conversions: 3,
                total_conversion_value: Some(Decimal::new(1000, 2)),
                total_null: 1,
            },
            PathRow {
                path: "b".into(),
                total_conversions: 1,
                total_conversion_value: Some(Decimal::new(5, 1)),
                total_null: 0,
            },
        ];
        let r = heuristic_models(&PathTable::from_rows(&rows).unwrap()).unwrap();
        let a = &r.channels[0];
        assert_eq!(a.first_touch_conversions.to_string(), "3");
        assert_eq!(a.linear_touch_conversions.to_string(), "2");
        assert_eq!(a.linear_touch_value.to_string(), "6.67");
        let b = &r.channels[1];
        assert_eq!(b.linear_touch_value.to_string(), "3.83");
        assert_eq!(r.total_conversion_value.to_string(), "10.50");
        assert_eq!(r.total_conversions.to_string(), "4");
    }
}

//! Largest-remainder rounding: exact shares → integer units that add up.
//!
//! Each touch first gets `floor(total × share)`; the units still missing
//! (fewer than the number of touches) go one each to the touches with the
//! largest remainders, ties to the earlier touch. A touch with a share of 0
//! has remainder 0 and never receives a unit, so no credit is ever negative
//! and no zero-share touch is credited.

use rust_decimal::Decimal;

use super::error::AttributionError;
use super::rational::{ExactShares, mul_div_rem};

/// Decimal places of shares.
pub const SHARE_PLACES: u32 = 10;

/// `10^SHARE_PLACES`: one share is this many units.
pub(crate) const SHARE_UNITS: u128 = 10_000_000_000;

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "largest-remainder rounding",
};

/// Apportion `total` integer units by the shares; the result sums to `total`.
pub(crate) fn apportion(shares: &ExactShares, total: u128) -> Result<Vec<u128>, AttributionError> {
    let d = shares.denominator;
    let mut units = Vec::with_capacity(shares.numerators.len());
    let mut remainders = Vec::with_capacity(shares.numerators.len());
    let mut given: u128 = 0;
    for &n in &shares.numerators {
        let (q, r) = mul_div_rem(total, n, d).ok_or(OVERFLOW)?;
        given = given.checked_add(q).ok_or(OVERFLOW)?;
        units.push(q);
        remainders.push(r);
    }
    let missing = total.checked_sub(given).ok_or(OVERFLOW)?;
    if missing == 0 {
        return Ok(units);
    }
    let missing = usize::try_from(missing).map_err(|_| OVERFLOW)?;
    let mut order: Vec<usize> = (0..remainders.len()).collect();
    // Largest remainder first; the stable sort keeps ties in journey order.
    order.sort_by(|&a, &b| {
        let ra = remainders.get(a).copied().unwrap_or(0);
        let rb = remainders.get(b).copied().unwrap_or(0);
        rb.cmp(&ra)
    });
    for &i in order.iter().take(missing) {
        let u = units.get_mut(i).ok_or(OVERFLOW)?;
        *u = u.checked_add(1).ok_or(OVERFLOW)?;
    }
    Ok(units)
}

/// Integer units → decimals with `scale` places (`12345`, 2 → `123.45`).
pub(crate) fn to_decimals(units: &[u128], scale: u32) -> Result<Vec<Decimal>, AttributionError> {
    units
        .iter()
        .map(|&u| {
            let m = i128::try_from(u).map_err(|_| OVERFLOW)?;
            Decimal::try_from_i128_with_scale(m, scale).map_err(|_| OVERFLOW)
        })
        .collect()
}

/// A non-negative decimal as integer units of `scale` places; `None` when it
/// has more places than `scale` (after dropping trailing zeros) or overflows.
pub(crate) fn to_units(amount: Decimal, scale: u32) -> Option<u128> {
    let a = amount.normalize();
    let extra = scale.checked_sub(a.scale())?;
    let m = u128::try_from(a.mantissa()).ok()?;
    10u128.checked_pow(extra)?.checked_mul(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_give_the_extra_unit_to_the_earliest() {
        let s = ExactShares {
            numerators: vec![1, 1, 1],
            denominator: 3,
        };
        assert_eq!(
            apportion(&s, SHARE_UNITS).unwrap(),
            vec![3333333334, 3333333333, 3333333333]
        );
        assert_eq!(apportion(&s, 1).unwrap(), vec![1, 0, 0]);
        assert_eq!(apportion(&s, 0).unwrap(), vec![0, 0, 0]);
    }

    #[test]
    fn zero_share_never_gets_a_unit() {
        let s = ExactShares {
            numerators: vec![0, 1, 1, 0, 1],
            denominator: 3,
        };
        assert_eq!(apportion(&s, 2).unwrap(), vec![0, 1, 1, 0, 0]);
    }

    #[test]
    fn units_of_amounts() {
        assert_eq!(to_units(Decimal::new(100000, 2), 2), Some(100000));
        assert_eq!(to_units(Decimal::new(1000, 0), 0), Some(1000));
        assert_eq!(to_units(Decimal::new(12340, 3), 2), Some(1234));
        assert_eq!(to_units(Decimal::new(12345, 3), 2), None);
    }
}

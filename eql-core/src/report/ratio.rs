//! Exact ratios of two decimals, for the 5× bar and the quarterly ranking
//! (SPEC §6: "judged, like the ranking, on the exact ratio; rounding is for
//! display only").
//!
//! `a / b` is never computed: two ratios are compared by cross-multiplying
//! the decimals' integer mantissas in a small fixed-width unsigned integer,
//! so 4 995.00 / 1 000.00 is below 5 and 5.004 ranks above 5.003 however the
//! ratio displays, and ratios that agree to 28 digits still compare exactly.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// Limbs of [`Big`]: 512 bits. The largest product compared is
/// 2^96 · 2^96 · 10^56 < 2^379.
const LIMBS: usize = 8;

/// A fixed-width unsigned integer, least significant limb first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Big([u64; LIMBS]);

impl Big {
    fn from_u128(v: u128) -> Big {
        let mut limbs = [0u64; LIMBS];
        let mut rest = v;
        for limb in limbs.iter_mut().take(2) {
            // Truncation is the point: the low 64 bits.
            *limb = rest as u64;
            rest = rest.wrapping_shr(64);
        }
        Big(limbs)
    }

    /// `self × other`, truncated to `LIMBS` limbs (callers stay far below).
    fn mul(&self, other: &Big) -> Big {
        let mut out = [0u64; LIMBS];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry: u128 = 0;
            for (o, &b) in out.iter_mut().skip(i).zip(other.0.iter()) {
                // (2^64 − 1) + (2^64 − 1)² + (2^64 − 1) = 2^128 − 1: no overflow.
                let cur = u128::from(*o)
                    .wrapping_add(u128::from(a).wrapping_mul(u128::from(b)))
                    .wrapping_add(carry);
                *o = cur as u64;
                carry = cur.wrapping_shr(64);
            }
        }
        Big(out)
    }

    fn pow10(exp: u32) -> Big {
        let ten = Big::from_u128(10);
        (0..exp).fold(Big::from_u128(1), |acc, _| acc.mul(&ten))
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

/// `|mantissa| × 10^(scale − own_scale)`, where `own_scale` is the sum of
/// the scales of the two decimals multiplied.
fn cross(a: Decimal, b: Decimal, scale: u32) -> Big {
    let own = a.scale().saturating_add(b.scale());
    Big::from_u128(a.mantissa().unsigned_abs())
        .mul(&Big::from_u128(b.mantissa().unsigned_abs()))
        .mul(&Big::pow10(scale.saturating_sub(own)))
}

/// The exact value `num / den` of a ratio with a positive denominator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ratio {
    num: Decimal,
    den: Decimal,
}

impl Ratio {
    /// `num / den`; `None` unless `den` is positive.
    pub fn new(num: Decimal, den: Decimal) -> Option<Ratio> {
        (den.is_sign_positive() && !den.is_zero()).then_some(Ratio { num, den })
    }

    fn sign(&self) -> Ordering {
        if self.num.is_zero() {
            Ordering::Equal
        } else if self.num.is_sign_negative() {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }

    /// Whether the ratio is at or above `bar`, exactly.
    pub fn at_least(&self, bar: Decimal) -> bool {
        self.cmp(&Ratio {
            num: bar,
            den: Decimal::ONE,
        }) != Ordering::Less
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        let sign = self.sign().cmp(&other.sign());
        if sign != Ordering::Equal || self.sign() == Ordering::Equal {
            return sign;
        }
        // Same sign, both non-zero: compare |a|·d with |c|·b at one scale.
        let scale = (self.num.scale().saturating_add(other.den.scale()))
            .max(other.num.scale().saturating_add(self.den.scale()));
        let left = cross(self.num, other.den, scale);
        let right = cross(other.num, self.den, scale);
        let magnitude = left.cmp(&right);
        if self.sign() == Ordering::Less {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn r(a: &str, b: &str) -> Ratio {
        Ratio::new(d(a), d(b)).unwrap()
    }

    #[test]
    fn the_bar_is_judged_exactly() {
        assert!(!r("4995.00", "1000.00").at_least(d("5")));
        assert!(r("5000.00", "1000.00").at_least(d("5")));
        assert!(r("5000.01", "1000.00").at_least(d("5")));
        assert!(r("0", "1").at_least(d("0")));
        assert!(!r("0", "1").at_least(d("0.0001")));
    }

    #[test]
    fn close_ratios_are_distinct_and_equal_ones_equal() {
        assert!(r("5004", "1000") > r("5003", "1000"));
        assert!(r("5.003", "1") > r("5001.00", "1000.00"));
        assert_eq!(r("10", "4"), r("2.5", "1"));
        assert_eq!(r("0.00", "3"), r("0", "7"));
        // 1/3 and 0.333…3 (28 threes) agree to every digit a Decimal
        // quotient keeps, but are not equal.
        let third = r("1", "3");
        let approx = r("0.3333333333333333333333333333", "1");
        assert_eq!(d("1") / d("3"), d("0.3333333333333333333333333333"));
        assert!(third > approx);
    }

    #[test]
    fn signs_and_extremes() {
        assert!(r("-1", "2") < r("0", "1"));
        assert!(r("-1", "2") > r("-2", "2"));
        assert!(Ratio::new(d("1"), d("0")).is_none());
        assert!(Ratio::new(d("1"), d("-1")).is_none());
        let max = Decimal::MAX;
        let tiny = d("0.0000000000000000000000000001");
        assert!(r(&max.to_string(), &tiny.to_string()) > r(&max.to_string(), "1"));
        assert!(r(&tiny.to_string(), &max.to_string()) > r("0", "1"));
    }
}

//! Exact shares as integer fractions over one common denominator.
//!
//! Every model is expressed as *slots*: an integer weight and the touches that
//! split it equally. Touch `i` then gets `Σ weight_s / count_s` over the slots
//! it belongs to, divided by the total weight of the slots that have at least
//! one touch. Computed over the common denominator `total × lcm(counts)`, all
//! in `u128`, nothing is ever rounded before `rounding.rs`.

use std::ops::Range;

use super::error::AttributionError;

/// The touches (indices into the ordered journey) that split one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Recipients {
    /// A contiguous run of touches, e.g. the middle of a U-shaped journey.
    Range(Range<usize>),
    /// An explicit list; an index may appear twice and then gets two parts.
    List(Vec<usize>),
}

impl Recipients {
    fn count(&self) -> usize {
        match self {
            Recipients::Range(r) => r.len(),
            Recipients::List(l) => l.len(),
        }
    }
}

/// A weight split equally among its recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub weight: u128,
    pub recipients: Recipients,
}

/// Shares `numerators[i] / denominator`; the numerators sum to the denominator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExactShares {
    pub numerators: Vec<u128>,
    pub denominator: u128,
}

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "exact shares",
};

/// Split the slots among `n` touches. Slots with zero weight or no recipient
/// are dropped and the rest renormalised; `None` when nothing is left.
pub(crate) fn split(n: usize, slots: &[Slot]) -> Result<Option<ExactShares>, AttributionError> {
    let live = || {
        slots
            .iter()
            .filter(|s| s.weight > 0 && s.recipients.count() > 0)
    };
    let mut total: u128 = 0;
    let mut lcm_counts: u128 = 1;
    for s in live() {
        total = total.checked_add(s.weight).ok_or(OVERFLOW)?;
        lcm_counts = lcm(lcm_counts, s.recipients.count() as u128).ok_or(OVERFLOW)?;
    }
    if total == 0 {
        return Ok(None);
    }
    let mut numerators = vec![0u128; n];
    for s in live() {
        let count = s.recipients.count() as u128;
        let per = lcm_counts
            .checked_div(count)
            .and_then(|k| k.checked_mul(s.weight))
            .ok_or(OVERFLOW)?;
        let mut give = |i: usize| -> Result<(), AttributionError> {
            let slot = numerators.get_mut(i).ok_or(OVERFLOW)?;
            *slot = slot.checked_add(per).ok_or(OVERFLOW)?;
            Ok(())
        };
        match &s.recipients {
            Recipients::Range(r) => r.clone().try_for_each(&mut give)?,
            Recipients::List(l) => l.iter().copied().try_for_each(&mut give)?,
        }
    }
    let denominator = total.checked_mul(lcm_counts).ok_or(OVERFLOW)?;
    // Reduce: smaller numbers keep the rounding on its fast path.
    let g = numerators.iter().fold(denominator, |g, &x| gcd(g, x));
    if g > 1 {
        for x in &mut numerators {
            *x = x.checked_div(g).ok_or(OVERFLOW)?;
        }
    }
    Ok(Some(ExactShares {
        numerators,
        denominator: denominator.checked_div(g).ok_or(OVERFLOW)?,
    }))
}

pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while let Some(r) = a.checked_rem(b) {
        a = b;
        b = r;
    }
    a
}

pub(crate) fn lcm(a: u128, b: u128) -> Option<u128> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    a.checked_div(gcd(a, b))?.checked_mul(b)
}

/// `(a × b) div c` and `(a × b) mod c` with a 256-bit intermediate product;
/// `None` when `c` is 0 or the quotient does not fit in `u128`.
pub(crate) fn mul_div_rem(a: u128, b: u128, c: u128) -> Option<(u128, u128)> {
    if c == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some((p.checked_div(c)?, p.checked_rem(c)?));
    }
    let (hi, lo) = wide_mul(a, b);
    if hi >= c {
        return None; // the quotient would need more than 128 bits
    }
    // Restoring long division of (hi, lo) by c, one bit of `lo` at a time;
    // the running remainder stays below c, so it fits with one carry bit.
    let mut rem = hi;
    let mut quot: u128 = 0;
    for bit in (0..128u32).rev() {
        let carry = rem >> 127u32 == 1;
        rem = (rem << 1u32) | ((lo >> bit) & 1);
        quot <<= 1u32;
        if carry || rem >= c {
            rem = rem.wrapping_sub(c);
            quot |= 1;
        }
    }
    Some((quot, rem))
}

/// The full 256-bit product of two `u128`, as (high, low) halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64u32, a & MASK);
    let (b_hi, b_lo) = (b >> 64u32, b & MASK);
    // Each partial product of two 64-bit halves fits in u128.
    let ll = a_lo.wrapping_mul(b_lo);
    let lh = a_lo.wrapping_mul(b_hi);
    let hl = a_hi.wrapping_mul(b_lo);
    let hh = a_hi.wrapping_mul(b_hi);
    let mid = (ll >> 64u32)
        .wrapping_add(lh & MASK)
        .wrapping_add(hl & MASK);
    let lo = (ll & MASK) | (mid << 64u32);
    let hi = hh
        .wrapping_add(lh >> 64u32)
        .wrapping_add(hl >> 64u32)
        .wrapping_add(mid >> 64u32);
    (hi, lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_division_matches_narrow() {
        for (a, b, c) in [
            (7u128, 9u128, 4u128),
            (1 << 100, 1 << 20, 3),
            (u128::MAX, 5, 7),
        ] {
            if let Some(p) = a.checked_mul(b) {
                assert_eq!(mul_div_rem(a, b, c), Some((p / c, p % c)));
            }
        }
        // (2^127) × 6 / (2^100) = 3 × 2^28 exactly
        assert_eq!(mul_div_rem(1 << 127, 6, 1 << 100), Some((3 << 28, 0)));
        // (u128::MAX × u128::MAX) / u128::MAX = u128::MAX
        assert_eq!(
            mul_div_rem(u128::MAX, u128::MAX, u128::MAX),
            Some((u128::MAX, 0))
        );
        let (q, r) = mul_div_rem(u128::MAX, 10_000_000_000, u128::MAX - 1).unwrap();
        assert_eq!(q, 10_000_000_000);
        assert_eq!(r, 10_000_000_000);
        assert_eq!(mul_div_rem(u128::MAX, 3, 2), None);
    }

    #[test]
    fn slots_with_fallback_and_overlap() {
        // 40/40/20 with the partner touch last: 0.4 / 0 / 0.6
        let slots = [
            Slot {
                weight: 4,
                recipients: Recipients::List(vec![0]),
            },
            Slot {
                weight: 4,
                recipients: Recipients::List(vec![2]),
            },
            Slot {
                weight: 2,
                recipients: Recipients::List(vec![2]),
            },
        ];
        let s = split(3, &slots).unwrap().unwrap();
        assert_eq!(s.numerators, vec![2, 0, 3]);
        assert_eq!(s.denominator, 5);
        let empty = [Slot {
            weight: 1,
            recipients: Recipients::Range(0..0),
        }];
        assert_eq!(split(1, &empty).unwrap(), None);
    }
}

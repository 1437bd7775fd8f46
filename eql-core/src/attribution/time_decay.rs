//! Time decay: weight `2^(−Δt / half_life)`, Δt measured back from the latest
//! kept touch.
//!
//! Measuring from the latest touch rather than from the conversion changes
//! every weight by the same factor, so the normalised shares are the same,
//! but the latest touch's weight is exactly 1 and old touches cannot all
//! underflow to 0. `libm::exp2` is a portable pure-Rust implementation, so the
//! weights are identical natively and in WASM. Each weight is then fixed as
//! an integer number of 2^-62 units (exact from there on): a touch more than
//! ~62 half-lives older than the latest one gets weight 0.

use super::journey::Touch;
use super::rational::{Recipients, Slot};

/// One weight unit is 2^-62 (an f64 in [0.5, 1] has 53 significant bits, so
/// weights down to ~2^-9 are carried without any rounding).
const SCALE: f64 = 4_611_686_018_427_387_904.0; // 2^62

/// One slot per touch, weighted by its decayed weight.
pub(crate) fn slots(half_life_ms: f64, touches: &[&Touch]) -> Vec<Slot> {
    let Some(latest) = touches.iter().map(|t| t.at).max() else {
        return Vec::new();
    };
    touches
        .iter()
        .enumerate()
        .map(|(i, t)| Slot {
            weight: weight(
                half_life_ms,
                latest.signed_duration_since(t.at).num_milliseconds(),
            ),
            recipients: Recipients::List(vec![i]),
        })
        .collect()
}

/// `round(2^(−age/half_life) × 2^62)`; `age_ms` ≥ 0.
fn weight(half_life_ms: f64, age_ms: i64) -> u128 {
    let w = libm::exp2(-(age_ms as f64) / half_life_ms);
    // `as` saturates and maps NaN to 0; w is in [0, 1], so the result ≤ 2^62.
    libm::round(w * SCALE) as u128
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halvings_are_exact() {
        let day = 86_400_000;
        assert_eq!(weight(7.0 * day as f64, 0), 1 << 62);
        assert_eq!(weight(7.0 * day as f64, 7 * day), 1 << 61);
        assert_eq!(weight(7.0 * day as f64, 14 * day), 1 << 60);
        assert_eq!(weight(1.0, i64::MAX), 0);
    }
}

//! The quarterly ranking: partners with a programme cost, ordered by
//! pipeline ÷ cost, the top share marked `double_down` and the bottom share
//! marked `cut`.
//!
//! Method (nearest rank, competition ties): with `n` ranked partners,
//! `k = ⌊share × n⌋`. Sorted by the ratio, highest first, tied partners share
//! the best rank of their group ("1, 2, 2, 4"). Rank ≤ k → `double_down`;
//! rank > n − k → `cut`; otherwise `hold`. A tied group that straddles the
//! bottom cut-off is therefore never cut (a partner is not cut while another
//! with the same ratio is kept). Below `1 / share` partners, k = 0 and all hold.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// What the ranking suggests for a partner this quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    DoubleDown,
    Hold,
    Cut,
}

/// Ranks (1-based) and actions for `ratios`, in input order.
pub(crate) fn rank(ratios: &[Decimal], share: Decimal) -> Vec<(u32, Action)> {
    let n = ratios.len();
    let k = Decimal::from(n)
        .checked_mul(share)
        .and_then(|v| v.floor().to_usize())
        .unwrap_or(0)
        .min(n / 2);
    let mut order: Vec<usize> = (0..n).collect();
    // Stable: equal ratios keep input (partner id) order.
    order.sort_by(|&a, &b| ratios.get(b).cmp(&ratios.get(a)));
    let mut out = vec![(0u32, Action::Hold); n];
    let mut prev: Option<(Decimal, usize)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let Some(&r) = ratios.get(i) else { continue };
        let rank = match prev {
            Some((p, rk)) if p == r => rk,
            _ => pos.saturating_add(1),
        };
        prev = Some((r, rank));
        let action = if rank <= k {
            Action::DoubleDown
        } else if rank > n.saturating_sub(k) {
            Action::Cut
        } else {
            Action::Hold
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = (u32::try_from(rank).unwrap_or(u32::MAX), action);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn top_and_bottom_fifth() {
        let r = rank(&d(&[5, 9, 1, 7, 3]), Decimal::new(2, 1));
        let actions: Vec<Action> = r.iter().map(|x| x.1).collect();
        use Action::*;
        assert_eq!(actions, [Hold, DoubleDown, Cut, Hold, Hold]);
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), [3, 1, 5, 2, 4]);
    }

    #[test]
    fn ties_share_the_best_rank_and_are_not_cut() {
        // n = 5, k = 1: the two tied last partners have rank 4, not > 4.
        let r = rank(&d(&[9, 5, 4, 1, 1]), Decimal::new(2, 1));
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3, 4, 4]);
        assert!(r.iter().all(|x| x.1 != Action::Cut));
        // Fewer than five partners: k = 0, everybody holds.
        let r = rank(&d(&[3, 2]), Decimal::new(2, 1));
        assert!(r.iter().all(|x| x.1 == Action::Hold));
    }
}

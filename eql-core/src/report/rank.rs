//! The quarterly ranking: partners with a programme cost, ordered by
//! the exact pipeline ÷ cost (never the 2-place display), the top share marked `double_down` and the bottom share
//! marked `cut`.
//!
//! Method (nearest rank, competition ties): with `n` ranked partners,
//! `k = ⌊share × n⌋`. Sorted by the ratio, highest first, tied partners share
//! the best rank of their group ("1, 2, 2, 4"). A group whose every position
//! lies in the top k is `double_down`, one whose every position lies in the
//! bottom k is `cut`, anything else is `hold`: a tied group that straddles a
//! cut-off is held whole, so two partners with the same ratio never get
//! different verdicts (and a quarter where everyone ties holds everyone).
//! Below `1 / share` partners, k = 0 and all hold.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// What the ranking suggests for a partner this quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    DoubleDown,
    Hold,
    Cut,
}

impl Action {
    /// The wire name (`"double_down"`, `"hold"`, `"cut"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::DoubleDown => "double_down",
            Action::Hold => "hold",
            Action::Cut => "cut",
        }
    }
}

/// Ranks (1-based) and actions for `ratios`, in input order. Callers pass
/// exact ratios: values that merely display alike must not tie.
pub(crate) fn rank<T: Ord>(ratios: &[T], share: Decimal) -> Vec<(u32, Action)> {
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
    let mut start = 0;
    while start < n {
        let value = order.get(start).and_then(|&i| ratios.get(i));
        let len = order
            .iter()
            .skip(start)
            .take_while(|&&i| ratios.get(i) == value)
            .count()
            .max(1);
        // Positions start+1 ..= start+len, 1-based.
        let (first, last) = (start.saturating_add(1), start.saturating_add(len));
        let action = if last <= k {
            Action::DoubleDown
        } else if first > n.saturating_sub(k) {
            Action::Cut
        } else {
            Action::Hold
        };
        let rank = u32::try_from(first).unwrap_or(u32::MAX);
        for &i in order.iter().skip(start).take(len) {
            if let Some(slot) = out.get_mut(i) {
                *slot = (rank, action);
            }
        }
        start = last;
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
    fn ties_share_the_best_rank_and_are_held_across_a_cut_off() {
        // n = 5, k = 1: the two tied last partners straddle the cut-off.
        let r = rank(&d(&[9, 5, 4, 1, 1]), Decimal::new(2, 1));
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3, 4, 4]);
        assert!(r.iter().all(|x| x.1 != Action::Cut));
        assert_eq!(r[0].1, Action::DoubleDown);
        // Everyone tied: nobody is singled out either way.
        let r = rank(&d(&[0, 0, 0, 0, 0, 0]), Decimal::new(2, 1));
        assert!(r.iter().all(|x| *x == (1, Action::Hold)));
        // n = 10, k = 2: a tie for first place fills the top exactly.
        let r = rank(&d(&[7, 7, 5, 4, 3, 3, 3, 2, 1, 0]), Decimal::new(2, 1));
        use Action::*;
        let actions: Vec<Action> = r.iter().map(|x| x.1).collect();
        assert_eq!(
            actions,
            [
                DoubleDown, DoubleDown, Hold, Hold, Hold, Hold, Hold, Hold, Cut, Cut
            ]
        );
        // Fewer than five partners: k = 0, everybody holds.
        let r = rank(&d(&[3, 2]), Decimal::new(2, 1));
        assert!(r.iter().all(|x| x.1 == Action::Hold));
    }
}

//! The linear algebra of the Markov model (`markov.rs`): P(conversion) and
//! the expected value from `start`, with and without each channel.
//!
//! Chains of up to `linalg::DENSE_LIMIT` live states invert `I − Q` once
//! (N = (I − Q)⁻¹) and get every removal from it: forcing h = 0 on a state
//! set S gives `P₋S = P − r_S · N_SS⁻¹ · h_S` with `r = πᵀN` (π the start
//! distribution), a |S| × |S| solve per channel instead of a full one.
//! Larger chains solve the reduced system once per channel.

use super::error::AttributionError;
use super::linalg::{self, DENSE_LIMIT, Row};
use super::markov_chain::{Chain, START};

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "markov model",
};

/// (P, V) of the full chain and (P₋c, V₋c) for each channel.
pub(crate) type Reach = (f64, f64, Vec<(f64, f64)>);

/// The system `(I − Q) h = b` on the live states not in `removed`.
struct System {
    /// Chain state → unknown, `usize::MAX` when not an unknown.
    index: Vec<usize>,
    rows: Vec<Row>,
    value_rhs: Vec<f64>,
    /// P(start → s) per unknown.
    start: Vec<f64>,
}

fn system(chain: &Chain, removed: &[bool]) -> Result<System, AttributionError> {
    // Only live, kept states are unknowns: every other state has h = 0.
    let mut index = vec![usize::MAX; chain.len()];
    let mut kept = Vec::new();
    for (s, slot) in index.iter_mut().enumerate() {
        let live = chain.live.get(s).copied().unwrap_or(false);
        if live && !removed.get(s).copied().unwrap_or(false) {
            *slot = kept.len();
            kept.push(s);
        }
    }
    let mut rows = Vec::with_capacity(kept.len());
    let mut value_rhs = Vec::with_capacity(kept.len());
    for &s in &kept {
        let out = chain.out.get(s).copied().unwrap_or(0) as f64;
        let mut stay = 0u128;
        let mut off = Vec::new();
        for &(t, n) in chain.edges(s) {
            let t = usize::try_from(t).map_err(|_| OVERFLOW)?;
            if t == s {
                stay = n;
            } else if let Some(&j) = index.get(t).filter(|&&j| j != usize::MAX) {
                off.push((j, n as f64 / out));
            }
        }
        // A self-loop only delays absorption: it moves onto the diagonal.
        let leave = chain.out.get(s).copied().unwrap_or(0).saturating_sub(stay);
        rows.push(Row {
            diag: leave as f64 / out,
            off,
            rhs: chain.conv.get(s).copied().unwrap_or(0) as f64 / out,
        });
        value_rhs.push(chain.value.get(s).copied().unwrap_or(0) as f64 / out);
    }
    let mut start = vec![0.0; kept.len()];
    let total = chain.start_total as f64;
    for &(t, n) in chain.edges(START) {
        let t = usize::try_from(t).map_err(|_| OVERFLOW)?;
        if let Some(&j) = index.get(t).filter(|&&j| j != usize::MAX) {
            *start.get_mut(j).ok_or(OVERFLOW)? = n as f64 / total;
        }
    }
    Ok(System {
        index,
        rows,
        value_rhs,
        start,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// P and V with the states in `removed` sent to `null`, by a full solve.
fn reach(chain: &Chain, removed: &[bool]) -> Result<(f64, f64), AttributionError> {
    let mut sys = system(chain, removed)?;
    if sys.rows.is_empty() {
        return Ok((0.0, 0.0));
    }
    let not_solved = AttributionError::MarkovNotSolved {
        states: sys.rows.len(),
    };
    let h = linalg::solve(&sys.rows).ok_or(not_solved.clone())?;
    for (row, rhs) in sys.rows.iter_mut().zip(&sys.value_rhs) {
        row.rhs = *rhs;
    }
    let g = linalg::solve(&sys.rows).ok_or(not_solved)?;
    Ok((dot(&sys.start, &h), dot(&sys.start, &g)))
}

/// One full solve per channel (for chains above the dense limit).
pub(crate) fn per_channel(
    chain: &Chain,
    members: &[Vec<usize>],
) -> Result<Reach, AttributionError> {
    let (p, v) = reach(chain, &[])?;
    let mut removed = vec![false; chain.len()];
    let mut without = Vec::with_capacity(members.len());
    for states in members {
        let mut any_live = false;
        for &s in states {
            if let Some(r) = removed.get_mut(s) {
                *r = true;
            }
            any_live |= chain.live.get(s).copied().unwrap_or(false);
        }
        // No state of the channel can reach conversion: its effect is 0
        // exactly, without a solve that could differ in the last bit.
        without.push(if any_live {
            reach(chain, &removed)?
        } else {
            (p, v)
        });
        for &s in states {
            if let Some(r) = removed.get_mut(s) {
                *r = false;
            }
        }
    }
    Ok((p, v, without))
}

/// Every removal from one inverse; `None` above the dense limit.
pub(crate) fn by_inverse(
    chain: &Chain,
    members: &[Vec<usize>],
) -> Result<Option<Reach>, AttributionError> {
    let sys = system(chain, &[])?;
    let n = sys.rows.len();
    if n > DENSE_LIMIT {
        return Ok(None);
    }
    let not_solved = AttributionError::MarkovNotSolved { states: n };
    let (a, b) = linalg::matrix(&sys.rows).ok_or(OVERFLOW)?;
    // h and g by elimination (one rounding per step, closer than N·b).
    let h = linalg::gauss(a.clone(), b).ok_or(not_solved.clone())?;
    let g = linalg::gauss(a.clone(), sys.value_rhs.clone()).ok_or(not_solved.clone())?;
    let inv = linalg::inverse(a).ok_or(not_solved.clone())?;
    let mut r = vec![0.0; n];
    for (pi, row) in sys.start.iter().zip(&inv) {
        for (x, y) in r.iter_mut().zip(row) {
            *x += pi * y;
        }
    }
    let (p, v) = (dot(&sys.start, &h), dot(&sys.start, &g));
    let mut without = Vec::with_capacity(members.len());
    for states in members {
        // The channel's live states as unknowns; none → effect exactly 0.
        let js: Vec<usize> = states
            .iter()
            .filter_map(|&s| sys.index.get(s).copied().filter(|&j| j != usize::MAX))
            .collect();
        if js.is_empty() {
            without.push((p, v));
            continue;
        }
        let pick = |x: &[f64]| -> Vec<f64> {
            js.iter()
                .map(|&j| x.get(j).copied().unwrap_or(0.0))
                .collect()
        };
        let m: Vec<Vec<f64>> = js
            .iter()
            .map(|&i| pick(inv.get(i).map(Vec::as_slice).unwrap_or(&[])))
            .collect();
        let y = linalg::gauss(m.clone(), pick(&h)).ok_or(not_solved.clone())?;
        let z = linalg::gauss(m, pick(&g)).ok_or(not_solved.clone())?;
        let rs = pick(&r);
        without.push((p - dot(&rs, &y), v - dot(&rs, &z)));
    }
    Ok(Some((p, v, without)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::PathTable;

    #[test]
    fn inverse_and_per_channel_solves_agree() {
        let rows = r#"[
          {"path": "a > b > c > a", "total_conversions": 3, "total_conversion_value": "7.5", "total_null": 4},
          {"path": "b > b > d", "total_conversions": 1, "total_conversion_value": "2", "total_null": 9},
          {"path": "c > a > d > b", "total_conversions": 0, "total_null": 2},
          {"path": "d > c", "total_conversions": 2, "total_conversion_value": "1.25", "total_null": 1},
          {"path": "e > a", "total_null": 3}]"#;
        let t = PathTable::from_json(rows).unwrap();
        for order in 1..=4 {
            let chain = Chain::build(&t, order).unwrap();
            let members = chain.members(t.channels.len());
            let (p1, v1, w1) = by_inverse(&chain, &members).unwrap().unwrap();
            let (p2, v2, w2) = per_channel(&chain, &members).unwrap();
            assert!(
                (p1 - p2).abs() < 1e-14 && (v1 - v2).abs() < 1e-12,
                "order {order}"
            );
            for ((a, b), (c, d)) in w1.iter().zip(&w2) {
                assert!(
                    (a - c).abs() < 1e-14 && (b - d).abs() < 1e-12,
                    "order {order}"
                );
            }
        }
    }
}

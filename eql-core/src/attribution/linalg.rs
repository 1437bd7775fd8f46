//! The linear solves of the Markov model: absorption probabilities `h` of a
//! substochastic system `h = Q h + b`, i.e. `(I − Q) h = b`.
//!
//! Small systems (≤ [`DENSE_LIMIT`] unknowns, e.g. every order-1 chain) use
//! dense Gaussian elimination with partial pivoting: the largest |pivot| in
//! the column, ties to the lowest row, so the result is deterministic and
//! correct to f64 rounding. Larger sparse systems (order 3–4 chains) use
//! Gauss–Seidel sweeps in a fixed order until no unknown moves by more than
//! four f64 ulps of the largest value (at most 20 000 sweeps, then the
//! error `attribution.markov_not_solved`); `I − Q` is a nonsingular M-matrix for a
//! chain whose every state can reach absorption, so the sweeps converge to
//! the same solution.

/// Largest system solved densely.
pub(crate) const DENSE_LIMIT: usize = 400;

/// Most Gauss–Seidel sweeps before giving up.
pub(crate) const MAX_SWEEPS: usize = 20_000;

/// One row of `(I − Q) h = b`: `diag·h_i − Σ coef·h_j = rhs` (`coef` > 0).
pub(crate) struct Row {
    pub diag: f64,
    pub off: Vec<(usize, f64)>,
    pub rhs: f64,
}

/// Solve the system; `None` when singular or not converged.
pub(crate) fn solve(rows: &[Row]) -> Option<Vec<f64>> {
    if rows.len() <= DENSE_LIMIT {
        dense(rows)
    } else {
        gauss_seidel(rows)
    }
}

fn dense(rows: &[Row]) -> Option<Vec<f64>> {
    let (a, b) = matrix(rows)?;
    gauss(a, b)
}

/// The dense matrix `I − Q` of the rows, and their right-hand sides.
pub(crate) fn matrix(rows: &[Row]) -> Option<(Vec<Vec<f64>>, Vec<f64>)> {
    let n = rows.len();
    let mut a: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut b: Vec<f64> = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let mut line = vec![0.0; n];
        *line.get_mut(i)? += r.diag;
        for &(j, c) in &r.off {
            *line.get_mut(j)? -= c;
        }
        a.push(line);
        b.push(r.rhs);
    }
    Some((a, b))
}

/// The row at or below `k` with the largest magnitude in column `k`
/// (partial pivoting); `None` when that column is all zeros or not finite.
fn pivot_row(a: &[Vec<f64>], k: usize) -> Option<usize> {
    let mut p = k;
    let mut best = a.get(k)?.get(k)?.abs();
    for (i, row) in a.iter().enumerate().skip(k.checked_add(1)?) {
        let v = row.get(k)?.abs();
        if v > best {
            best = v;
            p = i;
        }
    }
    (best != 0.0 && best.is_finite()).then_some(p)
}

/// The inverse of a square matrix by Gauss–Jordan elimination with partial
/// pivoting (largest |pivot|, ties to the lowest row); `None` if singular.
pub(crate) fn inverse(mut a: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row = vec![0.0; n];
            if let Some(x) = row.get_mut(i) {
                *x = 1.0;
            }
            row
        })
        .collect();
    for k in 0..n {
        let p = pivot_row(&a, k)?;
        a.swap(k, p);
        inv.swap(k, p);
        let pivot = *a.get(k)?.get(k)?;
        for x in a.get_mut(k)?.iter_mut() {
            *x /= pivot;
        }
        for x in inv.get_mut(k)?.iter_mut() {
            *x /= pivot;
        }
        let (pa, pi) = (a.get(k)?.clone(), inv.get(k)?.clone());
        for (i, (row, irow)) in a.iter_mut().zip(inv.iter_mut()).enumerate() {
            let f = *row.get(k)?;
            if i == k || f == 0.0 {
                continue;
            }
            for (x, &y) in row.iter_mut().zip(&pa).skip(k) {
                *x -= f * y;
            }
            for (x, &y) in irow.iter_mut().zip(&pi) {
                *x -= f * y;
            }
        }
    }
    Some(inv)
}

/// Solve `a x = b` by Gaussian elimination with partial pivoting.
pub(crate) fn gauss(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = a.len();
    for k in 0..n {
        let p = pivot_row(&a, k)?;
        a.swap(k, p);
        b.swap(k, p);
        let (top, below) = a.split_at_mut(k.checked_add(1)?);
        let pivot_row = top.last()?;
        let pivot = *pivot_row.get(k)?;
        let (b_top, b_below) = b.split_at_mut(k.checked_add(1)?);
        let b_pivot = *b_top.last()?;
        for (row, bi) in below.iter_mut().zip(b_below.iter_mut()) {
            let f = *row.get(k)? / pivot;
            if f == 0.0 {
                continue;
            }
            for (x, &y) in row.iter_mut().zip(pivot_row.iter()).skip(k) {
                *x -= f * y;
            }
            *bi -= f * b_pivot;
        }
    }
    let mut x = vec![0.0; n];
    for k in (0..n).rev() {
        let row = a.get(k)?;
        let mut s = *b.get(k)?;
        for (j, &xj) in x.iter().enumerate().skip(k.checked_add(1)?) {
            s -= row.get(j)? * xj;
        }
        *x.get_mut(k)? = s / row.get(k)?;
    }
    Some(x)
}

fn gauss_seidel(rows: &[Row]) -> Option<Vec<f64>> {
    let mut x = vec![0.0f64; rows.len()];
    for _ in 0..MAX_SWEEPS {
        let mut moved = 0.0f64;
        let mut largest = 0.0f64;
        for (i, r) in rows.iter().enumerate() {
            let mut s = r.rhs;
            for &(j, c) in &r.off {
                s += c * x.get(j)?;
            }
            let new = s / r.diag;
            let old = x.get_mut(i)?;
            moved = moved.max((new - *old).abs());
            largest = largest.max(new.abs());
            *old = new;
        }
        if !moved.is_finite() {
            return None;
        }
        // A few ulps: rounding can keep the last bit flickering forever.
        if moved <= largest * 4.0 * f64::EPSILON {
            return Some(x);
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::needless_range_loop)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Row> {
        // A cycle: each state continues to the next with 0.5, converts with 0.25.
        (0..n)
            .map(|i| Row {
                diag: 1.0,
                off: vec![((i + 1) % n, 0.5)],
                rhs: 0.25,
            })
            .collect()
    }

    #[test]
    fn dense_and_iterative_agree() {
        // h = 0.5 h + 0.25 → h = 0.5 everywhere.
        for x in dense(&chain(5))
            .unwrap()
            .into_iter()
            .chain(gauss_seidel(&chain(500)).unwrap())
        {
            assert!((x - 0.5).abs() < 1e-15, "{x}");
        }
        assert_eq!(solve(&chain(3)).unwrap().len(), 3);
        let (a, _) = matrix(&chain(4)).unwrap();
        let inv = inverse(a.clone()).unwrap();
        for i in 0..4 {
            for j in 0..4 {
                let p: f64 = (0..4).map(|k| a[i][k] * inv[k][j]).sum();
                assert!((p - f64::from(u8::from(i == j))).abs() < 1e-15, "{p}");
            }
        }
    }
}

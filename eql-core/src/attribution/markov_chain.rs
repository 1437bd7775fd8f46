//! The transition counts of an order-k chain built from a path table, in a
//! compressed sparse-row layout; the model itself is in `markov.rs`.
//!
//! A state is the tuple of the last ≤ k channel ids, packed into a `u64`
//! as 16-bit lanes holding `id + 1` (0 = empty lane), so building the chain
//! hashes integers only and never allocates per step.

use super::error::AttributionError;
use super::path_table::{FxMap, PathTable};

/// Most transient states a chain may have (documented limit).
pub const MAX_STATES: usize = 200_000;

/// Marks the edges leaving `start` in [`Chain::edges`].
pub(crate) const START: usize = usize::MAX;

const OVERFLOW: AttributionError = AttributionError::Overflow {
    what: "markov transition counts",
};

/// Transition counts, outflows and conversions per state.
pub(crate) struct Chain {
    /// Packed channel tuple of each state.
    keys: Vec<u64>,
    /// `edges` of state `s` are `adj[offsets[s + 1]..offsets[s + 2]]`;
    /// those of `start` are `adj[offsets[0]..offsets[1]]`.
    offsets: Vec<usize>,
    adj: Vec<(u32, u128)>,
    /// Total count leaving each state (transitions, conversions, nulls).
    pub out: Vec<u128>,
    /// Conversions that end at each state.
    pub conv: Vec<u128>,
    /// Value (in the table's units) converted at each state.
    pub value: Vec<u128>,
    /// States from which conversion is reachable (the rest have h = 0).
    pub live: Vec<bool>,
    /// Count leaving `start` (all journeys).
    pub start_total: u128,
    /// Total conversions and value of the table.
    pub conversions: u128,
    pub value_total: u128,
}

/// Most channels for the dense order-1 grid (257 × 256 cells of 16 bytes).
const DENSE_CHANNELS: usize = 256;

/// Transition counts keyed by (from + 1, to), `from + 1 = 0` for `start`.
enum Counts {
    Dense { width: usize, cells: Vec<u128> },
    Sparse(FxMap<u64, u128>),
}

impl Counts {
    fn add(&mut self, from: u64, to: u32, w: u128) -> Result<(), AttributionError> {
        let cell = match self {
            Counts::Dense { width, cells } => {
                let i = usize::try_from(from)
                    .ok()
                    .and_then(|f| f.checked_mul(*width))
                    .and_then(|f| f.checked_add(usize::try_from(to).ok()?))
                    .ok_or(OVERFLOW)?;
                cells.get_mut(i).ok_or(OVERFLOW)?
            }
            Counts::Sparse(m) => m.entry((from << 32) | u64::from(to)).or_insert(0),
        };
        *cell = cell.checked_add(w).ok_or(OVERFLOW)?;
        Ok(())
    }

    /// The non-zero counts as `((from + 1) << 32 | to, count)`, sorted.
    fn into_sorted(self) -> Result<Vec<(u64, u128)>, AttributionError> {
        match self {
            Counts::Dense { width, cells } => {
                let mut v = Vec::new();
                for (i, &cnt) in cells.iter().enumerate() {
                    if cnt > 0 {
                        let from = i.checked_div(width).ok_or(OVERFLOW)?;
                        let to = i.checked_rem(width).ok_or(OVERFLOW)?;
                        let key = (u64::try_from(from).map_err(|_| OVERFLOW)? << 32)
                            | u64::try_from(to).map_err(|_| OVERFLOW)?;
                        v.push((key, cnt));
                    }
                }
                Ok(v)
            }
            Counts::Sparse(m) => {
                let mut v: Vec<(u64, u128)> = m.into_iter().collect();
                v.sort_unstable_by_key(|&(k, _)| k);
                Ok(v)
            }
        }
    }
}

fn bump(v: &mut [u128], i: usize, x: u128) -> Result<(), AttributionError> {
    let a = v.get_mut(i).ok_or(OVERFLOW)?;
    *a = a.checked_add(x).ok_or(OVERFLOW)?;
    Ok(())
}

impl Chain {
    /// Count the transitions of every row, weighted by its journeys.
    pub(crate) fn build(table: &PathTable, order: u32) -> Result<Chain, AttributionError> {
        // order 4 → all 64 bits; checked_shl(64) is None → 0 − 1 = all ones.
        let mask = 1u64
            .checked_shl(order.saturating_mul(16))
            .unwrap_or(0)
            .wrapping_sub(1);
        let mut ids: FxMap<u64, u32> = FxMap::default();
        let mut keys: Vec<u64> = Vec::new();
        let (mut out, mut conv, mut value) = (Vec::new(), Vec::new(), Vec::new());
        // Order 1 over few channels: states are the channel ids and the
        // counts a dense (start + states) × states grid, with no hashing.
        let channels = table.channels.len();
        let dense = order == 1 && channels <= DENSE_CHANNELS;
        let mut counts = if dense {
            for id in 0..channels {
                let key = u64::try_from(id)
                    .map_err(|_| OVERFLOW)?
                    .checked_add(1)
                    .ok_or(OVERFLOW)?;
                ids.insert(key, u32::try_from(id).map_err(|_| OVERFLOW)?);
                keys.push(key);
            }
            (out, conv, value) = (vec![0; channels], vec![0; channels], vec![0; channels]);
            Counts::Dense {
                width: channels,
                cells: vec![0; channels.saturating_add(1).saturating_mul(channels)],
            }
        } else {
            Counts::Sparse(FxMap::default())
        };
        let (mut start_total, mut conversions, mut value_total) = (0u128, 0u128, 0u128);
        for (path, c, v, n) in table.rows() {
            let (c, n) = (u128::from(c), u128::from(n));
            let w = c.checked_add(n).ok_or(OVERFLOW)?;
            if w == 0 {
                continue;
            }
            let mut key = 0u64;
            let mut from: u64 = 0;
            for &ch in path {
                let lane = u64::from(ch).checked_add(1).ok_or(OVERFLOW)?;
                key = (key.checked_shl(16).unwrap_or(0) | lane) & mask;
                let known = if dense {
                    Some(u32::from(ch))
                } else {
                    ids.get(&key).copied()
                };
                let s = match known {
                    Some(s) => s,
                    None => {
                        if keys.len() >= MAX_STATES {
                            return Err(AttributionError::TooManyStates {
                                limit: MAX_STATES,
                                actual: keys.len().saturating_add(1),
                            });
                        }
                        let s = u32::try_from(keys.len()).map_err(|_| OVERFLOW)?;
                        ids.insert(key, s);
                        keys.push(key);
                        out.push(0);
                        conv.push(0);
                        value.push(0);
                        s
                    }
                };
                counts.add(from, s, w)?;
                match from.checked_sub(1) {
                    None => start_total = start_total.checked_add(w).ok_or(OVERFLOW)?,
                    Some(f) => bump(&mut out, usize::try_from(f).map_err(|_| OVERFLOW)?, w)?,
                }
                from = u64::from(s).checked_add(1).ok_or(OVERFLOW)?;
            }
            let last =
                usize::try_from(from.checked_sub(1).ok_or(OVERFLOW)?).map_err(|_| OVERFLOW)?;
            bump(&mut out, last, w)?;
            bump(&mut conv, last, c)?;
            bump(&mut value, last, v)?;
            conversions = conversions.checked_add(c).ok_or(OVERFLOW)?;
            value_total = value_total.checked_add(v).ok_or(OVERFLOW)?;
        }
        let pairs = counts.into_sorted()?;
        let n = keys.len();
        let mut offsets = vec![0usize; n.checked_add(2).ok_or(OVERFLOW)?];
        let mut adj = Vec::with_capacity(pairs.len());
        for &(k, cnt) in &pairs {
            let from = usize::try_from(k >> 32).map_err(|_| OVERFLOW)?;
            let to = u32::try_from(k & 0xFFFF_FFFF).map_err(|_| OVERFLOW)?;
            adj.push((to, cnt));
            // offsets[from + 1] counts edges of rows ≤ from; prefix-summed below.
            let slot = offsets
                .get_mut(from.checked_add(1).ok_or(OVERFLOW)?)
                .ok_or(OVERFLOW)?;
            *slot = slot.checked_add(1).ok_or(OVERFLOW)?;
        }
        let mut acc = 0usize;
        for o in &mut offsets {
            acc = acc.checked_add(*o).ok_or(OVERFLOW)?;
            *o = acc;
        }
        let mut chain = Chain {
            keys,
            offsets,
            adj,
            out,
            conv,
            value,
            live: Vec::new(),
            start_total,
            conversions,
            value_total,
        };
        chain.live = chain.live_states()?;
        Ok(chain)
    }

    /// Number of transient states.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Edges (target state, count) leaving `s`, or `start` for [`START`].
    pub(crate) fn edges(&self, s: usize) -> &[(u32, u128)] {
        let i = if s == START { 0 } else { s.saturating_add(1) };
        let lo = self.offsets.get(i).copied().unwrap_or(0);
        let hi = self.offsets.get(i.saturating_add(1)).copied().unwrap_or(lo);
        self.adj.get(lo..hi).unwrap_or(&[])
    }

    /// For each channel id, the states whose tuple contains it.
    pub(crate) fn members(&self, channels: usize) -> Vec<Vec<usize>> {
        let mut m = vec![Vec::new(); channels];
        for (s, &key) in self.keys.iter().enumerate() {
            let mut lanes = [0u64; 4];
            for (i, l) in lanes.iter_mut().enumerate() {
                *l = key.checked_shr(16u32.saturating_mul(i as u32)).unwrap_or(0) & 0xFFFF;
            }
            for (i, &l) in lanes.iter().enumerate() {
                // Each channel once per state, even when repeated in the tuple.
                let first = lanes.get(..i).is_some_and(|before| !before.contains(&l));
                let list = l
                    .checked_sub(1)
                    .and_then(|c| usize::try_from(c).ok())
                    .and_then(|c| m.get_mut(c));
                if let (true, Some(list)) = (first, list) {
                    list.push(s);
                }
            }
        }
        m
    }

    /// States from which some path of transitions reaches conversion.
    fn live_states(&self) -> Result<Vec<bool>, AttributionError> {
        let n = self.len();
        let mut rev: Vec<Vec<usize>> = vec![Vec::new(); n];
        for s in 0..n {
            for &(t, _) in self.edges(s) {
                let t = usize::try_from(t).map_err(|_| OVERFLOW)?;
                rev.get_mut(t).ok_or(OVERFLOW)?.push(s);
            }
        }
        let mut live = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        for (s, (&c, l)) in self.conv.iter().zip(live.iter_mut()).enumerate() {
            if c > 0 {
                *l = true;
                stack.push(s);
            }
        }
        while let Some(t) = stack.pop() {
            for &s in rev.get(t).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(l) = live.get_mut(s).filter(|l| !**l) {
                    *l = true;
                    stack.push(s);
                }
            }
        }
        Ok(live)
    }
}

//! Proportions with Wilson 95 % intervals and the pooled two-proportion
//! z-test. Results are rounded to 4 places so every runtime prints the same
//! digits; a zero denominator gives `None` (JSON `null`), never NaN.

use serde::{Deserialize, Serialize};

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A rate `hits / trials` with its Wilson 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rate {
    #[serde(serialize_with = "num::f64")]
    pub value: f64,
    #[serde(serialize_with = "num::f64")]
    pub low: f64,
    #[serde(serialize_with = "num::f64")]
    pub high: f64,
}

/// A partner rate against the baseline's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// `partner / baseline − 1`; `null` when the baseline rate is 0.
    #[serde(serialize_with = "num::option_f64")]
    pub lift: Option<f64>,
    /// Pooled two-proportion z statistic (partner minus baseline).
    #[serde(serialize_with = "num::f64")]
    pub z: f64,
    /// Two-sided p-value of `z`.
    #[serde(serialize_with = "num::f64")]
    pub p_value: f64,
}

/// Whole numbers are written as integers (`1`, not `1.0`), as JavaScript and
/// Python print them, so every runtime's JSON is byte-identical.
mod num {
    use serde::Serializer;

    /// Rates and statistics are far below 2^53, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::float_cmp)]
    pub fn f64<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            s.serialize_i64(*x as i64)
        } else {
            s.serialize_f64(*x)
        }
    }

    pub fn option_f64<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(v) => f64(v, s),
            None => s.serialize_none(),
        }
    }
}

/// Round to 4 decimal places (half away from zero).
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^53
fn as_f64(n: u64) -> f64 {
    n as f64
}

/// `hits / trials` with its Wilson score interval; `None` when `trials` is 0.
pub fn wilson(hits: u64, trials: u64) -> Option<Rate> {
    if trials == 0 {
        return None;
    }
    let n = as_f64(trials);
    let p = as_f64(hits.min(trials)) / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(Rate {
        value: round4(p),
        low: round4((centre - half).max(0.0)),
        high: round4((centre + half).min(1.0)),
    })
}

/// Pooled two-proportion z-test of `a = hits_a / n_a` against
/// `b = hits_b / n_b`; `None` when either side has no trials. When both
/// proportions are 0 or both are 1 the standard error is 0: the samples
/// cannot differ, so z = 0 and p = 1.
pub fn compare(hits_a: u64, n_a: u64, hits_b: u64, n_b: u64) -> Option<Comparison> {
    if n_a == 0 || n_b == 0 {
        return None;
    }
    let (na, nb) = (as_f64(n_a), as_f64(n_b));
    let pa = as_f64(hits_a.min(n_a)) / na;
    let pb = as_f64(hits_b.min(n_b)) / nb;
    let pooled = (as_f64(hits_a.min(n_a)) + as_f64(hits_b.min(n_b))) / (na + nb);
    let se = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    let z = if se > 0.0 { (pa - pb) / se } else { 0.0 };
    let p_value = libm::erfc(z.abs() / std::f64::consts::SQRT_2);
    Some(Comparison {
        lift: (pb > 0.0).then(|| round4(pa / pb - 1.0)),
        z: round4(z),
        p_value: round4(p_value.min(1.0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // 10/20 → 0.5 [0.2993, 0.7007] (Newcombe 1998, method 3).
        let r = wilson(10, 20).unwrap();
        assert_eq!((r.value, r.low, r.high), (0.5, 0.2993, 0.7007));
        // 0/10 → [0, 0.2775]: the interval never goes below 0.
        let r = wilson(0, 10).unwrap();
        assert_eq!((r.value, r.low, r.high), (0.0, 0.0, 0.2775));
        assert!(wilson(0, 0).is_none());
    }

    #[test]
    fn two_proportion_test() {
        // 30/100 vs 20/100: pooled 0.25, se 0.061237, z 1.633, p 0.1025.
        let c = compare(30, 100, 20, 100).unwrap();
        assert_eq!((c.lift, c.z, c.p_value), (Some(0.5), 1.633, 0.1025));
        let same = compare(0, 10, 0, 30).unwrap();
        assert_eq!((same.lift, same.z, same.p_value), (None, 0.0, 1.0));
        assert!(compare(1, 0, 1, 2).is_none());
    }

    #[test]
    fn whole_numbers_serialise_as_integers() {
        let r = wilson(1, 1).unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"value":1,"low":0.2065,"high":1}"#
        );
        let c = compare(0, 10, 0, 30).unwrap();
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"lift":null,"z":0,"p_value":1}"#
        );
    }
}

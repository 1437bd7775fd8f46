//! Operators (SPEC §2): parsed and type-checked once, then tested per lead.
//!
//! Strings compare case-insensitively after trimming; the rule side is
//! lower-cased at compile time so scoring does not allocate for ASCII data.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::error::ModelError;
use super::field::{FieldKind, FieldValue, json_number};
use crate::time::{Instant, parse_instant, start_of_day};

/// Most values an `in` / `contains_any` list may hold.
pub const MAX_LIST_VALUES: usize = 10_000;

/// A comparable rule value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    /// Trimmed and lower-cased.
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(NaiveDate),
    Instant(Instant),
}

/// A compiled operator with its operand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    Eq(Scalar),
    Ne(Scalar),
    In(Vec<Scalar>),
    NotIn(Vec<Scalar>),
    Cmp(Ordering, bool, Scalar),
    Between(Scalar, Scalar),
    Contains(String),
    ContainsAny(Vec<String>),
    ContainsAll(Vec<String>),
    IsKnown,
    IsUnknown,
}

/// Everything `compile` needs to name in an error.
pub(crate) struct Site<'a> {
    pub rule: &'a str,
    pub field: &'a str,
    pub op: &'a str,
    pub kind: FieldKind,
}

impl Site<'_> {
    fn mismatch(&self, expected: impl Into<String>) -> ModelError {
        ModelError::TypeMismatch {
            rule: self.rule.into(),
            field: self.field.into(),
            op: self.op.into(),
            expected: expected.into(),
        }
    }

    fn empty(&self) -> ModelError {
        ModelError::EmptyList {
            rule: self.rule.into(),
            field: self.field.into(),
            op: self.op.into(),
        }
    }

    fn invalid(&self, message: impl Into<String>) -> ModelError {
        ModelError::InvalidValue {
            rule: self.rule.into(),
            field: Some(self.field.into()),
            key: "value".into(),
            message: message.into(),
        }
    }
}

/// Parse and type-check `op` + `value` for a field of kind `site.kind`.
pub(crate) fn compile(site: &Site<'_>, value: &Value) -> Result<Condition, ModelError> {
    use FieldKind as K;
    let k = site.kind;
    match site.op {
        "is_known" | "is_unknown" => {
            if !value.is_null() {
                return Err(site.invalid(format!("`{}` takes no value", site.op)));
            }
            Ok(if site.op == "is_known" {
                Condition::IsKnown
            } else {
                Condition::IsUnknown
            })
        }
        "eq" | "ne" => {
            let s = scalar(site, value)?;
            Ok(if site.op == "eq" {
                Condition::Eq(s)
            } else {
                Condition::Ne(s)
            })
        }
        "in" | "not_in" => {
            let items = list(site, value)?;
            let s = items
                .iter()
                .map(|v| scalar(site, v))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if site.op == "in" {
                Condition::In(s)
            } else {
                Condition::NotIn(s)
            })
        }
        "gt" | "gte" | "lt" | "lte" => {
            let b = bound(site, value)?;
            let (ord, or_equal) = match site.op {
                "gt" => (Ordering::Greater, false),
                "gte" => (Ordering::Greater, true),
                "lt" => (Ordering::Less, false),
                _ => (Ordering::Less, true),
            };
            Ok(Condition::Cmp(ord, or_equal, b))
        }
        "between" => {
            let items = list(site, value)?;
            let [lo, hi] = items else {
                return Err(site.invalid("`between` takes [low, high]"));
            };
            let (lo_value, hi_value) = (lo, hi);
            let (lo, hi) = (bound(site, lo)?, bound(site, hi)?);
            match compare(&lo, &hi) {
                None => {
                    return Err(site.invalid(format!(
                        "`between` bounds must be of the same type, got [{lo_value}, {hi_value}]"
                    )));
                }
                Some(Ordering::Greater) => {
                    return Err(site.invalid(format!(
                        "`between` needs low ≤ high, got [{lo_value}, {hi_value}]"
                    )));
                }
                Some(_) => {}
            }
            Ok(Condition::Between(lo, hi))
        }
        "contains" | "contains_any" | "contains_all" => {
            if !matches!(k, K::Text | K::List | K::Any) {
                return Err(site.mismatch("a string or list field"));
            }
            if site.op == "contains" {
                return Ok(Condition::Contains(needle(site, value)?));
            }
            let items = list(site, value)?;
            let n = items
                .iter()
                .map(|v| needle(site, v))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if site.op == "contains_any" {
                Condition::ContainsAny(n)
            } else {
                Condition::ContainsAll(n)
            })
        }
        other => Err(ModelError::UnknownOperator {
            rule: site.rule.into(),
            field: site.field.into(),
            op: other.into(),
        }),
    }
}

fn list<'v>(site: &Site<'_>, value: &'v Value) -> Result<&'v [Value], ModelError> {
    let Value::Array(items) = value else {
        return Err(site.invalid(format!("`{}` takes a list", site.op)));
    };
    if items.is_empty() {
        return Err(site.empty());
    }
    if items.len() > MAX_LIST_VALUES {
        return Err(ModelError::TooLarge {
            what: format!("rule `{}` value", site.rule),
            limit: MAX_LIST_VALUES,
            actual: items.len(),
        });
    }
    Ok(items)
}

fn needle(site: &Site<'_>, value: &Value) -> Result<String, ModelError> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_lowercase()),
        _ => Err(site.mismatch("non-empty strings")),
    }
}

fn scalar(site: &Site<'_>, value: &Value) -> Result<Scalar, ModelError> {
    use FieldKind as K;
    match (site.kind, value) {
        (K::Text | K::Any, Value::String(s)) => Ok(Scalar::Text(s.trim().to_lowercase())),
        (K::Number | K::Any, Value::Number(n)) => json_number(n)
            .map(Scalar::Number)
            .ok_or_else(|| site.invalid("number out of range")),
        (K::Bool | K::Any, Value::Bool(b)) => Ok(Scalar::Bool(*b)),
        (K::Date | K::Instant, Value::String(_)) => bound(site, value),
        (K::List, _) => {
            Err(site.mismatch("contains / contains_any / contains_all on a list field"))
        }
        (k, _) => Err(site.mismatch(k.name())),
    }
}

fn bound(site: &Site<'_>, value: &Value) -> Result<Scalar, ModelError> {
    use FieldKind as K;
    match (site.kind, value) {
        (K::Number | K::Any, Value::Number(n)) => json_number(n)
            .map(Scalar::Number)
            .ok_or_else(|| site.invalid("number out of range")),
        (K::Date | K::Instant | K::Any, Value::String(s)) => {
            let s = s.trim();
            if let Ok(d) = s.parse::<NaiveDate>() {
                return Ok(if site.kind == K::Instant {
                    Scalar::Instant(start_of_day(d))
                } else {
                    Scalar::Date(d)
                });
            }
            match parse_instant(s) {
                Ok(t) if site.kind != K::Date => Ok(Scalar::Instant(t)),
                _ => Err(site.mismatch("a number or a date (YYYY-MM-DD / RFC 3339)")),
            }
        }
        (K::Number, _) => Err(site.mismatch("a number")),
        (K::Date | K::Instant, _) => Err(site.mismatch("a date string")),
        (K::Any, _) => Err(site.mismatch("a number or a date string")),
        (k, _) => Err(site.mismatch(format!("a number or date field, not {}", k.name()))),
    }
}

fn compare(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    match (a, b) {
        (Scalar::Number(x), Scalar::Number(y)) => Some(x.cmp(y)),
        (Scalar::Date(x), Scalar::Date(y)) => Some(x.cmp(y)),
        (Scalar::Instant(x), Scalar::Instant(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// ASCII case-insensitive equality against lower-cased bytes; a plain loop
/// because the strings are short and std's chunked version has more set-up.
#[inline]
pub(crate) fn ascii_ci_eq(value: &[u8], lower: &[u8]) -> bool {
    // Canonical data is usually already lower-case: try the memcmp first.
    value.len() == lower.len()
        && (value == lower
            || value
                .iter()
                .zip(lower)
                .all(|(v, l)| v.to_ascii_lowercase() == *l))
}

/// Case-insensitive equality against an already lower-cased rule string.
/// Only non-ASCII text needs Unicode lower-casing (and may change length).
#[inline]
pub(crate) fn ci_eq(value: &str, lower: &str) -> bool {
    ascii_ci_eq(value.as_bytes(), lower.as_bytes())
        || (!value.is_ascii() && value.to_lowercase() == lower)
}

/// `str::trim` with an ASCII fast path (Unicode spaces are rare in CRM data).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(a), Some(b)) if *a >= 0x80 || *b >= 0x80 => t.trim(),
        _ => t,
    }
}

fn ci_contains(hay: &str, lower: &str) -> bool {
    if hay.is_ascii() {
        let n = lower.as_bytes();
        hay.as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(lower)
    }
}

/// Compare a lead value with a rule scalar; `None` when the types differ.
fn cmp_val(v: &FieldValue<'_>, s: &Scalar) -> Option<Ordering> {
    match (v, s) {
        (FieldValue::Number(x), Scalar::Number(y)) => Some(x.cmp(y)),
        (FieldValue::Date(x), Scalar::Date(y)) => Some(x.cmp(y)),
        (FieldValue::Instant(x), Scalar::Instant(y)) => Some(x.cmp(y)),
        (FieldValue::Text(t), Scalar::Date(y)) => t.parse::<NaiveDate>().ok().map(|x| x.cmp(y)),
        (FieldValue::Text(t), Scalar::Instant(y)) => parse_instant(t).ok().map(|x| x.cmp(y)),
        _ => None,
    }
}

fn eq_val(v: &FieldValue<'_>, s: &Scalar) -> Option<bool> {
    match (v, s) {
        (FieldValue::Text(t), Scalar::Text(x)) => Some(ci_eq(t, x)),
        (FieldValue::Bool(a), Scalar::Bool(b)) => Some(a == b),
        _ => cmp_val(v, s).map(|o| o == Ordering::Equal),
    }
}

/// Each string element of a list value, for `contains*`.
fn any_element(v: &FieldValue<'_>, mut f: impl FnMut(&str) -> bool) -> bool {
    match v {
        FieldValue::Strings(items) => items.iter().any(|s| f(trim(s))),
        FieldValue::Texts(items) => items.iter().any(|s| f(trim(s))),
        FieldValue::Json(items) => items.iter().filter_map(Value::as_str).any(|s| f(trim(s))),
        _ => false,
    }
}

fn contains(v: &FieldValue<'_>, needle: &str) -> bool {
    match v {
        FieldValue::Text(t) => ci_contains(t, needle),
        _ => any_element(v, |s| ci_eq(s, needle)),
    }
}

/// `t` equals one of the listed texts; the Unicode fallback runs once, not per item.
fn texts_contain(list: &[Scalar], t: &str) -> bool {
    let ascii_hit = list
        .iter()
        .any(|s| matches!(s, Scalar::Text(x) if ascii_ci_eq(t.as_bytes(), x.as_bytes())));
    ascii_hit
        || (!t.is_ascii() && {
            let lower = t.to_lowercase();
            list.iter()
                .any(|s| matches!(s, Scalar::Text(x) if *x == lower))
        })
}

impl Condition {
    /// Does the lead value satisfy the condition? A missing value matches only
    /// `is_unknown`; a value of another type than the rule's matches nothing.
    pub(crate) fn test(&self, v: &FieldValue<'_>) -> bool {
        if matches!(v, FieldValue::Missing) {
            return matches!(self, Condition::IsUnknown);
        }
        match self {
            Condition::IsKnown => true,
            Condition::IsUnknown => false,
            Condition::Eq(s) => eq_val(v, s) == Some(true),
            Condition::Ne(s) => eq_val(v, s) == Some(false),
            Condition::In(list) => match v {
                FieldValue::Text(t) => texts_contain(list, t),
                _ => list.iter().any(|s| eq_val(v, s) == Some(true)),
            },
            Condition::NotIn(list) => list.iter().all(|s| eq_val(v, s) == Some(false)),
            Condition::Cmp(ord, or_equal, s) => match cmp_val(v, s) {
                Some(o) => o == *ord || (*or_equal && o == Ordering::Equal),
                None => false,
            },
            Condition::Between(lo, hi) => {
                cmp_val(v, lo).is_some_and(|o| o != Ordering::Less)
                    && cmp_val(v, hi).is_some_and(|o| o != Ordering::Greater)
            }
            Condition::Contains(n) => contains(v, n),
            Condition::ContainsAny(ns) => ns.iter().any(|n| contains(v, n)),
            Condition::ContainsAll(ns) => ns.iter().all(|n| contains(v, n)),
        }
    }
}

/// A condition on whole numbers, precomputed for engines that read integer
/// columns: [`IntTest::test`] gives what [`Condition::test`] gives for the
/// same value as an exact decimal, without building one per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntTest {
    /// Matches any present value.
    Known,
    /// Matches only a missing value.
    Unknown,
    /// Matches nothing.
    Never,
    /// Present values in `lo..=hi`.
    Range(i128, i128),
    /// Present values other than this one.
    Not(i128),
    /// Present values among these.
    In(Vec<i128>),
    /// Present values not among these.
    NotIn(Vec<i128>),
}

impl IntTest {
    /// Does `value` (`None` when missing) satisfy the condition?
    #[inline]
    pub fn test(&self, value: Option<i128>) -> bool {
        let Some(v) = value else {
            return matches!(self, IntTest::Unknown);
        };
        match self {
            IntTest::Known => true,
            IntTest::Unknown | IntTest::Never => false,
            IntTest::Range(lo, hi) => *lo <= v && v <= *hi,
            IntTest::Not(x) => v != *x,
            IntTest::In(xs) => xs.contains(&v),
            IntTest::NotIn(xs) => !xs.contains(&v),
        }
    }
}

fn whole(d: &Decimal) -> Option<i128> {
    (d.fract().is_zero()).then(|| d.mantissa().checked_div(10i128.checked_pow(d.scale())?))?
}

fn floor(d: &Decimal) -> Option<i128> {
    whole(&d.floor())
}

fn ceil(d: &Decimal) -> Option<i128> {
    whole(&d.ceil())
}

impl Condition {
    /// The integer form of this condition, when it has one.
    pub(crate) fn for_integers(&self) -> Option<IntTest> {
        let num = |s: &Scalar| match s {
            Scalar::Number(n) => Some(*n),
            _ => None,
        };
        Some(match self {
            Condition::IsKnown => IntTest::Known,
            Condition::IsUnknown => IntTest::Unknown,
            Condition::Eq(s) => match num(s).map(|n| whole(&n)) {
                Some(Some(x)) => IntTest::Range(x, x),
                _ => IntTest::Never,
            },
            Condition::Ne(s) => match num(s) {
                None => IntTest::Never,
                Some(n) => match whole(&n) {
                    Some(x) => IntTest::Not(x),
                    None => IntTest::Known,
                },
            },
            Condition::In(list) => IntTest::In(
                list.iter()
                    .filter_map(num)
                    .filter_map(|n| whole(&n))
                    .collect(),
            ),
            Condition::NotIn(list) => {
                if list.iter().any(|s| num(s).is_none()) {
                    IntTest::Never
                } else {
                    IntTest::NotIn(
                        list.iter()
                            .filter_map(num)
                            .filter_map(|n| whole(&n))
                            .collect(),
                    )
                }
            }
            Condition::Cmp(ord, or_equal, s) => {
                let Some(n) = num(s) else {
                    return Some(IntTest::Never);
                };
                match (ord, or_equal) {
                    (Ordering::Greater, true) => IntTest::Range(ceil(&n)?, i128::MAX),
                    (Ordering::Greater, false) => {
                        IntTest::Range(floor(&n)?.checked_add(1)?, i128::MAX)
                    }
                    (Ordering::Less, true) => IntTest::Range(i128::MIN, floor(&n)?),
                    _ => IntTest::Range(i128::MIN, ceil(&n)?.checked_sub(1)?),
                }
            }
            Condition::Between(lo, hi) => match (num(lo), num(hi)) {
                (Some(lo), Some(hi)) => IntTest::Range(ceil(&lo)?, floor(&hi)?),
                _ => IntTest::Never,
            },
            Condition::Contains(_) | Condition::ContainsAny(_) | Condition::ContainsAll(_) => {
                IntTest::Never
            }
        })
    }
}

#[cfg(test)]
mod int_tests {
    use super::*;

    /// The integer form agrees with the general test on every value near
    /// every bound, for whole and fractional bounds.
    #[test]
    fn integer_form_agrees_with_the_general_test() {
        let n = |s: &str| Scalar::Number(s.parse().unwrap());
        let t = |s: &str| Scalar::Text(s.into());
        let conds = vec![
            Condition::IsKnown,
            Condition::IsUnknown,
            Condition::Eq(n("5")),
            Condition::Eq(n("5.5")),
            Condition::Eq(t("5")),
            Condition::Ne(n("5")),
            Condition::Ne(n("5.5")),
            Condition::Ne(t("x")),
            Condition::In(vec![n("1"), n("2.5"), t("3"), n("-4")]),
            Condition::NotIn(vec![n("1"), n("2.5")]),
            Condition::NotIn(vec![n("1"), t("x")]),
            Condition::Between(n("200"), n("5000")),
            Condition::Between(n("-1.5"), n("2.5")),
            Condition::Contains("5".into()),
        ];
        let mut conds = conds;
        for b in ["20", "19.5", "-3", "-3.25", "0"] {
            for ord in [Ordering::Greater, Ordering::Less] {
                for eq in [false, true] {
                    conds.push(Condition::Cmp(ord, eq, n(b)));
                }
            }
        }
        for c in &conds {
            let it = c.for_integers().unwrap();
            assert_eq!(it.test(None), c.test(&FieldValue::Missing), "{c:?} missing");
            for v in -10i64..6000 {
                let general = c.test(&FieldValue::Number(Decimal::from(v)));
                assert_eq!(it.test(Some(i128::from(v))), general, "{c:?} at {v}");
            }
        }
    }
}

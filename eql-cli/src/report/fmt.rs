//! Numbers as people read them in a report: thousands separators, money
//! to the cent, rates as whole percentages, "—" for "not defined".

use eql_core::Decimal;
use eql_core::report::Rate;

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    group(&n.to_string())
}

/// `1234567.5` → `1,234,567.50` (always two places: amounts are money).
pub fn money(d: Decimal) -> String {
    let text = d.round_dp(2).to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    format!("{sign}{}.{frac:0<2}", group(whole))
}

/// A ratio such as pipeline ÷ cost, to two places.
pub fn ratio(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".into(), |d| format!("{:.2}", d.round_dp(2)))
}

pub fn pct(r: Option<Rate>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{:.0}%", r.value * 100.0))
}

pub fn opt_int(v: Option<u64>) -> String {
    v.map_or_else(|| "—".into(), int)
}

pub fn opt_money(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".into(), money)
}

fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n.saturating_mul(2));
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && n.saturating_sub(i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_and_money_has_cents() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1_000), "1,000");
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(money("2278028".parse().unwrap()), "2,278,028.00");
        assert_eq!(money("-1234.5".parse().unwrap()), "-1,234.50");
        assert_eq!(money("0.004".parse().unwrap()), "0.00");
        assert_eq!(money("999999.999".parse().unwrap()), "1,000,000.00");
    }
}

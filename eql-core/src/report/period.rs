//! Calendar buckets: quarters (`2026-Q3`, UTC) and ISO weeks (Monday start, UTC).

use chrono::{Datelike, NaiveDate, TimeDelta};

use crate::time::Instant;

/// The calendar quarter of an instant, in UTC: `"2026-Q4"`.
pub fn quarter(t: &Instant) -> String {
    let q = (t.month0() / 3).saturating_add(1);
    format!("{}-Q{q}", t.year())
}

/// Whether `s` is a quarter label such as `2026-Q3`.
pub fn is_quarter(s: &str) -> bool {
    match s.split_once("-Q") {
        Some((y, q)) => {
            y.len() == 4
                && y.bytes().all(|b| b.is_ascii_digit())
                && matches!(q, "1" | "2" | "3" | "4")
        }
        None => false,
    }
}

/// The Monday starting the ISO week of an instant, in UTC.
pub fn week_start(t: &Instant) -> NaiveDate {
    let d = t.date_naive();
    let back = i64::from(d.weekday().num_days_from_monday());
    TimeDelta::try_days(back)
        .and_then(|b| d.checked_sub_signed(b))
        .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn buckets() {
        let t = parse_instant("2026-10-01T00:00:00Z").unwrap();
        assert_eq!(quarter(&t), "2026-Q4");
        let t = parse_instant("2026-09-30T23:59:59Z").unwrap();
        assert_eq!(quarter(&t), "2026-Q3");
        // Sunday 2026-11-22 belongs to the week of Monday 2026-11-16.
        let t = parse_instant("2026-11-22T23:00:00Z").unwrap();
        assert_eq!(week_start(&t).to_string(), "2026-11-16");
        assert!(is_quarter("2026-Q3") && !is_quarter("2026-Q5") && !is_quarter("26-Q1"));
    }
}

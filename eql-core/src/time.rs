//! Instants and dates in the canonical form: RFC 3339 in, UTC out.
//!
//! The core never reads the clock: every function that needs "now" takes an
//! `as_of` instant. chrono is built without its `clock` feature to keep it so.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};

use crate::error::BAD_TIMESTAMP;

/// A UTC instant.
pub type Instant = DateTime<Utc>;

/// Seconds in a day, for age arithmetic.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Parse an RFC 3339 timestamp (any offset) into UTC.
///
/// ```
/// let t = eql_core::time::parse_instant("2026-10-01T11:00:00+02:00").unwrap();
/// assert_eq!(eql_core::time::format_instant(&t), "2026-10-01T09:00:00Z");
/// ```
pub fn parse_instant(text: &str) -> Result<Instant, String> {
    if let Some(t) = canonical(text.as_bytes()) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{BAD_TIMESTAMP}: {text:?} ({e}); expected e.g. 2026-10-01T09:00:00Z"))
}

/// The common form `YYYY-MM-DDTHH:MM:SSZ` (what eql and most exports
/// write), read without the general parser; anything else — fractions,
/// offsets, leap seconds, bad values — goes to chrono, which gives the same
/// instant or the error.
fn canonical(b: &[u8]) -> Option<Instant> {
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        mo0,
        mo1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        mi0,
        mi1,
        b':',
        s0,
        s1,
        b'Z',
    ] = *b
    else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c.wrapping_sub(b'0')));
    let two = |a: u8, b: u8| digit(a)?.checked_mul(10)?.checked_add(digit(b)?);
    let year = two(y0, y1)?.checked_mul(100)?.checked_add(two(y2, y3)?)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(mo0, mo1)?, two(d0, d1)?)?;
    let (h, m, sec) = (two(h0, h1)?, two(mi0, mi1)?, two(s0, s1)?);
    if sec > 59 {
        return None;
    }
    Some(date.and_hms_opt(h, m, sec)?.and_utc())
}

/// The canonical text of an instant: RFC 3339, UTC, `Z`, fractional seconds only when present.
pub fn format_instant(t: &Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Whether RFC 3339 can write `t`: its year has four digits (0000–9999).
/// chrono would print a later instant as `+10000-01-01T…`, which no RFC 3339
/// reader accepts, so computed instants outside this range are errors.
///
/// ```
/// use eql_core::time::{is_rfc3339_writable, parse_instant};
/// assert!(is_rfc3339_writable(&parse_instant("9999-12-31T23:59:59Z").unwrap()));
/// let later = parse_instant("9999-12-31T23:59:59Z").unwrap() + chrono::TimeDelta::seconds(1);
/// assert!(!is_rfc3339_writable(&later));
/// ```
pub fn is_rfc3339_writable(t: &Instant) -> bool {
    (0..=9999).contains(&t.year())
}

/// The first instant of a date (00:00 UTC).
pub fn start_of_day(d: NaiveDate) -> Instant {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Parses the timestamp text a deserializer lends, without copying it (a
/// `Cow<str>` would allocate a `String` for every timestamp). The outer
/// error is a type error (not a string); the inner one a parse error.
struct InstantText;

impl serde::de::Visitor<'_> for InstantText {
    type Value = Result<Instant, String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(parse_instant(v))
    }
}

fn instant_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
    use serde::de::Error;
    d.deserialize_str(InstantText)
        .map_err(|e| D::Error::custom(format!("{BAD_TIMESTAMP}: {e}")))?
        .map_err(D::Error::custom)
}

/// serde helpers for a required instant field.
pub mod rfc3339 {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        crate::wire::instant(t, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        instant_text(d)
    }
}

/// serde helpers for an optional instant field (absent or null = `None`).
pub mod rfc3339_option {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => crate::wire::instant(t, s),
            None => s.serialize_none(),
        }
    }

    /// A present value, parsed as [`rfc3339`] does.
    struct Present(Instant);

    impl<'de> Deserialize<'de> for Present {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            instant_text(d).map(Present)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Instant>, D::Error> {
        Ok(Option::<Present>::deserialize(d)?.map(|s| s.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast form gives chrono's instant, or leaves the text to chrono.
    #[test]
    fn fast_form_agrees_with_chrono() {
        let mut fast_hits = 0;
        for text in [
            "2026-10-01T09:00:00Z",
            "1970-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T12:34:56Z",
            "2026-02-29T12:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-10-01T24:00:00Z",
            "2026-10-01T23:60:00Z",
            "2026-10-01T23:59:60Z",
            "2026-1a-01T00:00:00Z",
            "2026-10-01t09:00:00z",
            "2026-10-01T09:00:00.5Z",
        ] {
            let general = DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc));
            if let Some(t) = canonical(text.as_bytes()) {
                fast_hits += 1;
                assert_eq!(Ok(t), general, "{text}");
            }
            assert_eq!(parse_instant(text).ok(), general.ok(), "{text}");
        }
        assert_eq!(fast_hits, 4);
    }
}

//! Instants and dates in the canonical form: RFC 3339 in, UTC out.
//!
//! The core never reads the clock: every function that needs "now" takes an
//! `as_of` instant. chrono is built without its `clock` feature to keep it so.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

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
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{BAD_TIMESTAMP}: {text:?} ({e}); expected e.g. 2026-10-01T09:00:00Z"))
}

/// The canonical text of an instant: RFC 3339, UTC, `Z`, fractional seconds only when present.
pub fn format_instant(t: &Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The first instant of a date (00:00 UTC).
pub fn start_of_day(d: NaiveDate) -> Instant {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// serde helpers for a required instant field.
pub mod rfc3339 {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_instant(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let raw = std::borrow::Cow::<'de, str>::deserialize(d)
            .map_err(|e| D::Error::custom(format!("{BAD_TIMESTAMP}: {e}")))?;
        parse_instant(&raw).map_err(D::Error::custom)
    }
}

/// serde helpers for an optional instant field (absent or null = `None`).
pub mod rfc3339_option {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format_instant(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Instant>, D::Error> {
        let raw = Option::<std::borrow::Cow<'de, str>>::deserialize(d)
            .map_err(|e| D::Error::custom(format!("{BAD_TIMESTAMP}: {e}")))?;
        raw.map(|r| parse_instant(&r).map_err(D::Error::custom))
            .transpose()
    }
}

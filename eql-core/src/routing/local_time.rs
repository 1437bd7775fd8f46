//! Local wall-clock time → UTC in an IANA zone, with one rule for the two
//! DST cases: a local time that happens twice (fall back) is the earlier
//! instant; one that does not exist (spring forward) is the instant the
//! clock jumps. Both keep the mapping monotonic, so working spans of a day
//! stay in order and never overlap in UTC. (Shifting a skipped time forward
//! by the gap, as RFC 5545 does, would not: 02:00–02:45 and 03:00–05:00 on a
//! Berlin spring-forward night would overlap.)

use chrono::{NaiveDateTime, Offset, TimeDelta, TimeZone};

use super::error::RoutingError;
use crate::time::Instant;

/// A time zone: the IANA database with the `tz` feature (default), else UTC only.
#[cfg(feature = "tz")]
pub(crate) type Zone = chrono_tz::Tz;
/// A time zone: the IANA database with the `tz` feature (default), else UTC only.
#[cfg(not(feature = "tz"))]
pub(crate) type Zone = chrono::Utc;

/// The zone of an IANA name, if known.
pub(crate) fn parse_zone(name: &str) -> Option<Zone> {
    #[cfg(feature = "tz")]
    {
        name.parse().ok()
    }
    #[cfg(not(feature = "tz"))]
    {
        matches!(name, "UTC" | "Etc/UTC").then_some(chrono::Utc)
    }
}

/// The canonical name of a zone.
pub(crate) fn zone_name(zone: &Zone) -> &'static str {
    #[cfg(feature = "tz")]
    {
        zone.name()
    }
    #[cfg(not(feature = "tz"))]
    {
        let _ = zone;
        "UTC"
    }
}

/// Local wall time → UTC: a repeated time is the earlier instant; a skipped
/// time is the instant the clock jumps (so the mapping never goes backwards
/// and spans never overlap in UTC).
pub(crate) fn to_utc(tz: Zone, naive: NaiveDateTime) -> Result<Instant, RoutingError> {
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return Ok(t.to_utc());
    }
    // In a gap. The offsets a day before and after are those around the jump
    // (no zone changes its offset twice within a day).
    let day = TimeDelta::days(1);
    let offset_at = |utc: NaiveDateTime| -> i64 {
        i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
    };
    let as_utc = |offset: i64| {
        naive
            .checked_sub_signed(TimeDelta::seconds(offset))
            .ok_or(RoutingError::OutOfRange)
    };
    let before = offset_at(
        naive
            .checked_sub_signed(day)
            .ok_or(RoutingError::OutOfRange)?,
    );
    let after = offset_at(
        naive
            .checked_add_signed(day)
            .ok_or(RoutingError::OutOfRange)?,
    );
    // `lo` is before the jump (its local time is before `naive`), `hi` after.
    let mut lo = as_utc(after)?;
    let mut hi = as_utc(before)?;
    // Binary search, to the second, for the first instant whose local time
    // is at or after `naive`: the jump. At most ~17 steps for a day-long gap.
    while hi.signed_duration_since(lo) > TimeDelta::seconds(1) {
        let half = hi
            .signed_duration_since(lo)
            .checked_div(2)
            .ok_or(RoutingError::OutOfRange)?;
        let mid = lo
            .checked_add_signed(half)
            .ok_or(RoutingError::OutOfRange)?;
        let local = mid
            .checked_add_signed(TimeDelta::seconds(offset_at(mid)))
            .ok_or(RoutingError::OutOfRange)?;
        if local >= naive {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi.and_utc())
}

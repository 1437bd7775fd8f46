//! Inputs that once crashed a fuzz target (`fuzz/`, see `fuzz/README.md`),
//! kept as tests on stable: each now gives a coded error (or a result)
//! instead of a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use chrono::{DateTime, Utc};
use eql_core::ErrorCode;
use eql_core::routing::{RoutingError, SlaPolicy};

/// A business-hours policy on a calendar whose zone is ahead of UTC (Berlin)
/// or behind it (New York).
fn policy(zone: &str) -> SlaPolicy {
    SlaPolicy::from_json(&format!(
        r#"{{"window_minutes": 60, "calendar": {{"time_zone": "{zone}",
            "hours": {{"mon": [{{"start": "09:00", "end": "17:00"}}],
                       "sun": [{{"start": "00:00", "end": "24:00"}}]}}}}}}"#
    ))
    .unwrap()
}

/// sla_calendar: an instant within a zone offset of the end (or start) of
/// chrono's range has no local date there; chrono's `date_naive` panicked
/// ("Local time out of range for `NaiveDateTime`"). Now `sla.out_of_range`.
#[test]
fn sla_calendar_instant_at_the_edge_of_time_is_out_of_range() {
    for (zone, t) in [
        ("Europe/Berlin", DateTime::<Utc>::MAX_UTC),
        ("America/New_York", DateTime::<Utc>::MIN_UTC),
    ] {
        let sla = policy(zone).compile().unwrap();
        let e = sla.deadline(t).unwrap_err();
        assert_eq!(e, RoutingError::OutOfRange);
        assert_eq!(e.code(), "sla.out_of_range");
        assert_eq!(sla.status(t, t).unwrap_err(), RoutingError::OutOfRange);

        let cal = policy(zone).calendar.unwrap().compile().unwrap();
        assert_eq!(cal.is_working(t).unwrap_err(), RoutingError::OutOfRange);
        assert_eq!(cal.is_span_end(t).unwrap_err(), RoutingError::OutOfRange);
        let other = if t == DateTime::<Utc>::MAX_UTC {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        };
        let (from, to) = if t < other { (t, other) } else { (other, t) };
        assert_eq!(cal.between(from, to).unwrap_err(), RoutingError::OutOfRange);
    }
}

/// The crash the `sla_calendar` target found (artifact
/// `crash-b9813ab508ace087a8d86e7a771df2f4ce176b82`): 16 bytes of instants,
/// the first out of chrono's range (the target saturates it to the last
/// instant chrono holds), then a one-hour Monday on a Berlin calendar.
#[test]
fn sla_calendar_crash_b9813ab5() {
    let input: &[u8] = b"\x00\x00\x40\x00\x6b\x06\xf7\xf0\x00\x00\x00\x00\x6b\x06\xf7\xf0\
        {\"calendar\": {\"time_zone\": \"Europe/Berlin\", \"hours\": \
        {\"mon\": [{\"start\": \"08:00\", \"end\": \"09:00\"}]}}}";
    let (head, json) = input.split_at(16);
    let secs = i64::from_be_bytes(head[..8].try_into().unwrap());
    assert!(DateTime::from_timestamp(secs, 0).is_none());
    let started_at = DateTime::<Utc>::MAX_UTC;
    let sla = SlaPolicy::from_json(std::str::from_utf8(json).unwrap())
        .unwrap()
        .compile()
        .unwrap();
    assert_eq!(
        sla.deadline(started_at).unwrap_err().code(),
        "sla.out_of_range"
    );
}

//! SLA policies with business calendars: the first 16 bytes are two
//! instants (`started_at` and `as_of`, big-endian i64 seconds since the Unix
//! epoch, saturated to chrono's range so every input is an instant, the
//! extremes included), the rest an `SlaPolicy` as JSON. Any input gives a deadline and a
//! clock or a coded error, never a panic or a hang; a deadline is never
//! before the start and the elapsed time never exceeds the window.
#![no_main]

use chrono::{DateTime, Utc};
use eql_core::ErrorCode;
use eql_core::routing::SlaPolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<16>() else {
        return;
    };
    let (a, b) = head.split_at(8);
    let (Some(started_at), Some(as_of)) = (instant(a), instant(b)) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let policy = match SlaPolicy::from_json(&text) {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    let sla = match policy.compile() {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    match sla.deadline(started_at) {
        Ok(deadline) => assert!(deadline >= started_at),
        Err(e) => assert!(!e.code().is_empty()),
    }
    match sla.status(started_at, as_of) {
        Ok(clock) => {
            assert!(clock.elapsed_seconds <= clock.window_seconds);
            assert!(clock.deadline >= clock.started_at);
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    if let Some(cal) = &policy.calendar {
        if let Ok(cal) = cal.compile() {
            match cal.between(started_at, as_of) {
                Ok(d) => assert!(d >= chrono::TimeDelta::zero()),
                Err(e) => assert!(!e.code().is_empty()),
            }
            let _ = cal.is_working(started_at);
            let _ = cal.is_span_end(as_of);
        }
    }
});

/// Seconds as given when chrono can hold them, else the nearest end of its
/// range (so the extremes, where local times stop existing, are easy to hit).
fn instant(bytes: &[u8]) -> Option<DateTime<Utc>> {
    let secs = i64::from_be_bytes(bytes.try_into().ok()?);
    DateTime::from_timestamp(secs, 0).or(Some(if secs < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    }))
}

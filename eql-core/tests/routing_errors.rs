//! Routing, SLA and status-update errors name what is wrong (issue 7).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::routing::{
    BusinessCalendar, LeadFacts, RoutingConfig, RoutingError, RoutingState, SlaPolicy, Span,
    WeekHours, route, sla_deadline,
};
use eql_core::time::{format_instant, parse_instant};
use eql_core::{ErrorCode, Lead};

fn config(json: &str) -> Result<RoutingConfig, RoutingError> {
    RoutingConfig::from_json(json)
}

#[test]
fn config_errors_name_queue_and_rep() {
    let e = config(
        r#"{"queues": [{"id": "emea", "reps": [{"id": "ana"}, {"id": "bo", "weight": 0}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), "routing.zero_weight");
    assert_eq!(
        e,
        RoutingError::ZeroWeight {
            queue: "emea".into(),
            rep: "bo".into()
        }
    );
    assert!(e.to_string().contains("active: false"));

    let e = config(r#"{"queues": [{"id": "emea", "reps": [{"id": "ana", "wieght": 2}]}]}"#)
        .unwrap_err();
    assert_eq!(e.code(), "routing.unknown_key");
    match e {
        RoutingError::UnknownKey { key, path, .. } => {
            assert_eq!(key, "wieght");
            assert!(path.contains("queues[0].reps[0]"), "{path}");
        }
        other => panic!("{other:?}"),
    }

    let e = config(r#"{"queues": [{"id": "", "reps": [{"id": "ana"}]}]}"#).unwrap_err();
    assert_eq!(e.code(), "routing.empty_id");
    let e =
        config(r#"{"queues": [{"id": "q", "reps": [{"id": "a", "weight": -1}]}]}"#).unwrap_err();
    assert_eq!(e.code(), "routing.parse");
}

#[test]
fn route_validates_a_config_built_in_code() {
    let config = RoutingConfig::default();
    let lead = LeadFacts::default();
    let e = route(&config, &RoutingState::default(), &lead).unwrap_err();
    assert_eq!(e.code(), "routing.no_queues");
}

#[test]
fn release_frees_capacity_and_never_goes_negative() {
    let config =
        config(r#"{"queues": [{"id": "q", "reps": [{"id": "a", "capacity": 1}]}]}"#).unwrap();
    let lead = LeadFacts {
        lead_id: "L-1".into(),
        ..LeadFacts::default()
    };
    let (first, mut state) = route(&config, &RoutingState::default(), &lead).unwrap();
    assert_eq!(first.rep_id(), Some("a"));
    let (second, _) = route(&config, &state, &lead).unwrap();
    assert_eq!(second.rep_id(), None);
    state.release("a");
    state.release("a");
    state.release("nobody");
    assert_eq!(state.open.get("a"), Some(&0));
    let (third, _) = route(&config, &state, &lead).unwrap();
    assert_eq!(third.rep_id(), Some("a"));
}

#[test]
fn state_round_trips_and_rejects_typos() {
    let state =
        RoutingState::from_json(r#"{"assignments": {"q": {"a": 3}}, "open": {"a": 1}}"#).unwrap();
    let text = serde_json::to_string(&state).unwrap();
    assert_eq!(RoutingState::from_json(&text).unwrap(), state);
    let e = RoutingState::from_json(r#"{"asignments": {}}"#).unwrap_err();
    assert_eq!(e.code(), "routing.unknown_key");
}

#[test]
fn lead_facts_from_a_canonical_lead() {
    let lead = Lead::from_json(
        r#"{"id": "L-1", "company": {"region": "EMEA"}, "custom": {"product_line": "core"}}"#,
    )
    .unwrap();
    let facts = LeadFacts::from_lead(&lead);
    assert_eq!(facts.lead_id, "L-1");
    assert_eq!(facts.region.as_deref(), Some("EMEA"));
    assert_eq!(facts.product_line.as_deref(), Some("core"));
}

fn calendar(tz: &str, hours: WeekHours) -> BusinessCalendar {
    BusinessCalendar {
        time_zone: tz.into(),
        hours,
        holidays: vec![],
    }
}

#[test]
fn calendar_errors_name_the_day() {
    let hours = WeekHours {
        tue: vec![Span::new("09:00", "13:00"), Span::new("12:30", "17:00")],
        ..WeekHours::default()
    };
    let e = calendar("Europe/Berlin", hours).compile().unwrap_err();
    assert_eq!(e.code(), "sla.overlapping_hours");
    assert_eq!(
        e,
        RoutingError::OverlappingHours {
            day: "tue",
            first: "09:00–13:00".into(),
            second: "12:30–17:00".into()
        }
    );
    let e = calendar(
        "Europe/Berln",
        WeekHours::weekdays(vec![Span::new("09:00", "17:00")]),
    )
    .compile()
    .unwrap_err();
    assert_eq!(e.code(), "sla.unknown_time_zone");
    assert!(e.to_string().contains("Europe/Berln"));
    for bad in ["9:00", "09:60", "24:01", "ab:cd", "", "09:00:00"] {
        let hours = WeekHours::weekdays(vec![Span::new(bad, "17:00")]);
        let e = calendar("UTC", hours).compile().unwrap_err();
        assert_eq!(e.code(), "sla.invalid_clock_time", "{bad}");
    }
    let e = calendar(
        "UTC",
        WeekHours::weekdays(vec![Span::new("24:00", "24:00")]),
    )
    .compile()
    .unwrap_err();
    assert_eq!(e.code(), "sla.empty_span");
}

#[test]
fn a_year_of_holidays_is_window_too_long_not_a_hang() {
    let start = parse_instant("2026-11-25T15:00:00Z").unwrap();
    let first = "2026-11-20".parse::<chrono::NaiveDate>().unwrap();
    let holidays = (0..400).map(|i| first + chrono::Days::new(i)).collect();
    let policy = SlaPolicy {
        window_minutes: 60,
        calendar: Some(BusinessCalendar {
            time_zone: "UTC".into(),
            hours: WeekHours::weekdays(vec![Span::new("09:00", "17:00")]),
            holidays,
        }),
        ..SlaPolicy::default()
    };
    let e = sla_deadline(&policy, start).unwrap_err();
    assert_eq!(e.code(), "sla.window_too_long");
    assert_eq!(
        e,
        RoutingError::WindowTooLong {
            minutes: 60,
            limit_days: 366
        }
    );
}

#[test]
fn a_skipped_local_day_and_gap_times_do_not_panic() {
    // Samoa skipped 30 December 2011; Berlin skips 02:00–03:00 on 29 March 2026.
    let all_day = WeekHours {
        mon: vec![Span::new("00:00", "24:00")],
        tue: vec![Span::new("00:00", "24:00")],
        wed: vec![Span::new("00:00", "24:00")],
        thu: vec![Span::new("00:00", "24:00")],
        fri: vec![Span::new("00:00", "24:00")],
        sat: vec![Span::new("00:00", "24:00")],
        sun: vec![Span::new("00:00", "24:00")],
    };
    let policy = SlaPolicy {
        window_minutes: 48 * 60,
        calendar: Some(calendar("Pacific/Apia", all_day)),
        ..SlaPolicy::default()
    };
    let start = parse_instant("2011-12-29T00:00:00Z").unwrap();
    let deadline = sla_deadline(&policy, start).unwrap();
    // Round the clock is real elapsed time, whatever the local calendar does.
    assert_eq!(format_instant(&deadline), "2011-12-31T00:00:00Z");

    // A span that starts inside the gap starts when the clock jumps: 02:30
    // does not exist, the span starts at 03:00 CEST (01:00Z); + 30 min.
    let gap = WeekHours {
        sun: vec![Span::new("02:30", "04:00")],
        ..WeekHours::default()
    };
    let policy = SlaPolicy {
        window_minutes: 30,
        calendar: Some(calendar("Europe/Berlin", gap)),
        ..SlaPolicy::default()
    };
    let start = parse_instant("2026-03-28T12:00:00Z").unwrap();
    let deadline = sla_deadline(&policy, start).unwrap();
    assert_eq!(format_instant(&deadline), "2026-03-29T01:30:00Z");

    // Spans do not overlap in UTC: 02:00–02:45 lies in the gap and is empty,
    // 03:00–05:00 CEST is two real hours (shifting gap times forward instead
    // would make 02:00–02:45 run 03:00–03:45 and count it twice).
    let touching = WeekHours {
        sun: vec![Span::new("02:00", "02:45"), Span::new("03:00", "05:00")],
        ..WeekHours::default()
    };
    let compiled = calendar("Europe/Berlin", touching).compile().unwrap();
    let day = parse_instant("2026-03-28T12:00:00Z").unwrap();
    let next = parse_instant("2026-03-30T12:00:00Z").unwrap();
    assert_eq!(
        compiled.between(day, next).unwrap(),
        chrono::TimeDelta::hours(2)
    );
}

#[test]
fn adding_no_business_time_is_an_error() {
    let compiled = calendar(
        "UTC",
        WeekHours::weekdays(vec![Span::new("09:00", "17:00")]),
    )
    .compile()
    .unwrap();
    let start = parse_instant("2026-11-25T15:00:00Z").unwrap();
    for d in [chrono::TimeDelta::zero(), chrono::TimeDelta::minutes(-5)] {
        assert_eq!(
            compiled.add(start, d).unwrap_err().code(),
            "sla.zero_window"
        );
    }
}

//! Property tests of routing and SLA clocks (issue 7).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use chrono::{DateTime, NaiveDate, TimeDelta};
use eql_core::routing::{
    BusinessCalendar, LeadFacts, Queue, Rep, RoutingConfig, RoutingState, SlaPolicy, SlaStatus,
    Span, WeekHours, route, route_batch,
};
use eql_core::time::Instant;
use proptest::prelude::*;

/// Calendars with DST changes of 1 h and 30 min, split days, holidays and
/// round-the-clock hours.
fn calendars() -> Vec<BusinessCalendar> {
    let nine_to_five = WeekHours::weekdays(vec![Span::new("09:00", "17:00")]);
    let split = WeekHours::weekdays(vec![
        Span::new("08:30", "12:00"),
        Span::new("13:00", "18:30"),
    ]);
    let all_day = WeekHours {
        sat: vec![Span::new("00:00", "24:00")],
        sun: vec![Span::new("00:00", "24:00")],
        wed: vec![Span::new("01:30", "02:45"), Span::new("22:00", "24:00")],
        ..WeekHours::default()
    };
    let gap_spans = WeekHours {
        sun: vec![
            Span::new("00:45", "01:50"),
            Span::new("02:00", "02:15"),
            Span::new("02:15", "02:45"),
            Span::new("02:45", "05:00"),
        ],
        mon: vec![Span::new("09:00", "10:00")],
        ..WeekHours::default()
    };
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    vec![
        BusinessCalendar {
            time_zone: "Europe/Berlin".into(),
            hours: nine_to_five.clone(),
            holidays: vec![d("2026-12-25"), d("2026-12-24"), d("2027-01-01")],
        },
        BusinessCalendar {
            time_zone: "America/New_York".into(),
            hours: split,
            holidays: vec![d("2026-11-26")],
        },
        BusinessCalendar {
            time_zone: "Europe/Berlin".into(),
            hours: all_day.clone(),
            holidays: vec![],
        },
        BusinessCalendar {
            time_zone: "Australia/Lord_Howe".into(),
            hours: all_day,
            holidays: vec![],
        },
        BusinessCalendar {
            time_zone: "UTC".into(),
            hours: nine_to_five,
            holidays: vec![],
        },
        // Spans inside and around the DST gaps and overlaps (Sunday nights).
        BusinessCalendar {
            time_zone: "Europe/Berlin".into(),
            hours: gap_spans.clone(),
            holidays: vec![],
        },
        BusinessCalendar {
            time_zone: "Australia/Lord_Howe".into(),
            hours: gap_spans.clone(),
            holidays: vec![],
        },
        BusinessCalendar {
            time_zone: "America/New_York".into(),
            hours: gap_spans,
            holidays: vec![],
        },
    ]
}

/// An instant between 2026-01-01 and 2028-01-01, to the second, half of
/// them within three days before a DST change.
fn instant() -> impl Strategy<Value = Instant> {
    // Sundays of DST changes in Europe, the US and Lord Howe, 2026–2027, 00:00Z.
    const CHANGES: &[i64] = &[
        1_774_742_400, // 2026-03-29
        1_792_886_400, // 2026-10-25
        1_772_928_000, // 2026-03-08
        1_793_491_200, // 2026-11-01
        1_775_347_200, // 2026-04-05
        1_791_072_000, // 2026-10-04
        1_806_192_000, // 2027-03-28
    ];
    prop_oneof![
        (1_767_225_600i64..1_830_297_600),
        (0..CHANGES.len(), -259_200i64..86_400).prop_map(|(i, d)| CHANGES[i] + d),
    ]
    .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn policy(calendar: Option<BusinessCalendar>, minutes: u32) -> SlaPolicy {
    SlaPolicy {
        window_minutes: minutes,
        calendar,
        ..SlaPolicy::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn deadline_is_monotonic_in_start(
        cal in 0usize..9,
        a in instant(),
        gap in 0i64..400_000,
        minutes in 1u32..6_000,
    ) {
        let calendar = calendars().get(cal).cloned();
        let sla = policy(calendar, minutes).compile().unwrap();
        let b = a + TimeDelta::seconds(gap);
        let (da, db) = (sla.deadline(a).unwrap(), sla.deadline(b).unwrap());
        prop_assert!(da <= db, "start {a} → {da}, later start {b} → {db}");
        prop_assert!(da > a);
    }

    #[test]
    fn business_deadline_is_inside_working_hours_or_at_a_span_end(
        cal in 0usize..8,
        start in instant(),
        minutes in 1u32..6_000,
    ) {
        let calendar = calendars()[cal].clone();
        let compiled = calendar.compile().unwrap();
        let sla = policy(Some(calendar), minutes).compile().unwrap();
        let deadline = sla.deadline(start).unwrap();
        prop_assert!(
            compiled.is_working(deadline).unwrap() || compiled.is_span_end(deadline).unwrap(),
            "deadline {deadline} is outside working hours"
        );
        // The business time between start and deadline is the window.
        prop_assert_eq!(
            compiled.between(start, deadline).unwrap(),
            TimeDelta::minutes(i64::from(minutes))
        );
    }

    #[test]
    fn status_never_goes_back(
        cal in 0usize..9,
        start in instant(),
        minutes in 1u32..3_000,
        first in -100_000i64..400_000,
        step in 0i64..400_000,
    ) {
        let sla = policy(calendars().get(cal).cloned(), minutes).compile().unwrap();
        let rank = |s: SlaStatus| match s {
            SlaStatus::OnTime => 0,
            SlaStatus::AtRisk => 1,
            _ => 2,
        };
        let t1 = start + TimeDelta::seconds(first);
        let t2 = t1 + TimeDelta::seconds(step);
        let (c1, c2) = (sla.status(start, t1).unwrap(), sla.status(start, t2).unwrap());
        prop_assert!(rank(c1.status) <= rank(c2.status));
        prop_assert!(c1.elapsed_seconds <= c2.elapsed_seconds);
        prop_assert!(c2.elapsed_seconds <= c2.window_seconds);
    }

    #[test]
    fn equal_weights_share_within_one(
        reps in 1usize..9,
        weight in 1u32..5,
        n in 0usize..200,
        inactive in proptest::option::of(0usize..9),
    ) {
        let queue = Queue {
            id: "q".into(),
            reps: (0..reps)
                .map(|i| Rep {
                    id: format!("R{i}"),
                    weight,
                    active: Some(i) != inactive || reps == 1,
                    ..Rep::default()
                })
                .collect(),
            ..Queue::default()
        };
        let config = RoutingConfig { queues: vec![queue] };
        let lead = LeadFacts { lead_id: "L".into(), ..LeadFacts::default() };
        let mut state = RoutingState::default();
        for _ in 0..n {
            let (assignment, next) = route(&config, &state, &lead).unwrap();
            prop_assert!(assignment.rep_id().is_some());
            state = next;
        }
        let counts: Vec<u64> = config.queues[0]
            .reps
            .iter()
            .filter(|r| r.active)
            .map(|r| state.assignments.get("q").and_then(|c| c.get(&r.id)).copied().unwrap_or(0))
            .collect();
        let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        prop_assert!(max - min <= 1, "counts {counts:?}");
        prop_assert_eq!(counts.iter().sum::<u64>(), n as u64);
    }

    #[test]
    fn weighted_shares_track_weights(
        weights in proptest::collection::vec(1u32..6, 1..6),
        n in 0usize..150,
    ) {
        let queue = Queue {
            id: "q".into(),
            reps: weights
                .iter()
                .enumerate()
                .map(|(i, w)| Rep { id: format!("R{i}"), weight: *w, ..Rep::default() })
                .collect(),
            ..Queue::default()
        };
        let config = RoutingConfig { queues: vec![queue] };
        let lead = LeadFacts { lead_id: "L".into(), ..LeadFacts::default() };
        let mut state = RoutingState::default();
        for _ in 0..n {
            state = route(&config, &state, &lead).unwrap().1;
        }
        // Lowest counter wins keeps every pair within one assignment of its
        // weight share: a_i / w_i and a_j / w_j never differ by more than
        // one rep's step 1 / w.
        let total: u32 = weights.iter().sum();
        for (i, w) in weights.iter().enumerate() {
            let got = state.assignments.get("q").and_then(|c| c.get(&format!("R{i}"))).copied().unwrap_or(0);
            let ideal = n as f64 * f64::from(*w) / f64::from(total);
            prop_assert!((got as f64 - ideal).abs() <= f64::from(*w), "rep {i}: {got} vs {ideal}");
        }
    }

    #[test]
    fn route_never_panics(
        reps in proptest::collection::vec((0u32..3, any::<bool>(), proptest::option::of(0u32..3)), 0..6),
        open in proptest::collection::vec(0u32..4, 6),
        counts in proptest::collection::vec(prop_oneof![0u64..5, Just(u64::MAX)], 6),
        region in proptest::option::of(prop_oneof![Just("EMEA".to_owned()), Just("emea ".to_owned()), Just("NA".to_owned())]),
    ) {
        let queue = Queue {
            id: "q".into(),
            regions: vec!["EMEA".into()],
            reps: reps
                .iter()
                .enumerate()
                .map(|(i, (weight, active, capacity))| Rep {
                    id: format!("R{i}"),
                    weight: *weight,
                    active: *active,
                    capacity: *capacity,
                })
                .collect(),
            ..Queue::default()
        };
        let config = RoutingConfig { queues: vec![queue] };
        let mut state = RoutingState::default();
        for i in 0..6 {
            state.open.insert(format!("R{i}"), open[i]);
            state.assignments.entry("q".into()).or_default().insert(format!("R{i}"), counts[i]);
        }
        let lead = LeadFacts { lead_id: "L".into(), region, product_line: None };
        match route(&config, &state, &lead) {
            Ok((assignment, next)) => match assignment.rep_id() {
                Some(rep) => {
                    let r = config.queues[0].reps.iter().find(|r| r.id == rep).unwrap();
                    prop_assert!(r.active);
                    prop_assert!(r.capacity.is_none_or(|c| state.open[rep] < c));
                    prop_assert_eq!(next.open[rep], state.open[rep] + 1);
                }
                None => prop_assert_eq!(next, state),
            },
            Err(e) => prop_assert!(
                ["routing.zero_weight", "routing.empty_queue", "routing.counter_overflow"]
                    .contains(&eql_core::ErrorCode::code(&e)),
                "{e}"
            ),
        }
    }

    #[test]
    fn calendar_compile_never_panics(
        spans in proptest::collection::vec(("[0-9:]{0,6}", "[0-9:]{0,6}"), 0..4),
        tz in prop_oneof![Just("UTC"), Just("Europe/Berlin"), Just("Nowhere/City"), Just("")],
        start in instant(),
    ) {
        let calendar = BusinessCalendar {
            time_zone: tz.into(),
            hours: WeekHours::weekdays(spans.iter().map(|(a, b)| Span::new(a, b)).collect()),
            holidays: vec![],
        };
        if let Ok(compiled) = calendar.compile() {
            let deadline = compiled.add(start, TimeDelta::minutes(90)).unwrap();
            prop_assert!(deadline > start);
        }
    }

    #[test]
    fn batch_equals_one_by_one(
        weights in proptest::collection::vec((1u32..4, proptest::option::of(0u32..4)), 1..5),
        regions in proptest::collection::vec(proptest::option::of(prop_oneof![Just("EMEA"), Just("NA")]), 0..30),
    ) {
        let queue = Queue {
            id: "emea".into(),
            regions: vec!["EMEA".into()],
            reps: weights
                .iter()
                .enumerate()
                .map(|(i, (w, cap))| Rep { id: format!("R{i}"), weight: *w, capacity: *cap, ..Rep::default() })
                .collect(),
            ..Queue::default()
        };
        let config = RoutingConfig { queues: vec![queue] };
        let leads: Vec<LeadFacts> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| LeadFacts { lead_id: format!("L-{i}"), region: r.map(str::to_owned), product_line: None })
            .collect();
        let (batch, batch_state) = route_batch(&config, &RoutingState::default(), &leads).unwrap();
        let mut state = RoutingState::default();
        for (lead, from_batch) in leads.iter().zip(&batch) {
            let (one, next) = route(&config, &state, lead).unwrap();
            prop_assert_eq!(&one, from_batch.as_ref().unwrap());
            state = next;
        }
        prop_assert_eq!(state, batch_state);
    }
}

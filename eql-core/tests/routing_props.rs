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

/// `HH:MM` of a minute of the day (1440 = `24:00`).
fn hhmm(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// One day's working hours: up to three sorted spans that never overlap
/// (distinct cut points, paired), anywhere in 00:00–24:00.
fn day_spans() -> impl Strategy<Value = Vec<Span>> {
    proptest::collection::btree_set(0u32..=1440, 0..=6).prop_map(|cuts| {
        let cuts: Vec<u32> = cuts.into_iter().collect();
        cuts.chunks_exact(2)
            .map(|c| Span::new(&hhmm(c[0]), &hhmm(c[1])))
            .collect()
    })
}

fn span_minutes(spans: &[Span]) -> u32 {
    let m = |t: &str| -> u32 {
        let (h, m) = t.split_once(':').unwrap();
        h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
    };
    spans.iter().map(|s| m(&s.end) - m(&s.start)).sum()
}

/// A valid calendar (it always compiles): random spans on every weekday, at
/// least one working span in the week, a zone with DST or an odd offset,
/// and distinct holidays in 2026–2027. Also its working minutes per week.
fn valid_calendar() -> impl Strategy<Value = (BusinessCalendar, u32)> {
    (
        proptest::collection::vec(day_spans(), 7),
        prop::sample::select(vec![
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "America/St_Johns",
        ]),
        proptest::collection::btree_set(0i64..730, 0..12),
    )
        .prop_map(|(mut days, tz, holidays)| {
            if days.iter().all(Vec::is_empty) {
                days[0] = vec![Span::new("09:00", "17:00")];
            }
            let weekly = days.iter().map(|d| span_minutes(d)).sum();
            let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let mut d = days.into_iter();
            let mut next = || d.next().unwrap();
            let hours = WeekHours {
                mon: next(),
                tue: next(),
                wed: next(),
                thu: next(),
                fri: next(),
                sat: next(),
                sun: next(),
            };
            let calendar = BusinessCalendar {
                time_zone: tz.into(),
                hours,
                holidays: holidays
                    .into_iter()
                    .map(|o| first + TimeDelta::days(o))
                    .collect(),
            };
            (calendar, weekly)
        })
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

    /// Generated valid calendars always compile, and a window of at most
    /// four weeks of their working time always has a deadline: after the
    /// start, in working time or at a span's end, with exactly the window
    /// of business time in between.
    #[test]
    fn valid_calendars_compile_and_give_exact_deadlines(
        (calendar, weekly) in valid_calendar(),
        start in instant(),
        raw_minutes in 1u32..6_000,
    ) {
        let compiled = calendar.compile();
        prop_assert!(compiled.is_ok(), "{calendar:?}: {:?}", compiled.err());
        let compiled = compiled.unwrap();
        let minutes = 1 + (raw_minutes - 1) % (weekly * 4).min(6_000);
        let window = TimeDelta::minutes(i64::from(minutes));
        let deadline = compiled.add(start, window);
        prop_assert!(deadline.is_ok(), "{minutes} min from {start}: {:?}", deadline.err());
        let deadline = deadline.unwrap();
        prop_assert!(deadline > start);
        prop_assert!(
            compiled.is_working(deadline).unwrap() || compiled.is_span_end(deadline).unwrap(),
            "deadline {deadline} is outside working hours"
        );
        prop_assert_eq!(compiled.between(start, deadline).unwrap(), window);
        let sla = policy(Some(calendar), minutes).compile().unwrap();
        prop_assert_eq!(sla.deadline(start).unwrap(), deadline);
    }

    /// Junk calendars (spans that are rarely clock times, unknown zones)
    /// compile to a coded error or to a calendar that works; never a panic.
    #[test]
    fn junk_calendars_never_panic(
        spans in proptest::collection::vec(("[0-9:]{0,6}", "[0-9:]{0,6}"), 0..4),
        tz in prop_oneof![Just("UTC"), Just("Europe/Berlin"), Just("Nowhere/City"), Just("")],
        start in instant(),
    ) {
        let calendar = BusinessCalendar {
            time_zone: tz.into(),
            hours: WeekHours::weekdays(spans.iter().map(|(a, b)| Span::new(a, b)).collect()),
            holidays: vec![],
        };
        match calendar.compile() {
            Ok(compiled) => {
                let deadline = compiled.add(start, TimeDelta::minutes(90)).unwrap();
                prop_assert!(deadline > start);
            }
            Err(e) => prop_assert!(eql_core::ErrorCode::code(&e).starts_with("sla."), "{e}"),
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

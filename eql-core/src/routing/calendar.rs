//! Business calendars: an IANA time zone, working hours per weekday and
//! holidays; adding business time to an instant and measuring it.
//!
//! Working hours are local wall-clock times, turned into UTC day by day, so a
//! 10:00–18:00 day stays 10:00–18:00 local across DST changes (and the day
//! of the change has as many real hours as its wall clock shows). A local
//! time that does not exist (spring forward)
//! means the instant the clock jumps (a span 02:00–04:00 on a spring-forward
//! night starts at 03:00 local); one that happens twice (fall back) means the
//! earlier instant. The mapping never goes backwards, so spans never overlap.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone};
use serde::{Deserialize, Serialize};

use super::error::RoutingError;
use super::local_time::{Zone, parse_zone, to_utc, zone_name};
use crate::time::Instant;

/// Business time is searched at most this many days after the start; a
/// window that does not end within it is `sla.window_too_long`.
pub const MAX_SEARCH_DAYS: u32 = 366;
/// At most this many holidays in one calendar.
pub const MAX_HOLIDAYS: usize = 10_000;
/// At most this many working-hours spans per weekday.
pub const MAX_SPANS_PER_DAY: usize = 48;

const MINUTES_PER_DAY: u16 = 1_440;

/// A business calendar as configured (serde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BusinessCalendar {
    /// IANA time zone name, e.g. `Europe/Berlin` (without the default `tz`
    /// feature only `UTC` and `Etc/UTC` are known).
    pub time_zone: String,
    /// Working hours per weekday.
    pub hours: WeekHours,
    /// Local dates with no working hours.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<NaiveDate>"))]
    #[serde(default, with = "crate::wire::date_vec")]
    pub holidays: Vec<NaiveDate>,
}

/// Working hours per weekday; a day left out has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeekHours {
    #[serde(default)]
    pub mon: Vec<Span>,
    #[serde(default)]
    pub tue: Vec<Span>,
    #[serde(default)]
    pub wed: Vec<Span>,
    #[serde(default)]
    pub thu: Vec<Span>,
    #[serde(default)]
    pub fri: Vec<Span>,
    #[serde(default)]
    pub sat: Vec<Span>,
    #[serde(default)]
    pub sun: Vec<Span>,
}

impl WeekHours {
    /// The same spans Monday to Friday, none at the weekend.
    pub fn weekdays(spans: Vec<Span>) -> WeekHours {
        WeekHours {
            mon: spans.clone(),
            tue: spans.clone(),
            wed: spans.clone(),
            thu: spans.clone(),
            fri: spans,
            sat: Vec::new(),
            sun: Vec::new(),
        }
    }

    fn days(&self) -> [(&'static str, &[Span]); 7] {
        [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ]
    }
}

/// Working hours `start`–`end`, local `HH:MM`; `end` may be `24:00`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: String,
    pub end: String,
}

impl Span {
    /// A span from two `HH:MM` texts.
    pub fn new(start: &str, end: &str) -> Span {
        Span {
            start: start.to_owned(),
            end: end.to_owned(),
        }
    }
}

/// A validated calendar, ready to compute with.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCalendar {
    tz: Zone,
    /// Per weekday from Monday: sorted, non-overlapping (start, end) minutes of the day.
    week: [Vec<(u16, u16)>; 7],
    holidays: BTreeSet<NaiveDate>,
}

fn parse_clock(text: &str) -> Result<u16, RoutingError> {
    let bad = || RoutingError::InvalidClockTime {
        text: text.to_owned(),
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 {
        return Err(bad());
    }
    let minutes = h
        .checked_mul(60)
        .and_then(|x| x.checked_add(m))
        .ok_or_else(bad)?;
    if minutes > MINUTES_PER_DAY {
        return Err(bad());
    }
    Ok(minutes)
}

impl BusinessCalendar {
    /// Check the calendar and compile it: the time zone must be known, at
    /// least one weekday must have working hours, spans must be non-empty and
    /// must not overlap, holidays must not repeat.
    pub fn compile(&self) -> Result<CompiledCalendar, RoutingError> {
        let tz =
            parse_zone(self.time_zone.trim()).ok_or_else(|| RoutingError::UnknownTimeZone {
                time_zone: self.time_zone.clone(),
            })?;
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for ((day, spans), out) in self.hours.days().into_iter().zip(week.iter_mut()) {
            if spans.len() > MAX_SPANS_PER_DAY {
                return Err(RoutingError::TooLarge {
                    what: format!("hours.{day}"),
                    limit: MAX_SPANS_PER_DAY,
                    actual: spans.len(),
                });
            }
            for (index, span) in spans.iter().enumerate() {
                let start = parse_clock(&span.start)?;
                let end = parse_clock(&span.end)?;
                if end <= start || start >= MINUTES_PER_DAY {
                    return Err(RoutingError::EmptySpan {
                        day,
                        index,
                        start: span.start.clone(),
                        end: span.end.clone(),
                    });
                }
                out.push((start, end));
            }
            out.sort_unstable();
            for pair in out.windows(2) {
                if let [a, b] = pair
                    && b.0 < a.1
                {
                    return Err(RoutingError::OverlappingHours {
                        day,
                        first: format_span(*a),
                        second: format_span(*b),
                    });
                }
            }
        }
        if week.iter().all(Vec::is_empty) {
            return Err(RoutingError::NoWorkingHours);
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(RoutingError::TooLarge {
                what: "holidays".into(),
                limit: MAX_HOLIDAYS,
                actual: self.holidays.len(),
            });
        }
        let mut holidays = BTreeSet::new();
        for date in &self.holidays {
            if !holidays.insert(*date) {
                return Err(RoutingError::DuplicateHoliday {
                    date: date.to_string(),
                });
            }
        }
        Ok(CompiledCalendar { tz, week, holidays })
    }
}

fn format_span((start, end): (u16, u16)) -> String {
    let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
    format!("{}–{}", hm(start), hm(end))
}

impl CompiledCalendar {
    /// The canonical IANA name of the time zone (e.g. `Europe/Berlin`).
    pub fn time_zone(&self) -> &'static str {
        zone_name(&self.tz)
    }

    /// The local day before `t`'s: scans start there so that no span that
    /// could reach `t` (a DST change can move a local midnight) is missed.
    fn first_day(&self, t: Instant) -> Result<NaiveDate, RoutingError> {
        self.local_date(t)?
            .pred_opt()
            .ok_or(RoutingError::OutOfRange)
    }

    /// `t`'s local date. Within a zone offset of the end (or start) of
    /// chrono's range the local time does not exist, and chrono's
    /// `date_naive` would panic: that is `sla.out_of_range`.
    fn local_date(&self, t: Instant) -> Result<NaiveDate, RoutingError> {
        let utc = t.naive_utc();
        utc.checked_add_offset(self.tz.offset_from_utc_datetime(&utc).fix())
            .map(|local| local.date())
            .ok_or(RoutingError::OutOfRange)
    }

    /// The UTC instant of local `minutes` after midnight of `date`.
    fn local_instant(&self, date: NaiveDate, minutes: u16) -> Result<Instant, RoutingError> {
        let naive = date
            .and_time(NaiveTime::MIN)
            .checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
            .ok_or(RoutingError::OutOfRange)?;
        to_utc(self.tz, naive)
    }

    /// Working intervals (UTC) of the local `date`, in order.
    fn intervals(
        &self,
        date: NaiveDate,
    ) -> Result<impl Iterator<Item = Result<(Instant, Instant), RoutingError>> + '_, RoutingError>
    {
        let spans: &[(u16, u16)] = if self.holidays.contains(&date) {
            &[]
        } else {
            let index = usize::try_from(date.weekday().num_days_from_monday())
                .map_err(|_| RoutingError::OutOfRange)?;
            self.week.get(index).map_or(&[], Vec::as_slice)
        };
        Ok(spans
            .iter()
            .map(move |&(s, e)| Ok((self.local_instant(date, s)?, self.local_instant(date, e)?))))
    }

    /// The instant `duration` of business time after `start`.
    ///
    /// When the window is used up exactly at the end of a working span the
    /// deadline is that end (e.g. 18:00), not the start of the next span.
    /// A zero or negative `duration` is `sla.zero_window`.
    pub fn add(&self, start: Instant, duration: TimeDelta) -> Result<Instant, RoutingError> {
        if duration <= TimeDelta::zero() {
            return Err(RoutingError::ZeroWindow);
        }
        let mut remaining = duration;
        let first = self.first_day(start)?;
        for offset in 0..=MAX_SEARCH_DAYS {
            let date = first
                .checked_add_days(Days::new(u64::from(offset)))
                .ok_or(RoutingError::OutOfRange)?;
            for interval in self.intervals(date)? {
                let (s, e) = interval?;
                let s = s.max(start);
                if e <= s {
                    continue;
                }
                let available = e.signed_duration_since(s);
                if available >= remaining {
                    return s
                        .checked_add_signed(remaining)
                        .ok_or(RoutingError::OutOfRange);
                }
                remaining = remaining
                    .checked_sub(&available)
                    .ok_or(RoutingError::OutOfRange)?;
            }
        }
        Err(RoutingError::WindowTooLong {
            minutes: u64::try_from(duration.num_minutes()).unwrap_or(0),
            limit_days: MAX_SEARCH_DAYS,
        })
    }

    /// Business time between `from` and `to` (zero when `to <= from`),
    /// counted over at most [`MAX_SEARCH_DAYS`] days after `from`.
    pub fn between(&self, from: Instant, to: Instant) -> Result<TimeDelta, RoutingError> {
        let mut total = TimeDelta::zero();
        if to <= from {
            return Ok(total);
        }
        let first = self.first_day(from)?;
        let last = self.local_date(to)?;
        for offset in 0..=MAX_SEARCH_DAYS {
            let date = first
                .checked_add_days(Days::new(u64::from(offset)))
                .ok_or(RoutingError::OutOfRange)?;
            if date > last {
                break;
            }
            for interval in self.intervals(date)? {
                let (s, e) = interval?;
                let (s, e) = (s.max(from), e.min(to));
                if e > s {
                    total = total
                        .checked_add(&e.signed_duration_since(s))
                        .ok_or(RoutingError::OutOfRange)?;
                }
            }
        }
        Ok(total)
    }

    /// Whether `t` lies inside a working span (start included, end excluded).
    pub fn is_working(&self, t: Instant) -> Result<bool, RoutingError> {
        let date = self.local_date(t)?;
        // A span of the previous local day cannot reach past its midnight,
        // but a DST shift can move instants across it: check both days.
        let previous = date.pred_opt().ok_or(RoutingError::OutOfRange)?;
        for day in [previous, date] {
            for interval in self.intervals(day)? {
                let (s, e) = interval?;
                if s <= t && t < e {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether `t` is exactly the end of a working span.
    pub fn is_span_end(&self, t: Instant) -> Result<bool, RoutingError> {
        let date = self.local_date(t)?;
        let previous = date.pred_opt().ok_or(RoutingError::OutOfRange)?;
        for day in [previous, date] {
            for interval in self.intervals(day)? {
                if interval?.1 == t {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

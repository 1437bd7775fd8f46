//! The catalogue cannot drift: every variant of every error enum is built
//! here (a new variant fails to compile until it is listed) and its code
//! must be in `CODES`; every core code of `CODES` must come from a variant.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;

use super::catalogue::{CODES, RaisedBy};
use super::{ErrorCode, InputError};
use crate::attribution::AttributionError;
use crate::hygiene::{EmailProblem, HygieneError};
use crate::money::MoneyError;
use crate::qualify::{ModelError, QualifyError};
use crate::report::ReportError;
use crate::routing::RoutingError;
use crate::utm::UtmError;

/// Every variant of `$ty`, built from the listed values. The same list
/// feeds an exhaustive `match` (inside the crate `#[non_exhaustive]` does not
/// apply), so adding a variant to an enum breaks the build here until it is
/// listed — and listing it puts its code under test.
macro_rules! every {
    ($ty:ident: $($variant:ident $({ $($field:ident: $value:expr),* $(,)? })? $(($($arg:expr),* $(,)?))?),* $(,)?) => {{
        #[allow(dead_code)]
        fn exhaustive(e: &$ty) {
            match e {
                $($ty::$variant { .. } => {})*
            }
        }
        vec![$($ty::$variant $({ $($field: $value),* })? $(($($arg),*))?),*]
    }};
}

fn s() -> String {
    "x".to_owned()
}

fn input_errors() -> Vec<InputError> {
    every!(InputError:
        Invalid { path: s(), message: s() },
        UnknownKey { path: s(), key: s() },
        InvalidTimestamp { path: s(), message: s() },
        InvalidMoney { path: s(), message: s() },
        TooLarge { path: s(), limit: 1, actual: 2 },
        MissingColumn { table: "t", column: s(), hint: "" },
        UnknownColumn { table: "t", column: s() },
        DuplicateColumn { table: "t", column: s() },
        ColumnType { table: "t", column: s(), expected: "e", found: s() },
        NaiveTimestamp { table: "t", column: s() },
        OrphanRow { table: "t", column: s(), key: s(), row: 1 },
        MissingJourney { table: "t", column: s(), row: 1 },
        MissingConversion { journey: s() },
        DuplicateConversion { journey: s() },
    )
}

fn model_errors() -> Vec<ModelError> {
    every!(ModelError:
        Parse { format: "json", path: s(), message: s() },
        UnknownKey { path: s(), key: s() },
        UnknownOperator { rule: s(), field: s(), op: s() },
        UnknownField { rule: s(), field: s() },
        TypeMismatch { rule: s(), field: s(), op: s(), expected: s() },
        EmptyList { rule: s(), field: s(), op: s() },
        InvalidValue { rule: s(), field: None, key: s(), message: s() },
        DuplicateRuleId { rule: s() },
        ThresholdAboveCaps { threshold: 1, caps: 0 },
        InvalidSetting { key: s(), message: s() },
        InvalidWindow { from: s(), until: s() },
        OverlappingWindows { id: s(), a: s(), b: s() },
        NotInForce { id: s(), at: s() },
        TooLarge { what: s(), limit: 1, actual: 2 },
    )
}

fn qualify_errors() -> Vec<QualifyError> {
    every!(QualifyError:
        OutsideWindow { id: s(), version: s(), from: s(), until: s(), as_of: s() },
        Model(model_errors().remove(0)),
        Input { lead: s(), source: input_errors().remove(0) },
    )
}

fn money_errors() -> Vec<MoneyError> {
    every!(MoneyError: UnknownCurrency { code: s() })
}

fn attribution_errors() -> Vec<AttributionError> {
    every!(AttributionError:
        EmptyJourney,
        NoEligibleTouch { excluded: 1 },
        TooManyTouches { limit: 1, actual: 2 },
        NegativeWeight { model: "custom", weight: "first", value: s() },
        WeightsNotOne { model: "custom", sum: s() },
        InvalidHalfLife { value: s() },
        NegativeAmount { amount: s() },
        AmountTooPrecise { amount: s(), currency: s(), minor_units: 2 },
        Currency(money_errors().remove(0)),
        Overflow { what: "x" },
        NothingToCredit { model: "custom" },
        InvalidOrder { order: 9 },
        EmptyPath { row: 0 },
        TooManyChannels { limit: 1 },
        TooManyStates { limit: 1, actual: 2 },
        MarkovNotSolved { states: 1 },
        ValueWithoutConversions { row: 0 },
        UnknownChannelId { id: 7 },
        LengthMismatch { what: "x", left: 1, right: 2 },
        Input(input_errors().remove(0)),
        Registry(utm_errors().remove(0)),
    )
}

fn hygiene_errors() -> Vec<HygieneError> {
    every!(HygieneError:
        InvalidEmail { problem: EmailProblem::NoAt },
        NoRegistrableDomain { domain: s() },
        InvalidPartnerId { partner_id: s() },
        InvalidKey { text: s(), message: s() },
        UnknownField { field: s() },
        TooLarge { limit: 1, actual: 2 },
        Rebuild { id: s(), message: s() },
    )
}

fn utm_errors() -> Vec<UtmError> {
    every!(UtmError:
        InvalidUrl { field: "url", message: s() },
        UrlTooLong { field: "url", limit: 1, actual: 2 },
        Parse { what: "registry", path: s(), message: s() },
        UnknownKey { what: "registry", path: s(), key: s() },
        InvalidRegistry { message: s() },
        InvalidRule { index: 0, message: s() },
    )
}

fn routing_errors() -> Vec<RoutingError> {
    every!(RoutingError:
        Parse { what: "config", path: s(), message: s() },
        UnknownKey { what: "config", path: s(), key: s() },
        NoQueues,
        EmptyId { what: "queue", index: 0 },
        DuplicateQueue { queue: s() },
        EmptyQueue { queue: s() },
        DuplicateRep { queue: s(), rep: s() },
        ZeroWeight { queue: s(), rep: s() },
        TooLarge { what: s(), limit: 1, actual: 2 },
        CounterOverflow { queue: s(), rep: s() },
        UnknownTimeZone { time_zone: s() },
        NoWorkingHours,
        InvalidClockTime { text: s() },
        EmptySpan { day: "mon", index: 0, start: s(), end: s() },
        OverlappingHours { day: "mon", first: s(), second: s() },
        DuplicateHoliday { date: s() },
        ZeroWindow,
        WindowTooLong { minutes: 1, limit_days: 1 },
        InvalidAtRisk { value: 0 },
        OutOfRange,
        AfterClose { lead: s(), milestone: "accepted", closed: "closed_won" },
        OutOfOrder { lead: s(), milestone: "accepted", previous: "closed_won" },
        TimeReversed { lead: s(), milestone: "accepted", at: s(), previous_at: s() },
        PartnerChanged { lead: s(), partner: s(), previous: s() },
        MissingId { index: 0, field: "lead_id" },
    )
}

fn report_errors() -> Vec<ReportError> {
    every!(ReportError:
        MissingFxRate { record: s(), from: s(), to: s() },
        InvalidFxRate { currency: s(), rate: s() },
        NegativeAmount { record: s(), amount: s() },
        DuplicateId { what: "lead", id: s() },
        UnknownLead { opportunity: s(), lead: s() },
        MissingClosedAt { opportunity: s(), status: "won" },
        InvalidPeriod { index: 0, period: s() },
        WeekNotMonday { index: 0, week: s() },
        InvalidOption { option: "rank_share", message: s() },
        TooManyLeads { limit: 1, actual: 2 },
        Overflow { what: "x" },
        Attribution { opportunity: s(), source: attribution_errors().remove(0) },
        MissingCreatedAt { lead: s() },
        Qualify { lead: s(), source: Box::new(qualify_errors().remove(0)) },
        Currency(money_errors().remove(0)),
        Input(input_errors().remove(0)),
    )
}

/// The codes of every variant of every core error enum, with an `EmailProblem`
/// of every kind (they all share `email.invalid`).
fn produced() -> BTreeSet<&'static str> {
    let mut codes = BTreeSet::new();
    let mut add = |c: &'static str| {
        codes.insert(c);
    };
    input_errors().iter().for_each(|e| add(e.code()));
    model_errors().iter().for_each(|e| add(e.code()));
    qualify_errors().iter().for_each(|e| add(e.code()));
    money_errors().iter().for_each(|e| add(e.code()));
    attribution_errors().iter().for_each(|e| add(e.code()));
    hygiene_errors().iter().for_each(|e| add(e.code()));
    utm_errors().iter().for_each(|e| add(e.code()));
    routing_errors().iter().for_each(|e| add(e.code()));
    report_errors().iter().for_each(|e| add(e.code()));
    codes
}

#[test]
fn every_variant_has_a_catalogued_code() {
    let missing: Vec<&str> = produced()
        .into_iter()
        .filter(|c| !CODES.iter().any(|e| e.code == *c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from eql_core::error::CODES: {missing:?}"
    );
}

#[test]
fn every_core_code_is_produced_and_binding_codes_are_not() {
    let produced = produced();
    for entry in CODES {
        match entry.raised_by {
            RaisedBy::Core => assert!(
                produced.contains(entry.code),
                "`{}` is listed as a core code but no error variant has it",
                entry.code
            ),
            RaisedBy::Binding => assert!(
                !produced.contains(entry.code),
                "`{}` is raised by the core now: mark it `RaisedBy::Core` in CODES",
                entry.code
            ),
        }
    }
}

#[test]
fn codes_are_unique_well_formed_and_described() {
    let mut seen = BTreeSet::new();
    for entry in CODES {
        assert!(seen.insert(entry.code), "`{}` is listed twice", entry.code);
        let (prefix, name) = entry.code.split_once('.').unwrap();
        let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        assert!(
            ok(prefix) && ok(name),
            "`{}` is not `family.name`",
            entry.code
        );
        let m = entry.meaning;
        assert!(
            m.ends_with('.') && !m.contains('\n') && m.len() < 160,
            "`{}`: the meaning must be one line ending in a period",
            entry.code
        );
    }
}

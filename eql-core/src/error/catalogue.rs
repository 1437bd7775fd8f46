//! The error catalogue: every code eql can raise, its family and meaning.
//!
//! `docs/errors.md` is generated from [`CODES`] (a test fails when the
//! committed file differs), and a test constructs every variant of every
//! error enum and checks its `code()` is listed here, so the catalogue
//! cannot drift from the code.

use serde::Serialize;

/// The family of a code: the concern, and the error enum, that raises it.
/// Python raises one `ValueError` subclass per family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Canonical input data that cannot be read ([`crate::InputError`]).
    Input,
    /// Scoring models ([`crate::ModelError`]).
    Model,
    /// Scoring a lead ([`crate::QualifyError`]).
    Qualify,
    /// Attribution ([`crate::AttributionError`]).
    Attribution,
    /// Money and currencies ([`crate::money::MoneyError`]).
    Money,
    /// Dedup keys, merge and validation ([`crate::HygieneError`]).
    Hygiene,
    /// UTM parsing, partner registries, channel rules ([`crate::UtmError`]).
    Utm,
    /// Routing, SLA clocks, partner status updates ([`crate::RoutingError`]).
    Routing,
    /// The partner ROI report ([`crate::ReportError`]).
    Report,
    /// A bug or a misuse of a binding, not bad data.
    Internal,
}

impl Family {
    /// The snake_case name (`"attribution"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Model => "model",
            Family::Qualify => "qualify",
            Family::Attribution => "attribution",
            Family::Money => "money",
            Family::Hygiene => "hygiene",
            Family::Utm => "utm",
            Family::Routing => "routing",
            Family::Report => "report",
            Family::Internal => "internal",
        }
    }
}

/// Who raises a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RaisedBy {
    /// An error enum of the core (`ErrorCode::code`).
    Core,
    /// The Python or JS binding (table readers, panics, stale handles).
    Binding,
}

/// One code of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// The stable code, e.g. `"model.unknown_operator"`.
    pub code: &'static str,
    pub family: Family,
    pub raised_by: RaisedBy,
    /// What it means, in one line.
    pub meaning: &'static str,
}

/// The catalogue entry of `code`, if it is one.
///
/// ```
/// use eql_core::error::{Family, code_info};
/// assert_eq!(code_info("email.invalid").unwrap().family, Family::Hygiene);
/// assert!(code_info("email.bogus").is_none());
/// ```
pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

const fn core(code: &'static str, family: Family, meaning: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        family,
        raised_by: RaisedBy::Core,
        meaning,
    }
}

const fn binding(code: &'static str, family: Family, meaning: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        family,
        raised_by: RaisedBy::Binding,
        meaning,
    }
}

/// Every error code eql can raise, grouped by family, with its meaning.
#[rustfmt::skip]
pub const CODES: &[CodeInfo] = &[
    // input
    core("input.invalid", Family::Input, "Input that is not valid JSON, or a value of the wrong type or shape; names the path."),
    core("input.unknown_key", Family::Input, "A key the canonical schema does not know (typos are rejected); names the path and key."),
    core("input.invalid_timestamp", Family::Input, "A timestamp that is not RFC 3339; names the path."),
    core("input.invalid_money", Family::Input, "A money amount that is not a decimal string; names the path."),
    core("input.too_large", Family::Input, "A list longer than its documented limit; names the path."),
    core("input.missing_column", Family::Input, "A table lacks a column it needs (e.g. `id`, or a join key); names the table and column."),
    core("input.unknown_column", Family::Input, "A table column the canonical schema does not know (typos are rejected; free-form fields go under `custom.`); names the table and column."),
    core("input.duplicate_column", Family::Input, "A table gives one column twice (whole and by dotted parts); names it."),
    core("input.column_type", Family::Input, "A table column whose type cannot hold its field (e.g. text for `company.employees`, floats for money); names the column, the expected and the found type."),
    core("input.naive_datetime", Family::Input, "Timestamps without a time zone (a naive column or datetime); eql never guesses one. Names the column or path."),
    binding("input.not_a_table", Family::Input, "The object passed as a table is not a pyarrow/polars/pandas table or Arrow stream."),
    core("input.orphan_row", Family::Input, "A row of a long table (events, touchpoints, conversions) whose key matches nothing it joins; names the table, row and key."),
    core("input.duplicate_conversion", Family::Input, "A journey of a touch table has more than one conversion row; names the journey."),
    core("input.missing_journey", Family::Input, "A touch or conversion row has no journey id; names the table and row."),
    core("input.missing_conversion", Family::Input, "A journey of a touch table has no conversion row; names the journey."),
    // model
    core("model.parse", Family::Model, "A scoring model that is not valid JSON or TOML for the schema; names the path."),
    core("model.unknown_key", Family::Model, "A key the model schema does not know; names the path and key."),
    core("model.unknown_operator", Family::Model, "A fit or disqualify rule with an operator eql does not have; names the rule and field."),
    core("model.unknown_field", Family::Model, "A rule reads a lead field that does not exist; names the rule and field."),
    core("model.type_mismatch", Family::Model, "An operator or value that does not fit the field's type (e.g. `gt` on text); names the rule and field."),
    core("model.empty_list", Family::Model, "An `in`/`not_in`/`contains_*` rule with an empty list; names the rule and field."),
    core("model.invalid_value", Family::Model, "A rule setting out of range or malformed (a reversed `between`, points, days); names the rule and key."),
    core("model.duplicate_rule_id", Family::Model, "Two rules of a model share an id."),
    core("model.threshold_above_caps", Family::Model, "The threshold exceeds the sum of the category caps, so nothing could qualify."),
    core("model.invalid_setting", Family::Model, "A model-level setting that is empty or out of range (id, version, caps, threshold); names the key."),
    core("model.invalid_window", Family::Model, "`effective_until` is before `effective_from`."),
    core("model.overlapping_windows", Family::Model, "Two versions of a model in a registry have overlapping effective windows."),
    core("model.not_in_force", Family::Model, "A registry has no version of the model in force at the instant asked."),
    core("model.too_large", Family::Model, "More rules or list values than the documented limits."),
    // qualify
    core("qualify.outside_window", Family::Qualify, "Scoring at an instant outside the model's effective window without opting in."),
    // attribution
    core("attribution.empty_journey", Family::Attribution, "A journey without touchpoints."),
    core("attribution.no_eligible_touch", Family::Attribution, "Every touch is after the conversion or before the lookback window."),
    core("attribution.too_many_touches", Family::Attribution, "A journey or path longer than the documented limit."),
    core("attribution.negative_weight", Family::Attribution, "A model weight below 0."),
    core("attribution.weights_not_one", Family::Attribution, "Model weights that do not sum to exactly 1."),
    core("attribution.invalid_half_life", Family::Attribution, "A time-decay half-life that is zero, negative or not finite."),
    core("attribution.negative_amount", Family::Attribution, "A negative conversion amount."),
    core("attribution.amount_too_precise", Family::Attribution, "An amount with more decimal places than its currency's minor unit."),
    core("attribution.overflow", Family::Attribution, "Exact arithmetic overflowed (amounts near the Decimal maximum, extreme weights)."),
    core("attribution.nothing_to_credit", Family::Attribution, "The model gives no weight to any touch of this journey."),
    core("attribution.invalid_order", Family::Attribution, "A Markov order outside 1–4."),
    core("attribution.empty_path", Family::Attribution, "A path-table row whose path names no channel."),
    core("attribution.too_many_channels", Family::Attribution, "A path table with more distinct channels than can be encoded."),
    core("attribution.too_many_states", Family::Attribution, "A Markov chain with more states than the documented limit."),
    core("attribution.markov_not_solved", Family::Attribution, "The Markov chain's linear system could not be solved (singular or not converged)."),
    core("attribution.value_without_conversions", Family::Attribution, "A path-table row with a conversion value but no conversions."),
    core("attribution.unknown_channel_id", Family::Attribution, "A channel id the path-table builder never handed out."),
    core("attribution.length_mismatch", Family::Attribution, "Lists that must be aligned are not (e.g. an attribution and its journey)."),
    // money
    core("money.unknown_currency", Family::Money, "Not an active ISO 4217 currency with a defined minor unit."),
    // hygiene
    core("email.invalid", Family::Hygiene, "An email address that cannot be normalised; `problem` says why."),
    core("email.no_registrable_domain", Family::Hygiene, "An email domain that is a public suffix, a single label or an IP address."),
    core("dedup.invalid_partner_id", Family::Hygiene, "A partner id that cannot be part of a dedup key (`|`, control characters, too long)."),
    core("dedup.invalid_key", Family::Hygiene, "A dedup key string that is not `identity|partner_id`."),
    core("hygiene.unknown_field", Family::Hygiene, "A validation setting names a lead field that does not exist."),
    core("hygiene.too_large", Family::Hygiene, "More records than the documented batch limit."),
    core("hygiene.rebuild", Family::Hygiene, "A merged record could not be rebuilt (a bug; never expected)."),
    // utm
    core("url.invalid", Family::Utm, "A URL or referrer that is not an absolute URL; names the field."),
    core("url.too_long", Family::Utm, "A URL or referrer longer than the documented limit; names the field."),
    core("utm.parse", Family::Utm, "A partner registry or channel rule set that cannot be read; names the path."),
    core("utm.unknown_key", Family::Utm, "A key the registry or channel-rule schema does not know; names the path and key."),
    core("registry.invalid", Family::Utm, "An inconsistent partner registry (duplicate id, alias used twice, blank id)."),
    core("channel.invalid_rule", Family::Utm, "A channel rule that can never work; names the rule's index."),
    // routing
    core("routing.parse", Family::Routing, "A routing config, SLA policy or event list that cannot be read; names the path."),
    core("routing.unknown_key", Family::Routing, "A key the routing schema does not know; names the path and key."),
    core("routing.no_queues", Family::Routing, "A routing config without any queue."),
    core("routing.empty_id", Family::Routing, "A queue or rep with an empty id."),
    core("routing.duplicate_queue", Family::Routing, "Two queues with the same id."),
    core("routing.empty_queue", Family::Routing, "A queue without any rep."),
    core("routing.duplicate_rep", Family::Routing, "The same rep listed twice in one queue."),
    core("routing.zero_weight", Family::Routing, "A rep with weight 0 (pause a rep with `active: false`)."),
    core("routing.too_large", Family::Routing, "More queues or reps than the documented limits."),
    core("routing.counter_overflow", Family::Routing, "A rotation counter that would overflow."),
    core("sla.unknown_time_zone", Family::Routing, "A calendar time zone that is not an IANA name."),
    core("sla.no_working_hours", Family::Routing, "A business calendar with no working hours on any weekday."),
    core("sla.invalid_clock_time", Family::Routing, "A clock time that is not `HH:MM` between 00:00 and 24:00."),
    core("sla.empty_span", Family::Routing, "A working-hours span whose end is not after its start."),
    core("sla.overlapping_hours", Family::Routing, "Two working-hours spans of one day overlap."),
    core("sla.duplicate_holiday", Family::Routing, "The same holiday listed twice."),
    core("sla.zero_window", Family::Routing, "An SLA window of 0 minutes."),
    core("sla.window_too_long", Family::Routing, "An SLA window too long, or one that does not end within the calendar search limit."),
    core("sla.invalid_at_risk", Family::Routing, "An at-risk percentage outside 1–100."),
    core("sla.out_of_range", Family::Routing, "An SLA instant out of range, e.g. a deadline after 9999-12-31T23:59:59Z (not writable as RFC 3339)."),
    core("milestone.after_close", Family::Routing, "A milestone for a lead already closed won or lost."),
    core("milestone.out_of_order", Family::Routing, "A milestone that moves a lead backwards or repeats one."),
    core("milestone.time_reversed", Family::Routing, "A milestone dated before the lead's previous milestone."),
    core("milestone.partner_changed", Family::Routing, "A lead whose milestones name two different partners."),
    core("milestone.missing_id", Family::Routing, "A milestone event with an empty lead or partner id."),
    // report
    core("report.missing_fx_rate", Family::Report, "An amount in a currency with no rate to the report currency; names the record."),
    core("report.invalid_fx_rate", Family::Report, "An fx rate that is zero or negative."),
    core("report.negative_amount", Family::Report, "A negative opportunity or cost amount; names the record."),
    core("report.duplicate_id", Family::Report, "Two leads or two opportunities with the same id."),
    core("report.unknown_lead", Family::Report, "An opportunity whose `lead_id` names no lead of the input."),
    core("report.missing_closed_at", Family::Report, "A won or lost opportunity without `closed_at`."),
    core("report.invalid_period", Family::Report, "A cost period that is not a quarter like `2026-Q3`."),
    core("report.week_not_monday", Family::Report, "A traffic week that does not start on a Monday."),
    core("report.invalid_option", Family::Report, "A report option out of range (`rank_share`, a negative bar)."),
    core("report.missing_created_at", Family::Report, "A lead without `created_at` given to the report's lead mapping; names the lead."),
    core("report.too_many_leads", Family::Report, "More leads than the documented limit."),
    core("report.overflow", Family::Report, "Exact money arithmetic overflowed."),
    // internal
    binding("internal.panic", Family::Internal, "A bug in eql: a caught panic (the binding stays usable); please report it."),
    binding("internal.stale_handle", Family::Internal, "A JS object used after `free()` (or moved into another call)."),
    binding("internal.serialize", Family::Internal, "A result a binding could not convert into a Python or JS value."),
];

//! Dotted field paths (`company.employees`, `custom.segment`) resolved once at
//! compile time into a typed accessor, so scoring does no string lookups.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::condition::trim;
use crate::lead::fields::is_custom_path;
use crate::lead::{FieldSpec, FieldType, LEAD_FIELDS, Lead, LeadField};
use crate::time::Instant;

/// Maximum depth of a `custom.a.b.c` path.
pub const MAX_CUSTOM_DEPTH: usize = 8;

/// A resolved lead field: a catalogue field, or a `custom.<path>`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldRef {
    Named(LeadField),
    Custom(Vec<String>),
}

/// The static type of a field, used to reject `gt` on a string at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Text,
    Number,
    Bool,
    List,
    Date,
    Instant,
    /// `custom.*`: the type is only known per lead.
    Any,
}

impl FieldKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "a string",
            FieldKind::Number => "a number",
            FieldKind::Bool => "a boolean",
            FieldKind::List => "a list",
            FieldKind::Date => "a date",
            FieldKind::Instant => "a timestamp",
            FieldKind::Any => "a value",
        }
    }

    fn of(ty: FieldType) -> Option<FieldKind> {
        Some(match ty {
            FieldType::Text => FieldKind::Text,
            FieldType::TextList => FieldKind::List,
            FieldType::Count | FieldType::Money => FieldKind::Number,
            FieldType::Bool => FieldKind::Bool,
            FieldType::Date => FieldKind::Date,
            FieldType::Instant => FieldKind::Instant,
            _ => return None,
        })
    }
}

/// Resolve a dotted path; `None` for a path rules cannot read (not in the
/// lead catalogue, a record, or a field of every event / touchpoint).
pub(crate) fn resolve(path: &str) -> Option<(FieldRef, FieldKind)> {
    if let Some(spec) = FieldSpec::find(path).filter(|s| s.is_rule_field()) {
        return Some((FieldRef::Named(spec.field), FieldKind::of(spec.ty)?));
    }
    if !is_custom_path(path, MAX_CUSTOM_DEPTH) {
        return None;
    }
    let segs = path.split('.').skip(1).map(str::to_owned).collect();
    Some((FieldRef::Custom(segs), FieldKind::Any))
}

impl FieldRef {
    /// The canonical dotted path, as `resolve` accepts it.
    pub(crate) fn path(&self) -> String {
        match self {
            FieldRef::Custom(segs) => format!("custom.{}", segs.join(".")),
            FieldRef::Named(f) => LEAD_FIELDS
                .iter()
                .find(|s| s.field == *f)
                .map_or_else(String::new, |s| s.path.to_owned()),
        }
    }
}

/// A field's value in one lead, borrowed: what a rule tests.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// Absent, null or blank.
    Missing,
    Text(&'a str),
    Number(Decimal),
    Bool(bool),
    Strings(&'a [String]),
    /// A list of text borrowed from elsewhere (a table column).
    Texts(&'a [&'a str]),
    /// A `custom` JSON array (its string elements are tested).
    Json(&'a [Value]),
    Date(NaiveDate),
    Instant(Instant),
    /// A JSON object: known, but comparable with nothing.
    Object,
}

fn text(s: &Option<String>) -> FieldValue<'_> {
    s.as_deref().map_or(FieldValue::Missing, FieldValue::text)
}

/// Read a field from a lead.
pub(crate) fn get<'a>(lead: &'a Lead, field: &FieldRef) -> FieldValue<'a> {
    match field {
        FieldRef::Named(f) => named(lead, *f),
        FieldRef::Custom(path) => custom(lead, path),
    }
}

fn named(lead: &Lead, field: LeadField) -> FieldValue<'_> {
    use LeadField as F;
    let company = lead.company.as_ref();
    let partner = lead.partner.as_ref();
    match field {
        F::Id => FieldValue::Text(trim(&lead.id)),
        F::Email => text(&lead.email),
        F::CreatedAt => lead
            .created_at
            .map_or(FieldValue::Missing, FieldValue::Instant),
        F::UpdatedAt => lead
            .updated_at
            .map_or(FieldValue::Missing, FieldValue::Instant),
        F::CompanyName => company.map_or(FieldValue::Missing, |c| text(&c.name)),
        F::CompanyDomain => company.map_or(FieldValue::Missing, |c| text(&c.domain)),
        F::CompanyEmployees => company
            .and_then(|c| c.employees)
            .map_or(FieldValue::Missing, |n| {
                FieldValue::Number(Decimal::from(n))
            }),
        F::CompanyIndustry => company.map_or(FieldValue::Missing, |c| text(&c.industry)),
        F::CompanyRegion => company.map_or(FieldValue::Missing, |c| text(&c.region)),
        F::CompanyCountry => company.map_or(FieldValue::Missing, |c| text(&c.country)),
        F::CompanyTechStack => company
            .and_then(|c| c.tech_stack.as_deref())
            .map_or(FieldValue::Missing, FieldValue::Strings),
        F::CompanyAnnualRevenue => company
            .and_then(|c| c.annual_revenue)
            .map_or(FieldValue::Missing, FieldValue::Number),
        F::PartnerId => partner.map_or(FieldValue::Missing, |p| text(&p.id)),
        F::PartnerSource => partner.map_or(FieldValue::Missing, |p| text(&p.source)),
        F::PartnerTier => partner.map_or(FieldValue::Missing, |p| text(&p.program_tier)),
        F::PartnerReferralDate => partner
            .and_then(|p| p.referral_date)
            .map_or(FieldValue::Missing, FieldValue::Date),
        F::PartnerConfirmed => partner
            .and_then(|p| p.confirmed)
            .map_or(FieldValue::Missing, FieldValue::Bool),
        // Records and fields of every event / touchpoint are not rule fields.
        _ => FieldValue::Missing,
    }
}

fn custom<'a>(lead: &'a Lead, path: &[String]) -> FieldValue<'a> {
    let mut segs = path.iter();
    let Some(first) = segs.next() else {
        return FieldValue::Missing;
    };
    let mut cur = lead.custom.get(first.as_str());
    for seg in segs {
        cur = cur.and_then(|v| v.get(seg.as_str()));
    }
    cur.map_or(FieldValue::Missing, FieldValue::from_json)
}

impl<'a> FieldValue<'a> {
    /// A `custom` value as rules see it: blank text and null are missing,
    /// numbers exact, arrays by their string elements, objects comparable
    /// with nothing.
    pub fn from_json(value: &'a Value) -> FieldValue<'a> {
        match value {
            Value::Null => FieldValue::Missing,
            Value::String(s) => FieldValue::text(s),
            Value::Bool(b) => FieldValue::Bool(*b),
            Value::Number(n) => json_number(n).map_or(FieldValue::Object, FieldValue::Number),
            Value::Array(a) => FieldValue::Json(a),
            Value::Object(_) => FieldValue::Object,
        }
    }

    /// Text as rules see it: trimmed, and missing when blank.
    pub fn text(s: &'a str) -> FieldValue<'a> {
        let t = trim(s);
        if t.is_empty() {
            FieldValue::Missing
        } else {
            FieldValue::Text(t)
        }
    }
}

impl FieldValue<'static> {
    /// A JSON number as rules see it: exact, and comparable with nothing
    /// when out of range.
    pub fn number(n: &serde_json::Number) -> FieldValue<'static> {
        json_number(n).map_or(FieldValue::Object, FieldValue::Number)
    }
}

/// A JSON number as an exact decimal (integers without a detour through text).
pub(crate) fn json_number(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    crate::money::parse_decimal(&n.to_string()).ok()
}

impl FieldValue<'_> {
    /// A short human rendering for explanations.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Missing => "unknown".into(),
            FieldValue::Text(s) => format!("{s:?}"),
            FieldValue::Number(n) => n.normalize().to_string(),
            FieldValue::Bool(b) => b.to_string(),
            FieldValue::Strings(v) => format!("{v:?}"),
            FieldValue::Texts(v) => format!("{v:?}"),
            FieldValue::Json(v) => Value::Array(v.to_vec()).to_string(),
            FieldValue::Date(d) => d.to_string(),
            FieldValue::Instant(t) => crate::time::format_instant(t),
            FieldValue::Object => "an object".into(),
        }
    }
}

//! Dotted field paths (`company.employees`, `custom.segment`) resolved once at
//! compile time into a typed accessor, so scoring does no string lookups.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::condition::trim;
use crate::lead::Lead;
use crate::time::Instant;

/// Maximum depth of a `custom.a.b.c` path.
pub const MAX_CUSTOM_DEPTH: usize = 8;

/// A resolved lead field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldRef {
    Id,
    Email,
    CreatedAt,
    UpdatedAt,
    CompanyName,
    CompanyDomain,
    CompanyEmployees,
    CompanyIndustry,
    CompanyRegion,
    CompanyCountry,
    CompanyTechStack,
    CompanyAnnualRevenue,
    PartnerId,
    PartnerSource,
    PartnerTier,
    PartnerReferralDate,
    PartnerConfirmed,
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
}

/// The named (non-`custom`) fields, with their paths and static types.
const NAMED: [(&str, FieldRef, FieldKind); 17] = [
    ("id", FieldRef::Id, FieldKind::Text),
    ("email", FieldRef::Email, FieldKind::Text),
    ("created_at", FieldRef::CreatedAt, FieldKind::Instant),
    ("updated_at", FieldRef::UpdatedAt, FieldKind::Instant),
    ("company.name", FieldRef::CompanyName, FieldKind::Text),
    ("company.domain", FieldRef::CompanyDomain, FieldKind::Text),
    (
        "company.employees",
        FieldRef::CompanyEmployees,
        FieldKind::Number,
    ),
    (
        "company.industry",
        FieldRef::CompanyIndustry,
        FieldKind::Text,
    ),
    ("company.region", FieldRef::CompanyRegion, FieldKind::Text),
    ("company.country", FieldRef::CompanyCountry, FieldKind::Text),
    (
        "company.tech_stack",
        FieldRef::CompanyTechStack,
        FieldKind::List,
    ),
    (
        "company.annual_revenue",
        FieldRef::CompanyAnnualRevenue,
        FieldKind::Number,
    ),
    ("partner.id", FieldRef::PartnerId, FieldKind::Text),
    ("partner.source", FieldRef::PartnerSource, FieldKind::Text),
    (
        "partner.program_tier",
        FieldRef::PartnerTier,
        FieldKind::Text,
    ),
    (
        "partner.referral_date",
        FieldRef::PartnerReferralDate,
        FieldKind::Date,
    ),
    (
        "partner.confirmed",
        FieldRef::PartnerConfirmed,
        FieldKind::Bool,
    ),
];

/// Resolve a dotted path; `None` for a path the lead schema does not have.
pub(crate) fn resolve(path: &str) -> Option<(FieldRef, FieldKind)> {
    if let Some((_, f, k)) = NAMED.iter().find(|(p, _, _)| *p == path) {
        return Some((f.clone(), *k));
    }
    let rest = path.strip_prefix("custom.")?;
    let segs: Vec<String> = rest.split('.').map(str::to_owned).collect();
    if segs.iter().any(String::is_empty) || segs.len() > MAX_CUSTOM_DEPTH {
        return None;
    }
    Some((FieldRef::Custom(segs), FieldKind::Any))
}

impl FieldRef {
    /// The canonical dotted path, as `resolve` accepts it.
    pub(crate) fn path(&self) -> String {
        match self {
            FieldRef::Custom(segs) => format!("custom.{}", segs.join(".")),
            named => NAMED
                .iter()
                .find(|(_, f, _)| f == named)
                .map_or_else(String::new, |(p, _, _)| (*p).to_owned()),
        }
    }
}

/// A field's value in one lead, borrowed.
#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    /// Absent, null or blank.
    Missing,
    Text(&'a str),
    Number(Decimal),
    Bool(bool),
    Strings(&'a [String]),
    Json(&'a [Value]),
    Date(NaiveDate),
    Instant(Instant),
    /// A JSON object: known, but comparable with nothing.
    Object,
}

fn text(s: &Option<String>) -> Val<'_> {
    match s.as_deref().map(trim) {
        Some(t) if !t.is_empty() => Val::Text(t),
        _ => Val::Missing,
    }
}

/// Read a field from a lead.
pub(crate) fn get<'a>(lead: &'a Lead, field: &FieldRef) -> Val<'a> {
    use FieldRef as F;
    let company = lead.company.as_ref();
    let partner = lead.partner.as_ref();
    match field {
        F::Id => Val::Text(trim(&lead.id)),
        F::Email => text(&lead.email),
        F::CreatedAt => lead.created_at.map_or(Val::Missing, Val::Instant),
        F::UpdatedAt => lead.updated_at.map_or(Val::Missing, Val::Instant),
        F::CompanyName => company.map_or(Val::Missing, |c| text(&c.name)),
        F::CompanyDomain => company.map_or(Val::Missing, |c| text(&c.domain)),
        F::CompanyEmployees => company
            .and_then(|c| c.employees)
            .map_or(Val::Missing, |n| Val::Number(Decimal::from(n))),
        F::CompanyIndustry => company.map_or(Val::Missing, |c| text(&c.industry)),
        F::CompanyRegion => company.map_or(Val::Missing, |c| text(&c.region)),
        F::CompanyCountry => company.map_or(Val::Missing, |c| text(&c.country)),
        F::CompanyTechStack => company
            .and_then(|c| c.tech_stack.as_deref())
            .map_or(Val::Missing, Val::Strings),
        F::CompanyAnnualRevenue => company
            .and_then(|c| c.annual_revenue)
            .map_or(Val::Missing, Val::Number),
        F::PartnerId => partner.map_or(Val::Missing, |p| text(&p.id)),
        F::PartnerSource => partner.map_or(Val::Missing, |p| text(&p.source)),
        F::PartnerTier => partner.map_or(Val::Missing, |p| text(&p.program_tier)),
        F::PartnerReferralDate => partner
            .and_then(|p| p.referral_date)
            .map_or(Val::Missing, Val::Date),
        F::PartnerConfirmed => partner
            .and_then(|p| p.confirmed)
            .map_or(Val::Missing, Val::Bool),
        F::Custom(path) => custom(lead, path),
    }
}

fn custom<'a>(lead: &'a Lead, path: &[String]) -> Val<'a> {
    let mut segs = path.iter();
    let Some(first) = segs.next() else {
        return Val::Missing;
    };
    let mut cur = lead.custom.get(first.as_str());
    for seg in segs {
        cur = cur.and_then(|v| v.get(seg.as_str()));
    }
    match cur {
        None | Some(Value::Null) => Val::Missing,
        Some(Value::String(s)) if trim(s).is_empty() => Val::Missing,
        Some(Value::String(s)) => Val::Text(trim(s)),
        Some(Value::Bool(b)) => Val::Bool(*b),
        Some(Value::Number(n)) => json_number(n).map_or(Val::Object, Val::Number),
        Some(Value::Array(a)) => Val::Json(a),
        Some(Value::Object(_)) => Val::Object,
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

impl Val<'_> {
    /// A short human rendering for explanations.
    pub(crate) fn display(&self) -> String {
        match self {
            Val::Missing => "unknown".into(),
            Val::Text(s) => format!("{s:?}"),
            Val::Number(n) => n.normalize().to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Strings(v) => format!("{v:?}"),
            Val::Json(v) => Value::Array(v.to_vec()).to_string(),
            Val::Date(d) => d.to_string(),
            Val::Instant(t) => crate::time::format_instant(t),
            Val::Object => "an object".into(),
        }
    }
}

//! The catalogue of lead fields: every field of the canonical lead (SPEC §1)
//! once, with its dotted path and type. Qualification resolves rule paths
//! here, validation checks mandatory paths here, `reads()` names what every
//! model reads from here, and a table engine binds and type-checks columns
//! from here, so the list cannot drift between them (a test checks it
//! against the `Lead` type itself).

/// The value type of a lead field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// Free text; any string or null reads without error.
    Text,
    /// A list of text (`company.tech_stack`).
    TextList,
    /// A whole number ≥ 0 (`company.employees`).
    Count,
    /// Money: an exact decimal, written as a string.
    Money,
    /// `true` / `false`.
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An instant, RFC 3339 with an offset (normalised to UTC).
    Instant,
    /// A list of records (`touchpoints`, `events`): the fields below it
    /// describe one record.
    Records,
    /// A record (`company`, `partner`): the fields below it are its members.
    Record,
    /// `custom`: a free-form object rules read as `custom.<path>`.
    Custom,
}

impl FieldType {
    /// A short name for messages (`"a timestamp"`).
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::TextList => "a list of text",
            FieldType::Count => "a whole number",
            FieldType::Money => "a decimal amount",
            FieldType::Bool => "a boolean",
            FieldType::Date => "a date",
            FieldType::Instant => "a timestamp with a time zone",
            FieldType::Records => "a list of records",
            FieldType::Record => "a record",
            FieldType::Custom => "an object",
        }
    }
}

/// Which field, as a closed set the engines can `match` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LeadField {
    Id,
    Email,
    CreatedAt,
    UpdatedAt,
    Company,
    CompanyName,
    CompanyDomain,
    CompanyEmployees,
    CompanyIndustry,
    CompanyRegion,
    CompanyCountry,
    CompanyTechStack,
    CompanyAnnualRevenue,
    Partner,
    PartnerId,
    PartnerSource,
    PartnerTier,
    PartnerReferralDate,
    PartnerConfirmed,
    Touchpoints,
    TouchId,
    TouchAt,
    TouchUrl,
    TouchReferrer,
    TouchChannel,
    TouchSource,
    TouchMedium,
    TouchCampaign,
    TouchPartnerId,
    TouchAsset,
    Events,
    EventType,
    EventAt,
    EventActive,
    EventPartnerId,
    Custom,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: LeadField,
    /// The dotted path (`company.employees`; `events.type` for the field of
    /// every event).
    pub path: &'static str,
    pub ty: FieldType,
    /// Must be present (and not null) wherever its parent is.
    pub required: bool,
    /// Read by every scoring model, whatever its rules: the record id and
    /// what ecosystem evidence (SPEC §2) looks at.
    pub always_read: bool,
}

const fn spec(field: LeadField, path: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        field,
        path,
        ty,
        required: false,
        always_read: false,
    }
}

const fn required(mut s: FieldSpec) -> FieldSpec {
    s.required = true;
    s
}

const fn evidence(mut s: FieldSpec) -> FieldSpec {
    s.always_read = true;
    s
}

use FieldType as T;
use LeadField as F;

/// Every field of the canonical lead, parents before their members.
pub const LEAD_FIELDS: [FieldSpec; 36] = [
    evidence(required(spec(F::Id, "id", T::Text))),
    spec(F::Email, "email", T::Text),
    spec(F::CreatedAt, "created_at", T::Instant),
    spec(F::UpdatedAt, "updated_at", T::Instant),
    spec(F::Company, "company", T::Record),
    spec(F::CompanyName, "company.name", T::Text),
    spec(F::CompanyDomain, "company.domain", T::Text),
    spec(F::CompanyEmployees, "company.employees", T::Count),
    spec(F::CompanyIndustry, "company.industry", T::Text),
    spec(F::CompanyRegion, "company.region", T::Text),
    spec(F::CompanyCountry, "company.country", T::Text),
    spec(F::CompanyTechStack, "company.tech_stack", T::TextList),
    spec(F::CompanyAnnualRevenue, "company.annual_revenue", T::Money),
    spec(F::Partner, "partner", T::Record),
    evidence(spec(F::PartnerId, "partner.id", T::Text)),
    evidence(spec(F::PartnerSource, "partner.source", T::Text)),
    spec(F::PartnerTier, "partner.program_tier", T::Text),
    evidence(spec(
        F::PartnerReferralDate,
        "partner.referral_date",
        T::Date,
    )),
    evidence(spec(F::PartnerConfirmed, "partner.confirmed", T::Bool)),
    spec(F::Touchpoints, "touchpoints", T::Records),
    required(spec(F::TouchId, "touchpoints.id", T::Text)),
    evidence(required(spec(F::TouchAt, "touchpoints.at", T::Instant))),
    spec(F::TouchUrl, "touchpoints.url", T::Text),
    spec(F::TouchReferrer, "touchpoints.referrer", T::Text),
    spec(F::TouchChannel, "touchpoints.channel", T::Text),
    spec(F::TouchSource, "touchpoints.source", T::Text),
    spec(F::TouchMedium, "touchpoints.medium", T::Text),
    spec(F::TouchCampaign, "touchpoints.campaign", T::Text),
    evidence(spec(F::TouchPartnerId, "touchpoints.partner_id", T::Text)),
    spec(F::TouchAsset, "touchpoints.asset", T::Text),
    spec(F::Events, "events", T::Records),
    evidence(required(spec(F::EventType, "events.type", T::Text))),
    evidence(required(spec(F::EventAt, "events.at", T::Instant))),
    evidence(spec(F::EventActive, "events.active", T::Bool)),
    evidence(spec(F::EventPartnerId, "events.partner_id", T::Text)),
    spec(F::Custom, "custom", T::Custom),
];

impl FieldSpec {
    /// The catalogue entry of a dotted path (`custom.*` paths are not
    /// entries: they live under [`LeadField::Custom`]).
    pub fn find(path: &str) -> Option<&'static FieldSpec> {
        LEAD_FIELDS.iter().find(|s| s.path == path)
    }

    /// The last segment of the path (the column or key name).
    pub fn name(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The enclosing record or record list, if any (`company` for
    /// `company.name`, `events` for `events.at`).
    pub fn parent(&self) -> Option<&'static FieldSpec> {
        let (head, _) = self.path.rsplit_once('.')?;
        FieldSpec::find(head)
    }

    /// The members of a record or record list.
    pub fn members(&self) -> impl Iterator<Item = &'static FieldSpec> + use<> {
        let path = self.path;
        LEAD_FIELDS
            .iter()
            .filter(move |s| s.parent().is_some_and(|p| p.path == path))
    }

    /// Text that any string or null reads as without error, so a reader may
    /// skip it when no model reads it without hiding a bad record.
    pub fn is_plain_text(&self) -> bool {
        matches!(self.ty, FieldType::Text | FieldType::TextList) && !self.required
    }

    /// A value a rule can test: not a record, a record list, a member of a
    /// record list, or `custom` itself.
    pub fn is_rule_field(&self) -> bool {
        !matches!(
            self.ty,
            FieldType::Record | FieldType::Records | FieldType::Custom
        ) && self.parent().is_none_or(|p| p.ty != FieldType::Records)
    }
}

/// Is `path` a valid `custom.<a>.<b>` path of at most `max_depth` segments?
pub fn is_custom_path(path: &str, max_depth: usize) -> bool {
    path.strip_prefix("custom.").is_some_and(|rest| {
        rest.split('.').count() <= max_depth && rest.split('.').all(|s| !s.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::{Company, Event, Lead, Partner, Touchpoint};
    use serde_json::Value;

    fn paths(prefix: &str, v: &Value, out: &mut Vec<String>) {
        let Value::Object(map) = v else { return };
        for (k, child) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.push(path.clone());
            match child {
                Value::Object(_) if path != "custom" => paths(&path, child, out),
                Value::Array(items) => {
                    if let Some(first @ Value::Object(_)) = items.first() {
                        paths(&path, first, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// The catalogue lists exactly the fields the `Lead` type has.
    #[test]
    fn catalogue_matches_the_lead_type() {
        let at = crate::time::parse_instant("2026-01-01T00:00:00Z").unwrap();
        let text = Some(String::from("x"));
        let lead = Lead {
            id: "L".into(),
            email: text.clone(),
            created_at: Some(at),
            updated_at: Some(at),
            company: Some(Company {
                name: text.clone(),
                domain: text.clone(),
                employees: Some(1),
                industry: text.clone(),
                region: text.clone(),
                country: text.clone(),
                tech_stack: Some(vec!["a".into()]),
                annual_revenue: Some(rust_decimal::Decimal::ONE),
            }),
            partner: Some(Partner {
                id: text.clone(),
                source: text.clone(),
                program_tier: text.clone(),
                referral_date: Some(at.date_naive()),
                confirmed: Some(true),
            }),
            touchpoints: vec![Touchpoint {
                id: "T".into(),
                at,
                url: text.clone(),
                referrer: text.clone(),
                channel: text.clone(),
                source: text.clone(),
                medium: text.clone(),
                campaign: text.clone(),
                partner_id: text.clone(),
                asset: text.clone(),
            }],
            events: vec![Event {
                kind: "e".into(),
                at,
                active: Some(true),
                partner_id: text.clone(),
            }],
            custom: serde_json::json!({"k": 1}).as_object().cloned().unwrap(),
        };
        let mut found = Vec::new();
        paths("", &serde_json::to_value(&lead).unwrap(), &mut found);
        found.sort();
        let mut listed: Vec<String> = LEAD_FIELDS.iter().map(|s| s.path.to_owned()).collect();
        listed.sort();
        assert_eq!(found, listed);
        for s in LEAD_FIELDS {
            assert!(s.parent().is_some() || !s.path.contains('.'), "{}", s.path);
        }
    }

    #[test]
    fn plain_text_and_members() {
        let text: Vec<&str> = LEAD_FIELDS
            .iter()
            .filter(|s| s.is_plain_text())
            .map(|s| s.path)
            .collect();
        assert_eq!(text.len(), 19);
        assert!(!text.contains(&"id") && !text.contains(&"events.type"));
        let events: Vec<&str> = FieldSpec::find("events")
            .unwrap()
            .members()
            .map(|s| s.name())
            .collect();
        assert_eq!(events, ["type", "at", "active", "partner_id"]);
        assert!(is_custom_path("custom.a.b", 8));
        assert!(!is_custom_path("custom.a..b", 8) && !is_custom_path("custom.", 8));
    }
}

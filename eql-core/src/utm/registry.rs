//! The partner registry and partner-link governance (SPEC §4).
//!
//! A partner has an id, a name, UTM source aliases (the first is canonical)
//! and referrer domains (a domain matches itself and its subdomains). The
//! registry may set the parameters every partner link needs (default
//! `utm_source`, `utm_medium`, `utm_campaign`) and the mediums allowed
//! (default `referral`, `partner`, `affiliate`); a partner may override both.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::error::UtmError;
use super::parse::{ParseNote, parse_url};
use crate::error::from_json_str;

/// Most partners one registry may hold.
pub const MAX_PARTNERS: usize = 10_000;

/// Partners and the rules their links follow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnerRegistry {
    #[serde(default)]
    pub partners: Vec<RegisteredPartner>,
    /// Parameters every partner link must carry (`utm_source`...).
    #[serde(default = "default_required")]
    pub required_params: Vec<String>,
    /// `utm_medium` values partner links may use.
    #[serde(default = "default_mediums")]
    pub allowed_mediums: Vec<String>,
}

/// One partner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisteredPartner {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `utm_source` values that mean this partner; the first is canonical.
    #[serde(default)]
    pub utm_sources: Vec<String>,
    /// Referrer domains (subdomains match too).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Overrides the registry's `required_params` for this partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_params: Option<Vec<String>>,
    /// Overrides the registry's `allowed_mediums` for this partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_mediums: Option<Vec<String>>,
}

fn default_required() -> Vec<String> {
    ["utm_source", "utm_medium", "utm_campaign"]
        .map(String::from)
        .to_vec()
}

fn default_mediums() -> Vec<String> {
    ["referral", "partner", "affiliate"]
        .map(String::from)
        .to_vec()
}

const PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "utm_source_platform",
    "utm_creative_format",
    "utm_marketing_tactic",
];

/// One governance finding about a partner link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Finding {
    /// A required parameter is absent or empty.
    MissingParam { param: String },
    /// `utm_medium` is not one the partner may use.
    MediumNotAllowed {
        medium: String,
        allowed: Vec<String>,
    },
    /// `utm_source` matches no registered partner.
    UnknownSource { source: String },
    /// `utm_source` is an alias; the canonical source should be used.
    NonCanonicalAlias {
        partner_id: String,
        used: String,
        canonical: String,
    },
    /// The link was expected to be a given partner's but names another (or none).
    WrongPartner {
        expected: String,
        found: Option<String>,
    },
    /// A parameter issue found while parsing (duplicate, empty, case...).
    Param { note: ParseNote },
}

/// The result of [`PartnerRegistry::check_link`]: every finding, not only the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkCheck {
    /// The partner the link belongs to (by `utm_source` alias), if any.
    pub partner_id: Option<String>,
    pub findings: Vec<Finding>,
}

impl LinkCheck {
    /// No findings.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

impl PartnerRegistry {
    /// Read a registry from JSON (unknown keys rejected) and check it.
    ///
    /// ```
    /// let reg = eql_core::utm::PartnerRegistry::from_json(
    ///     r#"{"partners": [{"id": "P-7", "name": "Seven", "utm_sources": ["p7", "seven-partners"], "domains": ["p7.example"]}]}"#,
    /// ).unwrap();
    /// assert_eq!(reg.partner_by_source("Seven-Partners").unwrap().id, "P-7");
    /// assert_eq!(reg.partner_by_host("blog.p7.example").unwrap().id, "P-7");
    /// ```
    pub fn from_json(text: &str) -> Result<PartnerRegistry, UtmError> {
        let reg: PartnerRegistry =
            from_json_str(text).map_err(|f| UtmError::from_serde("partner registry", f))?;
        reg.check()?;
        Ok(reg)
    }

    /// Reject empty or duplicate ids, aliases or domains claimed by two
    /// partners, and unknown required parameters.
    pub fn check(&self) -> Result<(), UtmError> {
        let bad = |message: String| Err(UtmError::InvalidRegistry { message });
        if self.partners.len() > MAX_PARTNERS {
            return bad(format!(
                "{} partners; the limit is {MAX_PARTNERS}",
                self.partners.len()
            ));
        }
        // Owner of each id, alias and domain seen so far: linear, not pairwise.
        let mut ids: HashSet<&str> = HashSet::new();
        let mut aliases: HashMap<String, &str> = HashMap::new();
        let mut domains: HashMap<String, &str> = HashMap::new();
        for (i, p) in self.partners.iter().enumerate() {
            if p.id.trim().is_empty() {
                return bad(format!("partner #{i} has an empty id"));
            }
            if !ids.insert(p.id.as_str()) {
                return bad(format!("duplicate partner id `{}`", p.id));
            }
            for a in &p.utm_sources {
                if let Some(owner) = aliases.insert(norm(a), &p.id)
                    && owner != p.id
                {
                    return bad(format!(
                        "utm source `{a}` belongs to both `{owner}` and `{}`",
                        p.id
                    ));
                }
            }
            for d in &p.domains {
                if let Some(owner) = domains.insert(domain(d), &p.id)
                    && owner != p.id
                {
                    return bad(format!(
                        "domain `{d}` belongs to both `{owner}` and `{}`",
                        p.id
                    ));
                }
            }
        }
        let partner_params = self
            .partners
            .iter()
            .flat_map(|p| p.required_params.iter().flatten());
        for param in self.required_params.iter().chain(partner_params) {
            if !PARAMS.contains(&param.as_str()) {
                return bad(format!("unknown required parameter `{param}`"));
            }
        }
        Ok(())
    }

    /// The partner whose alias is `source` (trimmed, case-insensitive).
    pub fn partner_by_source(&self, source: &str) -> Option<&RegisteredPartner> {
        let source = norm(source);
        if source.is_empty() {
            return None;
        }
        self.partners
            .iter()
            .find(|p| p.utm_sources.iter().any(|a| norm(a) == source))
    }

    /// The partner owning `host` (or a parent domain of it).
    pub fn partner_by_host(&self, host: &str) -> Option<&RegisteredPartner> {
        let host = domain(host);
        if host.is_empty() {
            return None;
        }
        self.partners.iter().find(|p| {
            p.domains.iter().any(|d| {
                let d = domain(d);
                !d.is_empty()
                    && (host == d
                        || host
                            .strip_suffix(d.as_str())
                            .is_some_and(|rest| rest.ends_with('.')))
            })
        })
    }

    /// Check a partner link and return every finding. With `expected_partner`,
    /// a link that names another partner (or none) is a finding too.
    ///
    /// ```
    /// use eql_core::utm::{Finding, PartnerRegistry};
    /// let reg = PartnerRegistry::from_json(
    ///     r#"{"partners": [{"id": "P-7", "utm_sources": ["p7", "seven-partners"]}]}"#,
    /// ).unwrap();
    /// let check = reg.check_link("https://v.example/?utm_source=seven-partners&utm_medium=cpc", Some("P-7")).unwrap();
    /// assert_eq!(check.partner_id.as_deref(), Some("P-7"));
    /// assert_eq!(check.findings.len(), 3); // no campaign, cpc not allowed, alias not canonical
    /// ```
    pub fn check_link(
        &self,
        url: &str,
        expected_partner: Option<&str>,
    ) -> Result<LinkCheck, UtmError> {
        let link = parse_url(url)?;
        let mut findings = Vec::new();
        let partner = link
            .utm
            .source
            .as_deref()
            .and_then(|s| self.partner_by_source(s));
        let required = partner
            .and_then(|p| p.required_params.as_ref())
            .unwrap_or(&self.required_params);
        for param in required {
            let present = match param.as_str() {
                "utm_source" => link.utm.source.is_some(),
                "utm_medium" => link.utm.medium.is_some(),
                "utm_campaign" => link.utm.campaign.is_some(),
                "utm_term" => link.utm.term.is_some(),
                "utm_content" => link.utm.content.is_some(),
                "utm_id" => link.utm.id.is_some(),
                "utm_source_platform" => link.utm.source_platform.is_some(),
                "utm_creative_format" => link.utm.creative_format.is_some(),
                "utm_marketing_tactic" => link.utm.marketing_tactic.is_some(),
                _ => true,
            };
            if !present {
                findings.push(Finding::MissingParam {
                    param: param.clone(),
                });
            }
        }
        if let Some(medium) = &link.utm.medium {
            let allowed = partner
                .and_then(|p| p.allowed_mediums.as_ref())
                .unwrap_or(&self.allowed_mediums);
            if !allowed.is_empty() && !allowed.iter().any(|a| norm(a) == *medium) {
                findings.push(Finding::MediumNotAllowed {
                    medium: medium.clone(),
                    allowed: allowed.clone(),
                });
            }
        }
        match (partner, &link.utm.source) {
            (None, Some(source)) => findings.push(Finding::UnknownSource {
                source: source.clone(),
            }),
            (Some(p), Some(source)) => {
                if let Some(canonical) = p.utm_sources.first()
                    && norm(canonical) != *source
                {
                    findings.push(Finding::NonCanonicalAlias {
                        partner_id: p.id.clone(),
                        used: source.clone(),
                        canonical: norm(canonical),
                    });
                }
            }
            _ => {}
        }
        if let Some(expected) = expected_partner
            && partner.is_none_or(|p| p.id != expected)
        {
            findings.push(Finding::WrongPartner {
                expected: expected.to_owned(),
                found: partner.map(|p| p.id.clone()),
            });
        }
        findings.extend(link.notes.into_iter().map(|note| Finding::Param { note }));
        Ok(LinkCheck {
            partner_id: partner.map(|p| p.id.clone()),
            findings,
        })
    }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A domain or host in comparable form: ASCII (IDNA), lower-case, no
/// `www.` and no trailing dot.
pub(crate) fn domain(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let ascii = idna::domain_to_ascii(s).unwrap_or_else(|_| s.to_lowercase());
    match ascii.strip_prefix("www.") {
        Some(rest) => rest.to_owned(),
        None => ascii,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    const REG: &str = r#"{"partners": [
        {"id": "P-7", "name": "Seven", "utm_sources": ["p7", "seven-partners"], "domains": ["p7.example"]},
        {"id": "P-8", "utm_sources": ["eight"], "domains": ["eight.example"], "allowed_mediums": ["partner"],
         "required_params": ["utm_source"]}
    ]}"#;

    #[test]
    fn every_finding_at_once() {
        let reg = PartnerRegistry::from_json(REG).unwrap();
        let c = reg
            .check_link(
                "https://v.example/?utm_source=Seven-Partners&utm_medium=cpc&utm_medium=x",
                Some("P-8"),
            )
            .unwrap();
        assert_eq!(c.partner_id.as_deref(), Some("P-7"));
        let kinds: Vec<String> = c
            .findings
            .iter()
            .map(|f| {
                serde_json::to_value(f).unwrap()["kind"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "missing_param",
                "medium_not_allowed",
                "non_canonical_alias",
                "wrong_partner",
                "param",
                "param"
            ]
        );
        let c = reg
            .check_link(
                "https://v.example/?utm_source=eight&utm_medium=partner",
                None,
            )
            .unwrap();
        assert!(c.is_clean(), "{c:?}");
        let c = reg
            .check_link(
                "https://v.example/?utm_source=nobody&utm_medium=referral&utm_campaign=c",
                None,
            )
            .unwrap();
        assert_eq!(
            c.findings,
            [Finding::UnknownSource {
                source: "nobody".into()
            }]
        );
    }

    #[test]
    fn registry_errors() {
        let code = |j: &str| PartnerRegistry::from_json(j).unwrap_err().code();
        assert_eq!(
            code(r#"{"partners": [{"id": "P", "utm_source": []}]}"#),
            "utm.unknown_key"
        );
        assert_eq!(
            code(r#"{"partners": [{"id": "P"}, {"id": "P"}]}"#),
            "registry.invalid"
        );
        assert_eq!(
            code(
                r#"{"partners": [{"id": "A", "utm_sources": ["x"]}, {"id": "B", "utm_sources": ["X "]}]}"#
            ),
            "registry.invalid"
        );
        assert_eq!(
            code(r#"{"partners": [], "required_params": ["utm_nope"]}"#),
            "registry.invalid"
        );
        assert_eq!(code("\"nope\""), "utm.parse");
    }

    #[test]
    fn hosts_match_domains_and_subdomains_only() {
        let reg = PartnerRegistry::from_json(REG).unwrap();
        assert_eq!(reg.partner_by_host("WWW.P7.example").unwrap().id, "P-7");
        assert_eq!(reg.partner_by_host("a.b.p7.example").unwrap().id, "P-7");
        assert!(reg.partner_by_host("notp7.example").is_none());
        assert!(reg.partner_by_host("").is_none());
    }
}

//! Which registered partner a touch is tagged to (SPEC §2, §3): its UTM
//! source is one of the partner's aliases *with* a partner medium
//! (`referral`, `partner`, `affiliate`, or the registry's own list), or its
//! referrer is one of the partner's domains. Qualification counts such a
//! touch as partner evidence, attribution as a partner touch, when the
//! caller gives a registry.

use super::channel::referrer_host;
use super::parse::parse_url;
use super::registry::{PartnerRegistry, RegisteredPartner};

/// What a touch says about where it came from; any part may be absent.
/// Explicit `source` / `medium` win over the URL's `utm_*` parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TouchTags<'a> {
    pub url: Option<&'a str>,
    pub referrer: Option<&'a str>,
    pub source: Option<&'a str>,
    pub medium: Option<&'a str>,
}

fn present(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

impl PartnerRegistry {
    /// The partner a touch is tagged to, if any.
    ///
    /// ```
    /// use eql_core::utm::{PartnerRegistry, TouchTags};
    /// let reg = PartnerRegistry::from_json(
    ///     r#"{"partners": [{"id": "P-7", "utm_sources": ["p7"], "domains": ["p7.example"]}]}"#).unwrap();
    /// let by_link = TouchTags { url: Some("https://v.example/?utm_source=p7&utm_medium=referral"), ..Default::default() };
    /// assert_eq!(reg.tagged_partner(&by_link).unwrap().id, "P-7");
    /// let paid = TouchTags { url: Some("https://v.example/?utm_source=p7&utm_medium=cpc"), ..Default::default() };
    /// assert!(reg.tagged_partner(&paid).is_none()); // an alias alone is not enough
    /// let by_referrer = TouchTags { referrer: Some("https://blog.p7.example/post"), ..Default::default() };
    /// assert_eq!(reg.tagged_partner(&by_referrer).unwrap().id, "P-7");
    /// ```
    pub fn tagged_partner(&self, t: &TouchTags<'_>) -> Option<&RegisteredPartner> {
        if self.partners.is_empty() {
            return None;
        }
        let (mut source, mut medium) = (present(t.source), present(t.medium));
        let parsed = match (source, medium, present(t.url)) {
            (None, _, Some(url)) | (_, None, Some(url)) => parse_url(url).ok(),
            _ => None,
        };
        if let Some(p) = &parsed {
            source = source.or(present(p.utm.source.as_deref()));
            medium = medium.or(present(p.utm.medium.as_deref()));
        }
        let by_alias = source.and_then(|s| self.partner_by_source(s)).filter(|p| {
            let allowed = p.allowed_mediums.as_ref().unwrap_or(&self.allowed_mediums);
            medium.is_some_and(|m| allowed.iter().any(|a| a.trim().eq_ignore_ascii_case(m)))
        });
        by_alias.or_else(|| {
            present(t.referrer)
                .and_then(referrer_host)
                .and_then(|h| self.partner_by_host(&h))
        })
    }
}

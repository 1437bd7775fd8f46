//! Channel classification (SPEC §4) as data: an ordered list of rules, the
//! first match wins.
//!
//! A rule names a channel and some conditions; all its conditions must hold
//! (an empty rule matches everything). The default order: partner referral,
//! AI assistant, the GA4-style default channel group rules, other referral,
//! direct, then `other`. Replace or edit the list to override it.
//!
//! The "source" a rule sees is `utm_source`, or, when the link has none, the
//! referrer's host (as GA4 does for untagged traffic).

use serde::{Deserialize, Serialize};

use super::error::UtmError;
use super::parse::{
    ClickIdKind, ClickIds, MAX_URL_LEN, ParsedLink, UtmParams, parse_absolute, parse_url,
};
use super::registry::PartnerRegistry;
use super::sources::{SourceCategory, source_category};
use crate::error::from_json_str;

/// Most rules one rule set may hold.
pub const MAX_CHANNEL_RULES: usize = 1_000;

/// A channel id (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    PartnerReferral,
    AiAssistant,
    PaidSearch,
    PaidSocial,
    Display,
    Email,
    OrganicSearch,
    OrganicSocial,
    Affiliate,
    Referral,
    Direct,
    Other,
}

impl Channel {
    /// The wire name (`"partner_referral"`, `"paid_search"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::PartnerReferral => "partner_referral",
            Channel::AiAssistant => "ai_assistant",
            Channel::PaidSearch => "paid_search",
            Channel::PaidSocial => "paid_social",
            Channel::Display => "display",
            Channel::Email => "email",
            Channel::OrganicSearch => "organic_search",
            Channel::OrganicSocial => "organic_social",
            Channel::Affiliate => "affiliate",
            Channel::Referral => "referral",
            Channel::Direct => "direct",
            Channel::Other => "other",
        }
    }
}

/// Text conditions, any of which may match (case-insensitive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextMatch {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
}

impl TextMatch {
    fn equals(values: &[&str]) -> TextMatch {
        TextMatch {
            equals: values.iter().map(|v| (*v).to_owned()).collect(),
            ..TextMatch::default()
        }
    }

    fn matches(&self, value: Option<&str>) -> bool {
        let Some(v) = value else { return false };
        let v = v.to_lowercase();
        self.equals.iter().any(|e| e.to_lowercase() == v)
            || self.contains.iter().any(|c| v.contains(&c.to_lowercase()))
            || self
                .starts_with
                .iter()
                .any(|p| v.starts_with(&p.to_lowercase()))
    }
}

/// One classification rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelRule {
    /// A name for explanations (`paid_search_by_medium`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The channel a match gives.
    pub channel: Channel,
    /// The touch matched (or did not match) a registered partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<bool>,
    /// The source is in one of these categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_category: Vec<SourceCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<TextMatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<TextMatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<TextMatch>,
    /// One of these click ids is present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub click_id: Vec<ClickIdKind>,
    /// The touch has (or has not) a referrer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_referrer: Option<bool>,
    /// The link has (or has not) `utm_source` or `utm_medium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagged: Option<bool>,
}

impl ChannelRule {
    /// A rule with no condition: it matches every touch.
    pub fn new(id: &str, channel: Channel) -> ChannelRule {
        ChannelRule {
            id: id.to_owned(),
            channel,
            partner: None,
            source_category: Vec::new(),
            source: None,
            medium: None,
            campaign: None,
            click_id: Vec::new(),
            has_referrer: None,
            tagged: None,
        }
    }

    fn matches(&self, t: &TouchFacts<'_>) -> bool {
        self.partner.is_none_or(|p| p == t.partner)
            && (self.source_category.is_empty()
                || t.category
                    .is_some_and(|c| self.source_category.contains(&c)))
            && self.source.as_ref().is_none_or(|m| m.matches(t.source))
            && self
                .medium
                .as_ref()
                .is_none_or(|m| m.matches(t.utm.medium.as_deref()))
            && self
                .campaign
                .as_ref()
                .is_none_or(|m| m.matches(t.utm.campaign.as_deref()))
            && (self.click_id.is_empty()
                || self.click_id.iter().any(|k| t.click_ids.get(*k).is_some()))
            && self.has_referrer.is_none_or(|h| h == t.has_referrer)
            && self.tagged.is_none_or(|g| g == t.tagged)
    }
}

/// An ordered rule list; the first match wins, no match is `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelRules {
    pub rules: Vec<ChannelRule>,
}

/// GA4's "paid" mediums: `^(.*cp.*|ppc|retargeting|paid.*)$`.
fn paid() -> TextMatch {
    TextMatch {
        equals: vec!["ppc".into(), "retargeting".into()],
        contains: vec!["cp".into()],
        starts_with: vec!["paid".into()],
    }
}

impl Default for ChannelRules {
    /// The default order of SPEC §4; see `docs/utm.md` for the table.
    fn default() -> Self {
        use Channel as C;
        use SourceCategory as S;
        let rule = |id: &str, channel| ChannelRule::new(id, channel);
        let email_words = ["email", "e-mail", "e_mail", "e mail"];
        let rules = vec![
            ChannelRule {
                partner: Some(true),
                ..rule("partner", C::PartnerReferral)
            },
            ChannelRule {
                source_category: vec![S::AiAssistant],
                ..rule("ai_assistant", C::AiAssistant)
            },
            ChannelRule {
                source: Some(TextMatch::equals(&["(direct)"])),
                ..rule("direct_named", C::Direct)
            },
            ChannelRule {
                source_category: vec![S::Search],
                medium: Some(paid()),
                ..rule("paid_search", C::PaidSearch)
            },
            ChannelRule {
                click_id: vec![
                    ClickIdKind::Gclid,
                    ClickIdKind::Gbraid,
                    ClickIdKind::Wbraid,
                    ClickIdKind::Msclkid,
                ],
                ..rule("paid_search_click_id", C::PaidSearch)
            },
            ChannelRule {
                source_category: vec![S::Social, S::Video],
                medium: Some(paid()),
                ..rule("paid_social", C::PaidSocial)
            },
            ChannelRule {
                click_id: vec![ClickIdKind::LiFatId, ClickIdKind::Ttclid],
                ..rule("paid_social_click_id", C::PaidSocial)
            },
            ChannelRule {
                medium: Some(TextMatch::equals(&[
                    "display",
                    "banner",
                    "expandable",
                    "interstitial",
                    "cpm",
                ])),
                ..rule("display", C::Display)
            },
            ChannelRule {
                medium: Some(paid()),
                ..rule("paid_other", C::Other)
            },
            ChannelRule {
                source: Some(TextMatch::equals(&email_words)),
                ..rule("email_source", C::Email)
            },
            ChannelRule {
                medium: Some(TextMatch::equals(&email_words)),
                ..rule("email_medium", C::Email)
            },
            ChannelRule {
                source_category: vec![S::Webmail],
                ..rule("email_webmail", C::Email)
            },
            ChannelRule {
                medium: Some(TextMatch::equals(&["affiliate"])),
                ..rule("affiliate", C::Affiliate)
            },
            ChannelRule {
                source_category: vec![S::Search],
                ..rule("organic_search", C::OrganicSearch)
            },
            ChannelRule {
                medium: Some(TextMatch::equals(&["organic"])),
                ..rule("organic_search_medium", C::OrganicSearch)
            },
            ChannelRule {
                source_category: vec![S::Social, S::Video],
                ..rule("organic_social", C::OrganicSocial)
            },
            ChannelRule {
                medium: Some(TextMatch {
                    equals: [
                        "social",
                        "social-network",
                        "social-media",
                        "sm",
                        "social network",
                        "social media",
                    ]
                    .map(String::from)
                    .to_vec(),
                    contains: vec!["video".into()],
                    ..TextMatch::default()
                }),
                ..rule("organic_social_medium", C::OrganicSocial)
            },
            ChannelRule {
                medium: Some(TextMatch::equals(&["referral", "app", "link"])),
                ..rule("referral", C::Referral)
            },
            ChannelRule {
                has_referrer: Some(true),
                tagged: Some(false),
                ..rule("referral_untagged", C::Referral)
            },
            ChannelRule {
                has_referrer: Some(false),
                tagged: Some(false),
                ..rule("direct", C::Direct)
            },
        ];
        ChannelRules { rules }
    }
}

impl ChannelRules {
    /// Read a rule set from JSON (unknown keys rejected) and check it.
    pub fn from_json(text: &str) -> Result<ChannelRules, UtmError> {
        let rules: ChannelRules =
            from_json_str(text).map_err(|f| UtmError::from_serde("channel rules", f))?;
        rules.check()?;
        Ok(rules)
    }

    /// Reject oversized rule sets and empty text conditions.
    pub fn check(&self) -> Result<(), UtmError> {
        if self.rules.len() > MAX_CHANNEL_RULES {
            return Err(UtmError::InvalidRule {
                index: MAX_CHANNEL_RULES,
                message: format!(
                    "{} rules; the limit is {MAX_CHANNEL_RULES}",
                    self.rules.len()
                ),
            });
        }
        for (index, r) in self.rules.iter().enumerate() {
            for m in [&r.source, &r.medium, &r.campaign].into_iter().flatten() {
                if m.equals.is_empty() && m.contains.is_empty() && m.starts_with.is_empty() {
                    return Err(UtmError::InvalidRule {
                        index,
                        message: "a text condition needs `equals`, `contains` or `starts_with`"
                            .into(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// What classification looks at.
struct TouchFacts<'a> {
    utm: &'a UtmParams,
    click_ids: &'a ClickIds,
    source: Option<&'a str>,
    category: Option<SourceCategory>,
    partner: bool,
    has_referrer: bool,
    tagged: bool,
}

/// A classified touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classification {
    pub utm: UtmParams,
    pub click_ids: ClickIds,
    /// The referrer's host (lower-case, `www.` kept), if any.
    pub referrer_host: Option<String>,
    pub channel: Channel,
    /// The registered partner the touch came through (alias or referrer domain).
    pub partner_id: Option<String>,
    /// The id of the rule that matched (`null` when none did, giving
    /// `other`, or when the matching rule has no id).
    pub rule: Option<String>,
}

/// Classify a landing URL and optional referrer with the default rules.
///
/// ```
/// use eql_core::utm::{Channel, PartnerRegistry, classify};
/// let reg = PartnerRegistry::default();
/// let c = classify("https://vendor.example/?utm_source=chatgpt.com", None, &reg).unwrap();
/// assert_eq!(c.channel, Channel::AiAssistant);
/// let c = classify("https://vendor.example/", Some("https://www.google.com/"), &reg).unwrap();
/// assert_eq!(c.channel, Channel::OrganicSearch);
/// ```
pub fn classify(
    url: &str,
    referrer: Option<&str>,
    registry: &PartnerRegistry,
) -> Result<Classification, UtmError> {
    classify_with(url, referrer, registry, &ChannelRules::default())
}

/// Classify with your own rules. An empty referrer is no referrer; a referrer
/// that is not an absolute URL is read as a bare host (`www.google.com`), and
/// ignored if that fails too.
pub fn classify_with(
    url: &str,
    referrer: Option<&str>,
    registry: &PartnerRegistry,
    rules: &ChannelRules,
) -> Result<Classification, UtmError> {
    let ParsedLink { utm, click_ids, .. } = parse_url(url)?;
    let referrer_host = referrer.and_then(referrer_host);
    let source = utm.source.as_deref().or(referrer_host.as_deref());
    let partner = utm
        .source
        .as_deref()
        .and_then(|s| registry.partner_by_source(s))
        .or_else(|| {
            referrer_host
                .as_deref()
                .and_then(|h| registry.partner_by_host(h))
        });
    let facts = TouchFacts {
        utm: &utm,
        click_ids: &click_ids,
        source,
        category: source.and_then(source_category),
        partner: partner.is_some(),
        has_referrer: referrer_host.is_some(),
        tagged: utm.source.is_some() || utm.medium.is_some(),
    };
    let matched = rules.rules.iter().find(|r| r.matches(&facts));
    Ok(Classification {
        channel: matched.map_or(Channel::Other, |r| r.channel),
        rule: matched.map(|r| r.id.clone()).filter(|id| !id.is_empty()),
        partner_id: partner.map(|p| p.id.clone()),
        referrer_host,
        utm,
        click_ids,
    })
}

pub(crate) fn referrer_host(referrer: &str) -> Option<String> {
    let r = referrer.trim();
    if r.is_empty() || r.len() > MAX_URL_LEN {
        return None;
    }
    let url = parse_absolute("referrer", r)
        .ok()
        .filter(|u| u.host_str().is_some())
        .or_else(|| parse_absolute("referrer", &format!("https://{r}")).ok())?;
    url.host_str()
        .map(str::to_ascii_lowercase)
        .filter(|h| !h.is_empty())
}

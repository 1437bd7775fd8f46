//! UTM parsing (SPEC §4): the nine `utm_*` parameters and the ad click ids.
//!
//! Policies, each chosen so that a dirty link still yields its tags:
//! - **Decoding**: `application/x-www-form-urlencoded` rules, as browsers and
//!   analytics tools apply them: `%XX` is decoded (invalid UTF-8 becomes
//!   U+FFFD) and `+` is a space.
//! - **Parameter names** match after trimming and ASCII lower-casing
//!   (`UTM_Source` is `utm_source`).
//! - **Values**: `utm_source` and `utm_medium` are trimmed and lower-cased;
//!   the other `utm_*` values are trimmed and keep their case; control
//!   characters are removed from all `utm_*` values. Click ids are never
//!   altered (no trimming, no case change).
//! - **Empty values** (empty after trimming) are ignored, as if absent.
//! - **Duplicates**: the first non-empty value wins (later ones are noted).
//! - **Fragments**: by default ([`FragmentPolicy::Fallback`]) parameters in the
//!   fragment (`#utm_source=x` or `#/route?utm_source=x`, common in
//!   single-page apps) fill only parameters the query does not have, and are
//!   noted; [`FragmentPolicy::Ignore`] ignores the fragment as GA4 does.
//! - **Limits**: a URL longer than [`MAX_URL_LEN`] bytes is `url.too_long`;
//!   one that does not parse as an absolute URL is `url.invalid`.

use serde::{Deserialize, Serialize};
use url::Url;
use url::form_urlencoded;

use super::error::UtmError;

/// Longest URL or referrer accepted, in bytes.
pub const MAX_URL_LEN: usize = 32_768;

/// The nine UTM parameters, without the `utm_` prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UtmParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creative_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_tactic: Option<String>,
}

/// Ad-platform click ids, exactly as they appeared (decoded, never altered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClickIds {
    /// Google Ads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gclid: Option<String>,
    /// Google Ads, iOS app-to-web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gbraid: Option<String>,
    /// Google Ads, iOS web-to-app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wbraid: Option<String>,
    /// Meta (Facebook, Instagram); also added to organic shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbclid: Option<String>,
    /// Microsoft Advertising.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msclkid: Option<String>,
    /// LinkedIn Ads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub li_fat_id: Option<String>,
    /// TikTok Ads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttclid: Option<String>,
}

/// A click-id parameter name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClickIdKind {
    Gclid,
    Gbraid,
    Wbraid,
    Fbclid,
    Msclkid,
    LiFatId,
    Ttclid,
}

impl ClickIds {
    /// The click id of `kind`, if present.
    pub fn get(&self, kind: ClickIdKind) -> Option<&str> {
        match kind {
            ClickIdKind::Gclid => self.gclid.as_deref(),
            ClickIdKind::Gbraid => self.gbraid.as_deref(),
            ClickIdKind::Wbraid => self.wbraid.as_deref(),
            ClickIdKind::Fbclid => self.fbclid.as_deref(),
            ClickIdKind::Msclkid => self.msclkid.as_deref(),
            ClickIdKind::LiFatId => self.li_fat_id.as_deref(),
            ClickIdKind::Ttclid => self.ttclid.as_deref(),
        }
    }

    /// Whether no click id is present.
    pub fn is_empty(&self) -> bool {
        *self == ClickIds::default()
    }
}

/// Something about a link worth telling its owner (used by governance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ParseNote {
    /// The parameter appears more than once; the first non-empty value won.
    Duplicate { param: String },
    /// The parameter is present with an empty value and was ignored.
    Empty { param: String },
    /// The parameter was read from the fragment.
    InFragment { param: String },
    /// `utm_source` / `utm_medium` was not written in its normal form (case,
    /// spaces); the normal form was used.
    NotNormalised { param: String, raw: String },
}

/// How to treat parameters in the URL fragment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FragmentPolicy {
    /// Fragment parameters fill what the query lacks (default).
    #[default]
    Fallback,
    /// The fragment is ignored.
    Ignore,
}

/// Options of [`parse_url_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ParseOptions {
    #[serde(default)]
    pub fragment: FragmentPolicy,
}

/// What a link carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParsedLink {
    pub utm: UtmParams,
    pub click_ids: ClickIds,
    /// The URL's host, lower-case ASCII, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ParseNote>,
}

/// Parse `url` with the default options.
///
/// ```
/// let p = eql_core::utm::parse_url(
///     "https://vendor.example/p?utm_source=%20P7&utm_campaign=Q4+Launch&utm_campaign=x&gclid=AbC",
/// ).unwrap();
/// assert_eq!(p.utm.source.as_deref(), Some("p7"));
/// assert_eq!(p.utm.campaign.as_deref(), Some("Q4 Launch"));
/// assert_eq!(p.click_ids.gclid.as_deref(), Some("AbC"));
/// ```
pub fn parse_url(url: &str) -> Result<ParsedLink, UtmError> {
    parse_url_with(url, ParseOptions::default())
}

/// Parse `url` with explicit options.
pub fn parse_url_with(url: &str, opts: ParseOptions) -> Result<ParsedLink, UtmError> {
    let parsed = parse_absolute("url", url)?;
    let mut link = ParsedLink {
        host: parsed.host_str().map(str::to_ascii_lowercase),
        ..ParsedLink::default()
    };
    if let Some(query) = parsed.query() {
        read_pairs(query, false, &mut link);
    }
    if opts.fragment == FragmentPolicy::Fallback
        && let Some(fragment) = parsed.fragment()
    {
        let params = match fragment.split_once('?') {
            Some((_, q)) => Some(q),
            None => fragment.contains('=').then_some(fragment),
        };
        if let Some(q) = params {
            read_pairs(q, true, &mut link);
        }
    }
    Ok(link)
}

/// Parse a raw query string (`utm_source=a&utm_medium=b`, a leading `?` allowed).
pub fn parse_query(query: &str) -> ParsedLink {
    let mut link = ParsedLink::default();
    read_pairs(query.strip_prefix('?').unwrap_or(query), false, &mut link);
    link
}

/// Parse an absolute URL, enforcing [`MAX_URL_LEN`].
pub(crate) fn parse_absolute(field: &'static str, text: &str) -> Result<Url, UtmError> {
    if text.len() > MAX_URL_LEN {
        return Err(UtmError::UrlTooLong {
            field,
            limit: MAX_URL_LEN,
            actual: text.len(),
        });
    }
    Url::parse(text.trim()).map_err(|e| UtmError::InvalidUrl {
        field,
        message: e.to_string(),
    })
}

enum Slot {
    Utm(fn(&mut UtmParams) -> &mut Option<String>, bool),
    Click(fn(&mut ClickIds) -> &mut Option<String>),
}

fn slot(name: &str) -> Option<Slot> {
    Some(match name {
        "utm_source" => Slot::Utm(|u| &mut u.source, true),
        "utm_medium" => Slot::Utm(|u| &mut u.medium, true),
        "utm_campaign" => Slot::Utm(|u| &mut u.campaign, false),
        "utm_term" => Slot::Utm(|u| &mut u.term, false),
        "utm_content" => Slot::Utm(|u| &mut u.content, false),
        "utm_id" => Slot::Utm(|u| &mut u.id, false),
        "utm_source_platform" => Slot::Utm(|u| &mut u.source_platform, false),
        "utm_creative_format" => Slot::Utm(|u| &mut u.creative_format, false),
        "utm_marketing_tactic" => Slot::Utm(|u| &mut u.marketing_tactic, false),
        "gclid" => Slot::Click(|c| &mut c.gclid),
        "gbraid" => Slot::Click(|c| &mut c.gbraid),
        "wbraid" => Slot::Click(|c| &mut c.wbraid),
        "fbclid" => Slot::Click(|c| &mut c.fbclid),
        "msclkid" => Slot::Click(|c| &mut c.msclkid),
        "li_fat_id" => Slot::Click(|c| &mut c.li_fat_id),
        "ttclid" => Slot::Click(|c| &mut c.ttclid),
        _ => return None,
    })
}

fn read_pairs(query: &str, from_fragment: bool, link: &mut ParsedLink) {
    for (raw_name, raw_value) in form_urlencoded::parse(query.as_bytes()) {
        let name = raw_name.trim().to_ascii_lowercase();
        let Some(slot) = slot(&name) else { continue };
        let (target, value, normal) = match slot {
            Slot::Utm(field, lower) => {
                let cleaned: String = raw_value.chars().filter(|c| !c.is_control()).collect();
                let trimmed = cleaned.trim();
                let value = if lower {
                    trimmed.to_lowercase()
                } else {
                    trimmed.to_owned()
                };
                let normal = !lower || value == *raw_value;
                (field(&mut link.utm), value, normal)
            }
            Slot::Click(field) => {
                let value = if raw_value.trim().is_empty() {
                    String::new()
                } else {
                    raw_value.to_string()
                };
                (field(&mut link.click_ids), value, true)
            }
        };
        if value.is_empty() {
            link.notes.push(ParseNote::Empty { param: name });
            continue;
        }
        if target.is_some() {
            if !from_fragment {
                link.notes.push(ParseNote::Duplicate { param: name });
            }
            continue;
        }
        if !normal {
            link.notes.push(ParseNote::NotNormalised {
                param: name.clone(),
                raw: raw_value.into_owned(),
            });
        }
        *target = Some(value);
        if from_fragment {
            link.notes.push(ParseNote::InFragment { param: name });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn values_follow_the_policies() {
        let p = parse_url(
            "https://v.example/x?UTM_SOURCE=+Google+&utm_medium=CPC&utm_term=Red%20Shoes&utm_content=&utm_content=B\
             &utm_id=ID-1&utm_source_platform=SA360&utm_creative_format=Video&utm_marketing_tactic=Prospecting\
             &gclid=%20AbC%2Bd&fbclid=&msclkid=M&li_fat_id=L&ttclid=T&gbraid=G&wbraid=W",
        )
        .unwrap();
        assert_eq!(p.utm.source.as_deref(), Some("google"));
        assert_eq!(p.utm.medium.as_deref(), Some("cpc"));
        assert_eq!(p.utm.term.as_deref(), Some("Red Shoes"));
        assert_eq!(p.utm.content.as_deref(), Some("B"));
        assert_eq!(p.utm.id.as_deref(), Some("ID-1"));
        assert_eq!(p.utm.source_platform.as_deref(), Some("SA360"));
        assert_eq!(p.utm.creative_format.as_deref(), Some("Video"));
        assert_eq!(p.utm.marketing_tactic.as_deref(), Some("Prospecting"));
        assert_eq!(p.click_ids.gclid.as_deref(), Some(" AbC+d"));
        assert_eq!(p.click_ids.fbclid, None);
        assert_eq!(p.click_ids.ttclid.as_deref(), Some("T"));
        assert!(p.notes.contains(&ParseNote::Empty {
            param: "utm_content".into()
        }));
        assert!(p.notes.contains(&ParseNote::NotNormalised {
            param: "utm_source".into(),
            raw: " Google ".into()
        }));
    }

    #[test]
    fn duplicates_first_non_empty_wins() {
        let p = parse_url("https://v.example/?utm_source=&utm_source=a&utm_source=b").unwrap();
        assert_eq!(p.utm.source.as_deref(), Some("a"));
        assert!(p.notes.contains(&ParseNote::Duplicate {
            param: "utm_source".into()
        }));
    }

    #[test]
    fn fragments_fill_gaps_unless_ignored() {
        let url = "https://v.example/?utm_source=a#/route?utm_source=b&utm_medium=email";
        let p = parse_url(url).unwrap();
        assert_eq!(p.utm.source.as_deref(), Some("a"));
        assert_eq!(p.utm.medium.as_deref(), Some("email"));
        assert!(p.notes.contains(&ParseNote::InFragment {
            param: "utm_medium".into()
        }));
        let p = parse_url_with(
            url,
            ParseOptions {
                fragment: FragmentPolicy::Ignore,
            },
        )
        .unwrap();
        assert_eq!(p.utm.medium, None);
        let p = parse_url("https://v.example/#utm_source=x").unwrap();
        assert_eq!(p.utm.source.as_deref(), Some("x"));
    }

    #[test]
    fn bad_urls_get_codes() {
        for bad in [
            "::not a url",
            "",
            "vendor.example/?utm_source=x",
            "http://exa mple.com/",
        ] {
            assert_eq!(parse_url(bad).unwrap_err().code(), "url.invalid", "{bad}");
        }
        let long = format!("https://v.example/?q={}", "a".repeat(MAX_URL_LEN));
        assert_eq!(parse_url(&long).unwrap_err().code(), "url.too_long");
        let p = parse_url("https://v.example/?utm_campaign=a%00b%0A&utm_source=%FF").unwrap();
        assert_eq!(p.utm.campaign.as_deref(), Some("ab"));
        assert_eq!(p.utm.source.as_deref(), Some("\u{FFFD}"));
    }
}

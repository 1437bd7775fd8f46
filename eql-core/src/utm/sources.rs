//! Source categories: which sources and referrers are search engines, social
//! networks, video sites, shopping sites, AI assistants or webmail.
//!
//! A working subset of GA4's source categories (the major sites by brand),
//! plus AI assistants. A source is looked up as written (`google`), as a host
//! (`www.google.co.uk`, `www.` removed), by its registrable domain
//! (`google.co.uk`) and by its brand, the first label of that domain
//! (`google`). Host rules come first, so `gemini.google.com` is an AI
//! assistant and `mail.google.com` webmail, not search.

use serde::{Deserialize, Serialize};

/// A category of traffic source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceCategory {
    Search,
    Social,
    Video,
    Shopping,
    AiAssistant,
    Webmail,
}

/// Hosts (and their subdomains) with a category of their own.
const HOSTS: &[(&str, SourceCategory)] = &[
    ("chatgpt.com", SourceCategory::AiAssistant),
    ("chat.openai.com", SourceCategory::AiAssistant),
    ("perplexity.ai", SourceCategory::AiAssistant),
    ("gemini.google.com", SourceCategory::AiAssistant),
    ("bard.google.com", SourceCategory::AiAssistant),
    ("copilot.microsoft.com", SourceCategory::AiAssistant),
    ("copilot.cloud.microsoft", SourceCategory::AiAssistant),
    ("claude.ai", SourceCategory::AiAssistant),
    ("chat.deepseek.com", SourceCategory::AiAssistant),
    ("chat.mistral.ai", SourceCategory::AiAssistant),
    ("grok.com", SourceCategory::AiAssistant),
    ("meta.ai", SourceCategory::AiAssistant),
    ("mail.google.com", SourceCategory::Webmail),
    ("outlook.live.com", SourceCategory::Webmail),
    ("outlook.office.com", SourceCategory::Webmail),
    ("outlook.office365.com", SourceCategory::Webmail),
    ("mail.yahoo.com", SourceCategory::Webmail),
    ("mail.proton.me", SourceCategory::Webmail),
    ("mail.aol.com", SourceCategory::Webmail),
    ("search.brave.com", SourceCategory::Search),
    ("t.co", SourceCategory::Social),
    ("x.com", SourceCategory::Social),
    ("lnkd.in", SourceCategory::Social),
    ("youtu.be", SourceCategory::Video),
];

/// Brands: a source written as this word, or a domain whose first label is it.
const BRANDS: &[(&str, SourceCategory)] = &[
    ("chatgpt", SourceCategory::AiAssistant),
    ("openai", SourceCategory::AiAssistant),
    ("perplexity", SourceCategory::AiAssistant),
    ("gemini", SourceCategory::AiAssistant),
    ("bard", SourceCategory::AiAssistant),
    ("copilot", SourceCategory::AiAssistant),
    ("claude", SourceCategory::AiAssistant),
    ("deepseek", SourceCategory::AiAssistant),
    ("mistral", SourceCategory::AiAssistant),
    ("grok", SourceCategory::AiAssistant),
    ("google", SourceCategory::Search),
    ("bing", SourceCategory::Search),
    ("yahoo", SourceCategory::Search),
    ("duckduckgo", SourceCategory::Search),
    ("baidu", SourceCategory::Search),
    ("yandex", SourceCategory::Search),
    ("ecosia", SourceCategory::Search),
    ("naver", SourceCategory::Search),
    ("ask", SourceCategory::Search),
    ("aol", SourceCategory::Search),
    ("seznam", SourceCategory::Search),
    ("qwant", SourceCategory::Search),
    ("startpage", SourceCategory::Search),
    ("sogou", SourceCategory::Search),
    ("daum", SourceCategory::Search),
    ("facebook", SourceCategory::Social),
    ("fb", SourceCategory::Social),
    ("instagram", SourceCategory::Social),
    ("ig", SourceCategory::Social),
    ("linkedin", SourceCategory::Social),
    ("twitter", SourceCategory::Social),
    ("x", SourceCategory::Social),
    ("tiktok", SourceCategory::Social),
    ("reddit", SourceCategory::Social),
    ("pinterest", SourceCategory::Social),
    ("snapchat", SourceCategory::Social),
    ("threads", SourceCategory::Social),
    ("quora", SourceCategory::Social),
    ("xing", SourceCategory::Social),
    ("vk", SourceCategory::Social),
    ("weibo", SourceCategory::Social),
    ("tumblr", SourceCategory::Social),
    ("bsky", SourceCategory::Social),
    ("mastodon", SourceCategory::Social),
    ("discord", SourceCategory::Social),
    ("youtube", SourceCategory::Video),
    ("vimeo", SourceCategory::Video),
    ("twitch", SourceCategory::Video),
    ("dailymotion", SourceCategory::Video),
    ("wistia", SourceCategory::Video),
    ("amazon", SourceCategory::Shopping),
    ("ebay", SourceCategory::Shopping),
    ("etsy", SourceCategory::Shopping),
    ("walmart", SourceCategory::Shopping),
    ("aliexpress", SourceCategory::Shopping),
];

/// The category of a source (`google`, `chatgpt.com`) or referrer host.
///
/// ```
/// use eql_core::utm::{SourceCategory, source_category};
/// assert_eq!(source_category("www.google.co.uk"), Some(SourceCategory::Search));
/// assert_eq!(source_category("gemini.google.com"), Some(SourceCategory::AiAssistant));
/// assert_eq!(source_category("randomblog"), None);
/// ```
pub fn source_category(source: &str) -> Option<SourceCategory> {
    let s = source.trim().trim_end_matches('.').to_ascii_lowercase();
    let s = s.strip_prefix("www.").unwrap_or(&s);
    for (host, cat) in HOSTS {
        if s == *host || s.strip_suffix(host).is_some_and(|rest| rest.ends_with('.')) {
            return Some(*cat);
        }
    }
    let brand = if s.contains('.') {
        let registrable = psl::domain_str(s).unwrap_or(s);
        registrable.split('.').next().unwrap_or(registrable)
    } else {
        s
    };
    BRANDS.iter().find(|(b, _)| *b == brand).map(|(_, c)| *c)
}

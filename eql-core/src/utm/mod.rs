//! UTM governance (SPEC §4): parse links, check partner links against a
//! registry, classify touches into channels.
//!
//! - `parse.rs`: the nine `utm_*` parameters and the click ids
//! - `registry.rs`: partners, aliases, domains; link governance findings
//! - `sources.rs`: search / social / video / shopping / AI / webmail sources
//! - `channel.rs`: channel rules as data, the default order, classification
//! - `tagging.rs`: the registered partner a touch is tagged to
//! - `error.rs`: [`UtmError`] and its codes

mod channel;
mod error;
mod parse;
mod registry;
mod sources;
mod tagging;

pub use channel::{
    Channel, ChannelRule, ChannelRules, Classification, MAX_CHANNEL_RULES, TextMatch, classify,
    classify_with,
};
pub use error::UtmError;
pub use parse::{
    ClickIdKind, ClickIds, FragmentPolicy, MAX_URL_LEN, ParseNote, ParseOptions, ParsedLink,
    UtmParams, parse_query, parse_url, parse_url_with,
};
pub use registry::{Finding, LinkCheck, MAX_PARTNERS, PartnerRegistry, RegisteredPartner};
pub use sources::{SourceCategory, source_category};
pub use tagging::TouchTags;

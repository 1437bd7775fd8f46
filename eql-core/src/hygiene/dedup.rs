//! Dedup keys (SPEC §4): the registrable email domain plus the partner id,
//! or the whole normalised mailbox for free-mail and ISP domains.
//!
//! Normalisation, in order: trim; split at the last `@`; check the local
//! part (RFC 5322 `atext` and UTF-8, dot rules); map the domain with IDNA
//! UTS 46 (non-transitional, so `faß.de` stays `xn--fa-hia.de`, never
//! `fass.de`; this also lower-cases it); find the registrable domain with the
//! Public Suffix List (`eu.acme.co.uk` → `acme.co.uk`). A free-mail domain
//! keys on `local@domain` instead: lower-cased, plus-tag removed, and dots
//! removed for Gmail. Free-mail is checked before the registrable domain, so
//! a free-mail domain that is itself a public suffix (`net.ua`) still keys
//! on the mailbox.

use std::fmt;
use std::str::FromStr;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{EmailProblem, HygieneError};
use super::freemail::{is_free_mail_domain, rules_for};

/// Longest accepted address after trimming, in bytes (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest local part, in bytes (RFC 5321).
pub const MAX_LOCAL_LEN: usize = 64;
/// Longest partner id, in bytes.
pub const MAX_PARTNER_ID_LEN: usize = 256;

/// An email address split and normalised, before it becomes a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NormalizedEmail {
    /// The local part, lower-cased (no mailbox provider that B2B leads come
    /// from treats case as significant).
    pub local: String,
    /// The full domain in ASCII (A-labels), lower-case.
    pub domain: String,
    /// The registrable domain (Public Suffix List); for a free-mail domain
    /// that is itself a public suffix (`net.ua`), that domain.
    pub registrable: String,
    /// The free-mail list entry that matched, if any (the domain or its
    /// registrable part).
    pub free_mail: Option<String>,
}

impl NormalizedEmail {
    /// The address as normalised: `local@domain`.
    pub fn address(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }

    /// The identity part of the key: the registrable domain, or the canonical
    /// mailbox for free-mail domains.
    pub fn identity(&self) -> String {
        match &self.free_mail {
            Some(provider) => {
                let rules = rules_for(provider);
                let mut local = self.local.as_str();
                if rules.plus_tags {
                    // `+tag@` alone (empty base) is kept whole: it is not a tag.
                    if let Some((base, _)) = local.split_once('+')
                        && !base.is_empty()
                    {
                        local = base;
                    }
                }
                let local: String = if rules.ignore_dots {
                    local.chars().filter(|c| *c != '.').collect()
                } else {
                    local.to_owned()
                };
                format!("{local}@{provider}")
            }
            None => self.registrable.clone(),
        }
    }
}

/// Normalise an email address; see the module docs for the steps.
///
/// ```
/// let n = eql_core::hygiene::normalize_email(" Ana.Ruiz+webinar@EU.Acme.co.uk ").unwrap();
/// assert_eq!(n.address(), "ana.ruiz+webinar@eu.acme.co.uk");
/// assert_eq!(n.registrable, "acme.co.uk");
/// assert_eq!(n.free_mail, None);
/// ```
pub fn normalize_email(email: &str) -> Result<NormalizedEmail, HygieneError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(HygieneError::email(EmailProblem::Empty));
    }
    if email.len() > MAX_EMAIL_LEN {
        return Err(HygieneError::email(EmailProblem::TooLong));
    }
    let (local, domain) = email
        .rsplit_once('@')
        .ok_or(HygieneError::email(EmailProblem::NoAt))?;
    if local.starts_with('"') {
        return Err(HygieneError::email(EmailProblem::QuotedLocalPart));
    }
    if local.contains('@') {
        return Err(HygieneError::email(EmailProblem::NoAt));
    }
    let local = normalize_local(local)?;
    let domain = normalize_domain(domain)?;
    // Free-mail first: some free-mail domains are themselves public suffixes
    // (`net.ua`, `sakura.ne.jp`, `dyndns.org`, `za.com`) and have no
    // registrable domain, yet their mailboxes are people, keyed whole.
    if is_free_mail_domain(&domain) {
        let registrable = registrable_domain(&domain).unwrap_or_else(|_| domain.clone());
        return Ok(NormalizedEmail {
            local,
            free_mail: Some(domain.clone()),
            domain,
            registrable,
        });
    }
    let registrable = registrable_domain(&domain)?;
    let free_mail = is_free_mail_domain(&registrable).then(|| registrable.clone());
    Ok(NormalizedEmail {
        local,
        domain,
        registrable,
        free_mail,
    })
}

fn normalize_local(local: &str) -> Result<String, HygieneError> {
    if local.is_empty() {
        return Err(HygieneError::email(EmailProblem::EmptyLocalPart));
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(HygieneError::email(EmailProblem::LocalPartTooLong));
    }
    if !local.chars().all(is_local_char) {
        return Err(HygieneError::email(EmailProblem::InvalidLocalChar));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(HygieneError::email(EmailProblem::InvalidLocalDot));
    }
    Ok(local.to_lowercase())
}

/// RFC 5322 `atext`, the dot, and non-ASCII letters (RFC 6531), but no
/// whitespace or control characters of any script.
fn is_local_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
    } else {
        !c.is_control() && !c.is_whitespace() && c != '\u{FEFF}'
    }
}

/// IDNA to ASCII per UTS 46 (non-transitional), STD3 characters only, DNS
/// lengths checked; one trailing dot (`acme.com.`) is accepted and dropped.
fn normalize_domain(domain: &str) -> Result<String, HygieneError> {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if domain.is_empty() {
        return Err(HygieneError::email(EmailProblem::EmptyDomain));
    }
    if domain.starts_with('[') {
        return Err(HygieneError::email(EmailProblem::AddressLiteral));
    }
    let ascii = Uts46::new()
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .map_err(|_| HygieneError::email(EmailProblem::InvalidDomain))?;
    if ascii.is_empty() {
        return Err(HygieneError::email(EmailProblem::InvalidDomain));
    }
    Ok(ascii.into_owned())
}

/// The registrable domain (eTLD+1) by the Public Suffix List, including its
/// private section (`foo.github.io` is its own site). A name whose last label
/// is all digits is an IP address, never a domain.
fn registrable_domain(domain: &str) -> Result<String, HygieneError> {
    let none = || HygieneError::NoRegistrableDomain {
        domain: domain.to_owned(),
    };
    let tld = domain.rsplit('.').next().unwrap_or(domain);
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err(none());
    }
    psl::domain_str(domain).map(str::to_owned).ok_or_else(none)
}

/// A dedup key: who (registrable domain or free-mail mailbox) and through
/// which partner. Its stable string form is `identity|partner_id`, e.g.
/// `acme.co.uk|P-7`; without a partner the part after `|` is empty.
///
/// ```
/// use eql_core::hygiene::DedupKey;
/// let k = DedupKey::new("J.Doe+x@Gmail.com", Some("P-7")).unwrap();
/// assert_eq!(k.to_string(), "jdoe@gmail.com|P-7");
/// assert_eq!("jdoe@gmail.com|P-7".parse::<DedupKey>().unwrap(), k);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey {
    identity: String,
    partner_id: String,
}

impl DedupKey {
    /// Key an email address and an optional partner id (trimmed; empty = none).
    pub fn new(email: &str, partner_id: Option<&str>) -> Result<DedupKey, HygieneError> {
        let partner_id = check_partner_id(partner_id.unwrap_or(""))?;
        let identity = normalize_email(email)?.identity();
        Ok(DedupKey {
            identity,
            partner_id,
        })
    }

    /// The registrable domain, or the mailbox for free-mail domains.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The partner id, if any.
    pub fn partner_id(&self) -> Option<&str> {
        (!self.partner_id.is_empty()).then_some(self.partner_id.as_str())
    }

    /// Whether the key is a whole mailbox (free-mail domain), not a domain.
    pub fn is_mailbox(&self) -> bool {
        self.identity.contains('@')
    }
}

fn check_partner_id(raw: &str) -> Result<String, HygieneError> {
    let id = raw.trim();
    if id.len() > MAX_PARTNER_ID_LEN || id.contains('|') || id.chars().any(char::is_control) {
        return Err(HygieneError::InvalidPartnerId {
            partner_id: id.chars().take(MAX_PARTNER_ID_LEN).collect(),
        });
    }
    Ok(id.to_owned())
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}|{}", self.identity, self.partner_id)
    }
}

impl FromStr for DedupKey {
    type Err = HygieneError;

    /// Parse the stable form `identity|partner_id`. The identity is taken as
    /// already normalised (a key written by [`DedupKey`]'s `Display`); it is
    /// not normalised again, only checked.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |message: &str| HygieneError::InvalidKey {
            text: text.chars().take(MAX_EMAIL_LEN).collect(),
            message: message.to_owned(),
        };
        let (identity, partner) = text
            .rsplit_once('|')
            .ok_or_else(|| bad("expected `identity|partner_id`"))?;
        if identity.is_empty() || identity.len() > MAX_EMAIL_LEN {
            return Err(bad("the identity is empty or too long"));
        }
        if identity
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(bad("the identity has whitespace or control characters"));
        }
        if partner.trim() != partner {
            return Err(bad("the partner id has surrounding whitespace"));
        }
        let partner_id = check_partner_id(partner)?;
        Ok(DedupKey {
            identity: identity.to_owned(),
            partner_id,
        })
    }
}

/// Serialised as its string form, `identity|partner_id`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for DedupKey {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DedupKey".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A dedup key: `identity|partner_id`, e.g. `acme.co.uk|P-7`."
        })
    }
}

impl Serialize for DedupKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DedupKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn key(email: &str) -> String {
        DedupKey::new(email, Some("P-7")).unwrap().to_string()
    }

    fn code(email: &str) -> &'static str {
        DedupKey::new(email, Some("P-7")).unwrap_err().code()
    }

    #[test]
    fn corporate_domains_key_on_the_registrable_domain() {
        assert_eq!(key("Ana.Ruiz+webinar@Acme.co.uk"), "acme.co.uk|P-7");
        assert_eq!(key("  bob@eu.ACME.co.uk "), "acme.co.uk|P-7");
        assert_eq!(key("x@acme.com."), "acme.com|P-7");
        assert_eq!(key("x@foo.github.io"), "foo.github.io|P-7");
    }

    #[test]
    fn idna_is_uts46_non_transitional() {
        assert_eq!(key("info@bücher.de"), "xn--bcher-kva.de|P-7");
        assert_eq!(key("info@faß.de"), "xn--fa-hia.de|P-7");
        assert_eq!(key("info@xn--fa-hia.de"), "xn--fa-hia.de|P-7");
        assert_eq!(key("info@FAß.DE"), "xn--fa-hia.de|P-7");
    }

    #[test]
    fn free_mail_keys_on_the_mailbox() {
        assert_eq!(key("J.Doe+x@Gmail.com"), "jdoe@gmail.com|P-7");
        assert_eq!(key("j.doe@googlemail.com"), "jdoe@googlemail.com|P-7");
        assert_eq!(
            key("first.last+news@outlook.com"),
            "first.last@outlook.com|P-7"
        );
        assert_eq!(key("+only@gmail.com"), "+only@gmail.com|P-7");
    }

    #[test]
    fn bad_input_gets_a_code() {
        assert_eq!(code("not-an-email"), "email.invalid");
        assert_eq!(code(""), "email.invalid");
        assert_eq!(code("   "), "email.invalid");
        assert_eq!(code("a@"), "email.invalid");
        assert_eq!(code("@a.com"), "email.invalid");
        assert_eq!(code("a b@a.com"), "email.invalid");
        assert_eq!(code("a\u{0}b@a.com"), "email.invalid");
        assert_eq!(code("a@b@a.com"), "email.invalid");
        assert_eq!(code(".a@a.com"), "email.invalid");
        assert_eq!(code("a..b@a.com"), "email.invalid");
        assert_eq!(code("a@xn--zz.com"), "email.invalid");
        assert_eq!(code("a@exa mple.com"), "email.invalid");
        assert_eq!(code("a@[127.0.0.1]"), "email.invalid");
        assert_eq!(
            code(&format!("{}@a.com", "a".repeat(10_000))),
            "email.invalid"
        );
        assert_eq!(
            code(&format!("a@{}.com", "a".repeat(10_000))),
            "email.invalid"
        );
        assert_eq!(code("root@localhost"), "email.no_registrable_domain");
        assert_eq!(code("a@co.uk"), "email.no_registrable_domain");
        assert_eq!(code("a@127.0.0.1"), "email.no_registrable_domain");
        let e = DedupKey::new("a@a.com", Some("P|7")).unwrap_err();
        assert_eq!(e.code(), "dedup.invalid_partner_id");
    }

    #[test]
    fn string_form_round_trips() {
        for k in [
            DedupKey::new("a@acme.com", None).unwrap(),
            DedupKey::new("a|b@gmail.com", Some("P-1")).unwrap(),
        ] {
            assert_eq!(k.to_string().parse::<DedupKey>().unwrap(), k);
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(serde_json::from_str::<DedupKey>(&json).unwrap(), k);
        }
        assert_eq!(
            DedupKey::new("a@acme.com", None).unwrap().to_string(),
            "acme.com|"
        );
        assert!("no-bar".parse::<DedupKey>().is_err());
        assert!("|P-1".parse::<DedupKey>().is_err());
    }
}

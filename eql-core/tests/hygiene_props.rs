//! Property tests of hygiene and UTM parsing (issue 4).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::hygiene::{DedupKey, merge, normalize_email};
use eql_core::utm::{PartnerRegistry, classify, parse_query, parse_url};
use eql_core::{Lead, Partner};
use proptest::prelude::*;

const DOMAINS: &[&str] = &[
    "acme.co.uk",
    "eu.acme.co.uk",
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "bücher.de",
    "faß.de",
    "example.com",
];

fn local_part() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_-]{1,8}(\\.[a-zA-Z0-9_-]{1,8}){0,2}"
}

fn domain() -> impl Strategy<Value = String> {
    prop::sample::select(DOMAINS).prop_map(str::to_owned)
}

fn mixed_case(s: &str, flips: &[bool]) -> String {
    s.chars()
        .zip(flips.iter().cycle())
        .map(|(c, f)| {
            // Only flip letters with a one-letter upper case (not ß → SS).
            let mut up = c.to_uppercase();
            match (f, up.next(), up.next()) {
                (true, Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn key_normalisation_is_idempotent(local in local_part(), dom in domain(), partner in "[A-Z]-[0-9]{1,3}") {
        let email = format!("{local}@{dom}");
        let first = DedupKey::new(&email, Some(&partner)).unwrap();
        // Normalising the normalised address gives the same key...
        let normal = normalize_email(&email).unwrap();
        let again = DedupKey::new(&normal.address(), Some(&partner)).unwrap();
        prop_assert_eq!(&first, &again);
        // ... and so does keying the key's own mailbox.
        if first.is_mailbox() {
            prop_assert_eq!(&DedupKey::new(first.identity(), Some(&partner)).unwrap(), &first);
        }
        // The string form round-trips.
        prop_assert_eq!(&first.to_string().parse::<DedupKey>().unwrap(), &first);
    }

    #[test]
    fn case_and_plus_tags_do_not_change_the_key(
        local in local_part(),
        dom in domain(),
        tag in "[a-z0-9]{1,8}",
        flips in prop::collection::vec(any::<bool>(), 1..16),
    ) {
        let plain = DedupKey::new(&format!("{local}@{dom}"), Some("P-7")).unwrap();
        let noisy = format!("  {}+{tag}@{}  ", mixed_case(&local, &flips), mixed_case(&dom, &flips));
        prop_assert_eq!(DedupKey::new(&noisy, Some("P-7")).unwrap(), plain);
    }

    #[test]
    fn merge_never_loses_or_duplicates_an_input(
        records in prop::collection::vec(
            (prop::option::of((local_part(), domain())), prop::option::of("P-[1-3]"), any::<bool>()),
            0..40,
        )
    ) {
        let leads: Vec<Lead> = records
            .iter()
            .enumerate()
            .map(|(i, (email, partner, tier))| Lead {
                id: format!("L-{i}"),
                email: email.as_ref().map(|(l, d)| format!("{l}@{d}")),
                partner: Some(Partner {
                    id: partner.clone(),
                    program_tier: tier.then(|| "gold".to_owned()),
                    ..Partner::default()
                }),
                ..Lead::default()
            })
            .collect();
        let report = merge(&leads).unwrap();
        let mut seen: Vec<usize> = report.groups.iter().flat_map(|g| g.members.iter().copied()).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..leads.len()).collect::<Vec<_>>());
        for g in &report.groups {
            prop_assert!(g.member_ids.contains(&g.survivor));
            prop_assert_eq!(&g.merged.id, &g.survivor);
        }
    }

    #[test]
    fn email_parsing_never_panics(s in "\\PC{0,300}", raw in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = DedupKey::new(&s, Some("P-7"));
        let _ = DedupKey::new(&String::from_utf8_lossy(&raw), None);
        let _ = s.parse::<DedupKey>();
    }

    #[test]
    fn url_parsing_never_panics(s in "\\PC{0,300}", q in "[a-z_=&%+#?0-9A-F]{0,200}") {
        let reg = PartnerRegistry::default();
        let _ = parse_url(&s);
        let _ = parse_query(&s);
        let _ = classify(&s, Some(&s), &reg);
        let url = format!("https://v.example/?{q}");
        prop_assert!(parse_url(&url).is_ok());
        let _ = classify(&url, Some(&q), &reg);
    }
}

#[test]
fn huge_and_hostile_inputs_are_errors_not_panics() {
    let big = "a".repeat(10_000);
    for email in [
        big.clone(),
        format!("{big}@x.com"),
        format!("a@{big}"),
        "a@xn--".into(),
        "\u{0}@\u{0}".into(),
    ] {
        assert!(DedupKey::new(&email, None).is_err());
    }
    assert!(parse_url(&format!("https://v.example/?utm_source={big}")).is_ok());
    assert!(parse_url(&big).is_err());
}

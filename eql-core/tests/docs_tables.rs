//! The channel-rule table in `docs/utm.md` matches the default rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use eql_core::utm::ChannelRules;

#[test]
fn channel_table_matches_default_rules() {
    let doc = include_str!("../../docs/utm.md");
    let documented: Vec<(String, String)> = doc
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            // | # | `rule` | channel | when |
            (cells.len() >= 5 && cells[1].parse::<usize>().is_ok())
                .then(|| (cells[2].trim_matches('`').to_owned(), cells[3].to_owned()))
        })
        .collect();
    let actual: Vec<(String, String)> = ChannelRules::default()
        .rules
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                serde_json::to_value(r.channel)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(documented, actual);
}

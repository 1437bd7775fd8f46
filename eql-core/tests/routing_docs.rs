//! Every `RoutingError` code is documented in docs/routing.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn every_routing_code_is_in_the_docs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let source = std::fs::read_to_string(format!("{root}/src/routing/error.rs")).unwrap();
    let docs = std::fs::read_to_string(format!("{root}/../docs/routing.md")).unwrap();
    let codes: Vec<&str> = source
        .lines()
        .filter_map(|l| l.split_once("=> \"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(codes.len() >= 20, "found only {codes:?}");
    let missing: Vec<&&str> = codes
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/routing.md: {missing:?}"
    );
}

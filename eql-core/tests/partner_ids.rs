//! One rule for "has a partner" (SPEC §3, issue 13 item 1): an empty or blank
//! `partner_id` is no partner in attribution's aggregation as in its models.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use eql_core::attribution::{
    AttributionModel, AttributionOptions, Dimension, Journey, aggregate, attribute,
};

#[test]
fn blank_partner_ids_aggregate_under_no_partner() {
    let journey: Journey = serde_json::from_str(
        r#"{"touchpoints": [
              {"id": "T-1", "at": "2026-09-01T10:00:00Z", "partner_id": ""},
              {"id": "T-2", "at": "2026-09-02T10:00:00Z", "partner_id": " P-7 "},
              {"id": "T-3", "at": "2026-09-03T10:00:00Z", "partner_id": " \t"},
              {"id": "T-4", "at": "2026-09-04T10:00:00Z", "partner_id": "P-7"}
            ],
            "conversion": {"at": "2026-09-30T10:00:00Z", "amount": "1000.00", "currency": "USD"}}"#,
    )
    .unwrap();
    let model = AttributionModel::partner_influence();
    let a = attribute(&journey, &model, &AttributionOptions::default()).unwrap();
    let agg = aggregate([(&journey, &a)], Dimension::Partner).unwrap();
    let keys: Vec<(Option<&str>, String, usize)> = agg
        .totals
        .iter()
        .map(|t| (t.key.as_deref(), t.credit.to_string(), t.touches))
        .collect();
    // T-1 (first, 40 %) and T-3 (no partner) have no partner; T-2 and T-4
    // are the same partner, P-7, and share the 20 % and the last 40 %.
    assert_eq!(
        keys,
        vec![
            (None, "400.00".to_owned(), 2),
            (Some("P-7"), "600.00".to_owned(), 2)
        ]
    );
}

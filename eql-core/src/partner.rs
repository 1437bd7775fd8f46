//! The one rule for "has a partner" (SPEC §3): a partner id counts only when
//! it is non-blank after trimming. An absent, empty or blank id is no
//! partner, everywhere in eql — qualification's evidence, attribution's
//! partner touches and aggregation keys, and the report's partner rows.

/// The partner id `raw` names, trimmed, or `None` when it is absent, empty
/// or blank (whitespace only).
///
/// Trimming is the one qualification uses for text (Unicode white space), so
/// `" P-7 "` and `"P-7"` are the same partner.
///
/// ```
/// use eql_core::partner::partner_id;
/// assert_eq!(partner_id(Some(" P-7 ")), Some("P-7"));
/// assert_eq!(partner_id(Some(" \t")), None);
/// assert_eq!(partner_id(Some("")), None);
/// assert_eq!(partner_id(None), None);
/// ```
pub fn partner_id(raw: Option<&str>) -> Option<&str> {
    raw.map(crate::qualify::trim).filter(|s| !s.is_empty())
}

/// Whether `raw` names a partner (see [`partner_id`]).
pub fn has_partner(raw: Option<&str>) -> bool {
    partner_id(raw).is_some()
}

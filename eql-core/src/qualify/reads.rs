//! Which lead fields scoring reads. A caller loading leads from a warehouse
//! or a DataFrame can select just these columns, and a binding can skip
//! copying the rest: a field outside the list never changes a verdict.

use std::collections::BTreeSet;

use super::compile::CompiledModel;
use crate::lead::LEAD_FIELDS;

impl CompiledModel {
    /// The lead fields that scoring and its explanation read, as sorted,
    /// distinct dotted paths (`company.employees`, `custom.segment`;
    /// `events.type` for a field of every event). Fields not listed never
    /// change the result for a lead that reads without error; the counts of
    /// events and touchpoints still matter for the size limits.
    ///
    /// ```
    /// let model = eql_core::presets::eql_default().compile().unwrap();
    /// let reads = model.reads();
    /// assert!(reads.iter().any(|f| f == "company.employees"));
    /// assert!(reads.iter().any(|f| f == "events.type"));
    /// assert!(!reads.iter().any(|f| f == "company.name"));
    /// ```
    pub fn reads(&self) -> Vec<String> {
        // Every model reads the record id and what ecosystem evidence looks at.
        let mut out: BTreeSet<String> = LEAD_FIELDS
            .iter()
            .filter(|s| s.always_read)
            .map(|s| s.path.to_owned())
            .collect();
        for test in self.fit.iter().chain(&self.disqualify) {
            out.insert(test.field.path());
        }
        if self.registry.is_some() {
            for f in ["url", "referrer", "source", "medium"] {
                out.insert(format!("touchpoints.{f}"));
            }
        }
        out.into_iter().collect()
    }
}

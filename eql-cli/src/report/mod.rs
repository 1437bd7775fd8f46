//! `eql report`'s parts: the job file, and the report as text and HTML.
//!
//! - `job.rs`: the job file and the files it names
//! - `fmt.rs`: numbers with thousands separators
//! - `text.rs`: terminal tables
//! - `html.rs`: one self-contained page with charts

pub mod fmt;
pub mod html;
pub mod job;
pub mod text;

use eql_core::report::{AssetRow, Report};

/// The `n` assets with the most attributed pipeline (ties by name).
pub fn top_assets(report: &Report, n: usize) -> Vec<&AssetRow> {
    let mut assets: Vec<&AssetRow> = report.assets.iter().collect();
    assets.sort_by(|a, b| {
        b.metrics
            .pipeline
            .cmp(&a.metrics.pipeline)
            .then(a.asset.cmp(&b.asset))
    });
    assets.truncate(n);
    assets
}

//! The partner ROI report (SPEC §6): per partner, page and quarter, what the
//! ecosystem brought — leads, EQLs, SQLs, wins, attributed pipeline and ARR,
//! cost ratios — against the non-ecosystem baseline, with a quarterly
//! ranking and weekly trend rows.
//!
//! - `input.rs`: the canonical input (qualified leads, opportunities, costs, traffic)
//! - `credit.rs`: fx conversion and the attribution split of each opportunity
//! - `metrics.rs`: one row's counts and derived rates and ratios
//! - `stats.rs`: Wilson intervals and the two-proportion test
//! - `rank.rs`: the quarterly cut / double-down ranking
//! - `ratio.rs`: exact ratios for the 5× bar and the ranking
//! - `period.rs`: quarters and ISO weeks
//! - `build.rs`: the one pass that fills the rows
//! - `from_leads.rs`: leads and verdicts into report leads, shared by every runtime
//!
//! See `docs/report.md` for every formula and a worked example.

mod build;
mod credit;
mod error;
mod from_leads;
mod input;
mod metrics;
mod output;
mod period;
mod rank;
mod ratio;
mod stats;

pub use build::build_report;
pub use credit::Fallback;
pub use error::ReportError;
pub use from_leads::{lead_touches, report_lead, sql_dates_from_json};
pub use input::{
    Cost, MAX_LEADS, Opportunity, OpportunityStatus, ReportInput, ReportLead, ReportOptions,
    Traffic,
};
pub use metrics::{Metrics, VersusBaseline};
pub use output::{AssetRow, ExcludedRecord, PartnerRow, PeriodRow, Report, Totals, WeekRow};
pub use period::{quarter, week_start};
pub use rank::Action;
pub use stats::{Comparison, Rate, compare, wilson};

use crate::error::from_json_str;

impl ReportInput {
    /// Parse a report input from canonical JSON (unknown keys rejected).
    pub fn from_json(json: &str) -> Result<Self, ReportError> {
        from_json_str(json).map_err(|e| ReportError::Input(e.into_input_error()))
    }
}

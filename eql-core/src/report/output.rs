//! The report's output rows (serde; money as decimal strings, `null` for
//! ratios without a denominator).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::credit::Fallback;
use super::metrics::{Metrics, VersusBaseline};
use super::rank::Action;

/// The partner ROI report (SPEC §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub as_of: crate::time::Instant,
    pub currency: String,
    /// The attribution model pipeline and ARR were split with.
    pub attribution_model: String,
    pub totals: Totals,
    /// One row per partner (sourced leads, attributed money, cost), by id.
    pub partners: Vec<PartnerRow>,
    /// Non-ecosystem leads, and the money credited to non-partner touches.
    pub baseline: Metrics,
    /// One row per referring page or asset, by asset.
    pub assets: Vec<AssetRow>,
    /// One row per quarter and partner, with the quarterly ranking.
    pub periods: Vec<PeriodRow>,
    /// Ecosystem trend per ISO week, every week from the first to the last.
    pub weekly: Vec<WeekRow>,
    /// Opportunities credited whole to the sourcing partner (no eligible touch).
    pub fallbacks: Vec<Fallback>,
    /// Records dated after `as_of`, left out and listed here.
    pub excluded: Vec<ExcludedRecord>,
}

/// Grand totals; each split adds up to them exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Totals {
    pub leads: u64,
    pub opportunities: u64,
    /// All attributed pipeline = partner rows + `unpartnered_pipeline`
    /// = asset rows + `no_asset_pipeline`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub pipeline: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub won_arr: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub partner_pipeline: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub partner_won_arr: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub unpartnered_pipeline: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub unpartnered_won_arr: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub no_asset_pipeline: Decimal,
}

/// One partner over the whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnerRow {
    pub partner_id: String,
    #[serde(flatten)]
    pub metrics: Metrics,
    pub versus_baseline: VersusBaseline,
}

/// One referring page or asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssetRow {
    pub asset: String,
    #[serde(flatten)]
    pub metrics: Metrics,
}

/// One partner in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PeriodRow {
    pub period: String,
    pub partner_id: String,
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Rank by pipeline ÷ cost within the quarter; `null` without a cost.
    pub rank: Option<u32>,
    pub action: Option<Action>,
}

/// The ecosystem's week: partner-sourced leads and partner-credited ARR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeekRow {
    /// The Monday the ISO week starts on.
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    #[serde(with = "crate::wire::date")]
    pub week: NaiveDate,
    pub traffic: u64,
    pub leads: u64,
    pub eqls: u64,
    pub sqls: u64,
    pub won: u64,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub won_arr: Decimal,
}

/// A record left out of the report, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExcludedRecord {
    /// `lead` or `opportunity`.
    pub kind: String,
    pub id: String,
    /// `after_as_of` or `lead_excluded`.
    pub why: String,
}

//! The report's input: qualified leads with their touches, opportunities,
//! programme costs and optional traffic, all in canonical JSON.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attribution::{AttributionModel, Touch};
use crate::qualify::Stage;
use crate::time::Instant;

/// Most leads one report accepts (documented limit).
pub const MAX_LEADS: usize = 5_000_000;

/// Everything one partner ROI report is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// The reporting instant; nothing after it is counted.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub as_of: Instant,
    /// ISO 4217 code every amount is reported in.
    pub currency: String,
    /// Rates to `currency` (`{"EUR": "1.08"}` = 1 EUR is 1.08 of `currency`).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    #[serde(default, with = "rates_str")]
    pub fx_rates: BTreeMap<String, Decimal>,
    /// How opportunity amounts are split over touches (default 40/40/20).
    #[serde(default = "default_model")]
    pub attribution_model: AttributionModel,
    /// Touches more than this many days before the opportunity do not count.
    #[serde(default)]
    pub lookback_days: Option<u32>,
    pub leads: Vec<ReportLead>,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    #[serde(default)]
    pub costs: Vec<Cost>,
    #[serde(default)]
    pub traffic: Vec<Traffic>,
    #[serde(default)]
    pub options: ReportOptions,
}

fn default_model() -> AttributionModel {
    AttributionModel::partner_influence()
}

/// A lead as the report sees it: already qualified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportLead {
    pub id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: Instant,
    /// The sourcing partner; leads without one (absent, empty or blank)
    /// form the baseline.
    #[serde(default)]
    pub partner_id: Option<String>,
    /// The qualification stage (from `CompiledModel::evaluate` or a CRM).
    pub stage: Stage,
    /// When sales accepted the lead (a sales-qualified lead); absent = not an SQL.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub sql_at: Option<Instant>,
    /// Marketing touches, in any order; their partner and asset earn credit.
    #[serde(default)]
    pub touchpoints: Vec<Touch>,
}

/// Where an opportunity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OpportunityStatus {
    Open,
    Won,
    Lost,
}

/// A sales opportunity created from a lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    pub id: String,
    pub lead_id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: Instant,
    /// Annual contract value (ARR) of the deal.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub amount: Decimal,
    pub currency: String,
    pub status: OpportunityStatus,
    /// Required for `won` and `lost`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(default, with = "crate::time::rfc3339_option")]
    pub closed_at: Option<Instant>,
}

/// Programme cost of one partner in one quarter (`"2026-Q3"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cost {
    pub partner_id: String,
    pub period: String,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub amount: Decimal,
    pub currency: String,
}

/// Sessions from a partner or page in the week starting on `week` (a Monday).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    #[serde(default)]
    pub partner_id: Option<String>,
    #[serde(default)]
    pub asset: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "chrono::NaiveDate"))]
    #[serde(with = "crate::wire::date")]
    pub week: chrono::NaiveDate,
    pub sessions: u64,
}

/// Thresholds of the report's flags (defaults per SPEC §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ReportOptions {
    /// Pipeline ÷ cost at or above this meets the bar (default 5).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub pipeline_to_cost_bar: Decimal,
    /// Fewer EQLs than this flags the row as a small sample (default 50).
    pub min_eqls: u64,
    /// Share of ranked partners marked `cut` and `double_down` (default 0.2).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub rank_share: Decimal,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            pipeline_to_cost_bar: Decimal::from(5),
            min_eqls: 50,
            rank_share: Decimal::new(2, 1),
        }
    }
}

/// `{"EUR": "1.08"}` with decimal-string values.
mod rates_str {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        m: &BTreeMap<String, Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let as_str: BTreeMap<&String, String> = m.iter().map(|(k, v)| (k, v.to_string())).collect();
        as_str.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Decimal>, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(d)?;
        raw.into_iter()
            .map(|(k, v)| {
                crate::money::parse_decimal(&v)
                    .map(|r| (k, r))
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
}

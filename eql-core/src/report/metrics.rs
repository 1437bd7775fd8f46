//! One row's counts and money, and the derived rates and ratios.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::ratio::Ratio;
use super::stats::{Comparison, Rate, compare, wilson};

/// Raw counts and sums of one row (partner, page, period or baseline).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tally {
    pub traffic: Option<u64>,
    pub leads: u64,
    pub eqls: u64,
    pub sqls: u64,
    /// EQLs that became SQLs.
    pub eql_sqls: u64,
    pub won: u64,
    pub lost: u64,
    pub pipeline: Decimal,
    pub won_arr: Decimal,
    pub cost: Option<Decimal>,
    /// Days from lead creation to close of each won opportunity.
    pub days_to_close: Vec<Decimal>,
}

impl Tally {
    pub fn add_traffic(&mut self, sessions: u64) {
        self.traffic = Some(self.traffic.unwrap_or(0).saturating_add(sessions));
    }

    pub fn add_cost(&mut self, amount: Decimal) -> Option<()> {
        self.cost = Some(self.cost.unwrap_or(Decimal::ZERO).checked_add(amount)?);
        Some(())
    }
}

/// The columns SPEC §6 asks for, per row. Money is in the report currency;
/// a ratio with a zero denominator is `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Sessions, when traffic was given for this row.
    pub traffic: Option<u64>,
    pub leads: u64,
    pub eqls: u64,
    pub sqls: u64,
    pub won: u64,
    pub lost: u64,
    /// SQLs ÷ leads.
    pub sql_rate: Option<Rate>,
    /// EQLs that became SQLs ÷ EQLs.
    pub eql_to_sql_rate: Option<Rate>,
    /// Won ÷ (won + lost).
    pub win_rate: Option<Rate>,
    /// Attributed opportunity amounts.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub pipeline: Decimal,
    /// Attributed amounts of won opportunities.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub won_arr: Decimal,
    /// Programme cost, when given.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::money::decimal_str_option")]
    pub cost: Option<Decimal>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::money::decimal_str_option")]
    pub cost_per_eql: Option<Decimal>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::money::decimal_str_option")]
    pub pipeline_per_eql: Option<Decimal>,
    /// Pipeline ÷ cost, rounded to 2 places for display; `null` without a
    /// positive cost.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::money::decimal_str_option")]
    pub pipeline_to_cost: Option<Decimal>,
    /// The exact pipeline ÷ cost (not the rounded display) ≥ the bar
    /// (default 5×); `null` when there is no ratio.
    pub meets_bar: Option<bool>,
    /// Median days from lead creation to won, 1 place.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[serde(with = "crate::money::decimal_str_option")]
    pub median_days_to_close: Option<Decimal>,
    /// Fewer EQLs than `options.min_eqls`: read the rates with care.
    pub small_sample: bool,
}

/// Rates of a row compared with the baseline's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VersusBaseline {
    pub sql_rate: Option<Comparison>,
    pub win_rate: Option<Comparison>,
}

/// Flag thresholds and the currency's minor unit.
pub(crate) struct Bars {
    pub pipeline_to_cost: Decimal,
    pub min_eqls: u64,
    pub minor_units: u32,
}

/// `x` written with exactly the currency's decimal places (`0` → `0.00`).
pub(crate) fn money(x: Decimal, places: u32) -> Decimal {
    let mut y = x;
    y.rescale(places);
    y
}

fn div(a: Decimal, b: Decimal, places: u32) -> Option<Decimal> {
    if b.is_zero() {
        return None;
    }
    a.checked_div(b).map(|q| {
        money(
            q.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero),
            places,
        )
    })
}

fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut v = values.to_vec();
    v.sort();
    let mid = v.len() / 2;
    let m = if v.len() % 2 == 1 {
        *v.get(mid)?
    } else {
        let lo = *v.get(mid.checked_sub(1)?)?;
        let hi = *v.get(mid)?;
        lo.checked_add(hi)?.checked_div(Decimal::TWO)?
    };
    Some(money(
        m.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
        1,
    ))
}

impl Tally {
    /// Derive the row's rates and ratios.
    pub fn metrics(&self, bars: &Bars) -> Metrics {
        let eqls = Decimal::from(self.eqls);
        let exact = self.pipeline_to_cost();
        // Displayed to 2 places; judged (here and in the ranking) exactly.
        let pipeline_to_cost = exact.and(self.cost).and_then(|c| div(self.pipeline, c, 2));
        Metrics {
            traffic: self.traffic,
            leads: self.leads,
            eqls: self.eqls,
            sqls: self.sqls,
            won: self.won,
            lost: self.lost,
            sql_rate: wilson(self.sqls, self.leads),
            eql_to_sql_rate: wilson(self.eql_sqls, self.eqls),
            win_rate: wilson(self.won, self.won.saturating_add(self.lost)),
            pipeline: money(self.pipeline, bars.minor_units),
            won_arr: money(self.won_arr, bars.minor_units),
            cost: self.cost.map(|c| money(c, bars.minor_units)),
            cost_per_eql: self.cost.and_then(|c| div(c, eqls, bars.minor_units)),
            pipeline_per_eql: div(self.pipeline, eqls, bars.minor_units),
            meets_bar: exact.map(|r| r.at_least(bars.pipeline_to_cost)),
            pipeline_to_cost,
            median_days_to_close: median(&self.days_to_close),
            small_sample: self.eqls < bars.min_eqls,
        }
    }

    /// Pipeline ÷ cost, exact; `None` without a positive cost.
    pub fn pipeline_to_cost(&self) -> Option<Ratio> {
        self.cost.and_then(|c| Ratio::new(self.pipeline, c))
    }

    /// This row's SQL and win rates against the baseline's.
    pub fn versus(&self, baseline: &Tally) -> VersusBaseline {
        VersusBaseline {
            sql_rate: compare(self.sqls, self.leads, baseline.sqls, baseline.leads),
            win_rate: compare(
                self.won,
                self.won.saturating_add(self.lost),
                baseline.won,
                baseline.won.saturating_add(baseline.lost),
            ),
        }
    }
}

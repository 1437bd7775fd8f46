//! Building the report: one pass over leads, opportunities, costs and
//! traffic into tallies, then derived rows.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;

use super::credit::{self, Credit, Fallback};
use super::error::ReportError;
use super::input::{MAX_LEADS, OpportunityStatus, ReportInput, ReportLead};
use super::metrics::{Bars, Tally, money};
use super::output::{AssetRow, ExcludedRecord, PartnerRow, PeriodRow, Report, Totals, WeekRow};
use super::period::{is_quarter, quarter, week_start};
use super::rank::rank;
use super::ratio::Ratio;
use crate::attribution::{AttributionOptions, Attributor};
use crate::error::InputError;
use crate::money::minor_units;
use crate::partner::partner_id;
use crate::qualify::Stage;
use crate::time::Instant;

fn add(a: &mut Decimal, b: Decimal) -> Result<(), ReportError> {
    *a = a
        .checked_add(b)
        .ok_or(ReportError::Overflow { what: "a total" })?;
    Ok(())
}

fn inc(n: &mut u64) {
    *n = n.saturating_add(1);
}

#[derive(Default)]
struct Week {
    traffic: u64,
    leads: u64,
    eqls: u64,
    sqls: u64,
    won: u64,
    won_arr: Decimal,
}

#[derive(Default)]
struct Tallies {
    partners: BTreeMap<String, Tally>,
    baseline: Tally,
    assets: BTreeMap<String, Tally>,
    periods: BTreeMap<(String, String), Tally>,
    weeks: BTreeMap<NaiveDate, Week>,
    totals: Totals,
}

impl Tallies {
    /// The sourcing row of a lead: its partner's, or the baseline.
    fn source(&mut self, partner: Option<&str>) -> &mut Tally {
        match partner {
            Some(p) => self.partners.entry(p.to_owned()).or_default(),
            None => &mut self.baseline,
        }
    }

    fn period(&mut self, at: &Instant, partner: &str) -> &mut Tally {
        self.periods
            .entry((quarter(at), partner.to_owned()))
            .or_default()
    }
}

/// The asset of the lead's earliest touch that has one (ties: input order).
fn entry_asset(lead: &ReportLead) -> Option<&str> {
    lead.touchpoints
        .iter()
        .filter(|t| t.asset.is_some())
        .min_by_key(|t| t.at)
        .and_then(|t| t.asset.as_deref())
}

fn validate(input: &ReportInput) -> Result<u32, ReportError> {
    let o = &input.options;
    if o.rank_share.is_sign_negative() || o.rank_share > Decimal::new(5, 1) {
        return Err(ReportError::InvalidOption {
            option: "rank_share",
            message: format!("must be between 0 and 0.5, got {}", o.rank_share),
        });
    }
    if o.pipeline_to_cost_bar.is_sign_negative() {
        return Err(ReportError::InvalidOption {
            option: "pipeline_to_cost_bar",
            message: format!("must not be negative, got {}", o.pipeline_to_cost_bar),
        });
    }
    if let Some((c, r)) = input
        .fx_rates
        .iter()
        .find(|(_, r)| r.is_sign_negative() || r.is_zero())
    {
        return Err(ReportError::InvalidFxRate {
            currency: c.clone(),
            rate: r.to_string(),
        });
    }
    if input.leads.len() > MAX_LEADS {
        return Err(ReportError::TooManyLeads {
            limit: MAX_LEADS,
            actual: input.leads.len(),
        });
    }
    Ok(minor_units(&input.currency)?)
}

/// Build the partner ROI report (SPEC §6) from qualified leads,
/// opportunities, costs and traffic.
pub fn build_report(input: &ReportInput) -> Result<Report, ReportError> {
    let places = validate(input)?;
    let as_of = input.as_of;
    let mut t = Tallies::default();
    let mut excluded = Vec::new();
    let mut fallbacks: Vec<Fallback> = Vec::new();

    let mut leads: HashMap<&str, Option<&ReportLead>> = HashMap::with_capacity(input.leads.len());
    for lead in &input.leads {
        let kept = lead.created_at <= as_of;
        if leads.insert(&lead.id, kept.then_some(lead)).is_some() {
            return Err(ReportError::DuplicateId {
                what: "lead",
                id: lead.id.clone(),
            });
        }
        if kept {
            count_lead(&mut t, lead, as_of);
        } else {
            excluded.push(ExcludedRecord {
                kind: "lead".into(),
                id: lead.id.clone(),
                why: "after_as_of".into(),
            });
        }
    }

    let attributor = Attributor::new(
        &input.attribution_model,
        AttributionOptions {
            lookback_days: input.lookback_days,
            ..AttributionOptions::default()
        },
    )
    .map_err(|source| ReportError::Attribution {
        opportunity: String::new(),
        source,
    })?;
    let mut seen = std::collections::HashSet::with_capacity(input.opportunities.len());
    for opp in &input.opportunities {
        if !seen.insert(opp.id.as_str()) {
            return Err(ReportError::DuplicateId {
                what: "opportunity",
                id: opp.id.clone(),
            });
        }
        let status = match opp.status {
            OpportunityStatus::Open => None,
            OpportunityStatus::Won => Some("won"),
            OpportunityStatus::Lost => Some("lost"),
        };
        if let (Some(status), None) = (status, opp.closed_at) {
            return Err(ReportError::MissingClosedAt {
                opportunity: opp.id.clone(),
                status,
            });
        }
        let lead = match leads.get(opp.lead_id.as_str()) {
            None => {
                return Err(ReportError::UnknownLead {
                    opportunity: opp.id.clone(),
                    lead: opp.lead_id.clone(),
                });
            }
            Some(None) => {
                excluded.push(ExcludedRecord {
                    kind: "opportunity".into(),
                    id: opp.id.clone(),
                    why: "lead_excluded".into(),
                });
                continue;
            }
            Some(Some(lead)) => *lead,
        };
        if opp.created_at > as_of {
            excluded.push(ExcludedRecord {
                kind: "opportunity".into(),
                id: opp.id.clone(),
                why: "after_as_of".into(),
            });
            continue;
        }
        let record = format!("opportunity `{}`", opp.id);
        let amount = credit::convert(
            &record,
            opp.amount,
            &opp.currency,
            &input.currency,
            &input.fx_rates,
            places,
        )?;
        let (credits, fallback) = credit::split(&attributor, opp, lead, amount, &input.currency)?;
        fallbacks.extend(fallback);
        inc(&mut t.totals.opportunities);
        add(&mut t.totals.pipeline, amount)?;
        credit_pipeline(&mut t, &credits, &opp.created_at)?;
        // A deal closed after `as_of` is still open at `as_of`.
        let closed = opp.closed_at.filter(|c| *c <= as_of);
        match (opp.status, closed) {
            (OpportunityStatus::Won, Some(at)) => {
                add(&mut t.totals.won_arr, amount)?;
                credit_won(&mut t, &credits, &at)?;
                count_won(&mut t, lead, &at)?;
            }
            (OpportunityStatus::Lost, Some(_)) => inc(&mut t.source(sourcing(lead)).lost),
            _ => {}
        }
    }

    for (index, c) in input.costs.iter().enumerate() {
        if !is_quarter(&c.period) {
            return Err(ReportError::InvalidPeriod {
                index,
                period: c.period.clone(),
            });
        }
        let record = format!("costs[{index}]");
        let amount = credit::convert(
            &record,
            c.amount,
            &c.currency,
            &input.currency,
            &input.fx_rates,
            places,
        )?;
        let partner = partner_id(Some(&c.partner_id)).ok_or_else(|| {
            ReportError::Input(InputError::Invalid {
                path: format!("costs[{index}].partner_id"),
                message: "a cost must name a partner; the id is empty or blank".to_owned(),
            })
        })?;
        let overflow = ReportError::Overflow { what: "costs" };
        t.partners
            .entry(partner.to_owned())
            .or_default()
            .add_cost(amount)
            .ok_or(overflow.clone())?;
        t.periods
            .entry((c.period.clone(), partner.to_owned()))
            .or_default()
            .add_cost(amount)
            .ok_or(overflow)?;
    }

    for (index, tr) in input.traffic.iter().enumerate() {
        if week_start(&crate::time::start_of_day(tr.week)) != tr.week {
            return Err(ReportError::WeekNotMonday {
                index,
                week: tr.week.to_string(),
            });
        }
        let at = crate::time::start_of_day(tr.week);
        if let Some(p) = partner_id(tr.partner_id.as_deref()) {
            t.partners
                .entry(p.to_owned())
                .or_default()
                .add_traffic(tr.sessions);
            t.period(&at, p).add_traffic(tr.sessions);
            let w = t.weeks.entry(tr.week).or_default();
            w.traffic = w.traffic.saturating_add(tr.sessions);
        }
        if let Some(a) = &tr.asset {
            t.assets
                .entry(a.clone())
                .or_default()
                .add_traffic(tr.sessions);
        }
    }

    finish(input, t, places, excluded, fallbacks)
}

/// The lead's sourcing partner under the one "has a partner" rule.
fn sourcing(lead: &ReportLead) -> Option<&str> {
    partner_id(lead.partner_id.as_deref())
}

fn count_lead(t: &mut Tallies, lead: &ReportLead, as_of: Instant) {
    let eql = lead.stage == Stage::Eql;
    let sql = lead.sql_at.is_some_and(|s| s <= as_of);
    inc(&mut t.totals.leads);
    let bump = |row: &mut Tally| {
        inc(&mut row.leads);
        if eql {
            inc(&mut row.eqls);
        }
        if sql {
            inc(&mut row.sqls);
        }
        if eql && sql {
            inc(&mut row.eql_sqls);
        }
    };
    bump(t.source(sourcing(lead)));
    if let Some(a) = entry_asset(lead) {
        bump(t.assets.entry(a.to_owned()).or_default());
    }
    if let Some(p) = sourcing(lead) {
        bump(t.period(&lead.created_at, p));
        let w = t.weeks.entry(week_start(&lead.created_at)).or_default();
        inc(&mut w.leads);
        if eql {
            inc(&mut w.eqls);
        }
        if let Some(s) = lead.sql_at.filter(|s| *s <= as_of) {
            inc(&mut t.weeks.entry(week_start(&s)).or_default().sqls);
        }
    }
}

fn credit_pipeline(
    t: &mut Tallies,
    credits: &[Credit<'_>],
    at: &Instant,
) -> Result<(), ReportError> {
    for c in credits {
        match c.partner_id {
            Some(p) => {
                add(&mut t.totals.partner_pipeline, c.amount)?;
                add(&mut t.source(Some(p)).pipeline, c.amount)?;
                add(&mut t.period(at, p).pipeline, c.amount)?;
            }
            None => {
                add(&mut t.totals.unpartnered_pipeline, c.amount)?;
                add(&mut t.baseline.pipeline, c.amount)?;
            }
        }
        match c.asset {
            Some(a) => add(
                &mut t.assets.entry(a.to_owned()).or_default().pipeline,
                c.amount,
            )?,
            None => add(&mut t.totals.no_asset_pipeline, c.amount)?,
        }
    }
    Ok(())
}

fn credit_won(t: &mut Tallies, credits: &[Credit<'_>], at: &Instant) -> Result<(), ReportError> {
    for c in credits {
        match c.partner_id {
            Some(p) => {
                add(&mut t.totals.partner_won_arr, c.amount)?;
                add(&mut t.source(Some(p)).won_arr, c.amount)?;
                add(&mut t.period(at, p).won_arr, c.amount)?;
                add(
                    &mut t.weeks.entry(week_start(at)).or_default().won_arr,
                    c.amount,
                )?;
            }
            None => {
                add(&mut t.totals.unpartnered_won_arr, c.amount)?;
                add(&mut t.baseline.won_arr, c.amount)?;
            }
        }
        if let Some(a) = c.asset {
            add(
                &mut t.assets.entry(a.to_owned()).or_default().won_arr,
                c.amount,
            )?;
        }
    }
    Ok(())
}

fn count_won(t: &mut Tallies, lead: &ReportLead, at: &Instant) -> Result<(), ReportError> {
    let seconds = at
        .signed_duration_since(lead.created_at)
        .num_seconds()
        .max(0);
    let days = Decimal::from(seconds)
        .checked_div(Decimal::from(86_400))
        .ok_or(ReportError::Overflow {
            what: "days to close",
        })?;
    let row = t.source(sourcing(lead));
    inc(&mut row.won);
    row.days_to_close.push(days);
    if let Some(p) = sourcing(lead) {
        let row = t.period(at, p);
        inc(&mut row.won);
        row.days_to_close.push(days);
        inc(&mut t.weeks.entry(week_start(at)).or_default().won);
    }
    Ok(())
}

fn finish(
    input: &ReportInput,
    t: Tallies,
    places: u32,
    excluded: Vec<ExcludedRecord>,
    fallbacks: Vec<Fallback>,
) -> Result<Report, ReportError> {
    let bars = Bars {
        pipeline_to_cost: input.options.pipeline_to_cost_bar,
        min_eqls: input.options.min_eqls,
        minor_units: places,
    };
    let partners = t
        .partners
        .iter()
        .map(|(id, row)| PartnerRow {
            partner_id: id.clone(),
            metrics: row.metrics(&bars),
            versus_baseline: row.versus(&t.baseline),
        })
        .collect();
    let assets = t
        .assets
        .iter()
        .map(|(a, row)| AssetRow {
            asset: a.clone(),
            metrics: row.metrics(&bars),
        })
        .collect();
    let mut periods: Vec<PeriodRow> = t
        .periods
        .iter()
        .map(|((period, partner), row)| PeriodRow {
            period: period.clone(),
            partner_id: partner.clone(),
            metrics: row.metrics(&bars),
            rank: None,
            action: None,
        })
        .collect();
    let exact: Vec<Option<Ratio>> = t.periods.values().map(Tally::pipeline_to_cost).collect();
    rank_quarters(&mut periods, &exact, input.options.rank_share);
    Ok(Report {
        as_of: input.as_of,
        currency: input.currency.clone(),
        attribution_model: input.attribution_model.name().to_owned(),
        totals: Totals {
            pipeline: money(t.totals.pipeline, places),
            won_arr: money(t.totals.won_arr, places),
            partner_pipeline: money(t.totals.partner_pipeline, places),
            partner_won_arr: money(t.totals.partner_won_arr, places),
            unpartnered_pipeline: money(t.totals.unpartnered_pipeline, places),
            unpartnered_won_arr: money(t.totals.unpartnered_won_arr, places),
            no_asset_pipeline: money(t.totals.no_asset_pipeline, places),
            ..t.totals
        },
        partners,
        baseline: t.baseline.metrics(&bars),
        assets,
        periods,
        weekly: weekly(&t.weeks, places),
        fallbacks,
        excluded,
    })
}

/// Rank each quarter's rows that have a pipeline ÷ cost ratio, on the exact
/// ratios `exact` (one per row, in row order), not the rounded display.
fn rank_quarters(rows: &mut [PeriodRow], exact: &[Option<Ratio>], share: Decimal) {
    let mut start = 0;
    while start < rows.len() {
        let period = rows
            .get(start)
            .map(|r| r.period.clone())
            .unwrap_or_default();
        let end = rows
            .iter()
            .skip(start)
            .position(|r| r.period != period)
            .map_or(rows.len(), |n| start.saturating_add(n));
        let (Some(quarter), Some(exact)) = (rows.get_mut(start..end), exact.get(start..end)) else {
            break;
        };
        let (ranked, ratios): (Vec<usize>, Vec<Ratio>) = exact
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.map(|r| (i, r)))
            .unzip();
        for (&i, (rk, action)) in ranked.iter().zip(rank(&ratios, share)) {
            if let Some(row) = quarter.get_mut(i) {
                row.rank = Some(rk);
                row.action = Some(action);
            }
        }
        start = end;
    }
}

/// Every week from the first to the last with data, empty weeks included.
fn weekly(weeks: &BTreeMap<NaiveDate, Week>, places: u32) -> Vec<WeekRow> {
    let (Some(first), Some(last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = *first;
    while d <= *last {
        let w = weeks.get(&d);
        out.push(WeekRow {
            week: d,
            traffic: w.map_or(0, |w| w.traffic),
            leads: w.map_or(0, |w| w.leads),
            eqls: w.map_or(0, |w| w.eqls),
            sqls: w.map_or(0, |w| w.sqls),
            won: w.map_or(0, |w| w.won),
            won_arr: money(w.map_or(Decimal::ZERO, |w| w.won_arr), places),
        });
        match TimeDelta::try_days(7).and_then(|s| d.checked_add_signed(s)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

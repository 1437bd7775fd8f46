//! The report as terminal tables, with partner names where the partners
//! file gives them and thousands separators throughout.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use eql_core::Stage;
use eql_core::report::{Metrics, Report};

use super::fmt::{int, money, opt_int, opt_money, pct, ratio};

/// Leads by sourcing partner (`(none)` for the baseline) and stage:
/// eql, mql, unqualified, disqualified.
pub type Stages = BTreeMap<String, [u64; 4]>;

pub fn stage_index(s: Stage) -> usize {
    match s {
        Stage::Eql => 0,
        Stage::Mql => 1,
        Stage::Unqualified => 2,
        _ => 3,
    }
}

/// `P-1 Acme Cloud`, or the id alone when no name is known.
pub fn label(id: &str, names: &BTreeMap<String, String>) -> String {
    names
        .get(id)
        .map_or_else(|| id.to_owned(), |n| format!("{id} {n}"))
}

fn flags(m: &Metrics) -> String {
    let mut f = Vec::new();
    if m.meets_bar == Some(true) {
        f.push("≥5×");
    }
    if m.small_sample {
        f.push("small sample");
    }
    f.join(", ")
}

fn lift(r: &eql_core::report::PartnerRow) -> (String, String) {
    let c = r.versus_baseline.sql_rate;
    (
        c.and_then(|c| c.lift)
            .map_or_else(|| "—".into(), |l| format!("{:+.0}%", l * 100.0)),
        c.map_or_else(|| "—".into(), |c| format!("{:.3}", c.p_value)),
    )
}

/// The whole report as text.
pub fn render(report: &Report, stages: &Stages, names: &BTreeMap<String, String>) -> String {
    let mut o = String::new();
    let w = names
        .values()
        .map(|n| n.chars().count().saturating_add(5))
        .chain([10])
        .max()
        .unwrap_or(10)
        .min(32);
    let _ = writeln!(
        o,
        "Partner ROI report — as of {}, amounts in {}, attribution {}",
        eql_core::time::format_instant(&report.as_of),
        report.currency,
        report.attribution_model
    );

    let _ = writeln!(o, "\nQualification by sourcing partner");
    let _ = writeln!(
        o,
        "{:<w$} {:>7} {:>7} {:>12} {:>13}",
        "partner", "eql", "mql", "unqualified", "disqualified"
    );
    for (p, c) in stages {
        let _ = writeln!(
            o,
            "{:<w$} {:>7} {:>7} {:>12} {:>13}",
            label(p, names),
            int(c[0]),
            int(c[1]),
            int(c[2]),
            int(c[3])
        );
    }

    let _ = writeln!(
        o,
        "\nPartners (pipeline and won ARR are attribution credits)"
    );
    let _ = writeln!(
        o,
        "{:<w$} {:>8} {:>7} {:>6} {:>6} {:>5} {:>6} {:>7} {:>14} {:>13} {:>11} {:>9} {:>8} {:>6}  flags",
        "partner",
        "traffic",
        "leads",
        "eql",
        "sql",
        "won",
        "win %",
        "eql→sql",
        "pipeline",
        "won ARR",
        "cost",
        "pipe/cost",
        "sql lift",
        "p"
    );
    for r in &report.partners {
        let m = &r.metrics;
        let (l, p) = lift(r);
        let _ = writeln!(
            o,
            "{:<w$} {:>8} {:>7} {:>6} {:>6} {:>5} {:>6} {:>7} {:>14} {:>13} {:>11} {:>9} {:>8} {:>6}  {}",
            label(&r.partner_id, names),
            opt_int(m.traffic),
            int(m.leads),
            int(m.eqls),
            int(m.sqls),
            int(m.won),
            pct(m.win_rate),
            pct(m.eql_to_sql_rate),
            money(m.pipeline),
            money(m.won_arr),
            opt_money(m.cost),
            ratio(m.pipeline_to_cost),
            l,
            p,
            flags(m)
        );
    }
    let b = &report.baseline;
    let _ = writeln!(
        o,
        "{:<w$} {:>8} {:>7} {:>6} {:>6} {:>5} {:>6} {:>7} {:>14} {:>13}   (non-partner leads; non-partner touches' credit)",
        "baseline",
        opt_int(b.traffic),
        int(b.leads),
        int(b.eqls),
        int(b.sqls),
        int(b.won),
        pct(b.win_rate),
        pct(b.eql_to_sql_rate),
        money(b.pipeline),
        money(b.won_arr)
    );
    let t = &report.totals;
    let _ = writeln!(
        o,
        "\nTotals: {} leads, {} opportunities, pipeline {} = partners {} + non-partner touches {}; won ARR {}",
        int(t.leads),
        int(t.opportunities),
        money(t.pipeline),
        money(t.partner_pipeline),
        money(t.unpartnered_pipeline),
        money(t.won_arr)
    );

    let _ = writeln!(o, "\nReferring pages and assets, by attributed pipeline");
    let _ = writeln!(
        o,
        "{:<32} {:>8} {:>7} {:>6} {:>14} {:>13}",
        "asset", "traffic", "leads", "eql", "pipeline", "won ARR"
    );
    for a in super::top_assets(report, 12) {
        let m = &a.metrics;
        let _ = writeln!(
            o,
            "{:<32} {:>8} {:>7} {:>6} {:>14} {:>13}",
            a.asset,
            opt_int(m.traffic),
            int(m.leads),
            int(m.eqls),
            money(m.pipeline),
            money(m.won_arr)
        );
    }

    let _ = writeln!(
        o,
        "\nQuarterly ranking by pipeline ÷ cost (top 20 % double down, bottom 20 % cut)"
    );
    let _ = writeln!(
        o,
        "{:<8} {:<w$} {:>14} {:>11} {:>9} {:>5}  action",
        "quarter", "partner", "pipeline", "cost", "pipe/cost", "rank"
    );
    for r in &report.periods {
        let _ = writeln!(
            o,
            "{:<8} {:<w$} {:>14} {:>11} {:>9} {:>5}  {}",
            r.period,
            label(&r.partner_id, names),
            money(r.metrics.pipeline),
            opt_money(r.metrics.cost),
            ratio(r.metrics.pipeline_to_cost),
            r.rank.map_or_else(|| "—".into(), |k| k.to_string()),
            r.action.map_or("—", |a| a.as_str())
        );
    }

    let _ = writeln!(o, "\nWeekly ecosystem trend");
    let _ = writeln!(
        o,
        "{:<10} {:>8} {:>7} {:>6} {:>6} {:>5} {:>13}",
        "week", "traffic", "leads", "eql", "sql", "won", "won ARR"
    );
    for wk in &report.weekly {
        let _ = writeln!(
            o,
            "{:<10} {:>8} {:>7} {:>6} {:>6} {:>5} {:>13}",
            wk.week,
            int(wk.traffic),
            int(wk.leads),
            int(wk.eqls),
            int(wk.sqls),
            int(wk.won),
            money(wk.won_arr)
        );
    }
    if !report.fallbacks.is_empty() {
        let _ = writeln!(
            o,
            "\n{} opportunities had no touch in the window and were credited whole to the sourcing partner.",
            int(report.fallbacks.len() as u64)
        );
    }
    if !report.excluded.is_empty() {
        let _ = writeln!(
            o,
            "{} records dated after as_of were left out.",
            int(report.excluded.len() as u64)
        );
    }
    o
}

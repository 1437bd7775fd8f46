//! The report as terminal tables.

use std::collections::BTreeMap;

use eql_core::Stage;
use eql_core::report::{Metrics, Rate, Report};

pub fn stage_index(s: Stage) -> usize {
    match s {
        Stage::Eql => 0,
        Stage::Mql => 1,
        Stage::Unqualified => 2,
        _ => 3,
    }
}

pub fn pct(r: Option<Rate>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{:.0}%", r.value * 100.0))
}

pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
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

pub fn print(report: &Report, stages: &BTreeMap<String, [usize; 4]>) {
    println!(
        "Partner ROI report — as of {}, {} , attribution {}",
        eql_core::time::format_instant(&report.as_of),
        report.currency,
        report.attribution_model
    );

    println!("\nQualification by sourcing partner");
    println!(
        "{:<10} {:>5} {:>5} {:>12} {:>13}",
        "partner", "eql", "mql", "unqualified", "disqualified"
    );
    for (p, c) in stages {
        println!("{p:<10} {:>5} {:>5} {:>12} {:>13}", c[0], c[1], c[2], c[3]);
    }

    println!("\nPartners (pipeline and won ARR are 40/40/20 attribution credits)");
    println!(
        "{:<8} {:>7} {:>5} {:>4} {:>4} {:>4} {:>6} {:>7} {:>12} {:>11} {:>10} {:>8} {:>9} {:>7}  flags",
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
        let lift = r.versus_baseline.sql_rate;
        println!(
            "{:<8} {:>7} {:>5} {:>4} {:>4} {:>4} {:>6} {:>7} {:>12} {:>11} {:>10} {:>8} {:>9} {:>7}  {}",
            r.partner_id,
            opt(m.traffic),
            m.leads,
            m.eqls,
            m.sqls,
            m.won,
            pct(m.win_rate),
            pct(m.eql_to_sql_rate),
            m.pipeline,
            m.won_arr,
            opt(m.cost),
            opt(m.pipeline_to_cost),
            lift.and_then(|c| c.lift)
                .map_or_else(|| "—".into(), |l| format!("{:+.0}%", l * 100.0)),
            lift.map_or_else(|| "—".into(), |c| format!("{:.3}", c.p_value)),
            flags(m)
        );
    }
    let b = &report.baseline;
    println!(
        "{:<8} {:>7} {:>5} {:>4} {:>4} {:>4} {:>6} {:>7} {:>12} {:>11}   (non-partner leads; non-partner touches' credit)",
        "baseline",
        opt(b.traffic),
        b.leads,
        b.eqls,
        b.sqls,
        b.won,
        pct(b.win_rate),
        pct(b.eql_to_sql_rate),
        b.pipeline,
        b.won_arr
    );
    let t = &report.totals;
    println!(
        "\nTotals: {} leads, {} opportunities, pipeline {} = partners {} + non-partner touches {}; won ARR {}",
        t.leads, t.opportunities, t.pipeline, t.partner_pipeline, t.unpartnered_pipeline, t.won_arr
    );

    println!("\nReferring pages and assets, by attributed pipeline");
    let mut assets: Vec<_> = report.assets.iter().collect();
    assets.sort_by(|a, b| {
        b.metrics
            .pipeline
            .cmp(&a.metrics.pipeline)
            .then(a.asset.cmp(&b.asset))
    });
    println!(
        "{:<32} {:>7} {:>5} {:>4} {:>12} {:>11}",
        "asset", "traffic", "leads", "eql", "pipeline", "won ARR"
    );
    for a in assets.iter().take(12) {
        let m = &a.metrics;
        println!(
            "{:<32} {:>7} {:>5} {:>4} {:>12} {:>11}",
            a.asset,
            opt(m.traffic),
            m.leads,
            m.eqls,
            m.pipeline,
            m.won_arr
        );
    }

    println!("\nQuarterly ranking by pipeline ÷ cost (top 20 % double down, bottom 20 % cut)");
    println!(
        "{:<8} {:<8} {:>12} {:>10} {:>9} {:>5}  action",
        "quarter", "partner", "pipeline", "cost", "pipe/cost", "rank"
    );
    for r in &report.periods {
        println!(
            "{:<8} {:<8} {:>12} {:>10} {:>9} {:>5}  {}",
            r.period,
            r.partner_id,
            r.metrics.pipeline,
            opt(r.metrics.cost),
            opt(r.metrics.pipeline_to_cost),
            opt(r.rank),
            r.action.map_or_else(
                || "—".into(),
                |a| serde_json::to_value(a)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            )
        );
    }

    println!("\nWeekly ecosystem trend");
    println!(
        "{:<10} {:>7} {:>5} {:>4} {:>4} {:>4} {:>11}",
        "week", "traffic", "leads", "eql", "sql", "won", "won ARR"
    );
    for w in &report.weekly {
        println!(
            "{:<10} {:>7} {:>5} {:>4} {:>4} {:>4} {:>11}",
            w.week, w.traffic, w.leads, w.eqls, w.sqls, w.won, w.won_arr
        );
    }
    if !report.fallbacks.is_empty() {
        println!(
            "\n{} opportunities had no touch in the window and were credited whole to the sourcing partner.",
            report.fallbacks.len()
        );
    }
    if !report.excluded.is_empty() {
        println!(
            "{} records dated after as_of were left out.",
            report.excluded.len()
        );
    }
}

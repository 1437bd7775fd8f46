//! The report as one self-contained HTML page with SVG bar charts.

use std::fmt::Write as _;

use eql_core::Decimal;
use eql_core::report::Report;

use crate::tables::{opt, pct};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars, one per (label, value), scaled to the largest.
fn bars(title: &str, rows: &[(String, Decimal)], currency: &str) -> String {
    let max = rows
        .iter()
        .map(|r| r.1)
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let h = 26;
    let height = rows.len() * h + 40;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" width=\"760\" height=\"{height}\" viewBox=\"0 0 760 {height}\">",
        esc(title),
        esc(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 10 + i * h;
        let share: f64 = (*value / max).try_into().unwrap_or(0.0);
        let w = (share * 420.0).round();
        let _ = write!(
            svg,
            "<text x=\"210\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"220\" y=\"{y}\" width=\"{w}\" height=\"18\" rx=\"3\"/><text x=\"{}\" y=\"{}\">{} {currency}</text>",
            y + 14,
            esc(label),
            226.0 + w,
            y + 14,
            value
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

pub fn render(r: &Report) -> String {
    let cur = &r.currency;
    let partners: Vec<(String, Decimal)> = r
        .partners
        .iter()
        .map(|p| (p.partner_id.clone(), p.metrics.pipeline))
        .collect();
    let mut assets: Vec<(String, Decimal)> = r
        .assets
        .iter()
        .map(|a| (a.asset.clone(), a.metrics.pipeline))
        .collect();
    assets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assets.truncate(15);

    let mut rows = String::new();
    for p in &r.partners {
        let m = &p.metrics;
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.partner_id),
            opt(m.traffic),
            m.leads,
            m.eqls,
            m.sqls,
            m.won,
            pct(m.win_rate),
            m.pipeline,
            m.won_arr,
            opt(m.cost),
            opt(m.pipeline_to_cost),
            if m.meets_bar == Some(true) {
                "≥ 5×"
            } else {
                ""
            },
            if m.small_sample { "&lt; 50 EQLs" } else { "" }
        );
    }
    let mut ranking = String::new();
    for p in &r.periods {
        let action = p.action.map_or_else(
            || "—".to_owned(),
            |a| {
                serde_json::to_value(a)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            },
        );
        let _ = write!(
            ranking,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{action}\">{action}</td></tr>",
            esc(&p.period),
            esc(&p.partner_id),
            p.metrics.pipeline,
            opt(p.metrics.cost),
            opt(p.metrics.pipeline_to_cost),
            opt(p.rank)
        );
    }
    let mut weekly = String::new();
    for w in &r.weekly {
        let _ = write!(
            weekly,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            w.week, w.traffic, w.leads, w.eqls, w.sqls, w.won, w.won_arr
        );
    }
    let t = &r.totals;
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner ROI report — eql</title>
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2330}}
h1{{font-size:1.4rem}} h2{{font-size:1.1rem;margin-top:2rem}}
table{{border-collapse:collapse}} td,th{{padding:.25rem .6rem;border-bottom:1px solid #dde;text-align:right;white-space:nowrap}}
td:first-child,th:first-child{{text-align:left}}
rect{{fill:#3b6fd8}} svg text{{font-size:12px;fill:#1d2330}} figcaption{{font-weight:600;margin:.5rem 0}}
.cut{{color:#b3261e;font-weight:600}} .double_down{{color:#1e7b34;font-weight:600}}
</style></head><body>
<h1>Partner ROI report</h1>
<p>As of {as_of} · amounts in {cur} · pipeline and won ARR split by the <code>{model}</code> attribution model.</p>
<p>{leads} leads, {opps} opportunities. Pipeline {pipe} {cur} = partner touches {ppipe} + non-partner touches {upipe}. Won ARR {arr} {cur}.</p>
{chart_partners}
{chart_assets}
<h2>Partners</h2>
<table><tr><th>partner</th><th>traffic</th><th>leads</th><th>EQLs</th><th>SQLs</th><th>won</th><th>win rate</th><th>pipeline</th><th>won ARR</th><th>cost</th><th>pipeline ÷ cost</th><th>bar</th><th>sample</th></tr>
{rows}</table>
<h2>Quarterly ranking (pipeline ÷ cost; top 20 % double down, bottom 20 % cut)</h2>
<table><tr><th>quarter</th><th>partner</th><th>pipeline</th><th>cost</th><th>pipeline ÷ cost</th><th>rank</th><th>action</th></tr>
{ranking}</table>
<h2>Weekly ecosystem trend</h2>
<table><tr><th>week</th><th>traffic</th><th>leads</th><th>EQLs</th><th>SQLs</th><th>won</th><th>won ARR</th></tr>
{weekly}</table>
</body></html>
"#,
        as_of = eql_core::time::format_instant(&r.as_of),
        model = esc(&r.attribution_model),
        leads = t.leads,
        opps = t.opportunities,
        pipe = t.pipeline,
        ppipe = t.partner_pipeline,
        upipe = t.unpartnered_pipeline,
        arr = t.won_arr,
        chart_partners = bars("Attributed pipeline per partner", &partners, cur),
        chart_assets = bars(
            "Attributed pipeline per referring page (top 15)",
            &assets,
            cur
        ),
    )
}

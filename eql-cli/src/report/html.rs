//! The report as one self-contained HTML page (no script, no CDN): SVG
//! charts of the weekly trend, the EQL → SQL → won funnel per partner and
//! the quarterly ranking with its bands, then the tables behind them.
// Pixel geometry: small counts times small constants, in f64 or usize far
// from any limit (a page has at most a few hundred bars).
#![allow(clippy::arithmetic_side_effects)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use eql_core::Decimal;
use eql_core::report::{Action, Report};

use super::fmt::{int, money, opt_int, opt_money, pct, ratio};
use super::text::label;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn f(d: Decimal) -> f64 {
    d.try_into().unwrap_or(0.0)
}

fn figure(title: &str, width: usize, height: usize, body: &str) -> String {
    format!(
        "<figure><figcaption>{t}</figcaption><svg role=\"img\" aria-label=\"{t}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">{body}</svg></figure>",
        t = esc(title)
    )
}

/// One series over the weeks as a line with its points, the largest
/// value and the first and last week marked.
fn trend(title: &str, weeks: &[String], values: &[f64], shown_max: &str) -> String {
    let (w, h, left, top, plot_w, plot_h) = (290.0, 150.0, 8.0, 22.0, 274.0, 100.0);
    let max = values.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let n = values.len().max(2) - 1;
    let pts: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                left + plot_w * i as f64 / n as f64,
                top + plot_h * (1.0 - v / max),
            )
        })
        .collect();
    let line: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let mut body = format!(
        "<line class=\"axis\" x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/><text x=\"{left}\" y=\"14\">max {}</text><polyline class=\"series\" points=\"{}\"/>",
        esc(shown_max),
        line.join(" "),
        b = top + plot_h,
        r = left + plot_w
    );
    for (x, y) in &pts {
        let _ = write!(body, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\"/>");
    }
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        let _ = write!(
            body,
            "<text x=\"{left}\" y=\"{y}\">{}</text><text x=\"{r}\" y=\"{y}\" text-anchor=\"end\">{}</text>",
            esc(first),
            esc(last),
            y = top + plot_h + 16.0,
            r = left + plot_w
        );
    }
    figure(title, w as usize, h as usize, &body)
}

fn weekly_charts(r: &Report) -> String {
    let weeks: Vec<String> = r.weekly.iter().map(|w| w.week.to_string()).collect();
    let series = |get: &dyn Fn(&eql_core::report::WeekRow) -> u64| -> (Vec<f64>, String) {
        let v: Vec<u64> = r.weekly.iter().map(get).collect();
        let max = v.iter().copied().max().unwrap_or(0);
        (v.iter().map(|&x| x as f64).collect(), int(max))
    };
    let (traffic, tmax) = series(&|w| w.traffic);
    let (eqls, emax) = series(&|w| w.eqls);
    let (sqls, smax) = series(&|w| w.sqls);
    let arr: Vec<f64> = r.weekly.iter().map(|w| f(w.won_arr)).collect();
    let amax = r.weekly.iter().map(|w| w.won_arr).max().unwrap_or_default();
    format!(
        "<div class=\"grid\">{}{}{}{}</div>",
        trend("Partner traffic (sessions)", &weeks, &traffic, &tmax),
        trend("EQLs", &weeks, &eqls, &emax),
        trend("SQLs", &weeks, &sqls, &smax),
        trend(
            &format!("Won ARR credited to partners ({})", r.currency),
            &weeks,
            &arr,
            &money(amax)
        ),
    )
}

/// EQLs, SQLs and wins of each partner as three bars on one scale.
fn funnel(r: &Report, names: &BTreeMap<String, String>) -> String {
    let max = r
        .partners
        .iter()
        .flat_map(|p| [p.metrics.eqls, p.metrics.sqls, p.metrics.won])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row_h = 3 * 14 + 14;
    let height = r.partners.len() * row_h + 36;
    let mut body = String::from(
        "<rect class=\"eql\" x=\"230\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"244\" y=\"13\">EQLs</text><rect class=\"sql\" x=\"290\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"304\" y=\"13\">SQLs</text><rect class=\"won\" x=\"350\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"364\" y=\"13\">won</text>",
    );
    for (i, p) in r.partners.iter().enumerate() {
        let y0 = 26 + i * row_h;
        let _ = write!(
            body,
            "<text x=\"220\" y=\"{}\" text-anchor=\"end\">{}</text>",
            y0 + 24,
            esc(&label(&p.partner_id, names))
        );
        for (k, (class, v)) in [
            ("eql", p.metrics.eqls),
            ("sql", p.metrics.sqls),
            ("won", p.metrics.won),
        ]
        .into_iter()
        .enumerate()
        {
            let y = y0 + k * 14;
            let w = (v as f64 / max * 380.0).round();
            let _ = write!(
                body,
                "<rect class=\"{class}\" x=\"230\" y=\"{y}\" width=\"{w}\" height=\"12\" rx=\"2\"/><text x=\"{}\" y=\"{}\">{}</text>",
                234.0 + w,
                y + 10,
                int(v)
            );
        }
    }
    figure("EQL → SQL → won, per partner", 760, height, &body)
}

/// Each quarter's partners by pipeline ÷ cost, coloured by band, with the
/// 5× bar drawn where it falls.
fn ranking(r: &Report, names: &BTreeMap<String, String>) -> String {
    let mut by_quarter: BTreeMap<&str, Vec<&eql_core::report::PeriodRow>> = BTreeMap::new();
    for p in &r.periods {
        if p.metrics.pipeline_to_cost.is_some() {
            by_quarter.entry(&p.period).or_default().push(p);
        }
    }
    let max = r
        .periods
        .iter()
        .filter_map(|p| p.metrics.pipeline_to_cost)
        .map(f)
        .fold(5.0_f64, f64::max);
    let mut out = String::new();
    for (quarter, mut rows) in by_quarter {
        rows.sort_by_key(|p| p.rank);
        let height = rows.len() * 22 + 40;
        let bar_x = 230.0 + 5.0 / max * 380.0;
        let mut body = format!(
            "<line class=\"bar5\" x1=\"{bar_x:.1}\" y1=\"4\" x2=\"{bar_x:.1}\" y2=\"{}\"/><text x=\"{:.1}\" y=\"{}\">5× bar</text>",
            height - 14,
            bar_x + 4.0,
            height - 4
        );
        for (i, p) in rows.iter().enumerate() {
            let y = 8 + i * 22;
            let v = p.metrics.pipeline_to_cost.map_or(0.0, f);
            let w = (v / max * 380.0).round();
            let band = p.action.map_or("hold", Action::as_str);
            let _ = write!(
                body,
                "<text x=\"220\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"{band}\" x=\"230\" y=\"{y}\" width=\"{w}\" height=\"16\" rx=\"2\"/><text x=\"{}\" y=\"{}\">{}× · {}</text>",
                y + 12,
                esc(&label(&p.partner_id, names)),
                234.0 + w,
                y + 12,
                ratio(p.metrics.pipeline_to_cost),
                band.replace('_', " ")
            );
        }
        out.push_str(&figure(
            &format!("{quarter}: pipeline ÷ cost — double down, hold, cut"),
            760,
            height,
            &body,
        ));
    }
    out
}

/// Horizontal bars of money, one per (label, value), scaled to the largest.
fn bars(title: &str, rows: &[(String, Decimal)], currency: &str) -> String {
    let max = rows.iter().map(|r| f(r.1)).fold(1.0_f64, f64::max);
    let height = rows.len() * 24 + 16;
    let mut body = String::new();
    for (i, (name, value)) in rows.iter().enumerate() {
        let y = 6 + i * 24;
        let w = (f(*value) / max * 380.0).round();
        let _ = write!(
            body,
            "<text x=\"220\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"money\" x=\"230\" y=\"{y}\" width=\"{w}\" height=\"16\" rx=\"2\"/><text x=\"{}\" y=\"{}\">{} {currency}</text>",
            y + 12,
            esc(name),
            234.0 + w,
            y + 12,
            money(*value)
        );
    }
    figure(title, 760, height, &body)
}

fn partner_table(r: &Report, names: &BTreeMap<String, String>) -> String {
    let mut rows = String::new();
    for p in &r.partners {
        let m = &p.metrics;
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&label(&p.partner_id, names)),
            opt_int(m.traffic),
            int(m.leads),
            int(m.eqls),
            int(m.sqls),
            int(m.won),
            pct(m.win_rate),
            money(m.pipeline),
            money(m.won_arr),
            opt_money(m.cost),
            ratio(m.pipeline_to_cost),
            if m.meets_bar == Some(true) {
                "≥ 5×"
            } else {
                ""
            },
            if m.small_sample { "&lt; 50 EQLs" } else { "" }
        );
    }
    rows
}

pub fn render(r: &Report, names: &BTreeMap<String, String>) -> String {
    let cur = &r.currency;
    let partners: Vec<(String, Decimal)> = r
        .partners
        .iter()
        .map(|p| (label(&p.partner_id, names), p.metrics.pipeline))
        .collect();
    let assets: Vec<(String, Decimal)> = super::top_assets(r, 15)
        .into_iter()
        .map(|a| (a.asset.clone(), a.metrics.pipeline))
        .collect();
    let mut weekly = String::new();
    for w in &r.weekly {
        let _ = write!(
            weekly,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            w.week,
            int(w.traffic),
            int(w.leads),
            int(w.eqls),
            int(w.sqls),
            int(w.won),
            money(w.won_arr)
        );
    }
    let t = &r.totals;
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner ROI report — eql</title>
<style>
body{{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1400px;padding:0 1.5rem;color:#1d2330;background:#fbfbfd}}
h1{{font-size:1.5rem;margin-bottom:.2rem}} h2{{font-size:1.1rem;margin-top:2.2rem;border-bottom:2px solid #e3e6ef;padding-bottom:.3rem}}
.kpis{{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}} .kpi{{background:#fff;border:1px solid #e3e6ef;border-radius:8px;padding:.6rem 1rem;min-width:10rem}}
.kpi b{{display:block;font-size:1.3rem}} .kpi span{{color:#5b6478;font-size:.85rem}}
.grid{{display:flex;flex-wrap:wrap;gap:1rem}} figure{{background:#fff;border:1px solid #e3e6ef;border-radius:8px;padding:.6rem .8rem;margin:0 0 1rem}}
figcaption{{font-weight:600;margin-bottom:.3rem}} svg text{{font-size:12px;fill:#1d2330}}
.series{{fill:none;stroke:#3b6fd8;stroke-width:2}} circle{{fill:#3b6fd8}} .axis{{stroke:#c5cad6}}
.eql{{fill:#3b6fd8}} .sql{{fill:#8e6bd8}} .won{{fill:#1e9b55}} .money{{fill:#3b6fd8}}
.double_down{{fill:#1e9b55}} .hold{{fill:#9aa3b5}} .cut{{fill:#d2453b}} .bar5{{stroke:#1d2330;stroke-dasharray:4 3}}
table{{border-collapse:collapse;background:#fff}} td,th{{padding:.3rem .65rem;border-bottom:1px solid #e3e6ef;text-align:right;white-space:nowrap}}
th{{background:#f1f3f8}} td:first-child,th:first-child{{text-align:left}}
td.cut{{color:#b3261e;font-weight:600;fill:none}} td.double_down{{color:#1e7b34;font-weight:600;fill:none}}
</style></head><body>
<h1>Partner ROI report</h1>
<p>As of {as_of} · amounts in {cur} · pipeline and won ARR split by the <code>{model}</code> attribution model.</p>
<div class="kpis"><div class="kpi"><span>leads</span><b>{leads}</b></div><div class="kpi"><span>opportunities</span><b>{opps}</b></div><div class="kpi"><span>pipeline ({cur})</span><b>{pipe}</b></div><div class="kpi"><span>partner-credited pipeline</span><b>{ppipe}</b></div><div class="kpi"><span>won ARR ({cur})</span><b>{arr}</b></div></div>
<h2>Weekly ecosystem trend</h2>
{weekly_charts}
<h2>Funnel per partner</h2>
{funnel}
<h2>Quarterly ranking (pipeline ÷ cost; top 20 % double down, bottom 20 % cut)</h2>
<div class="grid">{ranking}</div>
<h2>Attributed pipeline</h2>
<div class="grid">{chart_partners}{chart_assets}</div>
<h2>Partners</h2>
<table><tr><th>partner</th><th>traffic</th><th>leads</th><th>EQLs</th><th>SQLs</th><th>won</th><th>win rate</th><th>pipeline</th><th>won ARR</th><th>cost</th><th>pipeline ÷ cost</th><th>bar</th><th>sample</th></tr>
{rows}</table>
<h2>Weekly rows</h2>
<table><tr><th>week</th><th>traffic</th><th>leads</th><th>EQLs</th><th>SQLs</th><th>won</th><th>won ARR</th></tr>
{weekly}</table>
<p>Pipeline {pipe} {cur} = partner touches {ppipe} + non-partner touches {upipe}.</p>
</body></html>
"#,
        as_of = eql_core::time::format_instant(&r.as_of),
        model = esc(&r.attribution_model),
        leads = int(t.leads),
        opps = int(t.opportunities),
        pipe = money(t.pipeline),
        ppipe = money(t.partner_pipeline),
        upipe = money(t.unpartnered_pipeline),
        arr = money(t.won_arr),
        weekly_charts = weekly_charts(r),
        funnel = funnel(r, names),
        ranking = ranking(r, names),
        chart_partners = bars("Per partner", &partners, cur),
        chart_assets = bars("Per referring page (top 15)", &assets, cur),
        rows = partner_table(r, names),
    )
}

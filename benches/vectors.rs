//! The shared golden vectors as workloads (STYLE §8): every `qualify`,
//! `attribution`, `dedup_key` and `utm` case in `tests/vectors/`, parsed
//! once and run through the same public entry points the vector runners
//! use. Small inputs, so this measures per-call overhead (model set-up,
//! explanations, URL parsing) rather than bulk throughput.
//!
//! Run: `cargo bench -p eql-benches --bench vectors`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eql_benches::vector_files;
use eql_core::attribution::{AttributionModel, AttributionOptions, Attributor, Journey};
use eql_core::time::parse_instant;
use eql_core::utm::{PartnerRegistry, classify};
use eql_core::{DedupKey, Lead, ScoreOptions, ScoringModel};
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;

/// One compiled model, its `as_of` and the leads of a `qualify` file.
fn qualify_work(
    file: &Value,
) -> Option<(eql_core::CompiledModel, eql_core::time::Instant, Vec<Lead>)> {
    let model = ScoringModel::from_json(&file["model"].to_string()).ok()?;
    let as_of = parse_instant(file["as_of"].as_str()?).ok()?;
    let leads = file["cases"]
        .as_array()?
        .iter()
        .filter_map(|c| Lead::from_value(c["lead"].clone()).ok())
        .collect();
    Some((model.compile().ok()?, as_of, leads))
}

/// The attributor and journey of every `attribution` case that is valid.
fn attribution_work(file: &Value) -> Vec<(Attributor, Journey)> {
    let cases = file["cases"].as_array().map_or(&[][..], Vec::as_slice);
    cases
        .iter()
        .filter_map(|case| {
            let pick = |k: &str| case.get(k).or_else(|| file.get(k)).cloned();
            let model = pick("model").unwrap_or(Value::Null);
            let model = AttributionModel::from_json(&model.to_string()).ok()?;
            let lookback = pick("lookback_days").unwrap_or(Value::Null);
            let options: AttributionOptions =
                serde_json::from_value(json!({ "lookback_days": lookback })).ok()?;
            let journey: Journey = serde_json::from_value(json!({
                "touchpoints": case["touchpoints"],
                "conversion": case["conversion"],
            }))
            .ok()?;
            let attributor = Attributor::new(&model, options).ok()?;
            attributor.attribute(&journey).ok()?;
            Some((attributor, journey))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = vector_files();
    let kind = |k: &'static str| files.iter().filter(move |f| f["kind"] == k);

    let qualify: Vec<_> = kind("qualify").filter_map(qualify_work).collect();
    let attribution: Vec<_> = kind("attribution").flat_map(attribution_work).collect();
    let emails: Vec<(String, Option<String>)> = kind("dedup_key")
        .flat_map(|f| f["cases"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| {
            let email = c["email"].as_str()?.to_owned();
            Some((email, c["partner_id"].as_str().map(str::to_owned)))
        })
        .collect();
    let urls: Vec<(PartnerRegistry, String, Option<String>)> = kind("utm")
        .flat_map(|f| {
            let registry = f
                .get("registry")
                .and_then(|r| PartnerRegistry::from_json(&r.to_string()).ok())
                .unwrap_or_default();
            let cases = f["cases"].as_array().cloned().unwrap_or_default();
            cases.into_iter().filter_map(move |c| {
                let url = c["url"].as_str()?.to_owned();
                Some((
                    registry.clone(),
                    url,
                    c["referrer"].as_str().map(str::to_owned),
                ))
            })
        })
        .collect();
    let n_leads: usize = qualify.iter().map(|(_, _, l)| l.len()).sum();
    assert!(n_leads > 0 && !attribution.is_empty() && !emails.is_empty() && !urls.is_empty());

    let mut g = c.benchmark_group("vectors");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(n_leads as u64));
    g.bench_function("qualify_explained", |b| {
        b.iter(|| {
            for (model, at, leads) in &qualify {
                for lead in leads {
                    black_box(model.score(lead, *at, ScoreOptions::default()).ok());
                }
            }
        })
    });
    g.throughput(Throughput::Elements(attribution.len() as u64));
    g.bench_function("attribution", |b| {
        b.iter(|| {
            for (attributor, journey) in &attribution {
                black_box(attributor.attribute(journey).ok());
            }
        })
    });
    g.throughput(Throughput::Elements(emails.len() as u64));
    g.bench_function("dedup_key", |b| {
        b.iter(|| {
            for (email, partner) in &emails {
                black_box(DedupKey::new(email, partner.as_deref()).ok());
            }
        })
    });
    g.throughput(Throughput::Elements(urls.len() as u64));
    g.bench_function("utm_classify", |b| {
        b.iter(|| {
            for (registry, url, referrer) in &urls {
                black_box(classify(url, referrer.as_deref(), registry).ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The hot path: one compiled realistic model over 100 000 generated leads.
//!
//! Run: `cargo bench -p eql-benches --bench qualify`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eql_benches::{as_of, leads, sample_model};
use eql_core::ScoreOptions;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let model = sample_model()
        .compile()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let leads = leads(100_000);
    let at = as_of();
    let opts = ScoreOptions::default();
    let mut verdict = eql_core::Verdict::empty();

    let mut g = c.benchmark_group("qualify");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(leads.len() as u64));
    g.bench_function("evaluate_100k", |b| {
        b.iter(|| {
            for lead in &leads {
                black_box(
                    model
                        .evaluate_into(black_box(lead), at, opts, &mut verdict)
                        .ok(),
                );
            }
        })
    });
    // The columnar path over the same leads as an Arrow table with the
    // categorical columns dictionary-encoded, on one core and on all.
    let batch = eql_arrow::leads_to_batch(&leads, eql_arrow::WriteOptions { dictionary: true })
        .unwrap_or_else(|e| unreachable!("{e}"));
    let run = eql_arrow::ScoreRun {
        as_of: at,
        options: opts,
        read: eql_arrow::ReadOptions::default(),
        explain: false,
    };
    let scorer = eql_arrow::TableScorer::new(&model, run);
    let long = eql_arrow::LongTables::default();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| unreachable!("{e}"));
    g.bench_function("table_100k_one_core", |b| {
        b.iter(|| one.install(|| black_box(scorer.score_batch(black_box(&batch), &long).ok())))
    });
    g.bench_function("table_100k_all_cores", |b| {
        b.iter(|| black_box(scorer.score_batch(black_box(&batch), &long).ok()))
    });
    let few = &leads[..10_000];
    g.throughput(Throughput::Elements(few.len() as u64));
    g.bench_function("score_explained_10k", |b| {
        b.iter(|| {
            for lead in few {
                black_box(model.score(black_box(lead), at, opts).ok());
            }
        })
    });
    // The shape of a web app's lead list: the sample leads ×10 000 as JSON
    // text, parsed and scored per lead (compact and explained), and the
    // row kernel alone on the same leads parsed once. `eql-wasm/bench/`
    // runs the same list through `scoreMany` in Node.
    let json = eql_benches::sample_leads_json(10_000);
    let parsed: Vec<eql_core::Lead> =
        serde_json::from_str(&json).unwrap_or_else(|e| unreachable!("{e}"));
    let compact = eql_core::qualify::ManyOptions::default();
    let explained = eql_core::qualify::ManyOptions {
        explain: true,
        ..compact
    };
    g.throughput(Throughput::Elements(parsed.len() as u64));
    g.bench_function("sample_rows_10k", |b| {
        b.iter(|| {
            for lead in &parsed {
                black_box(
                    model
                        .evaluate_into(black_box(lead), at, opts, &mut verdict)
                        .ok(),
                );
            }
        })
    });
    g.bench_function("sample_json_compact_10k", |b| {
        b.iter(|| black_box(model.score_many_json(black_box(&json), at, compact).ok()))
    });
    g.bench_function("sample_json_explained_10k", |b| {
        b.iter(|| black_box(model.score_many_json(black_box(&json), at, explained).ok()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

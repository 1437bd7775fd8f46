//! Routing and SLA clocks at CRM-import scale, on the configurations of the
//! routing vectors: 100 000 leads through the round-robin queues in one
//! `route_batch`, and 100 000 business-hours deadlines and clocks
//! (Europe/London, 10:00–18:00 on weekdays) spread over 2026, DST included.
//!
//! Run: `cargo bench -p eql-benches --bench routing`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eql_benches::{instants_2026, lead_facts, vector_files};
use eql_core::routing::{RoutingConfig, RoutingState, SlaPolicy, route_batch};
use std::hint::black_box;
use std::time::Duration;

const N: usize = 100_000;

/// Field `key` of the routing vector file named `name`, as JSON text.
fn from_vectors(files: &[serde_json::Value], name: &str, key: &str) -> String {
    files
        .iter()
        .find(|f| f["kind"] == "routing" && f["name"] == name)
        .map(|f| f[key].to_string())
        .unwrap_or_else(|| unreachable!("routing vector `{name}` with `{key}`"))
}

fn bench(c: &mut Criterion) {
    let files = vector_files();
    let config = RoutingConfig::from_json(&from_vectors(&files, "round_robin", "config"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let policy = SlaPolicy::from_json(&from_vectors(&files, "sla", "policy"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let sla = policy.compile().unwrap_or_else(|e| unreachable!("{e}"));
    let leads = lead_facts(N);
    let starts = instants_2026(N);
    let state = RoutingState::default();
    // A bench of errors measures nothing: every lead must get a result.
    let (first, _) = route_batch(&config, &state, &leads).unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        first.iter().all(Result::is_ok),
        "routing errors in the bench input"
    );
    assert!(starts.iter().all(|t| sla.deadline(*t).is_ok()));

    let mut g = c.benchmark_group("routing");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("route_batch_100k", |b| {
        b.iter(|| black_box(route_batch(&config, &state, black_box(&leads)).ok()))
    });
    g.bench_function("sla_deadline_business_hours_100k", |b| {
        b.iter(|| {
            for t in &starts {
                black_box(sla.deadline(black_box(*t)).ok());
            }
        })
    });
    g.bench_function("sla_status_business_hours_100k", |b| {
        b.iter(|| {
            for t in &starts {
                let as_of = *t + chrono::Duration::hours(6);
                black_box(sla.status(black_box(*t), as_of).ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Data-driven attribution over 1M synthetic journeys (1–8 touches, 10
//! channels): building the path table, the heuristic totals over it, and
//! the exact order-1 Markov model end to end, from channel names and from
//! dictionary-encoded channel ids.
//!
//! Run: `cargo bench -p eql-benches --bench attribution`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eql_benches::{CHANNELS, SynthJourney, synth_journeys};
use eql_core::Decimal;
use eql_core::attribution::{PathTable, PathTableBuilder, heuristic_models, markov_model};
use std::hint::black_box;
use std::time::Duration;

const N: usize = 1_000_000;

fn table(journeys: &[SynthJourney]) -> PathTable {
    let mut b = PathTableBuilder::new(2);
    for j in journeys {
        let (c, n) = if j.converted { (1, 0) } else { (0, 1) };
        b.add(&j.channels, c, Decimal::new(j.value_cents, 2), n)
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
    b.finish()
}

/// Dictionary-encoded journeys: channel ids (index into [`CHANNELS`]),
/// conversions, value in cents, non-conversions.
type Encoded = (Vec<u16>, u64, i64, u64);

fn encode(journeys: &[SynthJourney]) -> Vec<Encoded> {
    journeys
        .iter()
        .map(|j| {
            let ids = j
                .channels
                .iter()
                .map(|c| CHANNELS.iter().position(|k| k == c).unwrap_or(0) as u16)
                .collect();
            let (c, n) = if j.converted { (1, 0) } else { (0, 1) };
            (ids, c, j.value_cents, n)
        })
        .collect()
}

fn table_from_ids(journeys: &[Encoded]) -> PathTable {
    let mut b = PathTableBuilder::new(2);
    // Interned in CHANNELS order, so the ids match the encoding.
    for name in CHANNELS {
        b.channel_id(name).unwrap_or_else(|e| unreachable!("{e}"));
    }
    for (ids, c, cents, n) in journeys {
        b.add_ids(ids, *c, Decimal::new(*cents, 2), *n)
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
    b.finish()
}

fn bench(c: &mut Criterion) {
    let journeys = synth_journeys(N);
    let t = table(&journeys);
    // Memory: the journeys as given (a Vec of channel-name slices each) vs
    // the path table built from them.
    let input: usize = journeys
        .iter()
        .map(|j| std::mem::size_of::<SynthJourney>() + j.channels.capacity() * 16)
        .sum();
    println!(
        "attribution bench: {N} journeys → {} distinct paths, {} channels; input ≈ {:.1} MB, path table ≈ {:.1} MB",
        t.len(),
        t.channels().len(),
        input as f64 / 1e6,
        t.heap_bytes() as f64 / 1e6,
    );

    let mut g = c.benchmark_group("attribution");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("path_table_build_1m", |b| {
        b.iter(|| black_box(table(black_box(&journeys))))
    });
    g.bench_function("heuristic_over_table_1m", |b| {
        b.iter(|| black_box(heuristic_models(black_box(&t)).ok()))
    });
    g.bench_function("markov_order1_over_table_1m", |b| {
        b.iter(|| black_box(markov_model(black_box(&t), 1).ok()))
    });
    g.bench_function("markov_order1_end_to_end_1m", |b| {
        b.iter(|| black_box(markov_model(&table(black_box(&journeys)), 1).ok()))
    });
    g.bench_function("heuristic_end_to_end_1m", |b| {
        b.iter(|| black_box(heuristic_models(&table(black_box(&journeys))).ok()))
    });
    // The same from dictionary-encoded input (u16 channel ids).
    let encoded = encode(&journeys);
    // Same paths and totals (channel ids differ: names intern in order of
    // first appearance, the encoding in CHANNELS order).
    let from_ids = table_from_ids(&encoded);
    assert_eq!(from_ids.len(), t.len());
    assert_eq!(heuristic_models(&from_ids).ok(), heuristic_models(&t).ok());
    g.bench_function("markov_order1_end_to_end_ids_1m", |b| {
        b.iter(|| black_box(markov_model(&table_from_ids(black_box(&encoded)), 1).ok()))
    });
    g.bench_function("heuristic_end_to_end_ids_1m", |b| {
        b.iter(|| black_box(heuristic_models(&table_from_ids(black_box(&encoded))).ok()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

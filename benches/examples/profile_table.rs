//! Throwaway profiling driver (not committed).
fn main() {
    let model = eql_benches::sample_model().compile().unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let leads = eql_benches::leads(n);
    let batch =
        eql_arrow::leads_to_batch(&leads, eql_arrow::WriteOptions { dictionary: true }).unwrap();
    let run = eql_arrow::ScoreRun {
        as_of: eql_benches::as_of(),
        options: Default::default(),
        read: Default::default(),
        explain: false,
    };
    let scorer = eql_arrow::TableScorer::new(&model, run);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let t = std::time::Instant::now();
    for _ in 0..reps {
        one.install(|| {
            std::hint::black_box(scorer.score_batch(&batch, &Default::default()).unwrap())
        });
    }
    let e = t.elapsed().as_secs_f64() / reps as f64;
    println!(
        "{n} leads: {:.1} ms, {:.2} M/s",
        e * 1e3,
        n as f64 / e / 1e6
    );
}

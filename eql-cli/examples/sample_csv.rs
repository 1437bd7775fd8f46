//! Writes the bundled sample as CRM-style CSV exports into
//! `data/sample/csv/`: `cargo run -p eql-cli --example sample_csv -- data/sample`.
//! `tests/score.rs` checks the committed files are what this writes.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/sample".into());
    eql_cli::sample::write_sample_csv(std::path::Path::new(&dir))?;
    Ok(())
}

//! N sample leads (ids made unique) as one nested Parquet file, for timing
//! `eql score` and `eql report` end to end (docs/cli.md, Speed):
//! `cargo run --release -p eql-cli --example big_parquet -- 1000000 /tmp/leads_1m.parquet`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap_or_else(|| "1000000".into()).parse()?;
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/leads_1m.parquet".into()),
    );
    let base = eql_core::leads_from_json(&std::fs::read_to_string("data/sample/leads.json")?)?
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let leads: Vec<eql_core::Lead> = base
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        // The first copy keeps the sample's ids, so the sample's
        // opportunities and sales acceptance still match (`eql report`).
        .map(|(i, l)| eql_core::Lead {
            id: if i < base.len() {
                l.id.clone()
            } else {
                format!("{}-{i}", l.id)
            },
            ..l.clone()
        })
        .collect();
    let b = eql_arrow::leads_to_batch(&leads, eql_arrow::WriteOptions { dictionary: true })?;
    let t = eql_cli::read::Table {
        schema: b.schema(),
        batches: vec![b],
    };
    eql_cli::write::write(Some(&out), eql_cli::format::Format::Parquet, &t)?;
    Ok(())
}

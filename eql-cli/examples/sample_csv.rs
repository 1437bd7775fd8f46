//! Writes the bundled sample's leads as CRM-style CSV exports (a lead table
//! with dotted column names, and events and touchpoints as long tables keyed
//! by `lead_id`): `cargo run -p eql-cli --example sample_csv -- data/sample`.
//! `tests/cli.rs` checks the committed files are what this writes.

use std::path::PathBuf;

use eql_cli::format::Format;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data/sample".into()),
    );
    let leads = eql_core::leads_from_json(&std::fs::read_to_string(dir.join("leads.json"))?)?
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let out = dir.join("csv");
    std::fs::create_dir_all(&out)?;
    eql_cli::write::lead_tables(&leads, &out, Format::Csv)?;
    Ok(())
}

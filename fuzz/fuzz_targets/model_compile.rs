//! Scoring model (TOML or JSON) → compile → score one fixed lead: any text
//! gives a model or a coded error, and a compiled model scores without a
//! panic (inside and outside its effective window).
#![no_main]

use std::sync::LazyLock;

use eql_core::time::{Instant, parse_instant};
use eql_core::{ErrorCode, Lead, ScoreOptions, ScoringModel};
use libfuzzer_sys::fuzz_target;

static LEAD: LazyLock<Lead> = LazyLock::new(|| {
    Lead::from_json(include_str!("../seeds/lead.json")).expect("the fixed lead reads")
});
static AS_OF: LazyLock<Instant> =
    LazyLock::new(|| parse_instant("2026-11-01T12:00:00Z").expect("a fixed instant"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = match ScoringModel::parse(&text) {
        Ok(m) => m,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    let _ = model.fingerprint();
    let compiled = match model.compile() {
        Ok(c) => c,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    for allow_outside_window in [false, true] {
        let opts = ScoreOptions {
            allow_outside_window,
        };
        match compiled.score(&LEAD, *AS_OF, opts) {
            Ok(q) => {
                let _ = serde_json::to_string(&q).expect("a qualification serialises");
            }
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});

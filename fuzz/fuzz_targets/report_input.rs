//! Report input JSON → `build_report`: any text gives a report or a coded
//! error, never a panic; a report always serialises.
#![no_main]

use eql_core::{ErrorCode, ReportInput, build_report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = match ReportInput::from_json(&text) {
        Ok(i) => i,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    match build_report(&input) {
        Ok(report) => {
            let _ = serde_json::to_string(&report).expect("a report serialises");
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
});

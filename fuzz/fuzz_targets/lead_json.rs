//! Lead JSON reader: any text gives leads or coded errors, never a panic.
//! A lead that reads also writes, and reads back equal.
#![no_main]

use eql_core::{ErrorCode, Lead, leads_from_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match leads_from_json(&text) {
        Ok(items) => {
            for item in items {
                match item {
                    Ok(lead) => round_trip(&lead),
                    Err(e) => assert!(!e.code().is_empty()),
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    match Lead::from_json(&text) {
        Ok(lead) => round_trip(&lead),
        Err(e) => assert!(!e.code().is_empty()),
    }
    // The path taken by bindings: an already-parsed value.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        match Lead::deserialize_from(value) {
            Ok(lead) => round_trip(&lead),
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});

fn round_trip(lead: &Lead) {
    let json = serde_json::to_string(lead).expect("a lead serialises");
    let again = Lead::from_json(&json).expect("a written lead reads back");
    assert_eq!(&again, lead);
}

//! Email → dedup key: any input yields a key or a coded error, never a panic,
//! and a key always round-trips through its string form.
#![no_main]

use eql_core::ErrorCode;
use eql_core::hygiene::DedupKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (email, partner) = match text.split_once('\n') {
        Some((e, p)) => (e, Some(p)),
        None => (text.as_ref(), None),
    };
    match DedupKey::new(email, partner) {
        Ok(key) => {
            let again: DedupKey = key.to_string().parse().expect("a key parses back");
            assert_eq!(again, key);
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    let _ = text.parse::<DedupKey>();
});

//! URL → UTM parameters and channel: never a panic on any input.
#![no_main]

use eql_core::utm::{PartnerRegistry, classify, parse_query, parse_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (url, referrer) = match text.split_once('\n') {
        Some((u, r)) => (u, Some(r)),
        None => (text.as_ref(), None),
    };
    let _ = parse_url(url);
    let _ = parse_query(url);
    let _ = classify(url, referrer, &PartnerRegistry::default());
});

//! Path tables → heuristic and Markov models. Input: an optional first line
//! with the Markov order (default 1), then a JSON array of path rows.
//! Any input gives results or coded errors, never a panic; heuristic
//! channel totals add up exactly to the table's totals, and Markov credits
//! add up to the totals (or are all zero when nothing can be removed).
#![no_main]

use eql_core::attribution::{PathTable, heuristic_models, markov_model};
use eql_core::{Decimal, ErrorCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (order, json) = match text.split_once('\n') {
        Some((head, rest)) if head.len() <= 3 && !head.trim_start().starts_with('[') => {
            (head.trim().parse::<u32>().unwrap_or(1), rest)
        }
        _ => (1, text.as_ref()),
    };
    let table = match PathTable::from_json(json) {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    match heuristic_models(&table) {
        Ok(h) => {
            let sum = |f: fn(&eql_core::attribution::HeuristicChannel) -> Decimal| {
                h.channels.iter().map(f).sum::<Decimal>()
            };
            assert_eq!(sum(|c| c.first_touch_conversions), h.total_conversions);
            assert_eq!(sum(|c| c.last_touch_conversions), h.total_conversions);
            assert_eq!(sum(|c| c.linear_touch_conversions), h.total_conversions);
            assert_eq!(sum(|c| c.first_touch_value), h.total_conversion_value);
            assert_eq!(sum(|c| c.last_touch_value), h.total_conversion_value);
            assert_eq!(sum(|c| c.linear_touch_value), h.total_conversion_value);
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    match markov_model(&table, order) {
        Ok(m) => {
            assert!((0.0..=1.0).contains(&m.conversion_probability));
            for c in &m.channels {
                assert!((0.0..=1.0).contains(&c.removal_effect));
                assert!((0.0..=1.0).contains(&c.removal_effect_value));
            }
            let conv: Decimal = m.channels.iter().map(|c| c.total_conversions).sum();
            let value: Decimal = m.channels.iter().map(|c| c.total_conversion_value).sum();
            assert!(conv == m.total_conversions || conv.is_zero());
            assert!(value == m.total_conversion_value || value.is_zero());
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
});

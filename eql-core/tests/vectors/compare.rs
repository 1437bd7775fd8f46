//! "The result must contain each expected field with an equal value" (SPEC §7).

use serde_json::Value;

/// Keys in `expected` that document a case rather than constrain it.
const COMMENT_KEYS: &[&str] = &["note", "about"];

/// Every difference between `expected` and the matching part of `actual`.
pub fn subset(expected: &Value, actual: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    walk("", expected, actual, &mut diffs);
    diffs
}

fn walk(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                if COMMENT_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => walk(&p, ev, av, diffs),
                    None if ev.is_null() => {}
                    None => diffs.push(format!("{p}: missing, expected {ev}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!("{path}: expected {expected}, got {actual}"));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(&format!("{path}[{i}]"), ev, av, diffs);
            }
        }
        // Numbers compare by value (40 == 40.0); decimal strings as written.
        (Value::Number(e), Value::Number(a)) => {
            if e.as_f64() != a.as_f64() {
                diffs.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => diffs.push(format!("{path}: expected {e}, got {a}")),
    }
}

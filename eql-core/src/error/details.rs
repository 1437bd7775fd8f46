//! The `details` every binding attaches to an error, built in one place so
//! that Python's `EqlError.details` and JS's `error.details` are the same
//! object for the same error.

use serde::Serialize;
use serde_json::{Map, Value};

use super::ErrorCode;

/// An error's structured fields (`{path, key}`, `{rule, op}`,
/// `{lead, source: {...}}`, ...) plus its `message`.
///
/// ```
/// use eql_core::error::{InputError, details};
///
/// let e = InputError::UnknownKey { path: "company".into(), key: "nmae".into() };
/// let d = details(&e);
/// assert_eq!(d["path"], "company");
/// assert_eq!(d["key"], "nmae");
/// assert_eq!(d["message"], e.to_string());
/// ```
pub fn details<E: ErrorCode + std::fmt::Display + Serialize>(e: &E) -> Map<String, Value> {
    let mut map = match serde_json::to_value(e).map(fields) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.insert("message".into(), Value::from(e.to_string()));
    map
}

/// The details of an error a binding raises itself (a bad argument shape,
/// a caught panic): the message and any extra fields.
pub fn binding_details(message: &str, extra: &[(&str, &str)]) -> Map<String, Value> {
    let mut map: Map<String, Value> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
        .collect();
    map.insert("message".into(), Value::from(message));
    map
}

/// The fields of an externally tagged value: `{"Variant": {...}}` (nested
/// for wrapped errors) becomes `{...}`; a unit variant, a bare string, has
/// no fields.
fn fields(value: Value) -> Value {
    match value {
        Value::Object(map)
            if map.len() == 1 && map.keys().all(|k| k.starts_with(char::is_uppercase)) =>
        {
            map.into_iter()
                .next()
                .map_or(Value::Null, |(_, inner)| fields(inner))
        }
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, fields(v))).collect()),
        other => other,
    }
}

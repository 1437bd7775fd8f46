//! Errors as real JS `Error` objects: `name` (`EqlError`), a stable `code`
//! from the core's [`ErrorCode`], `message`, and `details`.

use eql_core::ErrorCode;
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// The result of every export: a thrown value is always an `EqlError`.
pub type JsResult<T> = Result<T, JsValue>;

/// The `name` of every error this package throws.
pub const ERROR_NAME: &str = "EqlError";

/// A JS `Error` with `name`, `code`, `message` and `details` (`{message}`).
pub fn js_error(code: &str, message: &str) -> JsValue {
    error_with(code, message, Map::new())
}

fn error_with(code: &str, message: &str, mut details: Map<String, Value>) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(ERROR_NAME);
    details.insert("message".into(), Value::from(message));
    let details = Value::Object(details)
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| js_sys::Object::new().into());
    set(&err, "code", &JsValue::from_str(code));
    set(&err, "details", &details);
    err.into()
}

/// Any core error: its stable code, its message, and its fields as
/// `details` (`{path, key}`, `{rule, op}`, `{lead, source: {...}}`, ...).
pub fn core_error<E: ErrorCode + std::fmt::Display + Serialize>(e: E) -> JsValue {
    let details = match serde_json::to_value(&e).map(fields) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    error_with(e.code(), &e.to_string(), details)
}

/// The fields of an externally tagged error value: `{"Variant": {...}}`
/// (nested for wrapped errors) becomes `{...}`. A unit variant is a bare
/// string, which has no fields.
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

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A panic is a bug, but it must not leave the module unusable: the hook
/// schedules a fresh instance for the next call (wasm-bindgen's reinit),
/// then throws an `EqlError` with code `internal.panic` instead of letting
/// the instance trap. Handles created before the panic belong to the old
/// instance and cannot be used afterwards.
///
/// `catch_unwind` cannot help here: `wasm32-unknown-unknown` on stable Rust
/// builds with `panic = "abort"`.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        wasm_bindgen::handler::schedule_reinit();
        let message = format!("internal error (a bug in eql; please report it): {info}");
        wasm_bindgen::throw_val(js_error("internal.panic", &message));
    }));
}

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
    error_with(
        code,
        message,
        eql_core::error::binding_details(message, &[]),
    )
}

fn error_with(code: &str, message: &str, details: Map<String, Value>) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(ERROR_NAME);
    let details = Value::Object(details)
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| js_sys::Object::new().into());
    set(&err, "code", &JsValue::from_str(code));
    set(&err, "details", &details);
    err.into()
}

/// Any core error: its stable code, its message, and the core's `details`
/// (its fields and message, as Python's `EqlError.details`).
pub fn core_error<E: ErrorCode + std::fmt::Display + Serialize>(e: E) -> JsValue {
    error_with(e.code(), &e.to_string(), eql_core::error::details(&e))
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
        let details = eql_core::error::binding_details(&message, &[("panic", &info.to_string())]);
        wasm_bindgen::throw_val(error_with("internal.panic", &message, details));
    }));
}

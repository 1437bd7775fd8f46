//! JS values ↔ canonical JSON.
//!
//! Inputs go through `serde_json::Value` so that the core's own parsers
//! (with their path-bearing errors and size limits) do the checking, exactly
//! as they do for Rust and Python callers.

use eql_core::InputError;
use eql_core::error::input_from_value;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, core_error};

/// A JS value as JSON. Values JSON cannot hold (functions, symbols, BigInt)
/// are `input.invalid`; `undefined` is `null`.
pub fn json(value: JsValue, what: &str) -> JsResult<Value> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        core_error(InputError::Invalid {
            path: what.to_owned(),
            message: e.to_string(),
        })
    })
}

/// A JS value as a canonical config type; `undefined`/`null` give its default.
pub fn config<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    input_from_value(json(value, what)?).map_err(core_error)
}

/// A JS value as a canonical input type.
pub fn input<T: DeserializeOwned>(value: JsValue, what: &str) -> JsResult<T> {
    input_from_value(json(value, what)?).map_err(core_error)
}

/// A string argument.
pub fn string(value: &JsValue, what: &str) -> JsResult<String> {
    value.as_string().ok_or_else(|| {
        core_error(InputError::Invalid {
            path: what.to_owned(),
            message: "expected a string".to_owned(),
        })
    })
}

/// An optional string argument (`undefined`/`null` = none).
pub fn opt_string(value: &JsValue, what: &str) -> JsResult<Option<String>> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, what).map(Some)
    }
}

/// An RFC 3339 instant argument.
pub fn instant(value: &JsValue, what: &str) -> JsResult<eql_core::time::Instant> {
    eql_core::time::parse_instant(&string(value, what)?).map_err(|message| {
        core_error(InputError::InvalidTimestamp {
            path: what.to_owned(),
            message,
        })
    })
}

/// A result as a plain JS object (maps as objects, 64-bit integers as numbers).
pub fn out<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| crate::error::js_error("internal.serialize", &e.to_string()))
}

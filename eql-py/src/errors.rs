//! Core errors → `eql.EqlError` subclasses, and the panic guard.
//!
//! The exception classes live in Python (`eql/errors.py`) so users can
//! subclass, pickle and document them; this side only passes the stable
//! code, the message and the error's serialised fields (`details`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use eql_core::ErrorCode;
use pyo3::prelude::*;

/// Build the Python exception for a core error.
pub fn to_py<E: ErrorCode + std::fmt::Display + serde::Serialize>(e: &E) -> PyErr {
    let details = serde_json::Value::Object(eql_core::error::details(e)).to_string();
    raise(e.code(), &e.to_string(), &details)
}

/// Build `eql.errors.<family>(message, code, details)`.
pub fn raise(code: &str, message: &str, details_json: &str) -> PyErr {
    Python::attach(|py| {
        let made = py
            .import("eql.errors")
            .and_then(|m| m.getattr("_from_native"))
            .and_then(|f| f.call1((code, message, details_json)));
        match made {
            Ok(exc) => PyErr::from_value(exc),
            // The package is not importable (a bare `_eql` build): still a ValueError.
            Err(_) => pyo3::exceptions::PyValueError::new_err(format!("[{code}] {message}")),
        }
    })
}

/// An `input.invalid` error raised by the binding itself (bad argument shape).
pub fn input(message: &str) -> PyErr {
    let details = serde_json::Value::Object(eql_core::error::binding_details(message, &[]));
    raise("input.invalid", message, &details.to_string())
}

/// A result the binding could not convert (`internal.serialize`, as in JS).
pub fn serialize(message: &str) -> PyErr {
    let details = serde_json::Value::Object(eql_core::error::binding_details(message, &[]));
    raise("internal.serialize", message, &details.to_string())
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| String::from("unknown panic"))
}

/// The error a caught panic becomes: `eql.errors.InternalError`, never
/// pyo3's `PanicException` (a `BaseException` that `except Exception` misses).
pub fn internal(message: &str) -> PyErr {
    let shown = format!("internal error (please report): {message}");
    let details = eql_core::error::binding_details(&shown, &[("panic", message)]);
    raise(
        "internal.panic",
        &shown,
        &serde_json::Value::Object(details).to_string(),
    )
}

/// Run `f`, turning a panic into `InternalError`.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(internal(&panic_message(payload.as_ref()))),
    }
}

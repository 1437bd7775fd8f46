//! WebAssembly bindings of `eql-core` (see `docs/wasm.md`).
//!
//! Thin by design: every export converts canonical JSON objects in (through
//! `serde_json::Value`, so inputs get the same path-bearing errors as in
//! Rust), calls the core, and converts the result out with
//! serde-wasm-bindgen in json-compatible mode. No rule lives here.
//!
//! - `error.rs`: core errors → JS `Error` objects with `name`, `code`, `details`
//! - `convert.rs`: JS values ↔ canonical JSON
//! - `qualify.rs`, `attribution.rs`, `paths.rs`, `hygiene.rs`, `utm.rs`,
//!   `report.rs`, `routing.rs`: one file per concern

mod attribution;
mod convert;
mod error;
mod hygiene;
mod paths;
mod qualify;
mod report;
mod routing;
mod utm;

use wasm_bindgen::prelude::*;

pub use error::JsResult;

/// Installs the panic hook once, when the module is instantiated (and again
/// on a fresh instance after a panic). Exported by wasm-bindgen; not API.
#[wasm_bindgen(start)]
fn __eql_start() {
    error::install_panic_hook();
}

/// The library version (lockstep with the crate and the npm package).
#[wasm_bindgen]
pub fn version() -> String {
    eql_core::VERSION.to_owned()
}

/// Panics on purpose, so the tests can check that the module stays usable
/// after a panic. Not part of the public API.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__testPanic", skip_typescript)]
#[allow(clippy::panic)]
pub fn test_panic() {
    panic!("deliberate panic for the recovery test");
}

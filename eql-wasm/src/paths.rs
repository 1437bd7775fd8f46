//! Data-driven attribution over path tables (SPEC §3): heuristic totals and
//! the exact Markov chain model.

use eql_core::InputError;
use eql_core::attribution::{PathTable, heuristic_models, markov_model};
use wasm_bindgen::prelude::*;

use crate::convert::{json, out};
use crate::error::{JsResult, core_error};

/// First, last and linear totals per channel of a path table (rows
/// `{path, total_conversions, total_conversion_value?, total_null}`, `path`
/// as `"a > b"` or `["a", "b"]`); each model's totals add up exactly to the
/// table's.
#[wasm_bindgen(js_name = "heuristicModels")]
pub fn heuristic_models_js(path_table: JsValue) -> JsResult<JsValue> {
    let table = table(path_table)?;
    out(&heuristic_models(&table).map_err(core_error)?)
}

/// The Markov chain model of order `order` (1–4, default 1) of a path
/// table: removal effects per channel and conversions and value credited
/// in proportion, adding up exactly to the table's totals.
#[wasm_bindgen(js_name = "markovModel")]
pub fn markov_model_js(path_table: JsValue, order: JsValue) -> JsResult<JsValue> {
    let order = order_arg(&order)?;
    let table = table(path_table)?;
    out(&markov_model(&table, order).map_err(core_error)?)
}

fn table(value: JsValue) -> JsResult<PathTable> {
    PathTable::from_json(&json(value, "pathTable")?.to_string()).map_err(core_error)
}

/// `undefined`/`null` = 1; otherwise a non-negative integer (the core
/// checks the range and gives `attribution.invalid_order`).
fn order_arg(value: &JsValue) -> JsResult<u32> {
    if value.is_undefined() || value.is_null() {
        return Ok(1);
    }
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
        .map(|n| n as u32)
        .ok_or_else(|| {
            core_error(InputError::Invalid {
                path: "order".to_owned(),
                message: "expected a non-negative integer".to_owned(),
            })
        })
}

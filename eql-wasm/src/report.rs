//! The partner ROI report (SPEC §6).

use eql_core::report::{ReportInput, build_report};
use wasm_bindgen::prelude::*;

use crate::convert::{json, out};
use crate::error::{JsResult, core_error};

/// The partner ROI report of one input (qualified leads, opportunities,
/// costs, traffic): rows per partner, asset and quarter, the baseline,
/// the quarterly ranking and weekly trend rows.
#[wasm_bindgen(js_name = "buildReport")]
pub fn build_report_js(input: JsValue) -> JsResult<JsValue> {
    let input = ReportInput::from_json(&json(input, "input")?.to_string()).map_err(core_error)?;
    out(&build_report(&input).map_err(core_error)?)
}

//! Attribution of one journey with a position model (SPEC §3).

use eql_core::attribution::{AttributionModel, AttributionOptions, Attributor};
use wasm_bindgen::prelude::*;

use crate::convert::{config, json, out};
use crate::error::{JsResult, core_error};

/// Attribute one journey (`{touchpoints, conversion}`) with a model such as
/// `{type: "partner_influence"}`; `options` is `{lookback_days?, max_touches?}`.
/// Shares and credits are decimal strings that sum exactly to 1 and to the
/// amount.
#[wasm_bindgen]
pub fn attribute(journey: JsValue, model: JsValue, options: JsValue) -> JsResult<JsValue> {
    let model =
        AttributionModel::from_json(&json(model, "model")?.to_string()).map_err(core_error)?;
    let options: AttributionOptions = config(options, "options")?;
    let attributor = Attributor::new(&model, options).map_err(core_error)?;
    let journey = json(journey, "journey")?.to_string();
    out(&attributor.attribute_json(&journey).map_err(core_error)?)
}

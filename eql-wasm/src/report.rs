//! The partner ROI report (SPEC §6), and the core's mapping from scored
//! leads to the report's leads.

use eql_core::Lead;
use eql_core::report::{ReportInput, build_report, lead_touches, sql_dates_from_json};
use wasm_bindgen::prelude::*;

use crate::convert::{instant, json, out};
use crate::error::{JsResult, core_error};
use crate::qualify::CompiledModel;

/// The partner ROI report of one input (qualified leads, opportunities,
/// costs, traffic): rows per partner, asset and quarter, the baseline,
/// the quarterly ranking and weekly trend rows.
#[wasm_bindgen(js_name = "buildReport")]
pub fn build_report_js(input: JsValue) -> JsResult<JsValue> {
    let input = ReportInput::from_json(&json(input, "input")?.to_string()).map_err(core_error)?;
    out(&build_report(&input).map_err(core_error)?)
}

/// A lead's touchpoints as attribution touches, in order; a touchpoint
/// without a channel gets the one its URL and referrer classify to.
#[wasm_bindgen(js_name = "leadTouches")]
pub fn lead_touches_js(lead: JsValue, registry: JsValue) -> JsResult<JsValue> {
    let registry = crate::utm::registry(registry)?;
    let lead = Lead::from_value(json(lead, "lead")?).map_err(core_error)?;
    out(&lead_touches(&lead, &registry))
}

#[wasm_bindgen(js_class = "CompiledModel")]
impl CompiledModel {
    /// Every lead scored and mapped to the report's leads, in order (the
    /// `leads` of `buildReport`'s input); `sqlAt` maps lead ids to when
    /// sales accepted them. The first lead that cannot be read, scored or
    /// placed is the error.
    #[wasm_bindgen(js_name = "reportLeads")]
    pub fn report_leads(
        &self,
        leads: JsValue,
        as_of: JsValue,
        sql_at: JsValue,
    ) -> JsResult<JsValue> {
        let as_of = instant(&as_of, "as_of")?;
        let sql = if sql_at.is_undefined() || sql_at.is_null() {
            Default::default()
        } else {
            sql_dates_from_json(&json(sql_at, "sql_at")?.to_string()).map_err(core_error)?
        };
        let leads = eql_core::leads_from_json(&json(leads, "leads")?.to_string())
            .map_err(core_error)?
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(core_error)?;
        out(&self
            .0
            .report_leads(&leads, as_of, &sql)
            .map_err(core_error)?)
    }
}

//! Hygiene (SPEC §4): dedup keys, merge, validation, staleness.

use eql_core::hygiene::{self, StaleConfig, ValidationConfig};
use eql_core::{DedupKey, Lead};
use wasm_bindgen::prelude::*;

use crate::convert::{config, input, instant, json, opt_string, out, string};
use crate::error::{JsResult, core_error};

fn leads(value: JsValue) -> JsResult<Vec<Lead>> {
    let values: Vec<serde_json::Value> = input(value, "leads")?;
    values
        .into_iter()
        .map(|v| Lead::from_value(v).map_err(core_error))
        .collect()
}

/// The dedup key of an email and optional partner id, e.g. `acme.co.uk|P-7`.
#[wasm_bindgen(js_name = "dedupKey")]
pub fn dedup_key(email: JsValue, partner_id: JsValue) -> JsResult<String> {
    let email = string(&email, "email")?;
    let partner = opt_string(&partner_id, "partner_id")?;
    DedupKey::new(&email, partner.as_deref())
        .map(|k| k.to_string())
        .map_err(core_error)
}

/// The dedup key of a lead (its `email` and `partner.id`).
#[wasm_bindgen(js_name = "leadKey")]
pub fn lead_key(lead: JsValue) -> JsResult<String> {
    let lead = Lead::from_value(json(lead, "lead")?).map_err(core_error)?;
    hygiene::lead_key(&lead)
        .map(|k| k.to_string())
        .map_err(core_error)
}

/// Group leads by dedup key and merge each group (survivor, provenance,
/// conflicts, lineage).
#[wasm_bindgen(js_name = "mergeLeads")]
pub fn merge_leads(leads_value: JsValue) -> JsResult<JsValue> {
    out(&hygiene::merge(&leads(leads_value)?).map_err(core_error)?)
}

/// Every violation of `config` (default: the partner fields) in one lead.
#[wasm_bindgen(js_name = "validateLead")]
pub fn validate_lead(lead: JsValue, config_value: JsValue) -> JsResult<JsValue> {
    let config: ValidationConfig = config(config_value, "config")?;
    let lead = Lead::from_value(json(lead, "lead")?).map_err(core_error)?;
    out(&hygiene::validate(&lead, &config).map_err(core_error)?)
}

/// Leads untouched for more than `max_age_days` (default 30) before `asOf`.
#[wasm_bindgen(js_name = "staleCandidates")]
pub fn stale_candidates(
    leads_value: JsValue,
    as_of: JsValue,
    config_value: JsValue,
) -> JsResult<JsValue> {
    let config: StaleConfig = config(config_value, "config")?;
    let as_of = instant(&as_of, "as_of")?;
    out(&hygiene::stale_candidates(
        &leads(leads_value)?,
        as_of,
        config,
    ))
}

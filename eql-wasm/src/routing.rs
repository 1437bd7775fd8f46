//! Routing and SLA clocks (SPEC §5).

use eql_core::routing::{
    self, LeadFacts, RoutingConfig, RoutingState, SlaPolicy, milestone_events_from_json,
};
use wasm_bindgen::prelude::*;

use crate::convert::{input, instant, json, out};
use crate::error::{JsResult, core_error};

fn config(value: JsValue) -> JsResult<RoutingConfig> {
    RoutingConfig::from_json(&json(value, "config")?.to_string()).map_err(core_error)
}

/// `undefined`/`null` is the empty state (a fresh rotation).
fn state(value: JsValue) -> JsResult<RoutingState> {
    if value.is_undefined() || value.is_null() {
        return Ok(RoutingState::default());
    }
    RoutingState::from_json(&json(value, "state")?.to_string()).map_err(core_error)
}

/// `undefined`/`null` is the default policy (120 wall-clock minutes).
fn policy(value: JsValue) -> JsResult<SlaPolicy> {
    if value.is_undefined() || value.is_null() {
        return Ok(SlaPolicy::default());
    }
    SlaPolicy::from_json(&json(value, "policy")?.to_string()).map_err(core_error)
}

/// Route one lead: `{assignment, state}`, where `state` is the rotation to
/// store and pass to the next call. The state comes last, optional, as in
/// Python's `route(config, lead, state=None)`.
#[wasm_bindgen(js_name = "routeLead")]
pub fn route_lead(config_value: JsValue, lead: JsValue, state_value: JsValue) -> JsResult<JsValue> {
    let config = config(config_value)?;
    let state = state(state_value)?;
    let lead: LeadFacts = input(lead, "lead")?;
    let (assignment, state) = routing::route(&config, &state, &lead).map_err(core_error)?;
    out(&serde_json::json!({ "assignment": assignment, "state": state }))
}

/// Route many leads in order: `{results, state}`, one assignment (or
/// `{error: {code, message}}`) per lead, in the same positions.
#[wasm_bindgen(js_name = "routeBatch")]
pub fn route_batch(
    config_value: JsValue,
    leads: JsValue,
    state_value: JsValue,
) -> JsResult<JsValue> {
    let config = config(config_value)?;
    let state = state(state_value)?;
    let leads: Vec<LeadFacts> = input(leads, "leads")?;
    let (results, state) = routing::route_batch(&config, &state, &leads).map_err(core_error)?;
    let results: Vec<serde_json::Value> = results
        .into_iter()
        .map(|r| match r {
            Ok(a) => serde_json::to_value(a).unwrap_or_else(|e| {
                serde_json::json!({ "error": { "code": "internal.serialize", "message": e.to_string() } })
            }),
            Err(e) => serde_json::json!({ "error": { "code": eql_core::ErrorCode::code(&e), "message": e.to_string() } }),
        })
        .collect();
    out(&serde_json::json!({ "results": results, "state": state }))
}

/// The SLA deadline (RFC 3339) of a lead that arrived at `startedAt`.
#[wasm_bindgen(js_name = "slaDeadline")]
pub fn sla_deadline(policy_value: JsValue, started_at: JsValue) -> JsResult<String> {
    let policy = policy(policy_value)?;
    let started_at = instant(&started_at, "started_at")?;
    routing::sla_deadline(&policy, started_at)
        .map(|t| eql_core::time::format_instant(&t))
        .map_err(core_error)
}

/// The SLA clock at `asOf`: deadline, elapsed share and status.
#[wasm_bindgen(js_name = "slaStatus")]
pub fn sla_status(policy_value: JsValue, started_at: JsValue, as_of: JsValue) -> JsResult<JsValue> {
    let policy = policy(policy_value)?;
    let started_at = instant(&started_at, "started_at")?;
    let as_of = instant(&as_of, "as_of")?;
    out(&routing::sla_status(&policy, started_at, as_of).map_err(core_error)?)
}

/// Partner status-update records for a lead's milestones.
#[wasm_bindgen(js_name = "partnerStatusUpdates")]
pub fn partner_status_updates(events: JsValue) -> JsResult<JsValue> {
    let events =
        milestone_events_from_json(&json(events, "events")?.to_string()).map_err(core_error)?;
    out(&routing::partner_status_updates(&events).map_err(core_error)?)
}

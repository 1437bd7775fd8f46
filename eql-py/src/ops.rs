//! JSON-in, JSON-out bindings of the partner ROI report, routing and SLA
//! clocks, and the path-table models (heuristics, exact Markov). Like
//! `api.rs`: parse, call the core, serialise — no rule lives here.

use eql_core::attribution::{PathTable, heuristic_models, markov_model};
use eql_core::report::{ReportInput, build_report};
use eql_core::routing::{
    LeadFacts, RoutingConfig, RoutingState, SlaPolicy, milestone_events_from_json,
    partner_status_updates, route, route_batch, sla_deadline, sla_status,
};
use eql_core::time::format_instant;
use pyo3::prelude::*;
use serde_json::{Value, json};

use crate::api::{dump, instant};
use crate::errors::{guard, input, to_py};

/// The partner ROI report of a `ReportInput`.
#[pyfunction]
pub fn build_report_json(input_json: &str) -> PyResult<String> {
    guard(|| {
        let input = ReportInput::from_json(input_json).map_err(|e| to_py(&e))?;
        dump(&build_report(&input).map_err(|e| to_py(&e))?)
    })
}

fn state(text: Option<&str>) -> PyResult<RoutingState> {
    match text {
        Some(t) => RoutingState::from_json(t).map_err(|e| to_py(&e)),
        None => Ok(RoutingState::default()),
    }
}

fn lead_facts(text: &str) -> PyResult<LeadFacts> {
    serde_json::from_str(text).map_err(|e| input(&format!("lead: {e}")))
}

/// Route one lead: `{"assignment": ..., "state": ...}`.
#[pyfunction]
#[pyo3(signature = (config_json, lead_json, state_json = None))]
pub fn route_json(
    config_json: &str,
    lead_json: &str,
    state_json: Option<&str>,
) -> PyResult<String> {
    guard(|| {
        let config = RoutingConfig::from_json(config_json).map_err(|e| to_py(&e))?;
        let (assignment, next) =
            route(&config, &state(state_json)?, &lead_facts(lead_json)?).map_err(|e| to_py(&e))?;
        dump(&json!({"assignment": assignment, "state": next}))
    })
}

/// Route many leads in order: `{"results": [assignment | {"error": ...}], "state": ...}`.
#[pyfunction]
#[pyo3(signature = (config_json, leads_json, state_json = None))]
pub fn route_batch_json(
    config_json: &str,
    leads_json: &str,
    state_json: Option<&str>,
) -> PyResult<String> {
    guard(|| {
        let config = RoutingConfig::from_json(config_json).map_err(|e| to_py(&e))?;
        let leads: Vec<LeadFacts> =
            serde_json::from_str(leads_json).map_err(|e| input(&format!("leads: {e}")))?;
        let (results, next) =
            route_batch(&config, &state(state_json)?, &leads).map_err(|e| to_py(&e))?;
        let results: Vec<Value> = results
            .into_iter()
            .map(|r| match r {
                Ok(a) => serde_json::to_value(a).unwrap_or(Value::Null),
                Err(e) => json!({"error": {"code": eql_core::ErrorCode::code(&e), "message": e.to_string()}}),
            })
            .collect();
        dump(&json!({"results": results, "state": next}))
    })
}

/// The SLA deadline (RFC 3339) of a response clock started at `started_at`.
#[pyfunction]
pub fn sla_deadline_json(policy_json: &str, started_at: &str) -> PyResult<String> {
    guard(|| {
        let policy = SlaPolicy::from_json(policy_json).map_err(|e| to_py(&e))?;
        let deadline = sla_deadline(&policy, instant(started_at)?).map_err(|e| to_py(&e))?;
        Ok(format_instant(&deadline))
    })
}

/// The SLA clock at `as_of`: deadline, status, elapsed and window.
#[pyfunction]
pub fn sla_status_json(policy_json: &str, started_at: &str, as_of: &str) -> PyResult<String> {
    guard(|| {
        let policy = SlaPolicy::from_json(policy_json).map_err(|e| to_py(&e))?;
        let clock =
            sla_status(&policy, instant(started_at)?, instant(as_of)?).map_err(|e| to_py(&e))?;
        dump(&clock)
    })
}

/// Partner notification records for a list of lifecycle milestones.
#[pyfunction]
pub fn partner_status_updates_json(events_json: &str) -> PyResult<String> {
    guard(|| {
        let events = milestone_events_from_json(events_json).map_err(|e| to_py(&e))?;
        dump(&partner_status_updates(&events).map_err(|e| to_py(&e))?)
    })
}

/// First / last / linear totals over a ChannelAttribution-style path table.
#[pyfunction]
pub fn heuristic_models_json(table_json: &str) -> PyResult<String> {
    guard(|| {
        let table = PathTable::from_json(table_json).map_err(|e| to_py(&e))?;
        dump(&heuristic_models(&table).map_err(|e| to_py(&e))?)
    })
}

/// The exact Markov model of order 1–4 over a path table.
#[pyfunction]
#[pyo3(signature = (table_json, order = 1))]
pub fn markov_model_json(table_json: &str, order: u32) -> PyResult<String> {
    guard(|| {
        let table = PathTable::from_json(table_json).map_err(|e| to_py(&e))?;
        dump(&markov_model(&table, order).map_err(|e| to_py(&e))?)
    })
}

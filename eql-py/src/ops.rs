//! JSON-in, JSON-out bindings of the partner ROI report, routing and SLA
//! clocks, and the path-table models (heuristics, exact Markov). Like
//! `api.rs`: parse, call the core, serialise — no rule lives here.

use eql_core::attribution::{PathTable, heuristic_models, markov_model};
use eql_core::report::{ReportInput, build_report};
use eql_core::routing::{
    Assignment, LeadFacts, RoutingConfig, RoutingState, SlaPolicy, milestone_events_from_json,
    partner_status_updates, route, route_batch, sla_deadline, sla_status,
};
use eql_core::time::format_instant;
use pyo3::prelude::*;

use crate::api::{dump, instant};
use crate::errors::{guard, input, to_py};

/// The partner ROI report of a `ReportInput`.
#[pyfunction]
#[pyo3(signature = (input_json, typed = false))]
pub fn build_report_json(py: Python<'_>, input_json: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| {
        let input = ReportInput::from_json(input_json).map_err(|e| to_py(&e))?;
        dump(py, typed, &build_report(&input).map_err(|e| to_py(&e))?)
    })
}

/// `route`'s result: the assignment and the next rotation state.
#[derive(serde::Serialize)]
struct Routed {
    assignment: Assignment,
    state: RoutingState,
}

/// One result of `route_batch`: an assignment or the lead's error.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Item {
    Assigned(Assignment),
    Failed { error: Failure },
}

#[derive(serde::Serialize)]
struct Failure {
    code: &'static str,
    message: String,
}

#[derive(serde::Serialize)]
struct RoutedBatch {
    results: Vec<Item>,
    state: RoutingState,
}

fn state(text: Option<&str>) -> PyResult<RoutingState> {
    match text {
        Some(t) => RoutingState::from_json(t).map_err(|e| to_py(&e)),
        None => Ok(RoutingState::default()),
    }
}

/// Routing input read as the npm package reads it (a JSON value, then the
/// core's path-bearing reader), so a typo is `input.unknown_key` with its
/// path in both runtimes.
fn routing_input<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> PyResult<T> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| input(&format!("{what}: {e}")))?;
    eql_core::error::input_from_value(value).map_err(|e| to_py(&e))
}

fn lead_facts(text: &str) -> PyResult<LeadFacts> {
    routing_input(text, "lead")
}

/// Route one lead: `{"assignment": ..., "state": ...}`.
#[pyfunction]
#[pyo3(signature = (config_json, lead_json, state_json = None, typed = false))]
pub fn route_json(
    py: Python<'_>,
    config_json: &str,
    lead_json: &str,
    state_json: Option<&str>,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let config = RoutingConfig::from_json(config_json).map_err(|e| to_py(&e))?;
        let (assignment, next) =
            route(&config, &state(state_json)?, &lead_facts(lead_json)?).map_err(|e| to_py(&e))?;
        dump(
            py,
            typed,
            &Routed {
                assignment,
                state: next,
            },
        )
    })
}

/// Route many leads in order: `{"results": [assignment | {"error": ...}], "state": ...}`.
#[pyfunction]
#[pyo3(signature = (config_json, leads_json, state_json = None, typed = false))]
pub fn route_batch_json(
    py: Python<'_>,
    config_json: &str,
    leads_json: &str,
    state_json: Option<&str>,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let config = RoutingConfig::from_json(config_json).map_err(|e| to_py(&e))?;
        let leads: Vec<LeadFacts> = routing_input(leads_json, "leads")?;
        let (results, next) =
            route_batch(&config, &state(state_json)?, &leads).map_err(|e| to_py(&e))?;
        let results: Vec<Item> = results
            .into_iter()
            .map(|r| match r {
                Ok(a) => Item::Assigned(a),
                Err(e) => Item::Failed {
                    error: Failure {
                        code: eql_core::ErrorCode::code(&e),
                        message: e.to_string(),
                    },
                },
            })
            .collect();
        dump(
            py,
            typed,
            &RoutedBatch {
                results,
                state: next,
            },
        )
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
#[pyo3(signature = (policy_json, started_at, as_of, typed = false))]
pub fn sla_status_json(
    py: Python<'_>,
    policy_json: &str,
    started_at: &str,
    as_of: &str,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let policy = SlaPolicy::from_json(policy_json).map_err(|e| to_py(&e))?;
        let clock =
            sla_status(&policy, instant(started_at)?, instant(as_of)?).map_err(|e| to_py(&e))?;
        dump(py, typed, &clock)
    })
}

/// Partner notification records for a list of lifecycle milestones.
#[pyfunction]
#[pyo3(signature = (events_json, typed = false))]
pub fn partner_status_updates_json(
    py: Python<'_>,
    events_json: &str,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let events = milestone_events_from_json(events_json).map_err(|e| to_py(&e))?;
        dump(
            py,
            typed,
            &partner_status_updates(&events).map_err(|e| to_py(&e))?,
        )
    })
}

/// First / last / linear totals over a ChannelAttribution-style path table.
#[pyfunction]
#[pyo3(signature = (table_json, typed = false))]
pub fn heuristic_models_json(py: Python<'_>, table_json: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| {
        let table = PathTable::from_json(table_json).map_err(|e| to_py(&e))?;
        dump(py, typed, &heuristic_models(&table).map_err(|e| to_py(&e))?)
    })
}

/// The exact Markov model of order 1–4 over a path table.
#[pyfunction]
#[pyo3(signature = (table_json, order = 1, typed = false))]
pub fn markov_model_json(
    py: Python<'_>,
    table_json: &str,
    order: u32,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let table = PathTable::from_json(table_json).map_err(|e| to_py(&e))?;
        dump(
            py,
            typed,
            &markov_model(&table, order).map_err(|e| to_py(&e))?,
        )
    })
}

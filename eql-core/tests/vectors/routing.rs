//! `routing` vectors: each case names its `op`.
//!
//! - `sla`: `policy`? (case, else file, else the default), `started_at`,
//!   `as_of`?; actual `{deadline}` or, with `as_of`, the whole `SlaClock`.
//! - `route`: `config` (case or file), `state`?, `leads` routed in order,
//!   each with the state the previous one returned; actual
//!   `{reps, assignments, state}` (`reps`: chosen rep ids, null = unassigned).
//! - `status_updates`: `events`; actual `{updates}`.
//!
//! Any error gives `{"error": code}`.

use eql_core::ErrorCode;
use eql_core::routing::{
    LeadFacts, RoutingConfig, RoutingState, SlaPolicy, milestone_events_from_json,
    partner_status_updates, route,
};
use eql_core::time::{format_instant, parse_instant};
use serde_json::{Value, json};

use crate::Outcome;

pub fn run(file: &Value) -> Result<Vec<Outcome>, String> {
    let cases = file["cases"]
        .as_array()
        .ok_or("routing file without cases")?;
    let mut out = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let op = case["op"]
            .as_str()
            .ok_or_else(|| format!("case #{i}: no `op`"))?;
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("#{i} {op}"), str::to_owned);
        let result = match op {
            "sla" => sla(file, case),
            "route" => route_all(file, case),
            "status_updates" => status_updates(case),
            other => return Err(format!("case `{name}`: unknown op `{other}`")),
        };
        let actual = match result {
            Ok(v) => v,
            Err(Failure::Code(code)) => json!({"error": code}),
            Err(Failure::Bad(msg)) => return Err(format!("case `{name}`: {msg}")),
        };
        out.push(Outcome {
            name,
            actual,
            expected: case["expected"].clone(),
        });
    }
    Ok(out)
}

/// A coded error from the library, or a malformed vector.
enum Failure {
    Code(&'static str),
    Bad(String),
}

fn coded<E: ErrorCode>(e: E) -> Failure {
    Failure::Code(e.code())
}

fn pick<'a>(file: &'a Value, case: &'a Value, key: &str) -> Option<&'a Value> {
    case.get(key).or_else(|| file.get(key))
}

fn instant(case: &Value, key: &str) -> Result<Option<eql_core::time::Instant>, Failure> {
    match case.get(key) {
        None => Ok(None),
        Some(v) => {
            let text = v
                .as_str()
                .ok_or_else(|| Failure::Bad(format!("`{key}` is not a string")))?;
            parse_instant(text).map(Some).map_err(Failure::Bad)
        }
    }
}

fn sla(file: &Value, case: &Value) -> Result<Value, Failure> {
    let policy = match pick(file, case, "policy") {
        Some(p) => SlaPolicy::from_json(&p.to_string()).map_err(coded)?,
        None => SlaPolicy::default(),
    };
    let compiled = policy.compile().map_err(coded)?;
    let started_at =
        instant(case, "started_at")?.ok_or_else(|| Failure::Bad("no `started_at`".into()))?;
    match instant(case, "as_of")? {
        None => {
            let deadline = compiled.deadline(started_at).map_err(coded)?;
            Ok(json!({"deadline": format_instant(&deadline)}))
        }
        Some(as_of) => {
            let clock = compiled.status(started_at, as_of).map_err(coded)?;
            serde_json::to_value(clock).map_err(|e| Failure::Bad(e.to_string()))
        }
    }
}

fn route_all(file: &Value, case: &Value) -> Result<Value, Failure> {
    let config = pick(file, case, "config").ok_or_else(|| Failure::Bad("no `config`".into()))?;
    let config = RoutingConfig::from_json(&config.to_string()).map_err(coded)?;
    let mut state = match case.get("state") {
        Some(s) => RoutingState::from_json(&s.to_string()).map_err(coded)?,
        None => RoutingState::default(),
    };
    let leads: Vec<LeadFacts> = serde_json::from_value(case["leads"].clone())
        .map_err(|e| Failure::Bad(format!("leads: {e}")))?;
    let (mut reps, mut assignments) = (Vec::new(), Vec::new());
    for lead in &leads {
        let (assignment, next) = route(&config, &state, lead).map_err(coded)?;
        reps.push(assignment.rep_id().map_or(Value::Null, |r| json!(r)));
        assignments
            .push(serde_json::to_value(&assignment).map_err(|e| Failure::Bad(e.to_string()))?);
        state = next;
    }
    let state = serde_json::to_value(&state).map_err(|e| Failure::Bad(e.to_string()))?;
    Ok(json!({"reps": reps, "assignments": assignments, "state": state}))
}

fn status_updates(case: &Value) -> Result<Value, Failure> {
    let events = case
        .get("events")
        .ok_or_else(|| Failure::Bad("no `events`".into()))?;
    let events = milestone_events_from_json(&events.to_string()).map_err(coded)?;
    let updates = partner_status_updates(&events).map_err(coded)?;
    Ok(json!({"updates": updates}))
}

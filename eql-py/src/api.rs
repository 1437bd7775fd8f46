//! The JSON-in, JSON-out functions behind `eql`'s Python API.
//!
//! Every argument is canonical JSON text (SPEC §1) and every result is the
//! core's serde output: no rule lives here, only parsing, calling the core
//! and serialising. `eql/__init__.py` turns dicts, `Decimal` and aware
//! `datetime` into this JSON and back.

use eql_core::attribution::{self, Aggregate, AttributionModel, AttributionOptions, Dimension};
use eql_core::hygiene::{self, StaleConfig, ValidationConfig};
use eql_core::time::{Instant, parse_instant};
use eql_core::utm::{self, ChannelRules, PartnerRegistry};
use eql_core::{
    Attribution, Attributor, DedupKey, InputError, Journey, Lead, ScoreOptions, ScoringModel,
};
use pyo3::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::{guard, to_py};

/// A core result: its canonical JSON text, or (`typed`) Python objects
/// with `Decimal` money, aware `datetime` and `date` by type.
pub fn dump<T: Serialize>(py: Python<'_>, typed: bool, value: &T) -> PyResult<Py<PyAny>> {
    if typed {
        return Ok(crate::pyout::to_python(py, value)?.unbind());
    }
    let text =
        serde_json::to_string(value).map_err(|e| crate::errors::serialize(&e.to_string()))?;
    Ok(pyo3::types::PyString::new(py, &text).into_any().unbind())
}

/// Parse an instant argument (`as_of`) as RFC 3339.
pub fn instant(text: &str) -> PyResult<Instant> {
    parse_instant(text).map_err(|message| {
        to_py(&InputError::InvalidTimestamp {
            path: String::from("as_of"),
            message,
        })
    })
}

/// Parse JSON into a core config type, naming the argument on failure.
fn parse<T: DeserializeOwned>(what: &str, text: &str) -> PyResult<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        to_py(&InputError::Invalid {
            path: format!("{what}{}", if path == "." { "" } else { &path }),
            message: e.into_inner().to_string(),
        })
    })
}

/// A JSON array of leads; the first bad record is the error (path `[i]...`).
fn leads(text: &str) -> PyResult<Vec<Lead>> {
    eql_core::leads_from_json(text)
        .map_err(|e| to_py(&e))?
        .into_iter()
        .map(|r| r.map_err(|e| to_py(&e)))
        .collect()
}

/// Parse a scoring model (JSON or TOML) into its canonical JSON.
#[pyfunction]
#[pyo3(signature = (model, typed = false))]
pub fn model_json(py: Python<'_>, model: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| {
        dump(
            py,
            typed,
            &ScoringModel::parse(model).map_err(|e| to_py(&e))?,
        )
    })
}

/// The built-in 40/60/70 preset as JSON.
#[pyfunction]
#[pyo3(signature = (typed = false))]
pub fn default_model_json(py: Python<'_>, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| dump(py, typed, &eql_core::presets::eql_default()))
}

/// Score one lead with a model (JSON or TOML); the explained result.
#[pyfunction]
#[pyo3(signature = (model, lead, as_of, allow_outside_window = false, typed = false))]
pub fn qualify_json(
    py: Python<'_>,
    model: &str,
    lead: &str,
    as_of: &str,
    allow_outside_window: bool,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let model = ScoringModel::parse(model).map_err(|e| to_py(&e))?;
        let lead = Lead::from_json(lead).map_err(|e| to_py(&e))?;
        let opts = ScoreOptions {
            allow_outside_window,
        };
        let q = eql_core::qualify(&model, &lead, instant(as_of)?, opts).map_err(|e| to_py(&e))?;
        dump(py, typed, &q)
    })
}

/// A validated attributor from a model config and options (JSON).
pub fn attributor(model: &str, options: &str) -> PyResult<Attributor> {
    let model = AttributionModel::from_json(model).map_err(|e| to_py(&e))?;
    let options: AttributionOptions = parse("options", options)?;
    Attributor::new(&model, options).map_err(|e| to_py(&e))
}

/// Attribute one journey: `model` is an attribution model config
/// (`{"type": "partner_influence"}`), `options` the `AttributionOptions`.
#[pyfunction]
#[pyo3(signature = (model, journey, options, typed = false))]
pub fn attribute_json(
    py: Python<'_>,
    model: &str,
    journey: &str,
    options: &str,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let attributor = attributor(model, options)?;
        dump(
            py,
            typed,
            &attributor.attribute_json(journey).map_err(|e| to_py(&e))?,
        )
    })
}

/// Sum `[[journey, attribution], ...]` by a dimension (`channel`, `partner`...).
#[pyfunction]
#[pyo3(signature = (items, by, typed = false))]
pub fn aggregate_json(py: Python<'_>, items: &str, by: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| {
        let items: Vec<(Journey, Attribution)> = parse("items", items)?;
        let by: Dimension = parse("by", &serde_json::Value::from(by).to_string())?;
        let agg: Aggregate =
            attribution::aggregate(items.iter().map(|(j, a)| (j, a)), by).map_err(|e| to_py(&e))?;
        dump(py, typed, &agg)
    })
}

/// The dedup key string (`acme.co.uk|P-7`) of an email and partner id.
#[pyfunction]
#[pyo3(signature = (email, partner_id = None))]
pub fn dedup_key(email: &str, partner_id: Option<&str>) -> PyResult<String> {
    guard(|| {
        DedupKey::new(email, partner_id)
            .map(|k| k.to_string())
            .map_err(|e| to_py(&e))
    })
}

/// The dedup key string of a lead (its email and `partner.id`).
#[pyfunction]
pub fn lead_key_json(lead: &str) -> PyResult<String> {
    guard(|| {
        let lead = Lead::from_json(lead).map_err(|e| to_py(&e))?;
        hygiene::lead_key(&lead)
            .map(|k| k.to_string())
            .map_err(|e| to_py(&e))
    })
}

/// Merge a JSON array of leads by dedup key: the `MergeReport`.
#[pyfunction]
#[pyo3(signature = (leads_json, typed = false))]
pub fn merge_json(py: Python<'_>, leads_json: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| {
        dump(
            py,
            typed,
            &hygiene::merge(&leads(leads_json)?).map_err(|e| to_py(&e))?,
        )
    })
}

/// Validate each lead: one list of violations per lead, same positions.
#[pyfunction]
#[pyo3(signature = (leads_json, config, typed = false))]
pub fn validate_json(
    py: Python<'_>,
    leads_json: &str,
    config: &str,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let config: ValidationConfig = parse("config", config)?;
        dump(
            py,
            typed,
            &hygiene::validate_all(&leads(leads_json)?, &config).map_err(|e| to_py(&e))?,
        )
    })
}

/// Stale records among the leads at `as_of`.
#[pyfunction]
#[pyo3(signature = (leads_json, as_of, config, typed = false))]
pub fn stale_json(
    py: Python<'_>,
    leads_json: &str,
    as_of: &str,
    config: &str,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let config: StaleConfig = parse("config", config)?;
        let as_of = instant(as_of)?;
        dump(
            py,
            typed,
            &hygiene::stale_candidates(&leads(leads_json)?, as_of, config),
        )
    })
}

/// UTM parameters and click ids of a URL.
#[pyfunction]
#[pyo3(signature = (url, typed = false))]
pub fn parse_url_json(py: Python<'_>, url: &str, typed: bool) -> PyResult<Py<PyAny>> {
    guard(|| dump(py, typed, &utm::parse_url(url).map_err(|e| to_py(&e))?))
}

fn registry(text: Option<&str>) -> PyResult<PartnerRegistry> {
    match text {
        Some(t) => PartnerRegistry::from_json(t).map_err(|e| to_py(&e)),
        None => Ok(PartnerRegistry::default()),
    }
}

/// Classify a landing URL (and referrer) into a channel.
#[pyfunction]
#[pyo3(signature = (url, referrer = None, registry_json = None, rules_json = None, typed = false))]
pub fn classify_json(
    py: Python<'_>,
    url: &str,
    referrer: Option<&str>,
    registry_json: Option<&str>,
    rules_json: Option<&str>,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let registry = registry(registry_json)?;
        let rules = match rules_json {
            Some(t) => ChannelRules::from_json(t).map_err(|e| to_py(&e))?,
            None => ChannelRules::default(),
        };
        let c = utm::classify_with(url, referrer, &registry, &rules).map_err(|e| to_py(&e))?;
        dump(py, typed, &c)
    })
}

/// A lead's touchpoints as attribution touches, channels classified.
#[pyfunction]
#[pyo3(signature = (lead, registry_json = None, typed = false))]
pub fn lead_touches_json(
    py: Python<'_>,
    lead: &str,
    registry_json: Option<&str>,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let registry = registry(registry_json)?;
        let lead = Lead::from_json(lead).map_err(|e| to_py(&e))?;
        dump(py, typed, &eql_core::report::lead_touches(&lead, &registry))
    })
}

/// Check a partner link against a registry: every finding.
#[pyfunction]
#[pyo3(signature = (registry_json, url, expected_partner = None, typed = false))]
pub fn check_link_json(
    py: Python<'_>,
    registry_json: &str,
    url: &str,
    expected_partner: Option<&str>,
    typed: bool,
) -> PyResult<Py<PyAny>> {
    guard(|| {
        let registry = registry(Some(registry_json))?;
        dump(
            py,
            typed,
            &registry
                .check_link(url, expected_partner)
                .map_err(|e| to_py(&e))?,
        )
    })
}

/// Raise a Rust panic inside the guard: the tests check that Python sees
/// `eql.InternalError`, never `PanicException`.
#[pyfunction]
#[allow(clippy::panic)]
pub fn _panic_for_tests() -> PyResult<()> {
    guard(|| panic!("deliberate panic for the tests"))
}

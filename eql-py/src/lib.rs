//! `eql._eql`: the native half of the `eql` Python package.
//!
//! Thin by design (STYLE practice 2): canonical JSON crosses the boundary,
//! the core does the work, errors keep their stable codes. The typed Python
//! API (dicts, `Decimal`, aware `datetime`) is `python/eql/__init__.py`.

mod api;
mod arrow_de;
mod attribution_table;
mod errors;
mod ops;
mod project;
mod table;

use eql_core::{Lead, ScoreOptions, ScoringModel};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

use crate::api::{dump, instant};
use crate::errors::{guard, to_py};

/// A validated scoring model, compiled once to score many leads.
#[pyclass(frozen, module = "eql._eql")]
pub struct CompiledModel {
    inner: eql_core::CompiledModel,
}

#[pymethods]
impl CompiledModel {
    /// Parse (JSON or TOML) and validate a scoring model.
    #[new]
    fn new(model: &str) -> PyResult<Self> {
        guard(|| {
            let parsed = ScoringModel::parse(model).map_err(|e| to_py(&e))?;
            let inner = parsed.compile().map_err(|e| to_py(&e))?;
            Ok(CompiledModel { inner })
        })
    }

    /// The model id.
    #[getter]
    fn id(&self) -> String {
        self.inner.model().id.clone()
    }

    /// The model version.
    #[getter]
    fn version(&self) -> String {
        self.inner.model().version.clone()
    }

    /// Stable hash of the model's canonical form.
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_owned()
    }

    /// The lead fields scoring reads, as sorted dotted paths.
    fn reads(&self) -> Vec<String> {
        self.inner.reads()
    }

    /// The normalised model as canonical JSON.
    fn model_json(&self) -> PyResult<String> {
        guard(|| dump(self.inner.model()))
    }

    /// Score and explain one lead (canonical JSON) at `as_of` (RFC 3339).
    #[pyo3(signature = (lead, as_of, allow_outside_window = false))]
    fn score_json(&self, lead: &str, as_of: &str, allow_outside_window: bool) -> PyResult<String> {
        guard(|| {
            let lead = Lead::from_json(lead).map_err(|e| to_py(&e))?;
            let opts = ScoreOptions {
                allow_outside_window,
            };
            let q = self
                .inner
                .score(&lead, instant(as_of)?, opts)
                .map_err(|e| to_py(&e))?;
            dump(&q)
        })
    }

    /// Score every row of a table of leads (anything with `__arrow_c_stream__`
    /// or `__arrow_c_array__`): a table of results, same length and order.
    #[pyo3(signature = (table, as_of, allow_outside_window = false, explain = false, allow_float = false))]
    fn score_table(
        &self,
        py: Python<'_>,
        table: AnyRecordBatch,
        as_of: &str,
        allow_outside_window: bool,
        explain: bool,
        allow_float: bool,
    ) -> PyResult<PyTable> {
        guard(|| {
            let run = table::Run {
                as_of: instant(as_of)?,
                opts: ScoreOptions {
                    allow_outside_window,
                },
                explain,
                read: arrow_de::Options { allow_float },
            };
            table::score_table(py, &self.inner, table, run)
        })
    }

    fn __repr__(&self) -> String {
        let m = self.inner.model();
        format!("CompiledModel(id={:?}, version={:?})", m.id, m.version)
    }
}

/// Scoring models by id and effective window: the version in force at an
/// instant, so history is rescored with the rules that applied then.
#[pyclass(frozen, module = "eql._eql")]
pub struct ModelRegistry {
    inner: eql_core::ModelRegistry,
}

#[pymethods]
impl ModelRegistry {
    /// Validate and compile every model (a JSON array of models, or of TOML/JSON texts).
    #[new]
    fn new(models: Vec<String>) -> PyResult<Self> {
        guard(|| {
            let parsed = models
                .iter()
                .map(|m| ScoringModel::parse(m).map_err(|e| to_py(&e)))
                .collect::<PyResult<Vec<_>>>()?;
            let inner = eql_core::ModelRegistry::new(parsed).map_err(|e| to_py(&e))?;
            Ok(ModelRegistry { inner })
        })
    }

    /// The version of model `id` in force at `at` (RFC 3339).
    fn in_force(&self, id: &str, at: &str) -> PyResult<CompiledModel> {
        guard(|| {
            let compiled = self
                .inner
                .in_force(id, instant(at)?)
                .map_err(|e| to_py(&e))?;
            Ok(CompiledModel {
                inner: compiled.clone(),
            })
        })
    }

    /// `(id, version)` of every model, by id then start.
    fn versions(&self) -> Vec<(String, String)> {
        self.inner
            .models()
            .map(|c| (c.model().id.clone(), c.model().version.clone()))
            .collect()
    }
}

/// Attribute a table of touchpoints against a table of conversions, joined
/// on `journey_column`: one row per touchpoint, in order.
#[pyfunction]
#[pyo3(signature = (touchpoints, conversions, model, options, journey_column = "journey_id", allow_float = false))]
fn attribute_table(
    py: Python<'_>,
    touchpoints: AnyRecordBatch,
    conversions: AnyRecordBatch,
    model: &str,
    options: &str,
    journey_column: &str,
    allow_float: bool,
) -> PyResult<PyTable> {
    guard(|| {
        let attributor = api::attributor(model, options)?;
        let read = arrow_de::Options { allow_float };
        attribution_table::attribute_table(
            py,
            &attributor,
            touchpoints,
            conversions,
            journey_column,
            read,
        )
    })
}

/// The native module.
#[pymodule]
fn _eql(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", eql_core::VERSION)?;
    m.add_class::<CompiledModel>()?;
    m.add_class::<ModelRegistry>()?;
    m.add_function(wrap_pyfunction!(api::model_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::default_model_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::qualify_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::attribute_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::aggregate_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::dedup_key, m)?)?;
    m.add_function(wrap_pyfunction!(api::lead_key_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::merge_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::stale_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::parse_url_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::classify_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::check_link_json, m)?)?;
    m.add_function(wrap_pyfunction!(attribute_table, m)?)?;
    m.add_function(wrap_pyfunction!(ops::build_report_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::route_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::route_batch_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::sla_deadline_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::sla_status_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::partner_status_updates_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::heuristic_models_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops::markov_model_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::_panic_for_tests, m)?)?;
    Ok(())
}

//! `eql._eql`: the native half of the `eql` Python package.
//!
//! Thin by design (STYLE practice 2): canonical JSON crosses the boundary,
//! the core does the work, errors keep their stable codes. The typed Python
//! API (dicts, `Decimal`, aware `datetime`) is `python/eql/__init__.py`.

mod api;
mod errors;
mod ops;
mod pyout;
mod tables;

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
    /// Parse (JSON or TOML) and validate a scoring model; with a partner
    /// registry (JSON), tagged touches count as evidence.
    #[new]
    #[pyo3(signature = (model, registry = None))]
    fn new(model: &str, registry: Option<&str>) -> PyResult<Self> {
        guard(|| {
            let parsed = ScoringModel::parse(model).map_err(|e| to_py(&e))?;
            let mut inner = parsed.compile().map_err(|e| to_py(&e))?;
            if let Some(r) = registry {
                let r = eql_core::utm::PartnerRegistry::from_json(r).map_err(|e| to_py(&e))?;
                inner = inner.with_registry(r).map_err(|e| to_py(&e))?;
            }
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

    /// The partner registry scoring uses, as JSON (`None` without one).
    fn registry_json(&self) -> PyResult<Option<String>> {
        guard(|| {
            self.inner
                .registry()
                .map(|r| {
                    serde_json::to_string(r).map_err(|e| crate::errors::serialize(&e.to_string()))
                })
                .transpose()
        })
    }

    /// The lead fields scoring reads, as sorted dotted paths.
    fn reads(&self) -> Vec<String> {
        self.inner.reads()
    }

    /// The normalised model as canonical JSON (`typed`: as Python objects).
    #[pyo3(signature = (typed = false))]
    fn model_json(&self, py: Python<'_>, typed: bool) -> PyResult<Py<PyAny>> {
        guard(|| dump(py, typed, self.inner.model()))
    }

    /// Score and explain one lead (canonical JSON) at `as_of` (RFC 3339).
    #[pyo3(signature = (lead, as_of, allow_outside_window = false, typed = false))]
    fn score_json(
        &self,
        py: Python<'_>,
        lead: &str,
        as_of: &str,
        allow_outside_window: bool,
        typed: bool,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let lead = Lead::from_json(lead).map_err(|e| to_py(&e))?;
            let opts = ScoreOptions {
                allow_outside_window,
            };
            let q = self
                .inner
                .score(&lead, instant(as_of)?, opts)
                .map_err(|e| to_py(&e))?;
            dump(py, typed, &q)
        })
    }

    /// Score a JSON array of leads: one item per lead, in order — the compact
    /// result (the explained one with `explain`), or `{error: {code, message}}`.
    #[pyo3(signature = (leads, as_of, allow_outside_window = false, explain = false, typed = false))]
    fn score_many_json(
        &self,
        py: Python<'_>,
        leads: &str,
        as_of: &str,
        allow_outside_window: bool,
        explain: bool,
        typed: bool,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let opts = eql_core::qualify::ManyOptions {
                allow_outside_window,
                explain,
            };
            let as_of = instant(as_of)?;
            let items = py
                .detach(|| self.inner.score_many_json(leads, as_of, opts))
                .map_err(|e| to_py(&e))?;
            dump(py, typed, &items)
        })
    }

    /// Every lead (a JSON array) scored and mapped to the report's leads, in
    /// order; `sql_at` is `{lead id: RFC 3339}`. The first lead that cannot
    /// be read, scored or placed is the error.
    #[pyo3(signature = (leads, as_of, sql_at = None, typed = false))]
    fn report_leads_json(
        &self,
        py: Python<'_>,
        leads: &str,
        as_of: &str,
        sql_at: Option<&str>,
        typed: bool,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let as_of = instant(as_of)?;
            let sql = match sql_at {
                Some(t) => eql_core::report::sql_dates_from_json(t).map_err(|e| to_py(&e))?,
                None => Default::default(),
            };
            let leads = eql_core::leads_from_json(leads)
                .map_err(|e| to_py(&e))?
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| to_py(&e))?;
            let report_leads = py
                .detach(|| self.inner.report_leads(&leads, as_of, &sql))
                .map_err(|e| to_py(&e))?;
            dump(py, typed, &report_leads)
        })
    }

    /// Score every row of a table of leads (anything with `__arrow_c_stream__`
    /// or `__arrow_c_array__`), events and touchpoints as list columns or as
    /// long tables joined on `key`: a table of results, same length and order.
    #[pyo3(signature = (table, as_of, allow_outside_window = false, explain = false, allow_float = false, events = None, touchpoints = None, key = "lead_id"))]
    #[allow(clippy::too_many_arguments)]
    fn score_table(
        &self,
        py: Python<'_>,
        table: AnyRecordBatch,
        as_of: &str,
        allow_outside_window: bool,
        explain: bool,
        allow_float: bool,
        events: Option<AnyRecordBatch>,
        touchpoints: Option<AnyRecordBatch>,
        key: &str,
    ) -> PyResult<PyTable> {
        guard(|| {
            let run = eql_arrow::ScoreRun {
                as_of: instant(as_of)?,
                options: ScoreOptions {
                    allow_outside_window,
                },
                read: eql_arrow::ReadOptions {
                    allow_float,
                    ..Default::default()
                },
                explain,
            };
            tables::score_table(py, &self.inner, (table, events, touchpoints), key, run)
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
        let read = eql_arrow::ReadOptions {
            allow_float,
            ..Default::default()
        };
        tables::attribute_table(
            py,
            &attributor,
            (touchpoints, conversions),
            journey_column,
            read,
        )
    })
}

/// Heuristic totals (`order` None) or the exact Markov model of a path
/// table given as a table: one row per channel.
#[pyfunction]
#[pyo3(signature = (table, order = None, allow_float = false))]
fn path_models_table(
    py: Python<'_>,
    table: AnyRecordBatch,
    order: Option<u32>,
    allow_float: bool,
) -> PyResult<PyTable> {
    guard(|| {
        tables::path_models(
            py,
            table,
            order,
            eql_arrow::ReadOptions {
                allow_float,
                ..Default::default()
            },
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
    m.add_function(wrap_pyfunction!(path_models_table, m)?)?;
    m.add_function(wrap_pyfunction!(ops::build_report_json, m)?)?;
    m.add_function(wrap_pyfunction!(api::lead_touches_json, m)?)?;
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

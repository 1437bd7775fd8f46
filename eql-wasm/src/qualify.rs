//! Qualification: `qualify`, `parseModel`, `presetModel` and the
//! `CompiledModel` handle for scoring many leads with one validated model.

use eql_core::utm::PartnerRegistry;
use eql_core::{Lead, ScoreOptions, ScoringModel, presets};
use wasm_bindgen::prelude::*;

use crate::convert::{config, input, instant, json, out};
use crate::error::{JsResult, core_error};

/// A model given as an object, or as JSON or TOML text.
fn model(value: JsValue) -> JsResult<ScoringModel> {
    match value.as_string() {
        Some(text) => ScoringModel::parse(&text),
        None => ScoringModel::from_json(&json(value, "model")?.to_string()),
    }
    .map_err(core_error)
}

fn lead(value: JsValue) -> JsResult<Lead> {
    Lead::from_value(json(value, "lead")?).map_err(core_error)
}

/// Parse a scoring model (JSON or TOML text) into its canonical object.
#[wasm_bindgen(js_name = "parseModel")]
pub fn parse_model(text: &str) -> JsResult<JsValue> {
    out(&ScoringModel::parse(text).map_err(core_error)?)
}

/// The built-in 40/60/70 model (fit cap 40, intent cap 60, threshold 70).
#[wasm_bindgen(js_name = "presetModel")]
pub fn preset_model() -> JsResult<JsValue> {
    out(&presets::eql_default())
}

/// Validate `model`, then score and explain `lead` at `asOf` (RFC 3339).
/// For many leads, use `CompiledModel`.
#[wasm_bindgen]
pub fn qualify(
    model_value: JsValue,
    lead_value: JsValue,
    as_of: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let m = model(model_value)?;
    let compiled = m.compile().map_err(core_error)?;
    score(&compiled, lead_value, &as_of, options)
}

fn score(
    compiled: &eql_core::CompiledModel,
    lead_value: JsValue,
    as_of: &JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts: ScoreOptions = config(options, "options")?;
    let as_of = instant(as_of, "as_of")?;
    let lead = lead(lead_value)?;
    out(&compiled.score(&lead, as_of, opts).map_err(core_error)?)
}

/// A validated scoring model, to score many leads without re-validating.
#[wasm_bindgen(js_name = "CompiledModel")]
pub struct CompiledModel(eql_core::CompiledModel);

#[wasm_bindgen(js_class = "CompiledModel")]
impl CompiledModel {
    /// Validate a model (object, JSON or TOML text); with a partner
    /// `registry`, touches tagged to a registered partner count as evidence.
    #[wasm_bindgen(constructor)]
    pub fn new(model_value: JsValue, registry: JsValue) -> JsResult<CompiledModel> {
        let m = model(model_value)?;
        let compiled = m.compile().map_err(core_error)?;
        if registry.is_undefined() || registry.is_null() {
            return Ok(CompiledModel(compiled));
        }
        let registry: PartnerRegistry = config(registry, "registry")?;
        compiled
            .with_registry(registry)
            .map(CompiledModel)
            .map_err(core_error)
    }

    /// Score and explain one lead at `asOf` (RFC 3339).
    pub fn score(&self, lead: JsValue, as_of: JsValue, options: JsValue) -> JsResult<JsValue> {
        score(&self.0, lead, &as_of, options)
    }

    /// Score an array of leads: one result per lead, in the same positions;
    /// a lead that fails gives `{error: {code, message}}` in its place.
    #[wasm_bindgen(js_name = "scoreMany")]
    pub fn score_many(
        &self,
        leads: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let opts: ScoreOptions = config(options, "options")?;
        let as_of = instant(&as_of, "as_of")?;
        let values: Vec<serde_json::Value> = input(leads, "leads")?;
        let results: Vec<serde_json::Value> = values
            .into_iter()
            .map(|v| match Lead::from_value(v) {
                Err(e) => error_value(e),
                Ok(l) => match self.0.score(&l, as_of, opts) {
                    Err(e) => error_value(e),
                    Ok(q) => serde_json::to_value(q).unwrap_or_else(|e| {
                        serde_json::json!({ "error": { "code": "internal.serialize", "message": e.to_string() } })
                    }),
                },
            })
            .collect();
        out(&results)
    }

    /// The model's fingerprint (a stable hash of its canonical form).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.0.fingerprint().to_owned()
    }

    /// The canonical model object.
    pub fn model(&self) -> JsResult<JsValue> {
        out(self.0.model())
    }

    /// The lead fields scoring reads, as sorted dotted paths.
    pub fn reads(&self) -> Vec<String> {
        self.0.reads()
    }
}

fn error_value<E: eql_core::ErrorCode + std::fmt::Display>(e: E) -> serde_json::Value {
    serde_json::json!({ "error": { "code": e.code(), "message": e.to_string() } })
}

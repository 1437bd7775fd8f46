//! Qualification: `qualify`, `parseModel`, `presetModel` and the
//! `CompiledModel` handle for scoring many leads with one validated model.

use eql_core::qualify::ManyOptions;
use eql_core::utm::PartnerRegistry;
use eql_core::{Lead, ScoreOptions, ScoringModel, presets};
use wasm_bindgen::prelude::*;

use crate::convert::{config, instant, json, out};
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
pub struct CompiledModel(pub(crate) eql_core::CompiledModel);

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

    /// Score an array of leads: one result per lead, in the same positions
    /// (compact; `options.explain` for the explained form); a lead that
    /// fails gives `{error: {code, message}}` in its place.
    #[wasm_bindgen(js_name = "scoreMany")]
    pub fn score_many(
        &self,
        leads: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let opts: ManyOptions = config(options, "options")?;
        let as_of = instant(&as_of, "as_of")?;
        // One JSON text each way: the engine's JSON is far faster than
        // walking every object field by field across the boundary.
        let text = js_sys::JSON::stringify(&leads)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                core_error(eql_core::InputError::Invalid {
                    path: "leads".into(),
                    message: "expected an array of leads".into(),
                })
            })?;
        let items = self
            .0
            .score_many_json(&text, as_of, opts)
            .map_err(core_error)?;
        let json = serde_json::to_string(&items)
            .map_err(|e| crate::error::js_error("internal.serialize", &e.to_string()))?;
        js_sys::JSON::parse(&json)
            .map_err(|_| crate::error::js_error("internal.serialize", "results are not JSON"))
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

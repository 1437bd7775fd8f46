//! UTM governance (SPEC §4): parse links, classify touches, check partner links.

use eql_core::utm::{self, PartnerRegistry};
use wasm_bindgen::prelude::*;

use crate::convert::{json, opt_string, out, string};
use crate::error::{JsResult, core_error};

pub(crate) fn registry(value: JsValue) -> JsResult<PartnerRegistry> {
    if value.is_undefined() || value.is_null() {
        return Ok(PartnerRegistry::default());
    }
    PartnerRegistry::from_json(&json(value, "registry")?.to_string()).map_err(core_error)
}

/// The UTM parameters and click ids of a URL.
#[wasm_bindgen(js_name = "parseUrl")]
pub fn parse_url(url: JsValue) -> JsResult<JsValue> {
    let url = string(&url, "url")?;
    out(&utm::parse_url(&url).map_err(core_error)?)
}

/// The channel of a landing URL and optional referrer, with the default
/// rules and an optional partner registry.
#[wasm_bindgen(js_name = "classifyTouch")]
pub fn classify_touch(
    url: JsValue,
    referrer: JsValue,
    registry_value: JsValue,
) -> JsResult<JsValue> {
    let url = string(&url, "url")?;
    let referrer = opt_string(&referrer, "referrer")?;
    let registry = registry(registry_value)?;
    out(&utm::classify(&url, referrer.as_deref(), &registry).map_err(core_error)?)
}

/// Governance findings for a partner link against the registry (the
/// argument order of Python's `check_link(url, registry, expected_partner)`).
#[wasm_bindgen(js_name = "checkLink")]
pub fn check_link(
    url: JsValue,
    registry_value: JsValue,
    expected_partner: JsValue,
) -> JsResult<JsValue> {
    let url = string(&url, "url")?;
    let partner = opt_string(&expected_partner, "expected_partner")?;
    let registry = registry(registry_value)?;
    out(&registry
        .check_link(&url, partner.as_deref())
        .map_err(core_error)?)
}

//! Model versions over time: history is rescored with the rules in force then.

use std::collections::BTreeMap;

use super::compile::CompiledModel;
use super::error::ModelError;
use super::model::ScoringModel;
use crate::time::{Instant, format_instant};

/// Compiled models by id, each id's versions sorted by start, never overlapping.
#[derive(Debug, Clone, Default)]
pub struct ModelRegistry {
    by_id: BTreeMap<String, Vec<CompiledModel>>,
}

impl ModelRegistry {
    /// Validate and compile every model; overlapping windows of one id are an error.
    ///
    /// ```
    /// use eql_core::{ModelRegistry, presets};
    /// let q4 = presets::eql_default();
    /// let mut q1 = q4.clone();
    /// q1.version = "2027Q1".into();
    /// q1.effective_from = "2027-01-01".parse().unwrap();
    /// q1.effective_until = None;
    /// let reg = ModelRegistry::new(vec![q4, q1]).unwrap();
    /// let at = eql_core::time::parse_instant("2027-02-01T00:00:00Z").unwrap();
    /// assert_eq!(reg.in_force("eql-default", at).unwrap().model().version, "2027Q1");
    /// ```
    pub fn new(models: Vec<ScoringModel>) -> Result<ModelRegistry, ModelError> {
        let mut by_id: BTreeMap<String, Vec<CompiledModel>> = BTreeMap::new();
        for m in models {
            let compiled = m.compile()?;
            by_id.entry(m.id.clone()).or_default().push(compiled);
        }
        for (id, versions) in &mut by_id {
            versions.sort_by_key(|c| c.from);
            for pair in versions.windows(2) {
                if let [a, b] = pair
                    && b.from < a.until
                {
                    return Err(ModelError::OverlappingWindows {
                        id: id.clone(),
                        a: a.model.version.clone(),
                        b: b.model.version.clone(),
                    });
                }
            }
        }
        Ok(ModelRegistry { by_id })
    }

    /// The version of model `id` in force at `at`.
    pub fn in_force(&self, id: &str, at: Instant) -> Result<&CompiledModel, ModelError> {
        self.by_id
            .get(id)
            .and_then(|versions| versions.iter().find(|c| c.in_force_at(at)))
            .ok_or_else(|| ModelError::NotInForce {
                id: id.into(),
                at: format_instant(&at),
            })
    }

    /// Every compiled model, by id then start.
    pub fn models(&self) -> impl Iterator<Item = &CompiledModel> {
        self.by_id.values().flatten()
    }
}

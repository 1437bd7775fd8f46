//! Built-in models.

use chrono::NaiveDate;

use super::model::ScoringModel;

const EQL_DEFAULT: &str = include_str!("eql_default.json");

/// The seeds' default model: 40 points for fit, 60 for intent, 70+ is an EQL,
/// in force for 2026 Q4 (re-date it with [`eql_default_from`]).
pub fn eql_default() -> ScoringModel {
    // The embedded file is checked by a unit test, so this cannot fail in a release.
    ScoringModel::from_json(EQL_DEFAULT).unwrap_or_else(|_| fallback())
}

/// The default model re-dated to the quarter that starts at `from`.
///
/// ```
/// let m = eql_core::presets::eql_default_from("2027-01-01".parse().unwrap());
/// assert_eq!(m.effective_until_or_default().to_string(), "2027-03-31");
/// ```
pub fn eql_default_from(from: NaiveDate) -> ScoringModel {
    let mut m = eql_default();
    m.effective_from = from;
    m.effective_until = None;
    m.version = format!("{}-default", from);
    m
}

fn fallback() -> ScoringModel {
    ScoringModel {
        id: "eql-default".into(),
        version: "2026Q4".into(),
        effective_from: NaiveDate::MIN,
        effective_until: None,
        threshold: super::model::DEFAULT_THRESHOLD,
        fit: Default::default(),
        intent: Default::default(),
        ecosystem: Default::default(),
        buying_signal: None,
        disqualify: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_default_parses_and_compiles() {
        let m = super::ScoringModel::from_json(super::EQL_DEFAULT).unwrap();
        assert_eq!(m.threshold, 70);
        assert_eq!(m.fit.cap, 40);
        assert_eq!(m.intent.cap, 60);
        m.compile().unwrap();
    }
}

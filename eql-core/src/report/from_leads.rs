//! Leads and their verdicts into the report's input: the mapping the CLI,
//! Python and WASM share, so that no runtime re-implements it (and none
//! can disagree about which touch earns what).

use std::collections::BTreeMap;

use super::error::ReportError;
use super::input::ReportLead;
use crate::attribution::Touch;
use crate::lead::Lead;
use crate::qualify::{CompiledModel, ScoreOptions, Stage, Verdict};
use crate::time::Instant;
use crate::utm::{ChannelRules, PartnerRegistry, classify_with};

/// A lead's touchpoints as attribution touches, in the lead's order.
///
/// A touchpoint the CRM left without a channel gets the one its URL and
/// referrer classify to (SPEC §4), with the registry's partners; one whose
/// URL does not parse keeps no channel rather than failing the lead, since
/// the channel is a label and the touch still earns its credit.
pub fn lead_touches(lead: &Lead, registry: &PartnerRegistry) -> Vec<Touch> {
    touches_with(lead, registry, &ChannelRules::default())
}

/// [`lead_touches`] with the rules built once by the caller: building the
/// default rule list costs more than classifying one URL with it.
fn touches_with(lead: &Lead, registry: &PartnerRegistry, rules: &ChannelRules) -> Vec<Touch> {
    lead.touchpoints
        .iter()
        .map(|t| {
            let channel = t.channel.clone().or_else(|| {
                let url = t.url.as_deref()?;
                let c = classify_with(url, t.referrer.as_deref(), registry, rules).ok()?;
                Some(c.channel.as_str().to_owned())
            });
            Touch {
                channel,
                ..Touch::from_touchpoint(t)
            }
        })
        .collect()
}

/// One qualified lead as the report sees it: its sourcing partner (a blank
/// id is no partner), its stage, when sales accepted it, and its touches.
/// A lead without `created_at` cannot be placed in a week or quarter, so it
/// is an error naming the lead, never a lead dated "now".
pub fn report_lead(
    lead: &Lead,
    stage: Stage,
    sql_at: Option<Instant>,
    registry: &PartnerRegistry,
) -> Result<ReportLead, ReportError> {
    report_lead_with(lead, stage, sql_at, registry, &ChannelRules::default())
}

fn report_lead_with(
    lead: &Lead,
    stage: Stage,
    sql_at: Option<Instant>,
    registry: &PartnerRegistry,
    rules: &ChannelRules,
) -> Result<ReportLead, ReportError> {
    let created_at = lead
        .created_at
        .ok_or_else(|| ReportError::MissingCreatedAt {
            lead: lead.id.clone(),
        })?;
    let partner_id = lead
        .partner
        .as_ref()
        .and_then(|p| p.id.as_deref())
        .filter(|id| !id.trim().is_empty())
        .map(str::to_owned);
    Ok(ReportLead {
        id: lead.id.clone(),
        created_at,
        partner_id,
        stage,
        sql_at,
        touchpoints: touches_with(lead, registry, rules),
    })
}

/// An RFC 3339 instant as a map value.
#[derive(serde::Deserialize)]
struct At(#[serde(with = "crate::time::rfc3339")] Instant);

/// Sales-acceptance instants by lead id, from `{"L-1": "2026-…Z"}` (the
/// sample's `sql.json`). Anything else — a list, a number, a date that is
/// not RFC 3339 — is an error naming the lead id, never an empty map: a
/// misread file would silently turn every SQL into a non-SQL.
pub fn sql_dates_from_json(json: &str) -> Result<BTreeMap<String, Instant>, ReportError> {
    let map: BTreeMap<String, At> =
        crate::error::from_json_str(json).map_err(|e| ReportError::Input(e.into_input_error()))?;
    Ok(map.into_iter().map(|(id, At(at))| (id, at)).collect())
}

impl CompiledModel {
    /// Every lead qualified with this model at `as_of` and mapped to the
    /// report's leads, in order; `sql_at` gives sales acceptance by lead id.
    /// Channels are classified with the model's partner registry (or none).
    /// The first lead that cannot be scored or placed stops the mapping
    /// with an error naming it: a report never silently leaves a lead out.
    pub fn report_leads(
        &self,
        leads: &[Lead],
        as_of: Instant,
        sql_at: &BTreeMap<String, Instant>,
    ) -> Result<Vec<ReportLead>, ReportError> {
        let default_registry = PartnerRegistry::default();
        let registry = self.registry().unwrap_or(&default_registry);
        let rules = ChannelRules::default();
        let mut verdict = Verdict::empty();
        leads
            .iter()
            .map(|lead| {
                self.evaluate_into(lead, as_of, ScoreOptions::default(), &mut verdict)
                    .map_err(|source| ReportError::Qualify {
                        lead: lead.id.clone(),
                        source: Box::new(source),
                    })?;
                let sql = sql_at.get(&lead.id).copied();
                report_lead_with(lead, verdict.stage, sql, registry, &rules)
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::lead::Lead;

    fn lead(json: serde_json::Value) -> Lead {
        crate::error::input_from_value(json).unwrap()
    }

    #[test]
    fn an_empty_channel_is_classified_from_the_url_and_a_given_one_is_kept() {
        let l = lead(serde_json::json!({"id": "L-1", "touchpoints": [
            {"id": "t1", "at": "2026-10-01T09:00:00Z",
             "url": "https://x.io/?utm_source=google&utm_medium=cpc"},
            {"id": "t2", "at": "2026-10-02T09:00:00Z", "channel": "webinar",
             "url": "https://x.io/?utm_source=google&utm_medium=cpc"},
            {"id": "t3", "at": "2026-10-03T09:00:00Z", "url": "not a url"},
        ]}));
        let t = lead_touches(&l, &PartnerRegistry::default());
        assert_eq!(t[0].channel.as_deref(), Some("paid_search"));
        assert_eq!(t[1].channel.as_deref(), Some("webinar"));
        assert_eq!(t[2].channel, None);
        assert_eq!(t[2].id, "t3");
    }

    #[test]
    fn a_blank_partner_is_no_partner_and_a_missing_created_at_names_the_lead() {
        let reg = PartnerRegistry::default();
        let l = lead(
            serde_json::json!({"id": "L-2", "created_at": "2026-10-01T09:00:00Z",
            "partner": {"id": "  "}}),
        );
        let r = report_lead(&l, Stage::Eql, None, &reg).unwrap();
        assert_eq!(r.partner_id, None);
        let l = lead(serde_json::json!({"id": "L-3"}));
        let e = report_lead(&l, Stage::Eql, None, &reg).unwrap_err();
        assert_eq!(e.code(), "report.missing_created_at");
        assert!(e.to_string().contains("L-3"), "{e}");
    }

    #[test]
    fn sql_dates_read_an_object_of_instants_and_name_a_bad_one() {
        let m = sql_dates_from_json(r#"{"L-1": "2026-10-05T09:00:00Z"}"#).unwrap();
        assert_eq!(m.len(), 1);
        for bad in [
            r#"["L-1"]"#,
            r#"{"L-1": 5}"#,
            r#"{"L-9": "yesterday"}"#,
            "{",
        ] {
            let e = sql_dates_from_json(bad).unwrap_err();
            assert!(e.code().starts_with("input."), "{bad}: {}", e.code());
        }
        let e = sql_dates_from_json(r#"{"L-9": "yesterday"}"#).unwrap_err();
        assert!(e.to_string().contains("L-9"), "{e}");
    }

    #[test]
    fn report_leads_scores_in_order_and_names_the_lead_it_cannot_place() {
        let model = crate::presets::eql_default().compile().unwrap();
        let as_of = crate::time::parse_instant("2026-11-16T12:00:00Z").unwrap();
        let leads = [
            lead(
                serde_json::json!({"id": "A", "created_at": "2026-10-01T09:00:00Z",
                "partner": {"id": "P-1"}}),
            ),
            lead(serde_json::json!({"id": "B", "created_at": "2026-10-02T09:00:00Z"})),
        ];
        let sql = BTreeMap::from([("B".to_owned(), as_of)]);
        let r = model.report_leads(&leads, as_of, &sql).unwrap();
        assert_eq!(
            r.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(r[0].partner_id.as_deref(), Some("P-1"));
        assert_eq!((r[0].sql_at, r[1].sql_at), (None, Some(as_of)));
        let one = model
            .evaluate(&leads[0], as_of, ScoreOptions::default())
            .unwrap();
        assert_eq!(r[0].stage, one.stage);
        let e = model
            .report_leads(
                &[leads[1].clone(), lead(serde_json::json!({"id": "C"}))],
                as_of,
                &sql,
            )
            .unwrap_err();
        assert!(e.to_string().contains("`C`"), "{e}");
    }
}

//! Deterministic generators shared by the benches (no random source: a small
//! xorshift keeps runs comparable).

use chrono::{DateTime, Duration, TimeZone, Utc};
use eql_core::{Company, Event, Lead, Partner, ScoringModel, Touchpoint};

/// The bundled sample model: 9 fit rules, 7 intent rules, 2 disqualify rules.
pub const SAMPLE_MODEL: &str = include_str!("../data/sample/model.toml");

/// The instant the generated leads are scored at.
pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 16, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The realistic model used by the qualification bench.
pub fn sample_model() -> ScoringModel {
    ScoringModel::from_toml(SAMPLE_MODEL).unwrap_or_else(|e| unreachable!("sample model: {e}"))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const EVENTS: &[&str] = &[
    "demo_request",
    "pricing_page_view",
    "integration_install",
    "trial_start",
    "budget_confirmed",
    "content_download",
    "webinar_attended",
    "page_view",
    "email_open",
    "integration_usage",
];
const INDUSTRIES: &[&str] = &["fintech", "SaaS", "insurance", "retail", "healthcare"];
const REGIONS: &[&str] = &["EMEA", "NA", "APAC", "LATAM"];
const STACKS: &[&str] = &["salesforce", "hubspot", "slack", "zendesk", "jira"];
const SOURCES: &[&str] = &[
    "implementation_partner",
    "technology_partner",
    "integration_marketplace",
    "referral_program",
    "reseller",
];

/// `n` leads with ~10 events each, varied enough to exercise every rule.
pub fn leads(n: usize) -> Vec<Lead> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = as_of();
    (0..n)
        .map(|i| {
            let events = (0..8 + rng.below(5))
                .map(|_| Event {
                    kind: rng.pick(EVENTS).to_owned(),
                    at: now - Duration::hours(rng.below(24 * 120) as i64),
                    active: Some(rng.below(2) == 0),
                    partner_id: None,
                })
                .collect();
            let partner = (rng.below(2) == 0).then(|| Partner {
                id: Some(format!("P-{}", rng.below(20))),
                source: Some(rng.pick(SOURCES).to_owned()),
                program_tier: Some(rng.pick(&["gold", "silver", "bronze"]).to_owned()),
                referral_date: None,
                confirmed: Some(true),
            });
            let touchpoints = (0..rng.below(3))
                .map(|t| Touchpoint {
                    id: format!("T-{i}-{t}"),
                    at: now - Duration::days(3),
                    ..Default::default()
                })
                .collect();
            let mut custom = serde_json::Map::new();
            if rng.below(4) == 0 {
                custom.insert("segment".into(), "Enterprise".into());
            }
            Lead {
                id: format!("L-{i}"),
                email: Some(format!("user{i}@company{i}.com")),
                created_at: Some(now - Duration::days(10)),
                updated_at: None,
                company: Some(Company {
                    name: Some(format!("Company {i}")),
                    domain: None,
                    employees: Some(rng.below(10_000)),
                    industry: Some(rng.pick(INDUSTRIES).to_owned()),
                    region: Some(rng.pick(REGIONS).to_owned()),
                    country: None,
                    tech_stack: Some(vec![
                        rng.pick(STACKS).to_owned(),
                        rng.pick(STACKS).to_owned(),
                    ]),
                    annual_revenue: Some(rust_decimal_from(rng.below(50_000_000))),
                }),
                partner,
                touchpoints,
                events,
                custom,
            }
        })
        .collect()
}

fn rust_decimal_from(n: u64) -> eql_core::Decimal {
    eql_core::Decimal::from(n)
}

/// The ~10 channels of the synthetic attribution journeys.
pub const CHANNELS: &[&str] = &[
    "organic_search",
    "paid_search",
    "email",
    "partner_referral",
    "social",
    "direct",
    "display",
    "webinar",
    "marketplace",
    "ai_assistant",
];

/// A synthetic journey for the attribution benches: channels in order,
/// whether it converted, and the conversion value (in cents).
pub struct SynthJourney {
    pub channels: Vec<&'static str>,
    pub converted: bool,
    pub value_cents: i64,
}

/// `n` journeys of 1–8 touches over [`CHANNELS`]; roughly 1 in 6 converts,
/// more often when a partner or webinar touch is present, so the Markov
/// removal effects differ by channel.
pub fn synth_journeys(n: usize) -> Vec<SynthJourney> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    (0..n)
        .map(|_| {
            let len = 1 + rng.below(8) as usize;
            let channels: Vec<&'static str> = (0..len)
                .map(|_| CHANNELS[rng.below(CHANNELS.len() as u64) as usize])
                .collect();
            let boost = channels
                .iter()
                .filter(|c| **c == "partner_referral" || **c == "webinar")
                .count() as u64;
            let converted = rng.below(100) < 10 + 8 * boost.min(5);
            let value_cents = if converted {
                1_000 + rng.below(500_000) as i64
            } else {
                0
            };
            SynthJourney {
                channels,
                converted,
                value_cents,
            }
        })
        .collect()
}

/// Every golden vector file under `tests/vectors/`, parsed, in path order.
/// Benches skip what they cannot use; the vector runners are the ones that
/// fail on an unreadable file.
pub fn vector_files() -> Vec<serde_json::Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut paths = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect()
}

/// `n` routing facts spread over the regions and product lines of the
/// routing vectors (some match no queue, as in real traffic).
pub fn lead_facts(n: usize) -> Vec<eql_core::routing::LeadFacts> {
    let mut rng = Rng(0x0bad_5eed_cafe_f00d);
    (0..n)
        .map(|i| eql_core::routing::LeadFacts {
            lead_id: format!("L-{i}"),
            region: Some(
                rng.pick(&["EMEA", "emea", "NA", "LATAM", "APAC"])
                    .to_owned(),
            ),
            product_line: (rng.below(2) == 0).then(|| "core".to_owned()),
        })
        .collect()
}

/// `n` instants spread over 2026 at minute resolution (DST changes included).
pub fn instants_2026(n: usize) -> Vec<DateTime<Utc>> {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    (0..n)
        .map(|_| start + Duration::minutes(rng.below(365 * 24 * 60) as i64))
        .collect()
}

/// The bundled sample leads (`data/sample/leads.json`) repeated to `n`, each
/// with its own id, as one JSON array: the list a web app or an export hands
/// over. The Node bench (`eql-wasm/bench/`) builds the same list.
pub fn sample_leads_json(n: usize) -> String {
    let base: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(include_str!("../data/sample/leads.json"))
            .unwrap_or_else(|e| unreachable!("sample leads: {e}"));
    let leads: Vec<_> = base
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, l)| {
            let mut l = l.clone();
            l.insert("id".into(), format!("L-{i}").into());
            l
        })
        .collect();
    serde_json::to_string(&leads).unwrap_or_else(|e| unreachable!("{e}"))
}

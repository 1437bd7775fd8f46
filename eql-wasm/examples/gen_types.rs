//! Writes `types/eql.d.ts`: the TypeScript types of the npm package,
//! generated from the core's JSON Schema (eql-core feature `schema`).
//!
//! `cargo run -p eql-wasm --example gen_types -- types/eql.d.ts`
//! (without an argument it prints to stdout). The JS tests regenerate the
//! file and fail when the committed copy differs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use eql_core::attribution::{
    Attribution, AttributionModel, AttributionOptions, HeuristicResult, Journey, MarkovResult,
    PathRow,
};
use eql_core::hygiene::{MergeReport, StaleConfig, StaleRecord, ValidationConfig, Violation};
use eql_core::qualify::{ManyOptions, Scored};
use eql_core::report::{Report, ReportInput};
use eql_core::routing::{
    Assignment, LeadFacts, MilestoneEvent, PartnerStatusUpdate, RoutingConfig, RoutingState,
    SlaClock, SlaPolicy,
};
use eql_core::utm::{Classification, LinkCheck, ParsedLink, PartnerRegistry};
use eql_core::{Lead, Qualification, ScoreOptions, ScoringModel};
use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The exported functions and methods, by the types of the schema.
const API: &str = r#"
/** The library version (lockstep with the crate and the Python package). */
export function version(): string;
/** Validate `model`, then score and explain `lead` at `asOf` (RFC 3339). */
export function qualify(model: ScoringModel | string, lead: Lead, asOf: string, options?: ScoreOptions | null): Qualification;
/** Parse a scoring model from JSON or TOML text into its canonical object. */
export function parseModel(text: string): ScoringModel;
/** The built-in 40/60/70 model. */
export function presetModel(): ScoringModel;
/** Attribute one journey with a position model. */
export function attribute(journey: Journey, model: AttributionModel, options?: AttributionOptions | null): Attribution;
/** First, last and linear totals per channel of a path table (ChannelAttribution's `heuristic_models`). */
export function heuristicModels(pathTable: PathRow[]): HeuristicResult;
/** The Markov chain model of order 1-4 (default 1) of a path table: removal effects and exact credited totals. */
export function markovModel(pathTable: PathRow[], order?: number | null): MarkovResult;
/** The dedup key of an email and optional partner id, e.g. `acme.co.uk|P-7`. */
export function dedupKey(email: string, partnerId?: string | null): string;
/** The dedup key of a lead (its `email` and `partner.id`). */
export function leadKey(lead: Lead): string;
/** Group leads by dedup key and merge each group. */
export function mergeLeads(leads: Lead[]): MergeReport;
/** Every violation of `config` (default: the partner fields) in one lead. */
export function validateLead(lead: Lead, config?: ValidationConfig | null): Violation[];
/** Leads untouched for more than `max_age_days` before `asOf`. */
export function staleCandidates(leads: Lead[], asOf: string, config?: StaleConfig | null): StaleRecord[];
/** The UTM parameters and click ids of a URL. */
export function parseUrl(url: string): ParsedLink;
/** The channel of a landing URL and optional referrer. */
export function classifyTouch(url: string, referrer?: string | null, registry?: PartnerRegistry | null): Classification;
/** The partner ROI report: rows per partner, asset and quarter, baseline, ranking, weekly trend. */
export function buildReport(input: ReportInput): Report;
/** A lead's touchpoints as attribution touches, in order; a touchpoint without a channel gets the one its URL and referrer classify to. */
export function leadTouches(lead: Lead, registry?: PartnerRegistry | null): Touch[];
/** Route one lead; store `state` and pass it to the next call (omitted or null = a fresh rotation). */
export function routeLead(config: RoutingConfig, lead: LeadFacts, state?: RoutingState | null): { assignment: Assignment; state: RoutingState };
/** Route many leads in order: one assignment or error per lead, in the same positions. */
export function routeBatch(config: RoutingConfig, leads: LeadFacts[], state?: RoutingState | null): { results: (Assignment | { error: { code: string; message: string } })[]; state: RoutingState };
/** The SLA deadline (RFC 3339) of a lead that arrived at `startedAt` (null policy = the default). */
export function slaDeadline(policy: SlaPolicy | null, startedAt: string): string;
/** The SLA clock at `asOf`: deadline, elapsed share, status. */
export function slaStatus(policy: SlaPolicy | null, startedAt: string, asOf: string): SlaClock;
/** Partner status-update records for a lead's milestones. */
export function partnerStatusUpdates(events: MilestoneEvent[]): PartnerStatusUpdate[];
/** Governance findings for a partner link against the registry. */
export function checkLink(url: string, registry?: PartnerRegistry | null, expectedPartner?: string | null): LinkCheck;

/** One lead's place in `CompiledModel.scoreMany`: its compact result (explained with `explain: true`) or its error. */
export type ScoreManyItem = Scored | Qualification | { error: { code: string; message: string } };

/** A validated scoring model, to score many leads without re-validating. */
export class CompiledModel {
  free(): void;
  [Symbol.dispose](): void;
  /** `registry`: partners whose tagged touches count as evidence (SPEC §2). */
  constructor(model: ScoringModel | string, registry?: PartnerRegistry | null);
  /** Score and explain one lead at `asOf` (RFC 3339). */
  score(lead: Lead, asOf: string, options?: ScoreOptions | null): Qualification;
  /** One result or error per lead, in the same positions: the compact form, or the explained one with `explain: true`. */
  scoreMany(leads: Lead[], asOf: string, options?: ManyOptions | null): ScoreManyItem[];
  /** Every lead scored and mapped to the report's leads, in order (`sqlAt`: lead id → when sales accepted it); the first lead that cannot be placed throws. */
  reportLeads(leads: Lead[], asOf: string, sqlAt?: Record<string, string> | null): ReportLead[];
  /** The canonical model object. */
  model(): ScoringModel;
  /** The lead fields scoring reads, as sorted dotted paths (`company.employees`, `events.type`). */
  reads(): string[];
  /** The model's fingerprint (a stable hash of its canonical form). */
  readonly fingerprint: string;
}

/** What every thrown value is. */
export interface EqlError extends Error {
  name: "EqlError";
  /** A stable code such as `model.unknown_operator` or `internal.panic`. */
  code: string;
  /** The message, and the error's own fields (`path`, `key`, `rule`, `op`, `limit`, ...). */
  details: { message: string; [key: string]: unknown };
}

/** Web build only: instantiate from a URL, response or bytes. */
export default function init(input?: unknown): Promise<unknown>;
/** Web build only: instantiate synchronously from bytes or a module. */
export function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;
"#;

fn main() {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12());
    let roots = [
        generator.subschema_for::<ScoringModel>(),
        generator.subschema_for::<Lead>(),
        generator.subschema_for::<ScoreOptions>(),
        generator.subschema_for::<Qualification>(),
        generator.subschema_for::<Scored>(),
        generator.subschema_for::<ManyOptions>(),
        generator.subschema_for::<Journey>(),
        generator.subschema_for::<AttributionModel>(),
        generator.subschema_for::<AttributionOptions>(),
        generator.subschema_for::<Attribution>(),
        generator.subschema_for::<PathRow>(),
        generator.subschema_for::<HeuristicResult>(),
        generator.subschema_for::<MarkovResult>(),
        generator.subschema_for::<MergeReport>(),
        generator.subschema_for::<ValidationConfig>(),
        generator.subschema_for::<Violation>(),
        generator.subschema_for::<StaleConfig>(),
        generator.subschema_for::<StaleRecord>(),
        generator.subschema_for::<PartnerRegistry>(),
        generator.subschema_for::<ParsedLink>(),
        generator.subschema_for::<Classification>(),
        generator.subschema_for::<LinkCheck>(),
        generator.subschema_for::<ReportInput>(),
        generator.subschema_for::<Report>(),
        generator.subschema_for::<RoutingConfig>(),
        generator.subschema_for::<RoutingState>(),
        generator.subschema_for::<LeadFacts>(),
        generator.subschema_for::<Assignment>(),
        generator.subschema_for::<SlaPolicy>(),
        generator.subschema_for::<SlaClock>(),
        generator.subschema_for::<MilestoneEvent>(),
        generator.subschema_for::<PartnerStatusUpdate>(),
    ];
    // Every root is a named definition, so it is a `$ref`.
    for r in &roots {
        assert!(r.get("$ref").is_some(), "a root type was inlined: {r:?}");
    }
    let defs: BTreeMap<String, Value> = generator.take_definitions(true).into_iter().collect();

    let mut out = String::from(
        "// Generated by `cargo run -p eql-wasm --example gen_types -- types/eql.d.ts`\n\
         // from the JSON Schema of eql-core's public types; do not edit.\n\
         // Money and instants are strings; scores are numbers.\n",
    );
    out.push_str(API);
    for (name, schema) in &defs {
        out.push('\n');
        doc(&mut out, schema, "");
        writeln!(out, "export type {name} = {};", ts(schema, "")).unwrap();
    }
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(&path, out).unwrap(),
        None => print!("{out}"),
    }
}

fn doc(out: &mut String, schema: &Value, indent: &str) {
    if let Some(d) = schema.get("description").and_then(Value::as_str) {
        // Rust examples in doc comments are for Rust readers.
        let d = d.split("```").next().unwrap_or(d).trim_end();
        let d = d.replace("*/", "* /");
        let lines: Vec<&str> = d.lines().collect();
        if lines.len() == 1 {
            writeln!(out, "{indent}/** {} */", lines[0]).unwrap();
        } else {
            writeln!(out, "{indent}/**").unwrap();
            for l in lines {
                writeln!(out, "{indent} * {l}").unwrap();
            }
            writeln!(out, "{indent} */").unwrap();
        }
    }
}

/// A TypeScript type for a JSON Schema (the subset schemars emits).
fn ts(schema: &Value, indent: &str) -> String {
    let Some(obj) = schema.as_object() else {
        // `true`: anything.
        return "unknown".into();
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap().to_owned();
    }
    if let Some(c) = obj.get("const") {
        return literal(c);
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array) {
        return e.iter().map(literal).collect::<Vec<_>>().join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = obj.get(key).and_then(Value::as_array) {
            let base = without(obj, key);
            let alts: Vec<String> = alts.iter().map(|a| ts(&merge(&base, a), indent)).collect();
            return alts.join(" | ");
        }
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        let parts: Vec<String> = all.iter().map(|a| ts(a, indent)).collect();
        return parts.join(" & ");
    }
    match obj.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| ts(&merge(obj, &serde_json::json!({ "type": t })), indent))
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(t)) => match t.as_str() {
            "string" => "string".into(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => {
                let item = obj
                    .get("items")
                    .map_or_else(|| "unknown".into(), |i| ts(i, indent));
                if item.contains(' ') {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            "object" => object(obj, indent),
            other => panic!("unsupported type {other}"),
        },
        _ => "unknown".into(),
    }
}

fn object(obj: &Map<String, Value>, indent: &str) -> String {
    let props = obj.get("properties").and_then(Value::as_object);
    let extra = obj.get("additionalProperties");
    let required: Vec<&str> = obj
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut s = String::from("{\n");
    for (k, v) in props.into_iter().flatten() {
        doc(&mut s, v, &inner);
        let opt = if required.contains(&k.as_str()) {
            ""
        } else {
            "?"
        };
        writeln!(s, "{inner}{k}{opt}: {};", ts(v, &inner)).unwrap();
    }
    match extra {
        Some(Value::Bool(false)) => {}
        None if props.is_some() => {}
        Some(v) if !v.is_boolean() => {
            writeln!(s, "{inner}[key: string]: {};", ts(v, &inner)).unwrap()
        }
        _ => writeln!(s, "{inner}[key: string]: unknown;").unwrap(),
    }
    s.push_str(indent);
    s.push('}');
    s
}

fn literal(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn without(obj: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut m = obj.clone();
    m.remove(key);
    m.remove("description");
    m
}

/// `base`'s keys with `extra`'s on top (for `oneOf` beside shared properties).
fn merge(base: &Map<String, Value>, extra: &Value) -> Value {
    let mut m = base.clone();
    if let Some(e) = extra.as_object() {
        for (k, v) in e {
            if k == "properties" {
                let mut props = m
                    .get("properties")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                props.extend(v.as_object().cloned().unwrap_or_default());
                m.insert(k.clone(), Value::Object(props));
            } else if k == "required" {
                let mut req = m
                    .get("required")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                req.extend(v.as_array().cloned().unwrap_or_default());
                m.insert(k.clone(), Value::Array(req));
            } else {
                m.insert(k.clone(), v.clone());
            }
        }
    } else {
        return extra.clone();
    }
    Value::Object(m)
}

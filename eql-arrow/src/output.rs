//! The result table of scoring: one row per lead, in input order.
//!
//! Compact columns: `lead_id` (the input `id` column as given), `stage`,
//! `fit`, `intent`, `total`, `buying_signal`, `ecosystem_evidence`,
//! `missing`, `model_fingerprint`, `error_code`, `error`. The explained
//! form adds `disqualify_reasons`, `summary` and `contributions`. A row that
//! cannot be read or scored has its error and nulls elsewhere.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use eql_core::qualify::{EvidenceKind, Points, Qualification, Verdict};

fn text_list(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

fn contribution_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule_id", DataType::Utf8, true),
        Field::new("category", DataType::Utf8, true),
        Field::new("points", DataType::Float64, true),
        Field::new("matched", DataType::Boolean, true),
        Field::new("why", DataType::Utf8, true),
    ])
}

/// The schema of results for an `id` column of type `id`.
pub fn result_schema(id: &DataType, explain: bool) -> SchemaRef {
    let mut fields = vec![
        Field::new("lead_id", id.clone(), true),
        Field::new("stage", DataType::Utf8, true),
        Field::new("fit", DataType::Float64, true),
        Field::new("intent", DataType::Float64, true),
        Field::new("total", DataType::Float64, true),
        Field::new("buying_signal", DataType::Boolean, true),
        text_list("ecosystem_evidence"),
        text_list("missing"),
        Field::new(
            "model_fingerprint",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            true,
        ),
    ];
    if explain {
        fields.push(text_list("disqualify_reasons"));
        fields.push(Field::new("summary", DataType::Utf8, true));
        fields.push(Field::new(
            "contributions",
            DataType::List(Arc::new(Field::new(
                "item",
                DataType::Struct(contribution_fields()),
                true,
            ))),
            true,
        ));
    }
    fields.push(Field::new("error_code", DataType::Utf8, true));
    fields.push(Field::new("error", DataType::Utf8, true));
    Arc::new(Schema::new(fields))
}

/// Points as a double: hundredths are exact integers, so one correctly
/// rounded division gives the same double as the decimal text JSON shows.
fn points(p: Points) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let h = p.hundredths() as f64;
    h / 100.0
}

/// Builders for one chunk of results.
pub(crate) struct Out {
    stage: StringBuilder,
    fit: Float64Builder,
    intent: Float64Builder,
    total: Float64Builder,
    buying_signal: BooleanBuilder,
    evidence: ListBuilder<StringBuilder>,
    missing: ListBuilder<StringBuilder>,
    fingerprint: Int32Builder,
    reasons: ListBuilder<StringBuilder>,
    summary: StringBuilder,
    contributions: ListBuilder<StructBuilder>,
    error_code: StringBuilder,
    error: StringBuilder,
    explain: bool,
}

impl Out {
    pub(crate) fn new(n: usize, explain: bool) -> Out {
        Out {
            stage: StringBuilder::with_capacity(n, n.saturating_mul(4)),
            fit: Float64Builder::with_capacity(n),
            intent: Float64Builder::with_capacity(n),
            total: Float64Builder::with_capacity(n),
            buying_signal: BooleanBuilder::with_capacity(n),
            evidence: ListBuilder::with_capacity(StringBuilder::new(), n),
            missing: ListBuilder::with_capacity(StringBuilder::new(), n),
            fingerprint: Int32Builder::with_capacity(n),
            reasons: ListBuilder::new(StringBuilder::new()),
            summary: StringBuilder::new(),
            contributions: ListBuilder::new(StructBuilder::from_fields(contribution_fields(), 0)),
            error_code: StringBuilder::with_capacity(n, 0),
            error: StringBuilder::with_capacity(n, 0),
            explain,
        }
    }

    /// A row that could not be read or scored.
    pub(crate) fn failed(&mut self, code: &str, message: &str) {
        self.stage.append_null();
        self.fit.append_null();
        self.intent.append_null();
        self.total.append_null();
        self.buying_signal.append_null();
        self.evidence.append_null();
        self.missing.append_null();
        self.fingerprint.append_null();
        if self.explain {
            self.reasons.append_null();
            self.summary.append_null();
            self.contributions.append_null();
        }
        self.error_code.append_value(code);
        self.error.append_value(message);
    }

    /// A scored row: the verdict and the missing fields (sorted, unique).
    pub(crate) fn scored<'a>(&mut self, v: &Verdict, missing: impl Iterator<Item = &'a str>) {
        self.stage.append_value(v.stage.as_str());
        self.fit.append_value(points(v.fit));
        self.intent.append_value(points(v.intent));
        self.total.append_value(points(v.total));
        self.buying_signal.append_option(v.buying_signal);
        for kind in EvidenceKind::ALL {
            if v.evidence.contains(kind) {
                self.evidence.values().append_value(kind.as_str());
            }
        }
        self.evidence.append(true);
        for m in missing {
            self.missing.values().append_value(m);
        }
        self.missing.append(true);
        self.fingerprint.append_value(0);
        self.error_code.append_null();
        self.error.append_null();
    }

    /// The explained columns of a scored row.
    pub(crate) fn explained(&mut self, q: &Qualification) {
        for r in &q.disqualify_reasons {
            self.reasons.values().append_value(r);
        }
        self.reasons.append(true);
        self.summary.append_value(&q.summary);
        let items = self.contributions.values();
        for c in &q.contributions {
            if let Some(b) = items.field_builder::<StringBuilder>(0) {
                b.append_value(&c.rule_id);
            }
            if let Some(b) = items.field_builder::<StringBuilder>(1) {
                b.append_value(c.category.as_str());
            }
            if let Some(b) = items.field_builder::<Float64Builder>(2) {
                b.append_value(points(c.points));
            }
            if let Some(b) = items.field_builder::<BooleanBuilder>(3) {
                b.append_value(c.matched);
            }
            if let Some(b) = items.field_builder::<StringBuilder>(4) {
                b.append_value(&c.why);
            }
            items.append(true);
        }
        self.contributions.append(true);
    }

    /// The chunk's result batch; `lead_id` is the chunk's slice of the
    /// input `id` column.
    pub(crate) fn finish(
        mut self,
        lead_id: ArrayRef,
        fingerprint: &str,
        schema: SchemaRef,
    ) -> Result<RecordBatch, String> {
        let keys = self.fingerprint.finish();
        let values = Arc::new(StringArray::from(vec![fingerprint]));
        let fingerprint = DictionaryArray::try_new(keys, values).map_err(|e| e.to_string())?;
        let mut columns: Vec<ArrayRef> = vec![
            lead_id,
            Arc::new(self.stage.finish()),
            Arc::new(self.fit.finish()),
            Arc::new(self.intent.finish()),
            Arc::new(self.total.finish()),
            Arc::new(self.buying_signal.finish()),
            Arc::new(self.evidence.finish()),
            Arc::new(self.missing.finish()),
            Arc::new(fingerprint),
        ];
        if self.explain {
            columns.push(Arc::new(self.reasons.finish()));
            columns.push(Arc::new(self.summary.finish()));
            columns.push(Arc::new(self.contributions.finish()));
        }
        columns.push(Arc::new(self.error_code.finish()));
        columns.push(Arc::new(self.error.finish()));
        RecordBatch::try_new(schema, columns).map_err(|e| e.to_string())
    }
}

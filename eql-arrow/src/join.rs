//! Long tables joined on the lead id: events and touchpoints the way CRM
//! exports have them, one row per record with a `lead_id` column. Records
//! keep their table order within a lead. Every lead row with a given id
//! gets that id's records (a left join); a record whose id matches no lead
//! is an error naming its row, never silently dropped.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::SchemaRef;
use eql_core::{InputError, LeadField};

use crate::access::TextColumn;
use crate::bind::{Owner, ReadOptions, RecordColumns, Records, members};

/// A long table indexed by its key, bound once for every batch of leads.
#[derive(Debug, Clone)]
pub struct LongTable {
    columns: Arc<RecordColumns>,
    /// Record rows grouped by key, each group in table order.
    perm: Vec<u32>,
    groups: HashMap<Box<str>, (u32, u32)>,
    key: String,
    name: &'static str,
}

/// The records of one batch of leads.
#[derive(Debug, Clone)]
pub(crate) struct Joined {
    table: Arc<LongTable>,
    /// Per lead row: its slice of `table.perm`.
    ranges: Vec<(u32, u32)>,
}

impl Joined {
    /// The record rows of lead `row`.
    #[inline]
    pub(crate) fn rows(&self, row: usize) -> &[u32] {
        let (s, e) = self.ranges.get(row).copied().unwrap_or((0, 0));
        self.table
            .perm
            .get(s as usize..e as usize)
            .unwrap_or_default()
    }
}

fn too_big(table: &str) -> InputError {
    InputError::TooLarge {
        path: table.into(),
        limit: u32::MAX as usize,
        actual: usize::MAX,
    }
}

impl LongTable {
    /// Index `batches` (events when `field` is `LeadField::Events`,
    /// touchpoints for `LeadField::Touchpoints`) by the text column `key`.
    pub fn new(
        field: LeadField,
        schema: SchemaRef,
        batches: &[RecordBatch],
        key: &str,
        opts: ReadOptions,
    ) -> Result<LongTable, InputError> {
        let name = if field == LeadField::Events {
            "events"
        } else {
            "touchpoints"
        };
        let batch = arrow_select::concat::concat_batches(&schema, batches).map_err(|e| {
            InputError::Invalid {
                path: name.into(),
                message: e.to_string(),
            }
        })?;
        let Ok(k) = schema.index_of(key) else {
            return Err(InputError::MissingColumn {
                table: name,
                column: key.into(),
                hint: "; it holds the id of each record's lead",
            });
        };
        let key_array = batch.column(k);
        let keys = TextColumn::new(key_array, key_array.logical_nulls()).ok_or_else(|| {
            InputError::ColumnType {
                table: name,
                column: key.into(),
                expected: "text (the lead id)",
                found: key_array.data_type().to_string(),
            }
        })?;
        let cols: Vec<(String, ArrayRef, Option<NullBuffer>)> = schema
            .fields()
            .iter()
            .zip(batch.columns())
            .map(|(f, a)| (f.name().clone(), a.clone(), a.logical_nulls()))
            .collect();
        let fields = members(name, "", field, &cols, Some(key), opts)?;

        let mut order: Vec<&str> = Vec::new();
        let mut rows: HashMap<&str, Vec<u32>> = HashMap::new();
        for row in 0..batch.num_rows() {
            let Some(id) = keys.get(row) else {
                return Err(InputError::OrphanRow {
                    table: name,
                    column: key.into(),
                    key: "null".into(),
                    row,
                });
            };
            let r = u32::try_from(row).map_err(|_| too_big(name))?;
            rows.entry(id)
                .or_insert_with(|| {
                    order.push(id);
                    Vec::new()
                })
                .push(r);
        }
        let mut perm = Vec::with_capacity(batch.num_rows());
        let mut groups = HashMap::with_capacity(order.len());
        for id in order {
            let start = u32::try_from(perm.len()).map_err(|_| too_big(name))?;
            perm.extend(rows.get(id).into_iter().flatten());
            let end = u32::try_from(perm.len()).map_err(|_| too_big(name))?;
            groups.insert(Box::from(id), (start, end));
        }
        Ok(LongTable {
            columns: Arc::new(RecordColumns {
                nulls: None,
                fields,
                name,
            }),
            perm,
            groups,
            key: key.to_owned(),
            name,
        })
    }

    /// The records of each row of a batch of leads, by its id column.
    pub(crate) fn join(self: &Arc<Self>, ids: &TextColumn, rows: usize) -> Records {
        let ranges = (0..rows)
            .map(|r| {
                ids.get(r)
                    .and_then(|id| self.groups.get(id))
                    .copied()
                    .unwrap_or((0, 0))
            })
            .collect();
        Records {
            owner: Owner::Joined(Joined {
                table: Arc::clone(self),
                ranges,
            }),
            columns: Arc::clone(&self.columns),
        }
    }

    /// The first record whose key is not among `ids`, as an error.
    pub(crate) fn orphans(&self, ids: &HashSet<&str>) -> Result<(), InputError> {
        let mut first: Option<(u32, &str)> = None;
        for (key, &(start, _)) in &self.groups {
            if !ids.contains(key.as_ref()) {
                let row = self.perm.get(start as usize).copied().unwrap_or(0);
                if first.is_none_or(|(r, _)| row < r) {
                    first = Some((row, key));
                }
            }
        }
        match first {
            None => Ok(()),
            Some((row, key)) => Err(InputError::OrphanRow {
                table: self.name,
                column: self.key.clone(),
                key: key.to_owned(),
                row: row as usize,
            }),
        }
    }
}

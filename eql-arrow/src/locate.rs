//! Where each lead field sits in a table: a column named by its dotted path
//! (`company.employees`, what `pandas.json_normalize` makes) or a member of
//! a struct column (`company` with a member `employees`), at any depth under
//! `custom`. The nulls of enclosing structs are folded into each column, so
//! a null `company` makes every `company.*` value missing.

use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use eql_core::{FieldType, InputError, LEAD_FIELDS};

/// One column of a table at a dotted path.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub path: String,
    pub array: ArrayRef,
    /// Nulls of the column and of every struct around it.
    pub nulls: Option<NullBuffer>,
}

impl Located {
    pub(crate) fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(row))
    }
}

/// Is `path` a struct to look inside: a lead record (`company`, `partner`),
/// or `custom` or anything under it.
fn descend(path: &str) -> bool {
    path == "custom"
        || path.starts_with("custom.")
        || LEAD_FIELDS
            .iter()
            .any(|s| s.path == path && s.ty == FieldType::Record)
}

/// The columns of a table by dotted path.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    /// Value columns.
    pub leaves: Vec<Located>,
    /// Struct columns that were opened (their members are leaves).
    pub structs: Vec<Located>,
}

/// Every column of `batch` by dotted path, structs opened where they hold
/// lead fields. Two columns at one path are an error naming it.
pub(crate) fn locate(batch: &RecordBatch, table: &'static str) -> Result<Columns, InputError> {
    let mut all = Columns::default();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        push(
            &mut all,
            field.name().clone(),
            column.clone(),
            column.logical_nulls(),
        );
    }
    let out = &all.leaves;
    let mut paths: Vec<&str> = out.iter().map(|c| c.path.as_str()).collect();
    paths.sort_unstable();
    for pair in paths.windows(2) {
        if let [a, b] = pair
            && a == b
        {
            return Err(InputError::DuplicateColumn {
                table,
                column: (*a).to_owned(),
            });
        }
    }
    // `company` given whole and `company.name` by name would read twice.
    for c in out {
        if let Some((head, _)) = c.path.rsplit_once('.')
            && out.iter().any(|o| o.path == head)
        {
            return Err(InputError::DuplicateColumn {
                table,
                column: head.to_owned(),
            });
        }
    }
    Ok(all)
}

fn push(out: &mut Columns, path: String, array: ArrayRef, nulls: Option<NullBuffer>) {
    if let (DataType::Struct(_), true) = (array.data_type(), descend(&path))
        && let Some(s) = array.as_any().downcast_ref::<StructArray>()
    {
        for (f, child) in s.fields().iter().zip(s.columns()) {
            let inner = NullBuffer::union(nulls.as_ref(), child.logical_nulls().as_ref());
            push(out, format!("{path}.{}", f.name()), child.clone(), inner);
        }
        out.structs.push(Located { path, array, nulls });
        return;
    }
    out.leaves.push(Located { path, array, nulls });
}

//! Skip the text columns a model never reads (`CompiledModel::reads`), so
//! their strings are not copied into every `Lead`: URLs and referrers of
//! touchpoints, company names, unread `custom` text. Only plain text is
//! skipped — reading it can never fail, so skipping it cannot turn a row
//! error into a score. Parsed columns (timestamps, dates, numbers) and
//! unknown names are always read, and still fail where they should.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, GenericListArray, OffsetSizeTrait, StructArray};
use arrow_schema::{DataType, Field, Fields};

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::List(item) | DataType::LargeList(item) => {
            matches!(
                item.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            )
        }
        _ => false,
    }
}

fn skip(path: &str, t: &DataType, reads: &[String]) -> bool {
    let known = eql_core::FieldSpec::find(path).is_some_and(|s| s.is_plain_text())
        || path.starts_with("custom.");
    // `custom.a` is needed when `custom.a` or anything below it is read.
    let read = reads.iter().any(|r| {
        r == path
            || r.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.'))
    });
    known && !read && is_text(t)
}

/// The row struct without the text columns `reads` does not list.
pub fn project(columns: &StructArray, reads: &[String]) -> Result<StructArray, String> {
    project_struct("", columns, reads)
}

fn project_struct(prefix: &str, s: &StructArray, reads: &[String]) -> Result<StructArray, String> {
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for (field, child) in s.fields().iter().zip(s.columns()) {
        let path = if prefix.is_empty() {
            field.name().clone()
        } else {
            format!("{prefix}.{}", field.name())
        };
        if skip(&path, child.data_type(), reads) {
            continue;
        }
        let child = project_array(&path, child, reads)?;
        fields.push(Field::new(
            field.name(),
            child.data_type().clone(),
            field.is_nullable(),
        ));
        arrays.push(child);
    }
    if fields.is_empty() {
        return Ok(StructArray::new_empty_fields(s.len(), s.nulls().cloned()));
    }
    StructArray::try_new(Fields::from(fields), arrays, s.nulls().cloned())
        .map_err(|e| e.to_string())
}

fn project_array(path: &str, a: &ArrayRef, reads: &[String]) -> Result<ArrayRef, String> {
    Ok(match a.data_type() {
        DataType::Struct(_) => match a.as_any().downcast_ref::<StructArray>() {
            Some(s) => Arc::new(project_struct(path, s, reads)?),
            None => a.clone(),
        },
        DataType::List(_) => match a.as_any().downcast_ref::<GenericListArray<i32>>() {
            Some(l) => Arc::new(project_list(path, l, reads)?),
            None => a.clone(),
        },
        DataType::LargeList(_) => match a.as_any().downcast_ref::<GenericListArray<i64>>() {
            Some(l) => Arc::new(project_list(path, l, reads)?),
            None => a.clone(),
        },
        _ => a.clone(),
    })
}

/// A list of structs (touchpoints, events) with its items projected.
fn project_list<O: OffsetSizeTrait>(
    path: &str,
    l: &GenericListArray<O>,
    reads: &[String],
) -> Result<GenericListArray<O>, String> {
    let values = l.values();
    if !matches!(values.data_type(), DataType::Struct(_)) {
        return Ok(l.clone());
    }
    let projected = project_array(path, values, reads)?;
    let item = match l.data_type() {
        DataType::List(f) | DataType::LargeList(f) => f.clone(),
        _ => return Ok(l.clone()),
    };
    let item = Arc::new(Field::new(
        item.name(),
        projected.data_type().clone(),
        item.is_nullable(),
    ));
    GenericListArray::try_new(item, l.offsets().clone(), projected, l.nulls().cloned())
        .map_err(|e| e.to_string())
}

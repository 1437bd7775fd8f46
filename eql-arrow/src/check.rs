//! Row checks: what a column's type allows but the field does not (a
//! fraction of an employee, unparsable text timestamps, a null event, too
//! many events). Each row gets its first error, with the code and path the
//! row reader gives for the same lead in JSON; a column whose type cannot
//! hold a bad value is not scanned at all.

use eql_core::lead::{MAX_EVENTS, MAX_TOUCHPOINTS};
use eql_core::{ErrorCode, InputError, LEAD_FIELDS, LeadField};

use crate::access::{TextColumn, Time};
use crate::bind::{Bound, Column, Records};

/// A row's error: its stable code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowError {
    pub code: &'static str,
    pub message: String,
}

impl From<InputError> for RowError {
    fn from(e: InputError) -> RowError {
        RowError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

pub(crate) fn path_of(f: LeadField) -> &'static str {
    LEAD_FIELDS
        .iter()
        .find(|s| s.field == f)
        .map_or("", |s| s.path)
}

fn set(errors: &mut [Option<RowError>], i: usize, e: impl FnOnce() -> RowError) {
    if let Some(slot @ None) = errors.get_mut(i) {
        *slot = Some(e());
    }
}

fn null_text(path: String) -> RowError {
    InputError::Invalid {
        path,
        message: "invalid type: null, expected a string".into(),
    }
    .into()
}

/// Whether reading `column` can fail for some value.
fn may_fail(column: &Column) -> bool {
    match column {
        Column::Text(_) | Column::Bool(_) => false,
        Column::Count(n) => n.count_may_fail(),
        Column::Money(n) => n.money_may_fail(),
        Column::Date(d) => d.may_fail(),
        Column::Time(t) => !matches!(t.time, Time::Null | Time::Stamp { in_range: true, .. }),
        Column::TextList { items, .. } => items.may_have_nulls(),
    }
}

/// The error of a field's value at `row`, if any.
fn field_error(path: &str, column: &Column, row: usize) -> Option<RowError> {
    let e = match column {
        Column::Count(n) => n.count(row).err().map(|message| InputError::Invalid {
            path: path.into(),
            message,
        }),
        Column::Money(n) => n.money(row).err().map(|message| InputError::InvalidMoney {
            path: path.into(),
            message,
        }),
        Column::Date(d) => d.get(row).err().map(|message| InputError::Invalid {
            path: path.into(),
            message,
        }),
        Column::Time(t) => t
            .get(row)
            .err()
            .map(|message| InputError::InvalidTimestamp {
                path: path.into(),
                message,
            }),
        Column::TextList { lists, items } => {
            let bad = lists.range(row).position(|i| items.get(i).is_none());
            return bad.map(|k| null_text(format!("{path}[{k}]")));
        }
        Column::Text(_) | Column::Bool(_) => None,
    };
    e.map(RowError::from)
}

/// First errors of rows `rows` (`errors[i]` is row `rows.start + i`).
pub(crate) fn validate(b: &Bound, rows: std::ops::Range<usize>, errors: &mut [Option<RowError>]) {
    if b.id.may_have_nulls() {
        for (i, row) in rows.clone().enumerate() {
            if b.id.get(row).is_none() {
                set(errors, i, || null_text("id".into()));
            }
        }
    }
    for (field, column) in &b.fields {
        if !may_fail(column) {
            continue;
        }
        let path = path_of(*field);
        for (i, row) in rows.clone().enumerate() {
            if errors.get(i).is_some_and(Option::is_some) {
                continue;
            }
            if let Some(e) = field_error(path, column, row) {
                set(errors, i, || e);
            }
        }
    }
    for (records, at, key, limit) in [
        (
            b.events.as_ref(),
            LeadField::EventAt,
            LeadField::EventType,
            MAX_EVENTS,
        ),
        (
            b.touchpoints.as_ref(),
            LeadField::TouchAt,
            LeadField::TouchId,
            MAX_TOUCHPOINTS,
        ),
    ] {
        if let Some(r) = records {
            check_records(r, (at, key, limit), rows.clone(), errors);
        }
    }
}

/// Null records, null required members, unreadable instants, size limits.
fn check_records(
    r: &Records,
    (at, key, limit): (LeadField, LeadField, usize),
    rows: std::ops::Range<usize>,
    errors: &mut [Option<RowError>],
) {
    let c = &r.columns;
    let name = c.name;
    let at_col = c.time(at);
    let key_col = c.text(key);
    let scan_at = at_col.is_some_and(|t| t.may_fail());
    let scan_key = key_col.is_some_and(TextColumn::may_have_nulls);
    let scan = c.nulls.is_some() || scan_at || scan_key;
    let key_name = path_of(key).rsplit('.').next().unwrap_or("");
    for (i, row) in rows.enumerate() {
        if errors.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let members = r.rows(row);
        let count = members.len();
        if scan {
            for (k, rec) in members.enumerate() {
                let bad = if c.is_null(rec) {
                    Some(RowError::from(InputError::Invalid {
                        path: format!("{name}[{k}]"),
                        message: "invalid type: null, expected a record".into(),
                    }))
                } else if scan_key && key_col.is_some_and(|t| t.get(rec).is_none()) {
                    Some(null_text(format!("{name}[{k}].{key_name}")))
                } else {
                    match at_col.filter(|_| scan_at).map(|t| t.get(rec)) {
                        Some(Ok(None)) => Some(RowError::from(InputError::InvalidTimestamp {
                            path: format!("{name}[{k}].at"),
                            message:
                                "not an RFC 3339 timestamp: invalid type: null, expected a string"
                                    .into(),
                        })),
                        Some(Err(message)) => Some(RowError::from(InputError::InvalidTimestamp {
                            path: format!("{name}[{k}].at"),
                            message,
                        })),
                        _ => None,
                    }
                };
                if let Some(e) = bad {
                    set(errors, i, || e);
                    break;
                }
            }
        }
        if count > limit {
            set(errors, i, || {
                RowError::from(InputError::TooLarge {
                    path: name.into(),
                    limit,
                    actual: count,
                })
            });
        }
    }
}

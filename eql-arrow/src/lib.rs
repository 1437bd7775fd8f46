//! eql over Arrow tables: the one place where tables meet the core.
//!
//! - Scoring ([`TableScorer`]): a table of leads (nested struct columns or
//!   dotted names; events and touchpoints as list-of-struct columns or as
//!   long tables joined on the lead id) scored column by column, one result
//!   row per lead, in order. No `Lead` is built on this path; dictionary
//!   columns are tested once per value.
//!
//! - Attribution ([`attribute_tables`]): a touchpoint table and a
//!   conversion table joined on a journey key, one credit row per touch.
//! - Path tables ([`path_table`], [`heuristics_batch`], [`markov_batch`]):
//!   ChannelAttribution's input shape in, one row per channel out.
//!
//! Schema problems (a missing `id`, unknown columns, wrong types, naive
//! timestamps) are errors before any row is read; row problems go to that
//! row's `error_code` / `error`, and no row is ever dropped. Every code is
//! one of the core's (`eql_core::InputError`).

mod access;
mod attribute;
mod bind;
mod check;
mod join;
mod locate;
mod output;
mod paths;
mod records;
mod score;
mod values;
mod write;

pub use attribute::attribute_tables;
pub use bind::ReadOptions;
pub use join::LongTable;
pub use output::result_schema;
pub use paths::{heuristics_batch, markov_batch, path_table};
pub use score::{LongTables, ScoreRun, TableScorer};
pub use write::{WriteOptions, leads_to_batch, leads_to_tables};

//! How typed values cross into other runtimes. Money, instants and dates are
//! strings on the wire (SPEC §1), written as serde newtypes with these
//! names: JSON and JS serialisers ignore newtype names, so the text is
//! unchanged byte for byte, while a binding's own serialiser can see the
//! type and build `Decimal` / `datetime` / `date` — converting by type,
//! never by key name, so a user's own `custom.cost` stays a string.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};

use crate::time::{Instant, format_instant};

/// Newtype name of a decimal string (money, shares, counts).
pub const DECIMAL: &str = "$eql::decimal";
/// Newtype name of an RFC 3339 UTC instant.
pub const INSTANT: &str = "$eql::instant";
/// Newtype name of a `YYYY-MM-DD` date.
pub const DATE: &str = "$eql::date";

pub(crate) fn decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_newtype_struct(DECIMAL, &d.to_string())
}

pub(crate) fn instant<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_newtype_struct(INSTANT, &format_instant(t))
}

/// serde helpers for a date field (`#[serde(with = "crate::wire::date")]`).
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        // chrono writes dates with their Debug form; so does this.
        s.serialize_newtype_struct(DATE, &format!("{d:?}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        NaiveDate::deserialize(d)
    }
}

/// serde helpers for an optional date field.
pub mod date_option {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<NaiveDate>::deserialize(d)
    }
}

/// serde helpers for a list of dates.
pub mod date_vec {
    use super::*;
    use serde::ser::SerializeSeq;

    struct One<'a>(&'a NaiveDate);

    impl serde::Serialize for One<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            date::serialize(self.0, s)
        }
    }

    pub fn serialize<S: Serializer>(v: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&One(d))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<NaiveDate>::deserialize(d)
    }
}

//! Money amounts: `rust_decimal::Decimal`, always serialised as a string.
//!
//! Floats never carry money: a JSON number where an amount is expected is an
//! error, because `0.1 + 0.2` must not reach a finance report.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::BAD_MONEY;

mod currency;

pub use currency::{MoneyError, minor_units};

/// Parse a decimal string such as `"12500.00"`.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| format!("{BAD_MONEY}: {text:?}"))
}

/// serde helpers for a required decimal-string field.
pub mod decimal_str {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        crate::wire::decimal(d, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = std::borrow::Cow::<'de, str>::deserialize(d)
            .map_err(|e| D::Error::custom(format!("{BAD_MONEY}: {e}")))?;
        parse_decimal(&raw).map_err(D::Error::custom)
    }
}

/// serde helpers for an optional decimal-string field.
pub mod decimal_str_option {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => crate::wire::decimal(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let raw = Option::<std::borrow::Cow<'de, str>>::deserialize(d)
            .map_err(|e| D::Error::custom(format!("{BAD_MONEY}: {e}")))?;
        raw.map(|r| parse_decimal(&r).map_err(D::Error::custom))
            .transpose()
    }
}

/// serde helpers for a list of decimal strings (`["0.40", "0.60"]`).
pub mod decimal_str_vec {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error, ser::SerializeSeq};

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        struct One<'a>(&'a Decimal);
        impl serde::Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::wire::decimal(self.0, s)
            }
        }
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&One(d))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let raw = Vec::<std::borrow::Cow<'de, str>>::deserialize(d)
            .map_err(|e| D::Error::custom(format!("{BAD_MONEY}: {e}")))?;
        raw.iter()
            .map(|r| parse_decimal(r).map_err(D::Error::custom))
            .collect()
    }
}

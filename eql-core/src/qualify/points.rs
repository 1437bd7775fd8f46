//! Score points, held exactly in hundredths.
//!
//! Rule points are integers but half-life decay produces two decimals, so a
//! fixed-point integer keeps scoring exact and allocation-free.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

/// A score in hundredths of a point. Serialised as a JSON number (`40`, `12.5`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points.
    pub const fn whole(points: i64) -> Points {
        Points(points.saturating_mul(100))
    }

    /// From hundredths of a point.
    pub const fn from_hundredths(h: i64) -> Points {
        Points(h)
    }

    /// Hundredths of a point.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The exact decimal value, e.g. `12.5`.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2).normalize()
    }

    pub(crate) fn saturating_add(self, other: Points) -> Points {
        Points(self.0.saturating_add(other.0))
    }

    pub(crate) fn clamp_to(self, cap: Points) -> Points {
        Points(self.0.clamp(0, cap.0.max(0)))
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_decimal())
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.0.checked_rem(100), self.0.checked_div(100)) {
            (Some(0), Some(whole)) => s.serialize_i64(whole),
            // Shortest round-trip float text of a two-decimal value is that
            // value's decimal text, identical in every runtime.
            _ => s.serialize_f64(self.to_decimal().to_string().parse::<f64>().unwrap_or(0.0)),
        }
    }
}

/// A JSON number with at most two decimals.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Points {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "Score points: a number with at most two decimals."
        })
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        let dec =
            super::field::json_number(&n).ok_or_else(|| D::Error::custom("points out of range"))?;
        let h = dec
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or_else(|| D::Error::custom("points out of range"))?
            .round_dp(0);
        i64::try_from(h)
            .map(Points)
            .map_err(|_| D::Error::custom("points out of range"))
    }
}

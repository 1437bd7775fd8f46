//! Journeys and conversions: the input of the position models, plus the
//! ordering and windowing every model shares.

use chrono::TimeDelta;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::time::Instant;

/// One touchpoint of a journey.
///
/// Attribution has its own touch type (rather than `lead::Touchpoint`)
/// because it needs the aggregation keys and the CRM milestone flags; a
/// lead's touchpoints map onto it field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Touch {
    /// The touch's id, echoed in `order` and `excluded`.
    pub id: String,
    /// When it happened (RFC 3339; a missing or unparseable value is an error).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    /// Marketing channel (`"email"`, `"partner_referral"`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Traffic source (`utm_source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Traffic medium (`utm_medium`); with a partner registry, a partner
    /// alias as `source` and a partner medium make a partner touch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// The landing URL; with a partner registry its `utm_*` parameters can
    /// tag the touch to a partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The referring URL; with a partner registry a partner's domain tags
    /// the touch to that partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Campaign (`utm_campaign`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// Referring page or content asset (`"/integrations/p7"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// The partner behind this touch; makes it a *partner touch* unless it
    /// is empty or blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// CRM milestone: this touch created the lead (W-shaped, full path).
    #[serde(default, skip_serializing_if = "is_false")]
    pub lead_created: bool,
    /// CRM milestone: this touch created the opportunity (W-shaped, full path).
    #[serde(default, skip_serializing_if = "is_false")]
    pub opportunity_created: bool,
}

impl Touch {
    /// A lead's touchpoint as an attribution touch, field by field (the CRM
    /// milestone flags unset; `channel` as the touchpoint gives it).
    pub fn from_touchpoint(t: &crate::lead::Touchpoint) -> Touch {
        Touch {
            id: t.id.clone(),
            at: t.at,
            channel: t.channel.clone(),
            source: t.source.clone(),
            medium: t.medium.clone(),
            url: t.url.clone(),
            referrer: t.referrer.clone(),
            campaign: t.campaign.clone(),
            asset: t.asset.clone(),
            partner_id: t.partner_id.clone(),
            lead_created: false,
            opportunity_created: false,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The conversion the journey led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// When it converted; touches after it are excluded.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::time::rfc3339")]
    pub at: Instant,
    /// The amount to credit (a decimal string, not negative, with no more
    /// decimal places than the currency).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[serde(with = "crate::money::decimal_str")]
    pub amount: Decimal,
    /// ISO 4217 code; fixes the minor unit credits are rounded to.
    pub currency: String,
}

/// Touchpoints (any order) and their conversion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub touchpoints: Vec<Touch>,
    pub conversion: Conversion,
}

/// Why a touch was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExclusionReason {
    /// Strictly after the conversion instant.
    AfterConversion,
    /// Strictly before `conversion.at − lookback_days`.
    BeforeLookback,
}

impl ExclusionReason {
    /// The wire name (`"after_conversion"`, `"before_lookback"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionReason::AfterConversion => "after_conversion",
            ExclusionReason::BeforeLookback => "before_lookback",
        }
    }
}

/// A touch left out of the attribution, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    pub id: String,
    /// Position in the input `touchpoints`.
    pub index: usize,
    pub why: ExclusionReason,
}

/// The touches that count, as input indices in time order, and the rest.
pub(crate) struct Window {
    pub kept: Vec<usize>,
    pub excluded: Vec<Excluded>,
}

/// Order by `at` (ties keep input order) and drop touches outside the window.
/// A touch exactly at the conversion or exactly at the lookback start counts.
pub(crate) fn window(journey: &Journey, lookback_days: Option<u32>) -> Window {
    let end = journey.conversion.at;
    let start = lookback_days
        .and_then(|d| TimeDelta::try_days(i64::from(d)))
        .and_then(|d| end.checked_sub_signed(d));
    let mut kept = Vec::with_capacity(journey.touchpoints.len());
    let mut excluded = Vec::new();
    for (index, t) in journey.touchpoints.iter().enumerate() {
        let why = if t.at > end {
            Some(ExclusionReason::AfterConversion)
        } else if start.is_some_and(|s| t.at < s) {
            Some(ExclusionReason::BeforeLookback)
        } else {
            None
        };
        match why {
            Some(why) => excluded.push(Excluded {
                id: t.id.clone(),
                index,
                why,
            }),
            None => kept.push(index),
        }
    }
    // Stable: equal instants stay in input order.
    kept.sort_by_key(|&i| journey.touchpoints.get(i).map(|t| t.at));
    Window { kept, excluded }
}

//! Errors of attribution: bad journeys, bad model configs, bad path tables.

use thiserror::Error;

use crate::error::{ErrorCode, InputError};
use crate::money::MoneyError;

/// Why an attribution could not be computed; each variant has a stable `code()`.
// Serialised untagged (just the fields): bindings show them as details.
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum AttributionError {
    /// The journey has no touchpoints at all.
    #[error("the journey has no touchpoints")]
    EmptyJourney,
    /// Every touchpoint was excluded (after the conversion or before the lookback).
    #[error("all {excluded} touchpoints are outside the attribution window")]
    NoEligibleTouch { excluded: usize },
    /// More touchpoints than the documented limit (`AttributionOptions::max_touches`).
    #[error("the journey has {actual} touchpoints; the limit is {limit}")]
    TooManyTouches { limit: usize, actual: usize },
    /// A model weight below 0.
    #[error("model `{model}`: weight `{weight}` is negative ({value})")]
    NegativeWeight {
        model: &'static str,
        weight: &'static str,
        value: String,
    },
    /// Model weights that do not add up to exactly 1.
    #[error("model `{model}`: the weights sum to {sum}, not 1")]
    WeightsNotOne { model: &'static str, sum: String },
    /// A time-decay half-life that is zero, negative or not finite.
    #[error("time_decay: half_life_days must be a positive finite number of days, got {value}")]
    InvalidHalfLife { value: String },
    /// A negative conversion amount (refunds are separate conversions of their own sign).
    #[error("conversion amount {amount} is negative")]
    NegativeAmount { amount: String },
    /// An amount with more decimal places than its currency has (e.g. `"1.005"` USD).
    #[error("amount {amount} has more decimal places than {currency} ({minor_units})")]
    AmountTooPrecise {
        amount: String,
        currency: String,
        minor_units: u32,
    },
    /// The currency is not an ISO 4217 code with minor units.
    #[error(transparent)]
    Currency(#[from] MoneyError),
    /// Numbers beyond what exact arithmetic here supports (e.g. weights with
    /// more than 28 decimal places, or an amount near the Decimal maximum).
    #[error("exact arithmetic overflow in {what}")]
    Overflow { what: &'static str },
    /// All weight of the model falls on positions the journey does not have.
    #[error("model `{model}` gives no credit to any touch of this journey")]
    NothingToCredit { model: &'static str },
    /// A Markov order outside 1–4.
    #[error("markov order must be 1 to 4, got {order}")]
    InvalidOrder { order: u32 },
    /// A path-table row whose path names no channel.
    #[error("path table row {row}: the path is empty")]
    EmptyPath { row: usize },
    /// A path table with more distinct channels than can be encoded.
    #[error("path table has more than {limit} channels")]
    TooManyChannels { limit: usize },
    /// More Markov states than the documented limit.
    #[error("markov chain has {actual} states; the limit is {limit}")]
    TooManyStates { limit: usize, actual: usize },
    /// A Markov system the solver could not solve (singular or not converged).
    #[error("the markov chain's linear system ({states} states) could not be solved")]
    MarkovNotSolved { states: usize },
    /// A path-table row with a conversion value but no conversions.
    #[error("path table row {row}: a conversion value without conversions")]
    ValueWithoutConversions { row: usize },
    /// A channel id that `PathTableBuilder::channel_id` never handed out.
    #[error("channel id {id} is not known to this path table")]
    UnknownChannelId { id: u16 },
    /// Two lists that must be aligned are not.
    #[error("{what}: {left} items vs {right} items")]
    LengthMismatch {
        what: &'static str,
        left: usize,
        right: usize,
    },
    /// Bad JSON input (names the path).
    #[error(transparent)]
    Input(#[from] InputError),
    /// An invalid partner registry in the options.
    #[error(transparent)]
    Registry(#[from] crate::utm::UtmError),
}

impl ErrorCode for AttributionError {
    fn code(&self) -> &'static str {
        match self {
            AttributionError::EmptyJourney => "attribution.empty_journey",
            AttributionError::NoEligibleTouch { .. } => "attribution.no_eligible_touch",
            AttributionError::TooManyTouches { .. } => "attribution.too_many_touches",
            AttributionError::NegativeWeight { .. } => "attribution.negative_weight",
            AttributionError::WeightsNotOne { .. } => "attribution.weights_not_one",
            AttributionError::InvalidHalfLife { .. } => "attribution.invalid_half_life",
            AttributionError::NegativeAmount { .. } => "attribution.negative_amount",
            AttributionError::AmountTooPrecise { .. } => "attribution.amount_too_precise",
            AttributionError::Currency(e) => e.code(),
            AttributionError::Overflow { .. } => "attribution.overflow",
            AttributionError::NothingToCredit { .. } => "attribution.nothing_to_credit",
            AttributionError::InvalidOrder { .. } => "attribution.invalid_order",
            AttributionError::EmptyPath { .. } => "attribution.empty_path",
            AttributionError::TooManyChannels { .. } => "attribution.too_many_channels",
            AttributionError::TooManyStates { .. } => "attribution.too_many_states",
            AttributionError::MarkovNotSolved { .. } => "attribution.markov_not_solved",
            AttributionError::ValueWithoutConversions { .. } => {
                "attribution.value_without_conversions"
            }
            AttributionError::UnknownChannelId { .. } => "attribution.unknown_channel_id",
            AttributionError::LengthMismatch { .. } => "attribution.length_mismatch",
            AttributionError::Input(e) => e.code(),
            AttributionError::Registry(e) => e.code(),
        }
    }
}

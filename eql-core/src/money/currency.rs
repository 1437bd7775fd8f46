//! ISO 4217 currencies and their minor units (decimal places).
//!
//! The table is the active ISO 4217 list (amendment 179 era). Codes whose
//! minor unit ISO gives as "N.A." (gold, SDR, test codes, `XXX`) are not money
//! amounts that can be split into cents, so they are rejected as unknown.

use thiserror::Error;

use crate::error::ErrorCode;

/// An error about money itself (not about a particular concern's use of it).
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum MoneyError {
    /// Not an active ISO 4217 code with a defined minor unit.
    #[error("unknown currency `{code}` (expected an ISO 4217 code such as USD, EUR, JPY)")]
    UnknownCurrency { code: String },
}

impl ErrorCode for MoneyError {
    fn code(&self) -> &'static str {
        match self {
            MoneyError::UnknownCurrency { .. } => "money.unknown_currency",
        }
    }
}

/// Currencies with 0 decimal places.
const ZERO: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];

/// Currencies with 3 decimal places.
const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// Currencies with 4 decimal places (units of account).
const FOUR: &[&str] = &["CLF", "UYW"];

/// Currencies with 2 decimal places.
const TWO: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE",
    "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP",
    "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP",
    "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
    "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
    "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU", "UZS",
    "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
];

/// The number of decimal places of an ISO 4217 currency (`"JPY"` → 0,
/// `"USD"` → 2, `"BHD"` → 3). The code must be upper case, as ISO writes it.
///
/// ```
/// use eql_core::money::minor_units;
/// assert_eq!(minor_units("JPY").unwrap(), 0);
/// assert_eq!(minor_units("USD").unwrap(), 2);
/// assert_eq!(minor_units("BHD").unwrap(), 3);
/// assert_eq!(minor_units("ZZZ").unwrap_err().to_string(),
///            "unknown currency `ZZZ` (expected an ISO 4217 code such as USD, EUR, JPY)");
/// ```
pub fn minor_units(code: &str) -> Result<u32, MoneyError> {
    let tables: [(&[&str], u32); 4] = [(TWO, 2), (ZERO, 0), (THREE, 3), (FOUR, 4)];
    tables
        .iter()
        .find(|(list, _)| list.contains(&code))
        .map(|(_, units)| *units)
        .ok_or_else(|| MoneyError::UnknownCurrency {
            code: code.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_code_is_listed_twice() {
        let mut all: Vec<&str> = [ZERO, TWO, THREE, FOUR].concat();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(
            all.iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn lower_case_and_metals_are_unknown() {
        assert_eq!(
            minor_units("usd").unwrap_err().code(),
            "money.unknown_currency"
        );
        assert!(minor_units("XAU").is_err());
        assert!(minor_units("XXX").is_err());
        assert_eq!(minor_units("KWD").unwrap(), 3);
        assert_eq!(minor_units("CLF").unwrap(), 4);
    }
}

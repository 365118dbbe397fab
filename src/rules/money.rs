//! Money: pounds held as `rust_decimal`, rounded half away from zero to the penny, shown as
//! `£12,345.67` and written in JSON as decimal strings with two places (`"1234.50"`).

use crate::rules::error::RulesError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::str::FromStr;

/// An amount of money in pounds, always a whole number of pennies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero pounds.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Rounds `amount` half away from zero to the penny.
    pub fn round(amount: Decimal) -> Money {
        Money(amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Whole pounds.
    pub fn pounds(pounds: i64) -> Money {
        Money(Decimal::from(pounds))
    }

    /// The amount as a decimal.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Sum of two amounts, or an overflow error.
    pub fn checked_add(self, other: Money) -> Result<Money, RulesError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(RulesError::Overflow("a sum of money"))
    }

    /// Difference of two amounts, or an overflow error.
    pub fn checked_sub(self, other: Money) -> Result<Money, RulesError> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or(RulesError::Overflow("a difference of money"))
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Money) -> Money {
        if other < self {
            other
        } else {
            self
        }
    }

    /// True for zero pounds.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Two decimal places, no symbol or separators: `1234.50`, `-3.00`.
    pub fn plain(self) -> String {
        let mut value = self.0;
        value.rescale(2);
        value.to_string()
    }

    /// For readers: `£12,345.67`, `-£3.00`.
    pub fn display_gbp(self) -> String {
        let plain = self.plain();
        let (sign, digits) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (whole, pence) = digits.split_once('.').unwrap_or((digits, "00"));
        format!("{sign}£{}.{pence}", group_thousands(whole))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Sum for Money {
    /// Sums amounts. Only for amounts known to be small (each bounded by validated inputs);
    /// use [`sum_money`] where overflow must be reported.
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |acc, m| Money(acc.0.saturating_add(m.0)))
    }
}

/// Digits with a comma between groups of three: `1234567` → `1,234,567`.
fn group_thousands(whole: &str) -> String {
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// A plain number for readers, with thousands separators: `30000` → `30,000`,
/// `31250.5` → `31,250.5`.
pub fn grouped_decimal(value: Decimal) -> String {
    let plain = plain_decimal(value);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    match digits.split_once('.') {
        Some((whole, fraction)) => format!("{sign}{}.{fraction}", group_thousands(whole)),
        None => format!("{sign}{}", group_thousands(digits)),
    }
}

/// Sums amounts, reporting overflow instead of panicking.
pub fn sum_money<I: IntoIterator<Item = Money>>(items: I) -> Result<Money, RulesError> {
    items
        .into_iter()
        .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
}

/// Multiplies, reporting overflow instead of panicking.
pub fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, RulesError> {
    a.checked_mul(b).ok_or(RulesError::Overflow(what))
}

/// Divides, reporting overflow or division by zero instead of panicking.
pub fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, RulesError> {
    a.checked_div(b).ok_or(RulesError::Overflow(what))
}

/// A plain decimal number (`0.6`, `52000`, `-1`, surrounding spaces ignored): at most 40
/// characters of digits, `.` and a sign; exponents, `NaN` and thousands separators are refused.
/// The one reader behind [`parse_decimal`] and [`crate::rules::fields::parse_number`], which
/// differ only in how they word the error.
pub fn read_plain_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let well_formed = !text.is_empty()
        && text.len() <= 40
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+');
    if well_formed {
        Decimal::from_str(text).ok()
    } else {
        None
    }
}

/// Parses a plain decimal number typed by a user (`0.6`, `52000`, `-1`), naming `field` in
/// errors. Exponents, `NaN` and thousands separators are refused.
pub fn parse_decimal(field: &'static str, text: &str) -> Result<Decimal, RulesError> {
    read_plain_decimal(text).ok_or_else(|| {
        let text = text.trim();
        if text.is_empty() {
            RulesError::field(field, "is required")
        } else {
            RulesError::field(field, format!("`{text}` is not a number"))
        }
    })
}

/// Parses an amount of money typed by a user (`£52,000`, `52 000`); thousands separators only
/// between groups of three digits (see [`crate::rules::fields::parse_amount`]).
pub fn parse_money(field: &'static str, text: &str) -> Result<Decimal, RulesError> {
    crate::rules::fields::parse_amount(field, text)
}

/// Formats a decimal without trailing zeros (`0.6`, `52000`, `0.138`).
pub fn plain_decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Money::round(dec!(1.005)).plain(), "1.01");
        assert_eq!(Money::round(dec!(1.004999)).plain(), "1.00");
        assert_eq!(Money::round(dec!(-1.005)).plain(), "-1.01");
        assert_eq!(Money::round(dec!(1234.5)).plain(), "1234.50");
    }

    #[test]
    fn displays_pounds_with_separators() {
        assert_eq!(Money::round(dec!(12345.678)).display_gbp(), "£12,345.68");
        assert_eq!(Money::round(dec!(-3)).display_gbp(), "-£3.00");
        assert_eq!(Money::round(dec!(999.5)).display_gbp(), "£999.50");
        assert_eq!(Money::round(dec!(1000000)).display_gbp(), "£1,000,000.00");
    }

    #[test]
    fn parses_user_numbers_strictly() {
        assert_eq!(parse_decimal("wte", " 0.6 ").unwrap(), dec!(0.6));
        assert!(parse_decimal("wte", "1e3").is_err());
        assert!(parse_decimal("wte", "NaN").is_err());
        assert_eq!(
            parse_decimal("wte", "").unwrap_err().to_string(),
            "wte is required"
        );
        assert_eq!(parse_money("salary", "£52,000").unwrap(), dec!(52000));
        assert_eq!(
            parse_money("salary", "lots").unwrap_err().to_string(),
            "Enter the salary as a number, like 45,000"
        );
    }
}

//! Money: pounds held as `rust_decimal`, rounded half away from zero to the penny, shown as
//! `£12,345.67` and written in JSON as decimal strings with two places (`"1234.50"`).

use crate::rules::error::RulesError;
use crate::rules::field_names::field_label;
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

/// `amount × count`, to the penny.
pub fn times(amount: Money, count: u32) -> Result<Money, RulesError> {
    Ok(Money::round(mul(
        amount.amount(),
        Decimal::from(count),
        "a number of posts",
    )?))
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

/// The error for text that is not a number, worded for the field (empty: "Enter the …").
pub(crate) fn not_a_number(field: &'static str, text: &str) -> RulesError {
    let (label, example) = field_label(field);
    if text.trim().is_empty() {
        RulesError::input(field, format!("Enter the {label}"))
    } else {
        RulesError::input(
            field,
            format!("Enter the {label} as a number, like {example}"),
        )
    }
}

/// True for `123`, `12,345`, `1 234 567`: digits, optionally in groups of three after the
/// first group, all separated by the same separator (`,` or a space).
fn grouped_digits(whole: &str) -> bool {
    let separator = whole.chars().find(|c| !c.is_ascii_digit());
    let Some(separator) = separator else {
        return !whole.is_empty();
    };
    if separator != ',' && separator != ' ' {
        return false;
    }
    let mut groups = whole.split(separator);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads an amount people write: `52000`, `52,000`, `£52,000`, `52 000`, `52000.50`.
/// Thousands separators are accepted only between groups of three digits, so `5,2,0,0,0` and
/// `,,,1` are refused. Negative amounts are read (`-5`) for the range check to report.
pub fn parse_amount(field: &'static str, text: &str) -> Result<Decimal, RulesError> {
    let trimmed = text.trim();
    let (negative, rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let rest = rest.strip_prefix('£').unwrap_or(rest).trim_start();
    let normalised: String = rest
        .chars()
        .map(|c| {
            if c == '\u{a0}' || c == '\u{202f}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let (whole, fraction) = match normalised.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (normalised.as_str(), None),
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if normalised.len() > 40 || !grouped_digits(whole) || !fraction_ok {
        return Err(not_a_number(field, text));
    }
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    let plain = match fraction {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value = Decimal::from_str(&plain).map_err(|_| not_a_number(field, text))?;
    Ok(if negative { -value } else { value })
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
    }

    #[test]
    fn money_as_people_write_it() {
        for (text, want) in [
            ("52000", dec!(52000)),
            ("52,000", dec!(52000)),
            ("£52,000", dec!(52000)),
            ("52 000", dec!(52000)),
            (" £1,234,567.89 ", dec!(1234567.89)),
            ("52000.5", dec!(52000.5)),
            ("-5", dec!(-5)),
            ("52\u{a0}000", dec!(52000)),
        ] {
            assert_eq!(parse_amount("salary", text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn separators_only_where_they_belong() {
        for bad in [
            "5,2,0,0,0",
            ",,,1",
            ",,,,,,,,,,,,,,,,,,,,,,,,1",
            "52,00",
            "52,000 000",
            "1,2345",
            "52000.",
            "fifty thousand",
            "1e5",
            "£",
            "52.000.5",
        ] {
            let err = parse_amount("salary", bad).unwrap_err();
            assert_eq!(err.field_name(), Some("salary"), "{bad}");
            assert_eq!(
                err.to_string(),
                "Enter the salary as a number, like 45,000",
                "{bad}"
            );
        }
        assert_eq!(
            parse_amount("salary", " ").unwrap_err().to_string(),
            "Enter the salary"
        );
    }
}

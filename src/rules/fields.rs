//! Reading what people type into a field — a salary, a date, a share — with messages in plain
//! English that name the field (GOV.UK style: "Enter the salary as a number, like 45,000").
//!
//! The command line, the posts CSV, the plan file and the calculator page all read fields here,
//! so `£52,000` means the same everywhere and `5,2,0,0,0` is refused everywhere.

use crate::rules::error::RulesError;
use crate::rules::field_names::field_label;
pub use crate::rules::money::parse_amount;
use crate::rules::money::{not_a_number, plain_decimal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Most identical posts one line of a plan may stand for.
pub const MAX_COUNT: u32 = 500;

/// Largest weighted population accepted (the largest PCNs are a few hundred thousand).
pub const MAX_WEIGHTED_POPULATION: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);

/// Checks a weighted population: more than 0 and at most 10,000,000.
pub fn check_weighted_population(value: Decimal) -> Result<(), RulesError> {
    if value <= Decimal::ZERO || value > MAX_WEIGHTED_POPULATION {
        Err(RulesError::input(
            "weighted_population",
            "Weighted population must be more than 0 and at most 10,000,000",
        ))
    } else {
        Ok(())
    }
}

/// Reads a plain number (`0.6`, `30`, `-2`): no separators, no exponent.
pub fn parse_number(field: &'static str, text: &str) -> Result<Decimal, RulesError> {
    crate::rules::money::read_plain_decimal(text).ok_or_else(|| not_a_number(field, text))
}

/// Reads a date written `2025-10-01` or `01/10/2025` (day first, as in the UK).
pub fn parse_user_date(field: &'static str, text: &str) -> Result<NaiveDate, RulesError> {
    let t = text.trim();
    let (label, example) = field_label(field);
    if t.is_empty() {
        return Err(RulesError::input(field, format!("Enter the {label}")));
    }
    let bad = || {
        RulesError::input(
            field,
            format!("Enter the {label} as a real date, like {example}"),
        )
    };
    let numbers = |parts: Vec<&str>, widths: [usize; 3]| -> Option<[u32; 3]> {
        let mut out = [0u32; 3];
        for (slot, (part, width)) in out.iter_mut().zip(parts.iter().zip(widths)) {
            let ok =
                !part.is_empty() && part.len() <= width && part.bytes().all(|b| b.is_ascii_digit());
            *slot = ok.then(|| part.parse().ok()).flatten()?;
        }
        Some(out)
    };
    let date = if t.contains('/') {
        let parts: Vec<&str> = t.split('/').collect();
        if parts.len() != 3 || parts[2].len() != 4 {
            return Err(bad());
        }
        numbers(parts, [2, 2, 4])
            .and_then(|[d, m, y]| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
    } else {
        let parts: Vec<&str> = t.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        numbers(parts, [4, 2, 2])
            .and_then(|[y, m, d]| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
    };
    date.ok_or_else(bad)
}

/// Reads an ARRS share: `0.5`, `50%`, `1` or `100%`.
pub fn parse_share(text: &str) -> Result<Decimal, RulesError> {
    let t = text.trim();
    let value = match t.strip_suffix('%') {
        Some(percent) => parse_number("share", percent).map(|p| p / Decimal::from(100)),
        None => parse_number("share", t),
    };
    match value {
        Ok(v) if v == Decimal::ONE || v == Decimal::new(5, 1) => Ok(v.normalize()),
        _ => Err(RulesError::input(
            "share",
            "Enter the ARRS share as 0.5 (50%) or 1 (100%)",
        )),
    }
}

/// Reads a number of identical posts, 1 to 500.
pub fn parse_count(text: &str) -> Result<u32, RulesError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(1);
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) && t.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(RulesError::input(
            "count",
            format!("Enter the number of posts as a whole number from 1 to {MAX_COUNT}"),
        )),
    }
}

/// Reads whether a post is in the NHS Pension Scheme: `yes`/`no` (also `y`, `n`, `true`,
/// `false`); empty means yes.
pub fn parse_pension(text: &str) -> Result<bool, RulesError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(RulesError::input(
            "pension",
            "Enter yes or no for the NHS Pension Scheme",
        )),
    }
}

/// Reads a scenario percentage from −50 to 100 (`3.3` is 3.3%).
pub fn parse_percent(field: &'static str, text: &str) -> Result<Decimal, RulesError> {
    let t = text.trim();
    let value = parse_number(field, t.strip_suffix('%').unwrap_or(t))?;
    check_percent(field, value)?;
    Ok(value)
}

/// Checks a scenario percentage is from −50 to 100.
pub fn check_percent(field: &'static str, value: Decimal) -> Result<(), RulesError> {
    if value < Decimal::from(-50) || value > Decimal::from(100) {
        let (label, _) = field_label(field);
        let mut label = label.to_owned();
        if let Some(first) = label.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        Err(RulesError::input(
            field,
            format!("{label} must be a percentage from -50 to 100"),
        ))
    } else {
        Ok(())
    }
}

/// Reads one field the way the calculator page's inputs are read, returning the value as the
/// plan file writes it (`£52,000` → `52000`). For the page's inline checks as people type.
pub fn parse_field(field: &str, text: &str) -> Result<String, RulesError> {
    use crate::rules::post::WorkingTime;
    Ok(match field {
        "salary" => {
            let v = parse_amount("salary", text)?;
            crate::rules::post::check_salary(v)?;
            plain_decimal(v)
        }
        "weighted_population" => {
            let v = parse_amount("weighted_population", text)?;
            check_weighted_population(v)?;
            plain_decimal(v)
        }
        "wte" => plain_decimal(WorkingTime::wte(parse_number("wte", text)?)?.as_wte()),
        "hours" => {
            WorkingTime::hours(parse_number("hours", text)?)?;
            plain_decimal(parse_number("hours", text)?)
        }
        "sessions" => {
            WorkingTime::sessions(parse_number("sessions", text)?)?;
            plain_decimal(parse_number("sessions", text)?)
        }
        "from" => parse_user_date("from", text)?.to_string(),
        "to" => parse_user_date("to", text)?.to_string(),
        "share" => plain_decimal(parse_share(text)?),
        "count" => parse_count(text)?.to_string(),
        "band" => text.parse::<crate::rules::band::Band>()?.id().to_owned(),
        "pay_point" => text
            .parse::<crate::rules::data::PayPoint>()?
            .id()
            .to_owned(),
        "pay_award_percent" => plain_decimal(parse_percent("pay_award_percent", text)?),
        "cap_uplift_percent" => plain_decimal(parse_percent("cap_uplift_percent", text)?),
        "entitlement_growth_percent" => {
            plain_decimal(parse_percent("entitlement_growth_percent", text)?)
        }
        "percent" => plain_decimal(parse_percent("percent", text)?),
        _ => {
            return Err(RulesError::input(
                "field",
                "This field is not one the calculator reads",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn dates_iso_or_day_first() {
        let want = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
        assert_eq!(parse_user_date("from", "2024-10-01").unwrap(), want);
        assert_eq!(parse_user_date("from", "01/10/2024").unwrap(), want);
        assert_eq!(parse_user_date("from", "1/10/2024").unwrap(), want);
        for bad in [
            "2025-02-30",
            "31/02/2025",
            "2025-13-01",
            "10/2024",
            "2024-1-01",
            "tomorrow",
        ] {
            assert_eq!(
                parse_user_date("from", bad).unwrap_err().to_string(),
                "Enter the start date as a real date, like 2025-10-01",
                "{bad}"
            );
        }
    }

    #[test]
    fn shares_counts_pension_and_percentages() {
        assert_eq!(parse_share("50%").unwrap(), dec!(0.5));
        assert_eq!(parse_share("1").unwrap(), dec!(1));
        assert_eq!(parse_share("100%").unwrap(), dec!(1));
        assert!(parse_share("0.7").is_err());
        assert_eq!(parse_count("").unwrap(), 1);
        assert_eq!(parse_count("3").unwrap(), 3);
        for bad in ["0", "501", "1.5", "-1", "+2"] {
            assert_eq!(
                parse_count(bad).unwrap_err().field_name(),
                Some("count"),
                "{bad}"
            );
        }
        assert!(!parse_pension("No").unwrap());
        assert!(parse_pension("").unwrap());
        assert!(parse_pension("maybe").is_err());
        assert_eq!(
            parse_percent("pay_award_percent", "3.3%").unwrap(),
            dec!(3.3)
        );
        assert_eq!(
            parse_percent("pay_award_percent", "101")
                .unwrap_err()
                .to_string(),
            "Pay award must be a percentage from -50 to 100"
        );
    }

    #[test]
    fn parse_field_normalises_for_the_plan_file() {
        assert_eq!(parse_field("salary", "£52,000").unwrap(), "52000");
        assert_eq!(
            parse_field("weighted_population", "31,250").unwrap(),
            "31250"
        );
        assert_eq!(parse_field("from", "01/10/2025").unwrap(), "2025-10-01");
        assert_eq!(parse_field("band", "Band 8a").unwrap(), "8a");
        assert_eq!(
            parse_field("band", "9z").unwrap_err().field_name(),
            Some("band")
        );
        assert_eq!(
            parse_field("wte", "1.5").unwrap_err().field_name(),
            Some("wte")
        );
        assert_eq!(
            parse_field("salary", "0").unwrap_err().field_name(),
            Some("salary")
        );
    }
}

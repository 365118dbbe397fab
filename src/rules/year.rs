//! Financial years (1 April to 31 March), identified as `2024-25`.

use crate::rules::error::RulesError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Earliest and latest financial years the rules core accepts (far wider than the data).
const FIRST_START_YEAR: i32 = 2000;
const LAST_START_YEAR: i32 = 2099;

/// A financial year, April to March, written `2024-25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearId {
    start_year: i32,
}

impl YearId {
    /// The financial year that starts on 1 April of `start_year` (2000 to 2099).
    pub fn starting(start_year: i32) -> Result<Self, RulesError> {
        if (FIRST_START_YEAR..=LAST_START_YEAR).contains(&start_year) {
            Ok(YearId { start_year })
        } else {
            Err(RulesError::field(
                "year",
                format!("must start between {FIRST_START_YEAR} and {LAST_START_YEAR}"),
            ))
        }
    }

    /// Calendar year in which the financial year starts.
    pub fn start_year(self) -> i32 {
        self.start_year
    }

    /// 1 April.
    pub fn first_day(self) -> NaiveDate {
        // The year range is bounded, so both dates always exist; fall back to MIN to stay panic-free.
        NaiveDate::from_ymd_opt(self.start_year, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March of the next calendar year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    /// True if `date` falls inside the year.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The year after this one.
    pub fn next(self) -> Result<Self, RulesError> {
        YearId::starting(self.start_year + 1)
    }

    /// Today's date by the system clock (UTC); `None` if the clock is before 1970 or out of
    /// range.
    pub fn today() -> Option<NaiveDate> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        let days = i64::try_from(seconds / 86_400).ok()?;
        NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(days))
    }

    /// The financial year containing `date` (1 April to 31 March).
    pub fn containing(date: NaiveDate) -> Result<Self, RulesError> {
        let start = if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        };
        YearId::starting(start)
    }

    /// The year as readers write it: `2024/25`.
    pub fn label(self) -> String {
        format!(
            "{}/{:02}",
            self.start_year,
            (self.start_year + 1).rem_euclid(100)
        )
    }

    /// The same day and month in this year (29 February becomes 28 February when this year has
    /// none).
    pub fn move_date(self, date: NaiveDate) -> NaiveDate {
        let year = if date.month() >= 4 {
            self.start_year
        } else {
            self.start_year + 1
        };
        NaiveDate::from_ymd_opt(year, date.month(), date.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The twelve months of the year, April first.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let start = self.start_year;
        (0..12u32).map(move |i| {
            let m0 = 3 + i; // April = index 3 (0-based)
            Month {
                year: start + (m0 / 12) as i32,
                month: m0 % 12 + 1,
            }
        })
    }
}

impl fmt::Display for YearId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}",
            self.start_year,
            (self.start_year + 1).rem_euclid(100)
        )
    }
}

impl FromStr for YearId {
    type Err = RulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            RulesError::field(
                "year",
                format!("`{text}` is not a financial year; expected e.g. 2025-26"),
            )
        };
        let (first, second) = text.trim().split_once('-').ok_or_else(bad)?;
        if first.len() != 4 || second.len() != 2 {
            return Err(bad());
        }
        let start: i32 = first.parse().map_err(|_| bad())?;
        let end: i32 = second.parse().map_err(|_| bad())?;
        if (start + 1).rem_euclid(100) != end {
            return Err(bad());
        }
        YearId::starting(start)
    }
}

impl Serialize for YearId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A calendar month, written `2025-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// First day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the month.
    pub fn last_day(self) -> NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The month as a spreadsheet keeps it: `Apr 2026`.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let name = usize::try_from(self.month)
            .ok()
            .and_then(|m| NAMES.get(m.wrapping_sub(1)))
            .copied()
            .unwrap_or("");
        format!("{name} {}", self.year)
    }

    /// Number of days in the month (28 to 31).
    pub fn days(self) -> u32 {
        self.last_day().day()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses a `YYYY-MM-DD` date given for `field`.
///
/// Written by hand rather than with chrono's format-string parser: the strict fixed-width form is
/// all the rules data, the CLI and the calculator's URL accept, and chrono's general parser added
/// about 9 KB (gzipped) to the calculator's WebAssembly.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, RulesError> {
    let text = text.trim();
    let bad = || {
        RulesError::field(
            field,
            format!("`{text}` is not a date; expected YYYY-MM-DD, e.g. 2025-10-01"),
        )
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = text.get(from..to)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    match (number(0, 4), number(5, 7), number(8, 10)) {
        (Some(year), Some(month), Some(day)) => i32::try_from(year)
            .ok()
            .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// A date as readers write it, `6 August 2025` (NHS style: the month in full).
pub fn long_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(date.month0() as usize).copied().unwrap_or("");
    format!("{} {} {}", date.day(), month, date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_yyyy_mm_dd() {
        let ok = parse_date("from", " 2025-10-01 ").unwrap();
        assert_eq!(ok, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
        assert_eq!(
            parse_date("to", "2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-1-01",
            "25-10-01",
            "2025/10/01",
            "2025-10-1x",
            "+025-10-01",
            "",
            "2025-10-01T00",
            "２０２５-10-01",
        ] {
            let err = parse_date("from", bad).unwrap_err();
            assert_eq!(err.field_name(), Some("from"), "{bad}");
            assert!(
                err.to_string().contains("expected YYYY-MM-DD"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn parses_and_prints_year_ids() {
        let y: YearId = "2024-25".parse().unwrap();
        assert_eq!(y.to_string(), "2024-25");
        assert_eq!(y.first_day(), NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
        assert_eq!(y.last_day(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        let y: YearId = "2099-00".parse().unwrap();
        assert_eq!(y.to_string(), "2099-00");
    }

    #[test]
    fn rejects_malformed_year_ids() {
        for bad in [
            "2024-26", "2024", "24-25", "2024/25", "", "abcd-ef", "1999-00",
        ] {
            let err = bad.parse::<YearId>().unwrap_err();
            assert_eq!(err.field_name(), Some("year"), "{bad}");
        }
    }

    #[test]
    fn year_of_a_date_labels_and_moved_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            YearId::containing(day(2026, 11, 29)).unwrap().to_string(),
            "2026-27"
        );
        assert_eq!(
            YearId::containing(day(2026, 3, 31)).unwrap().to_string(),
            "2025-26"
        );
        assert_eq!(
            YearId::containing(day(2026, 4, 1)).unwrap().to_string(),
            "2026-27"
        );
        let y: YearId = "2024-25".parse().unwrap();
        assert_eq!(y.label(), "2024/25");
        let next: YearId = "2025-26".parse().unwrap();
        assert_eq!(next.move_date(day(2024, 10, 1)), day(2025, 10, 1));
        assert_eq!(next.move_date(day(2025, 3, 31)), day(2026, 3, 31));
        let leap: YearId = "2023-24".parse().unwrap();
        assert_eq!(
            next.move_date(leap.move_date(day(2024, 2, 29))),
            day(2026, 2, 28)
        );
        assert_eq!(Month::of(day(2026, 4, 9)).label(), "Apr 2026");
        assert_eq!(Month::of(day(2027, 3, 1)).label(), "Mar 2027");
    }

    #[test]
    fn months_run_april_to_march_with_leap_february() {
        let y: YearId = "2023-24".parse().unwrap();
        let months: Vec<String> = y.months().map(|m| m.to_string()).collect();
        assert_eq!(months.first().unwrap(), "2023-04");
        assert_eq!(months.last().unwrap(), "2024-03");
        assert_eq!(months.len(), 12);
        let feb = y.months().nth(10).unwrap();
        assert_eq!(feb.to_string(), "2024-02");
        assert_eq!(feb.days(), 29);
    }
}

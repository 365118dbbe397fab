//! A role's money "at a glance", for role pages, the roles index and the home page: the
//! current year's maximums with their status, the change from last year, the Agenda for Change
//! pay range of the band, a typical salary for the calculator link, and the national maximum of
//! every year. All amounts are computed here from the rules data; pages only display them.

use crate::rules::band::Band;
use crate::rules::book::RuleBook;
use crate::rules::caps::CapPeriod;
use crate::rules::data::{PayPoint, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::money::Money;
use crate::rules::role::RoleId;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// `£152,900.00` → `£152,900`; amounts with pence keep them.
pub fn whole_pounds_gbp(money: Money) -> String {
    let shown = money.display_gbp();
    shown
        .strip_suffix(".00")
        .map_or(shown.clone(), str::to_owned)
}

impl RuleBook {
    /// The year pages treat as current on `date`: the year containing it if the book has it,
    /// otherwise the newest year that started before it, otherwise the oldest year.
    pub fn current_on(&self, date: NaiveDate) -> Option<&YearRules> {
        let years = self.years();
        years
            .iter()
            .find(|y| y.year.contains(date))
            .or_else(|| years.iter().rev().find(|y| y.year.first_day() <= date))
            .or_else(|| years.first())
    }
}

/// The change of a role's national maximum from one year to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearChange {
    /// The earlier year, e.g. `2025/26`.
    pub from_year: String,
    /// The earlier year's national maximum.
    pub from: Money,
    /// `from` for readers, e.g. `£69,410`.
    pub from_gbp: String,
    /// This year's minus last year's.
    pub difference: Money,
    /// `difference` for readers with its sign: `+£2,315` or `-£120`.
    pub difference_gbp: String,
    /// The change in per cent, to one decimal place, e.g. `3.3`.
    pub percent: Decimal,
}

/// The Agenda for Change pay range of a band, for recruits: not what the employer can claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayRange {
    /// Band label, e.g. `Band 7` or `Band 7–8a`.
    pub band: String,
    /// Lowest full-time salary of the band.
    pub low: Money,
    /// Highest full-time salary of the band.
    pub high: Money,
    /// `low` for readers.
    pub low_gbp: String,
    /// `high` for readers.
    pub high_gbp: String,
    /// Worst status of the two points.
    pub status: Status,
    /// Source of the pay scale.
    pub source: String,
}

/// A role's national maximum in one year (the table in force at the end of the year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearMaximum {
    /// Year id, e.g. `2026-27`.
    pub year: String,
    /// Year label, e.g. `2026/27`.
    pub label: String,
    /// The national maximum.
    pub national: Money,
    /// `national` for readers.
    pub national_gbp: String,
    /// Its status.
    pub status: Status,
    /// `national` in thousandths of the highest year's (for drawing bars), 0 to 1000.
    pub permille: u32,
}

/// A role's money at a glance in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGlance {
    /// Year id, e.g. `2026-27`.
    pub year: String,
    /// Year label, e.g. `2026/27`.
    pub year_label: String,
    /// The caps in force on the date asked for (default band).
    pub maximum: CapPeriod,
    /// National, outer and inner London maximums for readers, in whole pounds.
    pub national_gbp: String,
    /// Outer London maximum for readers.
    pub outer_london_gbp: String,
    /// Inner London maximum for readers.
    pub inner_london_gbp: String,
    /// Change of the national maximum from the year before, if the role was in it.
    pub change: Option<YearChange>,
    /// The band's AfC pay range (none for GPs).
    pub pay_range: Option<PayRange>,
    /// A typical full-time salary for the calculator link, whole pounds.
    pub typical_salary: Money,
    /// The national maximum of every year the role is in, oldest first.
    pub history: Vec<YearMaximum>,
}

/// The period of `role`'s default band in force on `date` (clamped into the year and to the
/// role's first day), from the tables estimates use.
fn period_on(rules: &YearRules, role: RoleId, date: NaiveDate) -> Result<CapPeriod, RulesError> {
    let rule = rules.role(role)?;
    let on = date
        .max(rules.role_first_day(rule))
        .clamp(rules.year.first_day(), rules.year.last_day());
    rules
        .cap_table(role)?
        .into_iter()
        .find(|p| p.band == rule.band && !p.superseded && p.from <= on && on <= p.to)
        .ok_or_else(|| RulesError::Data {
            year: rules.year.to_string(),
            problem: format!("have no caps for `{role}` on {on}"),
        })
}

/// The national maximum of `role` at the end of the year.
fn year_end_maximum(rules: &YearRules, role: RoleId) -> Option<CapPeriod> {
    period_on(rules, role, rules.year.last_day()).ok()
}

fn change(previous: &YearRules, before: &CapPeriod, now: &CapPeriod) -> YearChange {
    let from = before.national.annual;
    let difference = Money::round(now.national.annual.amount() - from.amount());
    let percent = if from.amount().is_zero() {
        Decimal::ZERO
    } else {
        (difference.amount() * Decimal::ONE_HUNDRED / from.amount())
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
    };
    let sign = if difference.is_negative() { "" } else { "+" };
    YearChange {
        from_year: previous.year.label(),
        from,
        from_gbp: whole_pounds_gbp(from),
        difference,
        difference_gbp: format!("{sign}{}", whole_pounds_gbp(difference)),
        percent,
    }
}

/// The AfC pay range of `band`: entry to top; for Band 7–8a, band 7 entry to band 8a top.
pub fn pay_range(rules: &YearRules, band: Band) -> Option<PayRange> {
    let (low_band, high_band) = match band {
        Band::SalariedGp => return None,
        Band::B7To8a => (Band::B7, Band::B8a),
        other => (other, other),
    };
    let low_scale = rules.pay_scale(low_band).ok()?;
    let high_scale = rules.pay_scale(high_band).ok()?;
    let (low_status, source) = low_scale.point_status(PayPoint::Entry);
    let (high_status, _) = high_scale.point_status(PayPoint::Top);
    Some(PayRange {
        band: band.label(),
        low: Money::round(low_scale.entry),
        high: Money::round(high_scale.top),
        low_gbp: whole_pounds_gbp(Money::round(low_scale.entry)),
        high_gbp: whole_pounds_gbp(Money::round(high_scale.top)),
        status: low_status.max(high_status),
        source: source.to_owned(),
    })
}

/// A typical full-time salary of `band`, whole pounds: the band's intermediate pay point, or
/// its entry point where it has none; for Band 7–8a the top of band 7; for salaried GPs, the
/// salary the national maximum just covers (salary + NI above the threshold + pension).
pub fn typical_salary(rules: &YearRules, band: Band, national_cap: Money) -> Money {
    let point = |band: Band, point: PayPoint| {
        rules
            .pay_scale(band)
            .ok()
            .and_then(|scale| scale.point(point).or(Some(scale.entry)))
    };
    let salary = match band {
        Band::SalariedGp => {
            let costs = &rules.on_costs;
            let rate = Decimal::ONE + costs.ni_rate.value + costs.pension_rate.value;
            let covered =
                (national_cap.amount() + costs.ni_rate.value * costs.ni_threshold.value) / rate;
            Some(covered.trunc())
        }
        Band::B7To8a => point(Band::B7, PayPoint::Top),
        other => point(other, PayPoint::Intermediate),
    };
    Money::round(salary.unwrap_or(Decimal::ZERO))
}

/// `role`'s money at a glance in the current year on `date` (see [`RuleBook::current_on`]).
pub fn role_glance(book: &RuleBook, role: RoleId, date: NaiveDate) -> Option<RoleGlance> {
    let rules = book.current_on(date)?;
    let rule = rules.role(role).ok()?;
    let maximum = period_on(rules, role, date).ok()?;
    let previous = book
        .years()
        .iter()
        .rev()
        .find(|y| y.year < rules.year && y.role(role).is_ok());
    let change = previous.and_then(|prev| {
        let before = year_end_maximum(prev, role)?;
        Some(change(prev, &before, &maximum))
    });
    let mut history: Vec<YearMaximum> = book
        .years()
        .iter()
        .filter(|y| y.year <= rules.year)
        .filter_map(|y| {
            let period = year_end_maximum(y, role)?;
            Some(YearMaximum {
                year: y.year.to_string(),
                label: y.year.label(),
                national: period.national.annual,
                national_gbp: whole_pounds_gbp(period.national.annual),
                status: period.national.status,
                permille: 0,
            })
        })
        .collect();
    let highest = history
        .iter()
        .map(|h| h.national.amount())
        .max()
        .unwrap_or(Decimal::ZERO);
    for year in &mut history {
        if highest > Decimal::ZERO {
            let share = (year.national.amount() * Decimal::from(1000) / highest).round();
            year.permille = u32::try_from(share.mantissa()).unwrap_or(0).min(1000);
        }
    }
    Some(RoleGlance {
        year: rules.year.to_string(),
        year_label: rules.year.label(),
        national_gbp: whole_pounds_gbp(maximum.national.annual),
        outer_london_gbp: whole_pounds_gbp(maximum.outer_london.annual),
        inner_london_gbp: whole_pounds_gbp(maximum.inner_london.annual),
        change,
        pay_range: pay_range(rules, rule.band),
        typical_salary: typical_salary(rules, rule.band, maximum.national.annual),
        history,
        maximum,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;
    use rust_decimal::dec;

    fn book() -> RuleBook {
        RuleBook::new(testdata::all())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_current_year_is_the_one_containing_the_date() {
        let book = book();
        let id = |d| book.current_on(d).map(|y| y.year.to_string());
        assert_eq!(id(day(2026, 11, 29)).as_deref(), Some("2026-27"));
        assert_eq!(id(day(2026, 3, 31)).as_deref(), Some("2025-26"));
        // After the last year of rules: the newest; before the first: the oldest.
        assert_eq!(id(day(2031, 6, 1)).as_deref(), Some("2026-27"));
        assert_eq!(id(day(2001, 6, 1)).as_deref(), Some("2023-24"));
    }

    #[test]
    fn the_gp_glance_shows_the_2026_27_maximum_and_the_rise_from_2025_26() {
        let glance = role_glance(&book(), RoleId::GeneralPractitioner, day(2026, 11, 29))
            .expect("GPs are in 2026/27");
        assert_eq!(glance.year_label, "2026/27");
        assert_eq!(glance.national_gbp, "£152,900");
        assert_eq!(glance.outer_london_gbp, "£155,698");
        assert_eq!(glance.maximum.national.status, Status::Derived);
        let change = glance.change.expect("GPs were in 2025/26");
        assert_eq!(change.from_year, "2025/26");
        // 2025/26 in force at the year end: the uplifted £110,148.
        assert_eq!(change.from_gbp, "£110,148");
        assert_eq!(change.difference_gbp, "+£42,752");
        assert_eq!(change.percent, dec!(38.8));
        assert!(glance.pay_range.is_none());
        // The salary the maximum covers is the 2026/27 top of the salaried range, £118,759,
        // less a pound of rounding in the published maximum.
        assert_eq!(glance.typical_salary, Money::pounds(118_758));
        let years: Vec<&str> = glance.history.iter().map(|h| h.year.as_str()).collect();
        assert_eq!(years, ["2024-25", "2025-26", "2026-27"]);
        // Bars are drawn against the highest year: £92,462 ÷ £152,900 = 0.605.
        let bars: Vec<u32> = glance.history.iter().map(|h| h.permille).collect();
        assert_eq!(bars, [605, 720, 1000]);
    }

    #[test]
    fn an_afc_role_shows_its_band_pay_range_and_a_typical_salary() {
        let rules = testdata::year("2026-27");
        let range = pay_range(&rules, Band::B7To8a).unwrap();
        assert_eq!(
            (range.low_gbp.as_str(), range.high_gbp.as_str()),
            ("£49,388", "£64,751")
        );
        assert_eq!(range.status, Status::Derived);
        let band5 = pay_range(&rules, Band::B5).unwrap();
        // Band 5 top is published, its entry derived: the range is as weak as its weakest end.
        assert_eq!(band5.status, Status::Derived);
        let glance = role_glance(&book(), RoleId::ClinicalPharmacist, day(2026, 11, 29)).unwrap();
        assert_eq!(glance.typical_salary, Money::pounds(56_515));
        let change = glance.change.unwrap();
        assert_eq!(change.from_gbp, "£69,410");
        assert_eq!(change.percent, dec!(3.3));
        assert_eq!(glance.history.len(), 4);
    }
}

//! One cap a page shows, checked against the rules data and against `estimate`.

use crate::findings::{Findings, Place};
use crate::html::table_amount;
use crate::rules_read::{
    caps_of, first_full_month, full_month_estimate, gbp, in_force_on, round_to_penny,
};
use arrs_guide::rules::{Band, CapTable, Region, YearRules};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One cap a page shows, with what it should be.
pub struct Cell<'a> {
    pub place: Place,
    pub rules: &'a YearRules,
    pub table: &'a CapTable,
    pub band: Band,
    pub region: Region,
    pub shown: String,
    /// The period the page says the figure applies to.
    pub period: (NaiveDate, NaiveDate),
}

/// (a) the annual figure is the rules data's; (b) annual ÷ 12 to the penny is the monthly cap
/// `estimate` uses for a full-time post in a whole month of the period; a superseded table's
/// cap is never the one used.
pub fn check_cap(f: &mut Findings, cell: &Cell<'_>) {
    f.cells += 1;
    let place = &cell.place;
    let Some(shown) = table_amount(&cell.shown) else {
        f.problem(format!(
            "{place}: shows \"{}\", not an amount like £12,345.67",
            cell.shown
        ));
        return;
    };
    let Some(caps) = caps_of(cell.table, cell.band) else {
        f.problem(format!(
            "{place}: table `{}` of the rules has no caps for {}",
            cell.table.id, cell.band
        ));
        return;
    };
    let data = caps.for_region(cell.region).value;
    f.check(shown == round_to_penny(data), || {
        format!(
            "{place}: annual cap shown {} but content/rules/{}.yaml table `{}`, band {}, has {}",
            cell.shown,
            cell.rules.year,
            cell.table.id,
            cell.band,
            gbp(data)
        )
    });
    let Some(month) = first_full_month(cell.period.0, cell.period.1) else {
        f.problem(format!("{place}: no whole month in the period to check"));
        return;
    };
    let estimate = match full_month_estimate(cell.rules, place.role, cell.band, cell.region, month)
    {
        Ok(e) => e,
        Err(e) => {
            f.problem(format!("{place}: {e}"));
            return;
        }
    };
    let Some(line) = estimate.months.first() else {
        f.problem(format!("{place}: the estimate of {} has no month", month.0));
        return;
    };
    let monthly = round_to_penny(shown / Decimal::from(12));
    let used = line.cap.amount();
    if cell.table.superseded {
        f.check(line.cap_table != cell.table.id, || {
            format!(
                "{place}: table `{}` is superseded, yet the estimate for {} uses it",
                cell.table.id, line.month
            )
        });
        let in_force = in_force_on(cell.rules, month.0);
        f.check(in_force.is_some_and(|t| t.id == line.cap_table), || {
            format!(
                "{place}: the estimate for {} uses table `{}`, not the table in force",
                line.month, line.cap_table
            )
        });
        let in_force_value = in_force
            .and_then(|t| caps_of(t, cell.band))
            .map(|c| c.for_region(cell.region).value);
        if in_force_value.is_some_and(|v| v != data) {
            f.check(used != monthly, || {
                format!(
                    "{place}: superseded cap {} ÷ 12 = {} is the monthly cap the estimate for {} uses",
                    cell.shown,
                    gbp(monthly),
                    line.month
                )
            });
        }
    } else {
        f.check(
            used == monthly && line.cap_table == cell.table.id,
            || {
                format!(
                    "{place}: annual cap shown {} ÷ 12 = {}, but the estimate of a full-time post in {} uses a monthly cap of {} (table `{}`, annual {})",
                    cell.shown,
                    gbp(monthly),
                    line.month,
                    line.cap.display_gbp(),
                    line.cap_table,
                    gbp(line.annual_cap)
                )
            },
        );
    }
}

/// The caps of one row of a table: a band in one period of a cap table.
pub struct Row<'a> {
    pub place: Place,
    pub rules: &'a YearRules,
    pub table: &'a CapTable,
    pub band: Band,
    pub period: (NaiveDate, NaiveDate),
}

/// Checks the three caps of one row, shown national, outer London, inner London.
pub fn check_row_caps(f: &mut Findings, row: &Row<'_>, shown: &[String]) {
    if shown.len() != Region::ALL.len() {
        f.problem(format!(
            "{}: {} amounts shown, expected one per region",
            row.place,
            shown.len()
        ));
        return;
    }
    for (region, amount) in Region::ALL.into_iter().zip(shown) {
        let mut place = row.place.clone();
        place.region = Some(region);
        check_cap(
            f,
            &Cell {
                place,
                rules: row.rules,
                table: row.table,
                band: row.band,
                region,
                shown: amount.clone(),
                period: row.period,
            },
        );
    }
}

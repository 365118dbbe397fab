//! Which maximum reimbursable amount is in force for a band, region and date, and the cap
//! tables role pages show. Estimates and role pages read the same figures, so "annual cap ÷ 12"
//! on a role page is the monthly cap an estimate uses for a full-time full month.

use crate::rules::band::Band;
use crate::rules::data::{CapTable, Figure, RoleRule, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::money::Money;
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// A cap table with the dates it applies to inside the year.
#[derive(Debug, Clone, Copy)]
pub struct TableInForce<'a> {
    /// The table.
    pub table: &'a CapTable,
    /// First day it applies.
    pub from: NaiveDate,
    /// Last day it applies.
    pub to: NaiveDate,
}

/// One cap of a role page's table: the annual amount and the monthly amount for a full-time
/// post in a full month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapAmount {
    /// Annual maximum per WTE, pounds.
    pub annual: Money,
    /// `annual ÷ 12`, rounded to the penny: what an estimate uses for a full month at 1 WTE.
    pub monthly: Money,
    /// `annual` for readers, e.g. `£62,340.00`.
    pub annual_gbp: String,
    /// `monthly` for readers, e.g. `£5,195.00`.
    pub monthly_gbp: String,
    /// Published, derived or scenario.
    pub status: Status,
    /// Source URL.
    pub source: String,
    /// Method or caveat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One period of a role's caps, for role pages and the roles index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapPeriod {
    /// Id of the cap table.
    pub table: String,
    /// What the table is.
    pub label: String,
    /// First day of the period (inside the year).
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Band id (e.g. `7-8a`).
    pub band: Band,
    /// Band label (e.g. `Band 7–8a`).
    pub band_label: String,
    /// National cap.
    pub national: CapAmount,
    /// Outer London cap.
    pub outer_london: CapAmount,
    /// Inner London cap.
    pub inner_london: CapAmount,
    /// Worst status of the three amounts (scenario over derived over published).
    pub status: Status,
    /// True when the table was replaced from its own start and is shown for reference only.
    pub superseded: bool,
    /// The table's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A role with its band and the caps in force on a date, for the roles index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleCaps {
    /// Role id.
    pub role: RoleId,
    /// Role name.
    pub name: &'static str,
    /// The role's (default) band and its caps on the date.
    pub period: CapPeriod,
    /// Status of the role's band assignment.
    pub band_status: Status,
    /// Source of the role's band assignment.
    pub band_source: String,
    /// Caveats about the role this year (e.g. how an MHP's default band was chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl YearRules {
    fn data_error(&self, problem: impl Into<String>) -> RulesError {
        RulesError::Data {
            year: self.year.to_string(),
            problem: problem.into(),
        }
    }

    /// The role's entry for this year, or an error naming the `role` field if the role is not
    /// in the year's scheme.
    pub fn role(&self, role: RoleId) -> Result<&RoleRule, RulesError> {
        self.roles.iter().find(|r| r.id == role).ok_or_else(|| {
            RulesError::field(
                "role",
                format!("`{role}` is not in the {} scheme", self.year),
            )
        })
    }

    /// First day the role can be claimed in this year.
    pub fn role_first_day(&self, rule: &RoleRule) -> NaiveDate {
        rule.from
            .unwrap_or(self.year.first_day())
            .max(self.year.first_day())
    }

    /// The tables estimates use (not superseded), in date order, with the days each covers.
    pub fn tables_in_force(&self) -> Vec<TableInForce<'_>> {
        let mut tables: Vec<&CapTable> = self.cap_tables.iter().filter(|t| !t.superseded).collect();
        tables.sort_by_key(|t| t.from);
        let mut out = Vec::with_capacity(tables.len());
        for (i, table) in tables.iter().enumerate() {
            let to = tables
                .get(i + 1)
                .and_then(|next| next.from.pred_opt())
                .unwrap_or(self.year.last_day());
            out.push(TableInForce {
                table,
                from: table.from,
                to,
            });
        }
        out
    }

    /// The table in force on `date`.
    pub fn table_on(&self, date: NaiveDate) -> Result<TableInForce<'_>, RulesError> {
        self.tables_in_force()
            .into_iter()
            .find(|t| t.from <= date && date <= t.to)
            .ok_or_else(|| self.data_error(format!("have no cap table in force on {date}")))
    }

    /// The annual cap for `band` in `region` in force on `date`, with the table it comes from.
    pub fn cap_on(
        &self,
        band: Band,
        region: Region,
        date: NaiveDate,
    ) -> Result<(TableInForce<'_>, &Figure), RulesError> {
        let in_force = self.table_on(date)?;
        let caps = in_force
            .table
            .bands
            .iter()
            .find(|b| b.band == band)
            .ok_or_else(|| {
                self.data_error(format!(
                    "have no cap for band {band} in table `{}`",
                    in_force.table.id
                ))
            })?;
        Ok((in_force, caps.for_region(region)))
    }

    /// Whether `role` has one London rate this year: each of its caps is the same in outer and
    /// inner London (the rules data repeats the GPs' single London rate for both regions).
    pub fn one_london_rate(&self, role: RoleId) -> bool {
        let Ok(rule) = self.role(role) else {
            return false;
        };
        let bands = self.bands_of(rule);
        let mut caps = self
            .cap_tables
            .iter()
            .flat_map(|table| &table.bands)
            .filter(|caps| bands.contains(&caps.band))
            .peekable();
        caps.peek().is_some() && caps.all(|c| c.outer_london.value == c.inner_london.value)
    }

    /// The name of the pay area a post of `role` in `region` is in, for readers: "London" for
    /// either London region of a role with one London rate.
    pub fn pay_area_name(&self, role: RoleId, region: Region) -> &'static str {
        if region != Region::National && self.one_london_rate(role) {
            "London"
        } else {
            region.name()
        }
    }

    /// Every band a role can be claimed at this year (the default band first).
    pub fn bands_of(&self, rule: &RoleRule) -> Vec<Band> {
        let mut bands = vec![rule.band];
        for band in &rule.bands_offered {
            if !bands.contains(band) {
                bands.push(*band);
            }
        }
        bands
    }

    /// The caps a role page shows: for each band the role can be claimed at, each table of the
    /// year (superseded ones included and flagged) with its dates, clipped to the days the role
    /// is in the scheme.
    pub fn cap_table(&self, role: RoleId) -> Result<Vec<CapPeriod>, RulesError> {
        let rule = self.role(role)?;
        let role_from = self.role_first_day(rule);
        let in_force = self.tables_in_force();
        let mut periods = Vec::new();
        for band in self.bands_of(rule) {
            let mut tables: Vec<&CapTable> = self.cap_tables.iter().collect();
            tables.sort_by_key(|t| (t.from, !t.superseded));
            for table in tables {
                let to = if table.superseded {
                    self.year.last_day()
                } else {
                    in_force
                        .iter()
                        .find(|t| std::ptr::eq(t.table, table))
                        .map(|t| t.to)
                        .unwrap_or(self.year.last_day())
                };
                if to < role_from {
                    continue;
                }
                let Some(caps) = table.bands.iter().find(|b| b.band == band) else {
                    continue;
                };
                periods.push(CapPeriod {
                    table: table.id.clone(),
                    label: table.label.clone(),
                    from: table.from.max(role_from),
                    to,
                    band,
                    band_label: band.label(),
                    national: cap_amount(&caps.national),
                    outer_london: cap_amount(&caps.outer_london),
                    inner_london: cap_amount(&caps.inner_london),
                    status: caps
                        .national
                        .status
                        .max(caps.outer_london.status)
                        .max(caps.inner_london.status),
                    superseded: table.superseded,
                    note: table.note.clone(),
                });
            }
        }
        if periods.is_empty() {
            return Err(self.data_error(format!("have no caps for `{role}`")));
        }
        Ok(periods)
    }

    /// Every role of the year with its (default) band and the caps in force on `date`, for the
    /// roles index. A role not yet claimable on `date` (e.g. GPs before 1 October 2024) shows the
    /// first caps it will have.
    pub fn roles_on(&self, date: NaiveDate) -> Result<Vec<RoleCaps>, RulesError> {
        let mut out = Vec::with_capacity(self.roles.len());
        for rule in &self.roles {
            let on = date.max(self.role_first_day(rule));
            let period = self
                .cap_table(rule.id)?
                .into_iter()
                .find(|p| p.band == rule.band && !p.superseded && p.from <= on && on <= p.to)
                .ok_or_else(|| {
                    self.data_error(format!("have no caps for `{}` on {on}", rule.id))
                })?;
            out.push(RoleCaps {
                role: rule.id,
                name: rule.id.name(),
                period,
                band_status: rule.status,
                band_source: rule.source.clone(),
                note: rule.note.clone(),
            });
        }
        Ok(out)
    }
}

fn cap_amount(figure: &Figure) -> CapAmount {
    let annual = Money::round(figure.value);
    let monthly = monthly_full_time(figure.value);
    CapAmount {
        annual,
        monthly,
        annual_gbp: annual.display_gbp(),
        monthly_gbp: monthly.display_gbp(),
        status: figure.status,
        source: figure.source.clone(),
        note: figure.note.clone(),
    }
}

/// `annual ÷ 12` rounded to the penny: the cap of a full month at 1 WTE.
pub fn monthly_full_time(annual: Decimal) -> Money {
    Money::round(annual / Decimal::from(12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;
    use rust_decimal::dec;

    /// Every role of every year resolves to a cap for all three regions on every day it can be
    /// claimed, at every band it can be claimed at.
    #[test]
    fn every_role_has_caps_for_every_region_and_day() {
        for rules in testdata::all() {
            for rule in &rules.roles {
                let mut day = rules.role_first_day(rule);
                while day <= rules.year.last_day() {
                    for band in rules.bands_of(rule) {
                        for region in Region::ALL {
                            let found = rules.cap_on(band, region, day);
                            assert!(
                                found.is_ok(),
                                "{} {} {band} {region} {day}",
                                rules.year,
                                rule.id
                            );
                        }
                    }
                    day = day.succ_opt().unwrap();
                }
                assert!(!rules.cap_table(rule.id).unwrap().is_empty());
            }
        }
    }

    /// The role page's monthly figure is the estimate's cap for a full-time full month.
    #[test]
    fn role_page_monthly_cap_is_the_estimate_cap() {
        use crate::rules::estimate::estimate;
        use crate::rules::post::{Post, WorkingTime};
        for rules in testdata::all() {
            for rule in &rules.roles {
                let periods = rules.cap_table(rule.id).unwrap();
                let post = Post::new(
                    rule.id,
                    Region::InnerLondon,
                    dec!(1000000),
                    WorkingTime::wte(dec!(1)).unwrap(),
                )
                .unwrap();
                let e = estimate(&rules, &post).unwrap();
                for line in &e.months {
                    let period = periods
                        .iter()
                        .find(|p| {
                            p.band == rule.band
                                && !p.superseded
                                && p.from <= line.month.first_day()
                                && line.month.first_day() <= p.to
                        })
                        .or_else(|| {
                            periods
                                .iter()
                                .find(|p| p.band == rule.band && !p.superseded)
                        })
                        .unwrap();
                    assert_eq!(
                        line.cap, period.inner_london.monthly,
                        "{} {} {}",
                        rules.year, rule.id, line.month
                    );
                }
            }
        }
    }

    /// 2025/26 role pages show the superseded April table and the uplifted one, both from
    /// 1 April 2025; estimates use the uplifted one (clinical pharmacist £69,410, not £66,972).
    #[test]
    fn superseded_table_is_shown_but_not_used() {
        let rules = testdata::year("2025-26");
        let periods = rules.cap_table(RoleId::ClinicalPharmacist).unwrap();
        assert_eq!(periods.len(), 2);
        assert!(periods[0].superseded);
        assert_eq!(periods[0].national.annual, Money::pounds(66972));
        assert_eq!(periods[0].national.status, Status::Published);
        assert!(!periods[1].superseded);
        assert_eq!(periods[1].national.annual, Money::pounds(69410));
        assert_eq!(periods[1].status, Status::Derived);
        assert_eq!(periods[1].national.monthly.plain(), "5784.17");
        assert_eq!(periods[1].national.annual_gbp, "£69,410.00");
        assert_eq!(periods[1].national.monthly_gbp, "£5,784.17");
        let (_, cap) = rules
            .cap_on(Band::B7To8a, Region::National, rules.year.first_day())
            .unwrap();
        assert_eq!(cap.value, dec!(69410));
    }

    #[test]
    fn roles_index_lists_every_role_with_its_caps() {
        let rules = testdata::year("2024-25");
        let on = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let index = rules.roles_on(on).unwrap();
        assert_eq!(index.len(), 21);
        let gp = index
            .iter()
            .find(|r| r.role == RoleId::GeneralPractitioner)
            .unwrap();
        assert_eq!(
            gp.period.from,
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
        assert_eq!(gp.period.outer_london.annual, gp.period.inner_london.annual);
        let cp = index
            .iter()
            .find(|r| r.role == RoleId::ClinicalPharmacist)
            .unwrap();
        assert_eq!(cp.period.national.annual, Money::pounds(62340));
        assert_eq!(cp.period.to, NaiveDate::from_ymd_opt(2024, 9, 30).unwrap());
    }

    #[test]
    fn role_outside_the_year_is_an_error_naming_role() {
        let rules = testdata::year("2023-24");
        assert_eq!(
            rules
                .cap_table(RoleId::ConsultantNurse)
                .unwrap_err()
                .field_name(),
            Some("role")
        );
    }
}

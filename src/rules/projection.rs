//! Projection: how a plan's unfunded top-up grows when pay rises faster than the caps and the
//! entitlement — the cost of pay awards the scheme does not fund.
//!
//! Method (a scenario, not a forecast):
//! - Row 0 is the plan's **full-year effect**: every post in post for all twelve months at its
//!   WTE, on the caps in force on 31 March of the plan year, so part-year posts and mid-year cap
//!   changes do not distort the comparison.
//! - Row k (1 to N) raises each salary by the pay award, each cap by the cap uplift and each
//!   pot's entitlement by the entitlement growth, compounded k times; each is rounded to the
//!   penny after compounding. On-cost rates stay those of the plan year (or the overrides).
//! - Each row computes a full month with the same month function as the estimate and counts it
//!   twelve times, so the rows follow the estimate's rounding exactly.

use crate::rules::data::{Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::estimate::{month_amounts, resolve, MonthInput};
use crate::rules::money::{mul, plain_decimal, sum_money, Money};
use crate::rules::plan::{Plan, PlanInput};
use crate::rules::year::YearId;
use rust_decimal::Decimal;
use serde::Serialize;

/// Most years a projection runs.
pub const MAX_YEARS: u32 = 10;

/// The assumptions of a projection; percentages as given (`3.3` is 3.3%).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectionAssumptions {
    /// Years after the plan year, 1 to 10.
    pub years: u32,
    /// Annual pay award, percent.
    pub pay_award: Decimal,
    /// Annual uplift of the caps, percent.
    pub cap_uplift: Decimal,
    /// Annual growth of the entitlement rate, percent.
    pub entitlement_growth: Decimal,
}

impl ProjectionAssumptions {
    /// Checked assumptions: 1 to 10 years; each percentage from −50 to 100.
    pub fn new(
        years: u32,
        pay_award: Decimal,
        cap_uplift: Decimal,
        entitlement_growth: Decimal,
    ) -> Result<Self, RulesError> {
        if years == 0 || years > MAX_YEARS {
            return Err(RulesError::field(
                "project_years",
                format!("must be from 1 to {MAX_YEARS}"),
            ));
        }
        check_percent("pay_award", pay_award)?;
        check_percent("cap_uplift", cap_uplift)?;
        check_percent("entitlement_growth", entitlement_growth)?;
        Ok(ProjectionAssumptions {
            years,
            pay_award,
            cap_uplift,
            entitlement_growth,
        })
    }
}

fn check_percent(field: &'static str, value: Decimal) -> Result<(), RulesError> {
    if value < Decimal::from(-50) || value > Decimal::from(100) {
        Err(RulesError::field(
            field,
            "must be a percentage from -50 to 100 (e.g. 3.3)",
        ))
    } else {
        Ok(())
    }
}

/// One year of a projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectionYear {
    /// The year.
    pub year: YearId,
    /// `full-year` for row 0 (the plan's full-year effect), `scenario` for later years.
    pub basis: &'static str,
    /// Entitlement of all pots.
    pub entitlement: Money,
    /// Cost of all posts.
    pub cost: Money,
    /// Claims of all posts.
    pub claim: Money,
    /// Top-ups of all posts (what the practices fund).
    pub top_up: Money,
    /// Entitlement − claim.
    pub headroom: Money,
}

/// A projection: its assumptions and one row per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Projection {
    /// Pay award, percent.
    pub pay_award: String,
    /// Cap uplift, percent.
    pub cap_uplift: String,
    /// Entitlement growth, percent.
    pub entitlement_growth: String,
    /// Status of every projected figure.
    pub status: Status,
    /// Row 0 (full-year effect) then one row per projected year.
    pub years: Vec<ProjectionYear>,
}

/// `(1 + percent ÷ 100)^k`, exactly.
fn growth(percent: Decimal, k: u32) -> Result<Decimal, RulesError> {
    let factor = Decimal::ONE + percent / Decimal::from(100);
    (0..k).try_fold(Decimal::ONE, |acc, _| mul(acc, factor, "a projection"))
}

/// Projects a computed plan (see the module docs for the method).
pub fn project(
    rules: &YearRules,
    input: &PlanInput,
    plan: &Plan,
    assumptions: &ProjectionAssumptions,
) -> Result<Projection, RulesError> {
    let last_day = rules.year.last_day();
    let mut rows = Vec::new();
    let mut year = rules.year;
    for k in 0..=assumptions.years {
        if k > 0 {
            year = year.next()?;
        }
        let pay_factor = growth(assumptions.pay_award, k)?;
        let cap_factor = growth(assumptions.cap_uplift, k)?;
        let entitlement_factor = growth(assumptions.entitlement_growth, k)?;
        let mut costs = Vec::new();
        let mut claims = Vec::new();
        let mut top_ups = Vec::new();
        for (i, post) in input.posts.iter().enumerate() {
            let resolved = resolve(rules, post).map_err(|e| e.in_post(i + 1))?;
            let (_, cap) = rules.cap_on(resolved.band, post.region, last_day)?;
            let month = MonthInput {
                salary: Money::round(mul(post.salary, pay_factor, "a projected salary")?).amount(),
                wte: post.working_time.fraction(),
                days_active: 1,
                days_in_month: 1,
                annual_cap: Money::round(mul(cap.value, cap_factor, "a projected cap")?).amount(),
                share: resolved.share,
                in_pension: post.in_pension,
            };
            let [_, _, _, cost, _, claim, top_up] = month_amounts(&month, &resolved.rates)?;
            let twelve = Decimal::from(12);
            costs.push(Money::round(mul(
                cost.amount(),
                twelve,
                "a projected cost",
            )?));
            claims.push(Money::round(mul(
                claim.amount(),
                twelve,
                "a projected claim",
            )?));
            top_ups.push(Money::round(mul(
                top_up.amount(),
                twelve,
                "a projected top-up",
            )?));
        }
        let mut entitlements = Vec::new();
        for pot in &plan.pots {
            entitlements.push(Money::round(mul(
                pot.entitlement.amount(),
                entitlement_factor,
                "a projected entitlement",
            )?));
        }
        let entitlement = sum_money(entitlements)?;
        let claim = sum_money(claims)?;
        rows.push(ProjectionYear {
            year,
            basis: if k == 0 { "full-year" } else { "scenario" },
            entitlement,
            cost: sum_money(costs)?,
            claim,
            top_up: sum_money(top_ups)?,
            headroom: entitlement.checked_sub(claim)?,
        });
    }
    Ok(Projection {
        pay_award: plain_decimal(assumptions.pay_award),
        cap_uplift: plain_decimal(assumptions.cap_uplift),
        entitlement_growth: plain_decimal(assumptions.entitlement_growth),
        status: Status::Scenario,
        years: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::plan::plan;
    use crate::rules::post::{Post, WorkingTime};
    use crate::rules::region::Region;
    use crate::rules::role::RoleId;
    use crate::rules::testdata;
    use rust_decimal::dec;

    /// Clinical pharmacist, 2025/26, national, £60,000, 1 WTE; weighted population 10,000.
    /// Row 0 (full-year effect, cap on 31 March 2026 £69,410):
    ///   pay 5,000.00; ni 0.15 × (5,000 − 416.666…) = 687.50; pension 719.00; cost 6,406.50;
    ///   cap 5,784.17 → claim 5,784.17, top-up 622.33 a month;
    ///   a year: cost 76,878.00, claim 69,410.04, top-up 7,467.96; entitlement 266,310.00.
    /// Row 1 (pay +5%, caps +2%, entitlement +2%): salary 63,000 → pay 5,250.00;
    ///   ni 0.15 × 4,833.333… = 725.00; pension 754.95; cost 6,729.95;
    ///   cap 69,410 × 1.02 = 70,798.20 → 5,899.85 a month; top-up 830.10 a month:
    ///   a year: cost 80,759.40, claim 70,798.20, top-up 9,961.20;
    ///   entitlement 266,310.00 × 1.02 = 271,636.20.
    #[test]
    fn top_up_grows_when_pay_outruns_the_caps() {
        let rules = testdata::year("2025-26");
        let post = Post::new(
            RoleId::ClinicalPharmacist,
            Region::National,
            dec!(60000),
            WorkingTime::wte(dec!(1)).unwrap(),
        )
        .unwrap();
        let input = PlanInput {
            weighted_population: dec!(10000),
            posts: vec![post],
            projection: Some(ProjectionAssumptions::new(2, dec!(5), dec!(2), dec!(2)).unwrap()),
        };
        let p = plan(&rules, &input).unwrap();
        let proj = p.projection.unwrap();
        assert_eq!(proj.years.len(), 3);
        let row = |i: usize| {
            let r = &proj.years[i];
            (
                r.year.to_string(),
                [r.entitlement, r.cost, r.claim, r.top_up].map(|m| m.plain()),
            )
        };
        assert_eq!(
            row(0),
            (
                "2025-26".into(),
                ["266310.00", "76878.00", "69410.04", "7467.96"].map(String::from)
            )
        );
        assert_eq!(
            row(1),
            (
                "2026-27".into(),
                ["271636.20", "80759.40", "70798.20", "9961.20"].map(String::from)
            )
        );
        assert!(proj.years[2].top_up > proj.years[1].top_up);
    }

    #[test]
    fn assumptions_are_checked() {
        assert_eq!(
            ProjectionAssumptions::new(0, dec!(3), dec!(3), dec!(3))
                .unwrap_err()
                .field_name(),
            Some("project_years")
        );
        assert_eq!(
            ProjectionAssumptions::new(11, dec!(3), dec!(3), dec!(3))
                .unwrap_err()
                .field_name(),
            Some("project_years")
        );
        assert_eq!(
            ProjectionAssumptions::new(3, dec!(101), dec!(3), dec!(3))
                .unwrap_err()
                .field_name(),
            Some("pay_award")
        );
        assert_eq!(
            ProjectionAssumptions::new(3, dec!(3), dec!(-51), dec!(3))
                .unwrap_err()
                .field_name(),
            Some("cap_uplift")
        );
        assert_eq!(
            ProjectionAssumptions::new(3, dec!(3), dec!(3), dec!(200))
                .unwrap_err()
                .field_name(),
            Some("entitlement_growth")
        );
    }
}

//! What a PCN could still recruit with the entitlement its plan leaves unclaimed: for each role
//! of the year, a post at a typical salary (the band's intermediate pay point, or its entry
//! point) starting on a chosen day, and how many whole-time equivalents of it the unclaimed
//! money of the role's pot would reimburse until 31 March.

use crate::rules::band::Band;
use crate::rules::data::{PayPoint, YearRules};
use crate::rules::error::RulesError;
use crate::rules::estimate::estimate;
use crate::rules::money::{plain_decimal, Money};
use crate::rules::plan::pot_for;
use crate::rules::plan_model::Plan;
use crate::rules::post::{Post, WorkingTime};
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use crate::rules::year::YearId;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// One role that could still be recruited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecruitRole {
    /// Role id.
    pub role: RoleId,
    /// Role name.
    pub role_name: &'static str,
    /// The pay band the typical salary is taken from.
    pub band: Band,
    /// The pay point of that band.
    pub pay_point: PayPoint,
    /// The typical full-time salary (national pay area).
    pub salary: Money,
    /// First day of the post: the chosen day, or the role's first day in the scheme if later.
    pub from: NaiveDate,
    /// What 1 WTE of the post would claim from its first day to 31 March.
    pub claim_per_wte: Money,
    /// Id of the pot it draws on.
    pub pot: String,
    /// Whole-time equivalents the pot's unclaimed entitlement reimburses (rounded down to 0.01).
    pub wte: String,
    /// The WTE of one post to add: the WTE that fits, at most 1.
    pub post_wte: String,
}

/// What still fits in a plan's unclaimed entitlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recruit {
    /// The year.
    pub year: YearId,
    /// The chosen first day.
    pub from: NaiveDate,
    /// Unclaimed entitlement of the main pot.
    pub unclaimed: Money,
    /// Every role of the year with a typical salary, in the rules' order.
    pub roles: Vec<RecruitRole>,
}

/// The typical salary of a band: its intermediate pay point, or its entry point.
fn typical_salary(rules: &YearRules, band: Band) -> Option<(Band, PayPoint, Decimal)> {
    let band = if band == Band::B7To8a { Band::B7 } else { band };
    [PayPoint::Intermediate, PayPoint::Entry]
        .into_iter()
        .find_map(|point| {
            rules
                .salary_at(band, point)
                .ok()
                .map(|(salary, _)| (band, point, salary))
        })
}

/// What still fits in `base`'s unclaimed entitlement, for posts starting on `from`.
pub fn recruit(rules: &YearRules, base: &Plan, from: NaiveDate) -> Result<Recruit, RulesError> {
    let (first, last) = (rules.year.first_day(), rules.year.last_day());
    if from < first || from > last {
        let year = rules.year;
        return Err(RulesError::field(
            "from",
            format!("must be inside {year} ({first} to {last})"),
        ));
    }
    let unclaimed_of = |pot: &str| -> Result<Money, RulesError> {
        base.pots
            .iter()
            .find(|line| line.id == pot)
            .and_then(|line| line.unclaimed)
            .ok_or_else(|| {
                RulesError::input(
                    "weighted_population",
                    "Enter the weighted population to see what you could still recruit",
                )
            })
    };
    let main = rules
        .pots
        .iter()
        .find(|pot| pot.roles.is_empty())
        .map(|pot| pot.id.clone())
        .unwrap_or_default();
    let mut roles = Vec::new();
    for rule in &rules.roles {
        let Some((band, pay_point, salary)) = typical_salary(rules, rule.band) else {
            continue;
        };
        let start = from.max(rules.role_first_day(rule));
        let mut post = Post::new(
            rule.id,
            Region::National,
            salary,
            WorkingTime::wte(Decimal::ONE)?,
        )?;
        post.from = Some(start);
        let claim = estimate(rules, &post)?.totals.claim;
        if claim.amount() <= Decimal::ZERO {
            continue;
        }
        let pot = rules.pots[pot_for(rules, rule.id)?].id.clone();
        let unclaimed = unclaimed_of(&pot)?.amount();
        let fits = (unclaimed / claim.amount())
            .round_dp_with_strategy(2, RoundingStrategy::ToZero)
            .normalize();
        roles.push(RecruitRole {
            role: rule.id,
            role_name: rule.id.name(),
            band,
            pay_point,
            salary: Money::round(salary),
            from: start,
            claim_per_wte: claim,
            pot,
            wte: plain_decimal(fits),
            post_wte: plain_decimal(fits.min(Decimal::ONE)),
        });
    }
    Ok(Recruit {
        year: rules.year,
        from,
        unclaimed: unclaimed_of(&main)?,
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::plan::plan;
    use crate::rules::plan_model::PlanInput;
    use crate::rules::testdata;
    use rust_decimal::dec;

    fn pharmacist() -> Post {
        Post::new(
            RoleId::ClinicalPharmacist,
            Region::National,
            dec!(52000),
            WorkingTime::wte(Decimal::ONE).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn the_unclaimed_entitlement_divided_by_a_posts_claim_from_the_start_date() {
        let rules = testdata::year("2025-26");
        let base = plan(
            &rules,
            &PlanInput::new(Some(dec!(5000)), vec![pharmacist()]),
        )
        .unwrap();
        let from = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        let answer = recruit(&rules, &base, from).unwrap();
        let unclaimed = base.pots[0].unclaimed.unwrap().amount();
        assert_eq!(answer.unclaimed.amount(), unclaimed);
        let coach = answer
            .roles
            .iter()
            .find(|r| r.role == RoleId::HealthAndWellbeingCoach)
            .expect("a health and wellbeing coach has a pay scale");
        // 1 WTE from 1 October claims six months; the WTE that fits is rounded down.
        let fits: Decimal = coach.wte.parse().unwrap();
        let claim = coach.claim_per_wte.amount();
        assert!(
            fits * claim <= unclaimed && (fits + dec!(0.01)) * claim > unclaimed,
            "{coach:?}"
        );
        assert_eq!(coach.post_wte, "1");
        let from_april = recruit(&rules, &base, rules.year.first_day()).unwrap();
        let coach_all_year = from_april
            .roles
            .iter()
            .find(|r| r.role == RoleId::HealthAndWellbeingCoach)
            .unwrap();
        assert!(
            coach_all_year.claim_per_wte.amount() > claim,
            "a longer year claims more"
        );
    }

    #[test]
    fn an_over_committed_plan_fits_nothing_and_a_plan_without_population_is_an_error() {
        let rules = testdata::year("2025-26");
        let posts = vec![pharmacist(), pharmacist(), pharmacist()];
        let over = plan(&rules, &PlanInput::new(Some(dec!(1000)), posts.clone())).unwrap();
        let answer = recruit(&rules, &over, rules.year.first_day()).unwrap();
        assert!(
            answer.roles.iter().all(|r| r.wte == "0"),
            "{:?}",
            answer.roles
        );
        let none = plan(&rules, &PlanInput::new(None, posts)).unwrap();
        let error = recruit(&rules, &none, rules.year.first_day()).unwrap_err();
        assert_eq!(error.field_name(), Some("weighted_population"));
        let outside = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(
            recruit(&rules, &over, outside).unwrap_err().field_name(),
            Some("from")
        );
    }
}

//! A PCN plan: its posts against the entitlement pots of the year.
//!
//! Each pot's entitlement is its rate × the weighted population, to the penny. A post draws on
//! the ring-fenced pot that lists its role (2024/25: GPs on the GP pot), otherwise on the main
//! pot. Per pot: claims and headroom (entitlement − claims); a negative headroom is the
//! over-commitment that will not be reimbursed. Plan totals add the pots up; because a
//! ring-fenced pot's headroom cannot pay for other roles, read the pots, not only the total.

use crate::rules::data::{Pot, YearRules};
use crate::rules::error::RulesError;
use crate::rules::estimate::{estimate, Estimate};
use crate::rules::money::{mul, sum_money, Money};
use crate::rules::post::Post;
use crate::rules::projection::{project, Projection, ProjectionAssumptions};
use crate::rules::role::RoleId;
use crate::rules::year::YearId;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Largest weighted population accepted (the largest PCNs are a few hundred thousand).
pub const MAX_WEIGHTED_POPULATION: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);
/// Most posts a plan may hold.
pub const MAX_POSTS: usize = 500;

/// What a plan is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    /// The PCN's contractor weighted population at 1 January.
    pub weighted_population: Decimal,
    /// The posts.
    pub posts: Vec<Post>,
    /// Assumptions for a projection over the next years, if wanted.
    pub projection: Option<ProjectionAssumptions>,
}

/// One pot of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PotLine {
    /// The pot's name.
    pub name: String,
    /// Rate × weighted population.
    pub entitlement: Money,
    /// Claims of the posts that draw on it.
    pub claim: Money,
    /// Entitlement − claim (negative: over-committed).
    pub headroom: Money,
    /// The pot's id.
    #[serde(skip)]
    pub id: String,
}

impl PotLine {
    /// What will not be reimbursed: claims above the entitlement (zero if within it).
    pub fn over_commitment(&self) -> Money {
        if self.headroom.is_negative() {
            Money::round(-self.headroom.amount())
        } else {
            Money::ZERO
        }
    }
}

/// Plan totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanTotals {
    /// Sum of the pots' entitlements.
    pub entitlement: Money,
    /// Sum of the posts' costs.
    pub cost: Money,
    /// Sum of the posts' claims.
    pub claim: Money,
    /// Sum of the posts' top-ups.
    pub top_up: Money,
    /// Sum of the pots' headrooms (entitlement − claim).
    pub headroom: Money,
}

/// A computed plan. Serializes to the DESIGN §5 shape: `year, weighted_population, pots,
/// totals, posts` (plus `projection` when one was asked for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Year id.
    pub year: YearId,
    /// Weighted population.
    #[serde(serialize_with = "plain")]
    pub weighted_population: Decimal,
    /// Pots.
    pub pots: Vec<PotLine>,
    /// Totals.
    pub totals: PlanTotals,
    /// One estimate per post, in input order.
    pub posts: Vec<Estimate>,
    /// Projection, if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<Projection>,
}

impl Plan {
    /// Everything that will not be reimbursed across the pots.
    pub fn over_commitment(&self) -> Result<Money, RulesError> {
        sum_money(self.pots.iter().map(PotLine::over_commitment))
    }
}

fn plain<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&value.normalize())
}

/// Checks a weighted population: more than 0 and at most 10,000,000.
pub fn check_weighted_population(value: Decimal) -> Result<(), RulesError> {
    if value <= Decimal::ZERO || value > MAX_WEIGHTED_POPULATION {
        Err(RulesError::field(
            "weighted_population",
            "must be more than 0 and at most 10000000",
        ))
    } else {
        Ok(())
    }
}

/// Rate × weighted population, to the penny.
pub fn entitlement(pot: &Pot, weighted_population: Decimal) -> Result<Money, RulesError> {
    Ok(Money::round(mul(
        pot.rate.value,
        weighted_population,
        "entitlement",
    )?))
}

/// The index of the pot a role draws on: the ring-fenced pot listing it, otherwise the main pot
/// (the one with no role list).
pub fn pot_for(rules: &YearRules, role: RoleId) -> Result<usize, RulesError> {
    rules
        .pots
        .iter()
        .position(|p| p.roles.contains(&role))
        .or_else(|| rules.pots.iter().position(|p| p.roles.is_empty()))
        .ok_or_else(|| RulesError::Data {
            year: rules.year.to_string(),
            problem: format!("have no pot that `{role}` can draw on"),
        })
}

/// Computes a plan: every post's estimate, each pot's entitlement, claims and headroom, the
/// totals, and the projection if asked for. An error in a post names the post by its position
/// (`post 2: wte must be …`, see [`RulesError::post_number`]).
pub fn plan(rules: &YearRules, input: &PlanInput) -> Result<Plan, RulesError> {
    check_weighted_population(input.weighted_population)?;
    if input.posts.len() > MAX_POSTS {
        return Err(RulesError::field(
            "posts",
            format!("must be at most {MAX_POSTS}"),
        ));
    }
    let mut posts = Vec::with_capacity(input.posts.len());
    for (i, post) in input.posts.iter().enumerate() {
        posts.push(estimate(rules, post).map_err(|e| e.in_post(i + 1))?);
    }
    let mut pots = Vec::with_capacity(rules.pots.len());
    for pot in &rules.pots {
        pots.push(PotLine {
            name: pot.name.clone(),
            entitlement: entitlement(pot, input.weighted_population)?,
            claim: Money::ZERO,
            headroom: Money::ZERO,
            id: pot.id.clone(),
        });
    }
    for e in &posts {
        let index = pot_for(rules, e.role)?;
        if let Some(line) = pots.get_mut(index) {
            line.claim = line.claim.checked_add(e.totals.claim)?;
        }
    }
    for line in &mut pots {
        line.headroom = line.entitlement.checked_sub(line.claim)?;
    }
    let totals = PlanTotals {
        entitlement: sum_money(pots.iter().map(|p| p.entitlement))?,
        cost: sum_money(posts.iter().map(|e| e.totals.cost))?,
        claim: sum_money(posts.iter().map(|e| e.totals.claim))?,
        top_up: sum_money(posts.iter().map(|e| e.totals.top_up))?,
        headroom: sum_money(pots.iter().map(|p| p.headroom))?,
    };
    let mut computed = Plan {
        year: rules.year,
        weighted_population: input.weighted_population,
        pots,
        totals,
        posts,
        projection: None,
    };
    if let Some(assumptions) = &input.projection {
        computed.projection = Some(project(rules, input, &computed, assumptions)?);
    }
    Ok(computed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::post::WorkingTime;
    use crate::rules::region::Region;
    use crate::rules::testdata;
    use chrono::NaiveDate;
    use rust_decimal::dec;

    fn post(role: RoleId, salary: Decimal, working_time: WorkingTime) -> Post {
        Post::new(role, Region::National, salary, working_time).unwrap()
    }

    /// A plan over its entitlement: 2025/26, weighted population 1,000 → 26.631 × 1,000 =
    /// £26,631.00. One clinical pharmacist, £52,000, 1 WTE, full year:
    /// pay 4,333.33; ni 0.15 × (4,333.33 − 416.666…) = 587.4995 → 587.50; pension 623.13;
    /// cost 5,543.96 a month, under the cap 69,410 ÷ 12 = 5,784.17, so claim 5,543.96 a month,
    /// 66,527.52 a year. Headroom 26,631.00 − 66,527.52 = −39,896.52 (not reimbursed).
    #[test]
    fn plan_over_its_entitlement() {
        let rules = testdata::year("2025-26");
        let input = PlanInput {
            weighted_population: dec!(1000),
            posts: vec![post(
                RoleId::ClinicalPharmacist,
                dec!(52000),
                WorkingTime::wte(dec!(1)).unwrap(),
            )],
            projection: None,
        };
        let p = plan(&rules, &input).unwrap();
        assert_eq!(p.pots.len(), 1);
        assert_eq!(p.pots[0].entitlement.plain(), "26631.00");
        assert_eq!(p.totals.claim.plain(), "66527.52");
        assert_eq!(p.totals.headroom.plain(), "-39896.52");
        assert_eq!(p.over_commitment().unwrap().plain(), "39896.52");
        assert_eq!(p.totals.top_up, Money::ZERO);
    }

    /// The 2024/25 GP pot: weighted population 10,000 → main 22.894 × 10,000 = £228,940.00,
    /// GP pot 1.303 × 10,000 = £13,030.00.
    /// GP, 9 sessions, £80,000, October–March, national: cost 8,440.69 a month, cap
    /// 92,462 ÷ 12 = 7,705.17, claim 6 × 7,705.17 = 46,231.02 from the GP pot:
    /// GP headroom 13,030.00 − 46,231.02 = −33,201.02.
    /// Paramedic, £40,000, 1 WTE, full year: pay 3,333.33; ni 0.138 × (3,333.33 − 758.333…)
    /// = 355.3496 → 355.35; pension 479.33; cost 4,168.01 under both caps (5,033.42, 5,316.00);
    /// claim 12 × 4,168.01 = 50,016.12 from the main pot: headroom 178,923.88.
    #[test]
    fn gp_posts_draw_on_the_ring_fenced_gp_pot() {
        let rules = testdata::year("2024-25");
        let input = PlanInput {
            weighted_population: dec!(10000),
            posts: vec![
                post(
                    RoleId::GeneralPractitioner,
                    dec!(80000),
                    WorkingTime::sessions(dec!(9)).unwrap(),
                ),
                post(
                    RoleId::Paramedic,
                    dec!(40000),
                    WorkingTime::wte(dec!(1)).unwrap(),
                ),
            ],
            projection: None,
        };
        let p = plan(&rules, &input).unwrap();
        let main = &p.pots[0];
        let gp = &p.pots[1];
        assert_eq!(
            (
                main.entitlement.plain(),
                main.claim.plain(),
                main.headroom.plain()
            ),
            ("228940.00".into(), "50016.12".into(), "178923.88".into())
        );
        assert_eq!(
            (
                gp.entitlement.plain(),
                gp.claim.plain(),
                gp.headroom.plain()
            ),
            ("13030.00".into(), "46231.02".into(), "-33201.02".into())
        );
        assert_eq!(p.totals.entitlement.plain(), "241970.00");
        assert_eq!(p.totals.claim.plain(), "96247.14");
        assert_eq!(p.totals.headroom.plain(), "145722.86");
        assert_eq!(p.over_commitment().unwrap().plain(), "33201.02");
        assert_eq!(
            p.posts[0].from,
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
    }

    #[test]
    fn weighted_population_is_checked() {
        let rules = testdata::year("2025-26");
        for bad in [dec!(0), dec!(-5), dec!(10000001)] {
            let input = PlanInput {
                weighted_population: bad,
                posts: vec![],
                projection: None,
            };
            assert_eq!(
                plan(&rules, &input).unwrap_err().field_name(),
                Some("weighted_population")
            );
        }
    }

    #[test]
    fn json_shape_is_the_design_shape() {
        let rules = testdata::year("2025-26");
        let input = PlanInput {
            weighted_population: dec!(30000),
            posts: vec![post(
                RoleId::Dietitian,
                dec!(45000),
                WorkingTime::wte(dec!(1)).unwrap(),
            )],
            projection: None,
        };
        let text = serde_json::to_string(&plan(&rules, &input).unwrap()).unwrap();
        assert!(text.starts_with(r#"{"year":"2025-26","weighted_population":"30000","pots":[{"name":"ARRS entitlement","entitlement":"798930.00","claim":"#), "{text}");
        assert!(
            text.contains(r#""totals":{"entitlement":"798930.00","cost":"#),
            "{text}"
        );
        assert!(
            text.contains(r#""posts":[{"role":"dietitian","year":"2025-26""#),
            "{text}"
        );
        assert!(!text.contains("projection"));
    }
}

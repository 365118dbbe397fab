//! A PCN plan: its posts against the entitlement pots of the year.
//!
//! Each pot's entitlement is its rate × the weighted population, to the penny. A post draws on
//! the ring-fenced pot that lists its role (2024/25: GPs on the GP pot), otherwise on the main
//! pot. Per pot: claims and headroom (entitlement − claims); a negative headroom is the
//! over-commitment that will not be reimbursed.
//!
//! Plan totals never net one pot against another: a ring-fenced pot's unspent money cannot pay
//! for other roles. `unclaimed` sums the pots' unspent entitlement and `over_committed` the
//! pots' claims above entitlement. `cost = claim + top_up + provider_share` holds in every month
//! of every post, so it holds for the totals too.

use crate::rules::data::{Pot, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::estimate::{estimate, FigureUnit, SourceNote};
use crate::rules::fields::check_weighted_population;
use crate::rules::money::{mul, sum_money, times, Money};
use crate::rules::plan_model::{
    Plan, PlanInput, PlanPost, PlanTotals, PostResult, PostSums, PotLine, Practice, MAX_POSTS,
};
use crate::rules::practices::practice_lines;
use crate::rules::role::RoleId;
use crate::rules::schedule::schedule;
use rust_decimal::Decimal;

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

fn pot_lines(
    rules: &YearRules,
    weighted_population: Option<Decimal>,
    posts: &[PostResult],
) -> Result<Vec<PotLine>, RulesError> {
    let mut pots = Vec::with_capacity(rules.pots.len());
    for pot in &rules.pots {
        let claim = sum_money(
            posts
                .iter()
                .filter(|p| p.pot == pot.id)
                .map(|p| p.all_posts.claim),
        )?;
        let entitlement = weighted_population
            .map(|wp| entitlement(pot, wp))
            .transpose()?;
        let headroom = entitlement.map(|e| e.checked_sub(claim)).transpose()?;
        let unclaimed = headroom.map(|h| if h.is_negative() { Money::ZERO } else { h });
        let over_committed = headroom
            .map(|h| {
                if h.is_negative() {
                    Money::ZERO.checked_sub(h)
                } else {
                    Ok(Money::ZERO)
                }
            })
            .transpose()?;
        pots.push(PotLine {
            id: pot.id.clone(),
            name: pot.name.clone(),
            entitlement,
            claim,
            headroom,
            unclaimed,
            over_committed,
            roles: pot.roles.clone(),
            restricted: !pot.roles.is_empty(),
            from: pot.from,
            rate: pot.rate.value,
            rate_status: pot.rate.status,
        });
    }
    Ok(pots)
}

fn optional_sum<'a>(
    pots: &'a [PotLine],
    field: impl Fn(&'a PotLine) -> Option<Money>,
) -> Result<Option<Money>, RulesError> {
    pots.iter()
        .map(field)
        .collect::<Option<Vec<Money>>>()
        .map(sum_money)
        .transpose()
}

fn post_result(
    rules: &YearRules,
    number: usize,
    planned: &PlanPost,
    practices: &[Practice],
) -> Result<PostResult, RulesError> {
    let e = estimate(rules, &planned.post)?;
    let pot = rules
        .pots
        .get(pot_for(rules, e.role)?)
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let all_posts = PostSums {
        cost: times(e.totals.cost, planned.count)?,
        claim: times(e.totals.claim, planned.count)?,
        top_up: times(e.totals.top_up, planned.count)?,
        provider_share: times(e.totals.provider_share, planned.count)?,
    };
    Ok(PostResult {
        number,
        count: planned.count,
        practice: planned
            .practice
            .and_then(|i| practices.get(i))
            .map(|p| p.id.clone()),
        pot,
        within_cap: e.months.iter().all(|m| m.top_up.is_zero()),
        all_posts,
        pay_award_applied: false,
        estimate: e,
    })
}

fn figures_of(rules: &YearRules, posts: &[PostResult]) -> Vec<SourceNote> {
    let mut figures: Vec<SourceNote> = Vec::new();
    for pot in &rules.pots {
        figures.push(SourceNote::from_figure(
            format!("{} rate per weighted patient", pot.name),
            &pot.rate,
            FigureUnit::PoundsPerPatient,
        ));
    }
    for note in posts.iter().flat_map(|p| &p.estimate.sources) {
        if !figures
            .iter()
            .any(|f| f.figure == note.figure && f.value == note.value)
        {
            figures.push(note.clone());
        }
    }
    figures
}

/// Computes a plan: every post's estimate, each pot's entitlement, claims and headroom, the
/// totals, the claims schedule and the practices' shares. An error in a post names the post by
/// its position (`post 2: …`, see [`RulesError::post_number`]).
pub fn plan(rules: &YearRules, input: &PlanInput) -> Result<Plan, RulesError> {
    if let Some(wp) = input.weighted_population {
        check_weighted_population(wp)?;
    }
    let total_posts: u64 = input.posts.iter().map(|p| u64::from(p.count)).sum();
    if total_posts > MAX_POSTS as u64 {
        return Err(RulesError::input(
            "posts",
            format!("A plan can have at most {MAX_POSTS} posts; this one has {total_posts}"),
        ));
    }
    let mut posts = Vec::with_capacity(input.posts.len());
    for (i, planned) in input.posts.iter().enumerate() {
        posts.push(
            post_result(rules, i + 1, planned, &input.practices).map_err(|e| e.in_post(i + 1))?,
        );
    }
    let pots = pot_lines(rules, input.weighted_population, &posts)?;
    let totals = PlanTotals {
        entitlement: optional_sum(&pots, |p| p.entitlement)?,
        cost: sum_money(posts.iter().map(|p| p.all_posts.cost))?,
        claim: sum_money(posts.iter().map(|p| p.all_posts.claim))?,
        top_up: sum_money(posts.iter().map(|p| p.all_posts.top_up))?,
        provider_share: sum_money(posts.iter().map(|p| p.all_posts.provider_share))?,
        unclaimed: optional_sum(&pots, |p| p.unclaimed)?,
        over_committed: optional_sum(&pots, |p| p.over_committed)?,
    };
    let schedule = schedule(rules, &pots, &posts)?;
    let practices = practice_lines(&input.practices, &posts, &totals)?;
    let figures = figures_of(rules, &posts);
    let status = figures
        .iter()
        .map(|f| f.status)
        .chain([rules.status])
        .max()
        .unwrap_or(Status::Published);
    Ok(Plan {
        name: None,
        year: rules.year,
        year_label: rules.year.label(),
        year_status: rules.status,
        weighted_population: input.weighted_population.map(|wp| wp.normalize()),
        pots,
        totals,
        posts,
        schedule,
        practices,
        scenarios: None,
        status,
        figures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::book::RuleBook;
    use crate::rules::plan_file::{Changes, PlanFile, PostSpec, PracticeSpec, ScenarioSpec};
    use crate::rules::post::Post;
    use crate::rules::post::WorkingTime;
    use crate::rules::region::Region;
    use crate::rules::scenario::compute_plan_file;
    use crate::rules::testdata;
    use chrono::NaiveDate;
    use rust_decimal::dec;

    fn post(role: RoleId, salary: Decimal, working_time: WorkingTime) -> Post {
        Post::new(role, Region::National, salary, working_time).unwrap()
    }

    fn plain(m: Option<Money>) -> Option<String> {
        m.map(Money::plain)
    }

    /// A plan over its entitlement: 2025/26, weighted population 1,000 → 26.631 × 1,000 =
    /// £26,631.00. One clinical pharmacist, £52,000, 1 WTE, full year:
    /// pay 4,333.33; ni 0.15 × (4,333.33 − 416.666…) = 587.4995 → 587.50; pension 623.13;
    /// cost 5,543.96 a month, under the cap 69,410 ÷ 12 = 5,784.17, so claim 5,543.96 a month,
    /// 66,527.52 a year. Headroom 26,631.00 − 66,527.52 = −39,896.52 (not reimbursed).
    #[test]
    fn plan_over_its_entitlement() {
        let rules = testdata::year("2025-26");
        let input = PlanInput::new(
            Some(dec!(1000)),
            vec![post(
                RoleId::ClinicalPharmacist,
                dec!(52000),
                WorkingTime::wte(dec!(1)).unwrap(),
            )],
        );
        let p = plan(&rules, &input).unwrap();
        assert_eq!(p.pots.len(), 1);
        assert_eq!(plain(p.pots[0].entitlement).unwrap(), "26631.00");
        assert_eq!(p.totals.claim.plain(), "66527.52");
        assert_eq!(plain(p.pots[0].headroom).unwrap(), "-39896.52");
        assert_eq!(plain(p.totals.over_committed).unwrap(), "39896.52");
        assert_eq!(plain(p.totals.unclaimed).unwrap(), "0.00");
        assert_eq!(p.totals.top_up, Money::ZERO);
    }

    /// The issue's 2024/25 plan: a clinical pharmacist, inner London, £70,000 from 1 October 2024,
    /// and a first contact physiotherapist, national, £52,000 all year; weighted population 2,000.
    fn pharmacist_and_physio_2024_25() -> Plan {
        let rules = testdata::year("2024-25");
        let mut pharmacist = post(
            RoleId::ClinicalPharmacist,
            dec!(70000),
            WorkingTime::wte(dec!(1)).unwrap(),
        );
        pharmacist.region = Region::InnerLondon;
        pharmacist.from = NaiveDate::from_ymd_opt(2024, 10, 1);
        let physio = post(
            RoleId::FirstContactPhysiotherapist,
            dec!(52000),
            WorkingTime::wte(dec!(1)).unwrap(),
        );
        plan(
            &rules,
            &PlanInput::new(Some(dec!(2000)), vec![pharmacist, physio]),
        )
        .unwrap()
    }

    /// The 2024/25 plan of the design brief, weighted population 2,000:
    /// main pot 22.894 × 2,000 = £45,788.00; GP pot 1.303 × 2,000 = £2,606.00 (GP posts only).
    /// Clinical pharmacist, inner London, £70,000, 1 WTE, from 1 October 2024:
    ///   pay 5,833.33; ni 0.138 × (5,833.33 − 758.333…) = 700.3495… → 700.35;
    ///   pension 0.1438 × 5,833.33 = 838.8329… → 838.83; cost 7,372.51 a month;
    ///   cap (October 2024, band 7–8a, inner London) 76,313 ÷ 12 = 6,359.42 → claim 6,359.42,
    ///   top-up 1,013.09 a month; six months: cost 44,235.06, claim 38,156.52, top-up 6,078.54.
    /// First contact physiotherapist, national, £52,000, all year: claim 63,868.86, top-up
    ///   1,528.86, cost 65,397.72 (see the estimate tests).
    /// Main pot: claims 102,025.38 − 45,788.00 → over-committed by 56,237.38.
    /// GP pot: no claims → 2,606.00 unspent, which cannot pay for the main pot's excess.
    /// Totals: cost 109,632.78 = claim 102,025.38 + top-up 7,607.40 + provider share 0.
    #[test]
    fn no_netting_between_pots() {
        let p = pharmacist_and_physio_2024_25();
        let (main, gp) = (&p.pots[0], &p.pots[1]);
        assert_eq!(p.posts[0].estimate.totals.claim.plain(), "38156.52");
        assert_eq!(plain(main.entitlement).unwrap(), "45788.00");
        assert_eq!(main.claim.plain(), "102025.38");
        assert_eq!(plain(main.over_committed).unwrap(), "56237.38");
        assert_eq!(plain(main.unclaimed).unwrap(), "0.00");
        assert!(gp.restricted);
        assert_eq!(gp.roles, vec![RoleId::GeneralPractitioner]);
        assert_eq!(plain(gp.unclaimed).unwrap(), "2606.00");
        assert_eq!(plain(gp.over_committed).unwrap(), "0.00");
        let t = &p.totals;
        assert_eq!(plain(t.entitlement).unwrap(), "48394.00");
        assert_eq!(plain(t.over_committed).unwrap(), "56237.38");
        assert_eq!(plain(t.unclaimed).unwrap(), "2606.00");
        assert_eq!(
            [t.cost, t.claim, t.top_up, t.provider_share].map(Money::plain),
            ["109632.78", "102025.38", "7607.40", "0.00"].map(String::from)
        );
        assert!(!p.posts[0].within_cap);
        assert!(!p.posts[1].within_cap);
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            !json.contains("\"headroom\":\"-53631.38\""),
            "netted headroom in {json}"
        );
        assert!(
            !json.contains("53631.38"),
            "a netted figure appears in {json}"
        );
    }

    /// The claims schedule of the plan above: April to September only the physio claims
    /// (5,195.00 a month); from October 5,449.81 + 6,359.42 = 11,809.23 a month. Main pot left
    /// after September: 45,788.00 − 6 × 5,195.00 = 14,618.00; after March:
    /// 14,618.00 − 6 × 11,809.23 = −56,237.38, the over-commitment. The GP pot keeps 2,606.00.
    #[test]
    fn claims_schedule_runs_down_each_pot() {
        let p = pharmacist_and_physio_2024_25();
        assert_eq!(p.schedule.len(), 12);
        assert_eq!(p.schedule[0].label, "Apr 2024");
        let main = |i: usize| &p.schedule[i].pots[0];
        assert_eq!(main(0).claim.plain(), "5195.00");
        assert_eq!(plain(main(5).left).unwrap(), "14618.00");
        assert_eq!(main(6).claim.plain(), "11809.23");
        assert_eq!(main(11).cumulative.plain(), "102025.38");
        assert_eq!(plain(main(11).left).unwrap(), "-56237.38");
        assert_eq!(plain(p.schedule[11].pots[1].left).unwrap(), "2606.00");
    }

    /// Practices split the plan above: Riverside (weighted population 1,200, share 0.6) and Hill
    /// Street (800, share 0.4); the pharmacist is Hill Street's, the physio the PCN's.
    /// PCN top-up 1,528.86 = 152,886 pennies: × 0.6 = 91,731.6 → 91,731; × 0.4 = 61,154.4 →
    /// 61,154; one penny left goes to the larger remainder (Riverside): £917.32 and £611.54.
    /// Hill Street's top-up: its own 6,078.54 + 611.54 = 6,690.08.
    /// Over-commitment 56,237.38: × 0.6 = 3,374,242.8 pennies → 3,374,242, × 0.4 = 2,249,495.2 →
    /// 2,249,495, the penny left to Riverside: £33,742.43 and £22,494.95.
    /// To fund: Riverside 917.32 + 33,742.43 = 34,659.75; Hill Street 6,690.08 + 22,494.95 =
    /// 29,185.03; together 63,844.78 = top-up 7,607.40 + over-commitment 56,237.38.
    #[test]
    fn practices_share_top_ups_and_over_commitment() {
        let book = RuleBook::new(testdata::all());
        let file = PlanFile {
            year: Some("2024-25".into()),
            weighted_population: Some("2,000".into()),
            practices: vec![
                PracticeSpec {
                    id: "riverside".into(),
                    name: "Riverside Surgery".into(),
                    weighted_population: Some("1200".into()),
                    percent: None,
                },
                PracticeSpec {
                    id: "hill".into(),
                    name: "Hill Street Practice".into(),
                    weighted_population: Some("800".into()),
                    percent: None,
                },
            ],
            posts: vec![
                PostSpec {
                    role: "clinical-pharmacist".into(),
                    region: Some("inner-london".into()),
                    salary: Some("£70,000".into()),
                    from: Some("2024-10-01".into()),
                    practice: Some("hill".into()),
                    ..PostSpec::default()
                },
                PostSpec {
                    role: "First contact physiotherapist".into(),
                    salary: Some("52 000".into()),
                    ..PostSpec::default()
                },
            ],
            ..PlanFile::default()
        };
        let p = compute_plan_file(&book, &file, "2025-26".parse().unwrap()).unwrap();
        let figures: Vec<(String, String, String, String)> = p
            .practices
            .iter()
            .map(|l| {
                (
                    l.share.normalize().to_string(),
                    l.top_up.plain(),
                    plain(l.over_committed).unwrap(),
                    l.to_fund.plain(),
                )
            })
            .collect();
        let want = |a: &str, b: &str, c: &str, d: &str| (a.into(), b.into(), c.into(), d.into());
        assert_eq!(
            figures,
            vec![
                want("0.6", "917.32", "33742.43", "34659.75"),
                want("0.4", "6690.08", "22494.95", "29185.03")
            ]
        );
        assert_eq!(p.practices[1].posts, 1);
    }

    /// A scenario (pay award 5%, caps +2%, entitlement +2%, full year) on one clinical
    /// pharmacist, 2025/26, national, £60,000, 1 WTE, weighted population 10,000.
    /// Base: pay 5,000.00; ni 0.15 × (5,000 − 416.666…) = 687.50; pension 719.00; cost
    ///   6,406.50 a month; cap 69,410 ÷ 12 = 5,784.17 → top-up 622.33 a month; a year: cost
    ///   76,878.00, claim 69,410.04, top-up 7,467.96; entitlement 26.631 × 10,000 = 266,310.00.
    /// Scenario: salary 63,000 → pay 5,250.00; ni 0.15 × 4,833.333… = 725.00; pension 754.95;
    ///   cost 6,729.95; cap 69,410 × 1.02 = 70,798.20 → 5,899.85 a month; top-up 830.10 a month;
    ///   a year: cost 80,759.40, claim 70,798.20, top-up 9,961.20; entitlement 26.631 × 1.02 ×
    ///   10,000 = 271,636.20.
    /// Differences: cost +3,881.40, claim +1,388.16, top-up +2,493.24, entitlement +5,326.20,
    ///   unclaimed 200,838.00 − 196,899.96 = +3,938.04.
    #[test]
    fn scenarios_are_computed_in_full_with_differences() {
        let book = RuleBook::new(testdata::all());
        let file = PlanFile {
            year: Some("2025-26".into()),
            weighted_population: Some("10000".into()),
            posts: vec![PostSpec {
                role: "clinical-pharmacist".into(),
                salary: Some("60000".into()),
                ..PostSpec::default()
            }],
            scenarios: vec![ScenarioSpec {
                name: "Pay outruns the caps".into(),
                changes: Changes {
                    pay_award_percent: Some("5".into()),
                    cap_uplift_percent: Some("2".into()),
                    entitlement_growth_percent: Some("2".into()),
                    full_year: true,
                    ..Changes::default()
                },
            }],
            ..PlanFile::default()
        };
        let p = compute_plan_file(&book, &file, "2025-26".parse().unwrap()).unwrap();
        let s = &p.scenarios.as_ref().unwrap()[0];
        let t = &s.result.totals;
        assert_eq!(
            [t.cost, t.claim, t.top_up].map(Money::plain),
            ["80759.40", "70798.20", "9961.20"].map(String::from)
        );
        assert_eq!(plain(t.entitlement).unwrap(), "271636.20");
        let d = &s.difference;
        assert_eq!(
            [d.cost, d.claim, d.top_up].map(Money::plain),
            ["3881.40", "1388.16", "2493.24"].map(String::from)
        );
        assert_eq!(plain(d.entitlement).unwrap(), "5326.20");
        assert_eq!(plain(d.unclaimed).unwrap(), "3938.04");
        assert_eq!(s.result.status, Status::Scenario);
    }

    /// A scenario that changes a plan post (leaves it out and adds an edited copy) pays the copy
    /// the pay award when `award_added_posts` lists it: the same plan and scenario as above with
    /// post 1 swapped for an unedited copy give the same £80,759.40 cost. Without it, the copy is
    /// paid the typed £60,000: cost 6,406.50 a month, 76,878.00 a year.
    #[test]
    fn a_changed_post_can_keep_the_scenarios_pay_award() {
        let book = RuleBook::new(testdata::all());
        let post = PostSpec {
            role: "clinical-pharmacist".into(),
            salary: Some("60000".into()),
            ..PostSpec::default()
        };
        let scenario = |award_added_posts: Vec<usize>| ScenarioSpec {
            name: "Post 1 changed".into(),
            changes: Changes {
                pay_award_percent: Some("5".into()),
                cap_uplift_percent: Some("2".into()),
                entitlement_growth_percent: Some("2".into()),
                full_year: true,
                remove_posts: vec![1],
                add_posts: vec![post.clone()],
                award_added_posts,
                ..Changes::default()
            },
        };
        let file = PlanFile {
            year: Some("2025-26".into()),
            weighted_population: Some("10000".into()),
            posts: vec![post.clone()],
            scenarios: vec![scenario(vec![1]), scenario(Vec::new())],
            ..PlanFile::default()
        };
        let p = compute_plan_file(&book, &file, "2025-26".parse().unwrap()).unwrap();
        let scenarios = p.scenarios.as_ref().unwrap();
        let cost = |i: usize| scenarios[i].result.totals.cost.plain();
        assert_eq!(cost(0), "80759.40", "the copy is paid the award");
        assert_eq!(
            scenarios[0].result.posts[0].estimate.salary.plain(),
            "63000.00"
        );
        assert_eq!(cost(1), "76878.00", "the typed salary, no award");
        assert!(scenarios[0].result.posts[0].pay_award_applied);
        assert!(!scenarios[1].result.posts[0].pay_award_applied);

        let bad = PlanFile {
            scenarios: vec![scenario(vec![2])],
            ..file
        };
        let errors = compute_plan_file(&book, &bad, "2025-26".parse().unwrap()).unwrap_err();
        assert_eq!(errors[0].field_name(), Some("award_added_posts"));
        assert!(
            errors[0].to_string().contains("no added post 2"),
            "{}",
            errors[0]
        );
    }

    /// Another year and a removed post: the 2024/25 pharmacist from 1 October 2024 moves to
    /// 1 October 2025 on the 2025/26 rules, and post 2 is left out.
    #[test]
    fn scenarios_move_dates_into_another_year() {
        let book = RuleBook::new(testdata::all());
        let file = PlanFile {
            year: Some("2024-25".into()),
            posts: vec![
                PostSpec {
                    role: "clinical-pharmacist".into(),
                    salary: Some("70000".into()),
                    from: Some("2024-10-01".into()),
                    ..PostSpec::default()
                },
                PostSpec {
                    role: "paramedic".into(),
                    salary: Some("48000".into()),
                    ..PostSpec::default()
                },
            ],
            scenarios: vec![ScenarioSpec {
                name: "Next year without the paramedic".into(),
                changes: Changes {
                    year: Some("2025-26".into()),
                    remove_posts: vec![2],
                    ..Changes::default()
                },
            }],
            ..PlanFile::default()
        };
        let p = compute_plan_file(&book, &file, "2025-26".parse().unwrap()).unwrap();
        let s = &p.scenarios.as_ref().unwrap()[0].result;
        assert_eq!(s.year_label, "2025/26");
        assert_eq!(s.posts.len(), 1);
        assert_eq!(
            s.posts[0].estimate.from,
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
        );
        assert_eq!(p.totals.entitlement, None);
        assert_eq!(s.totals.over_committed, None);
        let bad = PlanFile {
            scenarios: vec![ScenarioSpec {
                name: "bad".into(),
                changes: Changes {
                    remove_posts: vec![3],
                    year: Some("2019-20".into()),
                    ..Changes::default()
                },
            }],
            ..file
        };
        let errors = compute_plan_file(&book, &bad, "2025-26".parse().unwrap()).unwrap_err();
        assert_eq!(errors[0].field_name(), Some("year"));
        assert!(matches!(
            errors[0],
            RulesError::InScenario { number: 1, .. }
        ));
    }

    /// An adult mental health practitioner at 50% (2025/26, band 6 default, £40,000, 1 WTE):
    /// pay 3,333.33; ni 0.15 × (3,333.33 − 416.666…) = 437.4995 → 437.50; pension 479.33;
    /// cost 4,250.16; half of it 2,125.08 is under half the cap, so claim 2,125.08, top-up 0,
    /// and the mental health provider pays the other 2,125.08 — a year: 25,500.96.
    #[test]
    fn provider_share_closes_the_totals() {
        let rules = testdata::year("2025-26");
        let mhp = post(
            RoleId::AdultMentalHealthPractitioner,
            dec!(40000),
            WorkingTime::wte(dec!(1)).unwrap(),
        );
        let p = plan(&rules, &PlanInput::new(None, vec![mhp])).unwrap();
        let m = &p.posts[0].estimate.months[0];
        assert_eq!(
            [m.cost, m.claim, m.top_up, m.provider_share].map(Money::plain),
            ["4250.16", "2125.08", "0.00", "2125.08"].map(String::from)
        );
        assert_eq!(p.totals.provider_share.plain(), "25500.96");
        assert_eq!(
            p.totals
                .claim
                .checked_add(p.totals.top_up)
                .unwrap()
                .checked_add(p.totals.provider_share)
                .unwrap(),
            p.totals.cost
        );
        assert_eq!(p.totals.entitlement, None);
        assert_eq!(p.pots[0].headroom, None);
    }

    /// Identical posts count in the pots and the schedule: two paramedics at £40,000 (2024/25,
    /// claim 50,016.12 each, see the GP pot test) claim 100,032.24.
    #[test]
    fn identical_posts_multiply() {
        let rules = testdata::year("2024-25");
        let mut input = PlanInput::new(
            Some(dec!(10000)),
            vec![post(
                RoleId::Paramedic,
                dec!(40000),
                WorkingTime::wte(dec!(1)).unwrap(),
            )],
        );
        input.posts[0].count = 2;
        let p = plan(&rules, &input).unwrap();
        assert_eq!(p.posts[0].estimate.totals.claim.plain(), "50016.12");
        assert_eq!(p.totals.claim.plain(), "100032.24");
        assert_eq!(p.schedule[11].pots[0].cumulative.plain(), "100032.24");
        input.posts[0].count = 501;
        assert_eq!(
            plan(&rules, &input).unwrap_err().field_name(),
            Some("posts")
        );
    }

    #[test]
    fn weighted_population_is_checked() {
        let rules = testdata::year("2025-26");
        for bad in [dec!(0), dec!(-5), dec!(10000001)] {
            let input = PlanInput::new(Some(bad), vec![]);
            assert_eq!(
                plan(&rules, &input).unwrap_err().field_name(),
                Some("weighted_population")
            );
        }
    }

    #[test]
    fn json_shape_is_the_contract_shape() {
        let rules = testdata::year("2025-26");
        let input = PlanInput::new(
            Some(dec!(30000)),
            vec![post(
                RoleId::Dietitian,
                dec!(45000),
                WorkingTime::wte(dec!(1)).unwrap(),
            )],
        );
        let text = serde_json::to_string(&plan(&rules, &input).unwrap()).unwrap();
        assert!(
            text.starts_with(r#"{"name":null,"year":"2025-26","year_label":"2025/26","year_status":"published","weighted_population":"30000","pots":[{"id":"main","name":"ARRS entitlement","entitlement":"798930.00","claim":"#),
            "{text}"
        );
        assert!(
            text.contains(r#""totals":{"entitlement":"798930.00","cost":"#),
            "{text}"
        );
        assert!(
            text.contains(r#""provider_share":"0.00","unclaimed":"#),
            "{text}"
        );
        assert!(
            text.contains(
                r#""posts":[{"number":1,"count":1,"practice":null,"pot":"main","within_cap":"#
            ),
            "{text}"
        );
        assert!(text.contains(r#""label":"Apr 2025""#), "{text}");
        assert!(
            text.contains(r#""totals":{"entitlement":"798930.00","cost":"57471.00","claim":"57471.00","top_up":"0.00","provider_share":"0.00","unclaimed":"741459.00","over_committed":"0.00"},"#),
            "{text}"
        );
    }
}

//! Scenarios: the base plan with some changes (pay award, cap uplift, entitlement growth, posts
//! added or removed, another year, every post all year), computed in full and compared with the
//! base.
//!
//! - A pay award raises each salary of the base posts by the percentage, rounded to the penny
//!   (added posts are taken as written).
//! - A cap uplift raises every cap of the year by the percentage, rounded to the penny; an
//!   entitlement growth raises every pot's rate by the percentage (entitlements are then rounded
//!   as usual). Both make the figures `scenario`.
//! - Another year computes on that year's rules, with each post's dates moved to the same day
//!   and month of that year.
//! - A projection over several years is a list of scenarios with the percentages compounded
//!   ([`projection_scenarios`]), on the plan year's rules, every post all year: the cost of pay
//!   awards the scheme does not fund.

use crate::rules::book::RuleBook;
use crate::rules::data::{Figure, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::fields::{check_percent, parse_percent, parse_user_date};
use crate::rules::money::{mul, plain_decimal, Money};
use crate::rules::plan::plan;
use crate::rules::plan_file::{Changes, PlanFile, ScenarioSpec};
use crate::rules::plan_model::{Difference, Plan, PlanTotals, ScenarioResult};
use crate::rules::year::YearId;
use rust_decimal::Decimal;

/// Most years a projection runs.
pub const MAX_PROJECTION_YEARS: u32 = 10;

fn minus(a: Option<Money>, b: Option<Money>) -> Result<Option<Money>, RulesError> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_sub(b).map(Some),
        _ => Ok(None),
    }
}

fn difference(scenario: &PlanTotals, base: &PlanTotals) -> Result<Difference, RulesError> {
    Ok(Difference {
        entitlement: minus(scenario.entitlement, base.entitlement)?,
        cost: scenario.cost.checked_sub(base.cost)?,
        claim: scenario.claim.checked_sub(base.claim)?,
        top_up: scenario.top_up.checked_sub(base.top_up)?,
        provider_share: scenario.provider_share.checked_sub(base.provider_share)?,
        unclaimed: minus(scenario.unclaimed, base.unclaimed)?,
        over_committed: minus(scenario.over_committed, base.over_committed)?,
    })
}

/// The rules of `year`, or an error naming the `year` field with the years there are.
pub fn year_rules(book: &RuleBook, year: YearId) -> Result<&YearRules, RulesError> {
    book.year(&year).ok_or_else(|| {
        let years = book.years();
        let range = match (years.first(), years.last()) {
            (Some(first), Some(last)) => {
                format!(
                    "; choose a year from {} to {}",
                    first.year.label(),
                    last.year.label()
                )
            }
            _ => String::new(),
        };
        RulesError::input(
            "year",
            format!("There are no ARRS rules for {}{range}", year.label()),
        )
    })
}

fn parse_year(text: &str) -> Result<YearId, RulesError> {
    text.parse::<YearId>()
        .map_err(|_| RulesError::input("year", "Enter the financial year like 2025-26"))
}

/// `(1 + percent ÷ 100)`.
fn factor(percent: Decimal) -> Decimal {
    Decimal::ONE + percent / Decimal::ONE_HUNDRED
}

fn uplift(figure: &mut Figure, by: Decimal, round_to_penny: bool) -> Result<(), RulesError> {
    let raised = mul(figure.value, by, "a scenario figure")?;
    figure.value = if round_to_penny {
        Money::round(raised).amount()
    } else {
        raised
    };
    figure.status = Status::Scenario;
    Ok(())
}

/// The year's rules with every cap and every pot rate raised.
fn raised_rules(
    rules: &YearRules,
    cap_uplift: Option<Decimal>,
    growth: Option<Decimal>,
) -> Result<YearRules, RulesError> {
    let mut raised = rules.clone();
    if let Some(percent) = cap_uplift {
        for table in &mut raised.cap_tables {
            for band in &mut table.bands {
                for figure in [
                    &mut band.national,
                    &mut band.outer_london,
                    &mut band.inner_london,
                ] {
                    uplift(figure, factor(percent), true)?;
                }
            }
        }
    }
    if let Some(percent) = growth {
        for pot in &mut raised.pots {
            uplift(&mut pot.rate, factor(percent), false)?;
        }
    }
    Ok(raised)
}

/// The base posts and the scenario's changes as a plan file for the scenario's year.
fn scenario_file(base: &PlanFile, changes: &Changes, year: YearId) -> Result<PlanFile, RulesError> {
    let mut posts = Vec::with_capacity(base.posts.len() + changes.add_posts.len());
    for number in &changes.remove_posts {
        if *number == 0 || *number > base.posts.len() {
            return Err(RulesError::input(
                "remove_posts",
                format!(
                    "There is no post {number} to remove; the plan has {} posts",
                    base.posts.len()
                ),
            ));
        }
    }
    for (i, post) in base.posts.iter().enumerate() {
        if changes.remove_posts.contains(&(i + 1)) {
            continue;
        }
        let mut post = post.clone();
        for date in [&mut post.from, &mut post.to] {
            if let Some(text) = date.as_deref() {
                if let Ok(d) = parse_user_date("from", text) {
                    *date = Some(year.move_date(d).to_string());
                }
            }
        }
        posts.push(post);
    }
    posts.extend(changes.add_posts.iter().cloned());
    if changes.full_year {
        for post in &mut posts {
            post.from = None;
            post.to = None;
        }
    }
    Ok(PlanFile {
        year: Some(year.to_string()),
        posts,
        scenarios: Vec::new(),
        ..base.clone()
    })
}

/// Which of the scenario's posts (by index: the `kept` plan posts first, then the added ones)
/// get its pay award: every post carried over from the plan, and the added posts listed in
/// `award_added_posts`.
fn awarded_posts(
    changes: &Changes,
    kept: usize,
) -> Result<impl Fn(usize) -> bool + '_, RulesError> {
    let added = changes.add_posts.len();
    if let Some(number) = changes
        .award_added_posts
        .iter()
        .find(|n| **n == 0 || **n > added)
    {
        return Err(RulesError::input(
            "award_added_posts",
            format!("There is no added post {number} to give the pay award; the scenario adds {added} posts"),
        ));
    }
    Ok(move |i: usize| i < kept || changes.award_added_posts.contains(&(i - kept + 1)))
}

fn percent(field: &'static str, text: &Option<String>) -> Result<Option<Decimal>, RulesError> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| parse_percent(field, t))
        .transpose()
}

/// Computes one scenario of `base_file` (whose base plan is `base`).
pub fn compute_scenario(
    book: &RuleBook,
    base_file: &PlanFile,
    base: &Plan,
    spec: &ScenarioSpec,
) -> Result<ScenarioResult, Vec<RulesError>> {
    let one = |e: RulesError| vec![e];
    let changes = &spec.changes;
    let year = match changes
        .year
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => parse_year(text).map_err(one)?,
        None => base.year,
    };
    let rules = year_rules(book, year).map_err(one)?;
    let pay_award = percent("pay_award_percent", &changes.pay_award_percent).map_err(one)?;
    let cap_uplift = percent("cap_uplift_percent", &changes.cap_uplift_percent).map_err(one)?;
    let growth = percent(
        "entitlement_growth_percent",
        &changes.entitlement_growth_percent,
    )
    .map_err(one)?;
    let raised = raised_rules(rules, cap_uplift, growth).map_err(one)?;
    let file = scenario_file(base_file, changes, year).map_err(one)?;
    let kept = file.posts.len() - changes.add_posts.len();
    let awarded = awarded_posts(changes, kept).map_err(one)?;
    let mut input = file.resolve(&raised)?;
    if let Some(percent) = pay_award {
        for (_, planned) in input
            .posts
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| awarded(*i))
        {
            let post = &mut planned.post;
            post.salary =
                Money::round(mul(post.salary, factor(percent), "a pay award").map_err(one)?)
                    .amount();
            post.validate().map_err(one)?;
        }
    }
    let mut result = plan(&raised, &input).map_err(one)?;
    result.name = Some(spec.name.clone());
    if pay_award.is_some() {
        for (i, post) in result.posts.iter_mut().enumerate() {
            post.pay_award_applied = awarded(i);
        }
    }
    if pay_award.is_some() {
        result.status = result.status.max(Status::Scenario);
    }
    let difference = difference(&result.totals, &base.totals).map_err(one)?;
    Ok(ScenarioResult {
        name: spec.name.clone(),
        result,
        difference,
    })
}

/// Computes a plan file: the base plan on the file's year (or `default_year`) and every
/// scenario. Every problem found is returned, each naming its field and place.
pub fn compute_plan_file(
    book: &RuleBook,
    file: &PlanFile,
    default_year: YearId,
) -> Result<Plan, Vec<RulesError>> {
    let year = match file
        .year
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => parse_year(text).map_err(|e| vec![e])?,
        None => default_year,
    };
    let rules = year_rules(book, year).map_err(|e| vec![e])?;
    let input = file.resolve(rules)?;
    let mut base = plan(rules, &input).map_err(|e| vec![e])?;
    base.name = file.name.clone();
    let mut scenarios = Vec::with_capacity(file.scenarios.len());
    let mut errors = Vec::new();
    for (i, spec) in file.scenarios.iter().enumerate() {
        match compute_scenario(book, file, &base, spec) {
            Ok(result) => scenarios.push(result),
            Err(found) => errors.extend(found.into_iter().map(|e| e.in_scenario(i + 1))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    base.scenarios = Some(scenarios);
    Ok(base)
}

/// A projection as scenarios: for each of the next `years` years, the pay award, cap uplift and
/// entitlement growth compounded (year k: ((1 + p ÷ 100)^k − 1) × 100 %), every post all year.
pub fn projection_scenarios(
    years: u32,
    pay_award: Decimal,
    cap_uplift: Decimal,
    growth: Decimal,
) -> Result<Vec<ScenarioSpec>, RulesError> {
    if years == 0 || years > MAX_PROJECTION_YEARS {
        return Err(RulesError::input(
            "project_years",
            format!("Enter the number of years to project, from 1 to {MAX_PROJECTION_YEARS}"),
        ));
    }
    check_percent("pay_award_percent", pay_award)?;
    check_percent("cap_uplift_percent", cap_uplift)?;
    check_percent("entitlement_growth_percent", growth)?;
    let compound = |field: &'static str, percent: Decimal, k: u32| -> Result<String, RulesError> {
        let mut total = Decimal::ONE;
        for _ in 0..k {
            total = mul(total, factor(percent), "a projection")?;
        }
        let compounded = (total - Decimal::ONE) * Decimal::ONE_HUNDRED;
        check_percent(field, compounded)?;
        Ok(plain_decimal(compounded))
    };
    (1..=years)
        .map(|k| {
            Ok(ScenarioSpec {
                name: format!(
                    "Projection, year {k}: pay award {}%, caps {}%, entitlement {}% a year",
                    plain_decimal(pay_award),
                    plain_decimal(cap_uplift),
                    plain_decimal(growth)
                ),
                changes: Changes {
                    pay_award_percent: Some(compound("pay_award_percent", pay_award, k)?),
                    cap_uplift_percent: Some(compound("cap_uplift_percent", cap_uplift, k)?),
                    entitlement_growth_percent: Some(compound(
                        "entitlement_growth_percent",
                        growth,
                        k,
                    )?),
                    full_year: true,
                    ..Changes::default()
                },
            })
        })
        .collect()
}

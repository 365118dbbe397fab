//! The PCN-wide claims schedule: month by month and pot by pot, what the PCN claims, the
//! running total and the entitlement left — what a PCN enters on the workforce portal each
//! month.

use crate::rules::data::YearRules;
use crate::rules::error::RulesError;
use crate::rules::money::{sum_money, times, Money};
use crate::rules::plan_model::{PostResult, PotLine, ScheduleMonth, SchedulePot};

/// Builds the schedule of the year from the posts' month lines (each × its count).
pub fn schedule(
    rules: &YearRules,
    pots: &[PotLine],
    posts: &[PostResult],
) -> Result<Vec<ScheduleMonth>, RulesError> {
    let mut cumulative: Vec<Money> = vec![Money::ZERO; pots.len()];
    let mut months = Vec::with_capacity(12);
    for month in rules.year.months() {
        let mut lines = Vec::with_capacity(pots.len());
        for (pot, running) in pots.iter().zip(cumulative.iter_mut()) {
            let mut claims = Vec::new();
            for post in posts.iter().filter(|p| p.pot == pot.id) {
                for line in post.estimate.months.iter().filter(|m| m.month == month) {
                    claims.push(times(line.claim, post.count)?);
                }
            }
            let claim = sum_money(claims)?;
            *running = running.checked_add(claim)?;
            lines.push(SchedulePot {
                pot: pot.id.clone(),
                claim,
                cumulative: *running,
                left: pot
                    .entitlement
                    .map(|e| e.checked_sub(*running))
                    .transpose()?,
            });
        }
        months.push(ScheduleMonth {
            month,
            label: month.label(),
            claim: sum_money(lines.iter().map(|l| l.claim))?,
            pots: lines,
        });
    }
    Ok(months)
}

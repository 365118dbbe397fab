//! Member practices: what each practice of a PCN funds.
//!
//! A post employed by a practice puts its top-up on that practice. A post of the PCN splits its
//! top-up between the practices by their shares, and so does the over-commitment (summed over
//! pots). Shares are each practice's weighted population ÷ the sum of the practices' (or its
//! percentage ÷ 100). Every split is to the penny and adds up exactly: each practice gets its
//! share rounded down to the penny, and the pennies left go to the largest remainders (ties to
//! the earlier practice).

use crate::rules::error::RulesError;
use crate::rules::money::{div, mul, sum_money, Money};
use crate::rules::plan_model::{PlanTotals, PostResult, Practice, PracticeLine};
use rust_decimal::Decimal;

/// Splits `amount` (not negative) by `weights` to the penny, adding up exactly.
pub fn split(amount: Money, weights: &[Decimal]) -> Result<Vec<Money>, RulesError> {
    let total: Decimal = weights.iter().copied().sum();
    if total <= Decimal::ZERO || amount.is_negative() {
        return Ok(vec![Money::ZERO; weights.len()]);
    }
    let pennies = mul(amount.amount(), Decimal::ONE_HUNDRED, "a split")?;
    let mut parts = Vec::with_capacity(weights.len());
    for w in weights {
        let raw = div(mul(pennies, *w, "a split")?, total, "a split")?;
        parts.push((raw.floor(), raw - raw.floor()));
    }
    let given: Decimal = parts.iter().map(|(whole, _)| *whole).sum();
    let mut left = pennies - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        if let Some(part) = parts.get_mut(i) {
            part.0 += Decimal::ONE;
            left -= Decimal::ONE;
        }
    }
    parts
        .into_iter()
        .map(|(whole, _)| Ok(Money::round(div(whole, Decimal::ONE_HUNDRED, "a split")?)))
        .collect()
}

/// Each practice's posts, top-ups and share of the over-commitment.
pub fn practice_lines(
    practices: &[Practice],
    posts: &[PostResult],
    totals: &PlanTotals,
) -> Result<Vec<PracticeLine>, RulesError> {
    if practices.is_empty() {
        return Ok(Vec::new());
    }
    let weights: Vec<Decimal> = practices.iter().map(|p| p.weight).collect();
    let total_weight: Decimal = weights.iter().copied().sum();
    let pcn_top_up = sum_money(
        posts
            .iter()
            .filter(|p| p.practice.is_none())
            .map(|p| p.all_posts.top_up),
    )?;
    let shared_top_up = split(pcn_top_up, &weights)?;
    let shared_over = totals
        .over_committed
        .map(|o| split(o, &weights))
        .transpose()?;
    let mut lines = Vec::with_capacity(practices.len());
    for (i, practice) in practices.iter().enumerate() {
        let own = posts
            .iter()
            .filter(|p| p.practice.as_deref() == Some(practice.id.as_str()));
        let own_posts: u32 = own.clone().map(|p| p.count).sum();
        let own_top_up = sum_money(own.map(|p| p.all_posts.top_up))?;
        let top_up = own_top_up.checked_add(shared_top_up.get(i).copied().unwrap_or_default())?;
        let over_committed = shared_over
            .as_ref()
            .map(|s| s.get(i).copied().unwrap_or_default());
        lines.push(PracticeLine {
            id: practice.id.clone(),
            name: practice.name.clone(),
            share: div(practice.weight, total_weight, "a practice's share")?.round_dp(6),
            posts: own_posts,
            top_up,
            over_committed,
            to_fund: top_up.checked_add(over_committed.unwrap_or_default())?,
        });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    /// £100.00 in thirds: 3,333.33… pennies each, rounded down to 3,333 each, and the one penny
    /// left goes to the first (all remainders tie): £33.34, £33.33, £33.33.
    #[test]
    fn splits_add_up_exactly() {
        let parts = split(Money::pounds(100), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        let shown: Vec<String> = parts.iter().map(|m| m.plain()).collect();
        assert_eq!(shown, ["33.34", "33.33", "33.33"]);
        // £10.00 by 1,200 : 800 → 600 and 400 pennies: £6.00 and £4.00.
        let parts = split(Money::pounds(10), &[dec!(1200), dec!(800)]).unwrap();
        assert_eq!(parts, vec![Money::pounds(6), Money::pounds(4)]);
        // £0.05 by 60% : 40% → 3 and 2 pennies.
        let parts = split(Money::round(dec!(0.05)), &[dec!(60), dec!(40)]).unwrap();
        assert_eq!(
            parts.iter().map(|m| m.plain()).collect::<Vec<_>>(),
            ["0.03", "0.02"]
        );
    }
}

//! The rules data read directly (tables by id, bands, regions), independently of the view
//! code, plus small money helpers.

use arrs_guide::rules::{
    estimate, Band, BandCaps, CapTable, Estimate, Money, Post, Region, RoleId, RoleRule, Status,
    WorkingTime, YearRules,
};
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// Half away from zero, to the penny.
pub fn round_to_penny(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Half away from zero, to the pound.
pub fn round_to_pound(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// `£12,345.67`.
pub fn gbp(amount: Decimal) -> String {
    Money::round(amount).display_gbp()
}

/// `£1,234.5` style with every decimal place kept (rates per weighted patient have three).
pub fn plain_amount(amount: Decimal) -> String {
    let text = amount.normalize().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: Decimal = whole.parse().unwrap_or_default();
    let grouped = whole_gbp(whole);
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    }
}

/// `£12,345` for whole pounds, otherwise `£12,345.67`.
pub fn whole_gbp(amount: Decimal) -> String {
    let shown = gbp(amount);
    shown
        .strip_suffix(".00")
        .map(str::to_owned)
        .unwrap_or(shown)
}

/// `0.1438` → `14.38`.
pub fn percent(rate: Decimal) -> String {
    (rate * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// First day the role can be claimed in the year.
pub fn role_first_day(rules: &YearRules, rule: &RoleRule) -> NaiveDate {
    rule.from.map_or(rules.year.first_day(), |from| {
        from.max(rules.year.first_day())
    })
}

/// The role's bands this year, default first.
pub fn bands_of(rule: &RoleRule) -> Vec<Band> {
    let mut bands = vec![rule.band];
    bands.extend(rule.bands_offered.iter().filter(|b| **b != rule.band));
    bands
}

/// The cap table estimates use on `day`: the latest not superseded table started by then.
pub fn in_force_on(rules: &YearRules, day: NaiveDate) -> Option<&CapTable> {
    rules
        .cap_tables
        .iter()
        .filter(|t| !t.superseded && t.from <= day)
        .max_by_key(|t| t.from)
}

/// Last day a table applies: the day before the next table in force, or 31 March; a superseded
/// table is shown to the end of the year.
pub fn last_day_of(rules: &YearRules, table: &CapTable) -> NaiveDate {
    if table.superseded {
        return rules.year.last_day();
    }
    rules
        .cap_tables
        .iter()
        .filter(|t| !t.superseded && t.from > table.from)
        .map(|t| t.from)
        .min()
        .and_then(|next| next.pred_opt())
        .unwrap_or(rules.year.last_day())
}

/// The band's caps in a table, if it has the band.
pub fn caps_of(table: &CapTable, band: Band) -> Option<&BandCaps> {
    table.bands.iter().find(|b| b.band == band)
}

/// The least certain status of a row's three figures (scenario over derived over published): the status a row shows.
pub fn worst_status(caps: &BandCaps) -> Status {
    Region::ALL
        .iter()
        .map(|r| caps.for_region(*r).status)
        .max()
        .unwrap_or(Status::Published)
}

/// First and last day of the first whole calendar month inside `from..=to`.
pub fn first_full_month(from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = if from.day() == 1 {
        from
    } else {
        let next = from.checked_add_months(chrono::Months::new(1))?;
        next.with_day(1)?
    };
    let last = first
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    (last <= to).then_some((first, last))
}

/// A post in the pension scheme for the whole year (dates can be set after).
pub fn post(role: RoleId, region: Region, salary: Decimal, wte: Decimal) -> Post {
    let time = WorkingTime::wte(wte).unwrap_or_else(|e| panic!("wte {wte}: {e}"));
    Post::new(role, region, salary, time).unwrap_or_else(|e| panic!("post: {e}"))
}

/// The estimate of a full-time post in one whole month (band named for roles offering several).
pub fn full_month_estimate(
    rules: &YearRules,
    role: RoleId,
    band: Band,
    region: Region,
    (first, last): (NaiveDate, NaiveDate),
) -> Result<Estimate, String> {
    let mut post = post(role, region, Decimal::from(30_000), Decimal::ONE);
    post.band = Some(band);
    post.from = Some(first);
    post.to = Some(last);
    estimate(rules, &post).map_err(|e| format!("estimate fails: {e}"))
}

//! The estimate of one post, month by month (DESIGN §5):
//!
//! ```text
//! f       = days active in the month ÷ days in the month
//! pay     = S × w ÷ 12 × f                               to the penny
//! ni      = ni_rate × max(0, pay − ni_threshold ÷ 12)    to the penny (threshold not pro-rated)
//! pension = pension_rate × pay                           to the penny (0 if not in the scheme)
//! cost    = pay + ni + pension
//! cap     = cap_in_force_on_the_first_active_day × w ÷ 12 × f   to the penny
//! claim   = s × min(cost, cap)
//! top_up  = s × cost − claim
//! provider_share = cost − s × cost                      (the mental health provider's part)
//! ```
//!
//! Rounding is half away from zero. For a share s of 0.5 the PCN's share of the cost and of the
//! cap are each rounded to the penny first, and `claim = min(s × cost, s × cap)`, so
//! `claim + top_up = s × cost` holds exactly, to the penny, in every month. The other half of
//! a 50% mental health practitioner's cost is the mental health provider's. Totals are sums of
//! the rounded months.

use crate::rules::band::Band;
use crate::rules::data::{Figure, RoleRule, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::money::{div, mul, plain_decimal, sum_money, Money};
use crate::rules::oncosts::OnCostRates;
use crate::rules::post::{Post, WorkingTime};
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use crate::rules::year::{Month, YearId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// One month of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthLine {
    /// The month, `2025-10`.
    pub month: Month,
    /// Pay for the days in post.
    pub pay: Money,
    /// Employer NI.
    pub ni: Money,
    /// Employer pension.
    pub pension: Money,
    /// pay + ni + pension.
    pub cost: Money,
    /// The cap for the days in post at this WTE.
    pub cap: Money,
    /// What the PCN can claim.
    pub claim: Money,
    /// What the practices fund above the cap.
    pub top_up: Money,
    /// The mental health provider's part of a jointly funded post (cost − share × cost).
    pub provider_share: Money,
    /// The month as a spreadsheet keeps it, `Oct 2025`.
    pub label: String,
    /// Days in post this month.
    #[serde(rename = "days")]
    pub days_active: u32,
    /// Days in the month.
    pub days_in_month: u32,
    /// Annual cap per WTE in force on the first day in post this month.
    #[serde(serialize_with = "serialize_decimal")]
    pub annual_cap: Decimal,
    /// Id of the cap table it comes from.
    #[serde(skip)]
    pub cap_table: String,
}

impl MonthLine {
    /// Pay, NI, pension, cost, cap, claim, top-up and provider share, in table order.
    pub fn amounts(&self) -> [Money; 8] {
        [
            self.pay,
            self.ni,
            self.pension,
            self.cost,
            self.cap,
            self.claim,
            self.top_up,
            self.provider_share,
        ]
    }
}

/// Sums of the month lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Total pay.
    pub pay: Money,
    /// Total employer NI.
    pub ni: Money,
    /// Total employer pension.
    pub pension: Money,
    /// Total cost.
    pub cost: Money,
    /// Total cap.
    pub cap: Money,
    /// Total claim.
    pub claim: Money,
    /// Total top-up.
    pub top_up: Money,
    /// Total mental health provider's share.
    pub provider_share: Money,
}

impl Totals {
    /// Pay, NI, pension, cost, cap, claim, top-up and provider share, in table order.
    pub fn amounts(&self) -> [Money; 8] {
        [
            self.pay,
            self.ni,
            self.pension,
            self.cost,
            self.cap,
            self.claim,
            self.top_up,
            self.provider_share,
        ]
    }
}

/// A figure an estimate used, with its status and source, so the working can be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceNote {
    /// What the figure is, e.g. `maximum reimbursable amount, Band 7–8a, national, 2024-04-01 to 2024-09-30`.
    pub figure: String,
    /// The value as a decimal string.
    pub value: String,
    /// Published, derived or scenario.
    pub status: Status,
    /// What kind of value it is, so a page can format it without reading the label.
    pub unit: FigureUnit,
    /// Source URL; absent for values given on the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The kind of value a [`SourceNote`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureUnit {
    /// Pounds, shown to the penny (caps, thresholds, salaries).
    Money,
    /// Pounds per weighted patient (pot rates, three decimal places).
    PoundsPerPatient,
    /// A fraction shown as a percentage (`0.138` is 13.8%).
    Fraction,
}

impl SourceNote {
    /// A note for a figure from the rules data.
    pub fn from_figure(figure: impl Into<String>, value: &Figure, unit: FigureUnit) -> Self {
        SourceNote {
            figure: figure.into(),
            value: plain_decimal(value.value),
            status: value.status,
            unit,
            url: Some(value.source.clone()),
        }
    }
}

/// The estimate of one post. Serializes to the DESIGN §5 JSON shape: `role, year, region,
/// salary, wte, from, to, months, totals, sources` (plus `label` when the post has one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// The post's label, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Role id.
    pub role: RoleId,
    /// Year id.
    pub year: YearId,
    /// Region id.
    pub region: Region,
    /// Full-time annual salary.
    pub salary: Money,
    /// WTE.
    #[serde(serialize_with = "serialize_decimal")]
    pub wte: Decimal,
    /// First day in post.
    pub from: NaiveDate,
    /// Last day in post.
    pub to: NaiveDate,
    /// Months in post.
    pub months: Vec<MonthLine>,
    /// Sums of the months.
    pub totals: Totals,
    /// Figures used.
    pub sources: Vec<SourceNote>,
    /// The role's name, for readers.
    pub role_name: &'static str,
    /// The pay area's name, for readers ("London" for a role with one London rate).
    pub region_name: &'static str,
    /// Working time as given (WTE, hours or sessions).
    pub working_time: WorkingTime,
    /// The band claimed at.
    pub band: Band,
    /// The band's label, e.g. `Band 7–8a`.
    pub band_label: String,
    /// The ARRS share.
    #[serde(serialize_with = "serialize_decimal")]
    pub share: Decimal,
    /// In the pension scheme.
    #[serde(rename = "pension")]
    pub in_pension: bool,
    /// On-cost rates used.
    #[serde(skip)]
    pub rates: OnCostRates,
    /// Status of the year's rules (`scenario` for a year not yet published).
    #[serde(skip)]
    pub year_status: Status,
}

fn serialize_decimal<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&plain_decimal(*value))
}

/// The checked, year-specific facts of a post that every month needs.
pub(crate) struct ResolvedPost {
    pub band: Band,
    pub share: Decimal,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rates: OnCostRates,
}

/// Checks a post against the year and fills in its defaults.
pub(crate) fn resolve(rules: &YearRules, post: &Post) -> Result<ResolvedPost, RulesError> {
    post.validate()?;
    let rule = rules.role(post.role)?;
    let band = resolve_band(rules, rule, post.band)?;
    let share = resolve_share(rules, rule, post.share)?;
    let year = rules.year;
    let role_first = rules.role_first_day(rule);
    let from = post.from.unwrap_or(role_first);
    let to = post.to.unwrap_or(year.last_day());
    let range = format!("{} to {}", year.first_day(), year.last_day());
    if !year.contains(from) {
        return Err(RulesError::field(
            "from",
            format!("must be inside {year} ({range})"),
        ));
    }
    if !year.contains(to) {
        return Err(RulesError::field(
            "to",
            format!("must be inside {year} ({range})"),
        ));
    }
    if to < role_first {
        return Err(RulesError::field(
            "to",
            format!(
                "must be on or after {role_first}: `{}` can be claimed from then in {year}",
                post.role
            ),
        ));
    }
    if to < from {
        return Err(RulesError::field("to", "must be on or after from"));
    }
    if from < role_first {
        return Err(RulesError::field(
            "from",
            format!(
                "must be on or after {role_first}: `{}` can be claimed from then in {year}",
                post.role
            ),
        ));
    }
    let rates = OnCostRates::for_year(rules, &post.on_costs)?;
    Ok(ResolvedPost {
        band,
        share,
        from,
        to,
        rates,
    })
}

fn resolve_band(
    rules: &YearRules,
    rule: &RoleRule,
    asked: Option<Band>,
) -> Result<Band, RulesError> {
    let Some(band) = asked else {
        return Ok(rule.band);
    };
    let allowed = rules.bands_of(rule);
    if allowed.contains(&band) {
        Ok(band)
    } else {
        let list: Vec<&str> = allowed.iter().map(|b| b.id()).collect();
        Err(RulesError::field(
            "band",
            format!(
                "`{band}` is not offered for `{}` in {}; expected {}",
                rule.id,
                rules.year,
                list.join(", ")
            ),
        ))
    }
}

fn resolve_share(
    rules: &YearRules,
    rule: &RoleRule,
    asked: Option<Decimal>,
) -> Result<Decimal, RulesError> {
    let allowed: Vec<Decimal> = if rule.shares.is_empty() {
        vec![Decimal::ONE]
    } else {
        rule.shares.clone()
    };
    let Some(share) = asked else {
        return Ok(allowed.first().copied().unwrap_or(Decimal::ONE));
    };
    if allowed.contains(&share) {
        Ok(share)
    } else {
        let list: Vec<String> = allowed.iter().map(|a| plain_decimal(*a)).collect();
        Err(RulesError::field(
            "share",
            format!(
                "must be {} for `{}` in {}",
                list.join(" or "),
                rule.id,
                rules.year
            ),
        ))
    }
}

/// The inputs of one month's computation.
pub(crate) struct MonthInput {
    pub salary: Decimal,
    pub wte: (Decimal, Decimal),
    pub days_active: u32,
    pub days_in_month: u32,
    pub annual_cap: Decimal,
    pub share: Decimal,
    pub in_pension: bool,
}

/// `amount × w ÷ 12 × f` with w = num ÷ den and f = days ÷ days_in_month, divided once at the
/// end so hours and sessions stay exact, rounded to the penny.
fn prorate(amount: Decimal, m: &MonthInput, what: &'static str) -> Result<Money, RulesError> {
    let (num, den) = m.wte;
    let top = mul(mul(amount, num, what)?, Decimal::from(m.days_active), what)?;
    let bottom = mul(den, Decimal::from(12 * m.days_in_month.max(1)), what)?;
    Ok(Money::round(div(top, bottom, what)?))
}

/// Pay, on-costs, cap, claim, top-up and the provider's share for one month.
pub(crate) fn month_amounts(m: &MonthInput, rates: &OnCostRates) -> Result<[Money; 8], RulesError> {
    let pay = prorate(m.salary, m, "pay")?;
    let ni = rates.monthly_ni(pay)?;
    let pension = rates.monthly_pension(pay, m.in_pension)?;
    let cost = sum_money([pay, ni, pension])?;
    let cap = prorate(m.annual_cap, m, "cap")?;
    let share_of_cost = Money::round(mul(m.share, cost.amount(), "claim")?);
    let share_of_cap = Money::round(mul(m.share, cap.amount(), "claim")?);
    let claim = share_of_cost.min(share_of_cap);
    let top_up = share_of_cost.checked_sub(claim)?;
    let provider_share = cost.checked_sub(share_of_cost)?;
    Ok([pay, ni, pension, cost, cap, claim, top_up, provider_share])
}

/// Estimates one post for the year: month lines, totals and the figures used.
pub fn estimate(rules: &YearRules, post: &Post) -> Result<Estimate, RulesError> {
    let resolved = resolve(rules, post)?;
    let mut months = Vec::new();
    for month in rules.year.months() {
        let start = resolved.from.max(month.first_day());
        let end = resolved.to.min(month.last_day());
        if start > end {
            continue;
        }
        let days_active = u32::try_from((end - start).num_days() + 1).unwrap_or(0);
        let (in_force, cap) = rules.cap_on(resolved.band, post.region, start)?;
        let input = MonthInput {
            salary: post.salary,
            wte: post.working_time.fraction(),
            days_active,
            days_in_month: month.days(),
            annual_cap: cap.value,
            share: resolved.share,
            in_pension: post.in_pension,
        };
        let [pay, ni, pension, cost, cap_amount, claim, top_up, provider_share] =
            month_amounts(&input, &resolved.rates)?;
        months.push(MonthLine {
            month,
            pay,
            ni,
            pension,
            cost,
            cap: cap_amount,
            claim,
            top_up,
            provider_share,
            label: month.label(),
            days_active,
            days_in_month: month.days(),
            annual_cap: cap.value,
            cap_table: in_force.table.id.clone(),
        });
    }
    let totals = totals_of(&months)?;
    let sources = sources_of(rules, post, &resolved, &months);
    Ok(Estimate {
        label: post.label.clone(),
        role: post.role,
        year: rules.year,
        region: post.region,
        salary: Money::round(post.salary),
        wte: post.working_time.as_wte(),
        from: resolved.from,
        to: resolved.to,
        months,
        totals,
        sources,
        role_name: post.role.name(),
        region_name: rules.pay_area_name(post.role, post.region),
        working_time: post.working_time,
        band: resolved.band,
        band_label: resolved.band.label(),
        share: resolved.share,
        in_pension: post.in_pension,
        rates: resolved.rates,
        year_status: rules.status,
    })
}

/// Sums month lines column by column.
pub fn totals_of(months: &[MonthLine]) -> Result<Totals, RulesError> {
    Ok(Totals {
        pay: sum_money(months.iter().map(|m| m.pay))?,
        ni: sum_money(months.iter().map(|m| m.ni))?,
        pension: sum_money(months.iter().map(|m| m.pension))?,
        cost: sum_money(months.iter().map(|m| m.cost))?,
        cap: sum_money(months.iter().map(|m| m.cap))?,
        claim: sum_money(months.iter().map(|m| m.claim))?,
        top_up: sum_money(months.iter().map(|m| m.top_up))?,
        provider_share: sum_money(months.iter().map(|m| m.provider_share))?,
    })
}

fn sources_of(
    rules: &YearRules,
    post: &Post,
    resolved: &ResolvedPost,
    months: &[MonthLine],
) -> Vec<SourceNote> {
    let mut notes = Vec::new();
    let mut seen_tables: Vec<&str> = Vec::new();
    for line in months {
        if seen_tables.contains(&line.cap_table.as_str()) {
            continue;
        }
        seen_tables.push(&line.cap_table);
        let Ok((in_force, figure)) = rules.cap_on(
            resolved.band,
            post.region,
            line.month.first_day().max(resolved.from),
        ) else {
            continue;
        };
        notes.push(SourceNote::from_figure(
            format!(
                "maximum reimbursable amount per WTE a year, {}, {}, {} to {} ({})",
                resolved.band.label(),
                post.region.name(),
                in_force.from,
                in_force.to,
                in_force.table.label
            ),
            figure,
            FigureUnit::Money,
        ));
    }
    let on_costs = &rules.on_costs;
    let overrides = &post.on_costs;
    notes.push(rate_note(
        "employer National Insurance rate",
        overrides.ni_rate,
        &on_costs.ni_rate,
        FigureUnit::Fraction,
    ));
    notes.push(rate_note(
        "employer NI secondary threshold a year",
        overrides.ni_threshold,
        &on_costs.ni_threshold,
        FigureUnit::Money,
    ));
    if post.in_pension {
        notes.push(rate_note(
            "employer NHS pension contribution rate",
            overrides.pension_rate,
            &on_costs.pension_rate,
            FigureUnit::Fraction,
        ));
    }
    notes
}

fn rate_note(
    what: &str,
    overridden: Option<Decimal>,
    figure: &Figure,
    unit: FigureUnit,
) -> SourceNote {
    match overridden {
        Some(value) => SourceNote {
            figure: format!("{what} (given for this run)"),
            value: plain_decimal(value),
            status: Status::Scenario,
            unit,
            url: None,
        },
        None => SourceNote::from_figure(what, figure, unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::post::WorkingTime;
    use crate::rules::testdata;
    use rust_decimal::dec;

    fn post(role: RoleId, region: Region, salary: Decimal, wte: Decimal) -> Post {
        Post::new(role, region, salary, WorkingTime::wte(wte).unwrap()).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Checks one month line: [pay, ni, pension, cost, cap, claim, top_up].
    fn assert_line(line: &MonthLine, expected: [&str; 7]) {
        let got = [
            line.pay,
            line.ni,
            line.pension,
            line.cost,
            line.cap,
            line.claim,
            line.top_up,
        ]
        .map(|m| m.plain());
        assert_eq!(got, expected.map(str::to_owned), "month {}", line.month);
    }

    #[test]
    fn every_file_parses() {
        assert_eq!(testdata::all().len(), 4);
    }

    /// Full year with a cap change mid-year, and a post above the cap (the Done-when example).
    /// FCP, 2024/25, national, £52,000, 1 WTE, 13.8% NI above £9,100, 14.38% pension:
    /// pay 52,000 ÷ 12 = 4,333.333… → 4,333.33
    /// ni 0.138 × (4,333.33 − 758.333…) = 493.3495… → 493.35
    /// pension 0.1438 × 4,333.33 = 623.1328… → 623.13; cost 5,449.81
    /// April–September cap (July 2023 band 7–8a £62,340) 62,340 ÷ 12 = 5,195.00:
    ///   claim 5,195.00, top-up 254.81
    /// October–March cap (October 2024 £65,838) 65,838 ÷ 12 = 5,486.50 > cost:
    ///   claim 5,449.81, top-up 0
    /// Totals: pay 51,999.96; ni 5,920.20; pension 7,477.56; cost 65,397.72;
    ///   cap 6 × 5,195.00 + 6 × 5,486.50 = 64,089.00; claim 31,170.00 + 32,698.86 = 63,868.86;
    ///   top-up 6 × 254.81 = 1,528.86.
    #[test]
    fn full_year_with_mid_year_cap_change() {
        let rules = testdata::year("2024-25");
        let p = post(
            RoleId::FirstContactPhysiotherapist,
            Region::National,
            dec!(52000),
            dec!(1),
        );
        let e = estimate(&rules, &p).unwrap();
        assert_eq!(e.months.len(), 12);
        for line in &e.months[..6] {
            assert_line(
                line,
                [
                    "4333.33", "493.35", "623.13", "5449.81", "5195.00", "5195.00", "254.81",
                ],
            );
        }
        for line in &e.months[6..] {
            assert_line(
                line,
                [
                    "4333.33", "493.35", "623.13", "5449.81", "5486.50", "5449.81", "0.00",
                ],
            );
        }
        let t = &e.totals;
        assert_eq!(
            [t.pay, t.ni, t.pension, t.cost, t.cap, t.claim, t.top_up].map(|m| m.plain()),
            ["51999.96", "5920.20", "7477.56", "65397.72", "64089.00", "63868.86", "1528.86"]
                .map(str::to_owned)
        );
    }

    /// Part year and part month: clinical pharmacist, 2025/26 (uplifted caps), national,
    /// £52,000 at 0.6 WTE from 15 October 2025: October has 17 of 31 days.
    /// pay 52,000 × 0.6 × 17 ÷ (12 × 31) = 1,425.806… → 1,425.81
    /// ni 0.15 × (1,425.81 − 5,000 ÷ 12) = 0.15 × 1,009.1433… = 151.3715 → 151.37
    /// pension 0.1438 × 1,425.81 = 205.0314… → 205.03; cost 1,782.21
    /// cap 69,410 × 0.6 × 17 ÷ 372 = 1,903.177… → 1,903.18; claim 1,782.21
    /// November, full month: pay 2,600.00; ni 0.15 × 2,183.333… = 327.50; pension 373.88;
    /// cost 3,301.38; cap 69,410 × 0.6 ÷ 12 = 3,470.50.
    #[test]
    fn part_year_and_part_month() {
        let rules = testdata::year("2025-26");
        let mut p = post(
            RoleId::ClinicalPharmacist,
            Region::National,
            dec!(52000),
            dec!(0.6),
        );
        p.from = Some(date("2025-10-15"));
        let e = estimate(&rules, &p).unwrap();
        assert_eq!(e.months.len(), 6);
        assert_eq!(e.months[0].month.to_string(), "2025-10");
        assert_eq!(e.months[0].days_active, 17);
        assert_line(
            &e.months[0],
            [
                "1425.81", "151.37", "205.03", "1782.21", "1903.18", "1782.21", "0.00",
            ],
        );
        assert_line(
            &e.months[1],
            [
                "2600.00", "327.50", "373.88", "3301.38", "3470.50", "3301.38", "0.00",
            ],
        );
        assert_eq!(e.to, date("2026-03-31"));
    }

    /// Inner and outer London: paramedic (band 7), 2024/25, £60,000, 1 WTE.
    /// pay 5,000.00; ni 0.138 × (5,000 − 758.333…) = 585.35; pension 719.00; cost 6,304.35.
    /// Inner London: April cap 70,330 ÷ 12 = 5,860.83 (top-up 443.52);
    ///   October cap 74,267 ÷ 12 = 6,188.92 (top-up 115.43).
    /// Outer London: April cap 67,369 ÷ 12 = 5,614.08 (top-up 690.27);
    ///   October cap 71,143 ÷ 12 = 5,928.58 (top-up 375.77).
    #[test]
    fn inner_and_outer_london_caps() {
        let rules = testdata::year("2024-25");
        let inner = estimate(
            &rules,
            &post(RoleId::Paramedic, Region::InnerLondon, dec!(60000), dec!(1)),
        )
        .unwrap();
        assert_line(
            &inner.months[0],
            [
                "5000.00", "585.35", "719.00", "6304.35", "5860.83", "5860.83", "443.52",
            ],
        );
        assert_line(
            &inner.months[6],
            [
                "5000.00", "585.35", "719.00", "6304.35", "6188.92", "6188.92", "115.43",
            ],
        );
        let outer = estimate(
            &rules,
            &post(RoleId::Paramedic, Region::OuterLondon, dec!(60000), dec!(1)),
        )
        .unwrap();
        assert_line(
            &outer.months[0],
            [
                "5000.00", "585.35", "719.00", "6304.35", "5614.08", "5614.08", "690.27",
            ],
        );
        assert_line(
            &outer.months[6],
            [
                "5000.00", "585.35", "719.00", "6304.35", "5928.58", "5928.58", "375.77",
            ],
        );
    }

    /// GP London rate: 2024/25, 9 sessions, £80,000, from 1 October 2024 (the default start).
    /// pay 6,666.67; ni 0.138 × (6,666.67 − 758.333…) = 815.3504… → 815.35;
    /// pension 0.1438 × 6,666.67 = 958.667… → 958.67; cost 8,440.69.
    /// London cap (both regions) 95,233 ÷ 12 = 7,936.08; claim 7,936.08; top-up 504.61.
    /// National cap 92,462 ÷ 12 = 7,705.17; top-up 735.52.
    #[test]
    fn gp_has_one_london_rate_and_starts_in_october() {
        let rules = testdata::year("2024-25");
        for region in [Region::InnerLondon, Region::OuterLondon] {
            let p = Post::new(
                RoleId::GeneralPractitioner,
                region,
                dec!(80000),
                WorkingTime::sessions(dec!(9)).unwrap(),
            )
            .unwrap();
            let e = estimate(&rules, &p).unwrap();
            assert_eq!(e.months.len(), 6);
            assert_eq!(e.from, date("2024-10-01"));
            assert_line(
                &e.months[0],
                [
                    "6666.67", "815.35", "958.67", "8440.69", "7936.08", "7936.08", "504.61",
                ],
            );
        }
        let p = Post::new(
            RoleId::GeneralPractitioner,
            Region::National,
            dec!(80000),
            WorkingTime::sessions(dec!(9)).unwrap(),
        )
        .unwrap();
        let e = estimate(&rules, &p).unwrap();
        assert_line(
            &e.months[5],
            [
                "6666.67", "815.35", "958.67", "8440.69", "7705.17", "7705.17", "735.52",
            ],
        );
        let mut early = p.clone();
        early.from = Some(date("2024-04-01"));
        assert_eq!(
            estimate(&rules, &early).unwrap_err().field_name(),
            Some("from")
        );
        assert_eq!(
            estimate(&testdata::year("2023-24"), &p)
                .unwrap_err()
                .to_string(),
            "role `general-practitioner` is not in the 2023-24 scheme"
        );
    }

    /// MHP at 50%: adult MHP, 2025/26, default band 6 (uplifted cap £55,265), national,
    /// £50,000, 1 WTE: pay 4,166.67; ni 0.15 × (4,166.67 − 416.666…) = 562.5005 → 562.50;
    /// pension 0.1438 × 4,166.67 = 599.167… → 599.17; cost 5,328.34; cap 55,265 ÷ 12 = 4,605.42.
    /// PCN share of cost 0.5 × 5,328.34 = 2,664.17; share of cap 2,302.71;
    /// claim 2,302.71; top-up 2,664.17 − 2,302.71 = 361.46.
    /// At 100%: claim 4,605.42, top-up 722.92.
    #[test]
    fn mental_health_practitioner_at_half_and_full_share() {
        let rules = testdata::year("2025-26");
        let p = post(
            RoleId::AdultMentalHealthPractitioner,
            Region::National,
            dec!(50000),
            dec!(1),
        );
        let e = estimate(&rules, &p).unwrap();
        assert_eq!(e.share, dec!(0.5));
        assert_eq!(e.band, Band::B6);
        assert_line(
            &e.months[0],
            [
                "4166.67", "562.50", "599.17", "5328.34", "4605.42", "2302.71", "361.46",
            ],
        );
        let mut full = p.clone();
        full.share = Some(dec!(1));
        let e = estimate(&rules, &full).unwrap();
        assert_line(
            &e.months[0],
            [
                "4166.67", "562.50", "599.17", "5328.34", "4605.42", "4605.42", "722.92",
            ],
        );
        // 2023/24: only 50% was allowed; band 8c is not offered.
        let mut p23 = p.clone();
        p23.share = Some(dec!(1));
        assert_eq!(
            estimate(&testdata::year("2023-24"), &p23)
                .unwrap_err()
                .field_name(),
            Some("share")
        );
        let mut p_band = p.clone();
        p_band.band = Some(Band::B8c);
        assert_eq!(
            estimate(&rules, &p_band).unwrap_err().field_name(),
            Some("band")
        );
        // share is for MHPs only
        let mut cp = post(
            RoleId::ClinicalPharmacist,
            Region::National,
            dec!(50000),
            dec!(1),
        );
        cp.share = Some(dec!(0.5));
        assert_eq!(
            estimate(&rules, &cp).unwrap_err().field_name(),
            Some("share")
        );
    }

    #[test]
    fn dates_must_be_inside_the_year() {
        let rules = testdata::year("2025-26");
        let mut p = post(RoleId::Dietitian, Region::National, dec!(45000), dec!(1));
        p.to = Some(date("2026-04-30"));
        assert_eq!(estimate(&rules, &p).unwrap_err().field_name(), Some("to"));
        p.to = None;
        p.from = Some(date("2025-03-31"));
        assert_eq!(estimate(&rules, &p).unwrap_err().field_name(), Some("from"));
    }

    #[test]
    fn pension_opt_out_and_overrides_change_the_cost() {
        let rules = testdata::year("2024-25");
        let mut p = post(
            RoleId::CareCoordinator,
            Region::National,
            dec!(30000),
            dec!(1),
        );
        p.in_pension = false;
        let e = estimate(&rules, &p).unwrap();
        assert_eq!(e.totals.pension, Money::ZERO);
        assert!(e.sources.iter().all(|s| !s.figure.contains("pension")));
        p.on_costs.ni_rate = Some(dec!(0));
        let e = estimate(&rules, &p).unwrap();
        assert_eq!(e.totals.ni, Money::ZERO);
        assert!(e
            .sources
            .iter()
            .any(|s| s.url.is_none() && s.status == Status::Scenario));
    }

    #[test]
    fn json_shape_is_the_design_shape() {
        let rules = testdata::year("2024-25");
        let e = estimate(
            &rules,
            &post(
                RoleId::FirstContactPhysiotherapist,
                Region::National,
                dec!(52000),
                dec!(1),
            ),
        )
        .unwrap();
        let text = serde_json::to_string(&e).unwrap();
        assert!(
            text.starts_with(concat!(
                r#"{"role":"first-contact-physiotherapist","year":"2024-25","region":"national","#,
                r#""salary":"52000.00","wte":"1","from":"2024-04-01","to":"2025-03-31","#,
                r#""months":[{"month":"2024-04","pay":"4333.33","ni":"493.35","pension":"623.13","#,
                r#""cost":"5449.81","cap":"5195.00","claim":"5195.00","top_up":"254.81","#,
                r#""provider_share":"0.00","label":"Apr 2024","days":30,"days_in_month":30,"#,
                r#""annual_cap":"62340"}"#
            )),
            "{text}"
        );
        assert!(text.contains(r#""totals":{"pay":"51999.96","ni":"5920.20","pension":"7477.56","cost":"65397.72","cap":"64089.00","claim":"63868.86","top_up":"1528.86","provider_share":"0.00"},"sources":[{"#), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["salary"], "52000.00");
        assert_eq!(v["wte"], "1");
        assert_eq!(v["months"][0]["month"], "2024-04");
        assert_eq!(v["months"][0]["top_up"], "254.81");
        assert_eq!(v["totals"]["claim"], "63868.86");
        assert_eq!(v["sources"][0]["status"], "published");
    }
}

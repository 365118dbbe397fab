//! Figures stated in prose, worked out from a post the page describes.

use crate::findings::Findings;
use crate::html::{amount_after, selector, text, year_from_label};
use crate::rules_read::{percent, plain_amount, post, round_to_penny, round_to_pound, whole_gbp};
use crate::site::page;
use arrs_guide::rules::{estimate, plan, PlanInput, Region, RoleId, RuleBook, YearId, YearRules};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use scraper::Html;

/// How a page rounds a figure it states.
#[derive(Clone, Copy)]
pub enum Shown {
    /// Exactly the computed amount.
    Exactly,
    /// To the penny ("about £416.67").
    ToThePenny,
    /// To the pound ("about £866").
    ToThePound,
}

/// A figure a page states, found by the words just before it.
pub struct Stated {
    pub before: String,
    pub what: &'static str,
    pub computed: Decimal,
    pub shown: Shown,
}

fn stated(
    before: impl Into<String>,
    what: &'static str,
    computed: Decimal,
    shown: Shown,
) -> Stated {
    Stated {
        before: before.into(),
        what,
        computed,
        shown,
    }
}

/// The reader-visible text of a built page's main content.
pub fn page_text(url: &str) -> String {
    let doc = Html::parse_document(page(url));
    doc.select(&selector("main"))
        .next()
        .map(text)
        .unwrap_or_default()
}

/// Finds each stated figure on the built page at `url` and compares it with the rules core.
pub fn check_stated(f: &mut Findings, source: &str, url: &str, figures: &[Stated]) {
    let text = page_text(url);
    for figure in figures {
        let expected = match figure.shown {
            Shown::Exactly => figure.computed,
            Shown::ToThePenny => round_to_penny(figure.computed),
            Shown::ToThePound => round_to_pound(figure.computed),
        };
        match amount_after(&text, &figure.before) {
            Ok(found) => f.check(found == expected, || {
                let unrounded = if figure.computed == expected {
                    String::new()
                } else {
                    format!(" (unrounded {})", figure.computed)
                };
                format!(
                    "{source} (page {url}): {} is stated as {} after \"{}\", the rules core computes {}{unrounded}",
                    figure.what,
                    plain_amount(found),
                    figure.before,
                    plain_amount(expected),
                )
            }),
            Err(e) => f.problem(format!("{source} (page {url}): {}: {e}", figure.what)),
        }
    }
}

fn year_rules<'b>(book: &'b RuleBook, id: &str) -> &'b YearRules {
    let year: YearId = id.parse().unwrap_or_else(|e| panic!("{id}: {e}"));
    book.year(&year)
        .unwrap_or_else(|| panic!("the rules have no {id}"))
}

fn pot_rate(rules: &YearRules, pot: &str) -> Decimal {
    rules
        .pots
        .iter()
        .find(|p| p.id == pot)
        .unwrap_or_else(|| panic!("{} has no pot `{pot}`", rules.year))
        .rate
        .value
}

fn entitlement(rules: &YearRules, weighted_population: Decimal) -> Decimal {
    let input = PlanInput::new(Some(weighted_population), Vec::new());
    plan(rules, &input)
        .unwrap_or_else(|e| panic!("plan: {e}"))
        .totals
        .entitlement
        .map(|e| e.amount())
        .unwrap_or_else(|| panic!("no entitlement for a given population"))
}

/// `content/funding.md`, "A worked example": a PCN of 30,000 weighted patients in 2025/26 with
/// one post at 0.6 WTE on a £52,000 full-time salary from 1 October 2025 to 31 March 2026,
/// national pay. The page leaves the role out and says what happens "if the maximum covers the
/// cost"; an advanced practitioner (band 8a) is such a post, which the test checks.
pub fn check_funding_page(f: &mut Findings, book: &RuleBook) {
    let source = "content/funding.md";
    let url = "/funding/";
    let rules = year_rules(book, "2025-26");
    let population = Decimal::from(30_000);
    let salary = Decimal::from(52_000);
    let wte = Decimal::new(6, 1);
    let mut example = post(RoleId::AdvancedPractitioner, Region::National, salary, wte);
    example.from = NaiveDate::from_ymd_opt(2025, 10, 1);
    example.to = NaiveDate::from_ymd_opt(2026, 3, 31);
    let input = PlanInput::new(Some(population), vec![example]);
    let computed = plan(rules, &input).unwrap_or_else(|e| panic!("{source} plan: {e}"));
    let estimate = &computed.posts[0].estimate;
    let month = &estimate.months[0];
    f.check(
        estimate.months.iter().all(|m| {
            (m.pay, m.ni, m.pension, m.cost) == (month.pay, month.ni, month.pension, month.cost)
        }),
        || {
            format!(
                "{source}: says each month works out the same, but the months of the post differ"
            )
        },
    );
    f.check(estimate.totals.claim == estimate.totals.cost, || {
        format!(
            "{source}: the example post's maximum no longer covers its cost (claim {}, cost {}): pick another role for the test",
            estimate.totals.claim.display_gbp(),
            estimate.totals.cost.display_gbp()
        )
    });
    let on_costs = &rules.on_costs;
    let figures = [
        stated(
            "For example, a PCN with 30,000 weighted patients had an entitlement of ",
            "2025/26 entitlement of 30,000 weighted patients",
            computed
                .totals
                .entitlement
                .map_or(Decimal::ZERO, |m| m.amount()),
            Shown::Exactly,
        ),
        stated(
            "A PCN has 30,000 weighted patients. Its entitlement is ",
            "worked example entitlement",
            computed
                .totals
                .entitlement
                .map_or(Decimal::ZERO, |m| m.amount()),
            Shown::Exactly,
        ),
        stated(
            format!("Pay is {} × 0.6 ÷ 12, which is ", whole_gbp(salary)),
            "monthly pay",
            month.pay.amount(),
            Shown::Exactly,
        ),
        stated(
            format!(
                "The monthly National Insurance threshold is {} ÷ 12, which is about ",
                whole_gbp(on_costs.ni_threshold.value)
            ),
            "monthly NI threshold",
            on_costs.ni_threshold.value / Decimal::from(12),
            Shown::ToThePenny,
        ),
        stated(
            format!(
                "National Insurance is {}% of the pay above that, which is ",
                percent(on_costs.ni_rate.value)
            ),
            "monthly employer NI",
            month.ni.amount(),
            Shown::Exactly,
        ),
        stated(
            format!(
                "Pension is {}% of {}, which is ",
                percent(on_costs.pension_rate.value),
                month.pay.display_gbp()
            ),
            "monthly employer pension",
            month.pension.amount(),
            Shown::Exactly,
        ),
        stated(
            "The month's cost is ",
            "monthly cost",
            month.cost.amount(),
            Shown::Exactly,
        ),
        stated(
            format!("Over the {} months, the post costs ", estimate.months.len()),
            "cost over the post",
            estimate.totals.cost.amount(),
            Shown::Exactly,
        ),
        stated(
            "If the maximum covers the cost, the PCN claims the full ",
            "claim over the post",
            computed.totals.claim.amount(),
            Shown::Exactly,
        ),
        stated(
            "It then has ",
            "headroom",
            computed
                .totals
                .unclaimed
                .map_or(Decimal::ZERO, |m| m.amount()),
            Shown::Exactly,
        ),
    ];
    check_stated(f, source, url, &figures);
    check_funding_tables(f, book, source, url);
}

/// The rate and National Insurance tables of `content/funding.md`, against each year's rules
/// (rows whose cell is not an amount, such as "Not found", are skipped).
pub fn check_funding_tables(f: &mut Findings, book: &RuleBook, source: &str, url: &str) {
    let doc = Html::parse_document(page(url));
    let (tr, cell) = (selector("tbody tr"), selector("td"));
    for table in doc.select(&selector("table")) {
        let caption = table
            .select(&selector("caption"))
            .next()
            .map(text)
            .unwrap_or_default();
        let rates = caption.starts_with("PCN entitlement rate per weighted patient");
        let ni = caption.starts_with("employer National Insurance rate");
        if !rates && !ni {
            continue;
        }
        for row in table.select(&tr) {
            let cells: Vec<String> = row.select(&cell).map(text).collect();
            let Some(rules) = cells
                .first()
                .and_then(|c| year_from_label(c))
                .and_then(|y| book.year(&y))
            else {
                continue;
            };
            let at = format!("{source} (page {url}), table \"{caption}\", {}", rules.year);
            let mut compare = |shown: &str, what: &str, data: Decimal, unit: &str| {
                let value = shown
                    .trim_start_matches('£')
                    .split([' ', '%'])
                    .next()
                    .unwrap_or_default()
                    .replace(',', "")
                    .parse::<Decimal>();
                if let Ok(value) = value {
                    f.check(value == data, || {
                        format!("{at}: {what} shown {shown}, the rules have {data}{unit}")
                    });
                }
            };
            if rates {
                let shown = cells.get(1).cloned().unwrap_or_default();
                compare(&shown, "main rate", pot_rate(rules, "main"), "");
                if let Some(note) = cells.get(2) {
                    if let Ok(gp) = amount_after(note, "GP-only pot of ") {
                        compare(&gp.to_string(), "GP pot rate", pot_rate(rules, "gp"), "");
                    }
                }
            } else {
                let on_costs = &rules.on_costs;
                let rate = cells.get(1).cloned().unwrap_or_default();
                compare(
                    &rate,
                    "NI rate (%)",
                    on_costs.ni_rate.value * Decimal::ONE_HUNDRED,
                    "%",
                );
                let threshold = cells.get(2).cloned().unwrap_or_default();
                compare(&threshold, "NI threshold", on_costs.ni_threshold.value, "");
            }
        }
    }
}

/// `content/faq/part-time-posts.md`: a post on a £52,000 full-time salary for the whole of
/// 2025/26, national pay, at 0.6 WTE and at 1 WTE (the cost does not depend on the role; an
/// advanced practitioner is used).
pub fn part_time_figures(book: &RuleBook) -> Vec<Stated> {
    let rules = year_rules(book, "2025-26");
    let salary = Decimal::from(52_000);
    let cost = |wte: Decimal| {
        let p = post(RoleId::AdvancedPractitioner, Region::National, salary, wte);
        estimate(rules, &p)
            .unwrap_or_else(|e| panic!("part-time-posts estimate: {e}"))
            .totals
            .cost
            .amount()
    };
    let part = cost(Decimal::new(6, 1));
    let full = cost(Decimal::ONE);
    let scaled = full * Decimal::new(6, 1);
    vec![
        stated(
            format!(
                "A 0.6 WTE post on a {} full-time salary costs ",
                whole_gbp(salary)
            ),
            "yearly cost at 0.6 WTE",
            part,
            Shown::Exactly,
        ),
        stated(
            "The same post full time costs ",
            "yearly cost at 1 WTE",
            full,
            Shown::Exactly,
        ),
        stated(
            "Scaling that by 0.6 gives ",
            "full-time cost × 0.6",
            scaled,
            Shown::ToThePenny,
        ),
        stated(
            "instead, which is about ",
            "overstatement from scaling",
            round_to_penny(scaled) - part,
            Shown::ToThePound,
        ),
    ]
}

/// `content/faq/employer-ni-rise.md`: a £30,000 employee (1 WTE, the whole year, national pay)
/// under 2024/25 and 2025/26 rules; the difference is the employer NI of the two years.
pub fn employer_ni_figures(book: &RuleBook) -> Vec<Stated> {
    let before = year_rules(book, "2024-25");
    let after = year_rules(book, "2025-26");
    let salary = Decimal::from(30_000);
    let ni = |rules: &YearRules| {
        let p = post(RoleId::Paramedic, Region::National, salary, Decimal::ONE);
        estimate(rules, &p)
            .unwrap_or_else(|e| panic!("employer-ni-rise estimate: {e}"))
            .totals
            .ni
            .amount()
    };
    vec![
        stated(
            "The threshold it starts at fell from ",
            "2024/25 NI threshold",
            before.on_costs.ni_threshold.value,
            Shown::Exactly,
        ),
        stated(
            format!(
                "The threshold it starts at fell from {} a year to ",
                whole_gbp(before.on_costs.ni_threshold.value)
            ),
            "2025/26 NI threshold",
            after.on_costs.ni_threshold.value,
            Shown::Exactly,
        ),
        stated(
            format!(
                "By our arithmetic, a {} employee now costs about ",
                whole_gbp(salary)
            ),
            "extra employer NI a year",
            ni(after) - ni(before),
            Shown::ToThePound,
        ),
    ]
}

/// `content/faq/how-much-does-our-pcn-get.md`: the rates per weighted patient (2026/27 a
/// scenario) and the
/// entitlement of 30,000 weighted patients in 2025/26.
pub fn entitlement_figures(book: &RuleBook) -> Vec<Stated> {
    let y24 = year_rules(book, "2024-25");
    let y25 = year_rules(book, "2025-26");
    vec![
        stated(
            "2023/24: ",
            "2023/24 rate per weighted patient",
            pot_rate(year_rules(book, "2023-24"), "main"),
            Shown::Exactly,
        ),
        stated(
            "2024/25: ",
            "2024/25 rate per weighted patient",
            pot_rate(y24, "main"),
            Shown::Exactly,
        ),
        stated(
            "plus a separate GP-only pot of ",
            "2024/25 GP pot rate",
            pot_rate(y24, "gp"),
            Shown::Exactly,
        ),
        stated(
            "2025/26: ",
            "2025/26 rate per weighted patient",
            pot_rate(y25, "main"),
            Shown::Exactly,
        ),
        stated(
            "2026/27: ",
            "2026/27 rate per weighted patient",
            pot_rate(year_rules(book, "2026-27"), "main"),
            Shown::Exactly,
        ),
        stated(
            "For example, a PCN with 30,000 weighted patients had ",
            "2025/26 entitlement of 30,000 weighted patients",
            entitlement(y25, Decimal::from(30_000)),
            Shown::Exactly,
        ),
    ]
}

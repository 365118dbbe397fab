//! The calculator page without JavaScript: caps tables and worked examples.

use crate::cap_cells::{check_row_caps, Row};
use crate::findings::{Findings, Place};
use crate::html::{
    amount_after, date_of, param, query, selector, table_amount, text, year_from_label,
};
use crate::rules_read::{caps_of, in_force_on, last_day_of, role_first_day, worst_status};
use arrs_guide::rules::{
    estimate, CapTable, Estimate, Money, PostFields, RoleId, RuleBook, YearId,
};
use arrs_guide::site::Date;
use chrono::NaiveDate;
use scraper::{ElementRef, Html};

/// Checks the calculator page's no-JavaScript caps tables: the heading names the year shown
/// without JavaScript, and for every year's block (`data-reference-year`), one table per period
/// in force in that year, every role of that year, band, status, source and caps.
pub fn check_calculator_caps(f: &mut Findings, book: &RuleBook, html: &str) {
    let url = "/calculator/";
    let doc = Html::parse_document(html);
    let heading = doc
        .select(&selector("h2#caps-table"))
        .next()
        .map(text)
        .unwrap_or_default();
    let heading_year = heading.rsplit(", ").next().and_then(year_from_label);
    if heading_year.as_ref().and_then(|id| book.year(id)).is_none() {
        f.problem(format!(
            "page {url}: caps heading \"{heading}\" names no year of the rules"
        ));
        return;
    }
    let blocks = selector(r#"section[aria-labelledby="caps-table"] div.year-reference"#);
    let mut shown_years = Vec::new();
    for block in doc.select(&blocks) {
        let id = block
            .value()
            .attr("data-reference-year")
            .unwrap_or_default();
        let Some(rules) = id.parse::<YearId>().ok().and_then(|y| book.year(&y)) else {
            f.problem(format!(
                "page {url}: caps block for \"{id}\", not a year of the rules"
            ));
            continue;
        };
        let shown = block.value().attr("hidden").is_none();
        f.check(shown == (Some(rules.year) == heading_year), || {
            format!(
                "page {url}: the {} caps are {} without JavaScript, the heading says \"{heading}\"",
                rules.year,
                if shown { "shown" } else { "hidden" }
            )
        });
        shown_years.push(rules.year);
        check_year_caps(f, rules, block.select(&selector("table.caps")).collect());
    }
    let expected: Vec<YearId> = book.years().iter().map(|y| y.year).collect();
    f.check(shown_years == expected, || {
        format!("page {url}: caps blocks for {shown_years:?}, the rules have {expected:?}")
    });
}

/// Checks one year's caps tables of the calculator page against its rules.
fn check_year_caps(
    f: &mut Findings,
    rules: &arrs_guide::rules::YearRules,
    tables: Vec<ElementRef<'_>>,
) {
    let url = "/calculator/";
    let mut in_force: Vec<&CapTable> = rules.cap_tables.iter().filter(|t| !t.superseded).collect();
    in_force.sort_by_key(|t| t.from);
    f.check(tables.len() == in_force.len(), || {
        format!(
            "page {url}, year {}: {} caps tables shown, the rules have {} periods in force",
            rules.year,
            tables.len(),
            in_force.len()
        )
    });
    let (time, row_sel, th, td) = (
        selector("caption time"),
        selector("tbody tr"),
        selector("th"),
        selector("td"),
    );
    let (status_sel, cited) = (selector("span.status"), selector("a.cited"));
    for (shown, table) in tables.iter().zip(&in_force) {
        let dates: Vec<NaiveDate> = shown.select(&time).filter_map(date_of).collect();
        let (from, to) = (table.from, last_day_of(rules, table));
        f.check(dates == [from, to], || {
            format!(
                "page {url}, year {}: caps table dated {dates:?}, the rules' period is {from} to {to}",
                rules.year
            )
        });
        let mut shown_roles = Vec::new();
        for tr in shown.select(&row_sel) {
            let name = tr.select(&th).next().map(text).unwrap_or_default();
            let Some(role) = RoleId::all().find(|r| r.name() == name) else {
                f.problem(format!(
                    "page {url}, year {}: row \"{name}\" is not a role name",
                    rules.year
                ));
                continue;
            };
            shown_roles.push(role);
            let Ok(rule) = rules.role(role) else {
                f.problem(format!(
                    "page {url}, role {role}: shown for {} but not in its rules",
                    rules.year
                ));
                continue;
            };
            let first_day = role_first_day(rules, rule);
            let on = from.max(first_day);
            let Some(table) = in_force_on(rules, on) else {
                f.problem(format!(
                    "page {url}, role {role}: no table in force on {on}"
                ));
                continue;
            };
            let period = (table.from.max(first_day), last_day_of(rules, table));
            let place = Place {
                page: url.to_owned(),
                role,
                year: rules.year,
                period: format!("{} to {} (table `{}`)", period.0, period.1, table.id),
                region: None,
            };
            let cells: Vec<ElementRef<'_>> = tr.select(&td).collect();
            let cell_text: Vec<String> = cells.iter().map(|c| text(*c)).collect();
            f.check(cell_text.first() == Some(&rule.band.label()), || {
                format!(
                    "{place}: band shown {:?}, the rules say {}",
                    cell_text.first(),
                    rule.band.label()
                )
            });
            if let Some(caps) = caps_of(table, rule.band) {
                let status = cells
                    .get(4)
                    .and_then(|c| c.select(&status_sel).next())
                    .map(text)
                    .unwrap_or_default();
                f.check(status == worst_status(caps).id(), || {
                    format!(
                        "{place}: status shown \"{status}\", the rules' figures are {}",
                        worst_status(caps).id()
                    )
                });
                let source = cells
                    .get(4)
                    .and_then(|c| c.select(&cited).next())
                    .and_then(|a| a.value().attr("href"))
                    .unwrap_or_default();
                f.check(source == caps.national.source, || {
                    format!(
                        "{place}: source shown {source}, the rules cite {}",
                        caps.national.source
                    )
                });
            }
            let row = Row {
                place,
                rules,
                table,
                band: rule.band,
                period,
            };
            check_row_caps(f, &row, cell_text.get(1..4).unwrap_or_default());
        }
        let mut expected: Vec<RoleId> = rules.roles.iter().map(|r| r.id).collect();
        expected.sort();
        shown_roles.sort();
        f.check(shown_roles == expected, || {
            format!(
                "page {url}, year {}, table from {from}: roles shown {shown_roles:?}, the rules have {expected:?}",
                rules.year
            )
        });
    }
}

/// The lines of a worked example, in order.
pub const EXAMPLE_LINES: [&str; 7] = [
    "Pay",
    "Employer National Insurance",
    "Employer pension",
    "Cost to the employer",
    "Maximum reimbursable amount (cap)",
    "Claim: the smaller of cost and cap",
    "Top-up paid by the practices",
];

/// What a worked example line shows: the estimate's first month and its totals.
fn example_amounts(estimate: &Estimate, label: &str) -> Option<[Money; 2]> {
    let (m, t) = (estimate.months.first()?, &estimate.totals);
    Some(match label {
        "Pay" => [m.pay, t.pay],
        "Employer National Insurance" => [m.ni, t.ni],
        "Employer pension" => [m.pension, t.pension],
        "Cost to the employer" => [m.cost, t.cost],
        "Maximum reimbursable amount (cap)" => [m.cap, t.cap],
        "Claim: the smaller of cost and cap" => [m.claim, t.claim],
        "Top-up paid by the practices" => [m.top_up, t.top_up],
        _ => return None,
    })
}

/// Checks every worked example line (first month and whole period) against `estimate` of the post its calculator link opens; returns how many examples there are.
pub fn check_calculator_examples(f: &mut Findings, book: &RuleBook, html: &str) -> usize {
    let url = "/calculator/";
    let doc = Html::parse_document(html);
    let section = |inner: &str| {
        selector(&format!(
            r#"section[aria-labelledby="worked-examples"] {inner}"#
        ))
    };
    let titles: Vec<String> = doc.select(&section("h3")).map(text).collect();
    let descriptions: Vec<String> = doc.select(&section("h3 + p")).map(text).collect();
    let tables: Vec<ElementRef<'_>> = doc.select(&section("table.working")).collect();
    let links: Vec<String> = doc
        .select(&section(r#"a[href^="/calculator/?"]"#))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    f.check(
        !titles.is_empty() && [descriptions.len(), tables.len(), links.len()] == [titles.len(); 3],
        || {
            format!(
                "page {url}: {} worked examples, {} descriptions, {} tables, {} calculator links",
                titles.len(),
                descriptions.len(),
                tables.len(),
                links.len()
            )
        },
    );
    let (row_sel, th, td, head) = (
        selector("tbody tr"),
        selector("th"),
        selector("td"),
        selector("thead th"),
    );
    for (((title, description), table), link) in
        titles.iter().zip(&descriptions).zip(&tables).zip(&links)
    {
        let at = format!("page {url}, worked example \"{title}\"");
        let params = query(link);
        let computed = param(&params, "year")
            .and_then(|y| y.parse::<YearId>().ok())
            .and_then(|y| book.year(&y))
            .ok_or_else(|| format!("link {link} names no year of the rules"))
            .and_then(|rules| {
                let fields =
                    param(&params, "post").ok_or_else(|| format!("link {link} has no post"))?;
                let post = PostFields::from_url_value(fields)
                    .and_then(|p| p.to_post())
                    .map_err(|e| format!("post {fields}: {e}"))?;
                estimate(rules, &post)
                    .map(|e| (post, e))
                    .map_err(|e| format!("estimate of {fields}: {e}"))
            });
        let (post, estimate) = match computed {
            Ok(done) => done,
            Err(e) => {
                f.problem(format!("{at}: {e}"));
                continue;
            }
        };
        let place = format!(
            "{at} ({} {} {}, salary {}, WTE {}, {} to {})",
            estimate.role,
            estimate.year,
            estimate.region,
            post.salary,
            estimate.wte,
            estimate.from,
            estimate.to
        );
        let salary = amount_after(description, " on ");
        f.check(salary.as_ref() == Ok(&post.salary), || {
            format!(
                "{place}: the description states salary {salary:?}, the linked post has {}",
                post.salary
            )
        });
        let month_head = table.select(&head).nth(1).map(text).unwrap_or_default();
        // "1 October 2025" → "October 2025".
        let first_day = Date(estimate.from).long();
        let month_name = first_day.split_once(' ').map_or("", |(_, rest)| rest);
        f.check(month_head == month_name, || {
            format!(
                "{place}: the month column is \"{month_head}\", the post starts in {month_name}"
            )
        });
        let rows: Vec<(String, Vec<String>)> = table
            .select(&row_sel)
            .map(|tr| {
                (
                    tr.select(&th).next().map(text).unwrap_or_default(),
                    tr.select(&td).map(text).collect(),
                )
            })
            .collect();
        f.check(rows.len() == EXAMPLE_LINES.len(), || {
            format!(
                "{place}: {} lines shown, expected {}",
                rows.len(),
                EXAMPLE_LINES.len()
            )
        });
        for label in EXAMPLE_LINES {
            let Some((_, cells)) = rows.iter().find(|(l, _)| l == label) else {
                f.problem(format!("{place}: no line \"{label}\""));
                continue;
            };
            let Some(expected) = example_amounts(&estimate, label) else {
                f.problem(format!("{place}: the estimate has no month"));
                continue;
            };
            for (column, (shown, want)) in ["first month", "whole period"]
                .iter()
                .zip(cells.iter().zip(expected))
            {
                f.check(table_amount(shown) == Some(want.amount()), || {
                    format!(
                        "{place}: \"{label}\", {column}: shows {shown}, the rules core computes {}",
                        want.display_gbp()
                    )
                });
            }
        }
    }
    titles.len()
}

//! The roles index: caps in force on the last day of the current year (its first table), then
//! of each earlier year.

use crate::cap_cells::{check_row_caps, Row};
use crate::findings::{Findings, Place};
use crate::html::{selector, text, year_label};
use crate::role_pages::roles_in_the_rules;
use crate::rules_read::{in_force_on, last_day_of, role_first_day};
use crate::site::current_year;
use arrs_guide::rules::{RoleId, RuleBook, YearRules};
use scraper::{ElementRef, Html};

/// Checks the roles index: its first table compares the current year (its caption names the
/// year; status is per row), each earlier year's table likewise; each row's band and caps are
/// those in force on that year's last day, and every role of the year has a row.
pub fn check_roles_index(f: &mut Findings, book: &RuleBook, html: &str) {
    let url = "/roles/";
    let doc = Html::parse_document(html);
    let tables: Vec<ElementRef<'_>> = doc.select(&selector("table.compare")).collect();
    let Some((first, earlier)) = tables.split_first() else {
        f.problem(format!("page {url}: no comparison table"));
        return;
    };
    check_year_table(f, book, current_year(book), *first, true);
    let mut years_shown = vec![current_year(book).year];
    for table in earlier {
        let caption = caption_of(*table);
        let Some(rules) = book
            .years()
            .iter()
            .find(|y| caption.ends_with(&year_label(y.year)))
        else {
            f.problem(format!(
                "page {url}: table \"{caption}\" names no year of the rules"
            ));
            continue;
        };
        years_shown.push(rules.year);
        check_year_table(f, book, rules, *table, false);
    }
    let mut expected: Vec<_> = book.years().iter().map(|y| y.year).collect();
    expected.sort_by_key(|y| (*y != current_year(book).year, std::cmp::Reverse(*y)));
    f.check(years_shown == expected, || {
        format!("page {url}: compares years {years_shown:?}, the rules have {expected:?}")
    });
}

fn caption_of(table: ElementRef<'_>) -> String {
    table
        .select(&selector("caption"))
        .next()
        .map(text)
        .unwrap_or_default()
}

fn check_year_table(
    f: &mut Findings,
    book: &RuleBook,
    rules: &YearRules,
    table: ElementRef<'_>,
    current: bool,
) {
    let url = "/roles/";
    let caption = caption_of(table);
    let said = year_label(rules.year);
    f.check(
        caption.ends_with(&said) && !caption.contains("(published)"),
        || {
            format!(
                "page {url}: caption \"{caption}\" should end with the year {said}, with no year-wide status"
            )
        },
    );
    let (a, td) = (selector("th a"), selector("td"));
    let mut shown_roles = Vec::new();
    for tr in table.select(&selector("tbody tr")) {
        let href = tr
            .select(&a)
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_default();
        let id = href
            .strip_prefix("/roles/")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_default();
        let Ok(role) = id.parse::<RoleId>() else {
            f.problem(format!("page {url}: row links to {href}, not a role page"));
            continue;
        };
        shown_roles.push(role);
        let cells: Vec<String> = tr.select(&td).map(text).collect();
        let Ok(rule) = rules.role(role) else {
            f.check(
                current && cells.first().is_some_and(|c| c == "Not set"),
                || {
                    format!(
                        "page {url}, role {role}: not in {} yet shows figures {cells:?}",
                        rules.year
                    )
                },
            );
            continue;
        };
        let on = rules.year.last_day().max(role_first_day(rules, rule));
        let Some(table) = in_force_on(rules, on) else {
            f.problem(format!(
                "page {url}, role {role}: no cap table in force on {on}"
            ));
            continue;
        };
        let from = table.from.max(role_first_day(rules, rule));
        let to = last_day_of(rules, table);
        let place = Place {
            page: url.to_owned(),
            role,
            year: rules.year,
            period: format!("in force on {on} ({from} to {to}, table `{}`)", table.id),
            region: None,
        };
        f.check(cells.first() == Some(&rule.band.short_label()), || {
            format!(
                "{place}: band shown {:?}, the rules say {}",
                cells.first(),
                rule.band.short_label()
            )
        });
        let row = Row {
            place,
            rules,
            table,
            band: rule.band,
            period: (from, to),
        };
        check_row_caps(f, &row, cells.get(1..4).unwrap_or_default());
    }
    for role in roles_in_the_rules(book) {
        if rules.role(role).is_ok() {
            f.check(shown_roles.contains(&role), || {
                format!("page {url}: no row for {role}, which is in {}", rules.year)
            });
        }
    }
}

//! Role pages: every year, period, band and region of the maximum reimbursable amounts.

use crate::cap_cells::{check_row_caps, Row};
use crate::findings::{Findings, Place};
use crate::html::{date_of, selector, text, year_from_label, year_label};
use crate::rules_read::{bands_of, caps_of, last_day_of, role_first_day, worst_status};
use arrs_guide::rules::{Band, CapTable, RoleId, RuleBook, YearRules};
use chrono::NaiveDate;
use scraper::{ElementRef, Html};

/// The role ids of DESIGN §5.
pub const DESIGN_ROLE_IDS: [&str; 25] = [
    "clinical-pharmacist",
    "pharmacy-technician",
    "first-contact-physiotherapist",
    "physician-associate",
    "apprentice-physician-associate",
    "dietitian",
    "podiatrist",
    "occupational-therapist",
    "paramedic",
    "advanced-practitioner",
    "nursing-associate",
    "trainee-nursing-associate",
    "care-coordinator",
    "health-and-wellbeing-coach",
    "social-prescribing-link-worker",
    "general-practice-assistant",
    "digital-and-transformation-lead",
    "adult-mental-health-practitioner",
    "cyp-mental-health-practitioner",
    "enhanced-practice-nurse",
    "general-practitioner",
    "new-to-general-practice-nurse",
    "experienced-general-practice-nurse",
    "consultant-nurse",
    "healthcare-support-worker",
];

/// Roles of DESIGN §5 that at least one year's rules have.
pub fn roles_in_the_rules(book: &RuleBook) -> Vec<RoleId> {
    DESIGN_ROLE_IDS
        .iter()
        .map(|id| {
            id.parse::<RoleId>()
                .unwrap_or_else(|e| panic!("DESIGN role id {id}: {e}"))
        })
        .filter(|role| book.years().iter().any(|y| y.role(*role).is_ok()))
        .collect()
}

/// One row of a role page's caps table.
pub struct RoleRow {
    pub band: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub superseded_class: bool,
    pub superseded_note: bool,
    pub amounts: Vec<String>,
    pub status: String,
    pub table_label: String,
    pub source: String,
}

/// One year's caps table of a role page.
pub struct RoleYear {
    pub heading: String,
    pub caption: String,
    pub rows: Vec<RoleRow>,
}

fn role_years_shown(html: &str) -> Vec<RoleYear> {
    let doc = Html::parse_document(html);
    let section = selector(r#"section[aria-labelledby="role-funding"]"#);
    let Some(section) = doc.select(&section).next() else {
        return Vec::new();
    };
    let headings: Vec<String> = section.select(&selector("h3")).map(text).collect();
    let tables: Vec<ElementRef<'_>> = section.select(&selector("table.caps")).collect();
    let (row_sel, th, td, time) = (
        selector("tbody tr"),
        selector("th"),
        selector("td"),
        selector("time"),
    );
    let (status_sel, cited) = (selector("span.status"), selector("a.cited"));
    headings
        .into_iter()
        .zip(tables)
        .map(|(heading, table)| RoleYear {
            heading,
            caption: table
                .select(&selector("caption"))
                .next()
                .map(text)
                .unwrap_or_default(),
            rows: table
                .select(&row_sel)
                .map(|tr| {
                    let header = tr.select(&th).next();
                    let lead = header
                        .and_then(|h| h.children().next())
                        .and_then(|n| n.value().as_text().map(|t| t.trim().to_owned()))
                        .and_then(|t| t.strip_suffix(':').map(str::to_owned));
                    let times: Vec<NaiveDate> = header
                        .map(|h| h.select(&time).filter_map(date_of).collect())
                        .unwrap_or_default();
                    let cells: Vec<ElementRef<'_>> = tr.select(&td).collect();
                    let cited_link = header.and_then(|h| h.select(&cited).next());
                    RoleRow {
                        band: lead,
                        from: times.first().copied(),
                        to: times.get(1).copied(),
                        superseded_class: tr.value().classes().any(|c| c == "superseded"),
                        superseded_note: header
                            .is_some_and(|h| text(h).contains("(superseded, for reference)")),
                        amounts: cells.iter().take(3).map(|c| text(*c)).collect(),
                        status: header
                            .and_then(|h| h.select(&status_sel).next())
                            .map(text)
                            .unwrap_or_default(),
                        table_label: cited_link.map(text).unwrap_or_default(),
                        source: cited_link
                            .and_then(|a| a.value().attr("href"))
                            .unwrap_or_default()
                            .to_owned(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Checks every figure of a role page against `book`.
pub fn check_role_page(f: &mut Findings, book: &RuleBook, role: RoleId, url: &str, html: &str) {
    let shown = role_years_shown(html);
    // The current year first, then the others newest first.
    let current = crate::site::current_year(book).year;
    let mut expected: Vec<&YearRules> = book
        .years()
        .iter()
        .filter(|y| y.role(role).is_ok())
        .collect();
    expected.sort_by_key(|y| (y.year != current, std::cmp::Reverse(y.year)));
    let shown_labels: Vec<&str> = shown
        .iter()
        .map(|y| y.heading.split(':').next().unwrap_or(""))
        .collect();
    let expected_labels: Vec<String> = expected.iter().map(|y| year_label(y.year)).collect();
    f.check(shown_labels == expected_labels, || {
        format!("page {url}, role {role}: shows caps for years {shown_labels:?}, the rules have the role in {expected_labels:?}")
    });
    for year in &shown {
        let Some(rules) = year_from_label(year.heading.split(':').next().unwrap_or(""))
            .and_then(|id| book.year(&id))
        else {
            f.problem(format!(
                "page {url}, role {role}: heading \"{}\" names no year of the rules",
                year.heading
            ));
            continue;
        };
        check_role_year(f, rules, role, url, year);
    }
}

fn check_role_year(f: &mut Findings, rules: &YearRules, role: RoleId, url: &str, year: &RoleYear) {
    let Ok(rule) = rules.role(role) else {
        f.problem(format!(
            "page {url}, role {role}, year {}: the rules do not have the role this year",
            rules.year
        ));
        return;
    };
    let bands = bands_of(rule);
    let at_year = |period: &str| Place {
        page: url.to_owned(),
        role,
        year: rules.year,
        period: period.to_owned(),
        region: None,
    };
    let heading = format!("{}: {}", year_label(rules.year), rule.band.label());
    f.check(year.heading == heading, || {
        format!(
            "{}: heading \"{}\", the rules say \"{heading}\"",
            at_year("(all)"),
            year.heading
        )
    });
    // Status is shown per figure (each row), never per year: the caption names no status.
    f.check(
        !["(scenario)", "(derived)", "(published)"]
            .iter()
            .any(|s| year.caption.ends_with(s)),
        || {
            format!(
                "{}: the caption \"{}\" labels the whole year with a status",
                at_year("(all)"),
                year.caption
            )
        },
    );

    // Every (band, table) the rules have for the role is shown once, and nothing else.
    let first_day = role_first_day(rules, rule);
    let mut expected_rows: Vec<(Band, String)> = Vec::new();
    for band in &bands {
        for table in &rules.cap_tables {
            if caps_of(table, *band).is_some() && last_day_of(rules, table) >= first_day {
                expected_rows.push((*band, table.id.clone()));
            }
        }
    }
    let mut shown_rows: Vec<(Band, String)> = Vec::new();

    for row in &year.rows {
        let period_text = format!(
            "{} to {} ({}{})",
            row.from.map_or("?".into(), |d| d.to_string()),
            row.to.map_or("?".into(), |d| d.to_string()),
            row.table_label,
            if row.superseded_class {
                ", superseded"
            } else {
                ""
            }
        );
        let place = at_year(&period_text);
        let band = match &row.band {
            Some(label) => bands.iter().copied().find(|b| b.label() == *label),
            None if bands.len() == 1 => Some(rule.band),
            None => None,
        };
        let Some(band) = band else {
            f.problem(format!(
                "{place}: row band {:?} is not one of the role's bands {bands:?}",
                row.band
            ));
            continue;
        };
        let tables: Vec<&CapTable> = rules
            .cap_tables
            .iter()
            .filter(|t| t.label == row.table_label && t.superseded == row.superseded_class)
            .collect();
        let [table] = tables.as_slice() else {
            f.problem(format!(
                "{place}: {} tables of content/rules/{}.yaml have this label and superseded flag",
                tables.len(),
                rules.year
            ));
            continue;
        };
        shown_rows.push((band, table.id.clone()));
        let Some(caps) = caps_of(table, band) else {
            f.problem(format!("{place}: table `{}` has no {band}", table.id));
            continue;
        };
        let from = table.from.max(first_day);
        let to = last_day_of(rules, table);
        f.check(row.from == Some(from) && row.to == Some(to), || {
            format!("{place}: period shown does not match the rules: {from} to {to}")
        });
        f.check(row.superseded_note == table.superseded, || {
            format!(
                "{place}: the superseded note is {} but the table's flag is {}",
                row.superseded_note, table.superseded
            )
        });
        let status = worst_status(caps);
        f.check(row.status == status.id(), || {
            format!(
                "{place}: status shown \"{}\", the rules' figures are {} (national {}, outer London {}, inner London {})",
                row.status,
                status.id(),
                caps.national.status.id(),
                caps.outer_london.status.id(),
                caps.inner_london.status.id()
            )
        });
        f.check(row.source == caps.national.source, || {
            format!(
                "{place}: source shown {}, the rules cite {}",
                row.source, caps.national.source
            )
        });
        let row_caps = Row {
            place,
            rules,
            table,
            band,
            period: (from, to),
        };
        check_row_caps(f, &row_caps, &row.amounts);
    }
    expected_rows.sort_by(|a, b| (a.0.id(), &a.1).cmp(&(b.0.id(), &b.1)));
    shown_rows.sort_by(|a, b| (a.0.id(), &a.1).cmp(&(b.0.id(), &b.1)));
    f.check(shown_rows == expected_rows, || {
        format!(
            "{}: periods shown {shown_rows:?}, the rules have {expected_rows:?}",
            at_year("(all)")
        )
    });
}

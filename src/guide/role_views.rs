//! Role figures for templates, taken from the rules core (never typed in Markdown): each role's
//! band and caps for every year and period, and the roles index row for the current year.
//! Templates only display these strings; every amount is computed and formatted by
//! `crate::rules`.

use crate::guide::views::{CapPeriodView, CapYearView};
use crate::rules::data::Status;
use crate::rules::glance::whole_pounds_gbp;
use crate::rules::{CapAmount, CapPeriod, RoleCaps, RoleId, RuleBook, YearId, YearRules};
use crate::site::load::model::Date;
use crate::site::render::views::{DateView, LinkView};
use chrono::NaiveDate;
use std::collections::HashMap;

/// `2025-26` → `2025/26`.
pub(crate) fn year_label(year: YearId) -> String {
    year.label()
}

fn date_view(date: chrono::NaiveDate) -> DateView {
    Date(date).into()
}

fn period_view(period: &CapPeriod) -> CapPeriodView {
    CapPeriodView {
        band: period.band_label.clone(),
        label: period.label.clone(),
        from: date_view(period.from),
        to: date_view(period.to),
        national: whole_pounds_gbp(period.national.annual),
        outer_london: whole_pounds_gbp(period.outer_london.annual),
        inner_london: whole_pounds_gbp(period.inner_london.annual),
        status: period.status.id().to_owned(),
        superseded: period.superseded,
        source_url: period.national.source.clone(),
        status_detail: status_detail(period),
        other_sources: other_sources(period),
        note: period.note.clone(),
        figure_notes: figure_notes(period),
    }
}

/// The notes that explain a period's figures, each once, naming the figures it explains: a
/// figure's own note, or the table's note for figures without one. Published figures need none.
fn figure_notes(period: &CapPeriod) -> Vec<String> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, amount) in regions(period) {
        if amount.status == Status::Published {
            continue;
        }
        let Some(note) = amount.note.as_deref().or(period.note.as_deref()) else {
            continue;
        };
        match groups.iter_mut().find(|(n, _)| *n == note) {
            Some((_, names)) => names.push(name),
            None => groups.push((note, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(note, names)| {
            let which = if names.len() == 3 {
                format!("{} {}", period.band_label, period.label)
            } else {
                format!("{}, {}", period.band_label, join_names(&names))
            };
            format!("{which}: {note}")
        })
        .collect()
}

/// The regions of a period, with their display names.
fn regions(period: &CapPeriod) -> [(&'static str, &CapAmount); 3] {
    [
        ("national", &period.national),
        ("outer London", &period.outer_london),
        ("inner London", &period.inner_london),
    ]
}

/// `national published; outer and inner London derived` when the three statuses differ.
fn status_detail(period: &CapPeriod) -> Option<String> {
    let all = regions(period);
    if all
        .iter()
        .all(|(_, amount)| amount.status == period.national.status)
    {
        return None;
    }
    let mut groups: Vec<(Status, Vec<&str>)> = Vec::new();
    for (name, amount) in all {
        match groups
            .iter_mut()
            .find(|(status, _)| *status == amount.status)
        {
            Some((_, names)) => names.push(name),
            None => groups.push((amount.status, vec![name])),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(status, names)| format!("{} {}", join_names(&names), status.id()))
        .collect();
    Some(parts.join("; "))
}

fn join_names(names: &[&str]) -> String {
    match names {
        [one] => (*one).to_owned(),
        ["outer London", "inner London"] => "outer and inner London".to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// London figures cited to a different source than the national one.
fn other_sources(period: &CapPeriod) -> Vec<LinkView> {
    let mut out: Vec<LinkView> = Vec::new();
    for (name, amount) in regions(period).into_iter().skip(1) {
        if amount.source == period.national.source {
            continue;
        }
        match out.iter_mut().find(|link| link.url == amount.source) {
            Some(link) => link.title = "London figures".to_owned(),
            None => out.push(LinkView {
                title: format!("{name} figure"),
                url: amount.source.clone(),
                summary: None,
            }),
        }
    }
    out
}

fn year_view(rules: &YearRules, role: RoleId) -> Option<CapYearView> {
    let rule = rules.role(role).ok()?;
    let periods = rules.cap_table(role).ok()?;
    let mut notes: Vec<String> = rule.note.iter().cloned().collect();
    if let Some(from) = rule.from {
        notes.push(format!("Claimable from {}.", Date(from).long()));
    }
    // Each band's tables in force first, in date order, then the superseded ones.
    let bands = rules.bands_of(rule);
    let mut periods = periods;
    periods.sort_by_key(|p| {
        (
            bands.iter().position(|b| *b == p.band),
            p.superseded,
            p.from,
        )
    });
    Some(CapYearView {
        year: rules.year.to_string(),
        label: year_label(rules.year),
        band: rule.band.label(),
        multiple_bands: periods.iter().any(|p| p.band != rule.band),
        periods: periods.iter().map(period_view).collect(),
        notes,
    })
}

/// The role's caps for every year of `book` that has the role: the current year on `today`
/// first, then the others newest first.
pub(crate) fn role_years(book: &RuleBook, role: RoleId, today: NaiveDate) -> Vec<CapYearView> {
    let current = book.current_on(today).map(|y| y.year);
    let mut years: Vec<&YearRules> = book.years().iter().collect();
    years.sort_by_key(|y| (Some(y.year) != current, std::cmp::Reverse(y.year)));
    years
        .into_iter()
        .filter_map(|rules| year_view(rules, role))
        .collect()
}

/// The band of `role` in the current year on `today`.
pub(crate) fn current_band(book: &RuleBook, role: RoleId, today: NaiveDate) -> Option<String> {
    book.current_on(today)?
        .role(role)
        .ok()
        .map(|rule| rule.band.label())
}

/// Caps of every role in force on the last day of a year, for the roles index.
pub(crate) struct IndexCaps {
    /// The compared year.
    pub year: YearId,
    /// Caps by role.
    pub by_role: HashMap<RoleId, RoleCaps>,
}

fn year_caps(rules: &YearRules) -> Option<IndexCaps> {
    let roles = rules.roles_on(rules.year.last_day()).ok()?;
    Some(IndexCaps {
        year: rules.year,
        by_role: roles.into_iter().map(|r| (r.role, r)).collect(),
    })
}

/// The roles index figures: the current year on `today` first, then every other year newest
/// first. Empty when the book has no years.
pub(crate) fn index_caps(book: &RuleBook, today: NaiveDate) -> Vec<IndexCaps> {
    let current = book.current_on(today).map(|y| y.year);
    let mut years: Vec<&YearRules> = book.years().iter().collect();
    years.sort_by_key(|y| (Some(y.year) != current, std::cmp::Reverse(y.year)));
    years.into_iter().filter_map(year_caps).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn real_book() -> RuleBook {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        crate::guide::rules_data::load_rules(&content).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn role_years_come_from_the_rules_with_status_and_source() {
        let book = real_book();
        let years = role_years(
            &book,
            RoleId::FirstContactPhysiotherapist,
            day(2026, 11, 29),
        );
        let labels: Vec<&str> = years.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(labels, ["2026/27", "2025/26", "2024/25", "2023/24"]);
        let y2024 = &years[2];
        assert_eq!(y2024.band, "Band 7–8a");
        let published = y2024.periods.iter().find(|p| p.national == "£62,340");
        assert!(published.is_some(), "{:?}", y2024.periods);
        assert!(y2024
            .periods
            .iter()
            .all(|p| p.source_url.starts_with("http")));
        // Built in 2025/26, that year comes first and 2026/27 after it.
        let then = role_years(&book, RoleId::FirstContactPhysiotherapist, day(2025, 6, 1));
        let labels: Vec<&str> = then.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(labels, ["2025/26", "2026/27", "2024/25", "2023/24"]);
        // 2025/26: the table in force comes before the superseded April table.
        let superseded: Vec<bool> = then[0].periods.iter().map(|p| p.superseded).collect();
        assert_eq!(superseded, [false, true]);
    }

    #[test]
    fn mixed_statuses_are_spelled_out_per_region() {
        let book = real_book();
        let mut years = role_years(&book, RoleId::PharmacyTechnician, day(2026, 11, 29));
        years.reverse();
        // 2023/24 from 1 April 2023: £38,187 national is published (The Pharmacist); the
        // London figures are derived from it. The row's badge shows the least certain status.
        let first = &years[0].periods[0];
        assert_eq!(first.national, "£38,187");
        assert_eq!(first.status, "derived");
        assert_eq!(
            first.status_detail.as_deref(),
            Some("national published; outer and inner London derived")
        );
        // 2025/26 uplifted table: every figure derived, so no detail is needed.
        let uplifted = years[2].periods.iter().find(|p| !p.superseded).unwrap();
        assert_eq!(uplifted.status_detail, None);
        assert!(uplifted.other_sources.is_empty());
    }

    #[test]
    fn roles_not_in_a_year_are_left_out_of_that_year() {
        let book = real_book();
        let years = role_years(&book, RoleId::ConsultantNurse, day(2026, 11, 29));
        assert_eq!(years.last().map(|y| y.year.as_str()), Some("2025-26"));
    }

    #[test]
    fn index_compares_the_current_year_then_earlier_years() {
        let book = real_book();
        let caps = index_caps(&book, day(2026, 11, 29));
        let years: Vec<String> = caps.iter().map(|c| c.year.to_string()).collect();
        assert_eq!(years, ["2026-27", "2025-26", "2024-25", "2023-24"]);
        assert!(caps[0].by_role.contains_key(&RoleId::Paramedic));
        assert_eq!(
            current_band(&book, RoleId::Paramedic, day(2026, 11, 29)).as_deref(),
            Some("Band 7")
        );
    }

    #[test]
    fn figure_notes_explain_each_figure_that_is_not_published() {
        let book = real_book();
        let years = role_years(&book, RoleId::GeneralPractitioner, day(2026, 11, 29));
        let notes = &years[0].periods[0].figure_notes;
        // The GP national and London figures have their own method notes (the practice-level
        // scheme); the table's note about Agenda for Change bands is not shown for them.
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("Salaried GP, national: Derived"));
        assert!(notes[1].starts_with("Salaried GP, outer and inner London: Derived"));
        let pharmacist = role_years(&book, RoleId::ClinicalPharmacist, day(2026, 11, 29));
        let notes = &pharmacist[0].periods[0].figure_notes;
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("scenario"), "{notes:?}");
    }
}

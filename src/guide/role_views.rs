//! Role figures for templates, taken from the rules core (never typed in Markdown): each role's
//! band and caps for every year and period, and the roles index row for the current year.
//! Templates only display these strings; every amount is computed and formatted by
//! `crate::rules`.

use crate::rules::data::Status;
use crate::rules::{CapAmount, CapPeriod, RoleCaps, RoleId, RuleBook, YearId, YearRules};
use crate::site::load::model::Date;
use crate::site::render::views::{CapPeriodView, CapYearView, DateView, LinkView};
use std::collections::HashMap;

/// `2025-26` → `2025/26`.
pub(crate) fn year_label(year: YearId) -> String {
    year.to_string().replacen('-', "/", 1)
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
        national: period.national.annual_gbp.clone(),
        outer_london: period.outer_london.annual_gbp.clone(),
        inner_london: period.inner_london.annual_gbp.clone(),
        status: period.status.id().to_owned(),
        superseded: period.superseded,
        source_url: period.national.source.clone(),
        status_detail: status_detail(period),
        other_sources: other_sources(period),
        note: period.note.clone(),
    }
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
    Some(CapYearView {
        year: rules.year.to_string(),
        label: year_label(rules.year),
        band: rule.band.label(),
        status: rules.status.id().to_owned(),
        multiple_bands: periods.iter().any(|p| p.band != rule.band),
        periods: periods.iter().map(period_view).collect(),
        notes,
    })
}

/// The role's caps for every year of `book` that has the role, oldest first.
pub(crate) fn role_years(book: &RuleBook, role: RoleId) -> Vec<CapYearView> {
    book.years()
        .iter()
        .filter_map(|rules| year_view(rules, role))
        .collect()
}

/// The band of `role` in the current year (the newest year that is not a scenario).
pub(crate) fn current_band(book: &RuleBook, role: RoleId) -> Option<String> {
    book.current()?
        .role(role)
        .ok()
        .map(|rule| rule.band.label())
}

/// The year the role pages link the calculator to: the current year, or `2025-26` without rules.
pub(crate) fn calculator_year(book: Option<&RuleBook>) -> String {
    book.and_then(RuleBook::current)
        .map_or_else(|| "2025-26".to_owned(), |y| y.year.to_string())
}

/// Caps of every role in force on the last day of the current year, for the roles index.
pub(crate) struct IndexCaps {
    /// The compared year.
    pub year: YearId,
    /// Its status.
    pub status: String,
    /// Caps by role.
    pub by_role: HashMap<RoleId, RoleCaps>,
}

/// The roles index figures, or `None` when the book has no current year.
pub(crate) fn index_caps(book: &RuleBook) -> Option<IndexCaps> {
    let current = book.current()?;
    let roles = current.roles_on(current.year.last_day()).ok()?;
    Some(IndexCaps {
        year: current.year,
        status: current.status.id().to_owned(),
        by_role: roles.into_iter().map(|r| (r.role, r)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn real_book() -> RuleBook {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        crate::guide::rules_data::load_rules(&content).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn role_years_come_from_the_rules_with_status_and_source() {
        let book = real_book();
        let years = role_years(&book, RoleId::FirstContactPhysiotherapist);
        let labels: Vec<&str> = years.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(labels, ["2023/24", "2024/25", "2025/26", "2026/27"]);
        let y2024 = &years[1];
        assert_eq!(y2024.band, "Band 7–8a");
        let published = y2024.periods.iter().find(|p| p.national == "£62,340.00");
        assert!(published.is_some(), "{:?}", y2024.periods);
        assert!(y2024
            .periods
            .iter()
            .all(|p| p.source_url.starts_with("http")));
        assert_eq!(years[3].status, "scenario");
    }

    #[test]
    fn mixed_statuses_are_spelled_out_per_region() {
        let book = real_book();
        let years = role_years(&book, RoleId::PharmacyTechnician);
        // 2023/24 from 1 April 2023: £38,187 national is published (The Pharmacist); the
        // London figures are derived from it. The row's badge shows the least certain status.
        let first = &years[0].periods[0];
        assert_eq!(first.national, "£38,187.00");
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
        let years = role_years(&book, RoleId::ConsultantNurse);
        assert_eq!(years.first().map(|y| y.year.as_str()), Some("2025-26"));
    }

    #[test]
    fn index_compares_the_current_year() {
        let book = real_book();
        let caps = index_caps(&book).unwrap();
        assert_eq!(caps.year.to_string(), "2025-26");
        assert!(caps.by_role.contains_key(&RoleId::Paramedic));
        assert_eq!(calculator_year(Some(&book)), "2025-26");
        assert_eq!(
            current_band(&book, RoleId::Paramedic).as_deref(),
            Some("Band 7")
        );
    }
}

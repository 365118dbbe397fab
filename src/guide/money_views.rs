//! Money at a glance for templates: a role's current-year maximums, pay range and calculator
//! link, the chart of its national maximum by year, and the home page's headline figures.
//! Every amount comes from [`crate::rules::glance`]; this module only turns them into strings
//! and chart geometry (pixels, not money).

use crate::guide::role_views::year_label;
use crate::rules::data::Status;
use crate::rules::glance::{role_glance, whole_pounds_gbp, RoleGlance};
use crate::rules::{RoleId, RuleBook};
use chrono::NaiveDate;
use serde::Serialize;

/// The change from last year, for readers.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    /// Last year, `2025/26`.
    pub from_year: String,
    /// Last year's national maximum, `£69,410`.
    pub from: String,
    /// `+£2,315`.
    pub difference: String,
    /// `+3.3`.
    pub percent: String,
}

/// A band's Agenda for Change pay range, for readers.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PayRangeView {
    /// `Band 7`.
    pub band: String,
    /// `£47,810`.
    pub low: String,
    /// `£54,710`.
    pub high: String,
    /// Status of the pay points.
    pub status: String,
}

/// "At a glance" money of a role page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlanceView {
    /// `2026/27`.
    pub year_label: String,
    /// National maximum, `£152,900`.
    pub national: String,
    /// Outer London maximum.
    pub outer_london: String,
    /// Inner London maximum.
    pub inner_london: String,
    /// True when both London regions have one rate (GPs).
    pub one_london_rate: bool,
    /// The least certain status of the three.
    pub status: String,
    /// What the status means for this figure, when it is not published.
    pub status_note: Option<String>,
    /// For roles claimed at a share (mental health practitioners): what the PCN claims.
    pub share_note: Option<String>,
    /// Change of the national maximum from last year.
    pub change: Option<ChangeView>,
    /// The band's pay range (not for GPs).
    pub pay_range: Option<PayRangeView>,
}

/// One bar of the chart, with its table row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BarView {
    /// `2026/27`.
    pub year: String,
    /// `£152,900`.
    pub value: String,
    /// Status of the figure.
    pub status: String,
    /// Left edge, pixels.
    pub x: u32,
    /// Top edge, pixels.
    pub y: u32,
    /// Bar width, pixels.
    pub width: u32,
    /// Bar height, pixels.
    pub height: u32,
    /// Centre of the bar, for its labels.
    pub label_x: u32,
    /// Baseline of the value label above the bar.
    pub value_y: u32,
}

/// The national maximum by year: an SVG bar chart drawn at build time, and its data table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartView {
    /// Title and table caption.
    pub title: String,
    /// Drawing width, pixels.
    pub width: u32,
    /// Drawing height, pixels.
    pub height: u32,
    /// Baseline of the year labels.
    pub year_y: u32,
    /// One bar per year, oldest first.
    pub bars: Vec<BarView>,
}

/// A figure of the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HeadlineView {
    /// Role name.
    pub title: String,
    /// Role page URL.
    pub url: String,
    /// Band label.
    pub band: String,
    /// National maximum, `£69,515`.
    pub national: String,
    /// Its status.
    pub status: String,
}

/// The home page's headline figures for the current year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeView {
    /// `2026/27`.
    pub year_label: String,
    /// Entitlement rate per weighted patient, `£27.300`.
    pub rate: String,
    /// Its status.
    pub rate_status: String,
    /// A few roles' national maximums.
    pub maximums: Vec<HeadlineView>,
    /// What the figures are.
    pub note: String,
    /// The calculator, for the current year.
    pub calculator_url: String,
    /// The roles index.
    pub roles_url: String,
}

/// Roles the home page shows, one per common band.
pub(crate) const HEADLINE_ROLES: [RoleId; 4] = [
    RoleId::ClinicalPharmacist,
    RoleId::Paramedic,
    RoleId::CareCoordinator,
    RoleId::GeneralPractitioner,
];

fn status_note(glance: &RoleGlance) -> Option<String> {
    match glance.maximum.status {
        Status::Published => None,
        Status::Derived => Some(format!(
            "Derived: worked out from published figures, because the {} DES tables are not yet in this guide. The note under the {} table explains how.",
            glance.year_label, glance.year_label
        )),
        Status::Scenario => Some(format!(
            "Scenario: an estimate until the {} DES tables are in this guide. The note under the {} table gives the assumptions.",
            glance.year_label, glance.year_label
        )),
    }
}

/// The "At a glance" money of `role` on `today`, and its chart.
pub(crate) fn glance_views(
    book: &RuleBook,
    role: RoleId,
    title: &str,
    today: NaiveDate,
) -> Option<(GlanceView, ChartView, String)> {
    let glance = role_glance(book, role, today)?;
    let view = GlanceView {
        year_label: glance.year_label.clone(),
        national: glance.national_gbp.clone(),
        outer_london: glance.outer_london_gbp.clone(),
        inner_london: glance.inner_london_gbp.clone(),
        one_london_rate: book
            .current_on(today)
            .is_some_and(|rules| rules.one_london_rate(role)),
        status: glance.maximum.status.id().to_owned(),
        status_note: status_note(&glance),
        share_note: book
            .current_on(today)
            .and_then(|rules| rules.role(role).ok())
            .filter(|rule| rule.shares.len() > 1 || rule.shares.first().is_some_and(|s| *s < rust_decimal::Decimal::ONE))
            .map(|_| {
                "The PCN claims half of this for a post at 50%, or all of it for a post funded up to 100% with a written agreement with the mental health provider.".to_owned()
            }),
        change: glance.change.as_ref().map(|c| ChangeView {
            from_year: c.from_year.clone(),
            from: c.from_gbp.clone(),
            difference: c.difference_gbp.clone(),
            percent: if c.percent.is_sign_negative() {
                c.percent.to_string()
            } else {
                format!("+{}", c.percent)
            },
        }),
        pay_range: glance.pay_range.as_ref().map(|r| PayRangeView {
            band: r.band.clone(),
            low: r.low_gbp.clone(),
            high: r.high_gbp.clone(),
            status: r.status.id().to_owned(),
        }),
    };
    let calculator = format!(
        "/calculator/?year={}&post={},national,{},1",
        glance.year,
        role.id(),
        glance.typical_salary.amount().trunc()
    );
    Some((view, chart(&glance, title), calculator))
}

/// Chart geometry: bars 140 px tall at most, labelled above with the value and below with the
/// year, in a drawing as wide as a phone's content column.
fn chart(glance: &RoleGlance, title: &str) -> ChartView {
    const WIDTH: u32 = 340;
    const TOP: u32 = 22;
    const BAR_AREA: u32 = 120;
    const GAP: u32 = 12;
    let count = u32::try_from(glance.history.len()).unwrap_or(1).max(1);
    let slot = WIDTH / count;
    let width = slot.saturating_sub(GAP).min(64);
    let bars = glance
        .history
        .iter()
        .zip(0u32..)
        .map(|(year, i)| {
            let height = (year.permille * BAR_AREA / 1000).max(1);
            let label_x = i * slot + slot / 2;
            let y = TOP + BAR_AREA - height;
            BarView {
                year: year.label.clone(),
                value: year.national_gbp.clone(),
                status: year.status.id().to_owned(),
                x: label_x - width / 2,
                y,
                width,
                height,
                label_x,
                value_y: y.saturating_sub(6),
            }
        })
        .collect();
    ChartView {
        title: format!("{title}: national maximum per WTE a year, by year"),
        width: WIDTH,
        height: TOP + BAR_AREA + 24,
        year_y: TOP + BAR_AREA + 18,
        bars,
    }
}

/// The home page's headline figures on `today`; `role_page` gives a role's title and URL.
pub(crate) fn home_view<'a>(
    book: &RuleBook,
    today: NaiveDate,
    role_page: impl Fn(RoleId) -> Option<(&'a str, &'a str)>,
) -> Option<HomeView> {
    let rules = book.current_on(today)?;
    let main = rules.pots.iter().find(|p| p.roles.is_empty())?;
    let caps = rules
        .roles_on(today.clamp(rules.year.first_day(), rules.year.last_day()))
        .ok()?;
    let maximums = HEADLINE_ROLES
        .iter()
        .filter_map(|role| {
            let row = caps.iter().find(|c| c.role == *role)?;
            let (title, url) = role_page(*role)?;
            Some(HeadlineView {
                title: title.to_owned(),
                url: url.to_owned(),
                band: row.period.band_label.clone(),
                national: whole_pounds_gbp(row.period.national.annual),
                status: row.period.national.status.id().to_owned(),
            })
        })
        .collect();
    Some(HomeView {
        year_label: year_label(rules.year),
        rate: format!("£{}", main.rate.value),
        rate_status: main.rate.status.id().to_owned(),
        maximums,
        note: "Maximums are per whole-time post a year, including employer National Insurance and pension. Each figure is marked published, derived or scenario; its role page says how it was worked out.".to_owned(),
        calculator_url: format!("/calculator/?year={}", rules.year),
        roles_url: "/roles/".to_owned(),
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_gp_glance_has_one_london_rate_a_typical_salary_and_a_chart() {
        let (glance, chart, url) = glance_views(
            &real_book(),
            RoleId::GeneralPractitioner,
            "General practitioner",
            day(2026, 11, 29),
        )
        .unwrap();
        assert_eq!(glance.national, "£152,900");
        assert!(glance.one_london_rate);
        assert_eq!(glance.status, "derived");
        assert!(glance.status_note.is_some());
        assert_eq!(
            url,
            "/calculator/?year=2026-27&post=general-practitioner,national,118758,1"
        );
        assert_eq!(chart.bars.len(), 3);
        let last = chart.bars.last().unwrap();
        assert_eq!((last.value.as_str(), last.height), ("£152,900", 120));
        // Every bar stands on the same baseline and stays inside the drawing.
        for bar in &chart.bars {
            assert_eq!(bar.y + bar.height, 142);
            assert!(bar.x + bar.width <= chart.width);
        }
    }

    #[test]
    fn an_afc_role_glance_shows_its_pay_range_and_change() {
        let (glance, _, url) = glance_views(
            &real_book(),
            RoleId::Paramedic,
            "Paramedic",
            day(2026, 11, 29),
        )
        .unwrap();
        assert!(!glance.one_london_rate);
        assert!(glance.share_note.is_none());
        let range = glance.pay_range.unwrap();
        assert_eq!(
            (range.low.as_str(), range.high.as_str()),
            ("£49,388", "£56,515")
        );
        let change = glance.change.unwrap();
        assert_eq!(change.percent, "+3.3");
        assert!(url.ends_with("post=paramedic,national,51932,1"), "{url}");
    }

    #[test]
    fn a_mental_health_practitioner_glance_says_what_share_is_claimed() {
        let (glance, _, _) = glance_views(
            &real_book(),
            RoleId::AdultMentalHealthPractitioner,
            "Adult mental health practitioner",
            day(2026, 11, 29),
        )
        .unwrap();
        assert!(glance.share_note.is_some_and(|n| n.contains("half")));
    }

    #[test]
    fn the_home_page_shows_the_current_rate_and_maximums_with_status() {
        let book = real_book();
        let pages = |role: RoleId| Some((role.name(), "/roles/x/"));
        let home = home_view(&book, day(2026, 11, 29), pages).unwrap();
        assert_eq!(home.year_label, "2026/27");
        assert_eq!(
            (home.rate.as_str(), home.rate_status.as_str()),
            ("£27.300", "scenario")
        );
        assert_eq!(home.maximums.len(), 4);
        let gp = home
            .maximums
            .iter()
            .find(|m| m.band == "Salaried GP")
            .unwrap();
        assert_eq!(
            (gp.national.as_str(), gp.status.as_str()),
            ("£152,900", "derived")
        );
        assert_eq!(home.calculator_url, "/calculator/?year=2026-27");
    }
}

//! The figures report: how much of each year's rules data is published, derived or scenario,
//! and which figures of a year still wait for a published value.
//!
//! A "figure" is one money value of the rules data: an on-cost item, a pot rate, a cap cell
//! (band × region of one table, superseded tables included) or an Agenda for Change pay point.
//! Role band assignments are counted apart: they are not money, but they come from the same
//! DES tables.

use crate::rules::data::{Figure, PayPoint, Status, YearRules};
use crate::rules::region::Region;
use crate::rules::year::YearId;
use rust_decimal::Decimal;

/// How many figures have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Stated by NHS England or quoted from the DES by a named source.
    pub published: usize,
    /// Computed from published figures.
    pub derived: usize,
    /// Assumptions.
    pub scenario: usize,
}

impl StatusCounts {
    /// Counts one more figure of `status`.
    fn add(&mut self, status: Status) {
        match status {
            Status::Published => self.published += 1,
            Status::Derived => self.derived += 1,
            Status::Scenario => self.scenario += 1,
        }
    }

    /// All figures counted.
    pub fn total(&self) -> usize {
        self.published + self.derived + self.scenario
    }
}

/// One figure of the rules data, named for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureLine {
    /// What the figure is, e.g. "cap 2026-04, Band 7, Outer London".
    pub what: String,
    /// The value: pounds, or a fraction for rates. For band assignments, zero.
    pub value: Option<Decimal>,
    /// Published, derived or scenario.
    pub status: Status,
    /// Source URL.
    pub source: String,
    /// The figure's note, or its table's or row's note when it has none (band assignments: the
    /// year's summary).
    pub note: Option<String>,
}

/// The figures of one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearFigures {
    /// The financial year.
    pub year: YearId,
    /// Every money figure, in file order.
    pub money: Vec<FigureLine>,
    /// Every role band assignment, in file order.
    pub bands: Vec<FigureLine>,
}

impl YearFigures {
    /// Counts of the money figures by status.
    pub fn money_counts(&self) -> StatusCounts {
        count(&self.money)
    }

    /// Counts of the band assignments by status.
    pub fn band_counts(&self) -> StatusCounts {
        count(&self.bands)
    }

    /// The money figures and band assignments that are not published.
    pub fn not_published(&self) -> impl Iterator<Item = &FigureLine> {
        self.money
            .iter()
            .chain(&self.bands)
            .filter(|f| f.status != Status::Published)
    }
}

fn count(lines: &[FigureLine]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for line in lines {
        counts.add(line.status);
    }
    counts
}

fn line(what: String, figure: &Figure, fallback_note: Option<&String>) -> FigureLine {
    FigureLine {
        what,
        value: Some(figure.value),
        status: figure.status,
        source: figure.source.clone(),
        note: figure.note.clone().or_else(|| fallback_note.cloned()),
    }
}

/// Every figure of a year's rules, named.
pub fn year_figures(rules: &YearRules) -> YearFigures {
    let mut money = Vec::new();
    let costs = &rules.on_costs;
    money.push(line("employer NI rate".into(), &costs.ni_rate, None));
    money.push(line(
        "employer NI threshold".into(),
        &costs.ni_threshold,
        None,
    ));
    money.push(line(
        "employer pension rate".into(),
        &costs.pension_rate,
        None,
    ));
    for pot in &rules.pots {
        money.push(line(
            format!("rate per weighted patient, {}", pot.name),
            &pot.rate,
            None,
        ));
    }
    for table in &rules.cap_tables {
        let kind = if table.superseded {
            "superseded cap"
        } else {
            "cap"
        };
        for caps in &table.bands {
            for region in Region::ALL {
                money.push(line(
                    format!(
                        "{kind} {}, {}, {}",
                        table.id,
                        caps.band.label(),
                        region.name()
                    ),
                    caps.for_region(region),
                    table.note.as_ref(),
                ));
            }
        }
    }
    for scale in &rules.pay_scales {
        for point in [PayPoint::Entry, PayPoint::Intermediate, PayPoint::Top] {
            let Some(value) = scale.point(point) else {
                continue;
            };
            let (status, source) = scale.point_status(point);
            money.push(FigureLine {
                what: format!("AfC pay point, {} {}", scale.band.label(), point.id()),
                value: Some(value),
                status,
                source: source.to_string(),
                note: (status != Status::Published)
                    .then(|| scale.note.clone())
                    .flatten(),
            });
        }
    }
    let bands = rules
        .roles
        .iter()
        .map(|role| FigureLine {
            what: format!("band of {}: {}", role.id.name(), role.band.label()),
            value: None,
            status: role.status,
            source: role.source.clone(),
            note: role.note.clone().or_else(|| Some(rules.summary.clone())),
        })
        .collect();
    YearFigures {
        year: rules.year,
        money,
        bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;

    fn figures(year: &str) -> YearFigures {
        year_figures(&testdata::year(year))
    }

    #[test]
    fn every_money_figure_of_a_year_is_counted_once() {
        for rules in testdata::all() {
            let caps: usize = rules.cap_tables.iter().map(|t| t.bands.len() * 3).sum();
            let points: usize = rules
                .pay_scales
                .iter()
                .map(|s| 2 + usize::from(s.intermediate.is_some()))
                .sum();
            let expected = 3 + rules.pots.len() + caps + points;
            let report = year_figures(&rules);
            assert_eq!(report.money_counts().total(), expected, "{}", rules.year);
            assert_eq!(report.band_counts().total(), rules.roles.len());
        }
    }

    #[test]
    fn the_gp_maximum_of_2026_27_is_listed_with_its_method() {
        let report = figures("2026-27");
        let gp = report
            .money
            .iter()
            .find(|f| f.what.contains("Salaried GP") && f.what.contains("National"))
            .expect("a 2026/27 GP national cap");
        assert_ne!(gp.status, Status::Published);
        assert!(gp.note.as_deref().is_some_and(|n| !n.is_empty()));
        assert!(report.not_published().any(|f| f.what == gp.what));
    }

    #[test]
    fn every_figure_not_published_has_a_note() {
        for rules in testdata::all() {
            for line in year_figures(&rules).not_published() {
                assert!(
                    line.note.is_some(),
                    "{} {} has no note",
                    rules.year,
                    line.what
                );
            }
        }
    }
}

//! Comparisons made and disagreements found, each located by page, role, year, period and region.

use arrs_guide::rules::{Region, RoleId, YearId};
use std::fmt;

/// Comparisons made and the disagreements found.
#[derive(Default)]
pub struct Findings {
    pub compared: usize,
    /// Cap cells (one amount of one period, band and region) compared.
    pub cells: usize,
    pub problems: Vec<String>,
}

impl Findings {
    pub fn check(&mut self, agrees: bool, problem: impl FnOnce() -> String) {
        self.compared += 1;
        if !agrees {
            self.problems.push(problem());
        }
    }

    pub fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    pub fn assert_none(&self, what: &str) {
        eprintln!(
            "{what}: {} comparisons, {} cap cells",
            self.compared, self.cells
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} disagreement(s) between the pages and the rules core:\n- {}",
            self.problems.len(),
            self.problems.join("\n- ")
        );
    }
}

/// Where a figure is: page, role, year, period and region.
#[derive(Clone)]
pub struct Place {
    pub page: String,
    pub role: RoleId,
    pub year: YearId,
    pub period: String,
    pub region: Option<Region>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "page {}, role {}, year {}, period {}",
            self.page, self.role, self.year, self.period
        )?;
        if let Some(region) = self.region {
            write!(f, ", region {region}")?;
        }
        Ok(())
    }
}

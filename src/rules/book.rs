//! All the years of rules the site knows.

use crate::rules::data::YearRules;
use crate::rules::error::RulesError;
use crate::rules::year::YearId;
use serde::{Deserialize, Serialize};

/// Every year's rules, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleBook {
    years: Vec<YearRules>,
}

impl RuleBook {
    /// A book of the given years (sorted; a later duplicate of a year replaces an earlier one).
    pub fn new(years: Vec<YearRules>) -> Self {
        let mut book = RuleBook { years: Vec::new() };
        for rules in years {
            book.years.retain(|y| y.year != rules.year);
            book.years.push(rules);
        }
        book.years.sort_by_key(|y| y.year);
        book
    }

    /// The rules of `year`, if the book has them.
    pub fn year(&self, year: &YearId) -> Option<&YearRules> {
        self.years.iter().find(|y| y.year == *year)
    }

    /// The rules of `year`, or an error naming the `year` field that lists the years known.
    pub fn require(&self, year: &YearId) -> Result<&YearRules, RulesError> {
        self.year(year).ok_or_else(|| {
            let known: Vec<String> = self.years.iter().map(|y| y.year.to_string()).collect();
            RulesError::field(
                "year",
                format!(
                    "`{year}` has no rules; expected one of {}",
                    known.join(", ")
                ),
            )
        })
    }

    /// Every year, oldest first.
    pub fn years(&self) -> &[YearRules] {
        &self.years
    }

    /// The newest year whose status is not `scenario`, if any (the default year for pages).
    pub fn current(&self) -> Option<&YearRules> {
        self.years
            .iter()
            .rev()
            .find(|y| y.status != crate::rules::data::Status::Scenario)
    }
}

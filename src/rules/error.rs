//! Errors of the rules core. Every input problem names the field it is about, so the command
//! line, the CSV reader and the browser calculator can all point at the right place.

use thiserror::Error;

/// Everything that can go wrong in the rules core.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RulesError {
    /// A value given by the user is not acceptable. Displayed as `<field> <problem>`, e.g.
    /// `wte must be more than 0 and at most 1`.
    #[error("{field} {problem}")]
    InvalidField {
        /// The input field, as named in the URL contract and `posts.csv` (`wte`, `salary`, …).
        field: &'static str,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// The rules data for the year cannot answer the question (a gap the loader should catch).
    #[error("the rules for {year} {problem}")]
    Data {
        /// The year id, e.g. `2024-25`.
        year: String,
        /// What is missing or inconsistent.
        problem: String,
    },
    /// A problem with one post of a plan, numbered from 1 in input order.
    #[error("post {number}: {error}")]
    InPost {
        /// Position of the post, from 1.
        number: usize,
        /// The problem.
        error: Box<RulesError>,
    },
    /// A result is too large to compute exactly (only reachable with absurd inputs).
    #[error("the amounts are too large to compute ({0})")]
    Overflow(&'static str),
}

impl RulesError {
    /// An input error about `field`.
    pub fn field(field: &'static str, problem: impl Into<String>) -> Self {
        RulesError::InvalidField {
            field,
            problem: problem.into(),
        }
    }

    /// The input field this error is about, if it is about one.
    pub fn field_name(&self) -> Option<&'static str> {
        match self {
            RulesError::InvalidField { field, .. } => Some(field),
            RulesError::InPost { error, .. } => error.field_name(),
            _ => None,
        }
    }

    /// The post number (from 1) for an error about one post of a plan.
    pub fn post_number(&self) -> Option<usize> {
        match self {
            RulesError::InPost { number, .. } => Some(*number),
            _ => None,
        }
    }

    /// The same error, about post `number` (from 1) of a plan.
    pub fn in_post(self, number: usize) -> Self {
        RulesError::InPost {
            number,
            error: Box::new(self),
        }
    }

    /// The problem without the field name (for callers that name the field their own way,
    /// e.g. `--wte` on the command line or a column of `posts.csv`).
    pub fn problem(&self) -> String {
        match self {
            RulesError::InvalidField { problem, .. } => problem.clone(),
            RulesError::InPost { error, .. } => error.problem(),
            other => other.to_string(),
        }
    }
}

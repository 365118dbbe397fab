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
    /// A value given by the user is not acceptable, worded as a whole sentence for the reader
    /// (GOV.UK style): `Enter the salary as a number, like 45,000`.
    #[error("{message}")]
    Input {
        /// The input field (`salary`, `weighted_population`, …).
        field: &'static str,
        /// The sentence shown beside the field.
        message: String,
    },
    /// A problem in one scenario of a plan, numbered from 1.
    #[error("scenario {number}: {error}")]
    InScenario {
        /// Position of the scenario, from 1.
        number: usize,
        /// The problem.
        error: Box<RulesError>,
    },
    /// A problem with one member practice of a plan, numbered from 1.
    #[error("practice {number}: {error}")]
    InPractice {
        /// Position of the practice, from 1.
        number: usize,
        /// The problem.
        error: Box<RulesError>,
    },
    /// A problem in one row of a posts CSV.
    #[error("line {line}: {error}")]
    InRow {
        /// Line the row starts on, from 1.
        line: u64,
        /// The column's header as written in the file, when the problem is in one cell.
        column: Option<String>,
        /// The problem.
        error: Box<RulesError>,
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

    /// An input error about `field`, worded as a whole sentence.
    pub fn input(field: &'static str, message: impl Into<String>) -> Self {
        RulesError::Input {
            field,
            message: message.into(),
        }
    }

    /// The input field this error is about, if it is about one.
    pub fn field_name(&self) -> Option<&'static str> {
        match self {
            RulesError::InvalidField { field, .. } | RulesError::Input { field, .. } => Some(field),
            RulesError::InPost { error, .. }
            | RulesError::InScenario { error, .. }
            | RulesError::InPractice { error, .. }
            | RulesError::InRow { error, .. } => error.field_name(),
            _ => None,
        }
    }

    /// The same error, in the row of a posts CSV starting on `line`, in `column` if known.
    pub fn in_row(self, line: u64, column: Option<String>) -> Self {
        RulesError::InRow {
            line,
            column,
            error: Box::new(self),
        }
    }

    /// The same error, about scenario `number` (from 1) of a plan.
    pub fn in_scenario(self, number: usize) -> Self {
        RulesError::InScenario {
            number,
            error: Box::new(self),
        }
    }

    /// The same error, about practice `number` (from 1) of a plan.
    pub fn in_practice(self, number: usize) -> Self {
        RulesError::InPractice {
            number,
            error: Box::new(self),
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
            RulesError::Input { message, .. } => message.clone(),
            RulesError::InPost { error, .. }
            | RulesError::InScenario { error, .. }
            | RulesError::InPractice { error, .. }
            | RulesError::InRow { error, .. } => error.problem(),
            other => other.to_string(),
        }
    }
}

/// An error as the calculator page and `--format json` errors show it: the field, where it is
/// (post, scenario, practice from 1; line and column of a posts CSV) and a sentence for readers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldProblem {
    /// The field (`salary`, `working_time`, …), if the problem is about one.
    pub field: Option<&'static str>,
    /// The post, from 1.
    pub post: Option<usize>,
    /// The scenario, from 1.
    pub scenario: Option<usize>,
    /// The practice, from 1.
    pub practice: Option<usize>,
    /// The line of a posts CSV.
    pub line: Option<u64>,
    /// The column of a posts CSV, as its header is written.
    pub column: Option<String>,
    /// The sentence shown beside the field.
    pub message: String,
}

impl From<&RulesError> for FieldProblem {
    fn from(error: &RulesError) -> Self {
        let mut problem = FieldProblem {
            field: error.field_name(),
            post: None,
            scenario: None,
            practice: None,
            line: None,
            column: None,
            message: String::new(),
        };
        let mut inner = error;
        loop {
            match inner {
                RulesError::InPost { number, error } => {
                    problem.post = problem.post.or(Some(*number));
                    inner = error;
                }
                RulesError::InScenario { number, error } => {
                    problem.scenario = Some(*number);
                    inner = error;
                }
                RulesError::InPractice { number, error } => {
                    problem.practice = Some(*number);
                    inner = error;
                }
                RulesError::InRow {
                    line,
                    column,
                    error,
                } => {
                    problem.line = Some(*line);
                    problem.column.clone_from(column);
                    inner = error;
                }
                RulesError::InvalidField { field, problem: p } => {
                    let (label, _) = crate::rules::field_names::field_label(field);
                    let label = if label == "value" { *field } else { label };
                    let mut sentence = format!("{label} {p}");
                    if let Some(first) = sentence.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    problem.message = sentence.replace('_', " ");
                    return problem;
                }
                other => {
                    problem.message = other.to_string();
                    return problem;
                }
            }
        }
    }
}

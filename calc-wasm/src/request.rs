//! The old calculator page's request: lines of `key=value`, a line `post=` starting each post,
//! read into the plan file. Kept while the old page exists; the new page sends the plan file
//! itself.
//!
//! ```text
//! year=2025-26
//! population=30000
//! pay_award=3            (projection: pay_award, cap_uplift, growth, years; all or none)
//! post=
//! role=clinical-pharmacist
//! region=national
//! salary=52000
//! wte=0.6                (or hours=30, or sessions=6)
//! from=2025-10-01        (optional, as are to, share, band, label, pension=no)
//! ```

use arrs_guide::rules::error::FieldProblem;
use arrs_guide::rules::fields::parse_number;
use arrs_guide::rules::{
    projection_scenarios, PlanFile, PostSpec, RulesError, TimeUnit, WorkingTimeSpec, YearId,
};
use serde::Serialize;

/// Longest request accepted, in bytes (about a thousand posts).
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// A problem with one input, in the old page's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Position of the post the problem is in (from 0), or `None` for a plan-level input.
    pub post: Option<usize>,
    /// The field, as the rules core names it, or `None`.
    pub field: Option<&'static str>,
    /// What is wrong, without the field name.
    pub problem: String,
    /// The whole message.
    pub message: String,
}

impl FieldError {
    /// A field error from a rules-core error; `post` (from 0) is used when the error does not
    /// carry its own post number.
    pub fn from_rules(error: &RulesError, post: Option<usize>) -> Self {
        let problem = FieldProblem::from(error);
        FieldError {
            post: problem.post.and_then(|n| n.checked_sub(1)).or(post),
            field: error.field_name(),
            problem: error.problem(),
            message: problem.message,
        }
    }

    /// An error about a plan-level field.
    pub fn plan(field: &'static str, problem: impl Into<String>) -> Self {
        FieldError::from_rules(&RulesError::field(field, problem), None)
    }
}

/// A parsed request: the year asked for and the plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The year the page asked for.
    pub year: YearId,
    /// The plan.
    pub file: PlanFile,
}

/// Parses a request; on failure, every problem found.
pub fn parse_request(text: &str) -> Result<Request, Vec<FieldError>> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(vec![FieldError::plan(
            "posts",
            format!("are too many: the request must be at most {MAX_REQUEST_BYTES} bytes"),
        )]);
    }
    let mut errors = Vec::new();
    let mut year = None;
    let mut file = PlanFile::default();
    let mut projection: [Option<String>; 4] = Default::default();
    for line in text.lines() {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let value = value.to_owned();
        match (key.trim(), file.posts.last_mut()) {
            ("", _) => {}
            ("post", _) => file.posts.push(PostSpec::default()),
            ("year", _) => year = Some(value),
            ("population", _) => {
                file.weighted_population = Some(value).filter(|v| !v.trim().is_empty())
            }
            ("pay_award", _) => projection[0] = Some(value),
            ("cap_uplift", _) => projection[1] = Some(value),
            ("growth", _) => projection[2] = Some(value),
            ("years", _) => projection[3] = Some(value),
            (key, Some(post)) => {
                if let Err(error) = set_post_field(post, key, value) {
                    errors.push(FieldError::from_rules(&error, Some(file.posts.len() - 1)));
                }
            }
            (key, None) => errors.push(FieldError::plan(
                "request",
                format!("has an unknown field `{}`", shorten(key)),
            )),
        }
    }
    let year = match year.as_deref().map(str::parse::<YearId>) {
        Some(Ok(year)) => Some(year),
        Some(Err(error)) => {
            errors.push(FieldError::from_rules(&error, None));
            None
        }
        None => {
            errors.push(FieldError::plan("year", "is required"));
            None
        }
    };
    if let Err(error) = file.weighted_population() {
        errors.push(FieldError::from_rules(&error, None));
    }
    match parse_projection(&projection) {
        Ok(scenarios) => file.scenarios = scenarios,
        Err(error) => errors.push(FieldError::from_rules(&error, None)),
    }
    match year {
        Some(year) if errors.is_empty() => {
            file.year = Some(year.to_string());
            Ok(Request { year, file })
        }
        _ => Err(errors),
    }
}

fn set_post_field(post: &mut PostSpec, key: &str, value: String) -> Result<(), RulesError> {
    let time = |unit| {
        Some(WorkingTimeSpec {
            value: value.clone(),
            unit,
        })
    };
    match key {
        "role" => post.role = value,
        "region" => post.region = Some(value),
        "salary" => post.salary = Some(value),
        "wte" => {
            if post.working_time.is_none() {
                post.working_time = time(TimeUnit::Wte);
            }
        }
        "hours" => post.working_time = time(TimeUnit::Hours),
        "sessions" => post.working_time = time(TimeUnit::Sessions),
        "from" => post.from = Some(value),
        "to" => post.to = Some(value),
        "label" => post.label = Some(value),
        "share" => post.share = Some(value),
        "band" => post.band = Some(value),
        "pension" => post.pension = Some(value.trim() != "no"),
        other => {
            return Err(RulesError::field(
                "post",
                format!("has an unknown field `{}`", shorten(other)),
            ))
        }
    }
    Ok(())
}

/// The projection as scenarios, if one was given (all four values must be then).
fn parse_projection(
    values: &[Option<String>; 4],
) -> Result<Vec<arrs_guide::rules::ScenarioSpec>, RulesError> {
    if values.iter().all(Option::is_none) {
        return Ok(Vec::new());
    }
    let text = |index: usize| values[index].as_deref().unwrap_or("");
    let years: u32 = text(3).trim().parse().map_err(|_| {
        RulesError::input(
            "project_years",
            "Enter the number of years to project, from 1 to 10",
        )
    })?;
    projection_scenarios(
        years,
        parse_number("pay_award_percent", text(0))?,
        parse_number("cap_uplift_percent", text(1))?,
        parse_number("entitlement_growth_percent", text(2))?,
    )
}

/// At most 40 characters of user text, for quoting it back in a message.
fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_POST: &str = "year=2025-26\npopulation=30,000\npost=\nrole=clinical-pharmacist\nregion=national\nsalary=52000\nwte=0.6\nfrom=2025-10-01\nto=2026-03-31\n";

    #[test]
    fn parses_a_plan_with_one_post() {
        let request = parse_request(ONE_POST).unwrap();
        assert_eq!(request.year.to_string(), "2025-26");
        assert_eq!(request.file.weighted_population.as_deref(), Some("30,000"));
        let post = &request.file.posts[0];
        assert_eq!(post.salary.as_deref(), Some("52000"));
        assert_eq!(
            post.working_time,
            Some(WorkingTimeSpec {
                value: "0.6".into(),
                unit: TimeUnit::Wte
            })
        );
        assert!(request.file.scenarios.is_empty());
    }

    #[test]
    fn hours_sessions_and_pension_are_read_and_no_population_is_none() {
        let text = "year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=45000\nwte=1\nhours=30\npension=no\npost=\nrole=general-practitioner\nregion=inner-london\nsalary=90000\nsessions=6\n";
        let request = parse_request(text).unwrap();
        assert_eq!(request.file.weighted_population, None);
        assert_eq!(
            request.file.posts[0].working_time.as_ref().map(|w| w.unit),
            Some(TimeUnit::Hours)
        );
        assert_eq!(request.file.posts[0].pension, Some(false));
        assert_eq!(
            request.file.posts[1].working_time.as_ref().map(|w| w.unit),
            Some(TimeUnit::Sessions)
        );
    }

    #[test]
    fn plan_level_problems_are_reported() {
        let errors = parse_request("year=2025-26\npopulation=lots\n").unwrap_err();
        assert_eq!(errors[0].field, Some("weighted_population"));
        let errors = parse_request("population=3\n").unwrap_err();
        assert_eq!(errors[0].field, Some("year"));
        let errors = parse_request("year=2025-26\npay_award=3\ncap_uplift=1\ngrowth=0\nyears=0\n")
            .unwrap_err();
        assert_eq!(errors[0].field, Some("project_years"));
        let request =
            parse_request("year=2025-26\npay_award=3\ncap_uplift=1\ngrowth=0\nyears=3\n").unwrap();
        assert_eq!(request.file.scenarios.len(), 3);
    }

    #[test]
    fn unknown_fields_are_named_not_ignored() {
        let errors = parse_request("year=2025-26\ncolour=blue\n").unwrap_err();
        assert_eq!(errors[0].field, Some("request"));
        let errors = parse_request("year=2025-26\npost=\nrole=paramedic\nshoe=9\n").unwrap_err();
        assert_eq!(errors[0].post, Some(0));
        assert_eq!(errors[0].field, Some("post"));
    }
}

//! The calculator's request: the page's inputs as plain text, parsed into the rules core's
//! [`PlanInput`], with every problem collected and named by its field.
//!
//! The page sends one line per value, `key=value`; a line `post=` starts a new post:
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
//!
//! Parsing only: every number is read by the rules core's own parsers, and every money figure
//! is computed by the rules core.

use arrs_guide::rules::money::parse_decimal;
use arrs_guide::rules::plan::check_weighted_population;
use arrs_guide::rules::{PlanInput, PostFields, ProjectionAssumptions, RulesError, YearId};
use rust_decimal::Decimal;

/// Longest request accepted, in bytes (about a thousand posts).
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// A problem with one input, for the page to show beside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Position of the post the problem is in (from 0), or `None` for a plan-level input.
    pub post: Option<usize>,
    /// The field, as the rules core names it (`salary`, `wte`, `weighted_population`, …), or
    /// `None` when the problem is not about one field.
    pub field: Option<&'static str>,
    /// What is wrong, without the field name (`is required`, `must be …`).
    pub problem: String,
    /// The whole message (`wte must be more than 0 and at most 1`).
    pub message: String,
}

impl FieldError {
    /// A field error from a rules-core error; `post` is used when the error does not carry its
    /// own post number.
    pub fn from_rules(error: &RulesError, post: Option<usize>) -> Self {
        let (post, inner) = match error {
            RulesError::InPost { number, error } => (number.checked_sub(1), error.as_ref()),
            other => (post, other),
        };
        FieldError {
            post,
            field: inner.field_name(),
            problem: inner.problem(),
            message: inner.to_string(),
        }
    }

    /// An error about a plan-level field.
    pub fn plan(field: &'static str, problem: impl Into<String>) -> Self {
        FieldError::from_rules(&RulesError::field(field, problem), None)
    }
}

/// A parsed request, ready for [`arrs_guide::rules::plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The year the page asked for.
    pub year: YearId,
    /// The plan input. When the weighted population was left empty it is 1, and
    /// [`Request::population_given`] is false: the page then shows costs and claims only.
    pub input: PlanInput,
    /// Whether a weighted population was entered.
    pub population_given: bool,
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
    let mut population = String::new();
    let mut projection: [Option<String>; 4] = Default::default();
    let mut posts: Vec<PostFields> = Vec::new();

    for line in text.lines() {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let key = key.trim();
        match (key, posts.last_mut()) {
            ("", _) => {}
            ("post", _) => posts.push(PostFields::default()),
            ("year", _) => year = Some(value.to_string()),
            ("population", _) => population = value.to_string(),
            ("pay_award", _) => projection[0] = Some(value.to_string()),
            ("cap_uplift", _) => projection[1] = Some(value.to_string()),
            ("growth", _) => projection[2] = Some(value.to_string()),
            ("years", _) => projection[3] = Some(value.to_string()),
            (_, Some(post)) => {
                if let Err(error) = set_post_field(post, key, value) {
                    errors.push(FieldError::from_rules(&error, Some(posts.len() - 1)));
                }
            }
            (_, None) => errors.push(FieldError::plan(
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
    let population_given = !population.trim().is_empty();
    let weighted_population = if population_given {
        let parsed = parse_decimal("weighted_population", &strip_separators(&population))
            .and_then(|value| check_weighted_population(value).map(|()| value));
        match parsed {
            Ok(value) => value,
            Err(error) => {
                errors.push(FieldError::from_rules(&error, None));
                Decimal::ONE
            }
        }
    } else {
        Decimal::ONE
    };
    let projection = match parse_projection(&projection) {
        Ok(projection) => projection,
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let mut parsed_posts = Vec::with_capacity(posts.len());
    for (index, post) in posts.iter().enumerate() {
        match post.to_post() {
            Ok(post) => parsed_posts.push(post),
            Err(error) => errors.push(FieldError::from_rules(&error, Some(index))),
        }
    }
    match year {
        Some(year) if errors.is_empty() => Ok(Request {
            year,
            input: PlanInput {
                weighted_population,
                posts: parsed_posts,
                projection,
            },
            population_given,
        }),
        _ => Err(errors),
    }
}

fn set_post_field(fields: &mut PostFields, key: &str, value: &str) -> Result<(), RulesError> {
    let value = value.to_string();
    match key {
        "role" => fields.role = value,
        "region" => fields.region = value,
        "salary" => fields.salary = value,
        "wte" => fields.wte = value,
        "from" => fields.from = value,
        "to" => fields.to = value,
        "label" => fields.label = value,
        "share" => fields.share = value,
        "band" => fields.band = value,
        "hours" => fields.hours = Some(value),
        "sessions" => fields.sessions = Some(value),
        "pension" => fields.pension = value,
        other => {
            return Err(RulesError::field(
                "post",
                format!("has an unknown field `{}`", shorten(other)),
            ))
        }
    }
    Ok(())
}

/// The projection assumptions, if any was given (all four must be then).
fn parse_projection(
    values: &[Option<String>; 4],
) -> Result<Option<ProjectionAssumptions>, FieldError> {
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    let text = |index: usize| values[index].as_deref().unwrap_or("");
    let parse = |field: &'static str, index: usize| {
        parse_decimal(field, text(index)).map_err(|error| FieldError::from_rules(&error, None))
    };
    let pay_award = parse("pay_award", 0)?;
    let cap_uplift = parse("cap_uplift", 1)?;
    let growth = parse("entitlement_growth", 2)?;
    let years: u32 = text(3).trim().parse().map_err(|_| {
        if text(3).trim().is_empty() {
            FieldError::plan("project_years", "is required")
        } else {
            FieldError::plan("project_years", "must be a whole number of years")
        }
    })?;
    ProjectionAssumptions::new(years, pay_award, cap_uplift, growth)
        .map(Some)
        .map_err(|error| FieldError::from_rules(&error, None))
}

/// A weighted population as typed (`31,250`): thousands separators and spaces removed.
fn strip_separators(text: &str) -> String {
    text.chars().filter(|c| *c != ',' && *c != ' ').collect()
}

/// At most 40 characters of user text, for quoting it back in a message.
fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrs_guide::rules::WorkingTime;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    const ONE_POST: &str = "year=2025-26\npopulation=30,000\npost=\nrole=clinical-pharmacist\nregion=national\nsalary=52000\nwte=0.6\nfrom=2025-10-01\nto=2026-03-31\n";

    #[test]
    fn parses_a_plan_with_one_post() {
        let request = parse_request(ONE_POST).unwrap();
        assert_eq!(request.year.to_string(), "2025-26");
        assert!(request.population_given);
        assert_eq!(request.input.weighted_population, dec("30000"));
        assert_eq!(request.input.posts.len(), 1);
        let post = &request.input.posts[0];
        assert_eq!(post.salary, dec("52000"));
        assert_eq!(post.working_time, WorkingTime::Wte(dec("0.6")));
        assert!(post.in_pension);
        assert_eq!(request.input.projection, None);
    }

    #[test]
    fn hours_sessions_and_pension_are_read() {
        let text = "year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=45000\nhours=30\npension=no\npost=\nrole=general-practitioner\nregion=inner-london\nsalary=90000\nsessions=6\n";
        let request = parse_request(text).unwrap();
        assert!(!request.population_given);
        assert_eq!(
            request.input.posts[0].working_time,
            WorkingTime::HoursPerWeek(dec("30"))
        );
        assert!(!request.input.posts[0].in_pension);
        assert_eq!(
            request.input.posts[1].working_time,
            WorkingTime::GpSessions(dec("6"))
        );
    }

    #[test]
    fn every_bad_field_is_reported_with_its_post() {
        let text = "year=2025-26\npopulation=lots\npost=\nrole=clinical-pharmacist\nregion=national\nsalary=\nwte=0.6\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=2\n";
        let errors = parse_request(text).unwrap_err();
        let found: Vec<(Option<usize>, Option<&str>)> =
            errors.iter().map(|e| (e.post, e.field)).collect();
        assert_eq!(
            found,
            vec![
                (None, Some("weighted_population")),
                (Some(0), Some("salary")),
                (Some(1), Some("wte")),
            ]
        );
        assert_eq!(errors[1].problem, "is required");
        assert!(errors[2].message.starts_with("wte must be"));
    }

    #[test]
    fn projection_needs_sensible_assumptions() {
        let base = "year=2025-26\npopulation=30000\npay_award=3\ncap_uplift=1\ngrowth=0\n";
        let errors = parse_request(&format!("{base}years=0\n")).unwrap_err();
        assert_eq!(errors[0].field, Some("project_years"));
        let errors = parse_request(&format!("{base}years=three\n")).unwrap_err();
        assert_eq!(errors[0].field, Some("project_years"));
        let request = parse_request(&format!("{base}years=3\n")).unwrap();
        assert_eq!(request.input.projection.map(|p| p.years), Some(3));
    }

    #[test]
    fn a_missing_or_bad_year_is_named() {
        let errors = parse_request("population=3\n").unwrap_err();
        assert_eq!(errors[0].field, Some("year"));
        let errors = parse_request("year=2025\n").unwrap_err();
        assert_eq!(errors[0].field, Some("year"));
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

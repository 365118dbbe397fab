//! WebAssembly bindings over [`arrs_guide::rules`] for the in-browser funding calculator.
//!
//! This crate holds no money logic of its own: it parses the page's text inputs with the rules
//! core's parsers, calls [`arrs_guide::rules::plan()`] and [`arrs_guide::rules::estimate()`], and
//! returns their JSON, the same shapes `arrs-guide plan --format json` and
//! `arrs-guide estimate --format json` print.
//!
//! Across the boundary go plain strings only: the published rules JSON
//! (`/data/rules/<year>.json`) and a request (see [`request`]) in, a JSON string out. Nothing
//! here panics on any input: every problem comes back as `{"errors": […]}`, each naming its
//! field (and post), for the page to show beside that field.

pub mod json;
pub mod request;
pub mod rules_json;

use arrs_guide::rules::{estimate, plan, YearRules};
use wasm_bindgen::prelude::*;

use crate::request::{parse_request, FieldError, Request};

/// Longest rules JSON accepted, in bytes (a year's rules are about 20 KB).
pub const MAX_RULES_BYTES: usize = 2 * 1024 * 1024;

/// Computes a PCN plan: `{"plan": <plan JSON>, "population_given": bool}` or
/// `{"errors": […]}`.
#[wasm_bindgen]
pub fn calculate(rules_json: &str, request: &str) -> String {
    let (rules, request) = match load(rules_json, request) {
        Ok(loaded) => loaded,
        Err(errors) => return json::errors_response(&errors),
    };
    match plan(&rules, &request.input) {
        Ok(plan) => json::plan_response(&plan, request.population_given),
        Err(error) => json::errors_response(&[FieldError::from_rules(&error, None)]),
    }
}

/// Estimates the first post of a request on its own: `{"estimate": <estimate JSON>}` or
/// `{"errors": […]}`.
#[wasm_bindgen]
pub fn estimate_post(rules_json: &str, request: &str) -> String {
    let (rules, request) = match load(rules_json, request) {
        Ok(loaded) => loaded,
        Err(errors) => return json::errors_response(&errors),
    };
    let Some(post) = request.input.posts.first() else {
        return json::errors_response(&[FieldError::plan("post", "is required")]);
    };
    match estimate(&rules, post) {
        Ok(estimate) => json::estimate_response(&estimate),
        Err(error) => json::errors_response(&[FieldError::from_rules(&error, Some(0))]),
    }
}

/// Reads the rules and the request, and checks they are about the same year.
fn load(rules_json: &str, request: &str) -> Result<(YearRules, Request), Vec<FieldError>> {
    if rules_json.len() > MAX_RULES_BYTES {
        return Err(vec![FieldError::plan("rules", "are too large to be read")]);
    }
    let rules: YearRules = rules_json::year_rules_from_json(rules_json).map_err(|error| {
        vec![FieldError::plan(
            "rules",
            format!("could not be read: {error}"),
        )]
    })?;
    let request = parse_request(request)?;
    if request.year != rules.year {
        return Err(vec![FieldError::plan(
            "year",
            format!(
                "`{}` does not match the rules loaded for {}",
                request.year, rules.year
            ),
        )]);
    }
    Ok((rules, request))
}

/// Version of the calculator bindings.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

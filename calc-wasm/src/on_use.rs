//! The exports the calculator page loads only when a reader first uses them, none of which needs
//! the rules: the posts CSV both ways, plan files (Save and Open) and the projection's scenarios.

use arrs_guide::rules::posts_csv::{read_posts_csv, write_posts_csv};
use arrs_guide::rules::{fields, projection_scenarios, PlanFile, RulesError};
use wasm_bindgen::prelude::*;

use crate::codec::{from_json_text, to_js, to_json_text};
use crate::{errors_value, one_error, read_plan_file};

/// Reads a posts CSV into `plan_file` (its posts replaced), or `{ errors }` with line and column.
#[wasm_bindgen]
pub fn posts_csv_to_plan(csv_text: &str, plan_file: JsValue) -> JsValue {
    let mut file = if plan_file.is_undefined() || plan_file.is_null() {
        PlanFile::default()
    } else {
        match read_plan_file(plan_file) {
            Ok(file) => file,
            Err(errors) => return errors,
        }
    };
    match read_posts_csv(csv_text) {
        Ok(csv) => {
            file.posts = csv.posts;
            to_js(&file)
        }
        Err(errors) => errors_value(&errors),
    }
}

/// The posts CSV of a plan file.
#[wasm_bindgen]
pub fn plan_to_posts_csv(plan_file: JsValue) -> JsValue {
    match read_plan_file(plan_file) {
        Ok(file) => JsValue::from_str(&write_posts_csv(&file.posts)),
        Err(errors) => errors,
    }
}

/// Reads a plan file's text (Open plan), or `{ errors }`.
#[wasm_bindgen]
pub fn parse_plan_file(text: &str) -> JsValue {
    let file: PlanFile = match from_json_text(text) {
        Ok(file) => file,
        Err(e) => return one_error("plan", format!("This is not a plan file: {e}")),
    };
    match file.check_version() {
        Ok(()) => to_js(&file),
        Err(e) => errors_value(&[e]),
    }
}

/// A plan file as pretty JSON text (Save plan).
#[wasm_bindgen]
pub fn plan_file_text(plan_file: JsValue) -> JsValue {
    match read_plan_file(plan_file) {
        Ok(file) => JsValue::from_str(&to_json_text(&file)),
        Err(errors) => errors,
    }
}

/// The scenarios of a projection over the next `years` years (pay award, cap uplift and
/// entitlement growth a year, as typed, compounded by the core), or `{ errors }` naming the
/// field: `project_years`, `pay_award_percent`, `cap_uplift_percent` or
/// `entitlement_growth_percent`.
#[wasm_bindgen]
pub fn projection(years: &str, pay_award: &str, cap_uplift: &str, growth: &str) -> JsValue {
    let percent = |field: &'static str, text: &str| {
        let text = if text.trim().is_empty() { "0" } else { text };
        fields::parse_percent(field, text)
    };
    let years = years.trim().parse::<u32>().map_err(|_| {
        RulesError::input(
            "project_years",
            "Enter the number of years to project, from 1 to 10",
        )
    });
    let found = years.and_then(|years| {
        projection_scenarios(
            years,
            percent("pay_award_percent", pay_award)?,
            percent("cap_uplift_percent", cap_uplift)?,
            percent("entitlement_growth_percent", growth)?,
        )
    });
    match found {
        Ok(scenarios) => to_js(&scenarios),
        Err(e) => errors_value(&[e]),
    }
}

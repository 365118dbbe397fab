//! Exports the calculator page needs beyond the plan API: opening a share link so that each
//! problem can be shown on its own field of the opened plan, and what the plan could still
//! recruit.

use arrs_guide::rules::recruit::recruit;
use arrs_guide::rules::scenario::year_rules;
use arrs_guide::rules::share_link::{decode, Link};
use arrs_guide::rules::{fields, projection_scenarios, PlanFile, RulesError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::codec::{from_json_text, to_js};
use crate::{compute, errors_value, read_plan_file, Rules};
use arrs_guide::rules::error::FieldProblem;

/// A share link opened: the plan as far as it could be read, and every problem with it.
#[derive(Serialize)]
struct Opened {
    plan: Option<PlanFile>,
    errors: Vec<FieldProblem>,
}

#[wasm_bindgen]
impl Rules {
    /// Opens a share link: `{ plan, errors }`. Unlike `decode_share_link`, a plan with problems
    /// (an unknown year, `band=9z`, `from=2025-02-30`) still comes back as typed, so the page
    /// can show it with each problem on its field; `plan` is null only when the link cannot be
    /// read at all.
    pub fn open_share_link(&self, query: &str) -> JsValue {
        let problems = |errors: &[RulesError]| errors.iter().map(FieldProblem::from).collect();
        let file = match decode(query) {
            Ok(Link::Legacy(file)) => file,
            Ok(Link::PlanJson(text)) => match from_json_text::<PlanFile>(&text) {
                Ok(file) => file,
                Err(e) => {
                    let error = RulesError::input(
                        "plan",
                        format!("This link's plan could not be read: {e}"),
                    );
                    return to_js(&Opened {
                        plan: None,
                        errors: problems(&[error]),
                    });
                }
            },
            Err(errors) => {
                return to_js(&Opened {
                    plan: None,
                    errors: problems(&errors),
                })
            }
        };
        let errors = match compute(&self.book, &file) {
            Ok(_) => Vec::new(),
            Err(errors) => problems(&errors),
        };
        to_js(&Opened {
            plan: Some(file),
            errors,
        })
    }

    /// What the plan could still recruit with its unclaimed entitlement, for posts starting on
    /// `from` (as typed): the core's answer, or `{ errors }`.
    pub fn recruit(&self, plan_file: JsValue, from: &str) -> JsValue {
        let file = match read_plan_file(plan_file) {
            Ok(file) => file,
            Err(errors) => return errors,
        };
        let found = compute(&self.book, &file).and_then(|plan| {
            let rules = year_rules(&self.book, plan.year).map_err(|e| vec![e])?;
            let from = if from.trim().is_empty() {
                rules.year.first_day()
            } else {
                fields::parse_user_date("from", from).map_err(|e| vec![e])?
            };
            recruit(rules, &plan, from).map_err(|e| vec![e])
        });
        match found {
            Ok(answer) => to_js(&answer),
            Err(errors) => errors_value(&errors),
        }
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

//! The exports the calculator page needs for its first results and while the reader types:
//! computing a plan, what a post form offers, opening and writing share links, reading fields,
//! converting working time and moving dates into another year; also the two answers that need
//! the rules (the results CSV and what the plan could still recruit), and the plan as plain text
//! ([`summary`]: Copy summary, only used when a reader asks for it, but it needs the rules).

pub mod summary;

use arrs_guide::rules::error::FieldProblem;
use arrs_guide::rules::recruit::recruit;
use arrs_guide::rules::results_csv::results_csv;
use arrs_guide::rules::scenario::year_rules;
use arrs_guide::rules::share_link::{decode, Link};
use arrs_guide::rules::{
    choices, compute_plan_file, fields, share_link, PlanFile, PostSpec, RuleBook, RulesError,
    TimeUnit, WorkingTime, WorkingTimeSpec, YearId, YearRules,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::codec::{from_js, from_json_text, to_js};
use crate::{errors_value, one_error, read_plan_file};

#[derive(Serialize)]
struct Value<T> {
    value: T,
}

/// A share link opened: the plan as far as it could be read, and every problem with it.
#[derive(Serialize)]
struct Opened {
    plan: Option<PlanFile>,
    errors: Vec<FieldProblem>,
}

/// Longest rules JSON accepted, in bytes (a year's rules are about 20 KB).
pub const MAX_RULES_BYTES: usize = 2 * 1024 * 1024;

/// The financial year containing today (the browser's clock), or failing that the newest
/// year loaded.
fn default_year(book: &RuleBook) -> Result<YearId, Vec<RulesError>> {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(0);
    let start = if now.get_month() >= 3 { year } else { year - 1 };
    YearId::starting(start)
        .ok()
        .or_else(|| book.years().last().map(|y| y.year))
        .ok_or_else(|| vec![RulesError::input("year", "Choose a year")])
}

fn compute(book: &RuleBook, file: &PlanFile) -> Result<arrs_guide::rules::Plan, Vec<RulesError>> {
    compute_plan_file(book, file, default_year(book)?)
}

/// The rules the page has loaded, each year parsed once, kept for the page's lifetime.
#[wasm_bindgen]
#[derive(Default)]
pub struct Rules {
    book: RuleBook,
}

#[wasm_bindgen]
impl Rules {
    /// An empty handle.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Rules {
        Rules::default()
    }

    /// Adds one year's published rules (`/data/rules/<year>.json` text); returns the year id.
    /// Throws only when the file itself is unreadable (a build problem, not user input).
    pub fn add(&mut self, year_json: &str) -> Result<String, JsError> {
        if year_json.len() > MAX_RULES_BYTES {
            return Err(JsError::new("the rules file is too large to be read"));
        }
        let rules: YearRules = from_json_text(year_json)
            .map_err(|e| JsError::new(&format!("the rules could not be read: {e}")))?;
        let year = rules.year.to_string();
        let mut years: Vec<YearRules> = self.book.years().to_vec();
        years.push(rules);
        self.book = RuleBook::new(years);
        Ok(year)
    }

    /// The years loaded, oldest first.
    pub fn years(&self) -> JsValue {
        let years: Vec<String> = self
            .book
            .years()
            .iter()
            .map(|y| y.year.to_string())
            .collect();
        to_js(&years)
    }
}

#[wasm_bindgen]
impl Rules {
    /// Computes a plan file: the result of `arrs-guide plan --format json`, or `{ errors }`.
    pub fn plan(&self, plan_file: JsValue) -> JsValue {
        let file = match read_plan_file(plan_file) {
            Ok(file) => file,
            Err(errors) => return errors,
        };
        match compute(&self.book, &file) {
            Ok(plan) => to_js(&plan),
            Err(errors) => errors_value(&errors),
        }
    }

    /// What a post form offers for `year`: roles, default bands and shares, bands offered, pay
    /// points, or `{ errors }`.
    pub fn post_choices(&self, year: &str) -> JsValue {
        let found = year
            .parse::<YearId>()
            .and_then(|y| year_rules(&self.book, y))
            .and_then(choices::post_choices);
        match found {
            Ok(choices) => to_js(&choices),
            Err(e) => errors_value(&[e]),
        }
    }

    /// Reads a share link (new `plan=1.…` or old `post=…` links) into a plan file, checked
    /// against the rules; or `{ errors }` naming each field.
    pub fn decode_share_link(&self, query: &str) -> JsValue {
        let year = match default_year(&self.book) {
            Ok(year) => year,
            Err(errors) => return errors_value(&errors),
        };
        match share_link::decode_checked(&self.book, query, year, from_json_text) {
            Ok(file) => to_js(&file),
            Err(errors) => errors_value(&errors),
        }
    }

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

    /// The results CSV of a plan file, or `{ errors }`.
    pub fn results_csv(&self, plan_file: JsValue) -> JsValue {
        let file = match read_plan_file(plan_file) {
            Ok(file) => file,
            Err(errors) => return errors,
        };
        match compute(&self.book, &file) {
            Ok(plan) => JsValue::from_str(&results_csv(&plan)),
            Err(errors) => errors_value(&errors),
        }
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

/// The financial year containing a date (`2026-11-29` → `2026-27`), or `{ errors }`.
#[wasm_bindgen]
pub fn current_year(today: &str) -> JsValue {
    match fields::parse_user_date("from", today).and_then(YearId::containing) {
        Ok(year) => JsValue::from_str(&year.to_string()),
        Err(e) => errors_value(&[e]),
    }
}

/// The query string (without `?`) of a share link for a plan file.
#[wasm_bindgen]
pub fn encode_share_link(plan_file: JsValue) -> JsValue {
    match read_plan_file(plan_file) {
        Ok(file) => {
            let compact = js_sys::JSON::stringify(&to_js(&file))
                .map(String::from)
                .unwrap_or_default();
            JsValue::from_str(&share_link::encode(&compact))
        }
        Err(errors) => errors,
    }
}

/// Reads one field as typed: `{ value }` in plan-file form (`£52,000` → `52000`), or `{ errors }`.
#[wasm_bindgen]
pub fn parse_field(field: &str, text: &str) -> JsValue {
    match fields::parse_field(field, text) {
        Ok(value) => to_js(&Value { value }),
        Err(e) => errors_value(&[e]),
    }
}

/// The same working time in another unit (`{ value, unit }`), or `{ errors }`.
#[wasm_bindgen]
pub fn convert_working_time(working_time: JsValue, unit: &str) -> JsValue {
    let spec: WorkingTimeSpec = match from_js(working_time) {
        Ok(spec) => spec,
        Err(e) => {
            return one_error(
                "working_time",
                format!("The working time could not be read: {e}"),
            )
        }
    };
    let target: TimeUnit = match from_js(JsValue::from_str(unit)) {
        Ok(unit) => unit,
        Err(_) => return one_error("unit", "Choose WTE, hours or sessions"),
    };
    let converted = fields::parse_number(spec.unit.id(), &spec.value)
        .and_then(|v| WorkingTime::in_unit(v, spec.unit))
        .map(|w| WorkingTimeSpec {
            value: arrs_guide::rules::money::plain_decimal(w.convert(target)),
            unit: target,
        });
    match converted {
        Ok(spec) => to_js(&spec),
        Err(e) => errors_value(&[e]),
    }
}

/// A post with its dates moved to the same day and month of `year`, or `{ errors }`.
#[wasm_bindgen]
pub fn move_post_dates(post: JsValue, year: &str) -> JsValue {
    let mut spec: PostSpec = match from_js(post) {
        Ok(spec) => spec,
        Err(e) => return one_error("post", format!("The post could not be read: {e}")),
    };
    let year: YearId = match year.parse() {
        Ok(year) => year,
        Err(e) => return errors_value(&[e]),
    };
    for (field, date) in [("from", &mut spec.from), ("to", &mut spec.to)] {
        if let Some(text) = date.as_deref().filter(|t| !t.trim().is_empty()) {
            match fields::parse_user_date(field, text) {
                Ok(d) => *date = Some(year.move_date(d).to_string()),
                Err(e) => return errors_value(&[e]),
            }
        }
    }
    to_js(&spec)
}

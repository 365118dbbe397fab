//! The plan as plain text ("Copy summary"), for a reader who cannot run the calculator. Only
//! needed when the reader asks for it, so it can live in a module loaded on demand.

use arrs_guide::rules::fields;
use arrs_guide::rules::plan_summary::plan_summary;
use wasm_bindgen::prelude::*;

use super::{compute, Rules};
use crate::{errors_value, read_plan_file};

#[wasm_bindgen]
impl Rules {
    /// The plain-text summary of a plan file (its inputs and the core's totals), made on `today`
    /// (`YYYY-MM-DD`) with `link` to reopen it; or `{ errors }`.
    pub fn plan_summary(&self, plan_file: JsValue, today: &str, link: &str) -> JsValue {
        let file = match read_plan_file(plan_file) {
            Ok(file) => file,
            Err(errors) => return errors,
        };
        let made_on = match fields::parse_user_date("from", today) {
            Ok(day) => day,
            Err(e) => return errors_value(&[e]),
        };
        match compute(&self.book, &file) {
            Ok(plan) => JsValue::from_str(&plan_summary(&plan, &file, made_on, link)),
            Err(errors) => errors_value(&errors),
        }
    }
}

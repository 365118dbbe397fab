//! WebAssembly bindings over [`arrs_guide::rules`] for the in-browser funding calculator
//! (`docs/plan-file.md`, "The WebAssembly API").
//!
//! This crate holds no money logic and no rules decision: every export reads its input into the
//! rules core's types, calls the core and hands back the core's result. Values cross as plain
//! JavaScript objects built from the core's serde derives ([`codec`]), so each wire type has one
//! definition. Input problems come back as `{ errors: [...] }`, never as a thrown exception or
//! a panic.
//!
//! The exports come in two groups, each behind a cargo feature, so that the site can publish
//! them as two modules: [`first_results`] (the rules handle and everything that needs it: plans,
//! share links, fields, the results CSV, recruit) and [`on_use`] (plan files and the posts CSV
//! both ways, the projection's assumptions: no rules needed, loaded when a reader first uses
//! them). Both are on by default.

pub mod codec;
#[cfg(feature = "first-results")]
pub mod first_results;
#[cfg(feature = "on-use")]
pub mod on_use;

use arrs_guide::rules::error::FieldProblem;
use arrs_guide::rules::{PlanFile, RulesError};
use codec::{from_js, to_js};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The module's allocator (see `Cargo.toml`). The module runs on one thread, without atomics.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[derive(Serialize)]
struct Errors {
    errors: Vec<FieldProblem>,
}

fn errors_value(errors: &[RulesError]) -> JsValue {
    to_js(&Errors {
        errors: errors.iter().map(FieldProblem::from).collect(),
    })
}

fn one_error(field: &'static str, message: impl Into<String>) -> JsValue {
    errors_value(&[RulesError::input(field, message)])
}

fn read_plan_file(value: JsValue) -> Result<PlanFile, JsValue> {
    from_js(value).map_err(|e| one_error("plan", format!("The plan could not be read: {e}")))
}

/// Version of the calculator bindings.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

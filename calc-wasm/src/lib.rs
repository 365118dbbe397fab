//! WebAssembly bindings over [`arrs_guide::rules`] for the in-browser funding calculator.
//!
//! This crate holds no money logic of its own: every figure comes from the rules core.

use wasm_bindgen::prelude::*;

/// Version of the rules core the bindings were built from.
#[wasm_bindgen]
pub fn rules_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

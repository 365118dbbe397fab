//! ARRS Guide: the rules core for England's NHS Additional Roles Reimbursement Scheme, and the
//! static site generator that publishes the guide built on it.
//!
//! Data flows one way: `content/` → [`site`] (load, render, write `public/`), a generator that
//! knows no site, into which [`guide`] plugs the guide's own pages and data through the
//! generator's extension point ([`site::extension`]), and every money figure computed by
//! [`rules`]. The rules
//! core has no I/O and compiles for `wasm32-unknown-unknown`, so the browser calculator
//! (`calc-wasm/`) runs the same code.
#![cfg_attr(test, allow(unreachable_pub))] // test-only helpers; the library build enforces it

pub mod rules;

#[cfg(feature = "site")]
pub mod site;

#[cfg(feature = "site")]
pub mod guide;

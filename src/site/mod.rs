//! The static site generator: `content/` → load and validate → render → write `public/`.

pub mod calculator;
pub mod diagnostic;

pub use diagnostic::{Diagnostic, Diagnostics};

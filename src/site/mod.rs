//! The static site generator: `content/` → load and validate → render → write `public/`.

pub mod diagnostic;
pub mod serve;

pub use diagnostic::{Diagnostic, Diagnostics};

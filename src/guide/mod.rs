//! The ARRS Guide's own parts, on top of the generic generator in [`crate::site`], installed
//! into it as an extension ([`extension()`], see [`crate::site::extension`]).
//!
//! - `extension`: the guide's page kinds (role pages, the roles comparison, the FAQ page and
//!   its entries), its data, views and output, as the generator's extension;
//! - `front_matter`: the role and FAQ front matter, as editors write it;
//! - `checks`: the checks of role pages and FAQ entries, and of role pages against the rules;
//! - `pages` and `views`: what the role, roles comparison, FAQ, calculator and home templates
//!   see;
//! - [`rules_data`]: reads `content/rules/<year>.yaml` into the rules core's types, reports
//!   problems at file:line:col, and publishes the rules as JSON for the calculator;
//! - `role_views`: each role's band and caps, as strings for the role pages and roles index;
//! - `money_views`: a role's money at a glance, its chart, and the home page's figures;
//! - [`calculator`]: the calculator page's view and the build of its WebAssembly assets.

pub mod calculator;
mod checks;
mod extension;
mod front_matter;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod kinds;
pub(crate) mod money_views;
mod pages;
pub(crate) mod role_views;
pub mod rules_data;
mod views;

pub use extension::extension;

/// The folders under the project root that `serve` watches besides the site's own: the rules
/// core and the calculator's boundary, from which the calculator is built.
pub const CALCULATOR_SOURCE_DIRS: [&str; 2] = ["src/rules", "calc-wasm"];

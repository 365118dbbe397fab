//! The ARRS Guide's own parts, on top of the generic generator in [`crate::site`].
//!
//! - [`rules_data`]: reads `content/rules/<year>.yaml` into the rules core's types, reports
//!   problems at file:line:col, and publishes the rules as JSON for the calculator;
//! - `role_views`: each role's band and caps, as strings for the role pages and roles index;
//! - `money_views`: a role's money at a glance, its chart, and the home page's figures;
//! - [`calculator`]: the calculator page's view and the build of its WebAssembly assets.

pub mod calculator;
pub(crate) mod money_views;
pub(crate) mod role_views;
pub mod rules_data;

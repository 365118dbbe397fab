//! The static site generator: `content/` → load and validate → render → write `public/`.
//!
//! Modules, in pipeline order: [`discover`] (find files) → [`front_matter`] (split and parse)
//! → [`model`] (typed front matter) → [`content`] (pages, URLs) → [`validate`] (cross-file
//! checks) → [`markdown`] (HTML, ids, links; with [`slug`], [`toc`], [`links`],
//! [`raw_html`]) → [`views`] +
//! [`templates`] (with [`page_views`], [`role_views`],
//! [`component_calls`]) → [`site_files`] ([`search_index`],
//! [`sitemap`]) → [`output`] (atomic write). [`build`] runs them.

pub mod build;
pub mod calculator;
pub mod component_calls;
pub mod content;
pub mod diagnostic;
pub mod discover;
pub mod front_matter;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod page_views;
pub mod raw_html;
pub mod role_views;
pub mod rules_data;
pub mod search_index;
pub mod serve;
pub mod site_files;
pub mod sitemap;
pub mod slug;
pub mod templates;
pub mod toc;
pub mod validate;
pub mod views;

pub use build::{build, check, BuildError, BuildOptions, BuildReport, CheckReport};
pub use diagnostic::{Diagnostic, Diagnostics};

//! The static site generator: `content/` → `load/` → `render/` → `output/` → `public/`.
//!
//! The folders are the pipeline stages, in order:
//!
//! 1. `load/`: find the files, split and parse front matter into typed pages, check across files;
//! 2. `render/`: Markdown to HTML (ids, table of contents, checked links), views, templates;
//! 3. `output/`: sitemap, `robots.txt`, `_headers`, search index, then an atomic write.
//!
//! [`build`](mod@build) runs the stages in that order and is the entry point ([`build()`], [`check()`]);
//! [`diagnostic`] is the located error every stage reports; [`serve`] is the development server,
//! which only needs something that implements [`serve::SiteBuilder`].
//!
//! [`extension`] is how a site adds what only it knows (page kinds and front matter of its own,
//! entries shown on another page, data, view values, generated files); the generator itself
//! knows no site. `docs/architecture.md` maps the whole tree.

pub mod build;
pub mod diagnostic;
pub mod extension;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod incremental;
pub(crate) mod load;
pub(crate) mod output;
pub(crate) mod render;
pub mod serve;

pub use build::{build, check, BuildError, BuildOptions, BuildReport, CheckReport};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use extension::Extension;
pub use load::model::Date;

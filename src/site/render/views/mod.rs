//! View structs: exactly what templates see. They are filled in Rust (templates display, never
//! compute), and every field is always present (an absent value is `null`), because tera 2 fails
//! on undefined variables.
//!
//! Ids the templates themselves give to elements are listed here ([`TEMPLATE_IDS`],
//! [`kind_ids`]) so headings never take them and links to them can be checked.

use crate::site::load::content::PageKind;
use crate::site::load::model::Source;
use crate::site::render::toc::TocEntry;
use serde::Serialize;

pub(crate) mod common;
pub(crate) use common::{DateView, LinkView};
use std::collections::BTreeMap;

/// Ids used by `base.html` and the page templates on every page.
pub(crate) const TEMPLATE_IDS: [&str; 6] = [
    "main-content",
    "search-q",
    "site-nav",
    "page-contents",
    "page-sources",
    "page-review",
];

/// Ids a template of this kind adds to the page; `ordinary` are the ids an extension's
/// templates add to ordinary pages.
pub(crate) fn kind_ids(
    kind: PageKind,
    ordinary: &'static [&'static str],
) -> &'static [&'static str] {
    match kind {
        PageKind::Section => &["in-this-section"],
        PageKind::Search => &["a-to-z", "search-results"],
        PageKind::Page => ordinary,
        PageKind::Extension(kind) => kind.ids,
    }
}

/// The Content-Security-Policy of every page.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The policy for pages that run WebAssembly (the calculator): the same plus `'wasm-unsafe-eval'`.
pub(crate) const CSP_WITH_WASM: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// An entry of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavLink {
    /// Link text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// `page` when this is the current page, `true` (as `"location"`) inside its section, else null.
    pub current: Option<&'static str>,
}

/// Site-wide settings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    /// Site name.
    pub title: String,
    /// Base URL, no trailing slash.
    pub base_url: String,
    /// Default description.
    pub description: String,
    /// Language tag.
    pub language: String,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    /// Title and `h1`.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute canonical URL (null for the 404 page).
    pub canonical: Option<String>,
    /// Description meta: the summary, or the site description.
    pub description: String,
    /// Summary, if any.
    pub summary: Option<String>,
    /// Page kind.
    pub kind: PageKind,
    /// Publication date.
    pub date: Option<DateView>,
    /// Last review date.
    pub last_reviewed: Option<DateView>,
    /// Next review date.
    pub next_review: Option<DateView>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Free-form `extra` front matter.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Body HTML.
    pub content: String,
    /// Table of contents (`##` and `###` headings).
    pub toc: Vec<TocEntry>,
    /// Ancestors, from the home page down (the page itself excluded).
    pub breadcrumbs: Vec<LinkView>,
}

/// A section's listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    /// Pages and sub-sections of the folder, by weight then title.
    pub pages: Vec<LinkView>,
}

/// Letters of the A–Z page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LetterView {
    /// Upper-case initial, or `#` for titles that start with a digit or symbol.
    pub letter: String,
    /// Anchor of the letter's heading (`letter-a`, `letter-other`).
    pub id: String,
    /// Pages starting with it.
    pub pages: Vec<LinkView>,
}

/// Everything a template receives from the generator; an installed extension adds its own
/// values beside these ([`PageExtras::fill`](crate::site::extension::PageExtras::fill)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RenderView<'a> {
    /// Site settings.
    pub site: &'a SiteView,
    /// Main navigation, with the current entry marked.
    pub nav: Vec<NavLink>,
    /// The page.
    pub page: PageView,
    /// Section listing (`section.html`).
    pub section: Option<SectionView>,
    /// A–Z list (`search.html`).
    pub a_z: Option<Vec<LetterView>>,
    /// Content-Security-Policy for the meta tag.
    pub csp: &'static str,
    /// URLs of generated assets by name (e.g. the calculator's hashed script), for templates
    /// that load them.
    pub assets: &'a BTreeMap<String, String>,
}

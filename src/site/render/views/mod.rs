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

/// Ids a template of this kind adds to the page.
pub(crate) fn kind_ids(kind: PageKind) -> &'static [&'static str] {
    match kind {
        PageKind::Role => &["role-facts", "role-funding", "cap-chart-title"],
        PageKind::RolesIndex => &["compare-roles", "earlier-years"],
        PageKind::Section => &["in-this-section"],
        PageKind::Search => &["a-to-z", "search-results"],
        PageKind::Page => &["this-year"],
        PageKind::Faq => &[],
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

/// One period of a role's caps, as the rules core computed and formatted it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CapPeriodView {
    /// Band the amounts are for (`Band 7`).
    pub band: String,
    /// What the cap table is (e.g. "July 2023 rates (the April 2024 DES)").
    pub label: String,
    /// First day the caps apply.
    pub from: DateView,
    /// Last day they apply.
    pub to: DateView,
    /// Annual maximum reimbursable amount per WTE, national (`£62,340.00`).
    pub national: String,
    /// Outer London.
    pub outer_london: String,
    /// Inner London.
    pub inner_london: String,
    /// `published`, `derived` or `scenario` (the least certain of the three amounts).
    pub status: String,
    /// True for a table replaced from its own start, shown for reference only.
    pub superseded: bool,
    /// Source URL.
    pub source_url: String,
    /// When the regions' statuses differ, which is which (e.g. `national published; outer and
    /// inner London derived`); otherwise null.
    pub status_detail: Option<String>,
    /// Sources of London figures that differ from the national source, with what they cover.
    pub other_sources: Vec<LinkView>,
    /// The table's note (method for derived figures).
    pub note: Option<String>,
    /// The notes that explain this period's figures that are not published, each naming the
    /// figures it explains.
    pub figure_notes: Vec<String>,
}

/// A role's caps for one financial year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CapYearView {
    /// Year id, `2025-26`.
    pub year: String,
    /// Reader form, `2025/26`.
    pub label: String,
    /// Band the role is reimbursed at that year (`Band 7`).
    pub band: String,
    /// Cap periods, by band then date.
    pub periods: Vec<CapPeriodView>,
    /// True when the role can be claimed at more than one band that year (mental health
    /// practitioners), so each row names its band.
    pub multiple_bands: bool,
    /// Extra notes from the rules (e.g. the 50% share for mental health practitioners).
    pub notes: Vec<String>,
}

/// Role facts for `role.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleView {
    /// Role id.
    pub id: String,
    /// Category label.
    pub category: String,
    /// Year joined, `2019-20`.
    pub joined: String,
    /// Regulator or registration body.
    pub regulator: String,
    /// Entry requirements.
    pub entry_requirements: String,
    /// Minimum supervision.
    pub minimum_supervision: String,
    /// Related role pages.
    pub related: Vec<LinkView>,
    /// Link that opens the calculator pre-filled for this role.
    pub calculator_url: String,
    /// Band in the latest published year, if the rules have the role.
    pub band: Option<String>,
    /// Caps for every year, from the rules data (empty when no rules are loaded): the current
    /// year first, then the others newest first.
    pub years: Vec<CapYearView>,
    /// The current year's money at a glance.
    pub glance: Option<crate::guide::money_views::GlanceView>,
    /// The national maximum by year, as a chart.
    pub chart: Option<crate::guide::money_views::ChartView>,
}

/// One row of the roles comparison table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleRowView {
    /// Role name.
    pub title: String,
    /// Role page URL.
    pub url: String,
    /// Category label.
    pub category: String,
    /// Band in the compared year.
    pub band: Option<String>,
    /// National cap in force at the end of the compared year.
    pub national: Option<String>,
    /// Outer London cap.
    pub outer_london: Option<String>,
    /// Inner London cap.
    pub inner_london: Option<String>,
    /// The least certain status of the three caps.
    pub status: Option<String>,
}

/// The roles comparison.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RolesIndexView {
    /// The year compared (`2025-26`), if rules are loaded.
    pub year: Option<String>,
    /// Reader form of the year (`2025/26`).
    pub year_label: Option<String>,
    /// One row per role, by category then title.
    pub rows: Vec<RoleRowView>,
    /// The same comparison for every other year, newest first.
    pub earlier: Vec<EarlierYearView>,
}

/// The roles comparison of an earlier year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EarlierYearView {
    /// Year id, `2025-26`.
    pub year: String,
    /// Reader form, `2025/26`.
    pub year_label: String,
    /// Roles in that year's scheme, in the same order.
    pub rows: Vec<RoleRowView>,
}

/// One FAQ answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FaqEntryView {
    /// Anchor id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Answer HTML.
    pub answer: String,
    /// When the answer was last checked.
    pub answered: DateView,
    /// Sources.
    pub sources: Vec<Source>,
}

/// One FAQ topic.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FaqCategoryView {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub label: String,
    /// Questions by order.
    pub entries: Vec<FaqEntryView>,
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

/// Everything a template receives.
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
    /// Role facts (`role.html`).
    pub role: Option<RoleView>,
    /// Roles comparison (`roles-index.html`).
    pub roles: Option<RolesIndexView>,
    /// FAQ topics (`faq.html`).
    pub faq: Option<Vec<FaqCategoryView>>,
    /// A–Z list (`search.html`).
    pub a_z: Option<Vec<LetterView>>,
    /// Content-Security-Policy for the meta tag.
    pub csp: &'static str,
    /// URLs of generated assets by name (e.g. the calculator's hashed script), for templates
    /// that load them.
    pub assets: &'a BTreeMap<String, String>,
    /// The calculator's year list, roles, caps table and worked examples (`calculator.html`).
    pub calculator: Option<crate::guide::calculator::CalculatorView>,
    /// The home page's headline figures (`home.html`).
    pub home: Option<crate::guide::money_views::HomeView>,
}

//! The views of the guide's own pages: a role's facts and caps (`role.html`), the roles
//! comparison (`roles-index.html`) and the FAQ topics (`faq.html`). Like every view they are
//! filled in Rust and only displayed by templates; every field is always present.

use crate::site::load::model::Source;
use crate::site::render::views::{DateView, LinkView};
use serde::Serialize;

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

//! The small view values every other view is made of (dates and links). A leaf: it depends on
//! no other view, so page-specific views elsewhere (such as the guide's calculator page) can use
//! them without depending on the page views that embed them.

use crate::site::load::model::Date;
use serde::Serialize;

/// A date in both forms.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2025-08-06`, for `datetime` attributes.
    pub iso: String,
    /// `6 August 2025`, for readers.
    pub long: String,
}

impl From<Date> for DateView {
    fn from(date: Date) -> Self {
        DateView {
            iso: date.iso(),
            long: date.long(),
        }
    }
}

/// A link to a page, with its summary for listings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    /// Link text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Summary, if the page has one.
    pub summary: Option<String>,
}

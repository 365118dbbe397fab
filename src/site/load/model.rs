//! Typed front matter and site settings, exactly as editors write them (see
//! `docs/content-model.md`). Unknown keys are refused so a typo never goes unnoticed.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (`2025-02-30`).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date =
            chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        Some(Date(date))
    }

    /// ISO form, `2025-08-06`, for `datetime` attributes and the sitemap.
    pub(crate) fn iso(&self) -> String {
        self.0.to_string()
    }

    /// Reader form, `6 August 2025` (NHS style: month in full).
    pub fn long(&self) -> String {
        crate::rules::year::long_date(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date `{text}`; expected a real date written YYYY-MM-DD, e.g. 2025-08-06"
            ))
        })
    }
}

/// A cited source: document title and full URL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    /// Title of the document, as published.
    pub title: String,
    /// Full `https://` URL.
    pub url: String,
}

/// Front matter of a generic page or section (`*.md`, `_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageFrontMatter {
    /// Page title, the page's only `h1`.
    pub title: String,
    /// One or two sentences: the description meta and listings.
    #[serde(default)]
    pub summary: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Skipped unless building with drafts.
    #[serde(default)]
    pub draft: bool,
    /// Order in listings and navigation, low first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Shown as "Last reviewed".
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    /// Shown as "Next review due".
    #[serde(default)]
    pub next_review: Option<Date>,
    /// Another template to render with, e.g. `calculator.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Search terms other than the title.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Cited sources.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Anything else, handed to the template as `page.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One entry of the main navigation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NavEntry {
    /// Link text.
    pub title: String,
    /// Source file of the page, from the content root (`roles/_index.md`).
    pub path: String,
}

/// Site settings, `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// Site name, shown in the header and page titles.
    pub title: String,
    /// Absolute base URL without a trailing slash, e.g. `https://arrs-guide.example.org`.
    pub base_url: String,
    /// Default description meta.
    pub description: String,
    /// Language tag of the pages, e.g. `en-GB`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Main navigation.
    #[serde(default)]
    pub nav: Vec<NavEntry>,
    /// Follow symbolic links in `content/` and `templates/` that lead outside the site folder
    /// (refused by default: they would publish files from elsewhere on the machine).
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "read before anything is listed, by content::symlinks_allowed_outside; declared here so the key is accepted and type-checked"
    )]
    pub allow_symlinks_outside_root: bool,
    /// House rules this site's content must follow; every one is off unless turned on.
    #[serde(default)]
    pub content_rules: ContentRules,
    /// The date pages are built as of (`as_of: 2025-06-01`); without it, the day of the build.
    /// Pages that depend on the date (the current financial year) use it.
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// House rules a site can turn on in `site.yaml` under `content_rules:` (see
/// `docs/content-model.md`). All are off by default, so any standard Markdown corpus builds.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContentRules {
    /// Every table needs a `Table: what it shows` paragraph just above it, which becomes its
    /// `<caption>` and the accessible name of its scroll region.
    #[serde(default)]
    pub require_table_captions: bool,
}

fn default_language() -> String {
    "en-GB".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_iso() {
        assert_eq!(
            Date::parse("2025-08-06").map(|d| d.long()),
            Some("6 August 2025".into())
        );
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("6/8/2025").is_none());
        assert!(Date::parse("2025-8-6").is_none());
    }
}

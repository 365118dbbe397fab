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
    pub fn iso(&self) -> String {
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

/// Role categories, as editors write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RoleCategory {
    /// Allied health and other direct patient care.
    Clinical,
    /// Care co-ordination, social prescribing and similar.
    NonClinical,
    /// Nursing roles.
    Nursing,
    /// Doctors.
    Medical,
    /// Mental health practitioners.
    MentalHealth,
    /// Leadership roles.
    Leadership,
}

impl RoleCategory {
    /// Reader label, e.g. "Mental health".
    pub(crate) fn label(self) -> &'static str {
        match self {
            RoleCategory::Clinical => "Clinical",
            RoleCategory::NonClinical => "Non-clinical",
            RoleCategory::Nursing => "Nursing",
            RoleCategory::Medical => "Medical",
            RoleCategory::MentalHealth => "Mental health",
            RoleCategory::Leadership => "Leadership",
        }
    }
}

/// Front matter of a role page (`content/roles/<role-id>.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleFrontMatter {
    /// Role name, e.g. `Clinical pharmacist`.
    pub title: String,
    /// One sentence on what the role does.
    pub summary: String,
    /// Abbreviations and other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Group the role belongs to.
    pub category: RoleCategory,
    /// Financial year the role joined ARRS, e.g. `2019-20`.
    pub joined: String,
    /// Regulator or registration body.
    pub regulator: String,
    /// Qualifications and experience expected.
    pub entry_requirements: String,
    /// Minimum supervision the role needs.
    pub minimum_supervision: String,
    /// Related role ids.
    #[serde(default)]
    pub related: Vec<String>,
    /// Date the page was last checked.
    pub last_reviewed: Date,
    /// Date the page is next due to be checked.
    pub next_review: Date,
    /// Cited sources (at least one).
    pub sources: Vec<Source>,
    /// Order in listings (low first; then title).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Skipped unless building with drafts.
    #[serde(default)]
    pub draft: bool,
}

/// FAQ topics, in the order the FAQ page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum FaqCategory {
    /// Entitlement and budgets.
    Funding,
    /// Making claims.
    Claims,
    /// Recruiting and employing.
    Staffing,
    /// Which roles count.
    Roles,
    /// Pay awards and top-ups.
    Pay,
    /// What changed this year.
    Changes,
}

impl FaqCategory {
    /// Every topic, in page order.
    pub(crate) const ALL: [FaqCategory; 6] = [
        FaqCategory::Funding,
        FaqCategory::Claims,
        FaqCategory::Staffing,
        FaqCategory::Roles,
        FaqCategory::Pay,
        FaqCategory::Changes,
    ];

    /// Heading on the FAQ page.
    pub(crate) fn label(self) -> &'static str {
        match self {
            FaqCategory::Funding => "Funding and entitlement",
            FaqCategory::Claims => "Making claims",
            FaqCategory::Staffing => "Recruiting and staffing",
            FaqCategory::Roles => "Which roles count",
            FaqCategory::Pay => "Pay and top-ups",
            FaqCategory::Changes => "What has changed",
        }
    }

    /// Anchor of the topic's heading on the FAQ page.
    pub(crate) fn id(self) -> &'static str {
        match self {
            FaqCategory::Funding => "funding",
            FaqCategory::Claims => "claims",
            FaqCategory::Staffing => "staffing",
            FaqCategory::Roles => "roles",
            FaqCategory::Pay => "pay",
            FaqCategory::Changes => "changes",
        }
    }
}

/// Front matter of one FAQ entry (`content/faq/<id>.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaqFrontMatter {
    /// The question, as a reader would ask it.
    pub question: String,
    /// Topic the FAQ page groups by.
    pub category: FaqCategory,
    /// Order within the topic.
    pub order: i64,
    /// Date the answer was last checked.
    pub answered: Date,
    /// Cited sources (at least one).
    pub sources: Vec<Source>,
    /// Skipped unless building with drafts.
    #[serde(default)]
    pub draft: bool,
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

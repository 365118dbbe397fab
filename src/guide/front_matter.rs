//! The guide's own front matter: role pages (`content/roles/<role-id>.md`) and FAQ entries
//! (`content/faq/<id>.md`), exactly as editors write them (see `docs/content-model.md`).
//! Unknown keys are refused so a typo never goes unnoticed.

use crate::site::load::model::{Date, Source};
use serde::{Deserialize, Serialize};

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

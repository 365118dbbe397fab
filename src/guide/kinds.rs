//! The guide's page kinds and how to tell its pages apart: role pages, the roles comparison,
//! the FAQ page, the calculator page, and the role id of a role page.

use crate::guide::front_matter::RoleFrontMatter;
use crate::site::extension::ExtensionKind;
use crate::site::load::content::{file_stem, Page};

/// A role page, `content/roles/<role-id>.md`.
pub(crate) static ROLE: ExtensionKind = ExtensionKind {
    name: "role",
    template: "role.html",
    ids: &["role-facts", "role-funding", "cap-chart-title"],
};

/// The comparison of every role, `content/roles/_index.md`.
pub(crate) static ROLES_INDEX: ExtensionKind = ExtensionKind {
    name: "roles-index",
    template: "roles-index.html",
    ids: &["compare-roles", "earlier-years"],
};

/// The FAQ page, `content/faq/_index.md`; its template gives each topic heading an id.
pub(crate) static FAQ: ExtensionKind = ExtensionKind {
    name: "faq",
    template: "faq.html",
    ids: &FAQ_TOPIC_IDS,
};

/// The ids of the FAQ topics, in page order ([`FaqCategory::id`]).
pub(crate) const FAQ_TOPIC_IDS: [&str; 6] =
    ["funding", "claims", "staffing", "roles", "pay", "changes"];

/// The page that gathers the FAQ entries.
pub(crate) const FAQ_PAGE: &str = "faq/_index.md";

/// Ids `home.html` gives to elements of an ordinary page.
pub(crate) const ORDINARY_PAGE_IDS: &[&str] = &["this-year"];

/// The template of the calculator page, which runs WebAssembly.
pub(crate) const CALCULATOR_TEMPLATE: &str = "calculator.html";

/// The role id of a role page (its file stem).
pub(crate) fn role_id(page: &Page) -> Option<&str> {
    page.data::<RoleFrontMatter>()
        .map(|_| file_stem(&page.src.source))
}

/// True for the calculator page.
pub(crate) fn is_calculator(page: &Page) -> bool {
    page.template() == CALCULATOR_TEMPLATE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::front_matter::FaqCategory;

    #[test]
    fn the_faq_page_reserves_every_topic_id() {
        let ids: Vec<&str> = FaqCategory::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(ids, FAQ_TOPIC_IDS);
    }
}

//! The guide's checks across content files, each located at file:line:col: role pages (sources
//! cited, the year joined, related roles, review dates), FAQ entries (ids apart from the topic
//! ids, sources cited, a page to gather them), and role pages against the rules data.

use crate::guide::front_matter::{FaqCategory, FaqFrontMatter, RoleFrontMatter};
use crate::guide::kinds::{role_id, FAQ, ROLE};
use crate::rules::{RoleId, RuleBook};
use crate::site::load::content::{Content, PageKind};
use crate::site::load::validate::require_sources;
use crate::site::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every role page cites a source, joined in a financial year, names existing other roles as
/// related, and is due for review after its last review.
pub(crate) fn check_roles(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let role_ids: BTreeSet<&str> = content.pages.iter().filter_map(role_id).collect();
    for page in &content.pages {
        let Some(role) = page.data::<RoleFrontMatter>() else {
            continue;
        };
        out.extend(require_sources(&page.src, &role.sources));
        if !is_year_id(&role.joined) {
            out.push(
                page.src
                    .at_key(
                        "joined",
                        format!("`{}` is not a financial year", role.joined),
                    )
                    .expected("a year id such as `2019-20`"),
            );
        }
        for related in &role.related {
            if !role_ids.contains(related.as_str()) {
                out.push(
                    page.src
                        .at_item(
                            "related",
                            related,
                            format!("related role `{related}` has no role page"),
                        )
                        .expected(format!(
                            "the id of a file in content/roles/, one of: {}",
                            join_ids(&role_ids)
                        )),
                );
            } else if Some(related.as_str()) == role_id(page) {
                out.push(
                    page.src
                        .at_item("related", related, "a role cannot be related to itself")
                        .expected("other role ids"),
                );
            }
        }
        if role.next_review < role.last_reviewed {
            out.push(
                page.src
                    .at_key("next_review", "next review is before the last review")
                    .expected("a date after `last_reviewed`"),
            );
        }
    }
    out
}

fn is_year_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit)
        && text[..4].parse::<u32>().ok().map(|y| (y + 1) % 100) == text[5..].parse::<u32>().ok()
}

fn join_ids(ids: &BTreeSet<&str>) -> String {
    ids.iter().copied().collect::<Vec<_>>().join(", ")
}

/// Every FAQ entry has an id no topic heading has, cites a source, and has the FAQ page to
/// show it.
pub(crate) fn check_faq(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let has_faq_page = (content.pages.iter()).any(|p| p.kind == PageKind::Extension(&FAQ));
    for entry in &content.entries {
        let Some(meta) = entry.data::<FaqFrontMatter>() else {
            continue;
        };
        if FaqCategory::ALL.iter().any(|c| c.id() == entry.id) {
            out.push(
                Diagnostic::new(
                    &entry.src.file,
                    0,
                    0,
                    format!(
                        "the FAQ entry id `{}` is also a topic heading id on the FAQ page",
                        entry.id
                    ),
                )
                .expected(
                    "a file name other than funding, claims, staffing, roles, pay or changes",
                ),
            );
        }
        out.extend(require_sources(&entry.src, &meta.sources));
        if !has_faq_page {
            out.push(
                Diagnostic::new(&entry.src.file, 0, 0, "FAQ entry without an FAQ page")
                    .expected("a file content/faq/_index.md to gather the entries"),
            );
        }
    }
    out
}

/// Every role page names a role the rules know, in at least one year, and every role of the
/// rules has a page. `roles_dir` names `content/roles` in diagnostics.
pub(crate) fn check_roles_against_rules(
    content: &Content,
    book: &RuleBook,
    roles_dir: &Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let pages: BTreeSet<&str> = content.pages.iter().filter_map(role_id).collect();
    let mut listed: BTreeMap<&str, String> = BTreeMap::new();
    for year in book.years() {
        for rule in &year.roles {
            listed
                .entry(rule.id.id())
                .or_insert_with(|| year.year.to_string());
        }
    }
    for (id, year) in listed {
        if !pages.contains(id) {
            out.push(
                Diagnostic::new(
                    roles_dir.join(format!("{id}.md")),
                    0,
                    0,
                    format!("no role page for `{id}`, a role of the {year} rules"),
                )
                .expected("one page per role of the rules, with this file name"),
            );
        }
    }
    for page in (content.pages.iter()).filter(|p| p.kind == PageKind::Extension(&ROLE)) {
        let Some(id) = role_id(page) else { continue };
        match id.parse::<RoleId>() {
            Err(_) => out.push(
                Diagnostic::new(&page.src.file, 0, 0, format!("`{id}` is not an ARRS role id"))
                    .expected("the file name to be a role id from docs/rules-data.md, e.g. `clinical-pharmacist.md`"),
            ),
            Ok(role) if book.years().iter().all(|y| y.role(role).is_err()) => out.push(
                Diagnostic::new(&page.src.file, 0, 0, format!("no rules file has the role `{id}`"))
                    .expected("the role under `roles:` in at least one content/rules/<year>.yaml"),
            ),
            Ok(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ids_are_consecutive_years() {
        assert!(is_year_id("2019-20"));
        assert!(is_year_id("2099-00"));
        assert!(!is_year_id("2019-21"));
        assert!(!is_year_id("2019/20"));
        assert!(!is_year_id("19-20"));
    }
}

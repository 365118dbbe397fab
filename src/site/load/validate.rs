//! Checks across files, made once everything is loaded: file names usable in URLs, one page per
//! output path, every referenced page and role present, sources given where they are required.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::load::content::{file_stem, Content, Page, PageKind};
use crate::site::load::model::{FaqCategory, Source};
use crate::site::render::slug::is_url_slug;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Output paths the build writes itself; no content page may take them.
pub(crate) const GENERATED_OUTPUTS: [(&str, &str); 1] =
    [("search/index.html", "the A to Z search page")];

/// Runs every cross-file check on `content`. `site_file` is how `site.yaml` is named in
/// diagnostics and `site_text` its text, to locate navigation entries.
pub(crate) fn validate(content: &Content, site_file: &Path, site_text: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    check_names(content, &mut out);
    check_home_page(content, site_file, &mut out);
    check_outputs(content, &mut out);
    check_roles(content, &mut out);
    check_faq(content, &mut out);
    check_nav(content, site_file, site_text, &mut out);
    out
}

fn check_names(content: &Content, out: &mut Diagnostics) {
    let sources = content
        .pages
        .iter()
        .map(|p| &p.src)
        .chain(content.faq.iter().map(|f| &f.src));
    for src in sources {
        let mut parts: Vec<&str> = src.source.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        let stem = file_stem(name);
        let bad = parts
            .iter()
            .copied()
            .chain((stem != "_index").then_some(stem))
            .find(|part| !is_url_slug(part));
        if let Some(part) = bad {
            out.push(
                Diagnostic::new(&src.file, 0, 0, format!("`{part}` cannot be part of a URL"))
                    .expected("file and folder names in lowercase letters, digits and single hyphens, e.g. `making-roles-work.md`"),
            );
        }
    }
}

fn check_home_page(content: &Content, site_file: &Path, out: &mut Diagnostics) {
    if !content.pages.iter().any(|p| p.url == "/") {
        let index = site_file.with_file_name("index.md");
        out.push(
            Diagnostic::new(index, 0, 0, "the site has no home page")
                .expected("this file, the home page (every page links to it)"),
        );
    }
}

fn check_outputs(content: &Content, out: &mut Diagnostics) {
    let mut taken: HashMap<&str, &Page> = HashMap::with_capacity(content.pages.len());
    for page in &content.pages {
        if let Some((_, what)) = GENERATED_OUTPUTS
            .iter()
            .find(|(path, _)| *path == page.output)
        {
            out.push(
                Diagnostic::new(
                    &page.src.file,
                    0,
                    0,
                    format!("this page would be written over {what} at {}", page.url),
                )
                .expected("another file name"),
            );
        }
        if let Some(first) = taken.insert(&page.output, page) {
            out.push(
                Diagnostic::new(
                    &page.src.file,
                    0,
                    0,
                    format!(
                        "this page has the same URL {} as {}",
                        page.url,
                        first.src.file.display()
                    ),
                )
                .expected("one source file per URL: rename or remove one of them"),
            );
        }
    }
}

fn check_sources(
    src: &crate::site::load::content::SourceText,
    sources: &[Source],
    required: bool,
    out: &mut Diagnostics,
) {
    if required && sources.is_empty() {
        out.push(
            src.at_key("sources", "no sources cited")
                .expected("at least one `{title, url}` under `sources`"),
        );
    }
    for source in sources {
        if !source.url.starts_with("https://") && !source.url.starts_with("http://") {
            out.push(
                src.at_key(
                    "sources",
                    format!("source URL `{}` is not a full web address", source.url),
                )
                .expected("a URL starting with https://"),
            );
        }
    }
}

fn is_year_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes[..4].iter().chain(&bytes[5..]).all(u8::is_ascii_digit)
        && text[..4].parse::<u32>().ok().map(|y| (y + 1) % 100) == text[5..].parse::<u32>().ok()
}

fn check_roles(content: &Content, out: &mut Diagnostics) {
    let role_ids: BTreeSet<&str> = content.pages.iter().filter_map(Page::role_id).collect();
    for page in &content.pages {
        if page.kind != PageKind::Role {
            check_sources(&page.src, &page.meta.sources, false, out);
            continue;
        }
        let Some(role) = &page.role else { continue };
        check_sources(&page.src, &role.sources, true, out);
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
            } else if Some(related.as_str()) == page.role_id() {
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
}

fn join_ids(ids: &BTreeSet<&str>) -> String {
    ids.iter().copied().collect::<Vec<_>>().join(", ")
}

fn check_faq(content: &Content, out: &mut Diagnostics) {
    let has_faq_page = content.pages.iter().any(|p| p.kind == PageKind::Faq);
    for entry in &content.faq {
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
        check_sources(&entry.src, &entry.meta.sources, true, out);
        if !has_faq_page {
            out.push(
                Diagnostic::new(&entry.src.file, 0, 0, "FAQ entry without an FAQ page")
                    .expected("a file content/faq/_index.md to gather the entries"),
            );
        }
    }
}

fn check_nav(content: &Content, site_file: &Path, site_text: &str, out: &mut Diagnostics) {
    let sources: BTreeSet<&str> = content
        .pages
        .iter()
        .map(|p| p.src.source.as_str())
        .collect();
    for entry in &content.site.nav {
        let path = entry.path.trim_start_matches('/');
        if !sources.contains(path) {
            let line = site_text
                .lines()
                .position(|l| l.contains(&entry.path))
                .map_or(0, |i| i + 1);
            out.push(
                Diagnostic::new(
                    site_file,
                    line,
                    0,
                    format!(
                        "navigation entry `{}` links to `{}`, which is not a page",
                        entry.title, entry.path
                    ),
                )
                .expected(
                    "the path of a Markdown file from the content root, e.g. `roles/_index.md`",
                )
                .with_source(site_text),
            );
        }
    }
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

//! Checks across files, made once everything is loaded: file names usable in URLs, one page per
//! output path, every navigation entry a page, cited sources full web addresses. An extension
//! adds checks of its own ([`SiteExtension::check`](crate::site::extension::SiteExtension::check)).

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::load::content::{file_stem, Content, Page, SourceText};
use crate::site::load::model::Source;
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
    for page in &content.pages {
        check_sources(&page.src, &page.meta.sources, &mut out);
    }
    for entry in &content.entries {
        check_sources(&entry.src, &entry.sources, &mut out);
    }
    check_nav(content, site_file, site_text, &mut out);
    out
}

fn check_names(content: &Content, out: &mut Diagnostics) {
    let sources = content
        .pages
        .iter()
        .map(|p| &p.src)
        .chain(content.entries.iter().map(|f| &f.src));
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

/// Every cited source is a full web address.
fn check_sources(src: &SourceText, sources: &[Source], out: &mut Diagnostics) {
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

/// A file that must cite its sources cites at least one.
pub(crate) fn require_sources(src: &SourceText, sources: &[Source]) -> Option<Diagnostic> {
    sources.is_empty().then(|| {
        src.at_key("sources", "no sources cited")
            .expected("at least one `{title, url}` under `sources`")
    })
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

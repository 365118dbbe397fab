//! Internal links: editors link to source files (`roles/paramedic.md`, `/glossary.md#wte`); the
//! build turns them into URLs and checks that the page, and any `#anchor`, exists.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::content::{file_stem, parent_folder, url_of, Content};
use crate::site::render::markdown::{
    AnchorCheck, LinkKind, LinkProblem, LinkResolver, PendingAnchor, ResolvedLink,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Where every source file and URL of the site goes.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    by_source: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    urls: Vec<String>,
    /// Entries by source path, with the page each is shown on (if it exists).
    entries: HashMap<String, Option<usize>>,
    drafts: BTreeSet<String>,
    unloaded: BTreeSet<String>,
    /// Static files by their path under `templates/static/`, and the URL each is written to
    /// (stylesheets and scripts carry a content hash in their name).
    static_files: HashMap<String, String>,
}

impl LinkIndex {
    /// Indexes the pages of `content` (by position in `content.pages`) and the static files
    /// (paths under `templates/static/`, `/`-separated, each with the URL it is written to).
    pub(crate) fn new(
        content: &Content,
        static_files: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut index = LinkIndex {
            drafts: content.drafts.clone(),
            unloaded: content.unloaded.clone(),
            static_files: static_files.into_iter().collect(),
            ..LinkIndex::default()
        };
        for (i, page) in content.pages.iter().enumerate() {
            index.by_source.insert(page.src.source.clone(), i);
            index.by_url.insert(page.url.clone(), i);
            index.urls.push(page.url.clone());
        }
        index.entries = (content.entries.iter())
            .map(|e| (e.src.source.clone(), index.by_source.get(&e.host).copied()))
            .collect();
        index
    }

    /// A resolver for links written in the file `source`, which is shown on page `page`.
    pub(crate) fn resolver<'a>(&'a self, source: &'a str, page: usize) -> PageLinks<'a> {
        PageLinks {
            index: self,
            source,
            page,
        }
    }
}

/// Resolves links written in one source file.
pub(crate) struct PageLinks<'a> {
    index: &'a LinkIndex,
    source: &'a str,
    page: usize,
}

/// Joins a link path to the folder of the linking file, resolving `.` and `..`.
/// `None` when the path climbs above the content root.
pub(crate) fn join_source_path(from_source: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let relative = !link.starts_with('/');
    if relative {
        parts.extend(
            parent_folder(from_source)
                .split('/')
                .filter(|s| !s.is_empty()),
        );
    }
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn problem(message: String, expected: &str) -> LinkProblem {
    LinkProblem {
        message,
        expected: expected.to_owned(),
    }
}

const EXPECTED_PAGE: &str = "a path to a Markdown file in content/, relative to this file (`paramedic.md`, `../glossary.md#wte`) or from the content root (`/faq/_index.md`)";

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str, kind: LinkKind) -> Result<ResolvedLink, LinkProblem> {
        if has_scheme(dest) {
            let lower = dest.to_ascii_lowercase();
            return match kind {
                LinkKind::Link if ["https:", "http:", "mailto:", "tel:"].iter().any(|s| lower.starts_with(s)) => {
                    Ok(ResolvedLink { href: dest.to_owned(), anchor: None })
                }
                LinkKind::Image if lower.starts_with("data:") => Ok(ResolvedLink { href: dest.to_owned(), anchor: None }),
                LinkKind::Image => Err(problem(
                    format!("image `{dest}` is on another site"),
                    "an image file under templates/static/, linked as `/static/<name>` (the site loads nothing from other sites)",
                )),
                LinkKind::Link => Err(problem(format!("link `{dest}` uses an unsupported scheme"), "https://, mailto: or tel:")),
            };
        }
        if dest.starts_with("//") {
            return Err(problem(
                format!("link `{dest}` has no scheme"),
                "a full URL starting with https://",
            ));
        }
        let (before_fragment, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        let suffix = |href: &mut String| {
            if let Some(query) = query {
                href.push('?');
                href.push_str(query);
            }
            if let Some(fragment) = fragment {
                href.push('#');
                href.push_str(fragment);
            }
        };
        let anchor = |page: usize| {
            fragment.filter(|f| !f.is_empty()).map(|f| AnchorCheck {
                page,
                fragment: f.to_owned(),
            })
        };
        if path.is_empty() {
            return Ok(ResolvedLink {
                href: dest.to_owned(),
                anchor: anchor(self.page),
            });
        }
        if let Some(file) = path.strip_prefix("/static/") {
            if kind == LinkKind::Image || !file.is_empty() {
                if let Some(url) = self.index.static_files.get(file) {
                    let mut href = url.clone();
                    suffix(&mut href);
                    return Ok(ResolvedLink { href, anchor: None });
                }
                return Err(problem(
                    format!("no file `templates/static/{file}` for `{dest}`"),
                    "a file under templates/static/",
                ));
            }
        }
        if path.starts_with("/data/") && kind == LinkKind::Link {
            return Ok(ResolvedLink {
                href: dest.to_owned(),
                anchor: None,
            });
        }
        if kind == LinkKind::Image {
            return Err(problem(
                format!("image `{dest}` is not a static file"),
                "an image under templates/static/, linked as `/static/<name>`",
            ));
        }
        if path.ends_with(".md") {
            let Some(source) = join_source_path(self.source, path) else {
                return Err(problem(
                    format!("link `{dest}` points above the content folder"),
                    EXPECTED_PAGE,
                ));
            };
            if let Some(&page) = self.index.by_source.get(&source) {
                let mut href = self.url_of(page);
                suffix(&mut href);
                return Ok(ResolvedLink {
                    href,
                    anchor: anchor(page),
                });
            }
            if let Some(&Some(host)) = self.index.entries.get(&source) {
                let id = file_stem(&source);
                let mut href = format!("{}#{id}", self.url_of(host));
                if let Some(fragment) = fragment.filter(|f| *f != id) {
                    return Err(problem(
                        format!(
                            "link `{dest}` adds `#{fragment}` to an entry shown on another page"
                        ),
                        "a link to the entry alone: it opens at the entry",
                    ));
                }
                if let Some(query) = query {
                    href = format!("{}?{query}#{id}", self.url_of(host));
                }
                return Ok(ResolvedLink { href, anchor: None });
            }
            if self.index.unloaded.contains(&source) {
                // The target's own problem is reported; the link itself is not broken.
                return Ok(ResolvedLink {
                    href: url_of(&source).0,
                    anchor: None,
                });
            }
            if self.index.drafts.contains(&source) {
                return Err(problem(
                    format!("link to `{dest}`, a draft that is not built"),
                    "a link to a published page, or `draft: false` on the target",
                ));
            }
            return Err(problem(
                format!("link to `{dest}`: there is no content/{source}"),
                EXPECTED_PAGE,
            ));
        }
        if path.starts_with('/') {
            let with_slash = if path.ends_with('/') {
                path.to_owned()
            } else {
                format!("{path}/")
            };
            if let Some(&page) = self.index.by_url.get(&with_slash) {
                let mut href = with_slash;
                suffix(&mut href);
                return Ok(ResolvedLink {
                    href,
                    anchor: anchor(page),
                });
            }
        }
        Err(problem(
            format!("link `{dest}` is not a content file"),
            EXPECTED_PAGE,
        ))
    }
}

impl PageLinks<'_> {
    fn url_of(&self, page: usize) -> String {
        self.index.urls.get(page).cloned().unwrap_or_default()
    }
}

/// Checks every pending anchor against the ids each page defines. `ids_of(page)` gives the ids
/// of a page; `url_of(page)` its URL for the message.
pub(crate) fn check_anchors<'a>(
    file: &Path,
    file_text: &str,
    anchors: &[PendingAnchor],
    ids_of: &dyn Fn(usize) -> Option<&'a BTreeSet<String>>,
    url_of: &dyn Fn(usize) -> &'a str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pending in anchors {
        let Some(ids) = ids_of(pending.check.page) else {
            continue;
        };
        if ids.contains(&pending.check.fragment) {
            continue;
        }
        let mut nearby: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !id.starts_with("fn"))
            .take(12)
            .collect();
        if nearby.is_empty() {
            nearby.push("(the page has no headings)");
        }
        out.push(
            Diagnostic::new(
                file,
                pending.line,
                pending.column,
                format!(
                    "link `{}`: no heading with id `{}` on {}",
                    pending.written,
                    pending.check.fragment,
                    url_of(pending.check.page)
                ),
            )
            .expected(format!(
                "one of the ids on that page: {}",
                nearby.join(", ")
            ))
            .with_source(file_text),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_and_root_paths() {
        assert_eq!(
            join_source_path("roles/paramedic.md", "dietitian.md").as_deref(),
            Some("roles/dietitian.md")
        );
        assert_eq!(
            join_source_path("roles/paramedic.md", "../glossary.md").as_deref(),
            Some("glossary.md")
        );
        assert_eq!(
            join_source_path("roles/paramedic.md", "/faq/_index.md").as_deref(),
            Some("faq/_index.md")
        );
        assert_eq!(
            join_source_path("about.md", "./roles/x.md").as_deref(),
            Some("roles/x.md")
        );
        assert_eq!(join_source_path("about.md", "../x.md"), None);
    }

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Content) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("faq")).unwrap();
        std::fs::create_dir_all(content.join("guides")).unwrap();
        std::fs::write(
            content.join("site.yaml"),
            "title: T\nbase_url: https://t.org\ndescription: D\n",
        )
        .unwrap();
        for (name, text) in files {
            std::fs::write(content.join(name), text).unwrap();
        }
        let loaded = crate::site::load::content::load(
            &content,
            Path::new("content"),
            false,
            &crate::site::load::discover::LinkPolicy::anywhere(),
            Some(&crate::site::extension::GatherFolder("faq")),
        );
        let (Some(loaded), problems) = loaded else {
            panic!("site.yaml must load")
        };
        assert!(problems.is_empty(), "{problems}");
        (dir, loaded)
    }

    #[test]
    fn resolves_every_kind_of_link() {
        let page = "---\ntitle: P\n---\n";
        let faq = "---\ntitle: Q?\n---\nA.\n";
        let (_dir, content) = site(&[
            ("index.md", page),
            ("glossary.md", page),
            ("calculator.md", page),
            ("old.md", "---\ntitle: Old\ndraft: true\n---\n"),
            ("faq/_index.md", page),
            ("faq/top-up.md", faq),
            ("guides/supervision.md", page),
        ]);
        let index = LinkIndex::new(
            &content,
            [
                ("style.css".to_owned(), "/static/style-0a1b.css".to_owned()),
                ("logo.svg".to_owned(), "/static/logo.svg".to_owned()),
            ],
        );
        let from = content
            .pages
            .iter()
            .position(|p| p.src.source == "guides/supervision.md")
            .unwrap();
        let links = index.resolver("guides/supervision.md", from);
        let href = |dest: &str| links.resolve(dest, LinkKind::Link).map(|r| r.href);
        assert_eq!(href("../glossary.md#wte").unwrap(), "/glossary/#wte");
        assert_eq!(
            href("/calculator.md?year=2025-26").unwrap(),
            "/calculator/?year=2025-26"
        );
        assert_eq!(href("/calculator/").unwrap(), "/calculator/");
        assert_eq!(href("../faq/top-up.md").unwrap(), "/faq/#top-up");
        assert_eq!(href("#costs").unwrap(), "#costs");
        assert_eq!(href("/static/style.css").unwrap(), "/static/style-0a1b.css");
        assert_eq!(
            href("/static/logo.svg?v=1").unwrap(),
            "/static/logo.svg?v=1"
        );
        assert_eq!(
            href("https://www.england.nhs.uk/").unwrap(),
            "https://www.england.nhs.uk/"
        );
        assert!(href("../old.md")
            .unwrap_err()
            .message
            .contains("a draft that is not built"));
        assert!(href("../nowhere.md")
            .unwrap_err()
            .message
            .contains("there is no content/nowhere.md"));
        assert!(href("/static/missing.css").is_err());
        assert!(href("javascript:alert(1)").is_err());
        assert!(href("../../x.md")
            .unwrap_err()
            .message
            .contains("above the content folder"));
        let glossary = links
            .resolve("../glossary.md#wte", LinkKind::Link)
            .unwrap()
            .anchor
            .unwrap();
        assert_eq!(glossary.fragment, "wte");
        assert_eq!(content.pages[glossary.page].src.source, "glossary.md");
        assert!(links
            .resolve("https://example.org/x.png", LinkKind::Image)
            .is_err());
        assert!(links.resolve("/static/logo.svg", LinkKind::Image).is_ok());
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("roles/x.md"));
        assert!(!has_scheme("/x.md#a:b"));
    }
}

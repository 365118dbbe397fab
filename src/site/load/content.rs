//! Loading `content/`: every Markdown file read (BOM stripped), its front matter split off and
//! deserialized into the type its place in the tree calls for, and its URL and output path
//! worked out. Files are loaded in parallel; the result keeps the sorted discovery order.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::load::claim::{Claim, Claims, ExtensionData, ExtensionKind, FrontMatter};
use crate::site::load::discover::{self, slash_path, LinkPolicy};
use crate::site::load::front_matter::{self, Split};
use crate::site::load::model::{PageFrontMatter, SiteConfig, Source};
use crate::site::load::yaml;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a page is, which decides its default template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// Any `*.md` page.
    Page,
    /// A folder's `_index.md`, listing the folder's pages.
    Section,
    /// The A–Z list of pages at `/search/`, written by the build itself.
    Search,
    /// A kind an extension adds.
    Extension(&'static ExtensionKind),
}

impl PageKind {
    /// The template used unless the page names another.
    pub(crate) fn default_template(self) -> &'static str {
        match self {
            PageKind::Page => "page.html",
            PageKind::Section => "section.html",
            PageKind::Search => "search.html",
            PageKind::Extension(kind) => kind.template,
        }
    }

    /// The name templates see in `page.kind`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PageKind::Page => "page",
            PageKind::Section => "section",
            PageKind::Search => "search",
            PageKind::Extension(kind) => kind.name,
        }
    }
}

impl serde::Serialize for PageKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A source file held in memory with where its body starts.
#[derive(Debug, Clone)]
pub(crate) struct SourceText {
    /// Path shown in diagnostics (`content/roles/paramedic.md`, under the site root).
    pub file: PathBuf,
    /// Path from the content root with `/` separators (`roles/paramedic.md`).
    pub source: String,
    /// The whole file, BOM removed.
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_start: usize,
    /// 1-based line of the file on which the body starts.
    pub body_first_line: usize,
    /// 1-based line of the first front matter line (2 when present).
    pub yaml_first_line: usize,
    /// The front matter text, to find on which line a key is written.
    pub yaml: String,
}

impl SourceText {
    /// The Markdown body.
    pub(crate) fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// File line on which front matter `key` is written, or the first front matter line.
    pub(crate) fn key_line(&self, key: &str) -> usize {
        let split = Split {
            yaml: &self.yaml,
            yaml_first_line: self.yaml_first_line,
            body: "",
            body_first_line: self.body_first_line,
        };
        front_matter::key_line(&split, key).unwrap_or(1)
    }

    /// A diagnostic at `value` written under front matter `key` (a list item), or at the key.
    pub(crate) fn at_item(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let key_line = self.key_line(key);
        let found = self
            .yaml
            .lines()
            .enumerate()
            .skip(key_line.saturating_sub(self.yaml_first_line))
            .find_map(|(i, line)| {
                line.find(value)
                    .map(|col| (self.yaml_first_line + i, line[..col].chars().count() + 1))
            });
        match found {
            Some((line, column)) => {
                Diagnostic::new(&self.file, line, column, message).with_source(&self.text)
            }
            None => self.at_key(key, message),
        }
    }

    /// A diagnostic at the line of front matter `key`.
    pub(crate) fn at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = self.key_line(key);
        let column = if line > 1 { 1 } else { 0 };
        Diagnostic::new(&self.file, line, column, message).with_source(&self.text)
    }
}

/// A page to build.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The source file.
    pub src: SourceText,
    /// What kind of page it is.
    pub kind: PageKind,
    /// URL path from the site root, always ending in `/` (`/roles/paramedic/`).
    pub url: String,
    /// Output file relative to the output folder (`roles/paramedic/index.html`).
    pub output: String,
    /// Front matter common to every page.
    pub meta: PageFrontMatter,
    /// The extension's own front matter, for pages of an extension's kind that has one.
    pub data: Option<ExtensionData>,
    /// Words search reads besides the body, given by the extension.
    pub search_facts: Vec<String>,
}

impl Page {
    /// The template this page renders with.
    pub(crate) fn template(&self) -> &str {
        self.meta
            .template
            .as_deref()
            .unwrap_or_else(|| self.kind.default_template())
    }

    /// The extension's front matter of this page, if it is a `T`.
    pub(crate) fn data<T: std::any::Any>(&self) -> Option<&T> {
        self.data.as_ref()?.get()
    }
}

/// A Markdown file shown on another page, its host, under an anchor named after the file (an
/// extension says which files are entries: [`Claim::Entry`]).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The source file.
    pub src: SourceText,
    /// The anchor on the host page (the file stem).
    pub id: String,
    /// Source path of the host page.
    pub host: String,
    /// Title in the search index.
    pub title: String,
    /// Summary in the search index.
    pub summary: String,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// The extension's own front matter.
    pub data: ExtensionData,
}

impl Entry {
    /// The extension's front matter of this entry, if it is a `T`.
    pub(crate) fn data<T: std::any::Any>(&self) -> Option<&T> {
        self.data.get()
    }
}

/// Everything loaded from `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    /// Site settings.
    pub site: SiteConfig,
    /// Pages in sorted source order.
    pub pages: Vec<Page>,
    /// Entries shown on other pages, in sorted source order.
    pub entries: Vec<Entry>,
    /// Sources of drafts left out of this build (to explain links to them).
    pub drafts: BTreeSet<String>,
    /// Sources that exist but could not be loaded (their problem is reported): links to them are
    /// not reported again as broken.
    pub unloaded: BTreeSet<String>,
}

/// Folder part of a slash path (`` for top-level files).
pub(crate) fn parent_folder(source: &str) -> &str {
    source.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// File name without `.md`.
pub(crate) fn file_stem(source: &str) -> &str {
    let name = source.rsplit_once('/').map_or(source, |(_, name)| name);
    name.strip_suffix(".md").unwrap_or(name)
}

/// URL and output file of a page source path.
pub(crate) fn url_of(source: &str) -> (String, String) {
    let folder = parent_folder(source);
    let stem = file_stem(source);
    let path = if stem == "_index" || (stem == "index" && folder.is_empty()) {
        folder.to_owned()
    } else if folder.is_empty() {
        stem.to_owned()
    } else {
        format!("{folder}/{stem}")
    };
    if path.is_empty() {
        ("/".to_owned(), "index.html".to_owned())
    } else {
        (format!("/{path}/"), format!("{path}/index.html"))
    }
}

/// One Markdown file, loaded.
pub(crate) enum Loaded {
    /// A page.
    Page(Box<Page>),
    /// An entry shown on another page.
    Entry(Box<Entry>),
    /// A draft, left out: its source path.
    Draft(String),
}

/// Loads `content_dir`: `site.yaml` and every Markdown file. `display_dir` is how the content
/// folder is named in diagnostics; `links` says where symbolic links may lead; `extension`, if
/// installed, gives the files it recognises their kind.
///
/// Returns every problem found, and the content that could be loaded despite them (`None` only
/// when `site.yaml` cannot be read): files that failed are left out and listed in
/// [`Content::unloaded`], so later steps can still check everything else.
pub(crate) fn load(
    content_dir: &Path,
    display_dir: &Path,
    drafts: bool,
    links: &LinkPolicy,
    extension: Option<&dyn Claims>,
) -> (Option<Content>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let site = load_site_config(content_dir, display_dir)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let (files, problems) = discover::files_under(content_dir, links);
    diagnostics
        .0
        .extend(problems.iter().map(|p| p.diagnostic(display_dir)));
    let markdown: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .collect();
    let results: Vec<Result<Loaded, Diagnostic>> = markdown
        .par_iter()
        .map(|rel| load_one(content_dir, display_dir, rel, drafts, extension))
        .collect();
    let mut pages = Vec::new();
    let mut entries = Vec::new();
    let mut skipped = BTreeSet::new();
    let mut unloaded = BTreeSet::new();
    for (rel, result) in markdown.iter().zip(results) {
        match result {
            Ok(Loaded::Page(page)) => pages.push(*page),
            Ok(Loaded::Entry(entry)) => entries.push(*entry),
            Ok(Loaded::Draft(source)) => {
                skipped.insert(source);
            }
            Err(d) => {
                unloaded.insert(slash_path(rel));
                diagnostics.push(d);
            }
        }
    }
    let content = site.map(|site| Content {
        site,
        pages,
        entries,
        drafts: skipped,
        unloaded,
    });
    (content, diagnostics)
}

/// Whether `content/site.yaml` sets `allow_symlinks_outside_root: true`. Read on its own,
/// before anything is listed, and leniently: a broken `site.yaml` is reported by [`load`].
pub(crate) fn symlinks_allowed_outside(content_dir: &Path) -> bool {
    std::fs::read_to_string(content_dir.join("site.yaml"))
        .ok()
        .and_then(|text| yaml::top_level_bool(&text, "allow_symlinks_outside_root"))
        .unwrap_or(false)
}

fn load_site_config(content_dir: &Path, display_dir: &Path) -> Result<SiteConfig, Diagnostic> {
    let file = display_dir.join("site.yaml");
    let text = std::fs::read_to_string(content_dir.join("site.yaml")).map_err(|err| {
        Diagnostic::new(&file, 0, 0, format!("cannot read the site settings: {err}"))
            .expected("a file content/site.yaml with title, base_url, description and nav")
    })?;
    let text = front_matter::strip_bom(&text);
    // Parsed as front matter whose YAML starts on line 1, so errors are located the same way.
    let split = Split {
        yaml: text,
        yaml_first_line: 1,
        body: "",
        body_first_line: 0,
    };
    let site: SiteConfig = front_matter::parse(&split, &file, text)?;
    let base = site.base_url.as_str();
    if !(base.starts_with("https://") || base.starts_with("http://")) || base.ends_with('/') {
        let line = front_matter::key_line(&split, "base_url").unwrap_or(0);
        return Err(
            Diagnostic::new(&file, line, 1, format!("base URL `{base}` is not usable"))
                .expected(
                    "a full URL without a trailing slash, e.g. https://arrs-guide.example.org",
                )
                .with_source(text),
        );
    }
    Ok(site)
}

/// Loads one Markdown file, `rel` under `content_dir` (shown as under `display_dir`), as [`load`]
/// does for each file.
pub(crate) fn load_one(
    content_dir: &Path,
    display_dir: &Path,
    rel: &Path,
    drafts: bool,
    extension: Option<&dyn Claims>,
) -> Result<Loaded, Diagnostic> {
    let file = display_dir.join(rel);
    let source = slash_path(rel);
    let raw = std::fs::read(content_dir.join(rel))
        .map_err(|err| Diagnostic::new(&file, 0, 0, format!("cannot read the file: {err}")))?;
    let text = String::from_utf8(raw).map_err(|err| {
        Diagnostic::new(&file, 0, 0, format!("the file is not UTF-8 text: {err}"))
            .expected("UTF-8 encoded Markdown")
    })?;
    let text = front_matter::strip_bom(&text).to_owned();
    let split = front_matter::split(&text, &file)?;
    let src = SourceText {
        file: file.clone(),
        source: source.clone(),
        body_start: text.len() - split.body.len(),
        body_first_line: split.body_first_line,
        yaml_first_line: split.yaml_first_line,
        yaml: split.yaml.to_owned(),
        text: String::new(),
    };
    let stem = file_stem(&source);
    let (url, output) = url_of(&source);
    let front = FrontMatter {
        split: &split,
        file: &file,
        text: &text,
    };
    let claim = match extension.and_then(|ext| ext.claim(&source, &front)) {
        Some(claim) => Some(claim?),
        None => None,
    };
    let (kind, meta, data, search_facts) = match claim {
        Some(Claim::Entry(entry)) => {
            if entry.draft && !drafts {
                return Ok(Loaded::Draft(source));
            }
            let src = SourceText { text, ..src };
            return Ok(Loaded::Entry(Box::new(Entry {
                id: stem.to_owned(),
                host: entry.host,
                title: entry.title,
                summary: entry.summary,
                sources: entry.sources,
                data: entry.data,
                src,
            })));
        }
        Some(Claim::Page(page)) => (
            PageKind::Extension(page.kind),
            page.meta,
            Some(page.data),
            page.search_facts,
        ),
        Some(Claim::Kind(kind)) => (
            PageKind::Extension(kind),
            front.parse::<PageFrontMatter>()?,
            None,
            Vec::new(),
        ),
        None => {
            let kind = if stem == "_index" {
                PageKind::Section
            } else {
                PageKind::Page
            };
            (kind, front.parse::<PageFrontMatter>()?, None, Vec::new())
        }
    };
    if meta.draft && !drafts {
        return Ok(Loaded::Draft(source));
    }
    let src = SourceText { text, ..src };
    Ok(Loaded::Page(Box::new(Page {
        src,
        kind,
        url,
        output,
        meta,
        data,
        search_facts,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_the_content_tree() {
        assert_eq!(url_of("index.md"), ("/".into(), "index.html".into()));
        assert_eq!(url_of("_index.md"), ("/".into(), "index.html".into()));
        assert_eq!(
            url_of("funding.md"),
            ("/funding/".into(), "funding/index.html".into())
        );
        assert_eq!(
            url_of("roles/_index.md"),
            ("/roles/".into(), "roles/index.html".into())
        );
        assert_eq!(
            url_of("roles/paramedic.md"),
            (
                "/roles/paramedic/".into(),
                "roles/paramedic/index.html".into()
            )
        );
        assert_eq!(
            url_of("guides/index.md"),
            ("/guides/index/".into(), "guides/index/index.html".into())
        );
    }

    #[test]
    fn folders_and_stems() {
        assert_eq!(parent_folder("roles/paramedic.md"), "roles");
        assert_eq!(parent_folder("about.md"), "");
        assert_eq!(file_stem("roles/paramedic.md"), "paramedic");
    }
}

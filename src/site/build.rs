//! The build, start to end: load → validate → render Markdown (pages in parallel) → check links
//! and anchors → render templates (in parallel) → site-level files → write atomically.
//!
//! Every step collects all the problems it finds; the build stops after the first step that
//! found any, and reports them together. Output is byte-identical whatever the thread count:
//! parallel steps keep the sorted input order, and maps that decide output order are sorted.

use crate::rules::{RoleId, RuleBook};
use crate::site::calculator::{self, CalculatorView};
use crate::site::content::{self, file_stem, parent_folder, Content, Page, PageKind};
use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::discover::{self, slash_path};
use crate::site::links::{self, LinkIndex};
use crate::site::markdown::{self, Document, Rendered};
use crate::site::model::FaqCategory;
use crate::site::output::{Cleanup, OutputFile, Staging};
use crate::site::role_views::{self, IndexCaps};
use crate::site::rules_data;
use crate::site::search_index::{self, SearchEntry};
use crate::site::sitemap::{self, SitemapEntry};
use crate::site::templates::Templates;
use crate::site::toc;
use crate::site::validate;
use crate::site::views::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root: holds `content/` and `templates/`.
    pub root: PathBuf,
    /// Output folder; replaced as a whole when the build succeeds.
    pub out: PathBuf,
    /// Build pages marked `draft: true` too.
    pub drafts: bool,
}

impl BuildOptions {
    /// Options for `root`, writing to `root/public`, drafts left out.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let out = root.join("public");
        BuildOptions {
            root,
            out,
            drafts: false,
        }
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written (404 included).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Total size of the output in bytes.
    pub bytes: u64,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Of which: loading, checking and rendering everything in memory.
    pub render_time: Duration,
    /// Of which: writing the staging folder.
    pub write_time: Duration,
    /// Of which: swapping it in.
    pub swap_time: Duration,
    /// Removal of the previous output, still running in the background; call
    /// [`Cleanup::wait`] before exiting.
    pub cleanup: Cleanup,
    /// Where the site was written.
    pub out: PathBuf,
}

/// What a successful check covered.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Pages that would be written (404 included).
    pub pages: usize,
    /// FAQ entries checked.
    pub faq_entries: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in content, rules data or templates, each located.
    #[error("{0}")]
    Content(Diagnostics),
    /// The output could not be written.
    #[error("cannot write the site to {}: {source}", path.display())]
    Output {
        /// The output folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The calculator's WebAssembly could not be built.
    #[error("{0}")]
    Calculator(#[from] calculator::CalculatorError),
}

/// Files produced outside the Markdown pipeline (the calculator's hashed script and WebAssembly),
/// and their URLs by name for templates (`assets["calculator.js"]`).
#[derive(Debug, Clone, Default)]
pub struct GeneratedAssets {
    /// Files to write.
    pub files: Vec<OutputFile>,
    /// Asset name → root-relative URL.
    pub urls: BTreeMap<String, String>,
}

/// Extra generated assets: the calculator's hashed script and WebAssembly
/// (`assets["calc_wasm.js"]`), built by `crate::site::calculator`.
fn generated_assets(root: &Path) -> Result<GeneratedAssets, BuildError> {
    let built = calculator::build_calculator(&calculator::calculator_project_root(root))?;
    let mut assets = GeneratedAssets::default();
    assets
        .urls
        .insert(calculator::SCRIPT_ASSET.to_owned(), built.script.url());
    for file in built.files() {
        assets.files.push(OutputFile::Bytes {
            path: file.path.clone(),
            bytes: file.bytes.clone(),
        });
    }
    Ok(assets)
}

/// Builds the site described by `opts` and swaps it in at `opts.out`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    refuse_to_replace_sources(opts)?;
    let site = render_site(&opts.root, opts.drafts, true)?;
    let rendered = started.elapsed();
    let output_error = |source| BuildError::Output {
        path: opts.out.clone(),
        source,
    };
    let staging = Staging::new(&opts.out).map_err(output_error)?;
    let mut bytes = staging.write(&site.files).map_err(output_error)?;
    let mut files = site.files.len();
    if let Some(book) = &site.rules {
        rules_data::write_rules_json(book, staging.dir()).map_err(output_error)?;
        for entry in std::fs::read_dir(staging.dir().join("data/rules")).map_err(output_error)? {
            bytes += entry
                .and_then(|e| e.metadata())
                .map_err(output_error)?
                .len();
            files += 1;
        }
    }
    let written = started.elapsed();
    let cleanup = staging.swap_in().map_err(output_error)?;
    let elapsed = started.elapsed();
    Ok(BuildReport {
        pages: site.pages,
        files,
        bytes,
        elapsed,
        render_time: rendered,
        write_time: written - rendered,
        swap_time: elapsed - written,
        cleanup,
        out: opts.out.clone(),
    })
}

/// The output folder is replaced as a whole, so it must not hold the site's own sources.
fn refuse_to_replace_sources(opts: &BuildOptions) -> Result<(), BuildError> {
    let absolute = |p: &Path| std::path::absolute(p).map(|p| p.components().collect::<PathBuf>());
    let (Ok(root), Ok(out)) = (absolute(&opts.root), absolute(&opts.out)) else {
        return Ok(());
    };
    let out = std::fs::canonicalize(&out).unwrap_or(out);
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    if root.starts_with(&out)
        || out.starts_with(root.join("content"))
        || out.starts_with(root.join("templates"))
    {
        return Err(BuildError::Content(Diagnostics(vec![Diagnostic::new(
            &opts.out,
            0,
            0,
            "the output folder would replace the site's own sources",
        )
        .expected("an output folder outside content/ and templates/ that does not contain the site root, e.g. ROOT/public")])));
    }
    Ok(())
}

/// Validates everything a build would (content, links, anchors, templates) and writes nothing.
pub fn check(root: &Path) -> Result<CheckReport, BuildError> {
    let started = Instant::now();
    let site = render_site(root, false, false)?;
    Ok(CheckReport {
        pages: site.pages,
        faq_entries: site.faq_entries,
        elapsed: started.elapsed(),
    })
}

struct RenderedSite {
    files: Vec<OutputFile>,
    rules: Option<RuleBook>,
    pages: usize,
    faq_entries: usize,
}

/// How `root` is shown in diagnostics: nothing for `.`, so paths read `content/…`.
fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

fn fail_if_any(mut diagnostics: Diagnostics) -> Result<(), BuildError> {
    if diagnostics.is_empty() {
        Ok(())
    } else {
        diagnostics.sort();
        Err(BuildError::Content(diagnostics))
    }
}

fn render_site(
    root: &Path,
    drafts: bool,
    with_calculator: bool,
) -> Result<RenderedSite, BuildError> {
    let shown = display_root(root);
    let content_dir = root.join("content");
    let templates_dir = root.join("templates");
    let mut diagnostics = Diagnostics::default();

    let ((content, templates), rules) = rayon::join(
        || {
            rayon::join(
                || content::load(&content_dir, &shown.join("content"), drafts),
                || Templates::load(&templates_dir, &shown.join("templates")),
            )
        },
        || load_rules(&content_dir),
    );
    let rules = rules.map_err(|d| diagnostics.0.extend(d.0)).ok().flatten();
    let content = content.map_err(|d| diagnostics.0.extend(d.0)).ok();
    let templates = templates.map_err(|d| diagnostics.0.extend(d.0)).ok();
    let static_dir = templates_dir.join("static");
    let static_files: Vec<String> = discover::files_under(&static_dir)
        .map_err(|err| {
            diagnostics.push(Diagnostic::new(
                shown.join("templates/static"),
                0,
                0,
                format!("cannot list static files: {err}"),
            ))
        })
        .unwrap_or_default()
        .iter()
        .map(|p| slash_path(p))
        .collect();
    let (Some(content), Some(templates)) = (content, templates) else {
        return Err(BuildError::Content({
            diagnostics.sort();
            diagnostics
        }));
    };

    let site_file = shown.join("content/site.yaml");
    let site_text = std::fs::read_to_string(content_dir.join("site.yaml")).unwrap_or_default();
    diagnostics
        .0
        .extend(validate::validate(&content, &site_file, &site_text).0);
    if let Some(book) = &rules {
        diagnostics
            .0
            .extend(check_roles_against_rules(&content, book));
    }
    for page in &content.pages {
        let name = page.template();
        if !templates.contains(name) {
            let d = match &page.meta.template {
                Some(_) => page
                    .src
                    .at_key("template", format!("template `{name}` does not exist")),
                None => Diagnostic::new(
                    &page.src.file,
                    0,
                    0,
                    format!("this kind of page needs the template `{name}`, which does not exist"),
                ),
            };
            diagnostics.push(d.expected(format!("a file templates/{name}")));
        }
    }
    for required in ["search.html", "404.html"] {
        if !templates.contains(required) {
            diagnostics.push(
                Diagnostic::new(
                    shown.join("templates").join(required),
                    0,
                    0,
                    "missing template",
                )
                .expected("every site to have templates/search.html and templates/404.html"),
            );
        }
    }
    fail_if_any(std::mem::take(&mut diagnostics))?;

    let index = LinkIndex::new(&content, static_files.iter().cloned());
    let faq_page = content.pages.iter().position(|p| p.kind == PageKind::Faq);
    let faq_reserved: Vec<String> = FaqCategory::ALL
        .iter()
        .map(|c| c.id().to_owned())
        .chain(content.faq.iter().map(|e| e.id.clone()))
        .collect();
    let rendered: Vec<Rendered> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut reserved: Vec<&str> = TEMPLATE_IDS.to_vec();
            reserved.extend_from_slice(kind_ids(page.kind));
            if page.kind == PageKind::Faq {
                reserved.extend(faq_reserved.iter().map(String::as_str));
            }
            let doc = Document {
                path: &page.src.file,
                file_text: &page.src.text,
                body: page.src.body(),
                body_first_line: page.src.body_first_line,
                reserved_ids: &reserved,
                headings_allowed: true,
                footnote_prefix: "",
            };
            markdown::render(&doc, &index.resolver(&page.src.source, i))
        })
        .collect();
    let answers: Vec<Rendered> = content
        .faq
        .par_iter()
        .map(|entry| {
            let prefix = format!("{}-", entry.id);
            let doc = Document {
                path: &entry.src.file,
                file_text: &entry.src.text,
                body: entry.src.body(),
                body_first_line: entry.src.body_first_line,
                reserved_ids: &[],
                headings_allowed: false,
                footnote_prefix: &prefix,
            };
            markdown::render(
                &doc,
                &index.resolver(&entry.src.source, faq_page.unwrap_or(0)),
            )
        })
        .collect();

    // Every id each page will carry: its headings and footnotes, and the template's own ids.
    let ids: Vec<BTreeSet<String>> = content
        .pages
        .par_iter()
        .zip(&rendered)
        .map(|(page, r)| {
            let mut set: BTreeSet<String> = r.ids.iter().cloned().collect();
            set.extend(
                TEMPLATE_IDS
                    .iter()
                    .chain(kind_ids(page.kind))
                    .map(|s| (*s).to_owned()),
            );
            if page.kind == PageKind::Faq {
                set.extend(faq_reserved.iter().cloned());
                set.extend(answers.iter().flat_map(|a| a.ids.iter().cloned()));
            }
            set
        })
        .collect();
    let ids_of = |page: usize| ids.get(page);
    let url_of = |page: usize| content.pages.get(page).map_or("", |p| p.url.as_str());
    let sources = content
        .pages
        .iter()
        .map(|p| &p.src)
        .chain(content.faq.iter().map(|e| &e.src));
    let link_problems: Vec<Diagnostic> = sources
        .zip(rendered.iter().chain(&answers))
        .par_bridge()
        .flat_map_iter(|(src, r)| {
            let mut found = r.diagnostics.clone();
            found.extend(links::check_anchors(
                &src.file, &src.text, &r.anchors, &ids_of, &url_of,
            ));
            found
        })
        .collect();
    diagnostics.0.extend(link_problems);
    fail_if_any(std::mem::take(&mut diagnostics))?;

    let assets = &if with_calculator && content.pages.iter().any(needs_wasm) {
        generated_assets(root)?
    } else {
        GeneratedAssets::default()
    };
    let views = SiteViews::new(&content, &rendered, &answers, rules.as_ref());
    let mut files: Vec<Result<OutputFile, Diagnostic>> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let view = views.render_view(i, &assets.urls);
            let context = tera::Context::from_serialize(&view).map_err(|err| {
                Diagnostic::new(
                    &page.src.file,
                    0,
                    0,
                    format!("cannot prepare the page for its template: {err}"),
                )
            })?;
            let html = templates.render(page.template(), &context, &page.src.file)?;
            Ok(OutputFile::Bytes {
                path: page.output.clone(),
                bytes: html.into_bytes(),
            })
        })
        .collect();
    for (name, view, output) in [
        (
            "search.html",
            views.search_view(&assets.urls),
            "search/index.html",
        ),
        ("404.html", views.not_found_view(&assets.urls), "404.html"),
    ] {
        let rendered = tera::Context::from_serialize(&view)
            .map_err(|err| {
                Diagnostic::new(shown.join("templates").join(name), 0, 0, err.to_string())
            })
            .and_then(|context| templates.render(name, &context, Path::new(name)))
            .map(|html| OutputFile::Bytes {
                path: output.to_owned(),
                bytes: html.into_bytes(),
            });
        files.push(rendered);
    }
    let mut out = Vec::with_capacity(files.len() + static_files.len() + 8);
    let mut template_errors: BTreeMap<(PathBuf, usize, usize, String), Diagnostic> =
        BTreeMap::new();
    for file in files {
        match file {
            Ok(file) => out.push(file),
            Err(d) => {
                // One broken template fails every page that uses it: report it once.
                let key_message = d
                    .message
                    .split(" (while rendering")
                    .next()
                    .unwrap_or("")
                    .to_owned();
                template_errors
                    .entry((d.path.clone(), d.line, d.column, key_message))
                    .or_insert(d);
            }
        }
    }
    diagnostics.0.extend(template_errors.into_values());
    fail_if_any(std::mem::take(&mut diagnostics))?;
    let pages = out.len();

    out.extend(site_files(&content, &views, &rendered, &answers, assets)?);
    out.extend(static_files.iter().map(|rel| OutputFile::Copy {
        path: format!("static/{rel}"),
        from: static_dir.join(rel),
    }));
    out.extend(assets.files.iter().cloned());
    Ok(RenderedSite {
        files: out,
        rules,
        pages,
        faq_entries: content.faq.len(),
    })
}

/// The rules data, when the site has a `content/rules/` folder (generic sites have none).
/// Paths in its diagnostics are shown without a leading `./`.
fn load_rules(content_dir: &Path) -> Result<Option<RuleBook>, Diagnostics> {
    if !content_dir.join("rules").is_dir() {
        return Ok(None);
    }
    rules_data::load_rules(content_dir)
        .map(Some)
        .map_err(|mut found| {
            for d in &mut found.0 {
                if let Ok(stripped) = d.path.strip_prefix(".") {
                    d.path = stripped.to_path_buf();
                }
            }
            found
        })
}

/// Every role page names a role the rules know, in at least one year.
fn check_roles_against_rules(content: &Content, book: &RuleBook) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in content.pages.iter().filter(|p| p.kind == PageKind::Role) {
        let Some(id) = page.role_id() else { continue };
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

fn site_files(
    content: &Content,
    views: &SiteViews<'_>,
    rendered: &[Rendered],
    answers: &[Rendered],
    assets: &GeneratedAssets,
) -> Result<Vec<OutputFile>, BuildError> {
    let base = content.site.base_url.as_str();
    let mut entries: Vec<SitemapEntry> = content
        .pages
        .iter()
        .map(|p| SitemapEntry {
            url: p.url.clone(),
            lastmod: p.meta.last_reviewed.or(p.meta.date).map(|d| d.iso()),
        })
        .collect();
    entries.push(SitemapEntry {
        url: "/search/".into(),
        lastmod: None,
    });
    entries.sort_by(|a, b| a.url.cmp(&b.url));

    let mut search: Vec<SearchEntry> = content
        .pages
        .iter()
        .zip(rendered)
        .map(|(p, r)| SearchEntry {
            title: p.meta.title.clone(),
            url: p.url.clone(),
            headings: r
                .headings
                .iter()
                .filter(|h| h.level <= 3)
                .map(|h| h.title.clone())
                .collect(),
            summary: p.meta.summary.clone().unwrap_or_default(),
            aliases: p.meta.aliases.clone(),
        })
        .collect();
    if let Some(faq_url) = views.faq_url() {
        search.extend(content.faq.iter().zip(answers).map(|(e, _)| SearchEntry {
            title: e.meta.question.clone(),
            url: format!("{faq_url}#{}", e.id),
            headings: Vec::new(),
            summary: format!("FAQ: {}", e.meta.category.label()),
            aliases: Vec::new(),
        }));
    }
    let index = search_index::to_json(&search).map_err(|err| {
        BuildError::Content(Diagnostics(vec![Diagnostic::new(
            "search-index.json",
            0,
            0,
            format!("cannot write the search index: {err}"),
        )]))
    })?;
    let any_wasm = content.pages.iter().any(needs_wasm) || !assets.files.is_empty();
    Ok(vec![
        OutputFile::Bytes {
            path: "sitemap.xml".into(),
            bytes: sitemap::sitemap(base, &entries).into_bytes(),
        },
        OutputFile::Bytes {
            path: "robots.txt".into(),
            bytes: sitemap::robots(base).into_bytes(),
        },
        OutputFile::Bytes {
            path: "_headers".into(),
            bytes: sitemap::headers(any_wasm).into_bytes(),
        },
        OutputFile::Bytes {
            path: "search-index.json".into(),
            bytes: index,
        },
    ])
}

fn needs_wasm(page: &Page) -> bool {
    page.template() == "calculator.html"
}

/// Lookups shared by every page's view, built once (each O(n log n) or better).
struct SiteViews<'a> {
    content: &'a Content,
    rendered: &'a [Rendered],
    answers: &'a [Rendered],
    site: SiteView,
    by_url: HashMap<&'a str, usize>,
    by_role: HashMap<&'a str, usize>,
    children: BTreeMap<&'a str, Vec<usize>>,
    nav: Vec<(String, String)>,
    rules: Option<&'a RuleBook>,
    index_caps: Option<IndexCaps>,
}

fn sort_key(page: &Page) -> (bool, i64, String) {
    (
        page.meta.weight.is_none(),
        page.meta.weight.unwrap_or(0),
        page.meta.title.to_lowercase(),
    )
}

impl<'a> SiteViews<'a> {
    fn new(
        content: &'a Content,
        rendered: &'a [Rendered],
        answers: &'a [Rendered],
        rules: Option<&'a RuleBook>,
    ) -> Self {
        let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            let source = page.src.source.as_str();
            let folder = parent_folder(source);
            let stem = file_stem(source);
            let parent = match stem {
                "_index" if folder.is_empty() => continue,
                "_index" => parent_folder(folder),
                "index" if folder.is_empty() => continue,
                _ => folder,
            };
            children.entry(parent).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by_cached_key(|&i| sort_key(&content.pages[i]));
        }
        let by_url = content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.as_str(), i))
            .collect();
        let by_role = content
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.role_id().map(|id| (id, i)))
            .collect();
        let by_source: HashMap<&str, &Page> = content
            .pages
            .iter()
            .map(|p| (p.src.source.as_str(), p))
            .collect();
        let nav = content
            .site
            .nav
            .iter()
            .filter_map(|n| {
                by_source
                    .get(n.path.trim_start_matches('/'))
                    .map(|p| (n.title.clone(), p.url.clone()))
            })
            .collect();
        let s = &content.site;
        SiteViews {
            content,
            rendered,
            answers,
            site: SiteView {
                title: s.title.clone(),
                base_url: s.base_url.clone(),
                description: s.description.clone(),
                language: s.language.clone(),
            },
            by_url,
            by_role,
            children,
            nav,
            rules,
            index_caps: rules.and_then(role_views::index_caps),
        }
    }

    fn faq_url(&self) -> Option<&str> {
        self.content
            .pages
            .iter()
            .find(|p| p.kind == PageKind::Faq)
            .map(|p| p.url.as_str())
    }

    fn link(&self, i: usize) -> LinkView {
        let p = &self.content.pages[i];
        LinkView {
            title: p.meta.title.clone(),
            url: p.url.clone(),
            summary: p.meta.summary.clone(),
        }
    }

    fn nav_for(&self, url: &str) -> Vec<NavLink> {
        self.nav
            .iter()
            .map(|(title, nav_url)| NavLink {
                title: title.clone(),
                url: nav_url.clone(),
                current: if nav_url == url {
                    Some("page")
                } else if nav_url != "/" && url.starts_with(nav_url.as_str()) {
                    Some("location")
                } else {
                    None
                },
            })
            .collect()
    }

    fn breadcrumbs(&self, url: &str) -> Vec<LinkView> {
        if url == "/" {
            return Vec::new();
        }
        let mut crumbs = Vec::new();
        let mut prefix = String::from("/");
        // The home page is always "Home" in the trail, whatever its title.
        crumbs.push(LinkView {
            title: "Home".into(),
            url: "/".into(),
            summary: None,
        });
        let segments: Vec<&str> = url.trim_matches('/').split('/').collect();
        for segment in &segments[..segments.len().saturating_sub(1)] {
            prefix.push_str(segment);
            prefix.push('/');
            if let Some(&i) = self.by_url.get(prefix.as_str()) {
                crumbs.push(self.link(i));
            }
        }
        crumbs
    }

    fn page_view(&self, i: usize) -> PageView {
        let page = &self.content.pages[i];
        let rendered = &self.rendered[i];
        let mut toc = toc::build(&rendered.headings);
        if page.kind == PageKind::Faq {
            toc.extend(self.faq_view().into_iter().map(|c| toc::TocEntry {
                id: c.id,
                title: c.label,
                children: Vec::new(),
            }));
        }
        let meta = &page.meta;
        PageView {
            title: meta.title.clone(),
            url: page.url.clone(),
            canonical: Some(format!("{}{}", self.site.base_url, page.url)),
            description: meta
                .summary
                .clone()
                .unwrap_or_else(|| self.site.description.clone()),
            summary: meta.summary.clone(),
            kind: page.kind,
            date: meta.date.map(Into::into),
            last_reviewed: meta.last_reviewed.map(Into::into),
            next_review: meta.next_review.map(Into::into),
            sources: meta.sources.clone(),
            aliases: meta.aliases.clone(),
            extra: meta.extra.clone(),
            content: rendered.html.clone(),
            toc,
            breadcrumbs: self.breadcrumbs(&page.url),
        }
    }

    fn blank_view<'v>(
        &'v self,
        page: PageView,
        assets: &'v BTreeMap<String, String>,
    ) -> RenderView<'v> {
        RenderView {
            site: &self.site,
            nav: self.nav_for(&page.url),
            page,
            section: None,
            role: None,
            roles: None,
            faq: None,
            a_z: None,
            csp: CSP,
            calculator: None,
            assets,
        }
    }

    fn render_view<'v>(&'v self, i: usize, assets: &'v BTreeMap<String, String>) -> RenderView<'v> {
        let page = &self.content.pages[i];
        let mut view = self.blank_view(self.page_view(i), assets);
        if needs_wasm(page) {
            view.csp = CSP_WITH_WASM;
            view.calculator = self.calculator_view(assets);
        }
        match page.kind {
            PageKind::Section => {
                let folder = parent_folder(&page.src.source);
                let pages = self
                    .children
                    .get(folder)
                    .map(|list| list.iter().map(|&c| self.link(c)).collect())
                    .unwrap_or_default();
                view.section = Some(SectionView { pages });
            }
            PageKind::Role => view.role = self.role_view(page),
            PageKind::RolesIndex => view.roles = Some(self.roles_index_view()),
            PageKind::Faq => view.faq = Some(self.faq_view()),
            PageKind::Page | PageKind::Search => {}
        }
        view
    }

    fn calculator_view(&self, assets: &BTreeMap<String, String>) -> Option<CalculatorView> {
        let categories = self
            .content
            .pages
            .iter()
            .filter_map(|p| {
                Some((
                    p.role_id()?.to_owned(),
                    p.role.as_ref()?.category.label().to_owned(),
                ))
            })
            .collect();
        let script = assets
            .get(calculator::SCRIPT_ASSET)
            .map_or("", String::as_str);
        calculator::calculator_view(self.rules?, &categories, script)
    }

    fn role_view(&self, page: &Page) -> Option<RoleView> {
        let role = page.role.as_ref()?;
        let id = page.role_id()?.to_owned();
        let related = role
            .related
            .iter()
            .filter_map(|r| self.by_role.get(r.as_str()).map(|&i| self.link(i)))
            .collect();
        let rule_id = id.parse::<RoleId>().ok();
        let (band, years) = match (self.rules, rule_id) {
            (Some(book), Some(rule_id)) => (
                role_views::current_band(book, rule_id),
                role_views::role_years(book, rule_id),
            ),
            _ => (None, Vec::new()),
        };
        let year = role_views::calculator_year(self.rules);
        Some(RoleView {
            calculator_url: format!("/calculator/?year={year}&post={id},national,,1"),
            id,
            category: role.category.label().to_owned(),
            joined: role.joined.replacen('-', "/", 1),
            regulator: role.regulator.clone(),
            entry_requirements: role.entry_requirements.clone(),
            minimum_supervision: role.minimum_supervision.clone(),
            related,
            band,
            years,
        })
    }

    fn roles_index_view(&self) -> RolesIndexView {
        let mut roles: Vec<&Page> = self
            .content
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Role)
            .collect();
        roles.sort_by_cached_key(|p| {
            (
                p.role.as_ref().map(|r| r.category),
                p.meta.title.to_lowercase(),
            )
        });
        let rows = roles
            .into_iter()
            .filter_map(|p| {
                let role = p.role.as_ref()?;
                let caps = p
                    .role_id()
                    .and_then(|id| id.parse::<RoleId>().ok())
                    .and_then(|id| self.index_caps.as_ref()?.by_role.get(&id))
                    .map(|caps| &caps.period);
                Some(RoleRowView {
                    title: p.meta.title.clone(),
                    url: p.url.clone(),
                    category: role.category.label().to_owned(),
                    band: caps.map(|c| c.band_label.clone()),
                    national: caps.map(|c| c.national.annual_gbp.clone()),
                    outer_london: caps.map(|c| c.outer_london.annual_gbp.clone()),
                    inner_london: caps.map(|c| c.inner_london.annual_gbp.clone()),
                    regulator: role.regulator.clone(),
                    minimum_supervision: role.minimum_supervision.clone(),
                    joined: role.joined.replacen('-', "/", 1),
                })
            })
            .collect();
        let caps = self.index_caps.as_ref();
        RolesIndexView {
            year: caps.map(|c| c.year.to_string()),
            year_label: caps.map(|c| role_views::year_label(c.year)),
            status: caps.map(|c| c.status.clone()),
            rows,
        }
    }

    fn faq_view(&self) -> Vec<FaqCategoryView> {
        let mut order: Vec<usize> = (0..self.content.faq.len()).collect();
        order.sort_by_cached_key(|&i| {
            let e = &self.content.faq[i];
            (e.meta.category, e.meta.order, e.id.clone())
        });
        FaqCategory::ALL
            .iter()
            .filter_map(|&category| {
                let entries: Vec<FaqEntryView> = order
                    .iter()
                    .map(|&i| (&self.content.faq[i], &self.answers[i]))
                    .filter(|(e, _)| e.meta.category == category)
                    .map(|(e, a)| FaqEntryView {
                        id: e.id.clone(),
                        question: e.meta.question.clone(),
                        answer: a.html.clone(),
                        answered: e.meta.answered.into(),
                        sources: e.meta.sources.clone(),
                    })
                    .collect();
                (!entries.is_empty()).then(|| FaqCategoryView {
                    id: category.id().to_owned(),
                    label: category.label().to_owned(),
                    entries,
                })
            })
            .collect()
    }

    fn generated_page(&self, title: &str, url: &str, canonical: bool) -> PageView {
        PageView {
            title: title.to_owned(),
            url: url.to_owned(),
            canonical: canonical.then(|| format!("{}{url}", self.site.base_url)),
            description: self.site.description.clone(),
            summary: None,
            kind: PageKind::Search,
            date: None,
            last_reviewed: None,
            next_review: None,
            sources: Vec::new(),
            aliases: Vec::new(),
            extra: BTreeMap::new(),
            content: String::new(),
            toc: Vec::new(),
            breadcrumbs: if canonical {
                self.breadcrumbs(url)
            } else {
                Vec::new()
            },
        }
    }

    fn search_view<'v>(&'v self, assets: &'v BTreeMap<String, String>) -> RenderView<'v> {
        let mut pages: Vec<usize> = (0..self.content.pages.len()).collect();
        pages.sort_by_cached_key(|&i| {
            (
                self.content.pages[i].meta.title.to_lowercase(),
                self.content.pages[i].url.clone(),
            )
        });
        let mut letters: Vec<LetterView> = Vec::new();
        for i in pages {
            let initial = self.content.pages[i]
                .meta
                .title
                .chars()
                .next()
                .map_or('#', |c| c.to_uppercase().next().unwrap_or(c));
            let letter = if initial.is_alphabetic() {
                initial.to_string()
            } else {
                "#".to_owned()
            };
            match letters.last_mut() {
                Some(group) if group.letter == letter => group.pages.push(self.link(i)),
                _ => {
                    let id = if letter == "#" {
                        "letter-other".to_owned()
                    } else {
                        format!("letter-{}", letter.to_lowercase())
                    };
                    letters.push(LetterView {
                        letter,
                        id,
                        pages: vec![self.link(i)],
                    })
                }
            }
        }
        let mut view = self.blank_view(
            self.generated_page("Search and A to Z of pages", "/search/", true),
            assets,
        );
        view.a_z = Some(letters);
        view
    }

    fn not_found_view<'v>(&'v self, assets: &'v BTreeMap<String, String>) -> RenderView<'v> {
        let mut page = self.generated_page("Page not found", "/404.html", false);
        page.kind = PageKind::Page;
        self.blank_view(page, assets)
    }
}

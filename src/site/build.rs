//! The build, start to end: load → validate → render Markdown (pages in parallel) → check links
//! and anchors → render templates (in parallel) → site-level files → write atomically.
//!
//! Every step collects all the problems it finds; the build stops after the first step that
//! found any, and reports them together. Output is byte-identical whatever the thread count:
//! parallel steps keep the sorted input order, and maps that decide output order are sorted.

use crate::guide::calculator;
use crate::guide::rules_data;
use crate::rules::{RoleId, RuleBook};
use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::load::content::{self, Content, PageKind};
use crate::site::load::discover::{self, slash_path, LinkPolicy};
use crate::site::load::model::FaqCategory;
use crate::site::load::search_words::{self, Synonyms};
use crate::site::load::validate;
use crate::site::output::site_files;
use crate::site::output::staging::{self, Cleanup, OutputFile, Staging};
use crate::site::render::links::{self, LinkIndex};
use crate::site::render::markdown::{self, Document, Rendered};
use crate::site::render::page_views::{needs_wasm, SiteViews};
use crate::site::render::templates::Templates;
use crate::site::render::views::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    /// `Cleanup::wait` before exiting.
    pub cleanup: Cleanup,
    /// Where the site was written.
    pub out: PathBuf,
    /// Staging and previous-output folders of earlier builds that were killed part-way,
    /// removed before this build wrote anything.
    pub removed_leftovers: Vec<PathBuf>,
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
/// (`assets["calc_wasm.js"]`), built by `crate::guide::calculator`.
fn generated_assets(root: &Path) -> Result<GeneratedAssets, BuildError> {
    let built = calculator::build_calculator(&calculator::calculator_project_root(root))?;
    let mut assets = GeneratedAssets::default();
    assets
        .urls
        .insert(calculator::SCRIPT_ASSET.to_owned(), built.script.url());
    assets
        .urls
        .insert(calculator::WASM_ASSET.to_owned(), built.wasm.url());
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
    refuse_to_replace_other_folders(opts)?;
    let removed_leftovers = std::path::absolute(&opts.out)
        .map(|out| staging::remove_leftovers(&out))
        .unwrap_or_default();
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
        removed_leftovers,
    })
}

/// The output folder is replaced as a whole, so it must be new, empty, written by a previous
/// build (it carries [`staging::MARKER`]), or the default `ROOT/public`: `--out docs` must not
/// wipe a folder of documents, nor `--out README.md` move a file aside.
fn refuse_to_replace_other_folders(opts: &BuildOptions) -> Result<(), BuildError> {
    let out = &opts.out;
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    let refuse = |message: String, expected: &str| {
        Err(BuildError::Content(Diagnostics(vec![Diagnostic::new(
            out, 0, 0, message,
        )
        .expected(expected)])))
    };
    if !meta.is_dir() {
        return refuse(
            "the output is a file, not a folder".into(),
            "--out naming a folder: a new or empty one, or one a previous build wrote",
        );
    }
    let normal = |p: &Path| std::path::absolute(p).map(|p| p.components().collect::<PathBuf>());
    let is_default = normal(out).ok() == normal(&opts.root.join("public")).ok();
    let is_empty = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none());
    if is_default || is_empty || staging::is_previous_output(out) {
        return Ok(());
    }
    refuse(
        format!(
            "the output folder is not one a build wrote (it has no `{}` file), and a build replaces its output folder as a whole",
            staging::MARKER
        ),
        "--out naming a new or empty folder, or one a previous build wrote; move the folder's files elsewhere first if it really is to be replaced",
    )
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
    let Sources {
        content,
        templates,
        rules,
        static_files,
        mut diagnostics,
        synonyms,
    } = load_sources(root, &shown, drafts)?;
    // Every step that can still run does, so one run reports every problem it can find: link
    // and anchor errors are not hidden by a front matter error elsewhere, nor template errors by
    // a broken link.
    let index = LinkIndex::new(&content, static_files.iter().cloned());
    let (rendered, answers) = render_markdown(&content, &index);
    diagnostics.extend(check_links(&content, &rendered, &answers));

    let Some(templates) = templates else {
        return Err(fail(diagnostics));
    };
    let rules_failed = rules.is_none() && root.join("content/rules").is_dir();
    if rules_failed {
        // Role pages show the rules' figures: without the rules they cannot be rendered.
        return Err(fail(diagnostics));
    }
    let assets =
        &if with_calculator && diagnostics.is_empty() && content.pages.iter().any(needs_wasm) {
            generated_assets(root)?
        } else {
            GeneratedAssets::default()
        };
    let views = SiteViews::new(&content, &rendered, &answers, rules.as_ref());
    let mut out = match render_pages(&views, &content, &templates, &shown, assets) {
        Ok(out) => out,
        Err(BuildError::Content(found)) => {
            diagnostics.extend(found.0);
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    if !diagnostics.is_empty() {
        return Err(fail(diagnostics));
    }
    let pages = out.len();

    let any_wasm = content.pages.iter().any(needs_wasm) || !assets.files.is_empty();
    let site_level =
        site_files::site_files(&content, &rendered, views.faq_url(), any_wasm, &synonyms)
            .map_err(|d| BuildError::Content(Diagnostics(vec![d])))?;
    out.extend(site_level);
    let static_dir = root.join("templates/static");
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

/// The build error for `diagnostics`, sorted by place.
fn fail(mut diagnostics: Vec<Diagnostic>) -> BuildError {
    let mut all = Diagnostics(std::mem::take(&mut diagnostics));
    all.sort();
    BuildError::Content(all)
}

/// Everything read from the site root, checked across files, with the problems found so far.
struct Sources {
    content: Content,
    /// `None` when a template could not be loaded (its problem is in `diagnostics`).
    templates: Option<Templates>,
    rules: Option<RuleBook>,
    static_files: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// The editors' search synonyms (`content/search-synonyms.yaml`).
    synonyms: Synonyms,
}

/// Loads content, templates and rules (in parallel) and the list of static files, then runs the
/// checks across them. Fails at once only when there is no content to go on (no readable
/// `site.yaml`); otherwise the problems travel on with what did load.
fn load_sources(root: &Path, shown: &Path, drafts: bool) -> Result<Sources, BuildError> {
    let content_dir = root.join("content");
    let templates_dir = root.join("templates");
    let mut diagnostics = Diagnostics::default();
    let links = LinkPolicy::for_site(root, content::symlinks_allowed_outside(&content_dir));

    let (((content, content_problems), templates), rules) = rayon::join(
        || {
            rayon::join(
                || content::load(&content_dir, &shown.join("content"), drafts, &links),
                || Templates::load(&templates_dir, &shown.join("templates"), &links),
            )
        },
        || load_rules(&content_dir),
    );
    diagnostics.0.extend(content_problems.0);
    let rules = rules.map_err(|d| diagnostics.0.extend(d.0)).ok().flatten();
    let templates = templates.map_err(|d| diagnostics.0.extend(d.0)).ok();
    let static_dir = templates_dir.join("static");
    let (static_files, problems) = discover::files_under(&static_dir, &links);
    let shown_static = shown.join("templates/static");
    diagnostics
        .0
        .extend(problems.iter().map(|p| p.diagnostic(&shown_static)));
    let static_files: Vec<String> = static_files.iter().map(|p| slash_path(p)).collect();
    let Some(content) = content else {
        return Err(fail(diagnostics.0));
    };

    // Checks across files would report pages that failed to load as missing: they run when
    // every file loaded. Templates are checked whatever happened.
    if content.unloaded.is_empty() {
        let site_file = shown.join("content/site.yaml");
        let site_text = std::fs::read_to_string(content_dir.join("site.yaml")).unwrap_or_default();
        diagnostics
            .0
            .extend(validate::validate(&content, &site_file, &site_text).0);
        if let Some(book) = &rules {
            diagnostics.0.extend(check_roles_against_rules(
                &content,
                book,
                &shown.join("content/roles"),
            ));
        }
    }
    if let Some(templates) = &templates {
        diagnostics
            .0
            .extend(check_templates(&content, templates, shown));
    }
    let synonyms = search_words::load_synonyms(
        &content_dir,
        &shown.join("content").join(search_words::SYNONYMS_FILE),
    )
    .map_err(|d| diagnostics.push(d))
    .unwrap_or_default();
    Ok(Sources {
        content,
        templates,
        rules,
        static_files,
        diagnostics: diagnostics.0,
        synonyms,
    })
}

/// Every page's template exists, and so do the templates of the pages the build writes itself.
fn check_templates(content: &Content, templates: &Templates, shown: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
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
            found.push(d.expected(format!("a file templates/{name}")));
        }
    }
    for required in ["search.html", "404.html"] {
        if !templates.contains(required) {
            found.push(
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
    found
}

/// Renders every page body and FAQ answer, in parallel, resolving their links.
fn render_markdown(content: &Content, index: &LinkIndex) -> (Vec<Rendered>, Vec<Rendered>) {
    let faq_page = content.pages.iter().position(|p| p.kind == PageKind::Faq);
    let faq_reserved = faq_page_ids(content);
    let require_table_captions = content.site.content_rules.require_table_captions;
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
                require_table_captions,
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
                require_table_captions,
            };
            markdown::render(
                &doc,
                &index.resolver(&entry.src.source, faq_page.unwrap_or(0)),
            )
        })
        .collect();

    (rendered, answers)
}

/// Ids the FAQ page gives its topics and entries.
fn faq_page_ids(content: &Content) -> Vec<String> {
    FaqCategory::ALL
        .iter()
        .map(|c| c.id().to_owned())
        .chain(content.faq.iter().map(|e| e.id.clone()))
        .collect()
}

/// The Markdown problems found while rendering, and every `#anchor` checked against the ids
/// its target page will carry (headings, footnotes and the template's own ids).
fn check_links(content: &Content, rendered: &[Rendered], answers: &[Rendered]) -> Vec<Diagnostic> {
    let faq_reserved = faq_page_ids(content);
    // Every id each page will carry: its headings and footnotes, and the template's own ids.
    let ids: Vec<BTreeSet<String>> = content
        .pages
        .par_iter()
        .zip(rendered)
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
        .zip(rendered.iter().chain(answers))
        .par_bridge()
        .flat_map_iter(|(src, r)| {
            let mut found = r.diagnostics.clone();
            found.extend(links::check_anchors(
                &src.file, &src.text, &r.anchors, &ids_of, &url_of,
            ));
            found
        })
        .collect();
    link_problems
}

/// Renders every page, the search page and the 404 page with their templates, in parallel. A
/// template error is reported once, not once per page that uses the template.
fn render_pages(
    views: &SiteViews<'_>,
    content: &Content,
    templates: &Templates,
    shown: &Path,
    assets: &GeneratedAssets,
) -> Result<Vec<OutputFile>, BuildError> {
    // A page whose template is missing was reported by `check_templates`.
    let mut files: Vec<Result<OutputFile, Diagnostic>> = content
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, page)| templates.contains(page.template()))
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
        if !templates.contains(name) {
            continue;
        }
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
    let mut out = Vec::with_capacity(files.len());
    let mut template_errors: BTreeMap<(PathBuf, usize, usize, String), Diagnostic> =
        BTreeMap::new();
    for file in files {
        match file {
            Ok(file) => out.push(file),
            Err(d) => {
                // One broken template fails every page that uses it: report it once.
                template_errors
                    .entry((d.path.clone(), d.line, d.column, d.message.clone()))
                    .or_insert(d);
            }
        }
    }
    fail_if_any(Diagnostics(template_errors.into_values().collect()))?;
    Ok(out)
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

/// Every role page names a role the rules know, in at least one year, and every role of the
/// rules has a page. `roles_dir` names `content/roles` in diagnostics.
fn check_roles_against_rules(
    content: &Content,
    book: &RuleBook,
    roles_dir: &Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let pages: BTreeSet<&str> = content.pages.iter().filter_map(|p| p.role_id()).collect();
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

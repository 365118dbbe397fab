//! The build, start to end: load → validate → render Markdown (pages in parallel) → check links
//! and anchors → render templates (in parallel) → site-level files → write atomically.
//!
//! Every step that can still run after a problem does, so one run reports every problem it can
//! find, sorted by place; nothing is written unless there are none. Pages are streamed to the
//! staging folder as they render, and the checked, rendered model is kept for `serve`'s
//! incremental rebuilds. Output is byte-identical whatever the thread count:
//! parallel steps keep the sorted input order, and maps that decide output order are sorted.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::extension::{Extension, GeneratedAssets, SiteData, SiteExtension};
use crate::site::load::content::{self, Content, Entry, Page, SourceText};
use crate::site::load::discover::{self, slash_path, LinkPolicy};
use crate::site::load::search_words::{self, Synonyms};
use crate::site::load::validate;
use crate::site::output::fingerprint::{self, StaticAssets};
use crate::site::output::search_index::IndexWriter;
use crate::site::output::site_files;
use crate::site::output::staging::{self, Cleanup, Discard, FileSink, OutputFile, Staging};
use crate::site::render::links::{self, LinkIndex};
use crate::site::render::markdown::{self, Document, Rendered};
use crate::site::render::page_views::{needs_wasm, SiteViews};
use crate::site::render::templates::Templates;
use crate::site::render::views::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// What the site adds to the generator (the ARRS Guide installs its own, in `src/guide/`);
    /// without one, any folder of Markdown builds as plain pages and sections.
    pub extension: Option<Extension>,
}

impl BuildOptions {
    /// Options for `root`, writing to `root/public`, drafts left out, no extension.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let out = root.join("public");
        BuildOptions {
            root,
            out,
            drafts: false,
            extension: None,
        }
    }

    /// These options with `extension` installed.
    pub fn with_extension(self, extension: Extension) -> Self {
        BuildOptions {
            extension: Some(extension),
            ..self
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
    /// Of which: loading, checking and rendering the Markdown.
    pub render_time: Duration,
    /// Of which: rendering the templates and writing each file to the staging folder as soon
    /// as it is rendered.
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
    /// Entries checked (Markdown files shown on another page, such as FAQ answers).
    pub entries: usize,
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
    /// The extension could not build its generated assets (the guide: the calculator's
    /// WebAssembly).
    #[error("{0}")]
    Extension(Box<dyn std::error::Error + Send + Sync>),
}

/// Builds the site described by `opts` and swaps it in at `opts.out`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_site(opts, None, false).map(|(report, model)| {
        // The site is in place: letting go of a large site's model (every page's HTML and
        // metadata, some hundred thousand allocations) need not hold up the caller.
        std::thread::spawn(move || drop(model));
        report
    })
}

/// Builds like [`build`], and also returns everything loaded and rendered on the way, for the
/// incremental rebuilds of `serve`. `record`, if given, sees every file before it is written.
pub(crate) fn build_model(
    opts: &BuildOptions,
    record: Option<&(dyn Fn(&OutputFile) + Sync)>,
) -> Result<(BuildReport, SiteModel), BuildError> {
    build_site(opts, record, true)
}

/// [`build`], keeping the source texts in the returned model when `keep_sources` (a one-off
/// build lets them go once checked: on a large site they are a quarter of the peak memory).
fn build_site(
    opts: &BuildOptions,
    record: Option<&(dyn Fn(&OutputFile) + Sync)>,
    keep_sources: bool,
) -> Result<(BuildReport, SiteModel), BuildError> {
    let started = Instant::now();
    refuse_to_replace_sources(opts)?;
    refuse_to_replace_other_folders(opts)?;
    let removed_leftovers = std::path::absolute(&opts.out)
        .map(|out| staging::remove_leftovers(&out))
        .unwrap_or_default();
    let output_error = |source| BuildError::Output {
        path: opts.out.clone(),
        source,
    };
    let staging = Staging::new(&opts.out).map_err(output_error)?;
    // A one-off build writes the search index while the Markdown is rendered (on a large site
    // it is about as large as the sources); `serve` keeps the entries for its rebuilds.
    let index_file = staging.dir().join(site_files::SEARCH_INDEX);
    let streamed = match keep_sources {
        true => None,
        false => Some(IndexWriter::create(&index_file).map_err(output_error)?),
    };
    let search = streamed
        .as_ref()
        .map_or(SearchEntries::Keep, SearchEntries::Stream);
    let model = SiteModel::prepare(
        &opts.root,
        opts.drafts,
        true,
        keep_sources,
        opts.extension.as_ref(),
        search,
    )?;
    let index_bytes = match streamed {
        // (A model loaded again to quote the lines of its problems kept its entries.)
        Some(writer) if !model.search_kept => {
            writer.finish(&model.synonyms).map_err(output_error)?
        }
        _ => 0,
    };
    let rendered = started.elapsed();
    let sink = Recorded {
        inner: &staging,
        record,
    };
    let site_level = model.emit_site_files(&Selection::All, &sink)?;
    let pages = model.emit_pages(&Selection::All, &sink)?;
    let written = Emitted {
        files: site_level.files + pages.files + usize::from(index_bytes > 0),
        bytes: site_level.bytes + pages.bytes + index_bytes,
    };
    let mut bytes = written.bytes;
    let mut files = written.files;
    if let Some(data) = &model.data {
        // The extension's own files (the guide: the rules as JSON).
        for file in data.files().map_err(output_error)? {
            bytes += staging.put(file).map_err(output_error)?;
            files += 1;
        }
    }
    let written = started.elapsed();
    let cleanup = staging.swap_in().map_err(output_error)?;
    let elapsed = started.elapsed();
    let report = BuildReport {
        pages: model.page_count(),
        files,
        bytes,
        elapsed,
        render_time: rendered,
        write_time: written - rendered,
        swap_time: elapsed - written,
        cleanup,
        out: opts.out.clone(),
        removed_leftovers,
    };
    Ok((report, model))
}

/// A sink that shows each file to `record` before passing it on.
struct Recorded<'a> {
    inner: &'a dyn FileSink,
    record: Option<&'a (dyn Fn(&OutputFile) + Sync)>,
}

impl FileSink for Recorded<'_> {
    fn put(&self, file: OutputFile) -> std::io::Result<u64> {
        if let Some(record) = self.record {
            record(&file);
        }
        self.inner.put(file)
    }
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

/// Validates everything a build would (content, links, anchors, templates) and writes nothing;
/// `extension` is what the site adds to the generator, as in [`BuildOptions::extension`].
pub fn check(root: &Path, extension: Option<&Extension>) -> Result<CheckReport, BuildError> {
    let started = Instant::now();
    let model = SiteModel::prepare(root, false, false, false, extension, SearchEntries::Skip)?;
    model.emit(&Selection::All, &Discard)?;
    Ok(CheckReport {
        pages: model.page_count(),
        entries: model.content.entries.len(),
        elapsed: started.elapsed(),
    })
}

/// Everything loaded, checked and rendered to HTML fragments, before the templates: what
/// [`SiteModel::emit`] turns into files, and what `serve` keeps between rebuilds.
pub(crate) struct SiteModel {
    /// How the root is shown in diagnostics.
    pub(crate) shown: PathBuf,
    /// The loaded content.
    pub(crate) content: Content,
    /// The loaded templates.
    pub(crate) templates: Templates,
    /// The installed extension.
    pub(crate) extension: Option<Extension>,
    /// The extension's data (the guide: the rules).
    pub(crate) data: Option<Box<dyn SiteData>>,
    /// The files of `templates/static/`, stylesheets and scripts under fingerprinted names.
    pub(crate) static_assets: StaticAssets,
    /// The editors' synonym groups for search.
    pub(crate) synonyms: Synonyms,
    /// Where every page and static file goes, for links.
    pub(crate) index: LinkIndex,
    /// Each page's Markdown, rendered (same order as `content.pages`).
    pub(crate) rendered: Vec<Rendered>,
    /// Each entry, rendered (same order as `content.entries`).
    pub(crate) entry_html: Vec<Rendered>,
    /// Each page's search index entry, as JSON (same order as `content.pages`); empty when
    /// the entries were not kept ([`SearchEntries`]).
    pub(crate) search: Vec<Arc<[u8]>>,
    /// Each entry's search index entry, as JSON (same order as `content.entries`; empty when
    /// its host page does not exist).
    pub(crate) entry_search: Vec<Arc<[u8]>>,
    /// The extension's generated files, and every asset URL by name.
    pub(crate) assets: GeneratedAssets,
    /// Whether the search index entries were kept (else the index was written during the
    /// Markdown pass, or is not wanted).
    pub(crate) search_kept: bool,
}

/// What the Markdown pass does with each page's search index entry.
#[derive(Clone, Copy)]
pub(crate) enum SearchEntries<'a> {
    /// Keeps them in the model: `serve` puts the index together again after each edit.
    Keep,
    /// Writes them to the index file as they are made (a one-off build).
    Stream(&'a IndexWriter),
    /// Makes none (`check`, and a build that has already failed).
    Skip,
}

/// Which files [`SiteModel::emit`] produces.
pub(crate) enum Selection {
    /// Every file of the site (the rules data's JSON aside).
    All,
    /// These pages (indices into `content.pages`) and the site-level files (sitemap, search
    /// index); with `generated`, the search and 404 pages too.
    Pages {
        /// The pages to render.
        pages: BTreeSet<usize>,
        /// Whether to render the pages no Markdown file describes (search, 404).
        generated: bool,
    },
}

/// What [`SiteModel::emit`] produced.
pub(crate) struct Emitted {
    /// Files produced.
    pub(crate) files: usize,
    /// Their total size.
    pub(crate) bytes: u64,
}

impl Emitted {
    /// Counts `other`'s files and bytes in too.
    pub(crate) fn add(&mut self, other: Emitted) {
        self.files += other.files;
        self.bytes += other.bytes;
    }
}

impl SiteModel {
    /// Loads and checks the site in `root` and renders its Markdown; `with_generated` has the
    /// extension build its generated assets (the guide: the calculator's WebAssembly). Without
    /// `keep_sources`, each source text is let go as soon as its Markdown is rendered (on a
    /// large site the texts are a third of the peak memory); the model can then not render its
    /// Markdown again. `search` says where the search index entries go.
    pub(crate) fn prepare(
        root: &Path,
        drafts: bool,
        with_generated: bool,
        keep_sources: bool,
        extension: Option<&Extension>,
        search: SearchEntries<'_>,
    ) -> Result<SiteModel, BuildError> {
        let shown = display_root(root);
        let Sources {
            mut content,
            templates,
            data,
            static_files,
            mut diagnostics,
            synonyms,
        } = load_sources(root, &shown, drafts, extension)?;
        let static_assets =
            fingerprint::static_assets(&root.join("templates/static"), &static_files)
                .map_err(|err| {
                    let (rel, line, column) = err.location();
                    diagnostics.push(Diagnostic::new(
                        shown.join("templates/static").join(rel),
                        line,
                        column,
                        err.to_string(),
                    ))
                })
                .unwrap_or_default();
        let index = LinkIndex::new(
            &content,
            static_files.iter().map(|rel| {
                let url = (static_assets.urls.get(rel).cloned())
                    .unwrap_or_else(|| format!("/static/{rel}"));
                (rel.clone(), url)
            }),
        );
        // Every step that can still run does, so one run reports every problem it can find:
        // link and anchor errors are not hidden by a front matter error elsewhere, nor template
        // errors by a broken link.
        let ext = extension.map(|e| &*e.0);
        let search_kept = matches!(search, SearchEntries::Keep);
        let MarkdownPass {
            rendered,
            entry_html,
            search,
            entry_search,
        } = render_markdown(&mut content, &index, keep_sources, ext, search);
        let problems = check_links(&content, &rendered, &entry_html, ext);
        if !problems.is_empty() && !keep_sources {
            // The messages quote the offending lines: load again, keeping the texts.
            return SiteModel::prepare(
                root,
                drafts,
                with_generated,
                true,
                extension,
                SearchEntries::Keep,
            );
        }
        diagnostics.extend(problems);
        let Some(templates) = templates else {
            return Err(fail(diagnostics));
        };
        if extension.is_some() && data.is_none() {
            // The extension's pages show its data: without it they cannot be rendered.
            return Err(fail(diagnostics));
        }
        let failed = !diagnostics.is_empty();
        let mut assets = match &data {
            Some(data) if with_generated && !failed => data
                .generated_assets(root, &content)
                .map_err(BuildError::Extension)?,
            _ => GeneratedAssets::default(),
        };
        assets.urls.extend(static_assets.urls.clone());
        let model = SiteModel {
            shown,
            content,
            templates,
            extension: extension.cloned(),
            data,
            static_assets,
            synonyms,
            index,
            rendered,
            entry_html,
            search,
            entry_search,
            assets,
            search_kept,
        };
        if failed {
            // The templates still run, writing nothing, so their errors are reported too.
            match model.emit_pages(&Selection::All, &Discard) {
                Ok(_) => {}
                Err(BuildError::Content(found)) => diagnostics.extend(found.0),
                Err(other) => return Err(other),
            }
            return Err(fail(diagnostics));
        }
        Ok(model)
    }

    /// The installed extension, if any.
    pub(crate) fn extension(&self) -> Option<&dyn SiteExtension> {
        self.extension.as_ref().map(|e| &*e.0)
    }

    /// HTML pages of the site, the search and 404 pages included.
    pub(crate) fn page_count(&self) -> usize {
        self.content.pages.len() + 2
    }

    /// Renders the `selection` with the templates and hands each file to `sink` as soon as it
    /// is finished, so the rendered site is never held in memory as a whole: the site-level
    /// files first, then the pages.
    pub(crate) fn emit(
        &self,
        selection: &Selection,
        sink: &dyn FileSink,
    ) -> Result<Emitted, BuildError> {
        let mut emitted = self.emit_site_files(selection, sink)?;
        emitted.add(self.emit_pages(selection, sink)?);
        Ok(emitted)
    }

    /// The pages of the `selection`, each handed to `sink` as soon as it is rendered. A
    /// template error is reported once, not once per page that uses the template.
    pub(crate) fn emit_pages(
        &self,
        selection: &Selection,
        sink: &dyn FileSink,
    ) -> Result<Emitted, BuildError> {
        let content = &self.content;
        let assets = &self.assets;
        let extension = (self.extension.as_ref())
            .zip(self.data.as_deref())
            .map(|(ext, data)| (&*ext.0, data));
        let views = SiteViews::new(
            content,
            &self.rendered,
            &self.entry_html,
            &assets.urls,
            extension,
        );
        let pages: Vec<usize> = match selection {
            Selection::All => (0..content.pages.len()).collect(),
            Selection::Pages { pages, .. } => pages.iter().copied().collect(),
        };
        let mut emitted = render_pages(&views, content, &self.templates, &pages, sink)?;
        if matches!(
            selection,
            Selection::All
                | Selection::Pages {
                    generated: true,
                    ..
                }
        ) {
            emitted.add(render_generated_pages(
                &views,
                &self.templates,
                &self.shown,
                sink,
            )?);
        }
        Ok(emitted)
    }

    /// The site-level files (sitemap, `robots.txt`, `_headers`, search index) and, for
    /// [`Selection::All`], the static and generated assets, handed to `sink`.
    pub(crate) fn emit_site_files(
        &self,
        selection: &Selection,
        sink: &dyn FileSink,
    ) -> Result<Emitted, BuildError> {
        let content = &self.content;
        let assets = &self.assets;
        let ext = self.extension();
        let any_wasm = content.pages.iter().any(|p| needs_wasm(ext, p)) || !assets.files.is_empty();
        // Every file whose name carries a hash of its content may be cached for good.
        let immutable: Vec<String> = (self.static_assets.urls.values().cloned())
            .chain(assets.files.iter().map(|f| format!("/{}", f.path())))
            .collect();
        // An entry whose host page does not exist has no search entry (it is empty).
        let entry_search = self.entry_search.iter().filter(|e| !e.is_empty());
        let search: Option<Vec<Arc<[u8]>>> = self
            .search_kept
            .then(|| (self.search.iter().chain(entry_search)).cloned().collect());
        let mut files = site_files::site_files(
            content,
            search.as_deref(),
            any_wasm,
            &immutable,
            &self.synonyms,
        )
        .map_err(|d| BuildError::Content(Diagnostics(vec![d])))?;
        drop(search);
        if matches!(selection, Selection::All) {
            files.extend(self.static_assets.files.iter().cloned());
            files.extend(assets.files.iter().cloned());
        }
        let mut emitted = Emitted { files: 0, bytes: 0 };
        for file in files {
            emitted.bytes += sink.put(file).map_err(output_failure)?;
            emitted.files += 1;
        }
        Ok(emitted)
    }
}

/// A file of the output could not be written (the sink knows where it was going).
fn output_failure(source: std::io::Error) -> BuildError {
    BuildError::Output {
        path: PathBuf::from("the output folder"),
        source,
    }
}

/// How `root` is shown in diagnostics: nothing for `.`, so paths read `content/…`.
fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

pub(crate) fn fail_if_any(mut diagnostics: Diagnostics) -> Result<(), BuildError> {
    if diagnostics.is_empty() {
        Ok(())
    } else {
        diagnostics.sort();
        Err(BuildError::Content(diagnostics))
    }
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
    /// The extension's data; `None` without an extension, or when it could not be loaded (its
    /// problems are in `diagnostics`).
    data: Option<Box<dyn SiteData>>,
    static_files: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// The editors' search synonyms (`content/search-synonyms.yaml`).
    synonyms: Synonyms,
}

/// Loads content, templates and the extension's data (in parallel) and the list of static
/// files, then runs the checks across them. Fails at once only when there is no content to go
/// on (no readable `site.yaml`); otherwise the problems travel on with what did load.
fn load_sources(
    root: &Path,
    shown: &Path,
    drafts: bool,
    extension: Option<&Extension>,
) -> Result<Sources, BuildError> {
    let ext = extension.map(|e| &*e.0);
    let content_dir = root.join("content");
    let templates_dir = root.join("templates");
    let mut diagnostics = Diagnostics::default();
    let links = LinkPolicy::for_site(root, content::symlinks_allowed_outside(&content_dir));

    let (((content, content_problems), templates), data) = rayon::join(
        || {
            rayon::join(
                || {
                    let claims = ext.map(|ext| ext as &dyn crate::site::load::claim::Claims);
                    content::load(&content_dir, &shown.join("content"), drafts, &links, claims)
                },
                || Templates::load(&templates_dir, &shown.join("templates"), &links),
            )
        },
        || ext.map(|ext| ext.load(root, shown)).transpose(),
    );
    diagnostics.0.extend(content_problems.0);
    let data = data.map_err(|d| diagnostics.0.extend(d)).ok().flatten();
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

    diagnostics.0.extend(cross_checks(
        root,
        shown,
        &content,
        templates.as_ref(),
        ext,
        data.as_deref(),
    ));
    let synonyms = search_words::load_synonyms(
        &content_dir,
        &shown.join("content").join(search_words::SYNONYMS_FILE),
    )
    .map_err(|d| diagnostics.push(d))
    .unwrap_or_default();
    Ok(Sources {
        content,
        templates,
        data,
        static_files,
        diagnostics: diagnostics.0,
        synonyms,
    })
}

/// The checks across the loaded files: content against `site.yaml`, the extension's checks
/// (with its data, when it loaded), pages against the templates (when they loaded).
///
/// The content checks would report pages that failed to load as missing, so they run only
/// when every file loaded; the templates are checked whatever happened.
pub(crate) fn cross_checks(
    root: &Path,
    shown: &Path,
    content: &Content,
    templates: Option<&Templates>,
    extension: Option<&dyn SiteExtension>,
    data: Option<&dyn SiteData>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if content.unloaded.is_empty() {
        let site_file = shown.join("content/site.yaml");
        let site_text = std::fs::read_to_string(root.join("content/site.yaml")).unwrap_or_default();
        found.extend(validate::validate(content, &site_file, &site_text).0);
        if let Some(ext) = extension {
            found.extend(ext.check(content));
        }
        if let Some(data) = data {
            found.extend(data.check(content, shown));
        }
    }
    if let Some(templates) = templates {
        found.extend(check_templates(content, templates, shown));
    }
    found
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

/// The Markdown of every page and entry, rendered, with each one's search index entry.
struct MarkdownPass {
    rendered: Vec<Rendered>,
    entry_html: Vec<Rendered>,
    search: Vec<Arc<[u8]>>,
    entry_search: Vec<Arc<[u8]>>,
}

/// Renders every page body and entry, in parallel, resolving their links, and makes each one's
/// search index entry from the same parse, handing it on as `search` says.
///
/// Pages are handed to the threads in order (`par_bridge`), so those finished early and
/// waiting for their turn in a streamed index are never more than a few.
fn render_markdown(
    content: &mut Content,
    index: &LinkIndex,
    keep_sources: bool,
    extension: Option<&dyn SiteExtension>,
    search: SearchEntries<'_>,
) -> MarkdownPass {
    let hosted = hosted_entry_ids(content);
    let ordinary = ordinary_ids(extension);
    let captions = content.site.content_rules.require_table_captions;
    let hosts = entry_hosts(content);
    let host_urls: Vec<Option<String>> = (hosts.iter())
        .map(|host| host.map(|i| content.pages[i].url.clone()))
        .collect();
    // Each hosted entry's number in the index: after the pages, in order.
    let numbers: Vec<Option<usize>> = (host_urls.iter())
        .scan(content.pages.len(), |next, url| {
            Some(url.as_ref().map(|_| {
                *next += 1;
                *next - 1
            }))
        })
        .collect();
    let release = |src: &mut SourceText| {
        if !keep_sources {
            src.text = String::new();
        }
    };
    let (rendered, search_entries) = in_order(
        content
            .pages
            .iter_mut()
            .enumerate()
            .par_bridge()
            .map(|(i, page)| {
                let reserved = reserved_ids(page, i, ordinary, &hosted);
                let mut rendered = render_page(page, i, captions, index, &reserved);
                let entry =
                    search.hand_on(i, || site_files::page_search_entry(page, &mut rendered));
                rendered.text = String::new();
                release(&mut page.src);
                (i, rendered, entry)
            })
            .collect(),
    );
    let (entry_html, entry_search) = in_order(
        content
            .entries
            .iter_mut()
            .enumerate()
            .par_bridge()
            .map(|(i, entry)| {
                let mut rendered = render_entry(entry, hosts[i], captions, index);
                let search_entry = match (&host_urls[i], numbers[i]) {
                    (Some(url), Some(n)) => search.hand_on(n, || {
                        site_files::entry_search_entry(entry, url, &mut rendered)
                    }),
                    _ => matches!(search, SearchEntries::Keep).then(|| Arc::from(&[][..])),
                };
                rendered.text = String::new();
                release(&mut entry.src);
                (i, rendered, search_entry)
            })
            .collect(),
    );
    MarkdownPass {
        rendered,
        entry_html,
        search: search_entries,
        entry_search,
    }
}

/// One item of the Markdown pass: its number, its Markdown rendered, its search index entry
/// if it is kept.
type Numbered = (usize, Rendered, Option<Arc<[u8]>>);

/// The results of a pass over numbered items, in their order, with the entries kept.
fn in_order(mut results: Vec<Numbered>) -> (Vec<Rendered>, Vec<Arc<[u8]>>) {
    results.sort_unstable_by_key(|(i, ..)| *i);
    let mut rendered = Vec::with_capacity(results.len());
    let mut entries = Vec::new();
    for (_, r, entry) in results {
        rendered.push(r);
        entries.extend(entry);
    }
    (rendered, entries)
}

impl SearchEntries<'_> {
    /// Hands on search index entry number `n` (pages, then hosted entries), made by `make`;
    /// returns it when it is to be kept.
    fn hand_on(self, n: usize, make: impl FnOnce() -> Vec<u8>) -> Option<Arc<[u8]>> {
        match self {
            SearchEntries::Keep => Some(make().into()),
            SearchEntries::Stream(writer) => {
                writer.put(n, make());
                None
            }
            SearchEntries::Skip => None,
        }
    }
}

/// The ids an extension's templates give to ordinary pages.
fn ordinary_ids(extension: Option<&dyn SiteExtension>) -> &'static [&'static str] {
    extension.map_or(&[], |ext| ext.ordinary_page_ids())
}

/// The page each entry is shown on (same order as `content.entries`), if it exists.
pub(crate) fn entry_hosts(content: &Content) -> Vec<Option<usize>> {
    let by_source: HashMap<&str, usize> = (content.pages.iter().enumerate())
        .map(|(i, p)| (p.src.source.as_str(), i))
        .collect();
    (content.entries.iter())
        .map(|e| by_source.get(e.host.as_str()).copied())
        .collect()
}

/// The ids of the entries shown on each page that has any, by page.
pub(crate) fn hosted_entry_ids(content: &Content) -> HashMap<usize, Vec<String>> {
    let mut hosted: HashMap<usize, Vec<String>> = HashMap::new();
    for (entry, host) in content.entries.iter().zip(entry_hosts(content)) {
        if let Some(host) = host {
            hosted.entry(host).or_default().push(entry.id.clone());
        }
    }
    hosted
}

/// The ids page `i` carries besides its headings': the templates' own, and those of the
/// entries shown on it (`hosted`, from [`hosted_entry_ids`]).
fn reserved_ids<'a>(
    page: &Page,
    i: usize,
    ordinary: &'static [&'static str],
    hosted: &'a HashMap<usize, Vec<String>>,
) -> Vec<&'a str> {
    let mut reserved: Vec<&str> = TEMPLATE_IDS.to_vec();
    reserved.extend_from_slice(kind_ids(page.kind, ordinary));
    if let Some(ids) = hosted.get(&i) {
        reserved.extend(ids.iter().map(String::as_str));
    }
    reserved
}

/// Renders the body of page `i`; `hosted` are the ids of the entries shown on each page
/// ([`hosted_entry_ids`]).
pub(crate) fn render_page_markdown(
    content: &Content,
    index: &LinkIndex,
    i: usize,
    hosted: &HashMap<usize, Vec<String>>,
    extension: Option<&dyn SiteExtension>,
) -> Rendered {
    let captions = content.site.content_rules.require_table_captions;
    let page = &content.pages[i];
    let reserved = reserved_ids(page, i, ordinary_ids(extension), hosted);
    render_page(page, i, captions, index, &reserved)
}

fn render_page(
    page: &Page,
    i: usize,
    require_table_captions: bool,
    index: &LinkIndex,
    reserved: &[&str],
) -> Rendered {
    let doc = Document {
        path: &page.src.file,
        file_text: &page.src.text,
        body: page.src.body(),
        body_first_line: page.src.body_first_line,
        reserved_ids: reserved,
        headings_allowed: true,
        footnote_prefix: "",
        require_table_captions,
    };
    markdown::render(&doc, &index.resolver(&page.src.source, i))
}

/// Renders entry `i`, as shown on its host page.
pub(crate) fn render_entry_markdown(content: &Content, index: &LinkIndex, i: usize) -> Rendered {
    let host = entry_hosts(content)[i];
    let captions = content.site.content_rules.require_table_captions;
    render_entry(&content.entries[i], host, captions, index)
}

fn render_entry(
    entry: &Entry,
    host: Option<usize>,
    require_table_captions: bool,
    index: &LinkIndex,
) -> Rendered {
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
    markdown::render(&doc, &index.resolver(&entry.src.source, host.unwrap_or(0)))
}

/// The Markdown problems found while rendering, and every `#anchor` checked against the ids
/// its target page will carry (headings, footnotes, the template's own ids, and the entries
/// shown on it with their footnotes).
pub(crate) fn check_links(
    content: &Content,
    rendered: &[Rendered],
    entry_html: &[Rendered],
    extension: Option<&dyn SiteExtension>,
) -> Vec<Diagnostic> {
    let hosted = hosted_entry_ids(content);
    let ordinary = ordinary_ids(extension);
    let mut hosted_html: HashMap<usize, Vec<&Rendered>> = HashMap::new();
    for (host, html) in entry_hosts(content).into_iter().zip(entry_html) {
        if let Some(host) = host {
            hosted_html.entry(host).or_default().push(html);
        }
    }
    // Every id each page that a link's `#anchor` points into will carry: its headings and
    // footnotes, and the template's own ids. (Most pages are the target of no anchor.)
    let targets: BTreeSet<usize> = (rendered.iter().chain(entry_html))
        .flat_map(|r| r.anchors.iter().map(|a| a.check.page))
        .filter(|&page| page < content.pages.len())
        .collect();
    let ids: BTreeMap<usize, BTreeSet<String>> = targets
        .into_par_iter()
        .map(|i| {
            let (page, r) = (&content.pages[i], &rendered[i]);
            let mut set: BTreeSet<String> = r.ids.iter().cloned().collect();
            set.extend(
                reserved_ids(page, i, ordinary, &hosted)
                    .into_iter()
                    .map(str::to_owned),
            );
            if let Some(entries) = hosted_html.get(&i) {
                set.extend(entries.iter().flat_map(|a| a.ids.iter().cloned()));
            }
            (i, set)
        })
        .collect();
    let ids_of = |page: usize| ids.get(&page);
    let url_of = |page: usize| content.pages.get(page).map_or("", |p| p.url.as_str());
    let sources = content
        .pages
        .iter()
        .map(|p| &p.src)
        .chain(content.entries.iter().map(|e| &e.src));
    let link_problems: Vec<Diagnostic> = sources
        .zip(rendered.iter().chain(entry_html))
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

/// Renders the pages `pages` (indices into `content.pages`) with their templates, in parallel,
/// handing each to `sink` as soon as it is rendered.
fn render_pages(
    views: &SiteViews<'_>,
    content: &Content,
    templates: &Templates,
    pages: &[usize],
    sink: &dyn FileSink,
) -> Result<Emitted, BuildError> {
    // A page whose template is missing was reported by `check_templates`.
    let results: Vec<Result<u64, PageFailure>> = pages
        .par_iter()
        .filter(|&&i| templates.contains(content.pages[i].template()))
        .map(|&i| {
            let page = &content.pages[i];
            let view = views.render_view(i);
            let context = views.context(&view, Some(i)).map_err(|err| {
                Diagnostic::new(
                    &page.src.file,
                    0,
                    0,
                    format!("cannot prepare the page for its template: {err}"),
                )
            })?;
            let html = templates.render(page.template(), &context, &page.src.file)?;
            sink.put(OutputFile::Bytes {
                path: page.output.clone(),
                bytes: html.into_bytes(),
            })
            .map_err(PageFailure::Output)
        })
        .collect();
    collect_pages(results)
}

/// Renders the search page and the 404 page, which no Markdown file describes.
fn render_generated_pages(
    views: &SiteViews<'_>,
    templates: &Templates,
    shown: &Path,
    sink: &dyn FileSink,
) -> Result<Emitted, BuildError> {
    let mut results = Vec::new();
    for (name, view, output) in [
        ("search.html", views.search_view(), "search/index.html"),
        ("404.html", views.not_found_view(), "404.html"),
    ] {
        if !templates.contains(name) {
            continue;
        }
        let rendered = views
            .context(&view, None)
            .map_err(|err| {
                Diagnostic::new(shown.join("templates").join(name), 0, 0, err.to_string())
            })
            .and_then(|context| templates.render(name, &context, Path::new(name)))
            .map_err(PageFailure::from)
            .and_then(|html| {
                sink.put(OutputFile::Bytes {
                    path: output.to_owned(),
                    bytes: html.into_bytes(),
                })
                .map_err(PageFailure::Output)
            });
        results.push(rendered);
    }
    collect_pages(results)
}

/// Why one page could not be produced.
enum PageFailure {
    /// Its template failed.
    Template(Diagnostic),
    /// It could not be written.
    Output(std::io::Error),
}

impl From<Diagnostic> for PageFailure {
    fn from(d: Diagnostic) -> Self {
        PageFailure::Template(d)
    }
}

/// Counts the pages produced, or reports every distinct template error: one broken template
/// fails every page that uses it, and is reported once.
fn collect_pages(results: Vec<Result<u64, PageFailure>>) -> Result<Emitted, BuildError> {
    let mut emitted = Emitted { files: 0, bytes: 0 };
    let mut template_errors: BTreeMap<(PathBuf, usize, usize, String), Diagnostic> =
        BTreeMap::new();
    for result in results {
        match result {
            Ok(bytes) => {
                emitted.files += 1;
                emitted.bytes += bytes;
            }
            Err(PageFailure::Template(d)) => {
                template_errors
                    .entry((d.path.clone(), d.line, d.column, d.message.clone()))
                    .or_insert(d);
            }
            Err(PageFailure::Output(source)) => return Err(output_failure(source)),
        }
    }
    fail_if_any(Diagnostics(template_errors.into_values().collect()))?;
    Ok(emitted)
}

//! Incremental rebuilds, for `serve`: after a save, re-render only what the change affects and
//! write only the files whose bytes changed, with output byte-identical to a full build.
//!
//! What a change affects:
//! - the body of a page: that page, plus the site-level files (sitemap, search index) and the
//!   anchor checks of every link, which are cheap and always redone;
//! - the body of an entry (an FAQ answer): the page it is shown on, likewise;
//! - the front matter of a page (title, summary, weight, …): that page and the pages that show
//!   it (the section listing it, the pages below it, the A to Z, and the pages the extension
//!   names, such as the guide's roles index: `page_views::pages_showing_front_matter_of`);
//! - the front matter of an entry: the page it is shown on;
//! - a template: every page is rendered again from the Markdown kept in memory;
//! - anything else (`site.yaml`, the extension's data such as the guide's rules, static files,
//!   a page added, deleted or made a draft, or a build that failed): a full build. Errors are always reported by a full build,
//!   so they read exactly as `arrs-guide build` reports them.
//!
//! In every case only the files whose bytes changed are written.
//!
//! The site lives in two folders that take turns: one is served while the other is brought up
//! to date (first copying the files the previous update changed, as hard links, then writing
//! this update's files, each by rename so a file shared by hard link is never modified in
//! place), and then they swap. A hash of every file of the live folder tells which files an
//! update changes.

use crate::site::build::{
    build_model, check_links, cross_checks, entry_hosts, hosted_entry_ids, render_entry_markdown,
    render_page_markdown, BuildError, BuildOptions, Selection, SiteModel,
};
use crate::site::diagnostic::Diagnostics;
use crate::site::extension::Extension;
use crate::site::load::content::{self, Loaded};
use crate::site::load::discover::{slash_path, LinkPolicy};
use crate::site::output::site_files::{entry_search_entry, page_search_entry};
use crate::site::output::staging::{write_to, FileSink, OutputFile};
use crate::site::render::page_views::{needs_wasm, pages_showing_front_matter_of};
use crate::site::render::templates::Templates;
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::Xxh3;

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// Everything was loaded and rendered again.
    Full,
    /// Only these many pages were rendered again.
    Pages(usize),
    /// Every page was rendered again from the Markdown kept in memory (a template change).
    AllPages,
}

/// The result of a successful update.
#[derive(Debug, Clone)]
pub struct Updated {
    /// The folder that now holds the whole site.
    pub dir: PathBuf,
    /// HTML pages of the site.
    pub pages: usize,
    /// Files written by this update.
    pub written: usize,
    /// What was rendered.
    pub kind: UpdateKind,
    /// Wall time.
    pub elapsed: Duration,
}

/// A site kept in memory between builds, updated after each change.
pub struct IncrementalSite {
    root: PathBuf,
    drafts: bool,
    extension: Option<Extension>,
    work: Work,
    next: u64,
    state: Option<State>,
    /// The folder served before a failed build, kept until a build succeeds.
    orphan: Option<PathBuf>,
}

/// Where the site's folders are made.
enum Work {
    /// A temporary folder of its own, removed on drop.
    Private(tempfile::TempDir),
    /// A folder someone else removes.
    Given(PathBuf),
}

impl Work {
    fn path(&self) -> &Path {
        match self {
            Work::Private(dir) => dir.path(),
            Work::Given(dir) => dir,
        }
    }
}

/// The last good build.
struct State {
    model: SiteModel,
    /// Hash of every file of the live folder that the build wrote itself, by output path.
    hashes: HashMap<String, u64>,
    live: PathBuf,
    spare: Spare,
}

/// The folder that is not served.
enum Spare {
    /// None yet, or one whose contents are unknown: it is replaced by a copy of the live folder.
    Stale(Option<PathBuf>),
    /// One that matches the live folder but for these files, written by the last update.
    Behind { dir: PathBuf, changed: Vec<String> },
}

/// What a set of changed files asks for.
#[derive(Debug, Default)]
struct Plan {
    /// Markdown files under `content/`, by source path.
    markdown: BTreeSet<String>,
    /// A template (not a static file) changed.
    templates: bool,
}

impl IncrementalSite {
    /// A site in `root` (holding `content/` and `templates/`), built with `extension` as
    /// [`BuildOptions::extension`]; nothing is built yet. Its folders are made in a private
    /// temporary folder, removed when this is dropped.
    pub fn new(
        root: &Path,
        drafts: bool,
        extension: Option<Extension>,
    ) -> io::Result<IncrementalSite> {
        let work = tempfile::Builder::new()
            .prefix("arrs-guide-site-")
            .tempdir()?;
        IncrementalSite::with_work(root, drafts, extension, Work::Private(work))
    }

    /// Like [`IncrementalSite::new`], with its folders made in `work` (created if missing),
    /// which whoever owns it removes: `serve` passes a folder inside its own private folder.
    pub fn new_in(
        root: &Path,
        drafts: bool,
        extension: Option<Extension>,
        work: &Path,
    ) -> io::Result<IncrementalSite> {
        std::fs::create_dir_all(work)?;
        IncrementalSite::with_work(root, drafts, extension, Work::Given(work.to_path_buf()))
    }

    fn with_work(
        root: &Path,
        drafts: bool,
        extension: Option<Extension>,
        work: Work,
    ) -> io::Result<IncrementalSite> {
        let root = root.canonicalize()?;
        Ok(IncrementalSite {
            root,
            drafts,
            extension,
            work,
            next: 1,
            state: None,
            orphan: None,
        })
    }

    /// Brings the site up to date after `changed` files changed (absolute paths, or relative to
    /// the root); `None` asks for a full build. Returns the folder now holding the whole site.
    pub fn update(&mut self, changed: Option<&[PathBuf]>) -> Result<Updated, BuildError> {
        let started = Instant::now();
        if let (Some(changed), Some(_)) = (changed, &self.state) {
            if let Some(plan) = self.plan(changed) {
                if let Some((written, kind)) = self.try_incremental(&plan) {
                    let state = self
                        .state
                        .as_ref()
                        .map(|s| (s.live.clone(), s.model.page_count()));
                    if let Some((dir, pages)) = state {
                        return Ok(Updated {
                            dir,
                            pages,
                            written,
                            kind,
                            elapsed: started.elapsed(),
                        });
                    }
                }
            }
        }
        self.full(started)
    }

    /// Builds everything into a fresh folder, and keeps the result.
    fn full(&mut self, started: Instant) -> Result<Updated, BuildError> {
        let dir = self.fresh_dir();
        let hashes = Mutex::new(HashMap::new());
        let record = |file: &OutputFile| {
            if let Ok(hash) = hash_file(file) {
                lock(&hashes).insert(file.path().to_owned(), hash);
            }
        };
        let options = BuildOptions {
            root: self.root.clone(),
            out: dir.clone(),
            drafts: self.drafts,
            extension: self.extension.clone(),
        };
        let previous = self.state.take();
        if let Some(previous) = previous {
            remove_later(previous.spare_dir());
            // Still served until this build succeeds; removed by a later update.
            if let Some(orphan) = self.orphan.replace(previous.live) {
                remove_later(Some(orphan));
            }
        }
        let (report, model) = build_model(&options, Some(&record))?;
        let _ = report.cleanup.wait();
        let spare = Spare::Stale(self.orphan.take());
        self.state = Some(State {
            model,
            hashes: hashes.into_inner().unwrap_or_else(|p| p.into_inner()),
            live: dir.clone(),
            spare,
        });
        Ok(Updated {
            dir,
            pages: report.pages,
            written: report.files,
            kind: UpdateKind::Full,
            elapsed: started.elapsed(),
        })
    }

    /// Sorts the changed files into what an incremental update can handle, or `None` when a
    /// full build is needed.
    fn plan(&self, changed: &[PathBuf]) -> Option<Plan> {
        let content_dir = self.root.join("content");
        let templates_dir = self.root.join("templates");
        let mut plan = Plan::default();
        for path in changed {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                self.root.join(path)
            };
            let is_markdown = path.extension().is_some_and(|e| e == "md");
            if let Ok(rel) = path.strip_prefix(&content_dir) {
                if !is_markdown || !path.is_file() {
                    return None;
                }
                plan.markdown.insert(slash_path(rel));
            } else if let Ok(rel) = path.strip_prefix(&templates_dir) {
                let is_template = path.extension().is_some_and(|e| e == "html");
                if rel.starts_with("static") || !is_template || !path.is_file() {
                    return None;
                }
                plan.templates = true;
            } else {
                return None;
            }
        }
        Some(plan)
    }

    /// Updates the kept model and the spare folder for `plan`, then swaps the folders. `None`
    /// when the change needs a full build (the kept state is then dropped by the full build).
    fn try_incremental(&mut self, plan: &Plan) -> Option<(usize, UpdateKind)> {
        let root = self.root.clone();
        let drafts = self.drafts;
        let state = self.state.as_mut()?;
        let model = &mut state.model;
        let shown = model.shown.clone();
        let mut front_matter_changed = plan.templates;
        let mut pages = BTreeSet::new();
        let mut entries = BTreeSet::new();
        for source in &plan.markdown {
            // A symbolic link may lead outside the site: the full build applies the site's
            // policy for those.
            let path = root.join("content").join(source);
            if path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                return None;
            }
            let loaded = content::load_one(
                &root.join("content"),
                &shown.join("content"),
                Path::new(source),
                drafts,
                model.extension().map(|ext| ext as _),
            )
            .ok()?;
            match loaded {
                Loaded::Page(page) => {
                    let i = model
                        .content
                        .pages
                        .iter()
                        .position(|p| p.src.source == *source)?;
                    let old = &model.content.pages[i];
                    let ext = model.extension();
                    if needs_wasm(ext, old) != needs_wasm(ext, &page) || old.kind != page.kind {
                        return None;
                    }
                    front_matter_changed |= !same_front_matter(&old.src, &page.src);
                    model.content.pages[i] = *page;
                    pages.insert(i);
                }
                Loaded::Entry(entry) => {
                    let i = model
                        .content
                        .entries
                        .iter()
                        .position(|e| e.src.source == *source)?;
                    let old = &model.content.entries[i];
                    if old.host != entry.host {
                        return None;
                    }
                    front_matter_changed |= !same_front_matter(&old.src, &entry.src);
                    model.content.entries[i] = *entry;
                    entries.insert(i);
                }
                // A draft that stays a draft changes nothing; one that became a draft is gone.
                Loaded::Draft(source) if model.content.drafts.contains(&source) => {}
                Loaded::Draft(_) => return None,
            }
        }
        if plan.templates {
            let links = LinkPolicy::for_site(
                &root,
                content::symlinks_allowed_outside(&root.join("content")),
            );
            model.templates =
                Templates::load(&root.join("templates"), &shown.join("templates"), &links).ok()?;
        }

        let hosted = hosted_entry_ids(&model.content);
        let ext = model.extension.as_ref().map(|e| &*e.0);
        for &i in &pages {
            let rendered = render_page_markdown(&model.content, &model.index, i, &hosted, ext);
            model.search[i] = page_search_entry(&model.content.pages[i], &rendered);
            model.rendered[i] = rendered;
        }
        let hosts = entry_hosts(&model.content);
        for &i in &entries {
            model.entry_html[i] = render_entry_markdown(&model.content, &model.index, i);
            model.entry_search[i] = hosts[i]
                .map(|host| {
                    entry_search_entry(&model.content.entries[i], &model.content.pages[host].url)
                })
                .unwrap_or_else(|| std::sync::Arc::from(&[][..]));
        }
        if front_matter_changed {
            let problems = cross_checks(
                &root,
                &shown,
                &model.content,
                Some(&model.templates),
                ext,
                model.data.as_deref(),
            );
            if !problems.is_empty() {
                return None;
            }
        }
        if !check_links(&model.content, &model.rendered, &model.entry_html, ext).is_empty() {
            return None;
        }

        let (selection, kind) = if plan.templates {
            (Selection::All, UpdateKind::AllPages)
        } else {
            let mut render = pages.clone();
            if front_matter_changed {
                for &i in &pages {
                    render.extend(pages_showing_front_matter_of(&model.content, i, ext));
                }
            }
            // An entry is shown on its host page.
            render.extend(entries.iter().filter_map(|&i| hosts[i]));
            // The search and 404 pages are rendered too after a front matter edit.
            let count = render.len() + if front_matter_changed { 2 } else { 0 };
            let selection = Selection::Pages {
                pages: render,
                generated: front_matter_changed,
            };
            (selection, UpdateKind::Pages(count))
        };

        let spare = self.next_spare()?;
        let state = self.state.as_mut()?;
        let sink = SpareSink {
            dir: &spare,
            hashes: &state.hashes,
            changed: Mutex::new(Vec::new()),
        };
        let emitted = state.model.emit(&selection, &sink);
        let changed = sink.changed.into_inner().unwrap_or_else(|p| p.into_inner());
        if emitted.is_err() {
            state.spare = Spare::Stale(Some(spare));
            return None;
        }
        let mut written = Vec::with_capacity(changed.len());
        for (path, hash) in changed {
            state.hashes.insert(path.clone(), hash);
            written.push(path);
        }
        let count = written.len();
        let old_live = std::mem::replace(&mut state.live, spare);
        state.spare = Spare::Behind {
            dir: old_live,
            changed: written,
        };
        Some((count, kind))
    }

    /// Makes the spare folder match the live one, and returns it.
    fn next_spare(&mut self) -> Option<PathBuf> {
        let fresh = self.fresh_dir();
        let state = self.state.as_mut()?;
        let spare = std::mem::replace(&mut state.spare, Spare::Stale(None));
        match spare {
            Spare::Behind { dir, changed } => {
                for path in &changed {
                    if replace_with_link(&state.live.join(path), &dir.join(path)).is_err() {
                        remove_later(Some(dir));
                        return clone_tree(&state.live, &fresh).ok().map(|()| fresh);
                    }
                }
                Some(dir)
            }
            Spare::Stale(dir) => {
                remove_later(dir);
                clone_tree(&state.live, &fresh).ok().map(|()| fresh)
            }
        }
    }

    fn fresh_dir(&mut self) -> PathBuf {
        let dir = self.work.path().join(format!("site-{}", self.next));
        self.next += 1;
        dir
    }
}

impl State {
    fn spare_dir(&self) -> Option<PathBuf> {
        match &self.spare {
            Spare::Stale(dir) => dir.clone(),
            Spare::Behind { dir, .. } => Some(dir.clone()),
        }
    }
}

/// True when two versions of a file have the same front matter (so only the body changed).
fn same_front_matter(old: &content::SourceText, new: &content::SourceText) -> bool {
    old.yaml == new.yaml
        && old.yaml_first_line == new.yaml_first_line
        && old.body_first_line == new.body_first_line
}

/// Writes into the spare folder the files whose bytes differ from the live folder's.
struct SpareSink<'a> {
    dir: &'a Path,
    hashes: &'a HashMap<String, u64>,
    changed: Mutex<Vec<(String, u64)>>,
}

impl FileSink for SpareSink<'_> {
    fn put(&self, file: OutputFile) -> io::Result<u64> {
        let hash = hash_file(&file)?;
        let size = match &file {
            OutputFile::Bytes { bytes, .. } => bytes.len() as u64,
            OutputFile::Parts { parts, .. } => parts.iter().map(|p| p.len() as u64).sum(),
            OutputFile::Copy { from, .. } => std::fs::metadata(from)?.len(),
        };
        if self.hashes.get(file.path()) == Some(&hash) {
            return Ok(size);
        }
        write_by_rename(&self.dir.join(file.path()), &file)?;
        lock(&self.changed).push((file.path().to_owned(), hash));
        Ok(size)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// A 64-bit hash of a file's bytes (XXH3; a file in parts hashes as its pieces in order, the
/// same as the whole).
fn hash_file(file: &OutputFile) -> io::Result<u64> {
    let mut hasher = Xxh3::new();
    match file {
        OutputFile::Bytes { bytes, .. } => hasher.update(bytes),
        OutputFile::Parts { parts, .. } => parts.iter().for_each(|p| hasher.update(p)),
        OutputFile::Copy { from, .. } => hasher.update(&std::fs::read(from)?),
    }
    Ok(hasher.digest())
}

/// Writes `file` to `target` through a temporary name and a rename, so that a file `target`
/// shares with the live folder (a hard link) is replaced, never modified.
fn write_by_rename(target: &Path, file: &OutputFile) -> io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut temp = target.as_os_str().to_owned();
    temp.push(".writing");
    let temp = PathBuf::from(temp);
    write_to(&temp, file)?;
    std::fs::rename(&temp, target)
}

/// Makes `target` a hard link to `source` (or removes it when `source` is gone).
fn replace_with_link(source: &Path, target: &Path) -> io::Result<()> {
    match std::fs::remove_file(target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if !source.exists() {
        return Ok(());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::hard_link(source, target).or_else(|_| std::fs::copy(source, target).map(|_| ()))
}

/// Copies the tree `from` to `to` (which must not exist) as hard links.
fn clone_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::hard_link(entry.path(), &target)
                .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))?;
        }
    }
    Ok(())
}

/// Removes a folder on a thread of its own (thousands of files take a while).
fn remove_later(dir: Option<PathBuf>) {
    if let Some(dir) = dir {
        std::thread::spawn(move || {
            let _ = std::fs::remove_dir_all(dir);
        });
    }
}

impl std::fmt::Debug for IncrementalSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncrementalSite")
            .field("root", &self.root)
            .field("built", &self.state.is_some())
            .finish()
    }
}

/// Turns a build error into diagnostics, for `serve`.
pub fn into_diagnostics(error: BuildError, out: &Path) -> Diagnostics {
    match error {
        BuildError::Content(diagnostics) => diagnostics,
        other => Diagnostics(vec![crate::site::Diagnostic::new(
            out,
            0,
            0,
            other.to_string(),
        )]),
    }
}

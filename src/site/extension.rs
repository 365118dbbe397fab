//! The extension point: how a site built on the generator adds what only it knows.
//!
//! The generator on its own builds any folder of Markdown: pages, sections, the A to Z search
//! page and the 404 page. A `SiteExtension` (crate-internal), installed through an
//! [`Extension`] handle in [`BuildOptions`](crate::site::BuildOptions), adds to that:
//!
//! - **load**: page kinds of its own (a template and the ids it gives elements), front matter
//!   of its own read into its own types (`Claims::claim`), and *entries*: Markdown files
//!   gathered onto another page instead of being pages themselves (questions on an FAQ page,
//!   say), plus its checks across files, each located at file:line:col;
//! - **its own data** (`SiteExtension::load` → `SiteData`), loaded beside the content, with
//!   checks of the content against it;
//! - **views**: values added to every template's context (`PageExtras::fill`), carried by the
//!   engine without knowing their types, and entries for a page's table of contents;
//! - **output**: assets built outside the Markdown pipeline (`GeneratedAssets`) and files
//!   written beside the pages;
//! - **serve**: which pages to render again when a page's front matter changes.
//!
//! The extension's per-page values are opaque to the engine (`ExtensionData`) and typed again
//! by the extension that made them. `docs/architecture.md` lists every call and the guide's
//! answer to it.

use crate::site::diagnostic::Diagnostic;
pub(crate) use crate::site::load::claim::{
    Claim, ClaimedEntry, ClaimedPage, Claims, ExtensionData, ExtensionKind, FrontMatter,
};
use crate::site::load::content::{Content, Page};
use crate::site::output::staging::OutputFile;
use crate::site::render::markdown::Rendered;
use crate::site::render::toc::TocEntry;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// An installed extension, for [`BuildOptions`](crate::site::BuildOptions) and
/// [`IncrementalSite`](crate::site::incremental::IncrementalSite). Cheap to clone.
#[derive(Clone)]
pub struct Extension(pub(crate) Arc<dyn SiteExtension>);

impl Extension {
    /// Installs `extension`.
    pub(crate) fn new(extension: impl SiteExtension + 'static) -> Extension {
        Extension(Arc::new(extension))
    }
}

impl fmt::Debug for Extension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Extension")
    }
}

/// Files produced outside the Markdown pipeline by an extension (the guide: the calculator's
/// hashed script and WebAssembly), and their URLs by name for templates
/// (`assets["calc_wasm.js"]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct GeneratedAssets {
    /// Files to write.
    pub(crate) files: Vec<OutputFile>,
    /// Asset name → root-relative URL.
    pub(crate) urls: BTreeMap<String, String>,
}

/// What a site built on the generator adds to it: the kinds it gives Markdown files
/// ([`Claims`], at load), and the rest below. Every method but [`Claims::claim`] and
/// [`SiteExtension::load`] has a default that adds nothing.
pub(crate) trait SiteExtension: Claims {
    /// Ids the extension's templates give to elements of ordinary pages.
    fn ordinary_page_ids(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether `page` runs WebAssembly: it then gets a Content-Security-Policy that allows it,
    /// and `_headers` serves `.wasm` files with their type.
    fn runs_wasm(&self, page: &Page) -> bool {
        let _ = page;
        false
    }

    /// Checks across the loaded files that need no data of the extension's own.
    fn check(&self, content: &Content) -> Vec<Diagnostic> {
        let _ = content;
        Vec::new()
    }

    /// Loads the extension's own data from the site in `root` (`shown` is how the root is named
    /// in diagnostics), in parallel with the content. On failure the build stops after the
    /// checks, before any template runs.
    fn load(&self, root: &Path, shown: &Path) -> Result<Box<dyn SiteData>, Vec<Diagnostic>>;

    /// The pages, other than the ones the generator itself knows of (sections, pages below,
    /// the A to Z), whose view shows something of the front matter of page `changed`: `serve`
    /// renders them again after a front matter edit.
    fn pages_showing(&self, content: &Content, changed: usize) -> Vec<usize> {
        let _ = (content, changed);
        Vec::new()
    }
}

/// An extension's data for one build, loaded by [`SiteExtension::load`].
pub(crate) trait SiteData: Send + Sync {
    /// Checks of the content against the data; `shown` is how the root is named in
    /// diagnostics.
    fn check(&self, content: &Content, shown: &Path) -> Vec<Diagnostic> {
        let _ = (content, shown);
        Vec::new()
    }

    /// Assets built outside the Markdown pipeline for the site in `root`, made only by a build
    /// that writes files and has found no problem.
    fn generated_assets(
        &self,
        root: &Path,
        content: &Content,
    ) -> Result<GeneratedAssets, Box<dyn std::error::Error + Send + Sync>> {
        let _ = (root, content);
        Ok(GeneratedAssets::default())
    }

    /// Files written beside the pages by a full build.
    fn files(&self) -> std::io::Result<Vec<OutputFile>> {
        Ok(Vec::new())
    }

    /// What the extension adds to the views of one rendering of the site.
    fn views<'a>(&'a self, site: ViewInput<'a>) -> Box<dyn PageExtras + 'a>;
}

/// What the views of the extension are made from.
#[derive(Clone, Copy)]
pub(crate) struct ViewInput<'a> {
    /// The loaded content.
    pub(crate) content: &'a Content,
    /// Each entry's body, rendered (same order as `content.entries`).
    pub(crate) entries: &'a [Rendered],
    /// Generated and fingerprinted asset URLs by name.
    pub(crate) assets: &'a BTreeMap<String, String>,
    /// The date the site is built as of.
    pub(crate) today: NaiveDate,
}

/// The extension's part of each page's view.
pub(crate) trait PageExtras: Sync {
    /// Entries added to the table of contents of page `page` (an index into `content.pages`).
    fn toc(&self, page: usize) -> Vec<TocEntry> {
        let _ = page;
        Vec::new()
    }

    /// Adds the extension's values to the template context of page `page` (`None` for the
    /// pages the build writes itself: search and 404). Every page gets the same keys (absent
    /// values as null), because templates fail on undefined variables.
    fn fill(&self, page: Option<usize>, context: &mut tera::Context);
}

/// An extension for the generator's own tests: the Markdown files of one folder are entries
/// shown on the folder's `_index.md`, titled by their front matter's `title`.
#[cfg(test)]
pub(crate) struct GatherFolder(pub(crate) &'static str);

#[cfg(test)]
impl Claims for GatherFolder {
    fn claim(
        &self,
        source: &str,
        front_matter: &FrontMatter<'_>,
    ) -> Option<Result<Claim, Diagnostic>> {
        use crate::site::load::content::{file_stem, parent_folder};
        use crate::site::load::model::PageFrontMatter;
        if parent_folder(source) != self.0 || file_stem(source) == "_index" {
            return None;
        }
        Some(front_matter.parse::<PageFrontMatter>().map(|meta| {
            Claim::Entry(ClaimedEntry {
                host: format!("{}/_index.md", self.0),
                title: meta.title.clone(),
                summary: String::new(),
                sources: meta.sources.clone(),
                draft: meta.draft,
                data: ExtensionData::new(meta),
            })
        }))
    }
}

#[cfg(test)]
impl SiteExtension for GatherFolder {
    fn load(&self, _root: &Path, _shown: &Path) -> Result<Box<dyn SiteData>, Vec<Diagnostic>> {
        struct Nothing;
        impl SiteData for Nothing {
            fn views<'a>(&'a self, _site: ViewInput<'a>) -> Box<dyn PageExtras + 'a> {
                Box::new(Nothing)
            }
        }
        impl PageExtras for Nothing {
            fn fill(&self, _page: Option<usize>, _context: &mut tera::Context) {}
        }
        Ok(Box::new(Nothing))
    }
}

//! What an extension makes of a Markdown file at load ([`Claims`]): a page kind of its own, a
//! page whose front matter it reads into its own types, or an entry shown on another page. The
//! rest of the extension point is [`crate::site::extension`].

use crate::site::diagnostic::Diagnostic;
use crate::site::load::front_matter::{self, Split};
use crate::site::load::model::{PageFrontMatter, Source};
use serde::de::DeserializeOwned;
use std::any::Any;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// How an extension gives Markdown files a kind of their own.
pub(crate) trait Claims: Send + Sync {
    /// What the Markdown file at `source` (path from the content root, `/`-separated) is, when
    /// the extension gives it a kind of its own; `None` leaves it an ordinary page or section.
    fn claim(
        &self,
        source: &str,
        front_matter: &FrontMatter<'_>,
    ) -> Option<Result<Claim, Diagnostic>>;
}

/// A page kind an extension adds: its name (as templates see it in `page.kind`), its default
/// template and the ids its template gives to elements, which headings may not take.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ExtensionKind {
    /// Name, e.g. `role`.
    pub(crate) name: &'static str,
    /// Template used unless the page names another.
    pub(crate) template: &'static str,
    /// Ids the template gives to elements.
    pub(crate) ids: &'static [&'static str],
}

/// A value an extension attaches to a page or entry, typed again with [`ExtensionData::get`].
#[derive(Clone)]
pub(crate) struct ExtensionData(Arc<dyn Any + Send + Sync>);

impl ExtensionData {
    /// Wraps `value`.
    pub(crate) fn new(value: impl Any + Send + Sync) -> ExtensionData {
        ExtensionData(Arc::new(value))
    }

    /// The value, if it is a `T`.
    pub(crate) fn get<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl fmt::Debug for ExtensionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ExtensionData")
    }
}

/// A content file's front matter, for an extension to read into its own types; errors are
/// located in the file as for every other front matter.
pub(crate) struct FrontMatter<'a> {
    pub(crate) split: &'a Split<'a>,
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
}

impl FrontMatter<'_> {
    /// The front matter read as `T`, or the located problem.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        front_matter::parse(self.split, self.file, self.text)
    }
}

/// What an extension makes of a Markdown file it recognises.
pub(crate) enum Claim {
    /// A page with the ordinary front matter, of the extension's kind.
    Kind(&'static ExtensionKind),
    /// A page whose front matter the extension read itself.
    Page(ClaimedPage),
    /// An entry shown on another page.
    Entry(ClaimedEntry),
}

/// A page whose front matter an extension read.
pub(crate) struct ClaimedPage {
    /// Its kind.
    pub(crate) kind: &'static ExtensionKind,
    /// The front matter every page has (title, summary, dates, …), filled by the extension.
    pub(crate) meta: PageFrontMatter,
    /// The extension's own front matter.
    pub(crate) data: ExtensionData,
    /// Words that search reads besides the body (facts the template shows from the front
    /// matter).
    pub(crate) search_facts: Vec<String>,
}

/// A Markdown file gathered onto another page (its *host*) under an anchor named after the
/// file: it has no URL of its own, links to it lead to the anchor, and its body may not have
/// headings.
pub(crate) struct ClaimedEntry {
    /// Source path of the host page (`faq/_index.md`).
    pub(crate) host: String,
    /// Title in the search index.
    pub(crate) title: String,
    /// Summary in the search index.
    pub(crate) summary: String,
    /// Cited sources (their URLs are checked).
    pub(crate) sources: Vec<Source>,
    /// Left out unless building with drafts.
    pub(crate) draft: bool,
    /// The extension's own front matter.
    pub(crate) data: ExtensionData,
}

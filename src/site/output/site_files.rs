//! The site-level files written beside the pages: `sitemap.xml`, `robots.txt`, `_headers` and
//! `search-index.json`.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::content::{Content, Entry, Page};
use crate::site::load::search_words::Synonyms;
use crate::site::output::search_index::{self, page_text, SearchEntry};
use crate::site::output::sitemap::{self, SitemapEntry};
use crate::site::output::staging::OutputFile;
use crate::site::render::markdown::Rendered;
use std::sync::Arc;

/// One page's entry in the search index, as JSON: its title, URL, headings (from `rendered`,
/// its Markdown result), summary, aliases and plain text (`rendered.text`, taken out: the
/// model keeps the entry, not the text).
pub(crate) fn page_search_entry(page: &Page, rendered: &mut Rendered) -> Vec<u8> {
    search_index::entry_json(&SearchEntry {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        headings: rendered
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| h.title.clone())
            .collect(),
        summary: page.meta.summary.clone().unwrap_or_default(),
        aliases: page.meta.aliases.clone(),
        body: page_text(page, std::mem::take(&mut rendered.text)),
    })
}

/// An entry's own entry in the search index (an FAQ answer, say), as JSON; `host_url` is the
/// URL of the page it is shown on and `rendered` the entry's Markdown result, whose text is
/// taken out.
pub(crate) fn entry_search_entry(
    entry: &Entry,
    host_url: &str,
    rendered: &mut Rendered,
) -> Vec<u8> {
    search_index::entry_json(&SearchEntry {
        title: entry.title.clone(),
        url: format!("{host_url}#{}", entry.id),
        headings: Vec::new(),
        summary: entry.summary.clone(),
        aliases: Vec::new(),
        body: std::mem::take(&mut rendered.text),
    })
}

/// The site-level files: `sitemap.xml` (exactly the built pages and `/search/`), `robots.txt`,
/// `_headers` and `search-index.json`.
/// `search` holds the search index entries ([`page_search_entry`] of every page in order, then
/// [`entry_search_entry`] of every entry whose page exists), or is `None` when the index was
/// written while the pages were rendered; `any_wasm` whether a
/// page runs WebAssembly; `immutable` the URLs of files with a content hash in their name;
/// `synonyms` the editors' synonym groups for search.
pub(crate) fn site_files(
    content: &Content,
    search: Option<&[Arc<[u8]>]>,
    any_wasm: bool,
    immutable: &[String],
    synonyms: &Synonyms,
) -> Result<Vec<OutputFile>, Diagnostic> {
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

    let mut files = vec![
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
            bytes: sitemap::headers(any_wasm, immutable).into_bytes(),
        },
    ];
    if let Some(search) = search {
        let parts = search_index::index_parts(search, synonyms).map_err(|err| {
            Diagnostic::new(
                SEARCH_INDEX,
                0,
                0,
                format!("cannot write the search index: {err}"),
            )
        })?;
        files.push(OutputFile::Parts {
            path: SEARCH_INDEX.into(),
            parts,
        });
    }
    Ok(files)
}

/// Path of the search index in the output.
pub(crate) const SEARCH_INDEX: &str = "search-index.json";

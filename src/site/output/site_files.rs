//! The site-level files written beside the pages: `sitemap.xml`, `robots.txt`, `_headers` and
//! `search-index.json`.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::content::{Content, Entry, Page};
use crate::site::load::search_words::Synonyms;
use crate::site::output::search_index::{self, entry_text, page_text, SearchEntry};
use crate::site::output::sitemap::{self, SitemapEntry};
use crate::site::output::staging::OutputFile;
use crate::site::render::markdown::Rendered;
use std::sync::Arc;

/// One page's entry in the search index, as JSON: its title, URL, headings (from `rendered`,
/// its Markdown result), summary, aliases and plain text. Taken while the page's source text is
/// at hand, and kept, so the index is put together again cheaply after each edit.
pub(crate) fn page_search_entry(page: &Page, rendered: &Rendered) -> Arc<[u8]> {
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
        body: page_text(page),
    })
    .into()
}

/// An entry's own entry in the search index (an FAQ answer, say), as JSON; `host_url` is the
/// URL of the page it is shown on.
pub(crate) fn entry_search_entry(entry: &Entry, host_url: &str) -> Arc<[u8]> {
    search_index::entry_json(&SearchEntry {
        title: entry.title.clone(),
        url: format!("{host_url}#{}", entry.id),
        headings: Vec::new(),
        summary: entry.summary.clone(),
        aliases: Vec::new(),
        body: entry_text(entry),
    })
    .into()
}

/// The site-level files: `sitemap.xml` (exactly the built pages and `/search/`), `robots.txt`,
/// `_headers` and `search-index.json`.
/// `search` holds the search index entries ([`page_search_entry`] of every page in order, then
/// [`entry_search_entry`] of every entry whose page exists); `any_wasm` whether a
/// page runs WebAssembly; `immutable` the URLs of files with a content hash in their name;
/// `synonyms` the editors' synonym groups for search.
pub(crate) fn site_files(
    content: &Content,
    search: &[Arc<[u8]>],
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

    let index = search_index::index_parts(search, synonyms).map_err(|err| {
        Diagnostic::new(
            "search-index.json",
            0,
            0,
            format!("cannot write the search index: {err}"),
        )
    })?;
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
            bytes: sitemap::headers(any_wasm, immutable).into_bytes(),
        },
        OutputFile::Parts {
            path: "search-index.json".into(),
            parts: index,
        },
    ])
}

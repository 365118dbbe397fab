//! The site-level files written beside the pages: `sitemap.xml`, `robots.txt`, `_headers` and
//! `search-index.json`.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::content::Content;
use crate::site::load::search_words::Synonyms;
use crate::site::output::search_index::{self, faq_text, page_text, SearchEntry};
use crate::site::output::sitemap::{self, SitemapEntry};
use crate::site::output::staging::OutputFile;
use crate::site::render::markdown::Rendered;

/// The site-level files: `sitemap.xml` (exactly the built pages and `/search/`), `robots.txt`,
/// `_headers` and `search-index.json`.
/// `rendered` holds each page's Markdown result (same order as `content.pages`); `faq_url` is
/// the FAQ page's URL if the site has one; `any_wasm` whether a page runs WebAssembly;
/// `synonyms` the editors' synonym groups for search.
pub(crate) fn site_files(
    content: &Content,
    rendered: &[Rendered],
    faq_url: Option<&str>,
    any_wasm: bool,
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
            body: page_text(p),
        })
        .collect();
    if let Some(faq_url) = faq_url {
        search.extend(content.faq.iter().map(|e| SearchEntry {
            title: e.meta.question.clone(),
            url: format!("{faq_url}#{}", e.id),
            headings: Vec::new(),
            summary: format!("FAQ: {}", e.meta.category.label()),
            aliases: Vec::new(),
            body: faq_text(e),
        }));
    }
    let index = search_index::to_json(&search, synonyms).map_err(|err| {
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
            bytes: sitemap::headers(any_wasm).into_bytes(),
        },
        OutputFile::Bytes {
            path: "search-index.json".into(),
            bytes: index,
        },
    ])
}

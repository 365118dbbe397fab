//! The search index, `/search-index.json`, fetched by the browser only when a reader searches.
//!
//! Per page and per FAQ answer it holds the title, URL, aliases, headings, summary and the plain
//! text of the body; beside the pages it carries the editors' synonym groups and the stop words
//! ([`search_words`](crate::site::load::search_words)). The browser builds its full-text index
//! from this file with the same word rules (stop words, stemmer) for the pages and for the
//! query, so the two always agree.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;
use std::sync::Arc;

use crate::site::load::content::{Entry, Page};
use crate::site::load::search_words::{Synonyms, STOP_WORDS};
use crate::site::render::markdown;

/// One searchable entry: a page, or one FAQ answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchEntry {
    /// Page title (or the FAQ question).
    pub(crate) title: String,
    /// Root-relative URL.
    pub(crate) url: String,
    /// Section headings of the page.
    pub(crate) headings: Vec<String>,
    /// Summary, empty when the page has none.
    pub(crate) summary: String,
    /// Other names the page is found by (`FCP`).
    pub(crate) aliases: Vec<String>,
    /// The page's words as plain text (see [`plain_text`]).
    pub(crate) body: String,
}

/// Everything the browser needs to search (written by [`to_json_from_entries`] in the same
/// shape).
#[cfg(test)]
#[derive(Serialize)]
struct IndexFile<'a> {
    pages: &'a [SearchEntry],
    synonyms: &'a Synonyms,
    #[serde(rename = "stopWords")]
    stop_words: &'static [&'static str],
}

/// The JSON text of the index, serialised in one go (what [`to_json_from_entries`] must equal).
#[cfg(test)]
pub(crate) fn to_json(
    entries: &[SearchEntry],
    synonyms: &Synonyms,
) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&IndexFile {
        pages: entries,
        synonyms,
        stop_words: STOP_WORDS,
    })
}

/// One entry as JSON, exactly as [`to_json`] writes it inside the list of pages. A value of
/// plain strings and lists of strings always serialises, so this cannot fail.
pub(crate) fn entry_json(entry: &SearchEntry) -> Vec<u8> {
    serde_json::to_vec(entry).unwrap_or_default()
}

/// The JSON text of the index, in pieces, from entries already serialised by [`entry_json`]:
/// written one after the other they are the same bytes as [`to_json`] of those entries, and
/// the entries are shared, not copied.
pub(crate) fn index_parts(
    entries: &[Arc<[u8]>],
    synonyms: &Synonyms,
) -> Result<Vec<Arc<[u8]>>, serde_json::Error> {
    let comma: Arc<[u8]> = Arc::from(&b","[..]);
    let mut parts = Vec::with_capacity(entries.len() * 2 + 2);
    parts.push(Arc::from(&b"{\"pages\":["[..]));
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            parts.push(Arc::clone(&comma));
        }
        parts.push(Arc::clone(entry));
    }
    let mut tail = b"],\"synonyms\":".to_vec();
    serde_json::to_writer(&mut tail, synonyms)?;
    tail.extend_from_slice(b",\"stopWords\":");
    serde_json::to_writer(&mut tail, STOP_WORDS)?;
    tail.push(b'}');
    parts.push(Arc::from(tail));
    Ok(parts)
}

/// What search reads of a page: its body as plain text and the facts its page shows from the
/// front matter that an extension names (`Page::search_facts`).
pub(crate) fn page_text(page: &Page) -> String {
    let mut text = plain_text(&page.src.text[page.src.body_start..]);
    for fact in &page.search_facts {
        text.push(' ');
        text.push_str(fact);
    }
    text
}

/// What search reads of an entry (an FAQ answer, say): its body as plain text.
pub(crate) fn entry_text(entry: &Entry) -> String {
    plain_text(&entry.src.text[entry.src.body_start..])
}

/// The readable text of a Markdown body, one space between blocks: what a reader sees, without
/// link targets, HTML tags or Markdown marks.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let gap = |text: &mut String| {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => gap(&mut text),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => gap(&mut text),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::load::search_words::parse_synonyms;
    use std::path::Path;

    #[test]
    fn entries_serialised_one_by_one_give_the_same_index() {
        let groups = parse_synonyms(
            Path::new("search-synonyms.yaml"),
            "- [pay rise, pay award]\n",
        )
        .unwrap();
        let entries: Vec<SearchEntry> = ["Dietitian", "Paramedic \"quoted\""]
            .iter()
            .map(|title| SearchEntry {
                title: (*title).into(),
                url: format!("/roles/{}/", title.len()),
                headings: vec!["What the role does".into()],
                summary: "Sees patients.".into(),
                aliases: vec!["FCP".into()],
                body: "Plain text, with a line\nbreak.".into(),
            })
            .collect();
        let parts: Vec<Arc<[u8]>> = entries.iter().map(|e| entry_json(e).into()).collect();
        let joined = |parts: Vec<Arc<[u8]>>| parts.concat();
        assert_eq!(
            joined(index_parts(&parts, &groups).unwrap()),
            to_json(&entries, &groups).unwrap()
        );
        assert_eq!(
            joined(index_parts(&[], &groups).unwrap()),
            to_json(&[], &groups).unwrap()
        );
    }

    #[test]
    fn serialises_pages_synonyms_and_stop_words() {
        let groups = parse_synonyms(
            Path::new("search-synonyms.yaml"),
            "- [pay rise, pay award]\n",
        )
        .unwrap();
        let json = to_json(
            &[SearchEntry {
                title: "First-contact physiotherapist".into(),
                url: "/roles/first-contact-physiotherapist/".into(),
                headings: vec!["What the role does".into()],
                summary: "Sees patients with muscle and joint problems.".into(),
                aliases: vec!["FCP".into()],
                body: "Assesses and treats.".into(),
            }],
            &groups,
        )
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let page = &value["pages"][0];
        assert_eq!(page["aliases"][0], "FCP");
        assert_eq!(page["headings"][0], "What the role does");
        assert_eq!(page["url"], "/roles/first-contact-physiotherapist/");
        assert_eq!(page["body"], "Assesses and treats.");
        assert_eq!(value["synonyms"][0][1], "pay award");
        assert!(value["stopWords"]
            .as_array()
            .unwrap()
            .contains(&"how".into()));
    }

    #[test]
    fn plain_text_keeps_what_a_reader_sees() {
        let text = plain_text(
            "## Pay\n\nPaid at [Band 6](../glossary.md#afc) for *most* posts.\nSee `HCAS`.\n\n\
             - inner London: 20%\n- outer London: 15%\n\n| Year | Max |\n|---|---|\n| 2026/27 | £1 |\n",
        );
        assert_eq!(
            text,
            "Pay Paid at Band 6 for most posts. See HCAS. inner London: 20% outer London: 15% \
             Year Max 2026/27 £1"
        );
        assert!(!text.contains("glossary"), "link targets are not text");
    }
}

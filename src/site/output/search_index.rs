//! The search index, `/search-index.json`, fetched by the browser only when a reader searches.
//!
//! Per page and per FAQ answer it holds the title, URL, aliases, headings, summary and the plain
//! text of the body; beside the pages it carries the editors' synonym groups and the stop words
//! ([`search_words`](crate::site::load::search_words)). The browser builds its full-text index
//! from this file with the same word rules (stop words, stemmer) for the pages and for the
//! query, so the two always agree.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;

use crate::site::load::content::{FaqEntry, Page};
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

/// Everything the browser needs to search.
#[derive(Serialize)]
struct IndexFile<'a> {
    pages: &'a [SearchEntry],
    synonyms: &'a Synonyms,
    #[serde(rename = "stopWords")]
    stop_words: &'static [&'static str],
}

/// The JSON text of the index.
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

/// What search reads of a page: its body as plain text and, for a role, the regulator, entry
/// requirements and supervision that its page shows from the front matter.
pub(crate) fn page_text(page: &Page) -> String {
    let mut text = plain_text(&page.src.text[page.src.body_start..]);
    if let Some(role) = &page.role {
        for fact in [
            &role.regulator,
            &role.entry_requirements,
            &role.minimum_supervision,
        ] {
            text.push(' ');
            text.push_str(fact);
        }
    }
    text
}

/// What search reads of an FAQ answer: its body as plain text.
pub(crate) fn faq_text(entry: &FaqEntry) -> String {
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

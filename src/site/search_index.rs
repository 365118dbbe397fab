//! The search index, `/search-index.json`, fetched by the browser only when a reader searches.
//!
//! Per page it holds the title, URL, aliases, headings, summary and the plain text of the body;
//! beside the pages it carries the editors' synonym groups (`content/search-synonyms.yaml`) and
//! the stop words. The browser builds its full-text index from this file with the same word
//! rules (stop words, stemmer) for the pages and for the query, so the two always agree.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::site::content::{FaqEntry, Page};
use crate::site::diagnostic::Diagnostic;
use crate::site::markdown;

/// Where editors list words and phrases that mean the same, relative to the content folder.
pub const SYNONYMS_FILE: &str = "search-synonyms.yaml";

/// Common words that carry no meaning in a query ("how much can we claim for a pharmacist"
/// searches for "claim pharmacist"). Shipped in the index so the browser ignores exactly these,
/// in the pages and in the query.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
    "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "gets", "got", "had",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "much", "my", "of",
    "on", "or", "our", "ours", "s", "she", "he", "should", "so", "t", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you",
    "your",
];

/// One searchable entry: a page, or one FAQ answer.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    /// Page title (or the FAQ question).
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Section headings of the page.
    pub headings: Vec<String>,
    /// Summary, empty when the page has none.
    pub summary: String,
    /// Other names the page is found by (`FCP`).
    pub aliases: Vec<String>,
    /// The page's words as plain text (see [`plain_text`]).
    pub body: String,
}

/// Groups of words and phrases that search treats as the same ("pay rise", "pay award").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Synonyms {
    /// Each group as the editor wrote it, in file order.
    pub groups: Vec<Vec<String>>,
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
pub fn to_json(entries: &[SearchEntry], synonyms: &Synonyms) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&IndexFile {
        pages: entries,
        synonyms,
        stop_words: STOP_WORDS,
    })
}

/// What search reads of a page: its body as plain text and, for a role, the regulator, entry
/// requirements and supervision that its page shows from the front matter.
pub fn page_text(page: &Page) -> String {
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
pub fn faq_text(entry: &FaqEntry) -> String {
    plain_text(&entry.src.text[entry.src.body_start..])
}

/// The readable text of a Markdown body, one space between blocks: what a reader sees, without
/// link targets, HTML tags or Markdown marks.
pub fn plain_text(markdown: &str) -> String {
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

/// The words of `text` as search sees them: lower case, letters and digits only.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Reads `content/search-synonyms.yaml` from `content_dir`; no file means no synonyms. `shown` is
/// the path diagnostics name.
pub fn load_synonyms(content_dir: &Path, shown: &Path) -> Result<Synonyms, Diagnostic> {
    match std::fs::read_to_string(content_dir.join(SYNONYMS_FILE)) {
        Ok(text) => parse_synonyms(shown, &text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Synonyms::default()),
        Err(err) => Err(Diagnostic::new(
            shown,
            0,
            0,
            format!("cannot read the synonyms file: {err}"),
        )),
    }
}

/// Reads the synonyms file. Every problem is located at its file, line and column.
pub fn parse_synonyms(path: &Path, text: &str) -> Result<Synonyms, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Synonyms::default());
    }
    serde_yaml::from_str::<Synonyms>(text).map_err(|err| {
        let raw = err.to_string();
        let message = match raw.rfind(" at line ") {
            Some(i) => without_path(&raw[..i]).to_owned(),
            None => without_path(&raw).to_owned(),
        };
        let (line, column) = err
            .location()
            .map_or((0, 0), |loc| (loc.line(), loc.column()));
        let (line, column) = locate_quoted(text, &message, line).unwrap_or((line, column));
        Diagnostic::new(path, line, column, message)
            .expected("a list of groups, each a list of at least 2 words or phrases, for example `- [pay rise, pay award]`")
            .with_source(text)
    })
}

/// Errors raised for a term carry the position of its group; the message quotes the term in
/// `“…”`, so find it on or after that line (its second appearance when it is listed twice).
fn locate_quoted(text: &str, message: &str, from_line: usize) -> Option<(usize, usize)> {
    let (_, rest) = message.split_once('“')?;
    let (term, _) = rest.split_once('”')?;
    if term.is_empty() {
        return None;
    }
    let skip = usize::from(message.ends_with("is listed twice"));
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .flat_map(|(i, line)| {
            line.match_indices(term)
                .filter(move |(at, _)| {
                    let before = line[..*at].chars().next_back();
                    let after = line[at + term.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .map(move |(at, _)| (i + 1, line[..at].chars().count() + 1))
        })
        .nth(skip)
}

/// serde_yaml's message without the path it puts first (`.[1]: `).
fn without_path(message: &str) -> &str {
    match message.split_once(": ") {
        Some((path, rest)) if path.starts_with('.') => rest,
        _ => message,
    }
}

impl<'de> Deserialize<'de> for Synonyms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(GroupsVisitor)
    }
}

/// Reads the list of groups, remembering each term so that none is in two groups.
struct GroupsVisitor;

impl<'de> Visitor<'de> for GroupsVisitor {
    type Value = Synonyms;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of synonym groups")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Synonyms, A::Error> {
        let mut seen = HashMap::new();
        let mut groups = Vec::new();
        while let Some(group) = seq.next_element_seed(GroupSeed {
            seen: &mut seen,
            number: groups.len() + 1,
        })? {
            groups.push(group);
        }
        Ok(Synonyms { groups })
    }
}

/// Reads one group: its terms, each with something to search for, none seen before.
struct GroupSeed<'s> {
    /// Each term seen so far, as its words joined by spaces, with the number of its group.
    seen: &'s mut HashMap<String, usize>,
    /// 1-based number of this group in the file.
    number: usize,
}

impl<'de> DeserializeSeed<'de> for GroupSeed<'_> {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for GroupSeed<'_> {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a group: a list of words or phrases that mean the same")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut terms = Vec::new();
        while let Some(term) = seq.next_element::<String>()? {
            let term_words: Vec<String> = words(&term).collect();
            if term_words.is_empty() {
                return Err(de::Error::custom(format!(
                    "group {}: “{term}” has no letters or digits to search for",
                    self.number
                )));
            }
            if term_words.iter().all(|w| STOP_WORDS.contains(&w.as_str())) {
                return Err(de::Error::custom(format!(
                    "group {}: “{term}” is made only of common words that search ignores",
                    self.number
                )));
            }
            if let Some(other) = self.seen.insert(term_words.join(" "), self.number) {
                return Err(de::Error::custom(if other == self.number {
                    format!("group {}: “{term}” is listed twice", self.number)
                } else {
                    format!(
                        "group {}: “{term}” is already in group {other}; a word or phrase belongs to one group only",
                        self.number
                    )
                }));
            }
            terms.push(term);
        }
        if terms.len() < 2 {
            return Err(de::Error::custom(format!(
                "group {} has {} word or phrase; a group needs at least 2 that mean the same",
                self.number,
                terms.len()
            )));
        }
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms(text: &str) -> Result<Synonyms, Diagnostic> {
        parse_synonyms(Path::new("content/search-synonyms.yaml"), text)
    }

    #[test]
    fn serialises_pages_synonyms_and_stop_words() {
        let groups = synonyms("- [pay rise, pay award]\n").unwrap();
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

    #[test]
    fn reads_groups_in_file_order() {
        let parsed = synonyms(
            "# London pay\n- [London weighting, HCAS, outer London, inner London]\n- - maternity\n  - parental leave\n",
        )
        .unwrap();
        assert_eq!(
            parsed.groups,
            vec![
                vec!["London weighting", "HCAS", "outer London", "inner London"],
                vec!["maternity", "parental leave"],
            ]
        );
    }

    #[test]
    fn an_empty_or_comment_only_file_has_no_groups() {
        assert_eq!(synonyms("").unwrap(), Synonyms::default());
        assert_eq!(synonyms("# none yet\n\n").unwrap(), Synonyms::default());
    }

    #[test]
    fn a_term_in_two_groups_is_located() {
        let err = synonyms("- [pay rise, pay award]\n- [uplift, Pay  Rise]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 12), "{err}");
        assert!(err.message.contains("already in group 1"), "{err}");
        assert!(
            err.to_string()
                .starts_with("content/search-synonyms.yaml:2:12: group 2: “Pay  Rise”"),
            "{err}"
        );
    }

    #[test]
    fn a_term_listed_twice_in_its_group_is_located() {
        let err = synonyms("- [physio,\n   physiotherapist,\n   physio]\n").unwrap_err();
        assert!(err.message.contains("listed twice"), "{err}");
        assert_eq!((err.line, err.column), (3, 4), "{err}");
    }

    #[test]
    fn a_group_of_one_is_refused() {
        let err = synonyms("- [pay rise, pay award]\n- [maternity]\n").unwrap_err();
        assert!(err.message.contains("group 2 has 1"), "{err}");
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn terms_without_searchable_words_are_refused() {
        let err = synonyms("- [pay rise, \"--\"]\n").unwrap_err();
        assert!(err.message.contains("no letters or digits"), "{err}");
        let err = synonyms("- [pay rise, how to]\n").unwrap_err();
        assert!(err.message.contains("common words"), "{err}");
        assert_eq!((err.line, err.column), (1, 14), "{err}");
    }

    #[test]
    fn wrong_shapes_are_located() {
        let err = synonyms("pay rise: pay award\n").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
        let err = synonyms("- [pay rise, pay award]\n- [a, [b]]\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = synonyms("- [pay rise, pay award\n").unwrap_err();
        assert!(err.line >= 1, "{err}");
    }
}

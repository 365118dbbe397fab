//! The search index, `/search-index.json`, fetched by the browser only when a reader searches.
//!
//! Per page and per FAQ answer it holds the title, URL, aliases, headings, summary and the plain
//! text of the body; beside the pages it carries the editors' synonym groups and the stop words
//! ([`search_words`](crate::site::load::search_words)). The browser builds its full-text index
//! from this file with the same word rules (stop words, stemmer) for the pages and for the
//! query, so the two always agree.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::site::load::content::Page;
use crate::site::load::search_words::{Synonyms, STOP_WORDS};

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
    /// The page's words as plain text (the `text` of its rendered Markdown).
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
    // Sized for the usual case (little to escape), so the body is copied once.
    let mut json = Vec::with_capacity(entry.body.len() + 1024);
    match serde_json::to_writer(&mut json, entry) {
        Ok(()) => json,
        Err(_) => Vec::new(),
    }
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
    parts.push(Arc::from(HEAD));
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            parts.push(Arc::clone(&comma));
        }
        parts.push(Arc::clone(entry));
    }
    parts.push(Arc::from(tail(synonyms)?));
    Ok(parts)
}

/// What comes before the first entry.
const HEAD: &[u8] = b"{\"pages\":[";

/// What comes after the last entry: the synonym groups and the stop words.
fn tail(synonyms: &Synonyms) -> Result<Vec<u8>, serde_json::Error> {
    let mut tail = b"],\"synonyms\":".to_vec();
    serde_json::to_writer(&mut tail, synonyms)?;
    tail.extend_from_slice(b",\"stopWords\":");
    serde_json::to_writer(&mut tail, STOP_WORDS)?;
    tail.push(b'}');
    Ok(tail)
}

/// Writes the index to a file while the pages are rendered, entry by entry in their order
/// whatever order they are finished in, so a build never holds the whole index (on a large
/// site it is about as large as the sources). The bytes are those of [`index_parts`].
pub(crate) struct IndexWriter {
    state: Mutex<Ordered>,
}

/// The file being written and the entries finished before their turn.
struct Ordered {
    out: BufWriter<File>,
    /// Number of the next entry to write.
    next: usize,
    /// Entries finished early, by number, waiting for those before them.
    early: BTreeMap<usize, Vec<u8>>,
    /// Bytes written so far.
    written: u64,
    /// The first write error, reported by [`IndexWriter::finish`].
    failed: Option<io::Error>,
}

impl Ordered {
    fn write(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            match self.out.write_all(bytes) {
                Ok(()) => self.written += bytes.len() as u64,
                Err(err) => self.failed = Some(err),
            }
        }
    }

    /// Writes the entry whose turn it is.
    fn write_next(&mut self, entry: &[u8]) {
        if self.next > 0 {
            self.write(b",");
        }
        self.write(entry);
        self.next += 1;
    }
}

impl IndexWriter {
    /// Creates the index file at `path` (its folder must exist).
    pub(crate) fn create(path: &Path) -> io::Result<IndexWriter> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
        out.write_all(HEAD)?;
        Ok(IndexWriter {
            state: Mutex::new(Ordered {
                out,
                next: 0,
                early: BTreeMap::new(),
                written: HEAD.len() as u64,
                failed: None,
            }),
        })
    }

    /// Hands over entry number `n` ([`entry_json`]), counting from 0: every page in the site's
    /// order, then every FAQ answer. It is written at once if its turn has come, else kept
    /// until the entries before it are in.
    pub(crate) fn put(&self, n: usize, entry: Vec<u8>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if n != state.next {
            state.early.insert(n, entry);
            return;
        }
        state.write_next(&entry);
        while let Some(entry) = {
            let next = state.next;
            state.early.remove(&next)
        } {
            state.write_next(&entry);
        }
    }

    /// Writes the synonyms and stop words after the last entry and closes the file. Returns
    /// the bytes written, or the first write error; an entry missing before the last one
    /// handed over is an error too.
    pub(crate) fn finish(self, synonyms: &Synonyms) -> io::Result<u64> {
        let mut state = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Some(&n) = state.early.keys().next() {
            return Err(io::Error::other(format!(
                "search index entry {} never came, though entry {n} did",
                state.next
            )));
        }
        let tail = tail(synonyms)?;
        state.write(&tail);
        if let Some(err) = state.failed.take() {
            return Err(err);
        }
        state.out.flush()?;
        Ok(state.written)
    }
}

/// What search reads of a page: `text`, the readable text of its body, and the facts its page
/// shows from the front matter that an extension names (`Page::search_facts`).
pub(crate) fn page_text(page: &Page, mut text: String) -> String {
    for fact in &page.search_facts {
        text.push(' ');
        text.push_str(fact);
    }
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
    fn the_writer_puts_entries_in_order_whatever_order_they_come_in() {
        let groups = parse_synonyms(
            Path::new("search-synonyms.yaml"),
            "- [pay rise, pay award]\n",
        )
        .unwrap();
        let entries: Vec<SearchEntry> = (0..5)
            .map(|i| SearchEntry {
                title: format!("Page {i}"),
                url: format!("/p{i}/"),
                headings: Vec::new(),
                summary: String::new(),
                aliases: Vec::new(),
                body: format!("Text of page {i}."),
            })
            .collect();
        for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [1, 0, 3, 4, 2]] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("search-index.json");
            let writer = IndexWriter::create(&path).unwrap();
            for n in order {
                writer.put(n, entry_json(&entries[n]));
            }
            let written = writer.finish(&groups).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(
                bytes,
                to_json(&entries, &groups).unwrap(),
                "order {order:?}"
            );
            assert_eq!(written, bytes.len() as u64);
        }
        let dir = tempfile::tempdir().unwrap();
        let writer = IndexWriter::create(&dir.path().join("search-index.json")).unwrap();
        writer.put(1, entry_json(&entries[1]));
        let err = writer.finish(&groups).unwrap_err();
        assert!(err.to_string().contains("entry 0 never came"), "{err}");
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
}

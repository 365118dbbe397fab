//! Readability check over every page in `content/`.
//!
//! NHS content style asks for sentences of 20 words or fewer. This test measures every Markdown
//! page under `content/` (role pages and FAQ entries included), prints the worst pages, and fails
//! if any page's average sentence length is over [`MAX_AVERAGE_SENTENCE_WORDS`]. It also reports
//! the Flesch reading ease of each page, for information only.
//!
//! Run it with `cargo test --test readability -- --nocapture` to see the table.
//!
//! # Heuristics
//!
//! The measure is deliberately simple, so an editor can predict it:
//!
//! - **Which files:** every `*.md` below `content/`. Names starting with `.` or `_` are skipped,
//!   except `_index.md`, as the site build does.
//! - **What is dropped:** the front matter (from a first line of `---` to the next `---` line),
//!   fenced code blocks (``` or ~~~), inline code spans, HTML tags and autolinks (`<…>`), link
//!   and image targets (`[text](target)` keeps only `text`), heading attributes (`{#id}`), bare
//!   `http://` and `https://` addresses, and table delimiter rows.
//! - **Units:** each heading, each list item, each table cell and each paragraph is read on its
//!   own, because a reader takes each as a separate unit even when it has no full stop. A unit
//!   with no words is ignored.
//! - **Sentences:** a unit is split after `.`, `?` or `!` when what follows (after any closing
//!   `*`, `_`, `)`, `"` or `'`) is a space or the end of the unit. So `£26.631`, `2025/26` and
//!   `0.6` do not end a sentence. Text after the last full stop counts as one more sentence.
//! - **Words:** runs of non-space characters that contain at least one letter or digit, so
//!   `£22.894`, `co-ordinator` and `**Published:**` are one word each.
//! - **Syllables:** in a word's ASCII letters, lower-cased, count groups of vowels (`aeiouy`).
//!   Take one off for a silent final `e` (`care`, but not `table`), and for a final `es` or `ed`
//!   that is not sounded (`roles`, `claimed`, but not `funded` or `courses`). Every word has at
//!   least 1 syllable; a word with no letters, such as `£5,000`, counts as 1.
//! - **Flesch reading ease:** `206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷
//!   words)`. Higher is easier; 60 and above is plain English for most adults.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// The most words a page's sentences may average.
const MAX_AVERAGE_SENTENCE_WORDS: f64 = 20.0;

/// How many of the hardest pages the report lists when every page passes.
const PAGES_TO_REPORT: usize = 10;

/// Word, sentence and syllable counts for one piece of text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts {
    sentences: usize,
    words: usize,
    syllables: usize,
}

impl Counts {
    /// Average words per sentence; 0 for text with no sentences.
    fn average_sentence_words(&self) -> f64 {
        if self.sentences == 0 {
            0.0
        } else {
            self.words as f64 / self.sentences as f64
        }
    }

    /// Flesch reading ease; 0 for text with no words.
    fn flesch_reading_ease(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        206.835
            - 1.015 * (self.words as f64 / self.sentences as f64)
            - 84.6 * (self.syllables as f64 / self.words as f64)
    }
}

/// The measured readability of one page.
struct PageReport {
    path: PathBuf,
    counts: Counts,
}

impl fmt::Display for PageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>6.1} {:>7.1} {:>9} {:>6}  {}",
            self.counts.average_sentence_words(),
            self.counts.flesch_reading_ease(),
            self.counts.sentences,
            self.counts.words,
            self.path.display()
        )
    }
}

/// Removes a leading YAML front matter block, if the text starts with one.
fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}

/// Drops inline code, HTML tags, autolinks, link targets and heading attributes from one line,
/// keeping the words a reader sees.
fn strip_inline_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                for inner in chars.by_ref() {
                    if inner == '`' {
                        break;
                    }
                }
            }
            '<' => {
                for inner in chars.by_ref() {
                    if inner == '>' {
                        break;
                    }
                }
            }
            ']' if chars.peek() == Some(&'(') => {
                let mut depth = 0usize;
                for inner in chars.by_ref() {
                    match inner {
                        '(' => depth += 1,
                        ')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            '{' if chars.peek() == Some(&'#') || chars.peek() == Some(&'.') => {
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
            }
            '[' | ']' => {}
            '!' if chars.peek() == Some(&'[') => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace()
        .filter(|word| !word.starts_with("http://") && !word.starts_with("https://"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Returns the text of a list item without its marker, or `None` if the line is not one.
fn list_item_text(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = &line[digits..];
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

/// True for a table delimiter row such as `| --- | :---: |`.
fn is_table_delimiter(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Splits a page's Markdown body into reading units: headings, list items, table cells and
/// paragraphs, each with its markup removed.
fn reading_units(body: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut current = String::new();
    let mut in_fence = false;
    let flush = |current: &mut String, units: &mut Vec<String>| {
        if !current.trim().is_empty() {
            units.push(strip_inline_markup(current));
        }
        current.clear();
    };
    for raw in body.lines() {
        let mut line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
            flush(&mut current, &mut units);
            continue;
        }
        if in_fence {
            continue;
        }
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        if line.is_empty() {
            flush(&mut current, &mut units);
        } else if line.starts_with('#') {
            flush(&mut current, &mut units);
            current.push_str(line.trim_start_matches('#'));
            flush(&mut current, &mut units);
        } else if line.starts_with('|') {
            flush(&mut current, &mut units);
            if !is_table_delimiter(line) {
                for cell in line.trim_matches('|').split('|') {
                    current.push_str(cell);
                    flush(&mut current, &mut units);
                }
            }
        } else if let Some(item) = list_item_text(line) {
            flush(&mut current, &mut units);
            current.push_str(item);
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    flush(&mut current, &mut units);
    units.retain(|unit| unit.split_whitespace().any(is_word));
    units
}

/// True if a whitespace-separated token is a word: it has a letter or a digit.
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Splits one reading unit into sentences.
fn sentences(unit: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = unit.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '?' | '!') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '*' | '_' | ')' | '"' | '\'' | '’' | '”')
            {
                j += 1;
            }
            if j == chars.len() || chars[j].1.is_whitespace() {
                let end = chars.get(j).map_or(unit.len(), |&(index, _)| index);
                found.push(&unit[start..end]);
                start = end;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    found.push(&unit[start..]);
    found.retain(|sentence| sentence.split_whitespace().any(is_word));
    found
}

/// Estimates the syllables in one word (see the module documentation).
fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.is_empty() {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous_vowel = false;
    for &c in &letters {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let text: String = letters.iter().collect();
    let silent_e = text.ends_with('e') && !text.ends_with("le") && !text.ends_with("ee");
    let silent_ending = (text.ends_with("ed") && !text.ends_with("ted") && !text.ends_with("ded"))
        || (text.ends_with("es")
            && !["ses", "ces", "zes", "ges", "xes", "shes", "ches"]
                .iter()
                .any(|ending| text.ends_with(ending)));
    if groups > 1 && (silent_e || silent_ending) {
        groups -= 1;
    }
    groups.max(1)
}

/// Counts sentences, words and syllables in a page's Markdown (front matter included or not).
fn measure(markdown: &str) -> Counts {
    let mut counts = Counts::default();
    for unit in reading_units(strip_front_matter(markdown)) {
        for sentence in sentences(&unit) {
            counts.sentences += 1;
            for word in sentence.split_whitespace().filter(|token| is_word(token)) {
                counts.words += 1;
                counts.syllables += syllables(word);
            }
        }
    }
    counts
}

/// True for a Markdown file the site build reads.
fn is_content_page(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    name.ends_with(".md")
        && (name == "_index.md" || !(name.starts_with('.') || name.starts_with('_')))
}

/// Collects every content page below `dir`, in a stable order.
fn content_pages(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with('.'));
            if path.is_dir() {
                if !hidden {
                    pending.push(path);
                }
            } else if is_content_page(&path) {
                pages.push(path);
            }
        }
    }
    pages.sort();
    Ok(pages)
}

#[test]
fn every_page_averages_20_words_or_fewer_per_sentence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = root.join("content");
    let pages = match content_pages(&content) {
        Ok(pages) => pages,
        Err(error) => panic!("cannot list {}: {error}", content.display()),
    };
    assert!(!pages.is_empty(), "no pages found in {}", content.display());

    let mut reports = Vec::new();
    for path in pages {
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => panic!("cannot read {}: {error}", path.display()),
        };
        let counts = measure(&text);
        if counts.words == 0 {
            continue;
        }
        let path = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        reports.push(PageReport { path, counts });
    }
    reports.sort_by(|a, b| {
        b.counts
            .average_sentence_words()
            .total_cmp(&a.counts.average_sentence_words())
            .then_with(|| a.path.cmp(&b.path))
    });

    let failing: Vec<&PageReport> = reports
        .iter()
        .filter(|report| report.counts.average_sentence_words() > MAX_AVERAGE_SENTENCE_WORDS)
        .collect();
    let shown = failing.len().max(PAGES_TO_REPORT).min(reports.len());
    println!(
        "Readability of {} pages, hardest first (words per sentence, limit {MAX_AVERAGE_SENTENCE_WORDS}):",
        reports.len()
    );
    println!(
        "{:>6} {:>7} {:>9} {:>6}  page",
        "w/sent", "Flesch", "sentences", "words"
    );
    for report in &reports[..shown] {
        println!("{report}");
    }

    assert!(
        failing.is_empty(),
        "{} page(s) average more than {MAX_AVERAGE_SENTENCE_WORDS} words a sentence:\n{}",
        failing.len(),
        failing
            .iter()
            .map(|report| report.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn full_stops_end_sentences_but_decimal_points_do_not() {
    let counts = measure("The rate is £26.631 per weighted patient. Your ICB approves each claim.");
    assert_eq!(counts.sentences, 2);
    assert_eq!(counts.words, 12);
}

#[test]
fn question_marks_and_bold_text_end_sentences() {
    let text = "Can we carry it over? **No.** Unused money is lost.";
    assert_eq!(measure(text).sentences, 3);
}

#[test]
fn front_matter_is_not_measured() {
    let page =
        "---\ntitle: A very long title that would count as many words\n---\nYou claim monthly.\n";
    let counts = measure(page);
    assert_eq!(counts.sentences, 1);
    assert_eq!(counts.words, 3);
}

#[test]
fn a_page_without_front_matter_is_measured_whole() {
    assert_eq!(
        strip_front_matter("You claim monthly."),
        "You claim monthly."
    );
}

#[test]
fn link_targets_and_heading_ids_are_not_words() {
    let counts = measure(
        "## How claims are made {#claiming}\n\nSee [how to claim](faq/how-to-claim.md) for the steps.",
    );
    // "How claims are made" (4) + "See how to claim for the steps" (7).
    assert_eq!(counts.sentences, 2);
    assert_eq!(counts.words, 11);
}

#[test]
fn each_list_item_and_table_cell_is_its_own_sentence() {
    let page = "The on-costs are:\n\n- employer National Insurance\n- employer pension\n\n\
                | Year | Rate |\n| --- | --- |\n| 2025/26 | 15% |\n";
    let counts = measure(page);
    // The lead-in, 2 list items and 4 table cells.
    assert_eq!(counts.sentences, 7);
    assert_eq!(counts.words, 12);
}

#[test]
fn a_list_item_can_hold_several_sentences_over_several_lines() {
    let page =
        "1. **Pay.** Take the full-time yearly salary.\n   Divide it by 12.\n2. Add the on-costs.";
    assert_eq!(measure(page).sentences, 4);
}

#[test]
fn code_html_and_bare_addresses_are_ignored() {
    let page = "Run the check.\n\n```\ncargo test --test readability -- --nocapture\n```\n\n\
                Use `arrs-guide check` first. See <https://example.org/a> or https://example.org/b today.";
    let counts = measure(page);
    assert_eq!(counts.sentences, 3);
    // "Run the check" (3) + "Use first" (2) + "See or today" (3).
    assert_eq!(counts.words, 8);
}

#[test]
fn syllables_follow_common_english_patterns() {
    let expected = [
        ("cat", 1),
        ("care", 1),
        ("roles", 1),
        ("claimed", 1),
        ("nurse", 1),
        ("table", 2),
        ("funded", 2),
        ("courses", 2),
        ("pharmacist", 3),
        ("practitioner", 4),
        ("reimbursement", 4),
        ("£5,000", 1),
    ];
    for (word, count) in expected {
        assert_eq!(syllables(word), count, "syllables in {word:?}");
    }
}

#[test]
fn flesch_score_matches_the_published_formula() {
    // 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145.
    let counts = measure("The cat sat on the mat.");
    assert_eq!(
        counts,
        Counts {
            sentences: 1,
            words: 6,
            syllables: 6
        }
    );
    assert!((counts.flesch_reading_ease() - 116.145).abs() < 1e-9);
}

#[test]
fn long_official_sentences_score_as_hard_to_read() {
    let plain = measure("You claim monthly. Your ICB approves each claim. It then pays you.");
    let dense = measure(
        "Reimbursement of the maximum reimbursable amounts is contingent upon the commissioner's \
         verification of the additionality requirements applicable to the relevant financial year.",
    );
    assert!(plain.average_sentence_words() < 5.0);
    assert!(dense.average_sentence_words() > MAX_AVERAGE_SENTENCE_WORDS);
    assert!(dense.flesch_reading_ease() < plain.flesch_reading_ease());
}

#[test]
fn only_pages_the_build_reads_are_checked() {
    assert!(is_content_page(Path::new("content/faq/_index.md")));
    assert!(is_content_page(Path::new("content/funding.md")));
    assert!(!is_content_page(Path::new("content/faq/_draft.md")));
    assert!(!is_content_page(Path::new("content/.funding.md.swp")));
    assert!(!is_content_page(Path::new("content/rules/2025-26.yaml")));
}

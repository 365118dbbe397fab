//! What search treats as the same and what it leaves out: the editors' synonym groups
//! (`content/search-synonyms.yaml`, read and checked here) and the stop words. Both go into the
//! search index, so the browser applies exactly these.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::site::diagnostic::Diagnostic;
use crate::site::load::yaml;

/// Where editors list words and phrases that mean the same, relative to the content folder.
pub(crate) const SYNONYMS_FILE: &str = "search-synonyms.yaml";

/// Common words that carry no meaning in a query ("how much can we claim for a pharmacist"
/// searches for "claim pharmacist"). Shipped in the index so the browser ignores exactly these,
/// in the pages and in the query.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
    "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "gets", "got", "had",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "much", "my", "of",
    "on", "or", "our", "ours", "s", "she", "he", "should", "so", "t", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you",
    "your",
];

/// Groups of words and phrases that search treats as the same ("pay rise", "pay award").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct Synonyms {
    /// Each group as the editor wrote it, in file order.
    pub(crate) groups: Vec<Vec<String>>,
}

/// The words of `text` as search sees them: lower case, letters and digits only.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Reads `content/search-synonyms.yaml` from `content_dir`; no file means no synonyms. `shown` is
/// the path diagnostics name.
pub(crate) fn load_synonyms(content_dir: &Path, shown: &Path) -> Result<Synonyms, Diagnostic> {
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
pub(crate) fn parse_synonyms(path: &Path, text: &str) -> Result<Synonyms, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Synonyms::default());
    }
    let groups: Vec<Vec<String>> = yaml::from_str(text, 1, path, text)?;
    check_groups(&groups, text).map_err(|problem| {
        Diagnostic::new(path, problem.line, problem.column, problem.message)
            .expected(problem.expected)
            .with_source(text)
    })?;
    Ok(Synonyms { groups })
}

/// A problem with one group or term, where it is written, and what would be right.
struct Problem {
    line: usize,
    column: usize,
    message: String,
    expected: &'static str,
}

/// Every term has something to search for, no term is in two groups (or twice in one), and
/// every group has at least 2 terms.
fn check_groups(groups: &[Vec<String>], text: &str) -> Result<(), Problem> {
    let mut places = TermPlaces::new(text);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, group) in groups.iter().enumerate() {
        let number = i + 1;
        let mut group_place = None;
        for term in group {
            let (line, column) = places.find(term);
            group_place.get_or_insert((line, column));
            let problem = |message: String, expected| Problem {
                line,
                column,
                message: format!("group {number}: {message}"),
                expected,
            };
            let term_words: Vec<String> = words(term).collect();
            if term_words.is_empty() {
                return Err(problem(
                    format!("`{term}` has no letters or digits to search for"),
                    "a word or phrase with letters or digits",
                ));
            }
            if term_words.iter().all(|w| STOP_WORDS.contains(&w.as_str())) {
                return Err(problem(
                    format!("`{term}` is made only of common words that search leaves out"),
                    "at least one word that is not a common word such as `how`, `to` or `the`",
                ));
            }
            if let Some(other) = seen.insert(term_words.join(" "), number) {
                return Err(if other == number {
                    problem(
                        format!("`{term}` is listed twice"),
                        "each word or phrase once",
                    )
                } else {
                    problem(
                        format!("`{term}` is already in group {other}"),
                        "each word or phrase in one group only: merge the two groups, or remove it from one",
                    )
                });
            }
        }
        if group.len() < 2 {
            let (line, column) = group_place.unwrap_or_else(|| places.next_item());
            return Err(Problem {
                line,
                column,
                message: format!("group {number} has {} word or phrase", group.len()),
                expected: "at least 2 words or phrases that mean the same in each group, for example `- [pay rise, pay award]`",
            });
        }
    }
    Ok(())
}

/// Finds where each term is written, in file order: each search starts after the previous term
/// and skips comments, so a term is found at its own place even when it is written twice.
struct TermPlaces<'a> {
    /// The file's lines without their comments.
    lines: Vec<&'a str>,
    /// 0-based line and byte offset where the next search starts.
    cursor: (usize, usize),
}

impl<'a> TermPlaces<'a> {
    fn new(text: &'a str) -> Self {
        let lines = text.lines().map(without_comment).collect();
        TermPlaces {
            lines,
            cursor: (0, 0),
        }
    }

    /// 1-based line and column of the next whole-word appearance of `term`; (0, 0) if not found.
    fn find(&mut self, term: &str) -> (usize, usize) {
        let (first, offset) = self.cursor;
        for (i, line) in self.lines.iter().enumerate().skip(first) {
            let from = if i == first { offset } else { 0 };
            let found = line[from..]
                .match_indices(term)
                .map(|(at, _)| from + at)
                .find(|&at| {
                    let before = line[..at].chars().next_back();
                    let after = line[at + term.len()..].chars().next();
                    !term.is_empty()
                        && !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                });
            if let Some(at) = found {
                self.cursor = (i, at + term.len());
                return (i + 1, line[..at].chars().count() + 1);
            }
        }
        (0, 0)
    }

    /// 1-based line and column of the next list item (`-`) after the cursor, for an empty group.
    fn next_item(&self) -> (usize, usize) {
        let (first, _) = self.cursor;
        self.lines
            .iter()
            .enumerate()
            .skip(first + 1)
            .find_map(|(i, line)| {
                let column = line.find('-')?;
                line[..column]
                    .trim()
                    .is_empty()
                    .then_some((i + 1, column + 1))
            })
            .unwrap_or((0, 0))
    }
}

/// A YAML line without its comment (`#` at the start or after a space).
fn without_comment(line: &str) -> &str {
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        if c == '#' && previous.is_whitespace() {
            return &line[..at];
        }
        previous = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms(text: &str) -> Result<Synonyms, Diagnostic> {
        parse_synonyms(Path::new("content/search-synonyms.yaml"), text)
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
                .starts_with("content/search-synonyms.yaml:2:12: group 2: `Pay  Rise`"),
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
    fn terms_in_comments_are_not_taken_for_the_entry() {
        let err = synonyms(
            "# pay rise and pay award mean the same\n- [pay rise, pay award] # pay rise\n- [uplift, pay rise]\n",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 12), "{err}");
    }

    #[test]
    fn an_empty_group_is_located() {
        let err = synonyms("- [pay rise, pay award]\n# none yet\n- []\n").unwrap_err();
        assert!(err.message.contains("group 2 has 0"), "{err}");
        assert_eq!((err.line, err.column), (3, 1), "{err}");
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

//! Front matter: the YAML block between `---` lines at the top of a content file.
//!
//! The block is split off by hand (not by pulldown-cmark's metadata blocks, which can mistake a
//! `---` thematic break for a delimiter), remembering on which line of the original file the YAML
//! and the Markdown body start, so every error points at the right line of the file.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::yaml;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A content file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML text between the delimiters (may be empty).
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_first_line: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_first_line: usize,
}

/// Removes a UTF-8 byte order mark, which some Windows editors add.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (BOM already stripped) at its `---` delimiters.
///
/// Errors when the first line is not `---` or when the block is never closed.
pub(crate) fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    if let Some(d) = yaml::lone_carriage_return(text, 1, path) {
        return Err(d);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_delimiter(first) {
        return Err(Diagnostic::new(path, 1, 1, "missing front matter")
            .expected("the file to start with a `---` line, then YAML keys such as `title:`, then a closing `---` line")
            .with_source(text));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if is_delimiter(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[offset + line.len()..],
                // A closing fence at the very end of the file, with no newline after it,
                // leaves an empty body on the fence's own line.
                body_first_line: if line.ends_with('\n') {
                    line_no + 1
                } else {
                    line_no
                },
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(path, 1, 1, "front matter is never closed")
        .expected("a `---` line after the YAML keys")
        .with_source(text))
}

/// Deserializes the front matter into `T`; YAML errors are located in the original file.
pub(crate) fn parse<T: DeserializeOwned>(
    split: &Split<'_>,
    path: &Path,
    text: &str,
) -> Result<T, Diagnostic> {
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    yaml::from_str(yaml, split.yaml_first_line, path, text)
}

/// The 1-based file line on which the top-level front matter `key` is written, if it is.
pub(crate) fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    split
        .yaml
        .lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| split.yaml_first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        draft: bool,
    }

    const PATH: &str = "content/x.md";

    #[test]
    fn split_remembers_where_yaml_and_body_start() {
        let text = "---\ntitle: A\n---\n\n## Costs\n";
        let s = split(text, Path::new(PATH)).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "\n## Costs\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn split_accepts_crlf_and_a_later_thematic_break() {
        let text = "---\r\ntitle: A\r\n---\r\nText\r\n\r\n---\r\n\r\nMore\r\n";
        let s = split(text, Path::new(PATH)).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Text\r\n\r\n---\r\n\r\nMore\r\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn split_reports_missing_and_unclosed_blocks() {
        let e = split("# Hello\n", Path::new(PATH)).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("content/x.md:1:1: missing front matter; expected"));
        let e = split("---\ntitle: A\n", Path::new(PATH)).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("content/x.md:1:1: front matter is never closed"));
    }

    #[test]
    fn bom_is_removed() {
        assert_eq!(strip_bom("\u{feff}---\n"), "---\n");
        assert_eq!(strip_bom("---\n"), "---\n");
    }

    #[test]
    fn unknown_key_is_located_in_the_file_and_lists_allowed_keys() {
        let text = "---\ntitle: A\ncolour: red\n---\nBody\n";
        let s = split(text, Path::new(PATH)).unwrap();
        let e = parse::<Meta>(&s, Path::new(PATH), text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x.md:3:1: unknown key `colour`; expected one of the keys `title`, `draft`\n3 | colour: red\n  | ^"
        );
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let text = "---\ntitle: A\ndraft: maybe\n---\n";
        let s = split(text, Path::new(PATH)).unwrap();
        let e = parse::<Meta>(&s, Path::new(PATH), text).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.column, 8);
        assert_eq!(e.message, "wrong type for `draft`: found string \"maybe\"");
        assert_eq!(e.expected.as_deref(), Some("a boolean"));
    }

    #[test]
    fn missing_key_and_empty_block() {
        let text = "---\n---\n";
        let s = split(text, Path::new(PATH)).unwrap();
        let e = parse::<Meta>(&s, Path::new(PATH), text).unwrap_err();
        assert_eq!(e.message, "missing required key `title`");
    }

    proptest::proptest! {
        #[test]
        fn split_never_panics_and_counts_lines(text in "(---\r?\n)?[a-z: \n-]{0,80}(---\n)?[#a-z \n-]{0,40}") {
            if let Ok(s) = split(&text, Path::new(PATH)) {
                proptest::prop_assert!(text.ends_with(s.body));
                let before = &text[..text.len() - s.body.len()];
                proptest::prop_assert_eq!(s.body_first_line, before.matches('\n').count() + 1);
                let _ = parse::<Meta>(&s, Path::new(PATH), &text);
            }
        }
    }

    #[test]
    fn cr_only_line_endings_are_located_at_the_first_line() {
        let text = "---\rtitle: A\r---\rBody\r";
        let e = split(text, Path::new(PATH)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x.md:1:4: this line ends with a carriage return alone (old Mac OS line endings); \
             expected lines ending in LF (Unix) or CR LF (Windows): save the file with one of those line endings\n1 | ---\n  |    ^"
        );
        let e = split("---\ntitle: A\n---\nOne\rTwo\n", Path::new(PATH)).unwrap_err();
        assert_eq!((e.line, e.column), (4, 4));
    }

    #[test]
    fn indented_key_says_which_key_and_what_to_write() {
        let text = "---\n  title: A\ndraft: true\n---\n";
        let s = split(text, Path::new(PATH)).unwrap();
        let e = parse::<Meta>(&s, Path::new(PATH), text).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(
            e.message
                .starts_with("key `title` is indented, so the keys are not one block"),
            "{e}"
        );
        assert!(e.to_string().contains("\n2 |   title: A"), "{e}");
    }

    #[test]
    fn yaml_bomb_is_located_at_its_first_alias() {
        let mut text = String::from("---\ntitle: A\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
            ("h", "g"),
            ("i", "h"),
        ] {
            text.push_str(&format!("  {name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        text.push_str("---\n");
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct WithExtra {
            title: String,
            extra: serde_yaml::Value,
        }
        let s = split(&text, Path::new(PATH)).unwrap();
        let e = parse::<WithExtra>(&s, Path::new(PATH), &text).unwrap_err();
        assert_eq!((e.line, e.column), (5, 10), "{e}");
        assert!(e.message.contains("aliases"), "{e}");
    }

    #[test]
    fn key_line_finds_top_level_keys() {
        let text = "---\ntitle: A\ntemplate: x.html\n---\n";
        let s = split(text, Path::new(PATH)).unwrap();
        assert_eq!(key_line(&s, "template"), Some(3));
        assert_eq!(key_line(&s, "title"), Some(2));
        assert_eq!(key_line(&s, "draft"), None);
    }
}

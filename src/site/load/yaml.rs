//! Every YAML file the build reads (front matter, `site.yaml`, the rules data) is parsed here,
//! and every YAML error is turned into one kind of diagnostic: located in the original file,
//! with serde's wording rewritten into what is wrong and what is expected.

use crate::site::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Deserializes `yaml` into `T`. `yaml` starts on line `first_line` of `path`, whose whole text
/// is `file_text` (for quoting the offending line).
pub(crate) fn from_str<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    path: &Path,
    file_text: &str,
) -> Result<T, Diagnostic> {
    if let Some(d) = lone_carriage_return(yaml, first_line, path) {
        return Err(d);
    }
    serde_yaml::from_str(yaml).map_err(|err| {
        let (line, column) = match err.location() {
            Some(loc) => (first_line + loc.line() - 1, loc.column()),
            None => (first_line - 1, 1),
        };
        let (message, expected) = explain_yaml_error(&err.to_string());
        if let Some(d) = explain_unlocated(yaml, first_line, path, &message) {
            return d.with_source(file_text);
        }
        let (line, column) =
            locate_quoted_value(yaml, first_line, &message).unwrap_or((line, column));
        let mut d = Diagnostic::new(path, line, column, message);
        if let Some(expected) = expected {
            d = d.expected(expected);
        }
        d.with_source(file_text)
    })
}

/// serde_yaml reports some errors with no location (front matter errors would point at its `---` line): an
/// indented first key ("more than one document") and alias expansion limits (a "billion laughs"
/// bomb). Finds the line at fault and says what to write instead.
fn explain_unlocated(
    yaml: &str,
    first_line: usize,
    path: &Path,
    message: &str,
) -> Option<Diagnostic> {
    let content_lines = || {
        yaml.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    };
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    if message.contains("more than one document") {
        let (first, first_text) = content_lines().next()?;
        let (at, at_text) = if indent(first_text) > 0 {
            (first, first_text)
        } else {
            content_lines().find(|(_, l)| indent(l) < indent(first_text))?
        };
        let key = at_text.trim().split(':').next().unwrap_or("").trim();
        return Some(
            Diagnostic::new(
                path,
                first_line + at,
                1,
                format!("key `{key}` is indented, so the keys are not one block"),
            )
            .expected(
                "every top-level key at the start of its line, with no spaces before it \
                 (indent only what belongs under a key)",
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or("");
        let mut lines = yaml.lines().enumerate().filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        });
        let (first, _) = lines.next()?;
        let (second, _) = lines.next()?;
        return Some(
            Diagnostic::new(
                path,
                first_line + second,
                1,
                format!(
                    "key `{key}` is written twice (first on line {})",
                    first_line + first
                ),
            )
            .expected("each key once: remove one of them"),
        );
    }
    if message.contains("repetition limit exceeded") || message.contains("recursion limit") {
        let (at, at_text) = content_lines()
            .find(|(_, l)| alias_column(l).is_some())
            .or_else(|| content_lines().next())?;
        let column = alias_column(at_text).unwrap_or(0) + 1;
        return Some(
            Diagnostic::new(
                path,
                first_line + at,
                column,
                "the YAML is too large once its aliases (`*name`) or nesting are expanded",
            )
            .expected(
                "plain values written out: no `&anchor`/`*alias` repeated inside each other, \
                 no deeply nested lists",
            ),
        );
    }
    None
}

/// Column (0-based, in characters) of the first YAML alias `*name` on a line.
fn alias_column(line: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len()).find(|&i| {
        chars[i] == '*'
            && (i == 0 || matches!(chars[i - 1], ' ' | '[' | ',' | '{' | '-'))
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
    })
}

/// The boolean at top-level `key` of the YAML `text`, read leniently: `None` when the text does
/// not parse or the key is missing or not a boolean (the full read reports those).
pub(crate) fn top_level_bool(text: &str, key: &str) -> Option<bool> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()?
        .get(key)?
        .as_bool()
}

/// A line ending that is a carriage return alone (classic Mac OS), which would make the whole
/// file one line to some readers and many to others: located at the first one (`text` starts on
/// line `first_line` of the file), quoting the line it ends.
pub(crate) fn lone_carriage_return(
    text: &str,
    first_line: usize,
    path: &Path,
) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    // (`match_indices` of one character searches with memchr: every page's text is scanned.)
    let (at, _) = text
        .match_indices('\r')
        .find(|&(i, _)| bytes.get(i + 1) != Some(&b'\n'))?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_text = &text[line_start..at];
    let line = first_line + text[..at].matches('\n').count();
    let mut d = Diagnostic::new(
        path,
        line,
        line_text.chars().count() + 1,
        "this line ends with a carriage return alone (old Mac OS line endings)",
    )
    .expected("lines ending in LF (Unix) or CR LF (Windows): save the file with one of those line endings");
    d.source_line = Some(line_text.to_owned());
    Some(d)
}

/// Errors raised while converting a value (a bad date) carry the position of the enclosing
/// mapping; when the message quotes the value in backticks, find the line that holds it.
fn locate_quoted_value(yaml: &str, first_line: usize, message: &str) -> Option<(usize, usize)> {
    let (_, rest) = message.split_once('`')?;
    let (value, _) = rest.split_once('`')?;
    if value.is_empty() || message.starts_with("unknown key") || message.starts_with("missing") {
        return None;
    }
    yaml.lines().enumerate().find_map(|(i, line)| {
        let (key, after) = line.split_once(':')?;
        let column = after.find(value)?;
        Some((
            first_line + i,
            key.chars().count() + 1 + after[..column].chars().count() + 1,
        ))
    })
}

/// Rewrites serde's wording into "what is wrong" and "what is expected".
fn explain_yaml_error(raw: &str) -> (String, Option<String>) {
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let raw = match raw.rfind(" at line ") {
        Some(i) if raw[i..].contains(" column ") => &raw[..i],
        _ => raw,
    };
    // serde_yaml names the key of a nested error first: `sources[0]: missing field `url``.
    let (key, raw) = match raw.split_once(": ") {
        Some((key, rest)) if !key.contains(' ') && !key.is_empty() => (Some(key), rest),
        _ => (None, raw),
    };
    let under = key.map(|k| format!(" under `{k}`")).unwrap_or_default();
    let for_key = key.map(|k| format!(" for `{k}`")).unwrap_or_default();
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (field, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = list_of_names(allowed);
        return (
            format!("unknown key {field}{under}"),
            Some(format!("one of the keys {allowed}")),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!("unknown value {value}{for_key}"),
            Some(format!("one of {}", list_of_names(allowed))),
        );
    }
    if let Some(field) = raw.strip_prefix("missing field ") {
        return (format!("missing required key {field}{under}"), None);
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return (
                format!("wrong type{for_key}: found {found}"),
                Some(plain_type(expected)),
            );
        }
    }
    if let Some((what, expected)) = raw.split_once("; expected ") {
        return (format!("{what}{for_key}"), Some(expected.to_owned()));
    }
    (format!("{raw}{for_key}"), None)
}

/// serde's names for types, in words editors use.
fn plain_type(serde_name: &str) -> String {
    match serde_name {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "a whole number".to_owned()
        }
        "a sequence" => "a list (`- item` lines or `[a, b]`)".to_owned(),
        "a map" => "keys and values (`key: value`)".to_owned(),
        other => other.to_owned(),
    }
}

/// `` one of `a`, `b`, `c` `` or `` `a` or `b` `` → `` `a`, `b`, `c` ``.
fn list_of_names(serde_list: &str) -> String {
    serde_list
        .trim_start_matches("one of ")
        .replace(" or ", ", ")
}

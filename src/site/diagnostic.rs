//! Located diagnostics: every content, rules and template error names the file, line and column,
//! says what is wrong and what is expected, and shows the offending line.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the content, the rules data or the templates.
///
/// Displayed as `path:line:col: message; expected …` followed by the offending source line and
/// a caret under the column, so editors can jump straight to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    /// Path of the file, as given to the build (usually relative to the site root).
    pub path: PathBuf,
    /// 1-based line in the original file (front matter offsets already applied); 0 if unknown.
    pub line: usize,
    /// 1-based column; 0 if unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What would be right, if that can be said (e.g. "one of 2–8d").
    pub expected: Option<String>,
    /// The text of the offending line, if known.
    pub source_line: Option<String>,
    /// The page being rendered when the problem was found (template errors), shown after the
    /// message as `(while rendering …)`. One broken template fails every page that uses it, so
    /// reports group by everything else. (Boxed to keep `Result<_, Diagnostic>` small.)
    pub during: Option<Box<PathBuf>>,
}

impl Diagnostic {
    /// A diagnostic for `path` at `line`:`column` (1-based; 0 means unknown).
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            message: message.into(),
            expected: None,
            source_line: None,
            during: None,
        }
    }

    /// Records the page being rendered when the problem was found.
    pub fn during(mut self, page: &Path) -> Self {
        self.during = Some(Box::new(page.to_path_buf()));
        self
    }

    /// Adds what is expected instead.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Attaches the offending line, taken from the whole text of the file.
    pub fn with_source(mut self, file_text: &str) -> Self {
        if self.line > 0 {
            self.source_line = file_text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    /// The `path:line:col` prefix.
    pub fn location(&self) -> String {
        location(&self.path, self.line, self.column)
    }
}

fn location(path: &Path, line: usize, column: usize) -> String {
    match (line, column) {
        (0, _) => path.display().to_string(),
        (l, 0) => format!("{}:{l}", path.display()),
        (l, c) => format!("{}:{l}:{c}", path.display()),
    }
}

impl Diagnostic {
    /// Everything said after the location: the message, the page being rendered, and what is
    /// expected (`unknown key `colour`; expected one of …`).
    pub(crate) fn headline(&self) -> String {
        let mut text = self.message.clone();
        if let Some(page) = &self.during {
            text.push_str(&format!(" (while rendering {})", page.display()));
        }
        if let Some(expected) = &self.expected {
            text.push_str(&format!("; expected {expected}"));
        }
        text
    }

    /// The offending line with a gutter, and a caret under the column when it is known:
    ///
    /// ```text
    /// 3 | colour: red
    ///   | ^
    /// ```
    pub(crate) fn snippet(&self) -> Option<String> {
        let line = self.source_line.as_ref()?;
        let gutter = self.line.to_string();
        let mut text = format!("{gutter} | {line}");
        if self.column > 0 {
            let pad: String = line
                .chars()
                .take(self.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            text.push_str(&format!("\n{} | {pad}^", " ".repeat(gutter.len())));
        }
        Some(text)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.headline())?;
        if let Some(snippet) = self.snippet() {
            write!(f, "\n{snippet}")?;
        }
        Ok(())
    }
}

/// All the problems of one run: a build reports every error, not just the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Sorts by file, line and column so reports are stable whatever order they were found in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} errors", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_location_expectation_and_caret() {
        let text = "---\ntitle: Paramedic\nband: Band 9\n---\n";
        let d = Diagnostic::new("content/roles/paramedic.md", 3, 7, "unknown band `Band 9`")
            .expected("one of 2–8d")
            .with_source(text);
        assert_eq!(
            d.to_string(),
            "content/roles/paramedic.md:3:7: unknown band `Band 9`; expected one of 2–8d\n3 | band: Band 9\n  |       ^"
        );
    }

    #[test]
    fn location_without_line_is_just_the_path() {
        let d = Diagnostic::new("content/site.yaml", 0, 0, "missing file");
        assert_eq!(d.to_string(), "content/site.yaml: missing file");
    }
}

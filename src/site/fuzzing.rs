//! Entry points for the fuzz targets in `tests/fuzz` (feature `fuzzing`): the front-matter
//! splitter and readers, and Markdown rendering, run on any text the way the build runs them.
//! The stages themselves stay private to the crate; these wrappers are the only way in.

use crate::site::diagnostic::Diagnostic;
use crate::site::load::front_matter::{self, Split};
use crate::site::load::model::{PageFrontMatter, SiteConfig};
use crate::site::render::markdown::{
    self, AnchorCheck, Document, LinkKind, LinkProblem, LinkResolver, ResolvedLink,
};
use std::path::Path;

/// Every diagnostic from reading `text` as a content file (split, then its front matter read as a
/// page) and as `site.yaml`. `Ok` entries are not returned.
pub fn front_matter(text: &str) -> Vec<Diagnostic> {
    front_matter_as(text, |_, _, _| Vec::new())
}

/// [`front_matter`], with `more` reading the split front matter as other types too (an
/// extension's own front matter).
pub(crate) fn front_matter_as(
    text: &str,
    more: impl Fn(&Split<'_>, &Path, &str) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let text = front_matter::strip_bom(text);
    let path = Path::new("content/fuzz.md");
    let mut found = Vec::new();
    match front_matter::split(text, path) {
        Err(d) => found.push(d),
        Ok(split) => {
            assert!(
                text.ends_with(split.body),
                "the body is the end of the file"
            );
            found.extend(front_matter::parse::<PageFrontMatter>(&split, path, text).err());
            found.extend(more(&split, path, text));
        }
    }
    let whole = Split {
        yaml: text,
        yaml_first_line: 1,
        body: "",
        body_first_line: 0,
    };
    found.extend(front_matter::parse::<SiteConfig>(&whole, path, text).err());
    found
}

/// What rendering a Markdown body gave.
#[derive(Debug, Clone)]
pub struct MarkdownOutcome {
    /// The HTML.
    pub html: String,
    /// The id of every heading, in order.
    pub heading_ids: Vec<String>,
    /// The problems found (bad links, raw HTML outside the allow-list, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves `#fragment` links and `*.md` pages and refuses the rest, so both outcomes of the real
/// resolver are exercised.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, dest: &str, _kind: LinkKind) -> Result<ResolvedLink, LinkProblem> {
        if let Some(fragment) = dest.strip_prefix('#') {
            return Ok(ResolvedLink {
                href: dest.to_owned(),
                anchor: Some(AnchorCheck {
                    page: 0,
                    fragment: fragment.to_owned(),
                }),
            });
        }
        if dest.ends_with(".md") {
            return Ok(ResolvedLink {
                href: "/page/".to_owned(),
                anchor: None,
            });
        }
        Err(LinkProblem {
            message: format!("no page `{dest}`"),
            expected: "a page".to_owned(),
        })
    }
}

/// Renders `body` as the Markdown of a page whose body starts on line 1.
pub fn markdown(body: &str) -> MarkdownOutcome {
    let doc = Document {
        path: Path::new("content/fuzz.md"),
        file_text: body,
        body,
        body_first_line: 1,
        reserved_ids: &["main-content", "site-nav"],
        headings_allowed: true,
        footnote_prefix: "",
        require_table_captions: true,
    };
    let rendered = markdown::render(&doc, &Links);
    MarkdownOutcome {
        html: rendered.html,
        heading_ids: rendered.headings.into_iter().map(|h| h.id).collect(),
        diagnostics: rendered.diagnostics,
    }
}

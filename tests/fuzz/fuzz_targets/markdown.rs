//! Markdown rendering (headings, tables, footnotes, links, raw HTML checks) on any text: never a
//! panic, no NUL in the HTML, every heading id unique, every problem located inside the file.
#![no_main]

use arrs_guide::site::markdown::{
    self, AnchorCheck, Document, LinkKind, LinkProblem, LinkResolver, ResolvedLink,
};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;

/// Resolves `#fragment` and `page.md` links, refuses the rest, like the real resolver's outcomes.
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

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document {
        path: Path::new("content/fuzz.md"),
        file_text: body,
        body,
        body_first_line: 1,
        reserved_ids: &["main-content", "site-nav"],
        headings_allowed: true,
        footnote_prefix: "",
    };
    let rendered = markdown::render(&doc, &Links);
    assert!(!rendered.html.contains('\0'));
    let ids: HashSet<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    let explicit = rendered
        .diagnostics
        .iter()
        .any(|d| d.message.contains("is used twice") || d.message.contains("already used"));
    assert!(explicit || ids.len() == rendered.headings.len(), "duplicate heading ids");
    let lines = body.split('\n').count();
    for d in &rendered.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d}");
    }
});

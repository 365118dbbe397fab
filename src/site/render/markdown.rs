//! Markdown → HTML in one pass over pulldown-cmark's events, producing at the same time the
//! heading ids, the headings for the table of contents, and the outbound links (already rewritten
//! from source paths to URLs) with their positions in the original file.
//!
//! Some elements are written by hand rather than by pulldown-cmark's HTML writer:
//! - headings, to carry stable unique ids;
//! - tables, to add a caption, `scope` on header cells, alignment as classes (the CSP forbids
//!   inline `style` attributes), and a focusable, labelled scrolling region for phones;
//! - footnotes, with ids that cannot clash with heading ids.

use crate::site::diagnostic::Diagnostic;
use crate::site::render::raw_html;
use crate::site::render::slug::{slugify, UniqueIds};
use pulldown_cmark::{
    Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// The Markdown extensions the site uses, listed one by one so that a pulldown-cmark upgrade
/// cannot silently change how content parses.
pub(crate) fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    options
}

/// Whether a destination is a link or an image source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkKind {
    /// `[text](dest)`
    Link,
    /// `![alt](dest)`
    Image,
}

/// A `#fragment` that must exist on a page once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnchorCheck {
    /// Index of the target page in the site's page list.
    pub page: usize,
    /// The id looked for, without `#`.
    pub fragment: String,
}

/// A link destination rewritten for the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedLink {
    /// What goes in `href`/`src`.
    pub href: String,
    /// The anchor to verify later, if the link has one.
    pub anchor: Option<AnchorCheck>,
}

/// Why a link cannot be resolved: what is wrong and what is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkProblem {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub expected: String,
}

/// Turns link destinations written in Markdown into output URLs.
pub(crate) trait LinkResolver {
    /// Resolves `dest` as written by the editor.
    fn resolve(&self, dest: &str, kind: LinkKind) -> Result<ResolvedLink, LinkProblem>;
}

/// One Markdown document to render.
pub(crate) struct Document<'a> {
    /// Path shown in diagnostics.
    pub path: &'a Path,
    /// The whole file, for quoting lines in diagnostics.
    pub file_text: &'a str,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_first_line: usize,
    /// Ids the page template already uses; headings never take them.
    pub reserved_ids: &'a [&'a str],
    /// False for FAQ answers, whose question is their heading.
    pub headings_allowed: bool,
    /// Put in footnote ids (`fn-<prefix><label>`) so documents shown on one page (FAQ answers)
    /// cannot clash.
    pub footnote_prefix: &'a str,
    /// Whether a table without a `Table: …` caption paragraph is an error (`site.yaml`
    /// `content_rules.require_table_captions`).
    pub require_table_captions: bool,
}

/// A heading found in the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    /// 2 to 6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
}

/// A link to a `#fragment`, remembered with its position to check it once all pages are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingAnchor {
    /// What to look for.
    pub check: AnchorCheck,
    /// The destination as written, for the message.
    pub written: String,
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Every id the HTML defines (headings and footnotes).
    pub ids: Vec<String>,
    /// Anchors to check later.
    pub anchors: Vec<PendingAnchor>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// The readable text of the body, for the search index (see [`readable_text`]). Taken from
    /// the same parse as the HTML; a build lets it go once the page's search entry is made.
    pub text: String,
}

/// Maps byte offsets in the body to lines and columns of the file. The line starts are found
/// on the first question: most pages have no problem and no `#anchor` link to place.
struct Positions<'a> {
    body: &'a str,
    line_starts: std::cell::OnceCell<Vec<usize>>,
    first_line: usize,
}

impl<'a> Positions<'a> {
    fn new(body: &'a str, first_line: usize) -> Self {
        Positions {
            body,
            line_starts: std::cell::OnceCell::new(),
            first_line,
        }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let line_starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.body.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let index = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[index];
        let column = self
            .body
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (self.first_line + index, column)
    }
}

/// CommonMark §2.3: U+0000 is replaced by U+FFFD, so a NUL byte never reaches the HTML. Lines
/// and columns (counted in characters) stay where they were.
fn replace_nul(body: &str) -> Cow<'_, str> {
    if body.contains('\0') {
        Cow::Owned(body.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(body)
    }
}

/// Renders `doc`, resolving its links with `links`.
pub(crate) fn render(doc: &Document<'_>, links: &dyn LinkResolver) -> Rendered {
    let body = replace_nul(doc.body);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&body, options())
        .into_offset_iter()
        .collect();
    let mut renderer = Renderer {
        doc,
        links,
        positions: Positions::new(&body, doc.body_first_line),
        ids: UniqueIds::with_reserved(doc.reserved_ids.iter().copied()),
        footnotes: HashMap::new(),
        html_block: None,
        out: Rendered::default(),
        html: String::with_capacity(doc.body.len() * 3 / 2),
    };
    renderer.run(&events);
    let mut out = renderer.out;
    // Copied to a string of its own size: every page's HTML is kept until the templates have
    // run, and shrinking in place (`shrink_to_fit`) leaves the spare third allocated where the
    // allocator keeps blocks whole.
    out.html = renderer.html.as_str().to_owned();
    out.text = readable_text(events.iter().map(|(event, _)| event), body.len());
    out
}

/// The readable text of a Markdown body from its events, one space between blocks: what a
/// reader sees, without link targets, HTML tags or Markdown marks. `capacity` is a size hint
/// (the body's length).
fn readable_text<'e, 'a: 'e>(
    events: impl Iterator<Item = &'e Event<'a>>,
    capacity: usize,
) -> String {
    let mut text = String::with_capacity(capacity);
    let gap = |text: &mut String| {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    };
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
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

struct Renderer<'d, 'a> {
    doc: &'d Document<'a>,
    links: &'d dyn LinkResolver,
    positions: Positions<'a>,
    ids: UniqueIds,
    /// Footnote label → (number, whether a reference already carries the back-link id).
    footnotes: HashMap<String, (usize, bool)>,
    /// The raw HTML block being read: its start offset and its text so far (checked whole, so a
    /// tag written over several lines is read as one).
    html_block: Option<(usize, String)>,
    out: Rendered,
    html: String,
}

impl<'d, 'a> Renderer<'d, 'a> {
    fn problem(&mut self, offset: usize, message: String, expected: &str) {
        let (line, column) = self.positions.at(offset);
        self.out.diagnostics.push(
            Diagnostic::new(self.doc.path, line, column, message)
                .expected(expected)
                .with_source(self.doc.file_text),
        );
    }

    fn run(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut plain: Vec<Event<'a>> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    self.flush(&mut plain);
                    let end = find_end(events, i);
                    self.heading(
                        *level,
                        id.as_deref(),
                        classes,
                        &events[i + 1..end],
                        range.start,
                    );
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Paragraph) if caption_text(events, i).is_some() => {
                    let end = find_end(events, i);
                    if matches!(events.get(end + 1), Some((Event::Start(Tag::Table(_)), _))) {
                        self.flush(&mut plain);
                        let html = self.inline_html(&events[i + 1..end], true);
                        let label = plain_text(&events[i + 1..end]);
                        let label = label.trim_start_matches("Table:").trim().to_owned();
                        let table_end = find_end(events, end + 1);
                        self.table(&events[end + 1..=table_end], Some((html, label)));
                        i = table_end + 1;
                        continue;
                    }
                    plain.push(event.clone());
                }
                Event::Start(Tag::Table(_)) => {
                    self.flush(&mut plain);
                    let end = find_end(events, i);
                    if self.doc.require_table_captions {
                        self.problem(
                            range.start,
                            "table without a caption".into(),
                            "a paragraph `Table: what the table shows` on the line just before the table",
                        );
                    }
                    self.table(&events[i..=end], None);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let html = self.footnote_definition(label);
                    plain.push(Event::Html(html.into()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    plain.push(Event::Html("</div>\n".into()));
                }
                _ => {
                    let event = self.rewrite(event, range.start);
                    plain.push(event);
                }
            }
            i += 1;
        }
        self.flush(&mut plain);
    }

    fn flush(&mut self, plain: &mut Vec<Event<'a>>) {
        if !plain.is_empty() {
            pulldown_cmark::html::push_html(&mut self.html, plain.drain(..));
        }
    }

    fn inline_html(&mut self, events: &[(Event<'a>, Range<usize>)], strip_caption: bool) -> String {
        let mut inner: Vec<Event<'a>> = events
            .iter()
            .map(|(event, range)| self.rewrite(event, range.start))
            .collect();
        if strip_caption {
            if let Some(Event::Text(text)) = inner.first_mut() {
                let rest = text.trim_start_matches("Table:").trim_start().to_owned();
                *text = rest.into();
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
        html
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'a>],
        inner: &[(Event<'a>, Range<usize>)],
        offset: usize,
    ) {
        let level = level as u8;
        let title = plain_text(inner);
        if !self.doc.headings_allowed {
            self.problem(
                offset,
                format!("heading `{title}` in an FAQ answer"),
                "paragraphs and lists only: the question is the answer's heading",
            );
        } else if level == 1 {
            self.problem(
                offset,
                format!("level-1 heading `{title}` in the body"),
                "headings from `##` down: the page title is the page's only h1",
            );
        }
        let id = match explicit_id {
            Some(id) => {
                if self.doc.reserved_ids.contains(&id) {
                    let reserved = self.doc.reserved_ids.join(", ");
                    self.problem(
                        offset,
                        format!("heading id `{id}` is already used by the page template"),
                        &format!("an id other than {reserved}"),
                    );
                } else if !self.ids.claim(id) {
                    self.problem(
                        offset,
                        format!("heading id `{id}` is used twice on this page"),
                        "each `{#id}` to be unique within the page",
                    );
                }
                id.to_owned()
            }
            None => self.ids.unique(&slugify(&title)),
        };
        let inner_html = self.inline_html(inner, false);
        let inner_html = inner_html.trim_end();
        let inner_html = inner_html
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            .unwrap_or(inner_html);
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_attr(&joined.join(" ")))
        };
        let _ = writeln!(
            self.html,
            "<h{level} id=\"{}\"{class_attr}>{inner_html}</h{level}>",
            escape_attr(&id)
        );
        self.out.ids.push(id.clone());
        self.out.headings.push(Heading { level, id, title });
    }

    fn table(&mut self, events: &[(Event<'a>, Range<usize>)], caption: Option<(String, String)>) {
        let aligns: Vec<Alignment> = match events.first() {
            Some((Event::Start(Tag::Table(aligns)), _)) => aligns.clone(),
            _ => Vec::new(),
        };
        if let Some((caption, label)) = caption {
            let caption = caption.trim();
            let caption = caption
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"))
                .unwrap_or(caption);
            let _ = write!(
                self.html,
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n<caption>{caption}</caption>\n",
                escape_attr(label.trim())
            );
        } else {
            self.html
                .push_str("<div class=\"table-scroll\" tabindex=\"0\">\n<table>\n");
        }
        let mut in_head = false;
        let mut column = 0;
        let mut cell: Vec<Event<'a>> = Vec::new();
        let mut in_cell = false;
        for (event, range) in &events[1..] {
            match event {
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    self.html.push_str("<thead>\n<tr>");
                }
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    self.html.push_str("</tr>\n</thead>\n<tbody>\n");
                }
                Event::Start(Tag::TableRow) => {
                    column = 0;
                    self.html.push_str("<tr>");
                }
                Event::End(TagEnd::TableRow) => self.html.push_str("</tr>\n"),
                Event::Start(Tag::TableCell) => {
                    in_cell = true;
                    cell.clear();
                }
                Event::End(TagEnd::TableCell) => {
                    in_cell = false;
                    let class = match aligns.get(column) {
                        Some(Alignment::Left) => " class=\"align-left\"",
                        Some(Alignment::Center) => " class=\"align-center\"",
                        Some(Alignment::Right) => " class=\"align-right\"",
                        _ => "",
                    };
                    let mut inner = String::new();
                    pulldown_cmark::html::push_html(&mut inner, cell.drain(..));
                    if in_head {
                        let _ = write!(self.html, "<th scope=\"col\"{class}>{inner}</th>");
                    } else {
                        let _ = write!(self.html, "<td{class}>{inner}</td>");
                    }
                    column += 1;
                }
                Event::End(TagEnd::Table) => self.html.push_str("</tbody>\n</table>\n</div>\n"),
                other if in_cell => {
                    let event = self.rewrite(other, range.start);
                    cell.push(event);
                }
                _ => {}
            }
        }
    }

    /// Rewrites one inline or block event: link destinations resolved, footnote references
    /// numbered, raw HTML checked. Other events pass through.
    fn rewrite(&mut self, event: &Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: self.link(*link_type, dest_url, LinkKind::Link, offset),
                title: title.clone(),
                id: id.clone(),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type: *link_type,
                dest_url: self.link(*link_type, dest_url, LinkKind::Image, offset),
                title: title.clone(),
                id: id.clone(),
            }),
            Event::FootnoteReference(label) => {
                Event::InlineHtml(self.footnote_reference(label).into())
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some((offset, String::new()));
                event.clone()
            }
            Event::Html(raw) => {
                match &mut self.html_block {
                    Some((_, text)) => text.push_str(raw),
                    None => self.check_raw_html(raw, offset),
                }
                event.clone()
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, text)) = self.html_block.take() {
                    self.check_raw_html(&text, start);
                }
                event.clone()
            }
            Event::InlineHtml(raw) => {
                self.check_raw_html(raw, offset);
                event.clone()
            }
            other => other.clone(),
        }
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest: &CowStr<'a>,
        kind: LinkKind,
        offset: usize,
    ) -> CowStr<'a> {
        if link_type == LinkType::Email {
            return dest.clone();
        }
        match self.links.resolve(dest, kind) {
            Ok(resolved) => {
                if let Some(check) = resolved.anchor {
                    let (line, column) = self.positions.at(offset);
                    self.out.anchors.push(PendingAnchor {
                        check,
                        written: dest.to_string(),
                        line,
                        column,
                    });
                }
                resolved.href.into()
            }
            Err(problem) => {
                self.problem(offset, problem.message, &problem.expected);
                dest.clone()
            }
        }
    }

    fn footnote_number(&mut self, label: &str) -> (usize, bool) {
        let next = self.footnotes.len() + 1;
        *self
            .footnotes
            .entry(label.to_owned())
            .or_insert((next, false))
    }

    fn footnote_reference(&mut self, label: &str) -> String {
        let (number, has_backlink) = self.footnote_number(label);
        let slug = format!("{}{}", self.doc.footnote_prefix, slugify(label));
        let id_attr = if has_backlink {
            String::new()
        } else {
            if let Some(entry) = self.footnotes.get_mut(label) {
                entry.1 = true;
            }
            let id = format!("fnref-{slug}");
            self.out.ids.push(id.clone());
            format!(" id=\"{}\"", escape_attr(&id))
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{}\"{id_attr}>[{number}]</a></sup>",
            escape_attr(&slug)
        )
    }

    fn footnote_definition(&mut self, label: &str) -> String {
        let (number, _) = self.footnote_number(label);
        let id = format!("fn-{}{}", self.doc.footnote_prefix, slugify(label));
        self.out.ids.push(id.clone());
        format!(
            "<div class=\"footnote\" id=\"{}\"><span class=\"footnote-label\">[{number}]</span>\n",
            escape_attr(&id)
        )
    }

    /// Reports every element or attribute of raw HTML outside the allow-list of
    /// [`raw_html`], at the file line it is written on.
    fn check_raw_html(&mut self, raw: &str, offset: usize) {
        let problems = raw_html::check(raw);
        if problems.is_empty() {
            return;
        }
        let (first_line, first_column) = self.positions.at(offset);
        let lines: Vec<&str> = raw.split('\n').collect();
        for problem in problems {
            let line = first_line + problem.line;
            // Column of the first `<` on that line of the fragment (the tag, as a rule).
            let text = lines.get(problem.line).copied().unwrap_or("");
            let column = text.find('<').map_or(1, |i| text[..i].chars().count() + 1)
                + if problem.line == 0 {
                    first_column - 1
                } else {
                    0
                };
            self.out.diagnostics.push(
                Diagnostic::new(self.doc.path, line, column, problem.message)
                    .expected(problem.expected)
                    .with_source(self.doc.file_text),
            );
        }
    }
}

/// Index of the `End` matching the `Start` at `start`.
fn find_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return start + offset;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The caption text if the paragraph starting at `start` begins with `Table:`.
fn caption_text<'e>(events: &'e [(Event<'_>, Range<usize>)], start: usize) -> Option<&'e str> {
    match events.get(start + 1) {
        Some((Event::Text(text), _)) if text.starts_with("Table:") => Some(text),
        _ => None,
    }
}

/// The text of inline events, without markup.
fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Escapes text for a double-quoted HTML attribute.
pub(crate) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
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
            if dest.starts_with("https://") {
                return Ok(ResolvedLink {
                    href: dest.to_owned(),
                    anchor: None,
                });
            }
            if dest == "roles/paramedic.md" {
                return Ok(ResolvedLink {
                    href: "/roles/paramedic/".into(),
                    anchor: None,
                });
            }
            Err(LinkProblem {
                message: format!("no page `{dest}`"),
                expected: "a page".into(),
            })
        }
    }

    fn doc<'a>(body: &'a str, file_text: &'a str, first_line: usize) -> Document<'a> {
        Document {
            path: Path::new("content/p.md"),
            file_text,
            body,
            body_first_line: first_line,
            reserved_ids: &["main-content"],
            headings_allowed: true,
            footnote_prefix: "",
            require_table_captions: true,
        }
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let body = "## Costs\n\n## Costs\n\n### Pay *rise* {#pay-rise}\n\n## Main content\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["costs", "costs-1", "pay-rise", "main-content-1"]);
        assert!(r
            .html
            .contains("<h3 id=\"pay-rise\">Pay <em>rise</em></h3>"));
        assert_eq!(r.headings[2].title, "Pay rise");
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn level_one_heading_is_reported_at_its_file_line() {
        let file = "---\ntitle: T\n---\n\n# Title again\n";
        let r = render(&doc("\n# Title again\n", file, 4), &NoLinks);
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (5, 1));
        assert!(d.message.contains("level-1 heading `Title again`"));
    }

    #[test]
    fn links_are_rewritten_and_broken_ones_located() {
        let file = "---\ntitle: T\n---\nSee [the paramedic](roles/paramedic.md).\nAnd [x](nowhere.md) and [y](#costs).\n";
        let body =
            "See [the paramedic](roles/paramedic.md).\nAnd [x](nowhere.md) and [y](#costs).\n";
        let r = render(&doc(body, file, 4), &NoLinks);
        assert!(r
            .html
            .contains("<a href=\"/roles/paramedic/\">the paramedic</a>"));
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            r.diagnostics[0].to_string().lines().next().unwrap(),
            "content/p.md:5:5: no page `nowhere.md`; expected a page"
        );
        assert_eq!(r.anchors.len(), 1);
        assert_eq!((r.anchors[0].line, r.anchors[0].column), (5, 25));
    }

    #[test]
    fn tables_get_caption_scopes_region_and_alignment_classes() {
        let body = "Table: Caps *by* band\n\n| Band | Cap |\n| --- | ---: |\n| 6 | £1 |\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r
            .html
            .contains("role=\"region\" tabindex=\"0\" aria-label=\"Caps by band\""));
        assert!(r.html.contains("<caption>Caps <em>by</em> band</caption>"));
        assert!(r.html.contains(
            "<th scope=\"col\">Band</th><th scope=\"col\" class=\"align-right\">Cap</th>"
        ));
        assert!(r.html.contains("<td class=\"align-right\">£1</td>"));
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn caption_directly_above_the_table_also_works() {
        let body = "Table: Caps\n| Band | Cap |\n| --- | --- |\n| 6 | £1 |\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert!(r.html.contains("<caption>Caps</caption>"), "{}", r.html);
    }

    #[test]
    fn links_in_headings_and_captions_are_resolved_too() {
        let body = "## See [paramedic](roles/paramedic.md)\n\nTable: From [nowhere](nowhere.md)\n\n| a |\n| - |\n| 1 |\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert!(
            r.html.contains(
                "<h2 id=\"see-paramedic\">See <a href=\"/roles/paramedic/\">paramedic</a></h2>"
            ),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (3, 13));
    }

    proptest::proptest! {
        #[test]
        fn render_never_panics_and_positions_stay_in_the_file(body in "[#|:*\\[\\]()a-z^ \n-]{0,200}") {
            let r = render(&doc(&body, &body, 1), &NoLinks);
            let lines = body.lines().count().max(1);
            for d in &r.diagnostics {
                proptest::prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d}");
            }
        }
    }

    #[test]
    fn table_without_caption_is_an_error_when_the_site_requires_captions() {
        let body = "| a |\n| - |\n| 1 |\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].message, "table without a caption");
    }

    #[test]
    fn table_without_caption_renders_plainly_by_default() {
        let body = "| a |\n| - |\n| 1 |\n";
        let plain = Document {
            require_table_captions: false,
            ..doc(body, body, 1)
        };
        let r = render(&plain, &NoLinks);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(r
            .html
            .contains("<div class=\"table-scroll\" tabindex=\"0\">\n<table>\n<thead>"));
        assert!(!r.html.contains("<caption>"));
        assert!(r.html.contains("<td>1</td>"));
    }

    #[test]
    fn footnotes_get_prefixed_ids_and_smart_punctuation_applies() {
        let body = "It's capped.[^cap]\n\n[^cap]: See the DES.\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert!(r.html.contains("It’s capped."));
        assert!(r.html.contains("href=\"#fn-cap\" id=\"fnref-cap\""));
        assert!(r.html.contains("<div class=\"footnote\" id=\"fn-cap\">"));
        assert!(r.ids.contains(&"fn-cap".to_owned()));
    }

    #[test]
    fn footnote_prefix_keeps_answers_apart() {
        let body = "Yes.[^1]\n\n[^1]: Source.\n";
        let mut d = doc(body, body, 1);
        d.footnote_prefix = "part-time-";
        let r = render(&d, &NoLinks);
        assert!(
            r.html
                .contains("href=\"#fn-part-time-1\" id=\"fnref-part-time-1\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"fn-part-time-1\""));
    }

    #[test]
    fn nul_bytes_become_replacement_characters_and_positions_hold() {
        let body = "nul \0 here [x](nowhere.md)\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert!(!r.html.contains('\0'), "{:?}", r.html);
        assert!(r.html.contains("nul \u{FFFD} here"), "{}", r.html);
        assert_eq!(
            r.text, "nul \u{FFFD} here x",
            "search reads what the page shows"
        );
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (1, 12));
    }

    #[test]
    fn search_text_keeps_what_a_reader_sees() {
        let body = "## Pay\n\nPaid at [Band 6](#afc) for *most* posts.\nSee `HCAS`.\n\n\
                    - inner London: 20%\n- outer London: 15%\n\n\
                    Table: Maximum\n\n| Year | Max |\n|---|---|\n| 2026/27 | £1 |\n";
        let r = render(&doc(body, body, 1), &NoLinks);
        assert_eq!(
            r.text,
            "Pay Paid at Band 6 for most posts. See HCAS. inner London: 20% outer London: 15% \
             Table: Maximum Year Max 2026/27 £1"
        );
        assert!(!r.text.contains("afc"), "link targets are not text");
    }

    #[test]
    fn raw_html_outside_the_allow_list_is_located() {
        let file = "---\ntitle: T\n---\nText <img src=x onerror=alert(1)> more.\n\n<div>\n<iframe\n  src=\"https://evil.example/\">\n</div>\n\n<abbr title=\"x\">X</abbr> is fine.\n";
        let body = file
            .split_once("---\n")
            .unwrap()
            .1
            .split_once("---\n")
            .unwrap()
            .1;
        let r = render(&doc(body, file, 4), &NoLinks);
        let found: Vec<(usize, usize, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    6,
                    "event handler attribute `onerror` on `<img>` in Markdown"
                ),
                (8, 1, "`<iframe>` in Markdown"),
            ]
        );
    }

    #[test]
    fn faq_answers_cannot_have_headings() {
        let mut d = doc("## Oops\n", "## Oops\n", 1);
        d.headings_allowed = false;
        let r = render(&d, &NoLinks);
        assert_eq!(r.diagnostics.len(), 1);
    }
}

//! The raw HTML an editor may write inside Markdown.
//!
//! Raw HTML is checked against an explicit allow-list and refused with its location rather than
//! sanitised: stripping silently would publish a page that differs from its source without the
//! editor knowing, while a located error says what to write instead. What is allowed is plain
//! structural and phrasing markup with harmless attributes; what is refused is anything that
//! runs code (`<script>`, `on…` handlers, `javascript:` URLs), styles inline (the
//! Content-Security-Policy blocks it), or loads from another site (`<iframe>`, `<link>`,
//! `<object>`, images from absolute URLs). The CSP would block those in a browser too, but the
//! page would be broken and nobody told.
//!
//! Fragments are tokenized by html5ever, so entities in attribute values (`&#106;avascript:`),
//! unquoted values and any letter case are read the way a browser reads them.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Elements raw HTML in content may use.
const ALLOWED_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes allowed on every allowed element (plus any `aria-…`).
const GLOBAL_ATTRIBUTES: &[&str] = &["id", "class", "title", "lang", "dir", "role", "hidden"];

/// Attributes allowed on particular elements.
const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "rel", "hreflang", "download"]),
    (
        "img",
        &["src", "alt", "width", "height", "loading", "decoding"],
    ),
    ("ol", &["start", "reversed", "type"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("details", &["open"]),
];

/// One thing in a raw HTML fragment that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawHtmlProblem {
    /// 0-based line within the fragment.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub expected: String,
}

/// Every problem in the raw HTML `fragment`, in order.
pub(crate) fn check(fragment: &str) -> Vec<RawHtmlProblem> {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.problems.into_inner()
}

#[derive(Default)]
struct Collect {
    problems: RefCell<Vec<RawHtmlProblem>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let line = usize::try_from(line_number.saturating_sub(1)).unwrap_or(0);
                let attrs: Vec<(String, String)> = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                let mut problems = self.problems.borrow_mut();
                for (message, expected) in check_tag(&tag.name, &attrs) {
                    problems.push(RawHtmlProblem {
                        line,
                        message,
                        expected,
                    });
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Problems of one start tag `<name attrs…>` (name and attribute names already lowercase).
fn check_tag(name: &str, attrs: &[(String, String)]) -> Vec<(String, String)> {
    if !ALLOWED_ELEMENTS.contains(&name) {
        return vec![element_refused(name)];
    }
    let mut found = Vec::new();
    let own = ELEMENT_ATTRIBUTES
        .iter()
        .find(|(element, _)| *element == name)
        .map_or(&[][..], |(_, list)| *list);
    for (attr, value) in attrs {
        if attr.starts_with("on") {
            found.push((
                format!("event handler attribute `{attr}` on `<{name}>` in Markdown"),
                "no scripts in content: the Content-Security-Policy blocks inline script".into(),
            ));
        } else if attr == "style" {
            found.push((
                "inline `style` attribute in Markdown".into(),
                "classes styled in templates/static/style.css: the Content-Security-Policy blocks inline styles".into(),
            ));
        } else if !(GLOBAL_ATTRIBUTES.contains(&attr.as_str())
            || attr.starts_with("aria-")
            || own.contains(&attr.as_str()))
        {
            let mut allowed: Vec<&str> = GLOBAL_ATTRIBUTES.to_vec();
            allowed.extend_from_slice(own);
            found.push((
                format!("attribute `{attr}` on `<{name}>` is not allowed in Markdown"),
                format!("only {}, aria-* attributes", allowed.join(", ")),
            ));
        } else if attr == "href" && runs_code(value) {
            found.push((
                format!("link to `{value}` runs code"),
                "a link to a page (http:, https:, mailto: or a path)".into(),
            ));
        } else if attr == "src" && !is_own_resource(value) {
            found.push((
                format!("image `{value}` is loaded from another site"),
                "an image stored with the site (a path such as /static/chart.png): the site makes no third-party requests".into(),
            ));
        }
    }
    found
}

fn element_refused(name: &str) -> (String, String) {
    let why = match name {
        "script" | "noscript" => {
            "no scripts in content: the Content-Security-Policy blocks inline script"
        }
        "style" | "link" => {
            "classes styled in templates/static/style.css: content cannot add stylesheets"
        }
        "iframe" | "frame" | "frameset" | "object" | "embed" | "portal" => {
            "a link to the other site instead of embedding it: the site makes no third-party requests"
        }
        "form" | "input" | "button" | "select" | "textarea" => {
            "forms only in templates: content pages are read, not filled in"
        }
        _ => "Markdown, or one of the allowed HTML elements (p, div, span, a, img, abbr, details, …; see docs/content.md)",
    };
    (format!("`<{name}>` in Markdown"), why.to_owned())
}

/// True for `javascript:`, `vbscript:` and `data:` URLs (any case, whitespace and control
/// characters ignored the way browsers ignore them).
fn runs_code(url: &str) -> bool {
    let scheme = url_scheme(url);
    matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data"))
}

/// True for a path on the site itself, or an inline `data:image/…` image (the CSP allows them).
fn is_own_resource(url: &str) -> bool {
    let trimmed = url.trim();
    if trimmed.starts_with("//") || trimmed.starts_with("\\\\") || trimmed.starts_with("/\\") {
        return false;
    }
    match url_scheme(url) {
        None => true,
        Some(scheme) => scheme == "data" && trimmed.to_ascii_lowercase().starts_with("data:image/"),
    }
}

/// The lowercase scheme of `url`, if it has one. Tabs, newlines and other control characters
/// inside it are dropped, as browsers drop them.
fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(fragment: &str) -> Vec<String> {
        check(fragment).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn plain_markup_passes() {
        for ok in [
            "<abbr title=\"Primary care network\">PCN</abbr>",
            "<details open><summary>More</summary>",
            "<img src=\"/static/chart.png\" alt=\"Chart\">",
            "<img src=\"chart.png\" alt=\"\">",
            "<a href=\"https://www.england.nhs.uk/\" aria-label=\"NHS England\">",
            "<span class=\"note\" id=\"x\">",
            "</div>",
            "<!-- a comment -->",
            "<br/>",
        ] {
            assert_eq!(messages(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn third_party_embeds_and_stylesheets_are_refused() {
        assert_eq!(
            messages("<img src=\"https://tracker.example/p.gif\" alt=\"\">"),
            ["image `https://tracker.example/p.gif` is loaded from another site"]
        );
        assert_eq!(messages("<img src=//tracker.example/p.gif>").len(), 1);
        assert_eq!(
            messages("<iframe src=\"https://evil.example/\">"),
            ["`<iframe>` in Markdown"]
        );
        assert_eq!(
            messages("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">"),
            ["`<link>` in Markdown"]
        );
        assert_eq!(messages("<STYLE>p{}</STYLE>"), ["`<style>` in Markdown"]);
        assert_eq!(
            messages("<ScRiPt>alert(1)</script>"),
            ["`<script>` in Markdown"]
        );
    }

    #[test]
    fn code_in_attributes_is_refused_however_it_is_spelled() {
        assert_eq!(
            messages("<img src=x onerror=alert(1)>"),
            ["event handler attribute `onerror` on `<img>` in Markdown"]
        );
        assert_eq!(messages("<p ONCLICK=\"x()\">").len(), 1);
        assert_eq!(
            messages("<a href=\"&#106;avascript:alert(1)\">"),
            ["link to `javascript:alert(1)` runs code"]
        );
        assert_eq!(messages("<a href=\" java\tscript:x\">").len(), 1);
        assert_eq!(
            messages("<p style=\"color:red\">"),
            ["inline `style` attribute in Markdown"]
        );
    }

    #[test]
    fn problems_carry_the_line_within_the_fragment() {
        let problems = check("<div>\n<p>\n<img\n  src=\"https://x.example/a.png\">\n</div>");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
    }
}

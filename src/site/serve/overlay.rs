//! The build-error overlay: the diagnostics of a failed build as an HTML fragment that the dev
//! server puts on every page until the next good build. It needs no script and no inline style;
//! its look comes from `/__arrs/overlay.css`.

use crate::site::{Diagnostic, Diagnostics};
use pulldown_cmark_escape::escape_html;

/// Id of the overlay element; the stylesheet keys on it.
pub(crate) const OVERLAY_ID: &str = "arrs-build-errors";

/// At most this many errors are shown on a page (the terminal lists them all).
const SHOWN: usize = 50;

/// Renders `errors` as the overlay element; `has_good_site` says whether a last good build is
/// being shown beneath it.
pub(crate) fn render(errors: &Diagnostics, has_good_site: bool) -> String {
    let count = errors.0.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let beneath = if has_good_site {
        "You are seeing the last good build. "
    } else {
        ""
    };
    let mut html = String::with_capacity(256 + count.min(SHOWN) * 256);
    html.push_str(&format!(
        "<aside id=\"{OVERLAY_ID}\" role=\"alert\" aria-labelledby=\"{OVERLAY_ID}-title\">\
         <h2 id=\"{OVERLAY_ID}-title\">Build failed: {count} {noun}</h2>\
         <p>{beneath}Fix the {noun} below and save: this page reloads by itself.</p><ol>",
    ));
    for diagnostic in errors.0.iter().take(SHOWN) {
        render_item(&mut html, diagnostic);
    }
    html.push_str("</ol>");
    if count > SHOWN {
        html.push_str(&format!(
            "<p>And {} more: the terminal running <code>arrs-guide serve</code> lists them all.</p>",
            count - SHOWN
        ));
    }
    html.push_str("</aside>");
    html
}

/// One diagnostic as a list item: its location as code, its message, and the offending line with
/// the caret under the column, exactly as the terminal shows them (`Diagnostic`'s `Display`).
fn render_item(html: &mut String, d: &Diagnostic) {
    html.push_str("<li><p><code>");
    push_escaped(html, &d.location());
    html.push_str("</code> ");
    push_escaped(html, &d.headline());
    html.push_str("</p>");
    if let Some(snippet) = d.snippet() {
        html.push_str("<pre>");
        push_escaped(html, &snippet);
        html.push_str("</pre>");
    }
    html.push_str("</li>");
}

fn push_escaped(html: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(&mut *html, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_location_message_expectation_and_offending_line() {
        let text = "---\ntitle: Paramedic\nband: <Band 9>\n---\n";
        let errors = Diagnostics(vec![Diagnostic::new(
            "content/roles/paramedic.md",
            3,
            7,
            "unknown band `<Band 9>`",
        )
        .expected("one of 2–8d")
        .with_source(text)]);
        let html = render(&errors, true);
        assert!(html.contains("Build failed: 1 error<"), "{html}");
        assert!(
            html.contains("You are seeing the last good build."),
            "{html}"
        );
        assert!(
            html.contains("<code>content/roles/paramedic.md:3:7</code>"),
            "{html}"
        );
        assert!(
            html.contains("unknown band `&lt;Band 9&gt;`; expected one of 2–8d"),
            "{html}"
        );
        assert!(
            html.contains("<pre>3 | band: &lt;Band 9&gt;\n  |       ^</pre>"),
            "{html}"
        );
        assert!(!html.contains("<Band"), "unescaped user text: {html}");
    }

    #[test]
    fn counts_every_error_and_skips_absent_parts() {
        let errors = Diagnostics(vec![
            Diagnostic::new("content/site.yaml", 0, 0, "missing file"),
            Diagnostic::new("templates/page.html", 12, 0, "unknown filter"),
        ]);
        let html = render(&errors, false);
        assert!(html.contains("Build failed: 2 errors"));
        assert!(!html.contains("last good build"), "there is none: {html}");
        assert_eq!(html.matches("<li>").count(), 2);
        assert!(html.contains("<code>content/site.yaml</code> missing file</p></li>"));
        assert!(!html.contains("<pre>"));
    }

    #[test]
    fn long_lists_are_cut_with_a_pointer_to_the_terminal() {
        let errors = Diagnostics(
            (1..=120)
                .map(|n| {
                    Diagnostic::new(format!("content/generated/page-{n}.md"), 9, 1, "bad table")
                })
                .collect(),
        );
        let html = render(&errors, true);
        assert!(html.contains("Build failed: 120 errors"));
        assert_eq!(html.matches("<li>").count(), SHOWN);
        assert!(html.contains("And 70 more: the terminal"));
    }
}

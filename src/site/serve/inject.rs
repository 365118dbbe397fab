//! What the dev server adds to every HTML page it sends: the live-reload script, and while the
//! latest build has failed, the error overlay and its stylesheet. `build` output never has these;
//! they exist only in `serve` responses.

/// URL of the live-reload script.
pub(crate) const LIVERELOAD_URL: &str = "/__arrs/livereload.js";
/// URL of the overlay stylesheet.
pub(crate) const OVERLAY_CSS_URL: &str = "/__arrs/overlay.css";
/// URL of the server-sent build events.
pub(crate) const EVENTS_URL: &str = "/__arrs/events";

/// Adds the live-reload script (tagged with the build `generation` the page comes from) and, if
/// given, the `overlay` element with its stylesheet, to the page `html`.
///
/// The script and stylesheet go at the end of `<head>`, the overlay at the start of `<body>`; a
/// page without those tags gets them at the start or end of the text instead.
pub(crate) fn inject(html: &str, generation: u64, overlay: Option<&str>) -> String {
    let mut head_tags = format!(
        "<script src=\"{LIVERELOAD_URL}?generation={generation}\" type=\"module\"></script>"
    );
    if overlay.is_some() {
        head_tags.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_URL}\">"
        ));
    }
    let mut out = String::with_capacity(html.len() + head_tags.len() + overlay.map_or(0, str::len));
    let lower = html.to_ascii_lowercase();
    let head_end = lower.find("</head>");
    let body_start = find_body_content(&lower).filter(|at| head_end.is_none_or(|h| *at > h));
    let mut rest = 0;
    match head_end {
        Some(at) => {
            out.push_str(&html[..at]);
            out.push_str(&head_tags);
            rest = at;
        }
        None => out.push_str(&head_tags),
    }
    match (overlay, body_start) {
        (Some(overlay), Some(at)) => {
            out.push_str(&html[rest..at]);
            out.push_str(overlay);
            out.push_str(&html[at..]);
        }
        (Some(overlay), None) => {
            out.push_str(&html[rest..]);
            out.push_str(overlay);
        }
        (None, _) => out.push_str(&html[rest..]),
    }
    out
}

/// Byte offset just after the `<body …>` start tag in lower-cased `html`.
fn find_body_content(lower: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = lower[from..].find("<body") {
        let tag = from + found;
        let after = tag + "<body".len();
        match lower[after..].chars().next() {
            Some('>') => return Some(after + 1),
            Some(c) if c.is_ascii_whitespace() || c == '/' => {
                return lower[after..].find('>').map(|end| after + end + 1);
            }
            _ => from = after,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=\"en-GB\"><head><title>Paramedic</title></head>\
                        <body class=\"role\"><main><h1>Paramedic</h1></main></body></html>";

    #[test]
    fn a_good_build_adds_only_the_reload_script_to_the_head() {
        let out = inject(PAGE, 7, None);
        assert_eq!(
            out,
            PAGE.replace(
                "</head>",
                "<script src=\"/__arrs/livereload.js?generation=7\" type=\"module\"></script></head>"
            )
        );
    }

    #[test]
    fn a_failed_build_adds_the_overlay_first_in_the_body_and_its_stylesheet() {
        let out = inject(PAGE, 8, Some("<aside>oops</aside>"));
        assert!(out.contains(
            "type=\"module\"></script><link rel=\"stylesheet\" href=\"/__arrs/overlay.css\"></head>"
        ));
        assert!(
            out.contains("<body class=\"role\"><aside>oops</aside><main>"),
            "{out}"
        );
        assert!(
            !out.contains("<style") && !out.contains("<script>"),
            "no inline code: {out}"
        );
    }

    #[test]
    fn tag_case_and_lookalike_tags_are_handled() {
        let page = "<HTML><HEAD></HEAD><bodyguard></bodyguard><BODY>text</BODY></HTML>";
        let out = inject(page, 1, Some("<aside></aside>"));
        assert!(
            out.contains("</script><link rel=\"stylesheet\" href=\"/__arrs/overlay.css\"></HEAD>")
        );
        assert!(out.contains("<BODY><aside></aside>text"), "{out}");
    }

    #[test]
    fn fragments_without_head_or_body_still_get_everything() {
        let out = inject("<p>bare</p>", 2, Some("<aside></aside>"));
        assert!(out.starts_with("<script src=\"/__arrs/livereload.js?generation=2\""));
        assert!(out.ends_with("<p>bare</p><aside></aside>"), "{out}");
    }
}

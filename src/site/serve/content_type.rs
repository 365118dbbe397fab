//! The `Content-Type` of a file the dev server sends, from its extension.

use std::path::Path;

/// The `Content-Type` header value for `path`.
///
/// Guessed from the extension by `mime_guess`, with two adjustments browsers care about: every
/// JavaScript file is `text/javascript` (the current standard; module scripts are refused under
/// some legacy types), and text types say they are UTF-8, as everything the build writes is.
pub(crate) fn for_path(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = match mime.essence_str() {
        "application/javascript" | "application/x-javascript" => "text/javascript",
        other => other,
    };
    if is_text(essence) {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

/// True for the types whose bytes are text and so carry a charset.
fn is_text(essence: &str) -> bool {
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/json" | "application/xml" | "image/svg+xml" | "application/manifest+json"
        )
}

/// True when `content_type` is HTML, the only kind the dev server rewrites.
pub(crate) fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str) -> String {
        for_path(Path::new(name))
    }

    #[test]
    fn site_assets_get_the_types_browsers_require() {
        assert_eq!(of("calc/calc_wasm_bg.wasm"), "application/wasm");
        assert_eq!(of("calc/calc_wasm.js"), "text/javascript; charset=utf-8");
        assert_eq!(of("calc/app.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(of("roles/paramedic/index.html"), "text/html; charset=utf-8");
        assert_eq!(of("style.css"), "text/css; charset=utf-8");
        assert_eq!(of("search-index.json"), "application/json; charset=utf-8");
        assert_eq!(of("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(of("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(of("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(of("favicon.png"), "image/png");
    }

    #[test]
    fn unknown_extensions_are_plain_bytes() {
        assert_eq!(of("data.unknownext"), "application/octet-stream");
        assert_eq!(of("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn only_html_is_rewritten() {
        assert!(is_html(&of("index.html")));
        assert!(!is_html(&of("app.js")));
    }
}

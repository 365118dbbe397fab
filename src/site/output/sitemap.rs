//! Site-level text files: `sitemap.xml`, `robots.txt` and `_headers`.

use crate::site::render::views::{CSP, CSP_WITH_WASM};
use std::fmt::Write as _;

/// One URL of the sitemap.
#[derive(Debug, Clone)]
pub(crate) struct SitemapEntry {
    /// Root-relative URL.
    pub url: String,
    /// Last modification (ISO date), if known.
    pub lastmod: Option<String>,
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `sitemap.xml` listing exactly `entries`, in the order given.
pub(crate) fn sitemap(base_url: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 96 + 128);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            escape_xml(&format!("{base_url}{}", entry.url))
        );
        if let Some(lastmod) = &entry.lastmod {
            let _ = write!(xml, "<lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub(crate) fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
}

/// `_headers` for hosts that read one (Netlify, Cloudflare Pages). Those hosts combine every
/// matching rule, and two CSP headers are both enforced, so the header policy is the most
/// permissive any page needs (`wasm-unsafe-eval` when a page runs WebAssembly); each page's own
/// CSP meta tag keeps the strict policy on every other page.
pub(crate) fn headers(any_wasm: bool) -> String {
    let csp = if any_wasm { CSP_WITH_WASM } else { CSP };
    format!(
        "/*\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n\n\
         # The published rules data is meant for reuse by other tools.\n/data/*\n  Access-Control-Allow-Origin: *\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_escaped_urls() {
        let xml = sitemap(
            "https://x.org",
            &[
                SitemapEntry {
                    url: "/".into(),
                    lastmod: None,
                },
                SitemapEntry {
                    url: "/a&b/".into(),
                    lastmod: Some("2025-08-06".into()),
                },
            ],
        );
        assert!(xml.contains("<url><loc>https://x.org/</loc></url>"));
        assert!(xml.contains("<loc>https://x.org/a&amp;b/</loc><lastmod>2025-08-06</lastmod>"));
        assert_eq!(xml.matches("<url>").count(), 2);
    }

    #[test]
    fn headers_allow_wasm_only_when_needed() {
        assert!(!headers(false).contains("wasm-unsafe-eval"));
        assert!(headers(true).contains("'wasm-unsafe-eval'"));
        assert!(headers(false).contains("X-Content-Type-Options: nosniff"));
        assert!(headers(false).contains("/data/*\n  Access-Control-Allow-Origin: *\n"));
    }
}

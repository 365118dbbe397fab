//! Fingerprinted names for the stylesheets and scripts under `templates/static/`: each is written
//! as `static/<name>-<hash>.<ext>`, the hash taken from its bytes, so a browser may keep it for a
//! year (`Cache-Control: immutable` in `_headers`) and still gets a changed file at once, under
//! its new name. Templates refer to them by their source name: `{{ assets["style.css"] }}`.
//!
//! Every file is also written under its own name: scripts import each other by relative URL
//! (`search.js` loads `./search-engine.js`, which imports `./vendor/…`), and those names must
//! keep working from a fingerprinted entry point. Only the fingerprinted names are cached for
//! good.

use crate::site::output::staging::OutputFile;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Hex digits of the content hash in a fingerprinted name (64 bits).
const HASH_DIGITS: usize = 16;

/// The static files to write (each under its own name, stylesheets and scripts also under a
/// fingerprinted one), and the fingerprinted URL of each by its source name.
#[derive(Debug, Clone, Default)]
pub(crate) struct StaticAssets {
    /// Every static file, fingerprinted or not.
    pub files: Vec<OutputFile>,
    /// Source name (path under `templates/static/`) → root-relative URL, for fingerprinted files.
    pub urls: BTreeMap<String, String>,
}

/// True for the files that get a fingerprinted name: stylesheets and scripts.
fn is_fingerprinted(rel: &str) -> bool {
    rel.ends_with(".css") || rel.ends_with(".js")
}

/// `rel` (a path under the static folder) with `hash` before its extension.
fn fingerprinted_name(rel: &str, hash: &str) -> String {
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}-{hash}.{ext}")
        }
        _ => format!("{rel}-{hash}"),
    }
}

/// The first [`HASH_DIGITS`] hex digits of the SHA-256 of `bytes`.
fn content_hash(bytes: &[u8]) -> String {
    let mut hex = format!("{:x}", Sha256::digest(bytes));
    hex.truncate(HASH_DIGITS);
    hex
}

/// The files under `static_dir` (`rel` paths, `/`-separated) as they are written to `static/`.
pub(crate) fn static_assets(static_dir: &Path, rels: &[String]) -> io::Result<StaticAssets> {
    let mut assets = StaticAssets::default();
    for rel in rels {
        let from = static_dir.join(rel);
        if is_fingerprinted(rel) {
            let name = fingerprinted_name(rel, &content_hash(&std::fs::read(&from)?));
            assets.urls.insert(rel.clone(), format!("/static/{name}"));
            assets.files.push(OutputFile::Copy {
                path: format!("static/{name}"),
                from: from.clone(),
            });
        }
        assets.files.push(OutputFile::Copy {
            path: format!("static/{rel}"),
            from,
        });
    }
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_and_scripts_get_the_hash_of_their_bytes_in_their_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("style.css"), "body { color: black }").unwrap();
        std::fs::write(dir.path().join("img/logo.svg"), "<svg/>").unwrap();
        let rels = ["style.css".to_owned(), "img/logo.svg".to_owned()];
        let first = static_assets(dir.path(), &rels).unwrap();
        let url = first.urls["style.css"].clone();
        assert!(
            url.starts_with("/static/style-") && url.ends_with(".css"),
            "{url}"
        );
        assert_eq!(url.len(), "/static/style-.css".len() + HASH_DIGITS);
        let paths: Vec<&str> = first.files.iter().map(OutputFile::path).collect();
        assert_eq!(
            paths,
            [&url[1..], "static/style.css", "static/img/logo.svg"]
        );
        assert!(!first.urls.contains_key("img/logo.svg"));

        std::fs::write(dir.path().join("style.css"), "body { color: navy }").unwrap();
        let second = static_assets(dir.path(), &rels).unwrap();
        assert_ne!(
            second.urls["style.css"], url,
            "a changed stylesheet gets a new name"
        );
        assert_eq!(static_assets(dir.path(), &rels).unwrap().urls, second.urls);
    }

    #[test]
    fn names_without_an_extension_or_in_folders_keep_their_shape() {
        assert_eq!(fingerprinted_name("js/app.js", "ab"), "js/app-ab.js");
        assert_eq!(fingerprinted_name("a.min.js", "ab"), "a.min-ab.js");
        assert_eq!(fingerprinted_name("dir/.js", "ab"), "dir/.js-ab");
    }
}

//! Request path → file in the built site, refusing anything that would leave it.
//!
//! A request path is percent-decoded once, split on `/`, and rejected if any segment is `..`
//! (plain or encoded), holds a backslash or a NUL byte, or is not UTF-8. The file found is then
//! canonicalized and must still lie inside the (canonical) site folder, which also stops symbolic
//! links that point out of it.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request path refers to in the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A file to send.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this location.
    AddSlash(String),
    /// Nothing is there (or it lies outside the site).
    NotFound,
    /// The path is malformed or tries to climb out of the site.
    BadRequest,
}

/// Resolves the path part of a request target (`/roles/?x=1` → `roles/index.html`) against
/// `site`, which must already be canonical.
pub(crate) fn resolve(site: &Path, target: &str) -> Resolved {
    let (path, query) = split_target(target);
    let Some(relative) = decode_segments(path) else {
        return Resolved::BadRequest;
    };
    let candidate = site.join(relative);
    let Ok(metadata) = candidate.metadata() else {
        return Resolved::NotFound;
    };
    let file = if metadata.is_dir() {
        if !path.ends_with('/') {
            // One leading slash only: `//roles/` would send the browser to the host `roles`.
            let path = path.trim_start_matches('/');
            return Resolved::AddSlash(format!("/{path}/{query}"));
        }
        candidate.join("index.html")
    } else {
        candidate
    };
    match file.canonicalize() {
        Ok(real) if real.starts_with(site) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// Splits a request target into its path and its query (kept with its `?`, or empty); a
/// fragment, which browsers never send, is dropped if present.
fn split_target(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or_default();
    match target.find('?') {
        Some(at) => target.split_at(at),
        None => (target, ""),
    }
}

/// The decoded, checked segments of `path` as a relative path, or `None` if it must be refused.
fn decode_segments(path: &str) -> Option<PathBuf> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => relative.push(s),
        }
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    struct Site {
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("public");
        fs::create_dir_all(root.join("roles/paramedic")).expect("mkdir");
        fs::write(root.join("index.html"), "home").expect("write");
        fs::write(root.join("roles/index.html"), "roles").expect("write");
        fs::write(root.join("roles/paramedic/index.html"), "paramedic").expect("write");
        fs::write(root.join("style.css"), "body{}").expect("write");
        fs::create_dir_all(root.join("empty")).expect("mkdir");
        fs::write(dir.path().join("secret.txt"), "outside").expect("write");
        let root = root.canonicalize().expect("canonical");
        Site { _dir: dir, root }
    }

    #[test]
    fn directory_urls_serve_their_index() {
        let s = site();
        assert_eq!(
            resolve(&s.root, "/"),
            Resolved::File(s.root.join("index.html"))
        );
        assert_eq!(
            resolve(&s.root, "/roles/paramedic/"),
            Resolved::File(s.root.join("roles/paramedic/index.html"))
        );
        assert_eq!(
            resolve(&s.root, "/style.css?v=3"),
            Resolved::File(s.root.join("style.css"))
        );
    }

    #[test]
    fn folders_without_a_slash_redirect_keeping_the_query() {
        let s = site();
        assert_eq!(
            resolve(&s.root, "/roles"),
            Resolved::AddSlash("/roles/".into())
        );
        assert_eq!(
            resolve(&s.root, "/roles?q=fcp"),
            Resolved::AddSlash("/roles/?q=fcp".into())
        );
    }

    #[test]
    fn redirects_never_leave_the_site() {
        let s = site();
        for target in ["//roles", "///roles", "//roles/paramedic", "/.//roles"] {
            let Resolved::AddSlash(location) = resolve(&s.root, target) else {
                panic!("{target}: not a redirect");
            };
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{target} -> {location}"
            );
        }
        assert_eq!(
            resolve(&s.root, "//roles?q=1"),
            Resolved::AddSlash("/roles/?q=1".into())
        );
    }

    #[test]
    fn missing_files_and_folders_without_index_are_not_found() {
        let s = site();
        assert_eq!(resolve(&s.root, "/nope/"), Resolved::NotFound);
        assert_eq!(resolve(&s.root, "/empty/"), Resolved::NotFound);
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        let s = site();
        fs::write(s.root.join("a b.txt"), "x").expect("write");
        assert_eq!(
            resolve(&s.root, "/a%20b.txt"),
            Resolved::File(s.root.join("a b.txt"))
        );
    }

    #[test]
    fn climbing_out_is_refused_in_every_spelling() {
        let s = site();
        for target in [
            "/../secret.txt",
            "/roles/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/roles/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%00",
            "/%ff",
            "secret.txt",
        ] {
            assert_eq!(resolve(&s.root, target), Resolved::BadRequest, "{target}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_site_are_not_followed() {
        let s = site();
        let outside = s.root.parent().expect("parent").join("secret.txt");
        std::os::unix::fs::symlink(&outside, s.root.join("leak.txt")).expect("symlink");
        std::os::unix::fs::symlink(s.root.parent().expect("parent"), s.root.join("up"))
            .expect("symlink");
        assert_eq!(resolve(&s.root, "/leak.txt"), Resolved::NotFound);
        assert_eq!(resolve(&s.root, "/up/secret.txt"), Resolved::NotFound);
        std::os::unix::fs::symlink(s.root.join("style.css"), s.root.join("inside.css"))
            .expect("symlink");
        assert_eq!(
            resolve(&s.root, "/inside.css"),
            Resolved::File(s.root.join("style.css"))
        );
    }
}

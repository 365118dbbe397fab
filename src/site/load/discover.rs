//! Finding the files of a site: content Markdown, templates and static assets, in a fixed
//! (sorted) order so every build sees them the same way.

use crate::site::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// True for names the build never reads: dot files, `_`-prefixed names other than `_index.md`,
/// and editor temp and backup files.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || (name.starts_with('_') && name != "_index.md")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || [".swp", ".swx", ".tmp", ".bak", ".bck", ".kate-swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Where the symbolic links inside a site's folders may lead. A link that leads outside the site
/// root would publish a file from elsewhere on the machine (`/etc/passwd` copied into the
/// output), so by default such links are refused; `allow_symlinks_outside_root: true` in
/// `content/site.yaml` allows them on purpose.
#[derive(Debug, Clone)]
pub(crate) struct LinkPolicy {
    /// The site root, canonical; `None` when links may lead anywhere.
    root: Option<PathBuf>,
}

impl LinkPolicy {
    /// Links must resolve inside `root` (canonicalized here; a root that cannot be resolved is
    /// used as given).
    pub(crate) fn inside(root: &Path) -> LinkPolicy {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        LinkPolicy { root: Some(root) }
    }

    /// Links may lead anywhere.
    pub(crate) fn anywhere() -> LinkPolicy {
        LinkPolicy { root: None }
    }

    /// The policy of the site at `root`: inside the root unless `allowed_outside`.
    pub(crate) fn for_site(root: &Path, allowed_outside: bool) -> LinkPolicy {
        if allowed_outside {
            LinkPolicy::anywhere()
        } else {
            LinkPolicy::inside(root)
        }
    }

    /// Where `path` (a symbolic link) leads, when that is outside the root.
    fn outside_target(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let target = std::fs::canonicalize(path).ok()?;
        (!target.starts_with(root)).then_some(target)
    }
}

/// Why a folder could not be listed, or a file in it is refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ListError {
    /// Reading the folder failed (unreadable, a symlink loop, …).
    #[error("cannot list the files: {source}")]
    Walk {
        /// Where, relative to the folder listed (empty: the folder itself).
        at: PathBuf,
        /// What failed.
        #[source]
        source: walkdir::Error,
    },
    /// A symbolic link leads outside the site root.
    #[error("symbolic link to {}, which is outside the site folder", target.display())]
    OutsideRoot {
        /// The link, relative to the folder listed.
        link: PathBuf,
        /// Where it leads.
        target: PathBuf,
    },
}

impl ListError {
    /// The problem as a diagnostic; `display_dir` names the folder that was listed.
    pub(crate) fn diagnostic(&self, display_dir: &Path) -> Diagnostic {
        match self {
            ListError::Walk { at, .. } => {
                let path = if at.as_os_str().is_empty() {
                    display_dir.to_path_buf()
                } else {
                    display_dir.join(at)
                };
                Diagnostic::new(path, 0, 0, self.to_string())
            }
            ListError::OutsideRoot { link, .. } => {
                Diagnostic::new(display_dir.join(link), 0, 0, self.to_string()).expected(
                    "the file itself inside the site (copy it in instead of linking), or \
                     `allow_symlinks_outside_root: true` in content/site.yaml to publish files \
                     from outside the site on purpose",
                )
            }
        }
    }
}

/// Every file under `dir` (recursively, sorted by path) that is not ignored, as paths relative
/// to `dir`. Ignored folders are skipped with everything inside them. A missing `dir` gives an
/// empty list. Symbolic links are followed where `links` allows. Returns the files, and every
/// problem met on the way (the files listed are the ones that had none).
pub(crate) fn files_under(dir: &Path, links: &LinkPolicy) -> (Vec<PathBuf>, Vec<ListError>) {
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(source) => {
                let at = source
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                problems.push(ListError::Walk { at, source });
                continue;
            }
        };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.path_is_symlink() {
            if let Some(target) = links.outside_target(entry.path()) {
                problems.push(ListError::OutsideRoot {
                    link: rel.to_path_buf(),
                    target,
                });
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            files.push(rel.to_path_buf());
        }
    }
    (files, problems)
}

/// Path of `rel` with `/` separators, as used in URLs and template names.
pub(crate) fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_private_names_are_ignored() {
        for name in [
            ".hidden.md",
            "draft.md~",
            "page.md.swp",
            "#page.md#",
            ".#page.md",
            "_notes.md",
            "x.tmp",
            "x.bak",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["_index.md", "paramedic.md", "site.yaml"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn lists_files_sorted_and_skips_ignored_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("roles")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "b.md",
            "a.md",
            "roles/_index.md",
            "roles/x.md",
            "roles/x.md~",
            ".git/config",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let (files, problems) = files_under(root, &LinkPolicy::inside(root));
        assert!(problems.is_empty());
        let files: Vec<String> = files.iter().map(|p| slash_path(p)).collect();
        assert_eq!(files, ["a.md", "b.md", "roles/_index.md", "roles/x.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_outside_the_root_are_refused_unless_allowed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("passwd"), "secret").unwrap();
        std::fs::create_dir(outside.path().join("elsewhere")).unwrap();
        std::fs::write(outside.path().join("elsewhere/page.md"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/own.css"), "x").unwrap();
        let link = std::os::unix::fs::symlink;
        link(
            outside.path().join("passwd"),
            root.join("static/passwd.txt"),
        )
        .unwrap();
        link(outside.path().join("elsewhere"), root.join("outside")).unwrap();
        // A link that stays inside the root is fine.
        link(root.join("static/own.css"), root.join("static/alias.css")).unwrap();

        let (inside, problems) = files_under(root, &LinkPolicy::inside(root));
        let inside: Vec<String> = inside.iter().map(|p| slash_path(p)).collect();
        assert_eq!(inside, ["static/alias.css", "static/own.css"]);
        let shown: Vec<String> = problems
            .iter()
            .map(|p| p.diagnostic(Path::new("site")).to_string())
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("site/outside: symbolic link to "),
            "{shown:?}"
        );
        assert!(shown[1].starts_with("site/static/passwd.txt: symbolic link to "));
        assert!(
            shown[1].contains("outside the site folder; expected the file itself inside the site")
        );

        let all: Vec<String> = files_under(root, &LinkPolicy::anywhere())
            .0
            .iter()
            .map(|p| slash_path(p))
            .collect();
        assert_eq!(
            all,
            [
                "outside/page.md",
                "static/alias.css",
                "static/own.css",
                "static/passwd.txt"
            ]
        );
    }
}

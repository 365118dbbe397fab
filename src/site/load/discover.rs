//! Finding the files of a site: content Markdown, templates and static assets, in a fixed
//! (sorted) order so every build sees them the same way.

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

/// Every file under `dir` (recursively, sorted by path) that is not ignored, as paths relative
/// to `dir`. Ignored folders are skipped with everything inside them. A missing `dir` gives an
/// empty list.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<PathBuf>, walkdir::Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry?;
        if entry.file_type().is_file() {
            if let Ok(rel) = entry.path().strip_prefix(dir) {
                files.push(rel.to_path_buf());
            }
        }
    }
    Ok(files)
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
        let files: Vec<String> = files_under(root)
            .unwrap()
            .iter()
            .map(|p| slash_path(p))
            .collect();
        assert_eq!(files, ["a.md", "b.md", "roles/_index.md", "roles/x.md"]);
    }
}

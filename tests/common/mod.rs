//! Helpers shared by the end-to-end tests: fixture sites copied into temporary folders.
#![allow(dead_code, unreachable_pub)] // a shared test module, not an API

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to` recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site root holding the fixture `tests/fixtures/<name>`, with the project's real
/// templates unless the fixture brings its own.
pub fn fixture_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures").join(name);
    copy_dir(&fixture, dir.path());
    if !fixture.join("templates").exists() {
        copy_dir(&repo().join("templates"), &dir.path().join("templates"));
    }
    dir
}

/// Every file under `dir` with its bytes, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A built file as text.
pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Copies the project's real rules data (`content/rules/`) into the site at `root`.
pub fn add_real_rules(root: &Path) {
    copy_dir(&repo().join("content/rules"), &root.join("content/rules"));
}

/// Copies the project's real rules into the site at `root`, and writes a minimal role page for
/// every role of the rules that has none (every role of the rules needs a page).
pub fn add_real_rules_with_role_pages(root: &Path) {
    add_real_rules(root);
    let roles = root.join("content/roles");
    std::fs::create_dir_all(&roles).unwrap();
    for role in arrs_guide::rules::RoleId::all() {
        let path = roles.join(format!("{}.md", role.id()));
        if !path.exists() {
            let page = format!(
                "---\ntitle: {}\nsummary: A role.\ncategory: clinical\njoined: 2020-21\nregulator: None\n\
                 entry_requirements: Training.\nminimum_supervision: A named supervisor.\n\
                 last_reviewed: 2025-08-06\nnext_review: 2026-02-06\n\
                 sources:\n  - {{ title: DES, url: https://example.org/des }}\n---\n\nAbout the role.\n",
                role.name()
            );
            std::fs::write(path, page).unwrap();
        }
    }
}

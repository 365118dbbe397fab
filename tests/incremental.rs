//! Incremental rebuilds (what `serve` does after each save) give exactly the output of a full
//! build: a sequence of edits is applied through the incremental path, and after each step the
//! site it holds is compared, file by file and byte by byte, with a full build of the same tree.

use arrs_guide::site::incremental::{IncrementalSite, UpdateKind, Updated};
use arrs_guide::site::{build, BuildOptions};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod support;

use support::fixture_site;

/// Every file under `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside");
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// Asserts that the incremental site equals a full build of the same tree.
fn assert_same_as_full_build(root: &Path, updated: &Updated, step: &str) {
    let full = tempfile::tempdir().expect("temp dir");
    let out = full.path().join("public");
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.clone(),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    })
    .unwrap_or_else(|e| panic!("{step}: the full build failed: {e}"));
    report.cleanup.wait().expect("cleanup");
    let expected = tree(&out);
    let actual = tree(&updated.dir);
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{step}: missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in &expected {
        assert!(
            actual[path] == *bytes,
            "{step}: {path} differs from the full build:\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(&actual[path]),
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(updated.pages, report.pages, "{step}: page count");
}

/// Rewrites `file` under `root` with `edit` applied to its text; returns the changed path.
fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) -> Vec<PathBuf> {
    let path = root.join(file);
    let text = fs::read_to_string(&path).expect("read");
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit of {file} changes it");
    fs::write(&path, edited).expect("write");
    vec![path]
}

fn read(dir: &Path, page: &str) -> String {
    fs::read_to_string(dir.join(page)).expect("page")
}

#[test]
fn every_incremental_update_equals_a_full_build() {
    let site = fixture_site();
    let root = site.path();
    let mut incremental = IncrementalSite::new(root, false, Some(arrs_guide::guide::extension()))
        .expect("work folder");
    let first = incremental.update(None).expect("first build");
    assert_eq!(first.kind, UpdateKind::Full);
    assert_same_as_full_build(root, &first, "first build");

    // A body edit re-renders that page alone, and the search index and sitemap are fresh.
    let changed = edit(root, "content/about.md", |t| {
        t.replace(
            "We are a fixture.",
            "We are a fixture.\n\n## Who we are\n\nStill a fixture.",
        )
    });
    let updated = incremental.update(Some(&changed)).expect("body edit");
    assert_eq!(updated.kind, UpdateKind::Pages(1));
    assert!(read(&updated.dir, "about/index.html").contains("Still a fixture."));
    assert!(read(&updated.dir, "search-index.json").contains("Who we are"));
    assert_same_as_full_build(root, &updated, "body edit");

    // A title edit reaches the section that lists the page and the A to Z.
    let changed = edit(root, "content/guides/estates.md", |t| {
        t.replace(
            "title: Estates and remote working",
            "title: Rooms and remote working",
        )
    });
    let updated = incremental.update(Some(&changed)).expect("title edit");
    assert!(
        matches!(updated.kind, UpdateKind::Pages(n) if n < updated.pages),
        "{:?} of {} pages",
        updated.kind,
        updated.pages
    );
    assert!(read(&updated.dir, "guides/index.html").contains("Rooms and remote working"));
    assert!(read(&updated.dir, "search/index.html").contains("Rooms and remote working"));
    assert_same_as_full_build(root, &updated, "title edit");

    // A role's title reaches the roles index and the A to Z.
    let changed = edit(root, "content/roles/paramedic.md", |t| {
        t.replacen("title: Paramedic", "title: Paramedic practitioner", 1)
    });
    let updated = incremental.update(Some(&changed)).expect("role title edit");
    assert!(
        matches!(updated.kind, UpdateKind::Pages(_)),
        "{:?}",
        updated.kind
    );
    assert!(read(&updated.dir, "roles/index.html").contains("Paramedic practitioner"));
    assert!(read(&updated.dir, "search/index.html").contains("Paramedic practitioner"));
    assert_same_as_full_build(root, &updated, "role title edit");

    // A section's title reaches the breadcrumbs of the pages in it.
    let changed = edit(root, "content/guides/_index.md", |t| {
        t.replacen("title: Guides", "title: Practical guides", 1)
    });
    let updated = incremental
        .update(Some(&changed))
        .expect("section title edit");
    assert!(read(&updated.dir, "guides/supervision/index.html").contains("Practical guides"));
    assert_same_as_full_build(root, &updated, "section title edit");

    // An FAQ answer edit re-renders the FAQ page.
    let changed = edit(root, "content/faq/entitlement.md", |t| {
        t.replace(
            "times the year's rate.",
            "times the year's rate per patient.",
        )
    });
    let updated = incremental.update(Some(&changed)).expect("FAQ edit");
    assert_eq!(updated.kind, UpdateKind::Pages(1));
    assert!(read(&updated.dir, "faq/index.html").contains("rate per patient."));
    assert_same_as_full_build(root, &updated, "FAQ answer edit");

    // A new page appears in its section's list, the sitemap and the search index.
    let new_page = root.join("content/guides/new-page.md");
    fs::write(
        &new_page,
        "---\ntitle: Induction\nsummary: The first weeks.\n---\n\nWelcome.\n",
    )
    .expect("write");
    let updated = incremental
        .update(Some(std::slice::from_ref(&new_page)))
        .expect("new page");
    assert!(read(&updated.dir, "guides/index.html").contains("Induction"));
    assert!(read(&updated.dir, "sitemap.xml").contains("/guides/new-page/"));
    assert_same_as_full_build(root, &updated, "new page");

    // A body edit right after a full build still goes the incremental way.
    let changed = edit(root, "content/guides/new-page.md", |t| {
        t.replace("Welcome.", "Welcome aboard.")
    });
    let updated = incremental.update(Some(&changed)).expect("body edit");
    assert_eq!(updated.kind, UpdateKind::Pages(1));
    assert_same_as_full_build(root, &updated, "body edit of the new page");

    // A deleted page leaves the lists and the output.
    fs::remove_file(&new_page).expect("delete");
    let updated = incremental
        .update(Some(std::slice::from_ref(&new_page)))
        .expect("deleted page");
    assert!(!updated.dir.join("guides/new-page/index.html").exists());
    assert!(!read(&updated.dir, "guides/index.html").contains("Induction"));
    assert_same_as_full_build(root, &updated, "deleted page");

    // A link to a missing page fails the build, and the fix builds again.
    let changed = edit(root, "content/about.md", |t| {
        t.replace(
            "Still a fixture.",
            "Still a fixture, see [the plan](plan.md).",
        )
    });
    let error = incremental
        .update(Some(&changed))
        .expect_err("a link to a missing page");
    assert!(error.to_string().contains("plan.md"), "{error}");
    let changed = edit(root, "content/about.md", |t| {
        t.replace("plan.md", "glossary.md")
    });
    let updated = incremental.update(Some(&changed)).expect("link fixed");
    assert!(read(&updated.dir, "about/index.html").contains("href=\"/glossary/\""));
    assert_same_as_full_build(root, &updated, "link fixed");

    // Removing a heading another page links to breaks that page's anchor.
    let glossary = fs::read_to_string(root.join("content/glossary.md")).expect("read");
    let changed = edit(root, "content/glossary.md", |t| {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let error = incremental
        .update(Some(&changed))
        .expect_err("a broken anchor");
    assert!(error.to_string().contains("costs-1"), "{error}");
    fs::write(root.join("content/glossary.md"), glossary).expect("restore");
    let updated = incremental.update(Some(&changed)).expect("anchor restored");
    assert_same_as_full_build(root, &updated, "anchor restored");

    // A template edit reaches every page that uses it, and only those change.
    let changed = edit(root, "templates/page.html", |t| {
        t.replacen("{% block", "{# edited #}{% block", 1)
    });
    let updated = incremental.update(Some(&changed)).expect("template edit");
    assert_eq!(updated.kind, UpdateKind::AllPages);
    assert_same_as_full_build(root, &updated, "template edit");

    // Two body edits in a row, so both folders have been brought up to date at least once.
    for round in 0..2 {
        let changed = edit(root, "content/guides/supervision.md", |t| {
            format!("{t}\nRound {round}.\n")
        });
        let updated = incremental.update(Some(&changed)).expect("body edit");
        assert_eq!(updated.kind, UpdateKind::Pages(1));
        assert_same_as_full_build(root, &updated, &format!("body edit round {round}"));
    }
}

/// Copies every file under `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in tree(from) {
        let target = to.join(rel);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::write(target, bytes).expect("write");
    }
}

#[test]
fn a_role_title_edit_reaches_the_home_page_figures() {
    // The real guide: its home page names the headline roles by their pages' titles.
    let site = tempfile::tempdir().expect("temp dir");
    let root = site.path();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &root.join("content"));
    copy_tree(&repo.join("templates"), &root.join("templates"));
    let mut incremental = IncrementalSite::new(root, false, Some(arrs_guide::guide::extension()))
        .expect("work folder");
    incremental.update(None).expect("first build");

    let changed = edit(root, "content/roles/paramedic.md", |t| {
        t.replacen("title: Paramedic\n", "title: Paramedic practitioner\n", 1)
    });
    let updated = incremental.update(Some(&changed)).expect("role title edit");
    assert!(
        matches!(updated.kind, UpdateKind::Pages(_)),
        "{:?}",
        updated.kind
    );
    assert!(read(&updated.dir, "index.html").contains("paramedic practitioner</a>"));
    assert_same_as_full_build(root, &updated, "role title edit on the real guide");
}

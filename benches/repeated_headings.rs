//! Building a page whose headings all have the same text: each needs its own id (`same`,
//! `same-1`, …). The reliability review measured 57 s for 20,000 `## Same` headings when every
//! id was searched from `-1` again; ids are handed out in linear time now, so a page of identical
//! headings builds about as fast as one of different headings.
//!
//! Run with `cargo bench --bench repeated_headings` (release). Builds the test fixture site with
//! one extra page per size, and prints the best of 3 build times; asserts nothing about time.

use arrs_guide::site::{build, BuildOptions};
use std::path::Path;
use std::time::Duration;

fn copy_dir(from: &Path, to: &Path) {
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

/// Best-of-3 build time of the fixture site plus a page of `headings` headings, all `## Same`
/// or (`distinct`) all different.
fn build_time(headings: usize, distinct: bool) -> Duration {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("tests/fixtures/valid"), site.path());
    copy_dir(&repo.join("templates"), &site.path().join("templates"));
    let body: String = if distinct {
        (0..headings)
            .map(|i| format!("## Heading {i}\n\ntext\n\n"))
            .collect()
    } else {
        "## Same\n\ntext\n\n".repeat(headings)
    };
    std::fs::write(
        site.path().join("content/dup.md"),
        format!("---\ntitle: Dup\n---\n{body}"),
    )
    .unwrap();
    let opts = BuildOptions::new(site.path()).with_extension(arrs_guide::guide::extension());
    (0..3)
        .map(|_| {
            let report = build(&opts).expect("the site builds");
            report.cleanup.wait().unwrap();
            report.elapsed
        })
        .min()
        .unwrap()
}

fn main() {
    println!(
        "build time (best of 3) of a site with one page of N headings, identical vs different"
    );
    for headings in [5_000, 10_000, 20_000, 40_000] {
        let same = build_time(headings, false);
        let distinct = build_time(headings, true);
        println!(
            "{headings:>7} headings: identical {:>8.1} ms, different {:>8.1} ms",
            same.as_secs_f64() * 1000.0,
            distinct.as_secs_f64() * 1000.0
        );
    }
}

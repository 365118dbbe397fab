//! Save-to-reload latency of `arrs-guide serve`: the time from an editor saving a page (by
//! rename, as vim and JetBrains do) to the build event that makes open pages reload.
//!
//! Run with `cargo bench --bench serve_reload` (release build of the real binary). Two sites:
//! the project's own `content/` and `templates/` (or the valid test fixture while `content/` has
//! no pages yet), and a generated site of 1,000 extra pages. `ARRS_BENCH_SAVES` sets the number
//! of measured saves per site (default 20); `ARRS_BENCH_PAGES` the size of the generated site
//! (default 1,000; 10,000 for the build-speed issue). Goals: real site under 50 ms median,
//! 10,000 pages under 200 ms; the figure includes the watcher's debounce (`DEFAULT_DEBOUNCE`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{copy_tree, fixture_site, markdown_files, save_by_rename, spawn_serve, Events};

/// Pause between saves, so each is its own burst for the watcher.
const BETWEEN_SAVES: Duration = Duration::from_millis(200);

fn main() {
    let saves: usize = std::env::var("ARRS_BENCH_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let pages: usize = std::env::var("ARRS_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let (real_name, real) = real_site();
    let real_page = first_page(real.path());
    let generated = generated_site(pages);
    let generated_page = generated
        .path()
        .join(format!("content/generated/page-{:04}.md", pages / 2));

    println!(
        "save -> reload event, {saves} saves each (median / p90 / p95 / min / max; build time median)"
    );
    measure(&real_name, real.path(), &real_page, saves);
    measure(
        &format!("generated site, {pages} extra pages"),
        generated.path(),
        &generated_page,
        saves,
    );
}

/// Serves `root`, saves `page` `saves` times, and prints the latency figures.
fn measure(name: &str, root: &Path, page: &Path, saves: usize) {
    let server = spawn_serve(root);
    let mut events = Events::open(server.addr);
    let mut last = events.next().expect("current build");
    if !last.ok {
        // The server is still running, so take what it has written so far.
        std::thread::sleep(Duration::from_millis(200));
        let stderr = server.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        panic!("{name}: the first build must succeed:\n{stderr}");
    }
    let original = fs::read_to_string(page).expect("read page");
    let mut latencies = Vec::with_capacity(saves);
    let mut extra_builds = 0;
    // Two unmeasured saves warm the file-system caches and the server's threads.
    for i in 0..saves + 2 {
        // Let the last save settle; a late second build would be mistaken for the next one.
        while let Some(late) = events.next_within(BETWEEN_SAVES) {
            extra_builds += 1;
            last = late;
        }
        let edited = format!("{original}\nSaved for the benchmark, round {i}.\n");
        let saved = Instant::now();
        save_by_rename(page, &edited);
        let build = events.until(|b| b.generation > last.generation);
        let latency = saved.elapsed();
        assert!(build.ok, "{name}: the edited page must build");
        last = build;
        if i >= 2 {
            latencies.push(latency);
        }
    }
    save_by_rename(page, &original);
    let pages = build_pages(&server.stderr.lock().map(|s| s.clone()).unwrap_or_default());
    let (count, build_ms) = pages;
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name} ({count} pages): {:.1} / {:.1} / {:.1} / {:.1} / {:.1} ms; build {build_ms:.0} ms; \
         {extra_builds} extra builds",
        ms(pick(0.5)),
        ms(pick(0.9)),
        ms(pick(0.95)),
        ms(latencies[0]),
        ms(latencies[latencies.len() - 1]),
    );
}

/// Page count and median build time from the server's `built N pages in X ms` lines.
fn build_pages(stderr: &str) -> (usize, f64) {
    let mut pages = 0;
    let mut times: Vec<f64> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("built "))
        .filter_map(|rest| {
            let (count, time) = rest.split_once(" pages in ")?;
            pages = count.parse().ok()?;
            time.strip_suffix(" ms")?.parse().ok()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (
        pages,
        times.get(times.len() / 2).copied().unwrap_or(f64::NAN),
    )
}

/// The project's own site, or the valid fixture while `content/` has no pages yet.
fn real_site() -> (String, tempfile::TempDir) {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = project.join("content");
    if markdown_files(&content).is_empty() {
        return (
            "fixture site (content/ has no pages yet)".into(),
            fixture_site(),
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&content, &dir.path().join("content"));
    copy_tree(&project.join("templates"), &dir.path().join("templates"));
    ("real site".into(), dir)
}

/// The page the benchmark edits: the first role page, or else the first page.
fn first_page(root: &Path) -> PathBuf {
    let pages = markdown_files(&root.join("content"));
    pages
        .iter()
        .find(|p| p.parent().is_some_and(|d| d.ends_with("roles")) && !p.ends_with("_index.md"))
        .or(pages.first())
        .cloned()
        .expect("a page to edit")
}

/// The valid fixture plus `pages` generated pages in `content/generated/`, each a few hundred
/// words with headings, a list, a table and links.
fn generated_site(pages: usize) -> tempfile::TempDir {
    let site = fixture_site();
    let folder = site.path().join("content/generated");
    fs::create_dir_all(&folder).expect("mkdir");
    fs::write(
        folder.join("_index.md"),
        "---\ntitle: Generated pages\nsummary: Pages for the benchmark.\n---\n\nEvery generated page.\n",
    )
    .expect("write");
    for n in 1..=pages {
        let next = n % pages + 1;
        let text = format!(
            "---\ntitle: Generated page {n}\nsummary: Page {n} of the generated benchmark site.\n---\n\n\
             ## Overview\n\nThis page describes post {n}. Read the [glossary](../glossary.md) and \
             [page {next}](page-{next:04}.md) next. {filler}\n\n\
             ## Details\n\n- First point about post {n}.\n- Second point, with *emphasis*.\n\
             - Third point, with `code`.\n\n\
             Table: Hours by year\n\
             | Year | Hours | Note |\n| --- | --- | --- |\n| 2024-25 | 37.5 | full time |\n\
             | 2025-26 | 22.5 | part time |\n\n\
             ### Background\n\n{filler}\n",
            filler = "Primary care networks employ staff in many roles across their practices. "
                .repeat(12),
        );
        fs::write(folder.join(format!("page-{n:04}.md")), text).expect("write");
    }
    site
}

//! Build-time benchmark: builds a site N times into a temporary folder and prints the median,
//! minimum and maximum wall time.
//!
//! ```text
//! cargo bench --bench build_real_site                      # the real site (repository root), 20 runs
//! cargo bench --bench build_real_site -- --runs 50
//! cargo bench --bench build_real_site -- --synthetic 10000 # a generated site of 10,000 pages
//! cargo bench --bench build_real_site -- --root path/to/site
//! ```

use arrs_guide::site::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

struct Args {
    runs: usize,
    root: Option<PathBuf>,
    synthetic: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 20,
        root: None,
        synthetic: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--runs" => {
                args.runs = value("--runs")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--root" => args.root = Some(PathBuf::from(value("--root")?)),
            "--synthetic" => {
                args.synthetic = Some(
                    value("--synthetic")?
                        .parse()
                        .map_err(|e| format!("--synthetic: {e}"))?,
                )
            }
            "--bench" => {}
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(args)
}

/// Writes a site of `pages` pages in folders of 100, each with headings, emphasis and links to
/// other pages' headings (so link and anchor checking is part of the work), using the project's
/// templates.
fn synthetic_site(dir: &Path, pages: usize) -> std::io::Result<()> {
    let content = dir.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        content.join("site.yaml"),
        "title: Synthetic\nbase_url: https://synthetic.example.org\ndescription: A generated site.\n",
    )?;
    std::fs::write(
        content.join("index.md"),
        "---\ntitle: Home\n---\n\nA generated site.\n",
    )?;
    let folders = pages.div_ceil(100);
    for n in 0..pages {
        let (folder, page) = (n / 100, n % 100);
        let dir = content.join(format!("section-{folder}"));
        if page == 0 {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(
                dir.join("_index.md"),
                format!("---\ntitle: Section {folder}\n---\n\nPages of section {folder}.\n"),
            )?;
        }
        let next = (folder + 1) % folders;
        let mut body = String::new();
        for h in 0..5 {
            body.push_str(&format!(
                "## Heading {h}\n\nSome *text* with a [link](../section-{next}/page-{page}.md#heading-{h}) and **bold** words, \
                 repeated to make a paragraph of ordinary length for a guidance page.\n\n"
            ));
        }
        std::fs::write(
            dir.join(format!("page-{page}.md")),
            format!("---\ntitle: Page {folder}-{page}\nsummary: Page {page} of section {folder}.\n---\n\n{body}"),
        )?;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("templates")) {
        let entry = entry.map_err(std::io::Error::other)?;
        let target = dir.join(
            entry
                .path()
                .strip_prefix(repo)
                .map_err(std::io::Error::other)?,
        );
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: cannot create a temporary folder: {err}");
            return ExitCode::FAILURE;
        }
    };
    let root = match (args.synthetic, args.root) {
        (Some(pages), _) => {
            let root = scratch.path().join("site");
            if let Err(err) = synthetic_site(&root, pages) {
                eprintln!("error: cannot write the synthetic site: {err}");
                return ExitCode::FAILURE;
            }
            root
        }
        (None, Some(root)) => root,
        (None, None) => PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    };
    let opts = BuildOptions {
        root: root.clone(),
        out: scratch.path().join("public"),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    };
    let mut times: Vec<Duration> = Vec::with_capacity(args.runs);
    let mut phases: [Vec<Duration>; 3] = Default::default();
    let mut pages = 0;
    for _ in 0..args.runs.max(1) {
        match site::build(&opts) {
            Ok(report) => {
                pages = report.pages;
                times.push(report.elapsed);
                phases[0].push(report.render_time);
                phases[1].push(report.write_time);
                phases[2].push(report.swap_time);
                if let Err(err) = report.cleanup.wait() {
                    eprintln!("error: removing the previous output failed: {err}");
                    return ExitCode::FAILURE;
                }
            }
            Err(err) => {
                eprintln!("error: the build of {} failed:\n{err}", root.display());
                return ExitCode::FAILURE;
            }
        }
    }
    times.sort();
    for phase in &mut phases {
        phase.sort();
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = |v: &[Duration]| ms(v[v.len() / 2]);
    println!(
        "build {} ({pages} pages): median {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs",
        root.display(),
        median(&times),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
    println!(
        "  medians: render {:.1} ms, write {:.1} ms, swap {:.1} ms",
        median(&phases[0]),
        median(&phases[1]),
        median(&phases[2])
    );
    ExitCode::SUCCESS
}

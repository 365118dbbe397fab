//! The real site, built once, and the rules data it was built from.

use arrs_guide::guide::rules_data::load_rules;
use arrs_guide::rules::{RuleBook, YearRules};
use arrs_guide::site::{build, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every HTML page of the real site by URL (`/roles/paramedic/`), built once for all tests.
pub fn built_pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let public = out.path().join("public");
        let report = build(&BuildOptions {
            root: repo(),
            out: public.clone(),
            drafts: false,
            extension: Some(arrs_guide::guide::extension()),
        })
        .unwrap_or_else(|error| panic!("the real site does not build: {error}"));
        report.cleanup.wait().expect("previous output removed");
        let mut pages = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&public) {
            let entry = entry.expect("readable output");
            if entry.file_name() != "index.html" {
                continue;
            }
            let rel = entry
                .path()
                .parent()
                .and_then(|dir| dir.strip_prefix(&public).ok())
                .expect("page inside the output")
                .to_string_lossy()
                .replace('\\', "/");
            let url = if rel.is_empty() {
                "/".to_owned()
            } else {
                format!("/{rel}/")
            };
            let html = std::fs::read_to_string(entry.path()).expect("page is UTF-8");
            pages.insert(url, html);
        }
        pages
    })
}

/// The built page at `url`.
pub fn page(url: &str) -> &'static str {
    built_pages()
        .get(url)
        .unwrap_or_else(|| panic!("the built site has no page {url}"))
}

/// The rules data the site was built from.
pub fn real_rules() -> RuleBook {
    rules_from(&repo().join("content"))
}

/// Loads the rules data of a `content/` folder.
pub fn rules_from(content_dir: &Path) -> RuleBook {
    load_rules(content_dir).unwrap_or_else(|d| panic!("rules data does not load: {d}"))
}

/// The current year: the year role pages, role links and the roles index default to.
pub fn current_year(book: &RuleBook) -> &YearRules {
    // The financial year containing today (1 April to 31 March), as pages are built today.
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs()
        / 86_400;
    let today =
        chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date") + chrono::Days::new(days);
    let start = if chrono::Datelike::month(&today) >= 4 {
        chrono::Datelike::year(&today)
    } else {
        chrono::Datelike::year(&today) - 1
    };
    let years = book.years();
    years
        .iter()
        .find(|y| y.year.start_year() == start)
        .or_else(|| years.iter().rev().find(|y| y.year.start_year() < start))
        .or_else(|| years.first())
        .expect("a year of rules")
}

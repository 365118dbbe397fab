//! Writes a synthetic site of N pages twice, once for `arrs-guide` and once for Hugo, with the same
//! Markdown, so their full builds can be compared in one run (`scripts/bench-build`).
//!
//! Pages are spread over sections of 100 pages; each page has 600–900 words of realistic Markdown:
//! headings, paragraphs, bullet lists, a table and links to other pages. The text is made from a
//! fixed vocabulary with a fixed-seed generator, so every run writes the same corpus.
//!
//! Usage: `cargo run --release --example gen-corpus -- [PAGES] [OUT_DIR]` (defaults 10000,
//! `bench-out/corpus`).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const PAGES_PER_SECTION: usize = 100;

const WORDS: &[&str] = &[
    "practice",
    "network",
    "patient",
    "clinical",
    "pharmacist",
    "review",
    "medicine",
    "care",
    "team",
    "primary",
    "service",
    "funding",
    "role",
    "staff",
    "appointment",
    "support",
    "health",
    "community",
    "referral",
    "supervision",
    "training",
    "plan",
    "budget",
    "claim",
    "month",
    "salary",
    "band",
    "pension",
    "insurance",
    "workload",
    "triage",
    "access",
    "demand",
    "record",
    "meeting",
    "manager",
    "director",
    "population",
    "weighted",
    "entitlement",
    "cost",
    "agreement",
    "contract",
    "schedule",
    "session",
    "clinic",
    "home",
    "visit",
    "prescription",
    "assessment",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "on",
    "by",
    "each",
    "every",
    "their",
];

/// A small fixed-seed generator (64-bit LCG): deterministic text without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

/// Where a link to page `target` points, in each generator's own link syntax.
enum LinkStyle {
    /// `arrs-guide`: source file paths, checked at build time.
    SourceFile,
    /// Hugo: URLs.
    Url,
}

fn link(style: &LinkStyle, from_section: usize, target: usize) -> String {
    let section = target / PAGES_PER_SECTION;
    match style {
        LinkStyle::SourceFile if section == from_section => format!("p{target:05}.md"),
        LinkStyle::SourceFile => format!("../s{section:03}/p{target:05}.md"),
        LinkStyle::Url => format!("/s{section:03}/p{target:05}/"),
    }
}

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.word();
        if i == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn body(rng: &mut Lcg, page: usize, pages: usize, style: &LinkStyle) -> String {
    let section = page / PAGES_PER_SECTION;
    let target_words = 600 + rng.below(301);
    let mut out = String::new();
    let mut words = 0;
    let mut heading = 0;
    while words < target_words {
        heading += 1;
        let _ = writeln!(
            out,
            "## {} {heading}\n",
            sentence(rng, 3).trim_end_matches('.')
        );
        for _ in 0..2 {
            let mut para = String::new();
            for _ in 0..4 {
                let n = 8 + rng.below(10);
                words += n;
                para.push_str(&sentence(rng, n));
                para.push(' ');
            }
            let target = rng.below(pages);
            let _ = writeln!(
                out,
                "{para}See [page {target}]({}).\n",
                link(style, section, target)
            );
        }
        match heading % 3 {
            0 => {
                for _ in 0..4 {
                    let n = 5 + rng.below(6);
                    words += n;
                    let _ = writeln!(out, "- {}", sentence(rng, n));
                }
                out.push('\n');
            }
            1 => {
                let _ = writeln!(out, "Table: {} by item\n", rng.word());
                out.push_str("| Item | Value | Note |\n| --- | ---: | --- |\n");
                for row in 0..4 {
                    words += 4;
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} {} |",
                        rng.word(),
                        row * 37 + page % 97,
                        rng.word(),
                        rng.word()
                    );
                }
                out.push('\n');
            }
            _ => {
                let _ = writeln!(out, "### {}\n", sentence(rng, 2).trim_end_matches('.'));
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn generate(pages: usize, out: &Path) -> io::Result<()> {
    let ours = out.join("arrs-guide");
    let hugo = out.join("hugo");
    let _ = fs::remove_dir_all(out);
    let sections = pages.div_ceil(PAGES_PER_SECTION);
    for section in 0..sections {
        let index = format!("---\ntitle: Section {section}\nweight: {section}\n---\n\nPages of section {section}.\n");
        write(
            &ours.join(format!("content/s{section:03}/_index.md")),
            &index,
        )?;
        write(
            &hugo.join(format!("content/s{section:03}/_index.md")),
            &index,
        )?;
    }
    for page in 0..pages {
        let section = page / PAGES_PER_SECTION;
        let title = format!("Page {page}");
        let front = format!("---\ntitle: {title}\nsummary: Synthetic page {page} of the benchmark corpus.\nweight: {page}\n---\n\n");
        // Same seed per page for both generators: identical text, only the link syntax differs.
        let ours_body = body(
            &mut Lcg(page as u64 + 1),
            page,
            pages,
            &LinkStyle::SourceFile,
        );
        let hugo_body = body(&mut Lcg(page as u64 + 1), page, pages, &LinkStyle::Url);
        let name = format!("s{section:03}/p{page:05}.md");
        write(
            &ours.join("content").join(&name),
            &format!("{front}{ours_body}"),
        )?;
        write(
            &hugo.join("content").join(&name),
            &format!("{front}{hugo_body}"),
        )?;
    }
    let home = "---\ntitle: Benchmark corpus\n---\n\nA synthetic site for build benchmarks.\n";
    write(&ours.join("content/index.md"), home)?;
    write(&hugo.join("content/_index.md"), home)?;
    write_templates(&ours, &hugo)
}

fn write_templates(ours: &Path, hugo: &Path) -> io::Result<()> {
    write(
        &ours.join("content/site.yaml"),
        "title: Benchmark corpus\nbase_url: https://bench.example.org\ndescription: Synthetic pages\nlanguage: en-GB\nnav: []\n",
    )?;
    // Minimal, comparable layouts for both: a base with title and nav, a page with its table of
    // contents, a section listing its pages.
    write(
        &hugo.join("hugo.toml"),
        "baseURL = 'https://bench.example.org/'\nlanguageCode = 'en-gb'\ntitle = 'Benchmark corpus'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n[markup.goldmark.extensions]\n  table = true\n  footnote = true\n  strikethrough = true\n  typographer = true\n",
    )?;
    write(
        &hugo.join("layouts/_default/baseof.html"),
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{{ .Title }} | {{ site.Title }}</title><link rel=\"canonical\" href=\"{{ .Permalink }}\"></head><body><a href=\"#main\">Skip to content</a><header>{{ site.Title }}</header><main id=\"main\">{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    write(
        &hugo.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><nav>{{ .TableOfContents }}</nav>{{ .Content }}{{ end }}\n",
    )?;
    write(
        &hugo.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let pages = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000usize);
    let out = args
        .next()
        .unwrap_or_else(|| "bench-out/corpus".to_string());
    if let Err(e) = generate(pages, Path::new(&out)) {
        eprintln!("error: cannot write the corpus to {out}: {e}");
        std::process::exit(1);
    }
    println!("wrote {pages} pages for arrs-guide and Hugo under {out}");
}

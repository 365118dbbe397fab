//! The adversarial content suite: every bad-content case of the reliability review (November
//! 2026) and every hole it found, run against a copy of a built fixture site.
//!
//! Each case changes the site, then runs `build` and `check`. A bad case must fail with the
//! located message given (`path:line:col: what is wrong`), leave the previous `public/`
//! byte-identical and leave no staging folder; a case that should build must build and give the
//! right output. The test prints the review's summary table (run with `--nocapture` to see it):
//!
//! ```sh
//! cargo test --test adversarial -- --nocapture
//! ```

mod common;

use arrs_guide::site::{self, BuildError, BuildOptions};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What a case must give.
enum Expect {
    /// `build` and `check` fail; every text must appear in the report (a located line each).
    Errors(&'static [&'static str]),
    /// `build` succeeds and the check on the output root holds (an error message otherwise).
    Builds(fn(&Path) -> Result<(), String>),
}

struct Case {
    category: &'static str,
    name: &'static str,
    change: fn(&Path),
    expect: Expect,
}

/// Which built fixture a case starts from.
#[derive(Clone, Copy)]
enum Fixture {
    /// The small fixture site.
    Plain,
    /// The same with the project's real rules data and a page for every role.
    WithRules,
}

/// Cases on the rules data start from the fixture that has it.
fn fixture_of(case: &Case) -> Fixture {
    if case.category == "rules data" {
        Fixture::WithRules
    } else {
        Fixture::Plain
    }
}

const RULES: &str = "content/rules/2025-26.yaml";

/// How a case came out, in the review's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    ClearError,
    BuiltCorrectly,
    Panic,
    WrongResult,
    OutputCorrupted,
}

/// Longer than this (debug build, shared machine) is counted as a hang in the table.
const HANG: Duration = Duration::from_secs(20);

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join(rel)).unwrap_or_default()
}

/// Replaces `from` with `to` in the file `rel`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = String::from_utf8(read(root, rel)).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    write(root, rel, text.replace(from, to));
}

fn about_page_built(root: &Path) -> Result<(), String> {
    root.join("public/about/index.html")
        .exists()
        .then_some(())
        .ok_or("page missing".into())
}

/// The path under `root` of the one file `public/static/<stem>-<hash><ext>`.
fn fingerprinted(root: &Path, stem: &str, ext: &str) -> Result<String, String> {
    let names: Vec<String> = std::fs::read_dir(root.join("public/static"))
        .map_err(|e| format!("public/static: {e}"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name.strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|rest| rest.strip_suffix(ext))
                .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .collect();
    match names.as_slice() {
        [name] => Ok(format!("public/static/{name}")),
        _ => Err(format!(
            "expected one {stem}-<hash>{ext} in public/static, found {names:?}"
        )),
    }
}

fn built_page(root: &Path, rel: &str) -> String {
    String::from_utf8_lossy(&read(root, &format!("public/{rel}"))).into_owned()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A folder beside the site root (inside the case's own temporary folder), outside the site.
fn outside(root: &Path) -> PathBuf {
    let dir = root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A process id no process has: one past the kernel's highest.
fn dead_pid() -> u64 {
    std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(4_194_304)
        + 1
}

fn cases() -> Vec<Case> {
    use Expect::*;
    vec![
        // --- Hangs ---
        Case {
            category: "hang",
            name: "20,000 identical headings",
            change: |root| {
                write(root, "content/dup.md", page("Dup", &"## Same\n\ntext\n\n".repeat(20_000)))
            },
            expect: Builds(|root| {
                let html = built_page(root, "dup/index.html");
                let ids = html.matches("<h2 id=\"same").count();
                let ok = ids == 20_000
                    && html.contains("<h2 id=\"same\">")
                    && html.contains("<h2 id=\"same-1\">")
                    && html.contains("<h2 id=\"same-19999\">");
                ok.then_some(()).ok_or(format!("{ids} heading ids"))
            }),
        },
        // --- Wrong results the review found ---
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "static file linked to a file outside the site",
            change: |root| {
                let secret = outside(root).join("passwd");
                std::fs::write(&secret, "root:x:0:0").unwrap();
                symlink(&secret, &root.join("templates/static/passwd.txt"));
            },
            expect: Errors(&["templates/static/passwd.txt: symbolic link to ", "which is outside the site folder; expected the file itself inside the site"]),
        },
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "content folder linked to a folder outside the site",
            change: |root| {
                let dir = outside(root);
                write(&dir, "outside-page.md", page("Outside", "Text.\n"));
                symlink(&dir, &root.join("content/outside"));
            },
            expect: Errors(&["content/outside: symbolic link to "]),
        },
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "outside link allowed in site.yaml",
            change: |root| {
                let dir = outside(root);
                write(&dir, "outside-page.md", page("Outside", "Text.\n"));
                symlink(&dir, &root.join("content/outside"));
                let site = String::from_utf8(read(root, "content/site.yaml")).unwrap();
                write(root, "content/site.yaml", format!("{site}allow_symlinks_outside_root: true\n"));
            },
            expect: Builds(|root| {
                built_page(root, "outside/outside-page/index.html")
                    .contains("Text.")
                    .then_some(())
                    .ok_or("page from the linked folder missing".into())
            }),
        },
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "link inside the site",
            change: |root| symlink(&root.join("templates/static/style.css"), &root.join("templates/static/alias.css")),
            expect: Builds(|root| {
                // Stylesheets are written only under their fingerprinted names.
                (read(root, &fingerprinted(root, "alias", ".css")?)
                    == read(root, "templates/static/style.css"))
                    .then_some(())
                    .ok_or("alias.css not copied".into())
            }),
        },
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "symlink loop",
            change: |root| symlink(&root.join("content"), &root.join("content/guides/loop")),
            expect: Errors(&["content/guides/loop: cannot list the files: "]),
        },
        #[cfg(unix)]
        Case {
            category: "symlink",
            name: "dangling symlink",
            change: |root| symlink(&root.join("nowhere.md"), &root.join("content/dangling.md")),
            expect: Errors(&["content/dangling.md: cannot list the files: "]),
        },
        Case {
            category: "raw HTML",
            name: "image from a tracker",
            change: |root| write(root, "content/about.md", page("About", "\n<img src=\"https://tracker.example/p.gif\" alt=\"\">\n")),
            expect: Errors(&["content/about.md:5:1: image `https://tracker.example/p.gif` is loaded from another site; expected an image stored with the site"]),
        },
        Case {
            category: "raw HTML",
            name: "iframe",
            change: |root| write(root, "content/about.md", page("About", "\nText.\n\n<iframe src=\"https://evil.example/\"></iframe>\n")),
            expect: Errors(&["content/about.md:7:1: `<iframe>` in Markdown; expected a link to the other site instead of embedding it"]),
        },
        Case {
            category: "raw HTML",
            name: "third-party stylesheet",
            change: |root| write(root, "content/about.md", page("About", "\n<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">\n")),
            expect: Errors(&["content/about.md:5:1: `<link>` in Markdown"]),
        },
        Case {
            category: "raw HTML",
            name: "event handler attribute",
            change: |root| write(root, "content/about.md", page("About", "\nSee <img src=x onerror=alert(1)> here.\n")),
            expect: Errors(&["content/about.md:5:5: event handler attribute `onerror` on `<img>` in Markdown"]),
        },
        Case {
            category: "raw HTML",
            name: "entity-encoded javascript: link",
            change: |root| write(root, "content/about.md", page("About", "\n<a href=\"&#106;avascript:alert(1)\">x</a>\n")),
            expect: Errors(&["content/about.md:5:1: link to `javascript:alert(1)` runs code"]),
        },
        Case {
            category: "raw HTML",
            name: "<script> in mixed case",
            change: |root| write(root, "content/about.md", page("About", "\n<ScRiPt>alert(1)</sCrIpT>\n")),
            expect: Errors(&["content/about.md:5:1: `<script>` in Markdown"]),
        },
        Case {
            category: "raw HTML",
            name: "allowed markup",
            change: |root| write(root, "content/about.md", page("About", "\n<abbr title=\"Primary care network\">PCN</abbr> and <kbd>Tab</kbd>.\n")),
            expect: Builds(|root| {
                built_page(root, "about/index.html")
                    .contains("<abbr title=\"Primary care network\">PCN</abbr>")
                    .then_some(())
                    .ok_or("abbr missing".into())
            }),
        },
        Case {
            category: "encoding",
            name: "NUL in the body",
            change: |root| write(root, "content/about.md", page("About", "\nnul \0 here\n")),
            expect: Builds(|root| {
                let bytes = read(root, "public/about/index.html");
                let html = String::from_utf8_lossy(&bytes);
                (!bytes.contains(&0) && html.contains("nul \u{FFFD} here"))
                    .then_some(())
                    .ok_or("NUL not replaced".into())
            }),
        },
        Case {
            category: "encoding",
            name: "NUL in front matter",
            change: |root| write(root, "content/about.md", "---\ntitle: Ab\0out\n---\n"),
            expect: Errors(&["content/about.md:2:"]),
        },
        // --- Messages that were unclear ---
        Case {
            category: "unclear message",
            name: "indented key",
            change: |root| write(root, "content/about.md", "---\n  title: About\nsummary: x\n---\nText.\n"),
            expect: Errors(&["content/about.md:2:1: key `title` is indented, so the keys are not one block; expected every top-level key at the start of its line"]),
        },
        Case {
            category: "unclear message",
            name: "CR-only line endings",
            change: |root| write(root, "content/about.md", "---\rtitle: About\r---\rText.\r"),
            expect: Errors(&[
                "content/about.md:1:4: this line ends with a carriage return alone (old Mac OS line endings); expected lines ending in LF (Unix) or CR LF (Windows)",
                "\n1 | ---\n  |    ^",
            ]),
        },
        Case {
            category: "unclear message",
            name: "component recursion",
            change: |root| {
                write(
                    root,
                    "templates/partials/intro.html",
                    "{% component loop(n) %}\n{{<loop n={n}/>}}\n{% endcomponent loop %}\n{{<loop n=\"1\"/>}}\n",
                )
            },
            expect: Errors(&["templates/partials/intro.html:2:3: components call each other without end (loop → loop)"]),
        },
        Case {
            category: "unclear message",
            name: "YAML bomb in front matter",
            change: |root| {
                let mut text = String::from("---\ntitle: About\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
                for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")] {
                    text.push_str(&format!("  {name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
                }
                text.push_str("---\n");
                write(root, "content/about.md", text);
            },
            expect: Errors(&["content/about.md:5:10: the YAML is too large once its aliases (`*name`) or nesting are expanded"]),
        },
        // --- All errors in one run ---
        Case {
            category: "all errors in one run",
            name: "broken link beside a front-matter error",
            change: |root| {
                write(root, "content/about.md", page("About", "\nSee [funding](funding.md).\n"));
                edit(root, "content/glossary.md", "weight: 5", "weight: heavy");
            },
            expect: Errors(&[
                "content/about.md:5:5: link to `funding.md`: there is no content/funding.md",
                "content/glossary.md:4:9: wrong type for `weight`",
                "2 errors",
            ]),
        },
        Case {
            category: "all errors in one run",
            name: "template error beside a broken link and a front-matter error",
            change: |root| {
                write(root, "content/about.md", page("About", "\nSee [WTE](glossary.md#nope).\n"));
                write(root, "content/guides/estates.md", "---\ntitle: Estates\ncolour: red\n---\n");
                write(root, "templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.titel }}{% endblock content %}\n");
            },
            expect: Errors(&[
                "content/about.md:5:5: link `glossary.md#nope`: no heading with id `nope` on /glossary/",
                "content/guides/estates.md:3:1: unknown key `colour`",
                "templates/page.html:2:28: Field `titel` is not defined.",
                "3 errors",
            ]),
        },
        // --- Rules data ---
        Case {
            category: "rules data",
            name: "pay scale entry above top, no middle point",
            change: |root| edit(root, RULES, "{ band: \"3\", entry: 24937, top: 26598,", "{ band: \"3\", entry: 999999, top: 26598,"),
            expect: Errors(&["content/rules/2025-26.yaml:", "the pay points of band 3 are not in order", " |   - { band: \"3\", entry: 999999, top: 26598,"]),
        },
        Case {
            category: "rules data",
            name: "cap with 3 decimals",
            change: |root| edit(root, RULES, "national: { value: 33344, status: derived", "national: { value: \"62340.123\", status: derived"),
            expect: Errors(&["content/rules/2025-26.yaml:", "is 62340.123, which has more than 2 decimal places; expected pounds and pence", " |         national: { value: \"62340.123\", status: derived"]),
        },
        Case {
            category: "rules data",
            name: "negative cap",
            change: |root| edit(root, RULES, "national: { value: 33344, status: derived", "national: { value: -5, status: derived"),
            expect: Errors(&["content/rules/2025-26.yaml:", "is -5, which is out of range", " |         national: { value: -5, status: derived"]),
        },
        Case {
            category: "rules data",
            name: "float cap",
            change: |root| edit(root, RULES, "national: { value: 33344, status: derived", "national: { value: 33344.5, status: derived"),
            expect: Errors(&["content/rules/2025-26.yaml:", " |         national: { value: 33344.5, status: derived"]),
        },
        Case {
            category: "rules data",
            name: "1e400 cap",
            change: |root| edit(root, RULES, "national: { value: 33344, status: derived", "national: { value: 1e400, status: derived"),
            expect: Errors(&["content/rules/2025-26.yaml:", " |         national: { value: 1e400, status: derived"]),
        },
        Case {
            category: "rules data",
            name: "year mismatch",
            change: |root| edit(root, RULES, "year: \"2025-26\"", "year: \"2024-25\""),
            expect: Errors(&["content/rules/2025-26.yaml:7:"]),
        },
        Case {
            category: "rules data",
            name: "schema version 2",
            change: |root| edit(root, RULES, "schema_version: 1", "schema_version: 2"),
            expect: Errors(&["content/rules/2025-26.yaml:6:", "unsupported schema_version 2"]),
        },
        Case {
            category: "rules data",
            name: "unknown key",
            change: |root| edit(root, RULES, "schema_version: 1", "schema_version: 1\ncolour: red"),
            expect: Errors(&["content/rules/2025-26.yaml:7:1: unknown key `colour`"]),
        },
        Case {
            category: "rules data",
            name: "empty rules file",
            change: |root| write(root, RULES, ""),
            expect: Errors(&["content/rules/2025-26.yaml"]),
        },
        Case {
            category: "rules data",
            name: "source that is not a URL",
            change: |root| edit(root, RULES, "afc25: &afc25 \"https://", "afc25: &afc25 \"ftp://"),
            expect: Errors(&["content/rules/2025-26.yaml:12:3: source `ftp://", "is not a URL; expected an http:// or https:// address"]),
        },
        Case {
            category: "rules data",
            name: "a string where a number belongs",
            change: |root| edit(root, RULES, "ni_threshold: { value: 5000,", "ni_threshold: { value: lots,"),
            expect: Errors(&["content/rules/2025-26.yaml:24:"]),
        },
        Case {
            category: "rules data",
            name: "a 32-digit integer",
            change: |root| edit(root, RULES, "ni_threshold: { value: 5000,", "ni_threshold: { value: 12345678901234567890123456789012,"),
            expect: Errors(&["content/rules/2025-26.yaml:24:"]),
        },
        Case {
            category: "rules data",
            name: "unknown role",
            change: |root| edit(root, RULES, "  - id: clinical-pharmacist\n", "  - id: chief-wizard\n"),
            expect: Errors(&["content/rules/2025-26.yaml:34:"]),
        },
        Case {
            category: "rules data",
            name: "cap table starting outside the year",
            change: |root| edit(root, RULES, "    from: 2025-04-01\n    superseded: true", "    from: 2027-04-01\n    superseded: true"),
            expect: Errors(&["content/rules/2025-26.yaml:", "is outside 2025-26"]),
        },
        Case {
            category: "rules data",
            name: "YAML bomb in the rules",
            change: |root| {
                let mut bomb = String::from("x0: &x0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
                for i in 1..9 {
                    let p = i - 1;
                    bomb.push_str(&format!("x{i}: &x{i} [*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p}]\n"));
                }
                edit(root, RULES, "schema_version: 1\n", &format!("schema_version: 1\n{bomb}"));
            },
            // Refused at the first key, before any alias is expanded.
            expect: Errors(&["content/rules/2025-26.yaml:7:1: unknown key `x0`"]),
        },
        Case {
            category: "rules data",
            name: "empty rules folder",
            change: |root| {
                for entry in std::fs::read_dir(root.join("content/rules")).unwrap() {
                    std::fs::remove_file(entry.unwrap().path()).unwrap();
                }
            },
            expect: Errors(&["content/rules"]),
        },
        // --- Output folder ---
        Case {
            category: "output",
            name: "leftovers of killed builds are removed",
            change: |root| {
                let pid = dead_pid();
                for name in [format!("public.staging-{pid}-0"), format!("public.old-{pid}-1")] {
                    write(root, &format!("{name}/index.html"), "partial");
                    write(root, &format!("{name}/.arrs-guide-output"), "x");
                }
                write(root, &format!("public.staging-{pid}-2/index.html"), "not provably ours");
            },
            expect: Builds(|root| {
                let pid = dead_pid();
                let gone = !root.join(format!("public.staging-{pid}-0")).exists()
                    && !root.join(format!("public.old-{pid}-1")).exists();
                let kept = root.join(format!("public.staging-{pid}-2")).exists();
                (gone && kept).then_some(()).ok_or("leftovers not cleaned as expected".into())
            }),
        },
        // --- The review's other bad-content cases ---
        Case {
            category: "front matter",
            name: "unknown key",
            change: |root| write(root, "content/about.md", "---\ntitle: About\ncolour: red\n---\n"),
            expect: Errors(&["content/about.md:3:1: unknown key `colour`; expected one of the keys `title`"]),
        },
        Case {
            category: "front matter",
            name: "wrong type",
            change: |root| write(root, "content/about.md", "---\ntitle: About\nweight: heavy\n---\n"),
            expect: Errors(&["content/about.md:3:9: wrong type for `weight`: found string \"heavy\"; expected a whole number"]),
        },
        Case {
            category: "front matter",
            name: "duplicate key",
            change: |root| write(root, "content/about.md", "---\ntitle: About\ntitle: Again\n---\n"),
            expect: Errors(&["content/about.md:3:1: key `title` is written twice (first on line 2); expected each key once"]),
        },
        Case {
            category: "front matter",
            name: "unterminated front matter",
            change: |root| write(root, "content/about.md", "---\ntitle: About\nText.\n"),
            expect: Errors(&["content/about.md:1:1: front matter is never closed; expected a `---` line after the YAML keys"]),
        },
        Case {
            category: "front matter",
            name: "missing front matter",
            change: |root| write(root, "content/about.md", "# About\n"),
            expect: Errors(&["content/about.md:1:1: missing front matter"]),
        },
        Case {
            category: "front matter",
            name: "empty file",
            change: |root| write(root, "content/about.md", ""),
            expect: Errors(&["content/about.md:1:1: missing front matter"]),
        },
        Case {
            category: "front matter",
            name: "20,000-level nested YAML",
            change: |root| write(root, "content/about.md", format!("---\ntitle: About\nextra: {}{}\n---\n", "[".repeat(20_000), "]".repeat(20_000))),
            expect: Errors(&["content/about.md:3:"]),
        },
        Case {
            category: "encoding",
            name: "Latin-1 file",
            change: |root| write(root, "content/about.md", b"---\ntitle: Caf\xe9\n---\n".as_slice()),
            expect: Errors(&["content/about.md: the file is not UTF-8 text"]),
        },
        Case {
            category: "encoding",
            name: "UTF-16 file",
            change: |root| {
                let text: Vec<u8> = "\u{feff}---\ntitle: A\n---\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
                write(root, "content/about.md", text)
            },
            expect: Errors(&["content/about.md: the file is not UTF-8 text"]),
        },
        Case {
            category: "encoding",
            name: "double BOM",
            change: |root| write(root, "content/about.md", "\u{feff}\u{feff}---\ntitle: About\n---\n"),
            expect: Errors(&["content/about.md:1:1: missing front matter"]),
        },
        Case {
            category: "front matter",
            name: "5 MB of junk front matter",
            change: |root| write(root, "content/about.md", format!("---\ntitle: About\n{}\n---\n", "@junk ".repeat(900_000))),
            expect: Errors(&["content/about.md:3:"]),
        },
        Case {
            category: "encoding",
            name: "BOM",
            change: |root| write(root, "content/about.md", "\u{feff}---\ntitle: About BOM\n---\nText.\n"),
            expect: Builds(|root| built_page(root, "about/index.html").contains("About BOM").then_some(()).ok_or("title missing".into())),
        },
        Case {
            category: "encoding",
            name: "CRLF",
            change: |root| write(root, "content/about.md", "---\r\ntitle: About CRLF\r\n---\r\n\r\n## Part\r\n"),
            expect: Builds(|root| built_page(root, "about/index.html").contains("<h2 id=\"part\">Part</h2>").then_some(()).ok_or("heading missing".into())),
        },
        Case {
            category: "links",
            name: "broken link",
            change: |root| write(root, "content/about.md", page("About", "\nSee [funding](funding.md).\n")),
            expect: Errors(&["content/about.md:5:5: link to `funding.md`: there is no content/funding.md"]),
        },
        Case {
            category: "links",
            name: "broken anchor",
            change: |root| write(root, "content/about.md", page("About", "\nSee [WTE](glossary.md#nope).\n")),
            expect: Errors(&["content/about.md:5:5: link `glossary.md#nope`: no heading with id `nope` on /glossary/"]),
        },
        Case {
            category: "links",
            name: "link out of the content folder",
            change: |root| write(root, "content/about.md", page("About", "\nSee [x](../../etc/passwd).\n")),
            expect: Errors(&["content/about.md:5:5: "]),
        },
        Case {
            category: "links",
            name: "javascript: link",
            change: |root| write(root, "content/about.md", page("About", "\nSee [x](javascript:alert(1)).\n")),
            expect: Errors(&["content/about.md:5:5: "]),
        },
        Case {
            category: "links",
            name: "third-party Markdown image",
            change: |root| write(root, "content/about.md", page("About", "\n![x](https://tracker.example/p.gif)\n")),
            expect: Errors(&["content/about.md:5:1: "]),
        },
        Case {
            category: "structure",
            name: "two files for one URL",
            change: |root| write(root, "content/about/_index.md", page("About too", "")),
            expect: Errors(&["content/about.md: this page has the same URL /about/ as content/about/_index.md"]),
        },
        Case {
            category: "structure",
            name: "page at /search/",
            change: |root| write(root, "content/search.md", page("Search", "")),
            expect: Errors(&["content/search.md"]),
        },
        Case {
            category: "structure",
            name: "file name with a space",
            change: |root| write(root, "content/making roles.md", page("Roles", "")),
            expect: Errors(&["content/making roles.md"]),
        },
        Case {
            category: "structure",
            name: "index.md beside _index.md",
            change: |root| write(root, "content/_index.md", page("Home again", "")),
            expect: Errors(&["content/", "the same URL /"]),
        },
        Case {
            category: "structure",
            name: "upper-case file name",
            change: |root| write(root, "content/About-Us.md", page("About us", "")),
            expect: Errors(&["content/About-Us.md"]),
        },
        Case {
            category: "structure",
            name: "non-ASCII file name",
            change: |root| write(root, "content/café.md", page("Café", "")),
            expect: Errors(&["content/café.md"]),
        },
        Case {
            category: "structure",
            name: "a page at content/static/calc.md beside the calculator assets",
            change: |root| write(root, "content/static/calc.md", page("Calc", "Text.\n")),
            expect: Builds(|root| root.join("public/static/calc/index.html").exists().then_some(()).ok_or("page missing".into())),
        },
        Case {
            category: "site.yaml",
            name: "CR-only line endings in site.yaml",
            change: |root| edit(root, "content/site.yaml", "\n", "\r"),
            expect: Errors(&["content/site.yaml:1:", "this line ends with a carriage return alone"]),
        },
        Case {
            category: "site.yaml",
            name: "missing site.yaml",
            change: |root| std::fs::remove_file(root.join("content/site.yaml")).unwrap(),
            expect: Errors(&["content/site.yaml: cannot read the site settings"]),
        },
        Case {
            category: "structure",
            name: "folder named *.md and a FIFO are skipped",
            change: |root| {
                std::fs::create_dir_all(root.join("content/folder.md")).unwrap();
                let _ = std::process::Command::new("mkfifo").arg(root.join("content/pipe.md")).status();
            },
            expect: Builds(|root| (!root.join("public/folder/index.html").exists()).then_some(()).ok_or("folder built as a page".into())),
        },
        Case {
            category: "templates",
            name: "missing template",
            change: |root| write(root, "content/about.md", "---\ntitle: About\ntemplate: nope.html\n---\n"),
            expect: Errors(&["content/about.md:3:1: template `nope.html` does not exist"]),
        },
        Case {
            category: "templates",
            name: "tera syntax error",
            change: |root| write(root, "templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ }}{% endblock content %}\n"),
            expect: Errors(&["templates/page.html:2:"]),
        },
        Case {
            category: "templates",
            name: "undefined variable",
            change: |root| write(root, "templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.titel }}{% endblock content %}\n"),
            expect: Errors(&["templates/page.html:2:28: Field `titel` is not defined."]),
        },
        Case {
            category: "templates",
            name: "missing include",
            change: |root| write(root, "templates/partials/intro.html", "{% include \"partials/nowhere.html\" %}"),
            expect: Errors(&["templates/partials/intro.html:1:12: Unknown template `partials/nowhere.html`"]),
        },
        Case {
            category: "templates",
            name: "extends a missing template",
            change: |root| write(root, "templates/page.html", "{% extends \"nowhere.html\" %}\n"),
            expect: Errors(&["templates/page.html: extends `nowhere.html`, which does not exist"]),
        },
        Case {
            category: "templates",
            name: "divide by zero",
            change: |root| write(root, "templates/partials/intro.html", "<p>\n{{ 1 / 0 }}</p>"),
            expect: Errors(&["templates/partials/intro.html:2:"]),
        },
        Case {
            category: "templates",
            name: "circular include",
            change: |root| write(root, "templates/partials/intro.html", "{% include \"partials/intro.html\" %}"),
            expect: Errors(&["templates/partials/intro.html:1:4: templates include each other without end (", "partials/intro.html → partials/intro.html)"]),
        },
        Case {
            category: "site.yaml",
            name: "malformed site.yaml",
            change: |root| write(root, "content/site.yaml", "title: [unclosed\n"),
            expect: Errors(&["content/site.yaml:"]),
        },
        Case {
            category: "site.yaml",
            name: "base_url with a trailing slash",
            change: |root| edit(root, "content/site.yaml", "https://fixture.example.org", "https://fixture.example.org/"),
            expect: Errors(&["content/site.yaml:2:1: base URL `https://fixture.example.org/` is not usable"]),
        },
        Case {
            category: "site.yaml",
            name: "navigation to a missing page",
            change: |root| edit(root, "content/site.yaml", "glossary.md", "nowhere.md"),
            expect: Errors(&["content/site.yaml:8:"]),
        },
        Case {
            category: "markdown",
            name: "level-1 heading in the body",
            change: |root| write(root, "content/about.md", page("About", "\n# Again\n")),
            expect: Errors(&["content/about.md:5:1: level-1 heading `Again` in the body"]),
        },
        Case {
            category: "markdown",
            name: "table without a caption",
            change: |root| write(root, "content/about.md", page("About", "\n| a |\n| - |\n| 1 |\n")),
            expect: Errors(&["content/about.md:5:1: table without a caption"]),
        },
        Case {
            category: "markdown",
            name: "10,000-level nested lists",
            change: |root| {
                // `- - - x` opens one list inside another per marker.
                let body = format!("{}x\n", "- ".repeat(10_000));
                write(root, "content/about.md", page("About", &body))
            },
            expect: Builds(about_page_built),
        },
        Case {
            category: "markdown",
            name: "10,000-level nested blockquotes",
            change: |root| write(root, "content/about.md", page("About", &format!("{} deep\n", ">".repeat(10_000)))),
            expect: Builds(about_page_built),
        },
        Case {
            category: "markdown",
            name: "pathological emphasis",
            change: |root| write(root, "content/about.md", page("About", &"*a **b ".repeat(20_000))),
            expect: Builds(about_page_built),
        },
        Case {
            category: "markdown",
            name: "1 MB single line",
            change: |root| write(root, "content/about.md", page("About", &"word ".repeat(200_000))),
            expect: Builds(about_page_built),
        },
    ]
}

type Built = (tempfile::TempDir, BTreeMap<String, Vec<u8>>);

/// A fixture site, built once; each case starts from a copy of it (built output included).
fn built_fixture(which: Fixture) -> &'static Built {
    static PLAIN: OnceLock<Built> = OnceLock::new();
    static WITH_RULES: OnceLock<Built> = OnceLock::new();
    let (cell, with_rules) = match which {
        Fixture::Plain => (&PLAIN, false),
        Fixture::WithRules => (&WITH_RULES, true),
    };
    cell.get_or_init(|| {
        let site = common::fixture_site("valid");
        if with_rules {
            common::add_real_rules_with_role_pages(site.path());
        }
        site::build(&BuildOptions::new(site.path()).with_extension(arrs_guide::guide::extension()))
            .expect("the fixture builds");
        let tree = common::read_tree(&site.path().join("public"));
        (site, tree)
    })
}

/// A copy of a built fixture (its output included) in a new temporary folder, and its root.
fn copy_of(which: Fixture) -> (tempfile::TempDir, PathBuf) {
    let (fixture, _) = built_fixture(which);
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("site");
    common::copy_dir(fixture.path(), &root);
    (scratch, root)
}

/// Runs one case; returns its outcome, the time it took, and what went wrong if anything.
fn run(case: &Case) -> (Outcome, Duration, String) {
    let (_, before) = built_fixture(fixture_of(case));
    let (_scratch, root) = copy_of(fixture_of(case));
    (case.change)(&root);
    let out = root.join("public");
    let started = Instant::now();
    let ran = catch_unwind(AssertUnwindSafe(|| {
        (
            site::build(&BuildOptions::new(&root).with_extension(arrs_guide::guide::extension())),
            site::check(&root, Some(&arrs_guide::guide::extension())),
        )
    }));
    let elapsed = started.elapsed();
    let Ok((built, checked)) = ran else {
        return (Outcome::Panic, elapsed, "panicked".into());
    };
    let shown = |err: &BuildError| err.to_string().replace(&format!("{}/", root.display()), "");
    match (&case.expect, built) {
        (Expect::Errors(texts), Err(err)) => {
            let report = shown(&err);
            let check_report = checked.as_ref().err().map(shown).unwrap_or_default();
            if common::read_tree(&out) != *before || staging_left(&root) {
                return (Outcome::OutputCorrupted, elapsed, report);
            }
            let missing: Vec<&&str> = texts
                .iter()
                .filter(|t| !report.contains(**t) || !check_report.contains(**t))
                .collect();
            if missing.is_empty() && matches!(err, BuildError::Content(_)) {
                (Outcome::ClearError, elapsed, String::new())
            } else {
                (
                    Outcome::WrongResult,
                    elapsed,
                    format!("expected {missing:?} in:\n{report}\ncheck:\n{check_report}"),
                )
            }
        }
        (Expect::Errors(_), Ok(_)) => {
            (Outcome::WrongResult, elapsed, "built, but must fail".into())
        }
        (Expect::Builds(_), Err(err)) => (Outcome::WrongResult, elapsed, shown(&err)),
        (Expect::Builds(holds), Ok(report)) => {
            let _ = report.cleanup.wait();
            match holds(&root) {
                Ok(()) => (Outcome::BuiltCorrectly, elapsed, String::new()),
                Err(why) => (Outcome::WrongResult, elapsed, why),
            }
        }
    }
}

/// True when a build left a staging or previous-output folder of this process beside `public/`.
fn staging_left(root: &Path) -> bool {
    let ours = format!("-{}-", std::process::id());
    std::fs::read_dir(root).unwrap().any(|e| {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        name.starts_with("public.") && name.contains(&ours)
    })
}

#[test]
fn every_bad_input_gives_a_located_error_or_the_right_result_and_never_touches_the_output() {
    let mut rows: BTreeMap<&str, [usize; 7]> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases() {
        let (outcome, elapsed, detail) = run(&case);
        let row = rows.entry(case.category).or_default();
        row[0] += 1;
        match outcome {
            Outcome::ClearError => row[1] += 1,
            Outcome::BuiltCorrectly => row[2] += 1,
            Outcome::Panic => row[3] += 1,
            Outcome::WrongResult => row[5] += 1,
            Outcome::OutputCorrupted => row[6] += 1,
        }
        if elapsed > HANG {
            row[4] += 1;
        }
        println!(
            "{:>7.2} s  {:?}  {} / {}",
            elapsed.as_secs_f64(),
            outcome,
            case.category,
            case.name
        );
        if !matches!(outcome, Outcome::ClearError | Outcome::BuiltCorrectly) {
            failures.push(format!(
                "{} / {}: {outcome:?}: {detail}",
                case.category, case.name
            ));
        }
    }
    println!("\n| category | cases | clear errors | built correctly | panics | hangs (> {} s) | wrong results | output corrupted |", HANG.as_secs());
    println!("|---|---|---|---|---|---|---|---|");
    let mut total = [0; 7];
    for (category, row) in &rows {
        println!(
            "| {category} | {} | {} | {} | {} | {} | {} | {} |",
            row[0], row[1], row[2], row[3], row[4], row[5], row[6]
        );
        for (t, r) in total.iter_mut().zip(row) {
            *t += r;
        }
    }
    println!(
        "| **all** | {} | {} | {} | {} | {} | {} | {} |",
        total[0], total[1], total[2], total[3], total[4], total[5], total[6]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_page_that_fails_to_load_is_not_reported_again_by_the_links_to_it() {
    let (_scratch, root) = copy_of(Fixture::Plain);
    write(
        &root,
        "content/about.md",
        page("About", "\nSee [WTE](glossary.md#wte).\n"),
    );
    edit(&root, "content/glossary.md", "weight: 5", "weight: heavy");
    let err = site::check(&root, Some(&arrs_guide::guide::extension())).unwrap_err();
    let BuildError::Content(found) = err else {
        panic!("{err}")
    };
    let prefix = format!("{}/", root.display());
    let shown: Vec<String> = found
        .0
        .iter()
        .map(|d| {
            d.to_string()
                .replace(&prefix, "")
                .lines()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].contains("content/glossary.md:4:9: wrong type for `weight`"),
        "{shown:?}"
    );
}

#[test]
fn out_pointing_at_a_folder_no_build_wrote_is_refused_and_left_alone() {
    let (_scratch, root) = copy_of(Fixture::Plain);
    write(&root, "docs/guide.txt", "my notes");
    write(&root, "README.md", "# Read me");
    for (out, expected) in [
        ("docs", "docs: the output folder is not one a build wrote (it has no `.arrs-guide-output` file)"),
        ("README.md", "README.md: the output is a file, not a folder"),
    ] {
        let before = common::read_tree(&root);
        let opts = BuildOptions { out: root.join(out), ..BuildOptions::new(&root).with_extension(arrs_guide::guide::extension()) };
        let err = site::build(&opts).expect_err(out).to_string();
        assert!(err.replace(&format!("{}/", root.display()), "").starts_with(expected), "{err}");
        assert_eq!(common::read_tree(&root), before, "{out} was touched");
    }
    // An empty folder, and a folder a build wrote, are fine.
    std::fs::create_dir(root.join("empty")).unwrap();
    let opts = BuildOptions {
        out: root.join("empty"),
        ..BuildOptions::new(&root).with_extension(arrs_guide::guide::extension())
    };
    site::build(&opts).unwrap().cleanup.wait().unwrap();
    site::build(&opts).unwrap().cleanup.wait().unwrap();
    assert!(root.join("empty/index.html").exists());
}

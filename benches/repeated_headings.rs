//! Rendering a page whose headings all have the same text: each needs its own id (`same`,
//! `same-1`, …). The reliability review measured 57 s for 20,000 `## Same` headings when every
//! id was searched from `-1` again; handing out ids is linear now, so doubling the headings
//! should about double the time.
//!
//! Run with `cargo bench --bench repeated_headings` (release). Prints the time per size and the
//! ratio to the previous size; asserts nothing about time.

use arrs_guide::site::markdown::{
    self, Document, LinkKind, LinkProblem, LinkResolver, ResolvedLink,
};
use std::path::Path;
use std::time::{Duration, Instant};

/// The page has no links; any would be a problem.
struct NoLinks;

impl LinkResolver for NoLinks {
    fn resolve(&self, dest: &str, _kind: LinkKind) -> Result<ResolvedLink, LinkProblem> {
        Err(LinkProblem {
            message: format!("unexpected link `{dest}`"),
            expected: "no links".into(),
        })
    }
}

/// Best-of-5 render time of `headings` headings, all `## Same` or (`distinct`) all different.
fn render_time(headings: usize, distinct: bool) -> Duration {
    let body: String = if distinct {
        (0..headings)
            .map(|i| format!("## Heading {i}\n\ntext\n\n"))
            .collect()
    } else {
        "## Same\n\ntext\n\n".repeat(headings)
    };
    let doc = Document {
        path: Path::new("content/dup.md"),
        file_text: &body,
        body: &body,
        body_first_line: 1,
        reserved_ids: &["main-content"],
        headings_allowed: true,
        footnote_prefix: "",
    };
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let rendered = markdown::render(&doc, &NoLinks);
        best = best.min(started.elapsed());
        assert_eq!(rendered.headings.len(), headings);
        let last = if distinct {
            format!("heading-{}", headings - 1)
        } else {
            format!("same-{}", headings - 1)
        };
        assert_eq!(
            rendered.headings.last().map(|h| h.id.as_str()),
            Some(last.as_str())
        );
    }
    best
}

fn main() {
    println!("headings on one page: render time (best of 5), identical `## Same` vs all different");
    for headings in [5_000, 10_000, 20_000, 40_000] {
        let same = render_time(headings, false);
        let distinct = render_time(headings, true);
        println!(
            "{headings:>7} headings: identical {:>8.1} ms, different {:>8.1} ms",
            same.as_secs_f64() * 1000.0,
            distinct.as_secs_f64() * 1000.0
        );
    }
}

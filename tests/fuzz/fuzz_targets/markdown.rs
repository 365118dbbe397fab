//! Markdown rendering (headings, tables, footnotes, links, raw HTML checks) on any text: never a
//! panic, no NUL in the HTML, heading ids unique unless the text itself gives an `{#id}` twice,
//! every problem located inside the file.
#![no_main]

use arrs_guide::site::fuzzing;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let out = fuzzing::markdown(body);
    assert!(!out.html.contains('\0'), "NUL in the HTML");
    let unique: HashSet<&String> = out.heading_ids.iter().collect();
    let explicit_clash = out
        .diagnostics
        .iter()
        .any(|d| d.message.contains("is used twice") || d.message.contains("already used"));
    assert!(
        explicit_clash || unique.len() == out.heading_ids.len(),
        "duplicate heading ids {:?}",
        out.heading_ids
    );
    let lines = body.split('\n').count();
    for d in &out.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d}");
    }
});

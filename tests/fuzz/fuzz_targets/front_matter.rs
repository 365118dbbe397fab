//! The front-matter splitter and the YAML readers of every kind of content file (the guide's role
//! and FAQ front matter included) and `site.yaml`,
//! on any text: never a panic, and every error located inside the file.
#![no_main]

use arrs_guide::guide::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    for d in fuzzing::front_matter(text) {
        assert!(d.line <= lines + 1, "line {} of {lines}: {d}", d.line);
    }
});

//! The front-matter splitter and the YAML readers of every kind of content file, on any text:
//! never a panic, and every error located inside the file.
#![no_main]

use arrs_guide::site::front_matter::{self, Split};
use arrs_guide::site::model::{FaqFrontMatter, PageFrontMatter, RoleFrontMatter, SiteConfig};
use arrs_guide::site::Diagnostic;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn located_in(d: &Diagnostic, text: &str) {
    let lines = text.split('\n').count();
    assert!(d.line <= lines + 1, "line {} of {lines}: {d}", d.line);
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let text = front_matter::strip_bom(raw);
    let path = Path::new("content/fuzz.md");
    match front_matter::split(text, path) {
        Err(d) => located_in(&d, text),
        Ok(split) => {
            assert!(text.ends_with(split.body));
            if let Err(d) = front_matter::parse::<PageFrontMatter>(&split, path, text) {
                located_in(&d, text);
            }
            if let Err(d) = front_matter::parse::<RoleFrontMatter>(&split, path, text) {
                located_in(&d, text);
            }
            if let Err(d) = front_matter::parse::<FaqFrontMatter>(&split, path, text) {
                located_in(&d, text);
            }
        }
    }
    // site.yaml is read as front matter starting on line 1.
    let whole = Split {
        yaml: text,
        yaml_first_line: 1,
        body: "",
        body_first_line: 0,
    };
    if let Err(d) = front_matter::parse::<SiteConfig>(&whole, path, text) {
        located_in(&d, text);
    }
});

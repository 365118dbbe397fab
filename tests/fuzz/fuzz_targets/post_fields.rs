//! The post parsers of the rules core (a calculator `post=` value, and every text field of a
//! post as the posts CSV reader fills them), on any text: never a panic, and a post that parses
//! is a valid post.
#![no_main]

use arrs_guide::rules::money::{parse_decimal, parse_money};
use arrs_guide::rules::PostFields;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(salary) = parse_money("salary", text) {
        assert!(parse_decimal("salary", &salary.to_string()).is_ok());
    }
    if let Ok(fields) = PostFields::from_url_value(text) {
        if let Ok(post) = fields.to_post() {
            assert!(post.validate().is_ok());
        }
    }
    // The same text cut at tabs into every field, as a CSV row fills them.
    let mut parts = text.split('\t').map(str::to_owned);
    let mut next = || parts.next().unwrap_or_default();
    let fields = PostFields {
        role: next(),
        region: next(),
        salary: next(),
        wte: next(),
        hours: Some(next()).filter(|h| !h.is_empty()),
        sessions: Some(next()).filter(|s| !s.is_empty()),
        from: next(),
        to: next(),
        label: next(),
        share: next(),
        band: next(),
        pension: next(),
    };
    if let Ok(post) = fields.to_post() {
        assert!(post.validate().is_ok());
    }
});

//! The rules core's post and amount parsers (a calculator `post=` value, every text field of a
//! post as the posts CSV reader fills them, salaries with thousands separators), on any text:
//! never a panic, and a post that parses is a valid post.
#![no_main]

use arrs_guide::rules::fields::parse_amount;
use arrs_guide::rules::PostFields;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(amount) = parse_amount("salary", text) {
        // What was read is an amount the reader reads back the same.
        assert_eq!(parse_amount("salary", &amount.to_string()).ok(), Some(amount));
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

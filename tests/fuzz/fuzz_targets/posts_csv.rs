//! The posts CSV reader of the rules core on any text: never a panic, and a file it reads writes
//! back (`write_posts_csv`) to a file that reads to the same posts.
#![no_main]

use arrs_guide::rules::posts_csv::{read_posts_csv, write_posts_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(read) = read_posts_csv(text) {
        let written = write_posts_csv(&read.posts);
        let again = read_posts_csv(&written).expect("a written posts CSV reads back");
        assert_eq!(again.posts, read.posts, "round trip through\n{written}");
    }
});

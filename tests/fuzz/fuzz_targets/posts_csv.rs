//! The posts CSV reader of the rules core on any text: never a panic, and a file it reads writes
//! back (`write_posts_csv`) to a file that reads to the same posts, with the defaults a blank
//! cell stands for (pension yes, count 1) written out, and that writes back to itself.
#![no_main]

use arrs_guide::rules::posts_csv::{read_posts_csv, write_posts_csv};
use arrs_guide::rules::PostSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(read) = read_posts_csv(text) {
        let written = write_posts_csv(&read.posts);
        let again = read_posts_csv(&written).expect("a written posts CSV reads back");
        let with_defaults: Vec<PostSpec> = read
            .posts
            .iter()
            .map(|p| PostSpec {
                pension: p.pension.or(Some(true)),
                count: p.count.or(Some(1)),
                ..p.clone()
            })
            .collect();
        assert_eq!(again.posts, with_defaults, "round trip through\n{written}");
        assert_eq!(write_posts_csv(&again.posts), written, "written twice");
    }
});

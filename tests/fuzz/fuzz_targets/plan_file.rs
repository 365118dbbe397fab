//! The plan file reader on any text: never a panic; a plan file that parses passes its own
//! checks without panicking and survives a JSON round trip unchanged.
#![no_main]

use arrs_guide::rules::plan_file::PlanFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = serde_json::from_str::<PlanFile>(text) else {
        return;
    };
    let _ = file.check_version();
    let _ = file.weighted_population();
    let json = serde_json::to_string(&file).expect("a plan file serializes");
    let again: PlanFile = serde_json::from_str(&json).expect("a written plan file reads back");
    assert_eq!(again, file);
});

//! The calculator's size floor: one export that reads a year's rules and a plan file (JSON text
//! in the module's memory) and computes the plan with the rules core. Everything the calculator
//! page's first-results module adds (wasm-bindgen glue, reading JavaScript values, share links,
//! field errors, the summary, the results CSV, recruit) is left out, so this module's size is
//! the least any module computing a plan with this rules core can weigh.

use arrs_guide::rules::{compute_plan_file, PlanFile, RuleBook, YearRules};

/// Space for the host to write `len` bytes of input into (never freed: one call per instance).
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    Vec::<u8>::with_capacity(len).leak().as_mut_ptr()
}

/// Computes the plan in `plan` (JSON) with the rules in `rules` (JSON); returns the length of
/// the answer (the total claim, or with `whole-plan` the plan as JSON), 0 when either is
/// unreadable.
///
/// # Safety
/// Both pointers must come from [`input`] and hold that many bytes.
#[no_mangle]
pub unsafe extern "C" fn plan(
    rules: *const u8,
    rules_len: usize,
    plan: *const u8,
    plan_len: usize,
) -> usize {
    let read = |ptr, len| std::str::from_utf8(std::slice::from_raw_parts(ptr, len)).ok();
    let (Some(rules), Some(plan)) = (read(rules, rules_len), read(plan, plan_len)) else {
        return 0;
    };
    let Ok(rules) = serde_json::from_str::<YearRules>(rules) else {
        return 0;
    };
    let Ok(file) = serde_json::from_str::<PlanFile>(plan) else {
        return 0;
    };
    let year = rules.year;
    match compute_plan_file(&RuleBook::new(vec![rules]), &file, year) {
        #[cfg(feature = "whole-plan")]
        Ok(plan) => serde_json::to_string(&plan).map_or(0, |text| text.len()),
        #[cfg(not(feature = "whole-plan"))]
        Ok(plan) => plan.totals.claim.to_string().len(),
        Err(errors) => errors.len(),
    }
}

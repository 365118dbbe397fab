//! The calculator's WebAssembly boundary, tested natively: the published rules JSON reads back
//! through the same serde derives the module uses, a plan file without a population gives costs
//! and no entitlement, and no plan file makes it (or its text summary) panic. (Share-link errors naming their field and
//! the cost = claim + top-up + provider share invariant are tested in the rules core.)

use std::path::PathBuf;

use arrs_guide::rules::{compute_plan_file, PlanFile, RuleBook, YearRules};
use proptest::prelude::*;

const YEARS: [&str; 4] = ["2023-24", "2024-25", "2025-26", "2026-27"];

fn rules_yaml(year: &str) -> YearRules {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../content/rules")
        .join(format!("{year}.yaml"));
    let text = std::fs::read_to_string(&path).expect("rules file");
    serde_yaml::from_str(&text).expect("rules file parses")
}

#[test]
fn every_published_rules_file_reads_back_exactly() {
    for year in YEARS {
        let published = serde_json::to_string(&rules_yaml(year)).unwrap();
        let read: YearRules =
            serde_json::from_str(&published).unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(
            read,
            rules_yaml(year),
            "{year} differs after the round trip"
        );
    }
}

#[test]
fn an_empty_population_gives_costs_and_no_entitlement() {
    let text = r#"{"schema_version": 1, "year": "2025-26", "weighted_population": null,
        "posts": [{"role": "paramedic", "region": "national", "salary": "45000",
                   "working_time": {"value": "1", "unit": "wte"}}]}"#;
    let file: PlanFile = serde_json::from_str(text).expect("plan file");
    let book = RuleBook::new(vec![rules_yaml("2025-26")]);
    let plan = compute_plan_file(&book, &file, "2025-26".parse().unwrap()).unwrap();
    assert_eq!(plan.weighted_population, None);
    assert_eq!(plan.totals.entitlement, None);
    assert_eq!(plan.totals.over_committed, None);
    let csv = arrs_guide::rules::results_csv::results_csv(&plan);
    assert!(!csv.contains("26.63"), "{csv}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn garbage_plan_files_never_panic(text in any::<String>()) {
        if let Ok(file) = serde_json::from_str::<PlanFile>(&text) {
            let book = RuleBook::new(vec![rules_yaml("2025-26")]);
            if let Ok(plan) = compute_plan_file(&book, &file, "2025-26".parse().unwrap()) {
                // Copy summary: the text of any plan the core computes.
                let made_on = arrs_guide::rules::fields::parse_user_date("from", "2026-11-29").unwrap();
                let text = arrs_guide::rules::plan_summary::plan_summary(&plan, &file, made_on, "");
                prop_assert!(text.contains(&plan.year_label));
            }
        }
    }
}

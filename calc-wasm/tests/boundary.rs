//! The calculator's WebAssembly boundary, tested natively: the published rules JSON reads back
//! through the same serde derives the module uses, the old page's requests give the plan the
//! command line computes, input errors name their field and post, and nothing panics.

use std::path::PathBuf;

use arrs_guide::rules::{compute_plan_file, PlanFile, RuleBook, YearRules};
use calc_wasm::legacy_plan;
use calc_wasm::request::parse_request;
use proptest::prelude::*;

const YEARS: [&str; 4] = ["2023-24", "2024-25", "2025-26", "2026-27"];

fn rules_yaml(year: &str) -> YearRules {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../content/rules")
        .join(format!("{year}.yaml"));
    let text = std::fs::read_to_string(&path).expect("rules file");
    serde_yaml::from_str(&text).expect("rules file parses")
}

const PLAN: &str = "year=2025-26\npopulation=30000\npay_award=3\ncap_uplift=1\ngrowth=0.5\nyears=3\n\
post=\nrole=clinical-pharmacist\nregion=national\nsalary=52000\nwte=0.6\nfrom=2025-10-01\nto=2026-03-31\n\
post=\nrole=adult-mental-health-practitioner\nregion=inner-london\nsalary=48,000\nhours=30\nshare=0.5\nlabel=MHP \"north\"\n\
post=\nrole=general-practitioner\nregion=outer-london\nsalary=£95,000\nsessions=6\npension=no\n";

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
fn old_requests_give_the_plan_the_command_line_computes() {
    let plan = legacy_plan(rules_yaml("2025-26"), PLAN).expect("plan");
    let request = parse_request(PLAN).unwrap();
    let book = RuleBook::new(vec![rules_yaml("2025-26")]);
    let expected = compute_plan_file(&book, &request.file, request.year).unwrap();
    assert_eq!(plan, expected);
    assert_eq!(plan.posts.len(), 3);
    assert_eq!(plan.scenarios.as_ref().map(Vec::len), Some(3));
    assert!(plan.totals.provider_share > arrs_guide::rules::Money::ZERO);
}

#[test]
fn an_empty_population_gives_costs_and_no_entitlement() {
    let text =
        "year=2025-26\npopulation=\npost=\nrole=paramedic\nregion=national\nsalary=45000\nwte=1\n";
    let plan = legacy_plan(rules_yaml("2025-26"), text).unwrap();
    assert_eq!(plan.weighted_population, None);
    assert_eq!(plan.totals.entitlement, None);
    assert_eq!(plan.totals.over_committed, None);
    let csv = arrs_guide::rules::results_csv::results_csv(&plan);
    assert!(!csv.contains("26.63"), "{csv}");
}

#[test]
fn input_errors_name_their_field_and_post() {
    let cases = [
        ("year=2025-26\npopulation=-4\n", None, "weighted_population"),
        ("year=2024-25\n", None, "year"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=\nwte=1\n", Some(0), "salary"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1.5\n", Some(0), "wte"),
        ("year=2025-26\npost=\nrole=nurse\nregion=national\nsalary=40000\nwte=1\n", Some(0), "role"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1\nfrom=2024-01-01\n", Some(1), "from"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nhours=60\n", Some(0), "hours"),
        ("year=2025-26\npost=\nrole=adult-mental-health-practitioner\nregion=national\nsalary=40000\nwte=1\nband=9z\n", Some(0), "band"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1\nfrom=2025-02-30\n", Some(0), "from"),
        ("year=2025-26\npopulation=3\npay_award=3\ncap_uplift=0\ngrowth=0\nyears=50\n", None, "project_years"),
    ];
    for (request, post, field) in cases {
        let errors = legacy_plan(rules_yaml("2025-26"), request).unwrap_err();
        assert_eq!(errors[0].field, Some(field), "{request}: {errors:?}");
        assert_eq!(errors[0].post, post, "{request}");
        assert!(!errors[0].message.is_empty());
    }
}

fn field_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,7}(\\.[0-9]{1,3})?",
        "-?[0-9]{0,3}\\.?[0-9]{0,30}",
        "20[0-9]{2}-[0-9]{2}-[0-9]{2}",
        "[a-z-]{0,30}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn garbage_requests_never_panic(request in any::<String>()) {
        let _ = legacy_plan(rules_yaml("2025-26"), &request);
    }

    #[test]
    fn garbage_plan_files_never_panic(text in any::<String>()) {
        if let Ok(file) = serde_json::from_str::<PlanFile>(&text) {
            let book = RuleBook::new(vec![rules_yaml("2025-26")]);
            let _ = compute_plan_file(&book, &file, "2025-26".parse().unwrap());
        }
    }

    #[test]
    fn any_field_values_give_a_plan_or_named_errors(
        population in field_value(),
        role in prop_oneof![Just("clinical-pharmacist".to_string()), Just("adult-mental-health-practitioner".to_string()), field_value()],
        region in prop_oneof![Just("national".to_string()), Just("inner-london".to_string()), field_value()],
        salary in field_value(),
        time_key in prop_oneof![Just("wte"), Just("hours"), Just("sessions")],
        time in field_value(),
        from in field_value(),
        to in field_value(),
        share in field_value(),
    ) {
        let request = format!(
            "year=2025-26\npopulation={population}\npost=\nrole={role}\nregion={region}\nsalary={salary}\n{time_key}={time}\nfrom={from}\nto={to}\nshare={share}\n"
        ).replace('\r', " ");
        match legacy_plan(rules_yaml("2025-26"), &request) {
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(error.field.is_some(), "an input error names no field: {:?}", error);
                }
            }
            Ok(plan) => {
                let t = &plan.totals;
                prop_assert_eq!(t.claim.checked_add(t.top_up).unwrap().checked_add(t.provider_share).unwrap(), t.cost);
            }
        }
    }
}

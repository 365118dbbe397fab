//! The calculator's WebAssembly boundary, tested natively: it reads the published rules JSON,
//! returns the same plan and estimate JSON the command line prints, names the field of every
//! input error, and never panics, whatever it is given.

use std::path::PathBuf;
use std::sync::OnceLock;

use arrs_guide::rules::{estimate, plan, YearRules};
use calc_wasm::request::parse_request;
use calc_wasm::rules_json::year_rules_from_json;
use calc_wasm::{calculate, estimate_post};
use proptest::prelude::*;
use serde_json::Value;

const YEARS: [&str; 4] = ["2023-24", "2024-25", "2025-26", "2026-27"];

fn rules_yaml(year: &str) -> YearRules {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../content/rules")
        .join(format!("{year}.yaml"));
    let text = std::fs::read_to_string(&path).expect("rules file");
    serde_yaml::from_str(&text).expect("rules file parses")
}

/// The rules JSON as the build publishes it (serde_json over the rules core's types).
fn published_json(year: &str) -> String {
    static PUBLISHED: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let published = PUBLISHED.get_or_init(|| {
        YEARS
            .iter()
            .map(|y| {
                (
                    y.to_string(),
                    serde_json::to_string(&rules_yaml(y)).expect("rules serialize"),
                )
            })
            .collect()
    });
    published
        .iter()
        .find(|(y, _)| y == year)
        .map(|(_, text)| text.clone())
        .expect("a known year")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

const PLAN: &str = "year=2025-26\npopulation=30000\npay_award=3\ncap_uplift=1\ngrowth=0.5\nyears=3\n\
post=\nrole=clinical-pharmacist\nregion=national\nsalary=52000\nwte=0.6\nfrom=2025-10-01\nto=2026-03-31\n\
post=\nrole=adult-mental-health-practitioner\nregion=inner-london\nsalary=48,000\nhours=30\nshare=0.5\nlabel=MHP \"north\"\n\
post=\nrole=general-practitioner\nregion=outer-london\nsalary=£95,000\nsessions=6\npension=no\n";

#[test]
fn every_published_rules_file_reads_back_exactly() {
    for year in YEARS {
        let read = year_rules_from_json(&published_json(year))
            .unwrap_or_else(|error| panic!("{year}: {error}"));
        assert_eq!(
            read,
            rules_yaml(year),
            "{year} differs after the round trip"
        );
    }
}

#[test]
fn plan_json_is_what_the_command_line_prints() {
    let rules = rules_yaml("2025-26");
    let request = parse_request(PLAN).expect("request parses");
    let expected = serde_json::to_value(plan(&rules, &request.input).expect("plan")).unwrap();
    let response = json(&calculate(&published_json("2025-26"), PLAN));
    assert_eq!(response["plan"], expected);
    assert_eq!(response["population_given"], true);
    assert_eq!(response["plan"]["posts"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        response["plan"]["projection"]["years"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
}

#[test]
fn estimate_json_is_what_the_command_line_prints() {
    let rules = rules_yaml("2024-25");
    let text = "year=2024-25\npost=\nrole=paramedic\nregion=national\nsalary=47000\nwte=1\nfrom=2024-07-15\n";
    let request = parse_request(text).expect("request parses");
    let expected =
        serde_json::to_value(estimate(&rules, &request.input.posts[0]).expect("estimate")).unwrap();
    let response = json(&estimate_post(&published_json("2024-25"), text));
    assert_eq!(response["estimate"], expected);
    assert_eq!(response["estimate"]["months"][0]["month"], "2024-07");
}

#[test]
fn an_empty_population_still_gives_costs_and_says_so() {
    let text =
        "year=2025-26\npopulation=\npost=\nrole=paramedic\nregion=national\nsalary=45000\nwte=1\n";
    let response = json(&calculate(&published_json("2025-26"), text));
    assert_eq!(response["population_given"], false);
    assert!(response["plan"]["totals"]["claim"].is_string());
}

#[test]
fn input_errors_name_their_field_and_post() {
    let rules = published_json("2025-26");
    let cases = [
        ("year=2025-26\npopulation=-4\n", None, "weighted_population"),
        ("year=2024-25\n", None, "year"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=\nwte=1\n", Some(0), "salary"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1.5\n", Some(0), "wte"),
        ("year=2025-26\npost=\nrole=nurse\nregion=national\nsalary=40000\nwte=1\n", Some(0), "role"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1\npost=\nrole=paramedic\nregion=national\nsalary=40000\nwte=1\nfrom=2024-01-01\n", Some(1), "from"),
        ("year=2025-26\npost=\nrole=paramedic\nregion=national\nsalary=40000\nhours=60\n", Some(0), "hours"),
        ("year=2025-26\npopulation=3\npay_award=3\ncap_uplift=0\ngrowth=0\nyears=50\n", None, "project_years"),
    ];
    for (request, post, field) in cases {
        let response = json(&calculate(&rules, request));
        let error = &response["errors"][0];
        assert_eq!(error["field"], field, "{request}");
        assert_eq!(
            error["post"],
            post.map_or(Value::Null, Value::from),
            "{request}"
        );
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(field), "{message}");
    }
}

#[test]
fn unreadable_rules_are_an_error_value() {
    let response = json(&calculate("{\"schema_version\": 1", PLAN));
    assert_eq!(response["errors"][0]["field"], "rules");
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
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn garbage_never_panics_and_always_answers_json(rules in any::<String>(), request in any::<String>()) {
        let response = json(&calculate(&rules, &request));
        prop_assert!(response["errors"].is_array());
        let response = json(&estimate_post(&published_json("2025-26"), &request));
        prop_assert!(response["errors"].is_array() || response["estimate"].is_object());
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
        let response = json(&calculate(&published_json("2025-26"), &request));
        if let Some(errors) = response["errors"].as_array() {
            prop_assert!(!errors.is_empty());
            for error in errors {
                prop_assert!(error["message"].is_string());
                prop_assert!(error["field"].is_string(), "an input error names no field: {}", error);
            }
        } else {
            let totals = &response["plan"]["totals"];
            prop_assert!(totals["claim"].is_string() && totals["top_up"].is_string());
        }
    }
}

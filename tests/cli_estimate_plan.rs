//! End-to-end tests of `arrs-guide estimate` and `arrs-guide plan` on the real rules data.

use rust_decimal::Decimal;
use std::path::Path;
use std::process::{Command, Output};
use std::str::FromStr;

fn arrs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arrs-guide"))
        .args(args)
        .args(["--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn money(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("money is a string")).expect("money parses")
}

const FCP: [&str; 13] = [
    "estimate",
    "--year",
    "2024-25",
    "--role",
    "first-contact-physiotherapist",
    "--region",
    "national",
    "--salary",
    "52000",
    "--wte",
    "1",
    "--format",
    "json",
];

/// The Done-when example: April–September capped at the band 7–8a July 2023 rate (£62,340 a
/// year, £5,195.00 a month), October–March under the October 2024 cap, and the totals equal
/// the sums of the month lines.
#[test]
fn done_when_example() {
    let out = arrs(&FCP);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    for (i, m) in months.iter().enumerate() {
        let (cost, cap, claim, top_up) = (
            money(&m["cost"]),
            money(&m["cap"]),
            money(&m["claim"]),
            money(&m["top_up"]),
        );
        if i < 6 {
            assert_eq!(cap, Decimal::from_str("5195.00").unwrap(), "{}", m["month"]);
            assert_eq!(claim, cap, "capped in {}", m["month"]);
            assert!(top_up > Decimal::ZERO);
        } else {
            assert_eq!(cap, Decimal::from_str("5486.50").unwrap(), "{}", m["month"]);
            assert_eq!(claim, cost, "uncapped in {}", m["month"]);
            assert_eq!(top_up, Decimal::ZERO);
        }
        assert_eq!(claim + top_up, cost);
    }
    for key in ["pay", "ni", "pension", "cost", "cap", "claim", "top_up"] {
        let sum: Decimal = months.iter().map(|m| money(&m[key])).sum();
        assert_eq!(sum, money(&v["totals"][key]), "total {key}");
    }
    assert_eq!(v["totals"]["claim"], "63868.86");
    assert_eq!(v["totals"]["top_up"], "1528.86");
    assert_eq!(
        v["sources"][0]["url"],
        "https://www.thepharmacist.co.uk/news/no-new-funding-for-arrs-pay-increases/"
    );
}

#[test]
fn text_format_shows_months_totals_and_sources() {
    let mut args = FCP.to_vec();
    args.truncate(11);
    let out = arrs(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("2024-04"), "{text}");
    assert!(text.contains("£5,195.00"), "{text}");
    assert!(text.contains("Total      £51,999.96"), "{text}");
    assert!(text.contains("Sources:"), "{text}");
    assert!(text.contains("(published) https://"), "{text}");
}

#[test]
fn hours_sessions_and_pay_points_work() {
    // 30 hours ÷ 37.5 = 0.8 WTE.
    let out = arrs(&[
        "estimate",
        "--year",
        "2025-26",
        "--role",
        "dietitian",
        "--salary",
        "47810",
        "--hours",
        "30",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["wte"], "0.8");
    // Band 7 entry 2025/26 is £47,810: the same result looked up by pay point.
    let looked_up = arrs(&[
        "estimate",
        "--year",
        "2025-26",
        "--role",
        "dietitian",
        "--band",
        "7",
        "--pay-point",
        "entry",
        "--hours",
        "30",
        "--format",
        "json",
    ]);
    let w: serde_json::Value = serde_json::from_str(&stdout(&looked_up)).unwrap();
    assert_eq!(w["totals"], v["totals"]);
    assert!(w["sources"][0]["figure"]
        .as_str()
        .unwrap()
        .contains("entry pay point"));
    // A GP on 6 of 9 sessions.
    let gp = arrs(&[
        "estimate",
        "--year",
        "2025-26",
        "--role",
        "general-practitioner",
        "--region",
        "inner-london",
        "--salary",
        "90000",
        "--sessions",
        "6",
        "--format",
        "json",
    ]);
    assert!(gp.status.success(), "{}", stderr(&gp));
    // pay 90,000 × 6 ÷ 9 ÷ 12 = 5,000.00
    let g: serde_json::Value = serde_json::from_str(&stdout(&gp)).unwrap();
    assert_eq!(g["months"][0]["pay"], "5000.00");
}

/// Every invalid input exits 1 with a message naming the option.
#[test]
fn invalid_estimate_inputs_name_the_field() {
    let base = [
        "estimate",
        "--year",
        "2025-26",
        "--role",
        "paramedic",
        "--region",
        "national",
        "--salary",
        "45000",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--wte", "0"],
            "--wte must be more than 0 and at most 1",
        ),
        (
            vec!["--wte", "-0.5"],
            "--wte must be more than 0 and at most 1",
        ),
        (
            vec!["--wte", "1.5"],
            "--wte must be more than 0 and at most 1",
        ),
        (vec!["--wte", "lots"], "--wte `lots` is not a number"),
        (
            vec!["--hours", "40"],
            "--hours must be more than 0 and at most 37.5",
        ),
        (
            vec!["--sessions", "10"],
            "--sessions must be more than 0 and at most 9",
        ),
        (
            vec!["--wte", "1", "--from", "2025-13-01"],
            "--from `2025-13-01` is not a date",
        ),
        (
            vec!["--wte", "1", "--from", "2024-10-01"],
            "--from must be inside 2025-26",
        ),
        (
            vec!["--wte", "1", "--to", "2026-04-01"],
            "--to must be inside 2025-26",
        ),
        (
            vec!["--wte", "1", "--from", "2025-10-01", "--to", "2025-09-01"],
            "--to must be on or after from",
        ),
        (
            vec!["--wte", "1", "--share", "0.5"],
            "--share must be 1 for `paramedic`",
        ),
        (
            vec!["--wte", "1", "--ni-rate", "1.2"],
            "--ni-rate must be at least 0 and less than 1",
        ),
        (
            vec!["--wte", "1", "--pension-rate", "-0.1"],
            "--pension-rate must be at least 0 and less than 1",
        ),
        (
            vec!["--wte", "1", "--ni-threshold", "many"],
            "--ni-threshold `many` is not a number",
        ),
        (
            vec!["--wte", "1", "--band", "9"],
            "--band `9` is not a band",
        ),
        (vec![], "--wte is required"),
    ];
    for (extra, message) in cases {
        let mut args = base.to_vec();
        args.extend(extra.iter());
        let out = arrs(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    let single: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "estimate", "--year", "2025-26", "--role", "nurse", "--salary", "1", "--wte", "1",
            ],
            "--role `nurse` is not a role id",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2023-24",
                "--role",
                "consultant-nurse",
                "--salary",
                "90000",
                "--wte",
                "1",
            ],
            "--role `consultant-nurse` is not in the 2023-24 scheme",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--region",
                "wales",
                "--salary",
                "1",
                "--wte",
                "1",
            ],
            "--region `wales` is not a region",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2031-32",
                "--role",
                "paramedic",
                "--salary",
                "1",
                "--wte",
                "1",
            ],
            "--year `2031-32` has no rules",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025",
                "--role",
                "paramedic",
                "--salary",
                "1",
                "--wte",
                "1",
            ],
            "--year `2025` is not a financial year",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--salary",
                "0",
                "--wte",
                "1",
            ],
            "--salary must be more than 0",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--salary",
                "abc",
                "--wte",
                "1",
            ],
            "--salary: Enter the salary as a number, like 45,000",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--wte",
                "1",
            ],
            "--salary is required",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--band",
                "7",
                "--pay-point",
                "middle",
                "--wte",
                "1",
            ],
            "--pay-point `middle` is not a pay point",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2023-24",
                "--role",
                "paramedic",
                "--band",
                "8c",
                "--pay-point",
                "top",
                "--wte",
                "1",
            ],
            "--band `8c` has no pay scale in 2023-24",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2023-24",
                "--role",
                "adult-mental-health-practitioner",
                "--salary",
                "40000",
                "--wte",
                "1",
                "--share",
                "1",
            ],
            "--share must be 0.5 for `adult-mental-health-practitioner` in 2023-24",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "adult-mental-health-practitioner",
                "--salary",
                "40000",
                "--wte",
                "1",
                "--band",
                "8c",
            ],
            "--band `8c` is not offered",
        ),
        (
            vec![
                "estimate",
                "--year",
                "2024-25",
                "--role",
                "general-practitioner",
                "--salary",
                "80000",
                "--sessions",
                "9",
                "--from",
                "2024-04-01",
            ],
            "--from must be on or after 2024-10-01",
        ),
    ];
    for (args, message) in single {
        let out = arrs(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![
            "estimate",
            "--year",
            "2025-26",
            "--role",
            "paramedic",
            "--salary",
            "1",
            "--wte",
            "1",
            "--format",
            "xml",
        ],
        vec![
            "estimate",
            "--year",
            "2025-26",
            "--role",
            "paramedic",
            "--salary",
            "1",
            "--wte",
            "1",
            "--bogus",
        ],
        vec![
            "estimate",
            "--year",
            "2025-26",
            "--role",
            "paramedic",
            "--salary",
            "1",
            "--wte",
            "1",
            "--hours",
            "3",
        ],
    ] {
        assert_eq!(arrs(&args).status.code(), Some(2), "{args:?}");
    }
}

fn write_csv(dir: &Path, text: &str) -> String {
    let path = dir.join("posts.csv");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const POSTS: &str = "role,region,salary,wte,from,to,label,share\n\
clinical-pharmacist,national,52000,1,,,Pharmacist,\n\
adult-mental-health-practitioner,national,50000,1,,,MHP,0.5\n";

fn plan_run(csv: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "plan",
        csv,
        "--year",
        "2025-26",
        "--weighted-population",
        "3000",
    ];
    args.extend(extra);
    arrs(&args)
}

/// Weighted population 3,000 × £26.631 = £79,893.00. Pharmacist claims 12 × 5,543.96 =
/// 66,527.52; the MHP (band 6, 50%) claims 12 × 2,302.71 = 27,632.52 with a top-up of
/// 12 × 361.46 = 4,337.52. Claims 94,160.04 exceed the entitlement by 14,267.04.
/// The MHP's cost is pay 4,166.67 + ni 562.50 + pension 599.17 = 5,328.34 a month; half of it,
/// 2,664.17, is the mental health provider's: 12 × 2,664.17 = 31,970.04.
#[test]
fn plan_over_its_entitlement_in_json_text_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), POSTS);
    let out = plan_run(&csv, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["pots"][0]["entitlement"], "79893.00");
    assert_eq!(v["totals"]["claim"], "94160.04");
    assert_eq!(v["totals"]["top_up"], "4337.52");
    assert_eq!(v["totals"]["over_committed"], "14267.04");
    assert_eq!(v["totals"]["unclaimed"], "0.00");
    assert_eq!(v["totals"]["provider_share"], "31970.04");
    assert!(v["totals"].get("headroom").is_none(), "{}", v["totals"]);
    let t = &v["totals"];
    assert_eq!(
        money(&t["claim"]) + money(&t["top_up"]) + money(&t["provider_share"]),
        money(&t["cost"])
    );
    assert_eq!(v["posts"][1]["label"], "MHP");
    assert_eq!(v["posts"][1]["share"], "0.5");
    assert_eq!(v["posts"][1]["all_posts"]["provider_share"], "31970.04");
    let text = stdout(&plan_run(&csv, &[]));
    assert!(text.contains("Over-committed: £14,267.04"), "{text}");
    assert!(text.contains("Provider share  £31,970.04"), "{text}");
    assert!(
        text.contains("mental health provider's share is £31,970.04"),
        "{text}"
    );
    let csv_out = stdout(&plan_run(&csv, &["--format", "csv"]));
    let lines: Vec<&str> = csv_out.lines().collect();
    assert_eq!(lines[0], "Totals");
    assert_eq!(
        lines[1],
        "plan,year,weighted population,entitlement,cost,claim,top-up,provider share,unclaimed,over-committed"
    );
    assert!(
        lines[2].ends_with(",94160.04,4337.52,31970.04,0.00,14267.04"),
        "{csv_out}"
    );
    assert!(csv_out.contains(",Apr 2025,"), "{csv_out}");
    assert!(!csv_out.contains("2025-04,"), "{csv_out}");
}

/// `--project-years 3` adds three scenarios, each the plan for a whole year with the pay award,
/// cap uplift and entitlement growth compounded; the unfunded top-up grows each year.
#[test]
fn plan_projection_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), POSTS);
    let out = plan_run(
        &csv,
        &[
            "--format",
            "json",
            "--project-years",
            "3",
            "--pay-award",
            "4",
            "--cap-uplift",
            "2",
            "--entitlement-growth",
            "2.5",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    assert!(scenarios[2]["name"]
        .as_str()
        .unwrap()
        .starts_with("Projection, year 3"));
    let top_ups: Vec<Decimal> = scenarios
        .iter()
        .map(|s| money(&s["result"]["totals"]["top_up"]))
        .collect();
    assert!(top_ups.windows(2).all(|w| w[0] < w[1]), "{top_ups:?}");
    assert_eq!(scenarios[0]["result"]["status"], "scenario");
    assert!(money(&scenarios[0]["difference"]["top_up"]) > Decimal::ZERO);
}

/// Every invalid plan input exits 1 and names the option, or the file, line and column.
#[test]
fn invalid_plan_inputs_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_csv(dir.path(), POSTS);
    let option_cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--weighted-population", "0"],
            "--weighted-population: Weighted population must be more than 0",
        ),
        (
            vec!["--weighted-population", "-30"],
            "--weighted-population: Weighted population must be more than 0",
        ),
        (
            vec![
                "--project-years",
                "0",
                "--pay-award",
                "1",
                "--cap-uplift",
                "1",
                "--entitlement-growth",
                "1",
            ],
            "--project-years: Enter the number of years to project, from 1 to 10",
        ),
        (
            vec![
                "--project-years",
                "2",
                "--cap-uplift",
                "1",
                "--entitlement-growth",
                "1",
            ],
            "--pay-award is required with --project-years",
        ),
        (
            vec![
                "--project-years",
                "2",
                "--pay-award",
                "500",
                "--cap-uplift",
                "1",
                "--entitlement-growth",
                "1",
            ],
            "--pay-award: Pay award must be a percentage from -50 to 100",
        ),
        (
            vec![
                "--project-years",
                "two",
                "--pay-award",
                "5",
                "--cap-uplift",
                "1",
                "--entitlement-growth",
                "1",
            ],
            "--project-years `two` is not a whole number",
        ),
        (
            vec!["--ni-rate", "2"],
            "--ni-rate must be at least 0 and less than 1",
        ),
    ];
    for (extra, message) in option_cases {
        let mut args = vec!["plan", good.as_str(), "--year", "2025-26"];
        if !extra.contains(&"--weighted-population") {
            args.extend(["--weighted-population", "3000"]);
        }
        args.extend(extra.iter());
        let out = arrs(&args);
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(
            stderr(&out).contains(message),
            "{extra:?}: {}",
            stderr(&out)
        );
    }
    let file_cases = [
        (
            "role,region,salary,wte\nparamedic,national,45000,2\n",
            ":2: column wte: Whole-time equivalent must be more than 0 and at most 1",
        ),
        (
            "role,region,salary,wte\nparamedic,national,45000,1\nnurse,national,1,1\n",
            ":3: column role: `nurse` is not an ARRS role",
        ),
        (
            "role,region,salary,wte,from\nparamedic,national,45000,1,2024-01-01\n",
            ":2: column from: Start date must be inside 2025-26",
        ),
        (
            "role,region,salary,wte,grade\nparamedic,national,45000,1,7\n",
            ":1: column grade: Column `grade` is not one this file can have",
        ),
        (
            "role,region,wte\nparamedic,national,1\n",
            ":1: The header row needs a role column, and a salary column",
        ),
        (
            "role,region,salary,wte\n",
            "The file has no posts under its header row",
        ),
        (
            "role,region,salary,wte\nparamedic,national,45000,1,7\n",
            ":2: This row has 5 cells but the header has 4 columns",
        ),
    ];
    for (text, message) in file_cases {
        let csv = write_csv(dir.path(), text);
        let out = plan_run(&csv, &[]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(stderr(&out).contains(message), "{text}: {}", stderr(&out));
    }
    let out = plan_run(&dir.path().join("missing.csv").to_string_lossy(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read the file"));
    assert_eq!(plan_run(&good, &["--format", "xml"]).status.code(), Some(2));
}

/// A scenario year says so in the text output and marks its caps `scenario` in the JSON.
#[test]
fn scenario_year_is_flagged() {
    let args = [
        "estimate",
        "--year",
        "2026-27",
        "--role",
        "paramedic",
        "--salary",
        "48000",
        "--wte",
        "1",
    ];
    let text = stdout(&arrs(&args));
    assert!(
        text.contains("2026-27: NHS England's tables for this year are not yet in this guide"),
        "{text}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&arrs(&json_args))).unwrap();
    assert_eq!(v["sources"][0]["status"], "scenario");
    let published = stdout(&arrs(&[
        "estimate",
        "--year",
        "2025-26",
        "--role",
        "paramedic",
        "--salary",
        "48000",
        "--wte",
        "1",
    ]));
    assert!(!published.contains("not yet in this guide"), "{published}");
}

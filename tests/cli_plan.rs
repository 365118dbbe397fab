//! End-to-end tests of `arrs-guide plan` with plan files and posts CSVs: the design brief's
//! 2024/25 example with no netting, round trips, practices and scenarios, the built-in rules,
//! and the bad inputs of the reliability review (line numbers, duplicated columns, too many
//! rows, formula injection, thousands separators).

use std::path::Path;
use std::process::{Command, Output};

fn arrs_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arrs-guide"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("JSON output")
}

/// The design brief's 2024/25 plan as a posts CSV (weighted population given on the command
/// line).
const DONE_WHEN: &str = "label,role,region,salary,from\n\
Pharmacist,clinical-pharmacist,inner-london,\"£70,000\",2024-10-01\n\
Physio,first-contact-physiotherapist,national,52000,\n";

/// The Done-when plan: the main pot over-committed by £56,237.38, the GP pot's £2,606.00
/// unspent (GP posts only), `totals.over_committed` = 56237.38, and no output nets the two
/// (a netted figure would be 56,237.38 − 2,606.00 = 53,631.38). The working is in the doc
/// comment of `rules::plan::tests::no_netting_between_pots`.
#[test]
fn done_when_plan_never_nets_pots() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("posts.csv"), DONE_WHEN).unwrap();
    let base = [
        "plan",
        "posts.csv",
        "--year",
        "2024-25",
        "--weighted-population",
        "2000",
    ];
    let run = |format: &str| {
        let mut args = base.to_vec();
        args.extend(["--format", format]);
        arrs_in(dir.path(), &args)
    };
    let v = json(&run("json"));
    assert_eq!(v["pots"][0]["over_committed"], "56237.38");
    assert_eq!(v["pots"][0]["headroom"], "-56237.38");
    assert_eq!(v["pots"][1]["unclaimed"], "2606.00");
    assert_eq!(v["pots"][1]["restricted"], true);
    assert_eq!(
        v["pots"][1]["roles"],
        serde_json::json!(["general-practitioner"])
    );
    assert_eq!(v["totals"]["over_committed"], "56237.38");
    assert_eq!(v["totals"]["unclaimed"], "2606.00");
    let text = stdout(&run("text"));
    let csv = stdout(&run("csv"));
    for output in [v.to_string(), text.clone(), csv.clone()] {
        assert!(
            !output.contains("53631.38") && !output.contains("53,631.38"),
            "{output}"
        );
    }
    assert!(
        text.contains("Over-committed: £56,237.38 of claims on the ARRS entitlement"),
        "{text}"
    );
    assert!(text.contains("Unspent: £2,606.00 of the GP pot"), "{text}");
    assert!(
        csv.contains(
            "\"GP pot (ring-fenced, October to March)\",yes,2606.00,0.00,2606.00,2606.00,0.00"
        ),
        "{csv}"
    );
}

/// From a folder with no `content/`: the built-in rules, and the year containing today.
#[test]
fn estimate_works_anywhere_and_defaults_to_this_year() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&arrs_in(
        dir.path(),
        &[
            "estimate",
            "--role",
            "paramedic",
            "--region",
            "national",
            "--salary",
            "48000",
            "--wte",
            "1",
            "--format",
            "json",
        ],
    ));
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let today = chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap(), 0)
        .unwrap()
        .date_naive();
    let expected = arrs_guide::rules::YearId::containing(today)
        .unwrap()
        .to_string();
    assert_eq!(v["year"], expected);
    assert_eq!(v["months"].as_array().unwrap().len(), 12);
}

/// `--root` uses an edited copy of the rules instead of the built-in ones.
#[test]
fn root_uses_an_edited_copy() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("content/rules");
    std::fs::create_dir_all(&rules).unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/rules/2025-26.yaml"),
    )
    .unwrap();
    std::fs::write(
        rules.join("2025-26.yaml"),
        original.replace("value: \"26.631\"", "value: \"30\""),
    )
    .unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    let posts = dir.path().join("p.csv");
    std::fs::write(&posts, "role,salary\nparamedic,48000\n").unwrap();
    let v = json(&arrs_in(
        dir.path(),
        &[
            "plan",
            "p.csv",
            "--year",
            "2025-26",
            "--weighted-population",
            "1000",
            "--root",
            &root,
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["pots"][0]["entitlement"], "30000.00", "{}", v["pots"]);
    let built_in = json(&arrs_in(
        dir.path(),
        &[
            "plan",
            "p.csv",
            "--year",
            "2025-26",
            "--weighted-population",
            "1000",
            "--format",
            "json",
        ],
    ));
    assert_eq!(built_in["pots"][0]["entitlement"], "26631.00");
}

/// CSV export → import, and plan file export → import, give the same plan.
#[test]
fn exports_import_back_to_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let posts = "label,role,region,salary,band,pay point,hours,sessions,from,to,pension,share,count\n\
        \"Pharmacist, north\",Clinical pharmacist,Inner London,\"£70,000\",,,30,,2024-10-01,,yes,,2\n\
        MHP,adult-mental-health-practitioner,national,,6,top,,,,2025-01-31,no,50%,1\n\
        GP,general-practitioner,outer-london,\"92 000\",,,,6,,,,,1\n";
    std::fs::write(dir.path().join("posts.csv"), posts).unwrap();
    let first = arrs_in(
        dir.path(),
        &[
            "plan",
            "posts.csv",
            "--year",
            "2024-25",
            "--weighted-population",
            "31,250",
            "--format",
            "json",
            "--export-plan",
            "plan.json",
            "--export-posts",
            "again.csv",
        ],
    );
    let first = json(&first);
    let from_csv = json(&arrs_in(
        dir.path(),
        &[
            "plan",
            "again.csv",
            "--year",
            "2024-25",
            "--weighted-population",
            "31250",
            "--format",
            "json",
        ],
    ));
    let from_plan = json(&arrs_in(
        dir.path(),
        &["plan", "plan.json", "--format", "json"],
    ));
    assert_eq!(first["totals"], from_csv["totals"]);
    assert_eq!(first["posts"], from_csv["posts"]);
    assert_eq!(first, from_plan);
    assert_eq!(first["posts"][0]["count"], 2);
    assert_eq!(first["posts"][2]["working_time"]["unit"], "sessions");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(file["schema_version"], 1);
    assert_eq!(file["year"], "2024-25");
    assert_eq!(file["weighted_population"], "31250");
}

/// A plan file with practices and a scenario; the figures are worked by hand in
/// `rules::plan::tests::practices_share_top_ups_and_over_commitment` and
/// `rules::plan::tests::scenarios_are_computed_in_full_with_differences`.
#[test]
fn plan_files_carry_practices_and_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let plan = r#"{
      "schema_version": 1,
      "name": "Riverside PCN",
      "year": "2024-25",
      "weighted_population": "2000",
      "practices": [
        { "id": "riverside", "name": "Riverside Surgery", "weighted_population": "1200" },
        { "id": "hill", "name": "Hill Street Practice", "weighted_population": "800" }
      ],
      "posts": [
        { "label": "Pharmacist", "role": "clinical-pharmacist", "region": "inner-london", "salary": "70000", "from": "2024-10-01", "practice": "hill" },
        { "label": "Physio", "role": "first-contact-physiotherapist", "salary": "52000" }
      ],
      "scenarios": [
        { "name": "No pharmacist", "changes": { "remove_posts": [1] } }
      ]
    }"#;
    std::fs::write(dir.path().join("plan.json"), plan).unwrap();
    let v = json(&arrs_in(
        dir.path(),
        &["plan", "plan.json", "--format", "json"],
    ));
    assert_eq!(v["name"], "Riverside PCN");
    assert_eq!(v["practices"][0]["to_fund"], "34659.75");
    assert_eq!(v["practices"][1]["to_fund"], "29185.03");
    let scenario = &v["scenarios"][0];
    // Without the pharmacist the physio's 63,868.86 is 18,080.86 over the main pot's 45,788.00.
    assert_eq!(scenario["result"]["totals"]["over_committed"], "18080.86");
    assert_eq!(scenario["difference"]["over_committed"], "-38156.52");
    let text = stdout(&arrs_in(dir.path(), &["plan", "plan.json"]));
    assert!(text.contains("Hill Street Practice"), "{text}");
    assert!(text.contains("No pharmacist (2024/25"), "{text}");
    let bad = plan.replace("\"hill\" }", "\"nowhere\" }");
    std::fs::write(dir.path().join("bad.json"), bad).unwrap();
    let out = arrs_in(dir.path(), &["plan", "bad.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.json: post 1: No practice has the id `nowhere`"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        dir.path().join("typo.json"),
        plan.replace("\"salary\": \"52000\"", "\"salry\": \"52000\""),
    )
    .unwrap();
    let out = arrs_in(dir.path(), &["plan", "typo.json"]);
    assert!(stderr(&out).contains("typo.json:12:"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown field `salry`"),
        "{}",
        stderr(&out)
    );
}

/// Reliability review, "Wrong results" 9–13: each now gives a located error or a safe result.
#[test]
fn review_reproducers_for_plan_csv_and_salaries() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let plan = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "plan",
            file,
            "--year",
            "2025-26",
            "--weighted-population",
            "30000",
        ];
        args.extend(extra);
        arrs_in(dir.path(), &args)
    };
    // 9: CRLF and CR-only files report the real line.
    write("crlf.csv", "role,region,salary,wte\r\nclinical-pharmacist,national,50000,1\r\nparamedic,national,-5,1\r\n");
    assert!(
        stderr(&plan("crlf.csv", &[])).contains("crlf.csv:3: column salary:"),
        "{}",
        stderr(&plan("crlf.csv", &[]))
    );
    write(
        "cr.csv",
        "role,region,salary,wte\rclinical-pharmacist,national,50000,1\rparamedic,national,-5,1\r",
    );
    assert!(
        stderr(&plan("cr.csv", &[])).contains("cr.csv:3: column salary:"),
        "{}",
        stderr(&plan("cr.csv", &[]))
    );
    // 10: a duplicated header column is refused.
    write(
        "dup.csv",
        "role,region,salary,wte,salary\nclinical-pharmacist,national,50000,1,90000\n",
    );
    let out = plan("dup.csv", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("dup.csv:1: column salary: Column `salary` appears twice (columns 3 and 5)"),
        "{}",
        stderr(&out)
    );
    // 11: more than 500 rows names the file, not a `--posts` option.
    write(
        "big.csv",
        &format!(
            "role,region,salary,wte\n{}",
            "paramedic,national,40000,1\n".repeat(501)
        ),
    );
    let out = plan("big.csv", &[]);
    assert!(
        stderr(&out).contains("big.csv: The file has more than 500 posts"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("--posts"));
    // 12: formula-looking labels come out as text.
    write("evil.csv", "label,role,region,salary,wte\n\"=cmd|\"\"/c calc\"\"!A1\",paramedic,national,40000,1\n+SUM(1),paramedic,national,40000,1\n@x,paramedic,national,40000,1\n");
    let csv = stdout(&plan("evil.csv", &["--format", "csv"]));
    assert!(csv.contains("\"'=cmd|\"\"/c calc\"\"!A1\""), "{csv}");
    assert!(csv.contains(",'+SUM(1),") && csv.contains(",'@x,"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "live formula {cell} in {line}"
            );
        }
    }
    let out = plan("evil.csv", &["--export-posts", "evil-out.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = std::fs::read_to_string(dir.path().join("evil-out.csv")).unwrap();
    assert!(
        exported.contains("'+SUM(1)") && exported.contains("'@x"),
        "{exported}"
    );
    // 13: thousands separators only where they belong.
    for bad in [",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1", "5,2,0,0,0"] {
        let out = arrs_in(
            dir.path(),
            &[
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--salary",
                bad,
                "--wte",
                "1",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&out).contains("--salary: Enter the salary as a number, like 45,000"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    for good in ["52,000", "£52,000", "52 000"] {
        let v = json(&arrs_in(
            dir.path(),
            &[
                "estimate",
                "--year",
                "2025-26",
                "--role",
                "paramedic",
                "--salary",
                good,
                "--wte",
                "1",
                "--format",
                "json",
            ],
        ));
        assert_eq!(v["salary"], "52000.00", "{good}");
    }
}

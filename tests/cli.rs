//! The command line: exit codes and the summary line.

mod common;

use std::process::Command;

fn arrs_guide() -> Command {
    Command::new(env!("CARGO_BIN_EXE_arrs-guide"))
}

#[test]
fn build_prints_one_summary_line_and_exits_0() {
    let site = common::fixture_site("valid");
    let output = arrs_guide()
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.starts_with("Built 13 pages ("), "{stdout}");
    assert!(stdout.contains(" ms into "), "{stdout}");
    assert!(
        site.path().join("public/index.html").exists(),
        "--out defaults to ROOT/public"
    );
}

#[test]
fn content_errors_exit_1_with_located_messages() {
    let site = common::fixture_site("invalid/unknown-key");
    let output = arrs_guide()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("content/about.md:3:1: unknown key `colour`"),
        "{stderr}"
    );
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let output = arrs_guide()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!target.exists());
}

#[test]
fn usage_errors_exit_2() {
    let output = arrs_guide()
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let output = arrs_guide()
        .args(["check", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no content/ folder"));
}

#[test]
fn output_folder_may_not_hold_the_sources() {
    let site = common::fixture_site("valid");
    for out in [".", "content/out"] {
        let output = arrs_guide()
            .args(["build", "--root"])
            .arg(site.path())
            .arg("--out")
            .arg(site.path().join(out))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{out}");
        assert!(String::from_utf8_lossy(&output.stderr)
            .contains("would replace the site's own sources"));
    }
    assert!(site.path().join("content/site.yaml").exists());
}

/// `check --figures` on the real rules: counts per year and the figures of 2026/27 an editor
/// still has to replace, each with its method.
#[test]
fn figures_report_counts_statuses_and_lists_what_is_not_published() {
    let output = arrs_guide()
        .args(["check", "--figures", "--year", "2026-27", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let row = |year: &str| -> Vec<usize> {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(year))
            .unwrap_or_else(|| panic!("no row for {year}:\n{stdout}"));
        line.split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .skip(if year == "all" { 0 } else { 2 }) // the year's digits
            .map(|w| w.parse().unwrap())
            .collect()
    };
    // published, derived, scenario, money total | the same for band assignments
    let y2026 = row("2026-27");
    assert_eq!(y2026[0] + y2026[1] + y2026[2], y2026[3], "{stdout}");
    assert!(
        y2026[0] >= 4,
        "NI rate and threshold, two pay points: {stdout}"
    );
    let all = row("all");
    assert_eq!(all[0] + all[1] + all[2], all[3]);
    // The GP maximum is derived from the practice-level scheme, listed with that method.
    let gp = stdout
        .lines()
        .find(|l| l.contains("Salaried GP, National"))
        .expect("the GP maximum is listed");
    assert!(gp.contains("= 152900 [derived]"), "{gp}");
    assert!(stdout.contains("practice-level GP reimbursement scheme"));
    // A published pay point is not listed; its derived neighbours are.
    assert!(!stdout.contains("Band 5 top"), "{stdout}");
    assert!(stdout.contains("AfC pay point, Band 5 entry = 32074 [derived]"));
    // Without --figures, --year is refused (exit 2).
    let usage = arrs_guide()
        .args(["check", "--year", "2026-27"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

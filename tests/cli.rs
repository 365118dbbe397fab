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

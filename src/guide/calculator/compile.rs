//! Compiles `calc-wasm` to WebAssembly with cargo, as a subprocess.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::CalculatorError;

/// The Rust target the calculator is compiled for.
pub(super) const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The cargo profile (in the workspace `Cargo.toml`) tuned for a small module.
pub(super) const WASM_PROFILE: &str = "wasm-release";
/// Lines of cargo's error output kept in [`CalculatorError::CargoFailed`].
const ERROR_TAIL_LINES: usize = 40;

/// The cargo target directory used for `project_root`: `CARGO_TARGET_DIR` when set (relative to
/// the project root if relative), else `<project_root>/target`.
pub(super) fn target_dir(project_root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => project_root.join(PathBuf::from(dir)),
        _ => project_root.join("target"),
    }
}

/// Runs `cargo build -p calc-wasm --target wasm32-unknown-unknown --profile wasm-release
/// --no-default-features --features <features>` in `project_root` and returns the raw module's
/// bytes.
///
/// Every feature set of calc-wasm is written to the same file by cargo, so the build and the
/// read hold an exclusive lock on `lock_file`: a parallel build of the other module cannot
/// replace the file in between.
pub(super) fn compile_calc_wasm(
    project_root: &Path,
    features: &str,
    lock_file: &Path,
) -> Result<Vec<u8>, CalculatorError> {
    add_wasm_target_if_missing(project_root);
    let _lock = lock(lock_file)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let output = Command::new(&cargo)
        .current_dir(project_root)
        .arg("build")
        .arg("--manifest-path")
        .arg(project_root.join("Cargo.toml"))
        .args([
            "-p",
            "calc-wasm",
            "--target",
            WASM_TARGET,
            "--profile",
            WASM_PROFILE,
            "--no-default-features",
            "--features",
            features,
        ])
        .arg("--message-format=json-render-diagnostics")
        .output()
        .map_err(|source| CalculatorError::CargoNotRunnable {
            program: cargo.to_string_lossy().into_owned(),
            source,
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(classify_failure(project_root, &stderr));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let wasm_path = wasm_artifact(&stdout).ok_or(CalculatorError::WasmNotProduced)?;
    std::fs::read(&wasm_path).map_err(CalculatorError::io("read", &wasm_path))
}

/// Holds an exclusive lock on `path` (created if missing) until the returned file is dropped.
fn lock(path: &Path) -> Result<std::fs::File, CalculatorError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(CalculatorError::io("create", dir))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(CalculatorError::io("open", path))?;
    file.lock().map_err(CalculatorError::io("lock", path))?;
    Ok(file)
}

/// On a fresh machine the pinned toolchain is often installed without its wasm target (rustup
/// adds a `rust-toolchain.toml`'s targets only when it installs the toolchain). When the
/// toolchain in use has no `wasm32-unknown-unknown` standard library, this says so on one line
/// and runs `rustup target add` for that toolchain. Without rustup nothing is done, and the cargo
/// build below fails with [`CalculatorError::WasmTargetMissing`].
fn add_wasm_target_if_missing(project_root: &Path) {
    let Some(sysroot) = toolchain_sysroot(project_root) else {
        return;
    };
    if sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir() {
        return;
    }
    let Some(toolchain) = active_toolchain(project_root) else {
        return;
    };
    eprintln!(
        "The Rust target {WASM_TARGET} is missing: running `rustup target add {WASM_TARGET} --toolchain {toolchain}`"
    );
    // Errors (no rustup, no network) show in rustup's own output, and the cargo build that
    // follows reports the missing target with its fix.
    let _ = Command::new("rustup")
        .current_dir(project_root)
        .args(["target", "add", WASM_TARGET, "--toolchain", &toolchain])
        .status();
}

/// The rustup toolchain in use in `project_root` (`$RUSTUP_TOOLCHAIN`, else what
/// `rustup show active-toolchain` reports, e.g. the `rust-toolchain.toml` pin), or `None` without
/// rustup.
fn active_toolchain(project_root: &Path) -> Option<String> {
    if let Some(name) = std::env::var_os("RUSTUP_TOOLCHAIN").filter(|name| !name.is_empty()) {
        return Some(name.to_string_lossy().into_owned());
    }
    let output = Command::new("rustup")
        .current_dir(project_root)
        .args(["show", "active-toolchain"])
        .output()
        .ok()?;
    let shown = String::from_utf8(output.stdout).ok()?;
    let name = shown.split_whitespace().next()?;
    output.status.success().then(|| name.to_owned())
}

/// The sysroot of the `rustc` cargo will use in `project_root` (`$RUSTC` if set), or `None` if
/// it cannot be asked.
fn toolchain_sysroot(project_root: &Path) -> Option<PathBuf> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| OsString::from("rustc"));
    let output = Command::new(rustc)
        .current_dir(project_root)
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    let sysroot = String::from_utf8(output.stdout).ok()?;
    let sysroot = sysroot.trim();
    (output.status.success() && !sysroot.is_empty()).then(|| PathBuf::from(sysroot))
}

/// Turns cargo's error output into the most helpful error: a missing wasm target is common and
/// has a one-line fix, so it gets its own message.
fn classify_failure(project_root: &Path, stderr: &str) -> CalculatorError {
    let target_missing = stderr.contains("target may not be installed")
        || stderr.contains("can't find crate for `core`")
        || stderr.contains("can't find crate for `std`");
    if target_missing {
        return CalculatorError::WasmTargetMissing(project_root.to_path_buf());
    }
    let lines: Vec<&str> = stderr.lines().collect();
    let tail = &lines[lines.len().saturating_sub(ERROR_TAIL_LINES)..];
    CalculatorError::CargoFailed(tail.join("\n"))
}

/// The `.wasm` file cargo reported for the `calc_wasm` library in its JSON messages.
fn wasm_artifact(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == "calc_wasm")
        .filter_map(|message| message["filenames"].as_array().cloned())
        .flatten()
        .filter_map(|name| name.as_str().map(PathBuf::from))
        .find(|path| path.extension().is_some_and(|ext| ext == "wasm"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_wasm_file_among_cargo_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"arrs_guide"},"filenames":["/t/libarrs_guide.rlib"]}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"calc_wasm"},"filenames":["/t/calc_wasm.wasm","/t/libcalc_wasm.rlib"]}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
            "\nnot json\n",
        );
        assert_eq!(
            wasm_artifact(messages),
            Some(PathBuf::from("/t/calc_wasm.wasm"))
        );
    }

    #[test]
    fn no_wasm_file_reported_is_none() {
        let messages = r#"{"reason":"compiler-artifact","target":{"name":"calc_wasm"},"filenames":["/t/libcalc_wasm.rlib"]}"#;
        assert_eq!(wasm_artifact(messages), None);
    }

    #[test]
    fn a_missing_wasm_target_says_how_to_install_it() {
        let stderr = "error[E0463]: can't find crate for `core`\n  = note: the `wasm32-unknown-unknown` target may not be installed\n";
        let error = classify_failure(Path::new("/project"), stderr);
        assert!(matches!(error, CalculatorError::WasmTargetMissing(_)));
        assert!(error
            .to_string()
            .contains("rustup target add wasm32-unknown-unknown"));
    }

    #[test]
    fn other_failures_keep_the_end_of_cargo_output() {
        let stderr: String = (1..=100).map(|n| format!("line {n}\n")).collect();
        let error = classify_failure(Path::new("/project"), &stderr);
        let text = error.to_string();
        assert!(text.contains("line 100"));
        assert!(text.contains("line 61"));
        assert!(!text.contains("line 60\n"));
    }

    #[test]
    fn target_dir_defaults_to_the_project_target() {
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            assert_eq!(target_dir(Path::new("/p")), PathBuf::from("/p/target"));
        }
    }
}

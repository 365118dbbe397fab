//! JavaScript bindings (wasm-bindgen, in-process), optional `wasm-opt`, and content-hashed names.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::cache::unique_suffix;
use super::hashing::name_hash;
use super::{CalculatorAsset, CalculatorError};

/// Where the hashed files go under the output root.
const ASSET_DIR: &str = "static/calc";
/// The export of the first-results script that gives the URL of the on-use script.
pub(super) const ON_USE_EXPORT: &str = "onUseModule";

/// One module of the calculator: which calc-wasm features it is built with, and the stem of its
/// file names (`<stem>-<hash>.js`, `<stem>_bg-<hash>.wasm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ModuleKind {
    /// `--features` for `cargo build -p calc-wasm --no-default-features`.
    pub features: &'static str,
    /// File name stem, as wasm-bindgen names its outputs.
    pub stem: &'static str,
}

/// What the page needs for its first results (the rules handle, plans, share links, fields).
pub(super) const FIRST_RESULTS: ModuleKind = ModuleKind {
    features: "first-results",
    stem: "calc_wasm",
};
/// What the page loads when a reader first opens or saves a file or projects years ahead.
pub(super) const ON_USE: ModuleKind = ModuleKind {
    features: "on-use",
    stem: "calc_on_use",
};

/// A module's script and WebAssembly with their hashed names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HashedModule {
    /// The wasm-bindgen ES module.
    pub script: CalculatorAsset,
    /// The WebAssembly it loads.
    pub wasm: CalculatorAsset,
}

/// The module and script as wasm-bindgen (and wasm-opt) left them, before hashing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Generated {
    /// The `--target web` ES module; it loads `calc_wasm_bg.wasm` next to itself by default.
    pub script: String,
    /// The WebAssembly module the script loads.
    pub wasm: Vec<u8>,
    /// Whether `wasm-opt` ran.
    pub optimised: bool,
}

/// `wasm-opt` from npm `binaryen` in `<project_root>/node_modules`, if installed. `PATH` is not
/// searched: Debian's older binaryen corrupts wasm-bindgen's reference-types output.
pub(super) fn find_wasm_opt(project_root: &Path) -> Option<PathBuf> {
    let candidate = project_root
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt");
    candidate.is_file().then_some(candidate)
}

/// Generates the bindings for `raw_wasm` (a module of `kind`) and, when `wasm_opt` is given,
/// shrinks the module with it (working files go into `scratch`).
pub(super) fn generate(
    kind: ModuleKind,
    raw_wasm: Vec<u8>,
    wasm_opt: Option<&Path>,
    scratch: &Path,
) -> Result<Generated, CalculatorError> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_bytes(kind.stem, raw_wasm)
        .web(true)
        .map_err(bindings_error)?
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false);
    let mut output = bindgen.generate_output().map_err(bindings_error)?;
    let has_snippets = output.snippets().values().any(|list| !list.is_empty());
    if has_snippets || !output.local_modules().is_empty() {
        return Err(CalculatorError::Bindings(
            "calc-wasm uses JavaScript snippets, which the site does not publish".into(),
        ));
    }
    let script = output.js().to_string();
    let wasm = output.wasm_mut().emit_wasm();
    match wasm_opt {
        Some(program) => Ok(Generated {
            script,
            wasm: optimise(program, &wasm, scratch)?,
            optimised: true,
        }),
        None => Ok(Generated {
            script,
            wasm,
            optimised: false,
        }),
    }
}

/// wasm-bindgen's error (an `anyhow::Error`) with its chain of causes.
fn bindings_error(error: impl std::fmt::Display) -> CalculatorError {
    CalculatorError::Bindings(format!("{error:#}"))
}

/// Runs `wasm-opt -O1` over `wasm`.
///
/// `-O1`, not `-Oz`: what a reader waits for is the compressed download, and `-Oz` makes the
/// module smaller on disk but larger compressed. On the first-results module (rustc already
/// builds it at `opt-level = "z"` with LTO): no wasm-opt 137,837 B gzip -9 / 114,001 B brotli 11;
/// `-Oz` 146,068 / 118,378; `-O1` 136,739 / 113,351 (`-Os`, `-O2`, `-O3` were within 2 KB of
/// `-Oz`).
fn optimise(program: &Path, wasm: &[u8], scratch: &Path) -> Result<Vec<u8>, CalculatorError> {
    std::fs::create_dir_all(scratch).map_err(CalculatorError::io("create", scratch))?;
    // Builds may run in parallel (tests, or two commands): every call gets its own files.
    let unique = unique_suffix();
    let input = scratch.join(format!("{unique}-in.wasm"));
    let output = scratch.join(format!("{unique}-out.wasm"));
    std::fs::write(&input, wasm).map_err(CalculatorError::io("write", &input))?;
    let result = Command::new(program)
        .arg("-O1")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .output();
    let _ = std::fs::remove_file(&input);
    let program_name = program.display().to_string();
    let ran = result.map_err(|error| CalculatorError::WasmOpt {
        program: program_name.clone(),
        message: error.to_string(),
    })?;
    if !ran.status.success() {
        let _ = std::fs::remove_file(&output);
        return Err(CalculatorError::WasmOpt {
            program: program_name,
            message: String::from_utf8_lossy(&ran.stderr).trim().to_string(),
        });
    }
    let optimised = std::fs::read(&output).map_err(CalculatorError::io("read", &output))?;
    let _ = std::fs::remove_file(&output);
    Ok(optimised)
}

/// Gives both files of a module of `kind` content-hashed names and points the script at the
/// hashed WebAssembly. With `on_use`, the script also exports [`ON_USE_EXPORT`], the URL of that
/// module's script, so the page can import it when first needed.
pub(super) fn hashed_module(
    kind: ModuleKind,
    generated: Generated,
    on_use: Option<&CalculatorAsset>,
) -> Result<HashedModule, CalculatorError> {
    let default_wasm_name = format!("{}_bg.wasm", kind.stem);
    let wasm_name = format!("{}_bg-{}.wasm", kind.stem, name_hash(&generated.wasm));
    let quoted_default = format!("'{default_wasm_name}'");
    if generated.script.matches(&quoted_default).count() != 1 {
        return Err(CalculatorError::Bindings(format!(
            "the generated script does not load {quoted_default} exactly once; \
             is `omit_default_module_path(false)` set?"
        )));
    }
    let mut script = generated
        .script
        .replace(&quoted_default, &format!("'{wasm_name}'"));
    if let Some(on_use) = on_use {
        let file = on_use.path.rsplit('/').next().unwrap_or(&on_use.path);
        script.push_str(&format!(
            "\n/** The module loaded on first use (plan files, posts CSV, projection). */\n\
             export const {ON_USE_EXPORT} = new URL('{file}', import.meta.url).href;\n"
        ));
    }
    let script_name = format!("{}-{}.js", kind.stem, name_hash(script.as_bytes()));
    Ok(HashedModule {
        script: CalculatorAsset {
            path: format!("{ASSET_DIR}/{script_name}"),
            bytes: script.into_bytes(),
        },
        wasm: CalculatorAsset {
            path: format!("{ASSET_DIR}/{wasm_name}"),
            bytes: generated.wasm,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(script: &str, wasm: &[u8]) -> Generated {
        Generated {
            script: script.to_string(),
            wasm: wasm.to_vec(),
            optimised: false,
        }
    }

    const SCRIPT: &str =
        "module_or_path = new URL('calc_wasm_bg.wasm', import.meta.url);\nexport default init;\n";

    #[test]
    fn the_script_loads_the_hashed_module() {
        let assets =
            hashed_module(FIRST_RESULTS, generated(SCRIPT, b"\0asm module"), None).unwrap();
        let wasm_file = assets.wasm.path.rsplit('/').next().unwrap().to_string();
        assert_eq!(
            assets.wasm.path,
            format!(
                "static/calc/calc_wasm_bg-{}.wasm",
                name_hash(b"\0asm module")
            )
        );
        let script = String::from_utf8(assets.script.bytes.clone()).unwrap();
        assert!(script.contains(&format!("new URL('{wasm_file}', import.meta.url)")));
        assert!(!script.contains("'calc_wasm_bg.wasm'"));
        assert_eq!(
            assets.script.path,
            format!("static/calc/calc_wasm-{}.js", name_hash(script.as_bytes()))
        );
    }

    #[test]
    fn a_new_module_renames_both_files() {
        let first = hashed_module(FIRST_RESULTS, generated(SCRIPT, b"\0asm one"), None).unwrap();
        let second = hashed_module(FIRST_RESULTS, generated(SCRIPT, b"\0asm two"), None).unwrap();
        assert_ne!(first.wasm.path, second.wasm.path);
        assert_ne!(first.script.path, second.script.path);
    }

    #[test]
    fn a_script_without_the_default_module_path_is_refused() {
        let error = hashed_module(
            FIRST_RESULTS,
            generated("export default init;", b"\0asm"),
            None,
        )
        .unwrap_err();
        assert!(error
            .to_string()
            .contains("omit_default_module_path(false)"));
    }

    #[test]
    fn the_first_results_script_names_the_hashed_on_use_script() {
        let on_use_script = SCRIPT.replace("calc_wasm_bg", "calc_on_use_bg");
        let on_use =
            hashed_module(ON_USE, generated(&on_use_script, b"\0asm on use"), None).unwrap();
        assert!(on_use.wasm.path.starts_with("static/calc/calc_on_use_bg-"));
        assert!(on_use.script.path.starts_with("static/calc/calc_on_use-"));
        let first = hashed_module(
            FIRST_RESULTS,
            generated(SCRIPT, b"\0asm first"),
            Some(&on_use.script),
        )
        .unwrap();
        let script = String::from_utf8(first.script.bytes).unwrap();
        let file = on_use.script.path.rsplit('/').next().unwrap();
        assert!(script.contains(&format!(
            "export const {ON_USE_EXPORT} = new URL('{file}', import.meta.url).href;"
        )));
        let plain = hashed_module(FIRST_RESULTS, generated(SCRIPT, b"\0asm first"), None).unwrap();
        assert_ne!(
            plain.script.path, first.script.path,
            "the link is part of the hash"
        );
    }

    #[test]
    fn wasm_opt_is_only_taken_from_node_modules() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find_wasm_opt(dir.path()), None);
        let bin = dir.path().join("node_modules/.bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("wasm-opt"), "#!/bin/sh\n").unwrap();
        assert_eq!(find_wasm_opt(dir.path()), Some(bin.join("wasm-opt")));
    }
}

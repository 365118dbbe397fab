//! Builds the in-browser funding calculator as part of `arrs-guide build`.
//!
//! The calculator is `calc-wasm/` compiled to WebAssembly, twice: once with the exports the page
//! needs for its first results (feature `first-results`), once with those it loads only when a
//! reader first opens or saves a file or projects years ahead (feature `on-use`), so the first
//! results wait for the smaller module only. Building each module takes four steps:
//!
//! 1. `compile`: `cargo build -p calc-wasm --target wasm32-unknown-unknown --profile
//!    wasm-release --no-default-features --features …` as a subprocess, giving the raw `.wasm`;
//! 2. `bindings`: the JavaScript bindings, generated in-process with `wasm-bindgen-cli-support`
//!    (`--target web` output that loads the `.wasm` next to it);
//! 3. optionally `wasm-opt -O1`, only from npm `binaryen` in the project's `node_modules/`
//!    (Debian's older build corrupts wasm-bindgen output, so `PATH` is never searched);
//! 4. content-hashed names (`static/calc/calc_wasm-<hash>.js`, `static/calc/calc_wasm_bg-<hash>.wasm`;
//!    `calc_on_use-…` for the second module), the script rewritten to load the hashed `.wasm`. The
//!    first-results script also exports `onUseModule`, the URL of the on-use script.
//!
//! `cache` keeps the finished assets under `target/arrs-calc-cache/`, keyed twice: by a
//! fingerprint of every input file (so a rebuild that changed only content or templates never
//! runs cargo), and by a hash of the raw `.wasm` files (so cargo builds that produced the same
//! modules skip bindgen and wasm-opt).
//!
//! A build that cannot produce the calculator fails with a [`CalculatorError`] that says what is
//! missing; it never ships a page with a dead calculator.

mod bindings;
mod cache;
mod compile;
mod hashing;
pub mod view;

use std::path::{Path, PathBuf};

pub(crate) use view::{calculator_view, CalculatorUrls, CalculatorView};

/// Name of the calculator's script in the build's generated-asset URLs.
pub(crate) const SCRIPT_ASSET: &str = "calc_wasm.js";
/// Name of the calculator's WebAssembly module in the build's generated-asset URLs.
pub(crate) const WASM_ASSET: &str = "calc_wasm_bg.wasm";

/// One finished calculator file, ready to be written into `public/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalculatorAsset {
    /// Path relative to the output root, with `/` separators (`static/calc/calc_wasm-….js`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl CalculatorAsset {
    /// The absolute URL path the page uses for this asset (`/static/calc/…`).
    pub fn url(&self) -> String {
        format!("/{}", self.path)
    }
}

/// The calculator's files: the ES module the page imports and the WebAssembly it loads, and the
/// module (script and WebAssembly) loaded when a reader first uses files or the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalculatorAssets {
    /// The first-results wasm-bindgen ES module; it references [`CalculatorAssets::wasm`] by its
    /// hashed name and exports `onUseModule`, the URL of [`CalculatorAssets::on_use_script`].
    pub script: CalculatorAsset,
    /// The first-results WebAssembly module.
    pub wasm: CalculatorAsset,
    /// The on-use wasm-bindgen ES module; it references [`CalculatorAssets::on_use_wasm`].
    pub on_use_script: CalculatorAsset,
    /// The on-use WebAssembly module.
    pub on_use_wasm: CalculatorAsset,
    /// Whether `wasm-opt` ran over the modules.
    pub optimised: bool,
}

impl CalculatorAssets {
    /// Every file, for writing into `public/`.
    pub fn files(&self) -> [&CalculatorAsset; 4] {
        [
            &self.script,
            &self.wasm,
            &self.on_use_script,
            &self.on_use_wasm,
        ]
    }
}

/// Why the calculator could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CalculatorError {
    /// No `calc-wasm/Cargo.toml` under the project root.
    #[error(
        "cannot build the calculator: `calc-wasm/Cargo.toml` is missing under `{0}`; \
         the calculator is built from the project's source tree"
    )]
    ProjectNotFound(PathBuf),
    /// The Rust standard library for `wasm32-unknown-unknown` is not installed.
    #[error(
        "cannot build the calculator: the Rust target `wasm32-unknown-unknown` is not installed; \
         run `rustup target add wasm32-unknown-unknown` (or `rustup toolchain install` in `{0}`)"
    )]
    WasmTargetMissing(PathBuf),
    /// `cargo` itself could not be started.
    #[error("cannot build the calculator: could not run `{program}`: {source}")]
    CargoNotRunnable {
        /// The program that was run.
        program: String,
        /// Why it could not start.
        source: std::io::Error,
    },
    /// `cargo build -p calc-wasm` failed for another reason.
    #[error("cannot build the calculator: `cargo build -p calc-wasm` failed:\n{0}")]
    CargoFailed(String),
    /// `cargo build` succeeded but named no `.wasm` file for calc-wasm.
    #[error("cannot build the calculator: `cargo build -p calc-wasm` reported no `.wasm` file")]
    WasmNotProduced,
    /// wasm-bindgen could not generate the JavaScript bindings.
    #[error("cannot build the calculator: generating the JavaScript bindings failed: {0}")]
    Bindings(String),
    /// `wasm-opt` from npm `binaryen` is installed but failed.
    #[error("cannot build the calculator: `{program}` failed: {message}")]
    WasmOpt {
        /// The wasm-opt that was run.
        program: String,
        /// What it said.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot build the calculator: could not {action} `{path}`: {source}")]
    Io {
        /// What was being done (`read`, `write`, …).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl CalculatorError {
    fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Self + 'a {
        move |source| CalculatorError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The directory to build the calculator from: `site_root` when it holds `calc-wasm/` (the usual
/// case: the site is the project checkout), else the source tree this binary was built from.
pub fn calculator_project_root(site_root: &Path) -> PathBuf {
    if site_root.join("calc-wasm").join("Cargo.toml").is_file() {
        site_root.to_path_buf()
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }
}

/// Builds (or takes from the cache) the calculator's script and WebAssembly for `project_root`
/// (a directory holding the workspace `Cargo.toml` and `calc-wasm/`).
pub fn build_calculator(project_root: &Path) -> Result<CalculatorAssets, CalculatorError> {
    if !project_root.join("calc-wasm").join("Cargo.toml").is_file() {
        return Err(CalculatorError::ProjectNotFound(project_root.to_path_buf()));
    }
    let wasm_opt = bindings::find_wasm_opt(project_root);
    let cache = cache::Cache::new(&compile::target_dir(project_root));
    let fingerprint = cache::input_fingerprint(project_root, wasm_opt.as_deref())?;
    if let Some(assets) = cache.load_by_inputs(&fingerprint) {
        return Ok(assets);
    }

    let compile = |kind: bindings::ModuleKind| {
        compile::compile_calc_wasm(project_root, kind.features, &cache.lock_file())
    };
    let raw_first = compile(bindings::FIRST_RESULTS)?;
    let raw_on_use = compile(bindings::ON_USE)?;
    let raw_key = cache::raw_key(&[&raw_first, &raw_on_use], wasm_opt.is_some());
    let assets = match cache.load_by_raw(&raw_key) {
        Some(assets) => assets,
        None => {
            let generate = |kind, raw| {
                bindings::generate(kind, raw, wasm_opt.as_deref(), &cache.scratch_dir())
            };
            let on_use = generate(bindings::ON_USE, raw_on_use)?;
            let first = generate(bindings::FIRST_RESULTS, raw_first)?;
            let optimised = first.optimised && on_use.optimised;
            let on_use = bindings::hashed_module(bindings::ON_USE, on_use, None)?;
            let first =
                bindings::hashed_module(bindings::FIRST_RESULTS, first, Some(&on_use.script))?;
            let assets = CalculatorAssets {
                script: first.script,
                wasm: first.wasm,
                on_use_script: on_use.script,
                on_use_wasm: on_use.wasm,
                optimised,
            };
            cache.store_by_raw(&raw_key, &assets)?;
            assets
        }
    };
    cache.store_inputs(&fingerprint, &raw_key)?;
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_root_is_the_site_root_when_it_holds_calc_wasm() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("calc-wasm")).unwrap();
        std::fs::write(dir.path().join("calc-wasm/Cargo.toml"), "[package]").unwrap();
        assert_eq!(calculator_project_root(dir.path()), dir.path());
    }

    #[test]
    fn project_root_falls_back_to_this_source_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = calculator_project_root(dir.path());
        assert_eq!(root, PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        assert!(root.join("calc-wasm/Cargo.toml").is_file());
    }

    #[test]
    fn a_root_without_calc_wasm_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = build_calculator(dir.path()).unwrap_err();
        assert!(matches!(error, CalculatorError::ProjectNotFound(_)));
        assert!(error.to_string().contains("calc-wasm/Cargo.toml"));
    }

    #[test]
    fn asset_urls_are_absolute_paths() {
        let asset = CalculatorAsset {
            path: "static/calc/calc_wasm-0123456789abcdef.js".into(),
            bytes: Vec::new(),
        };
        assert_eq!(asset.url(), "/static/calc/calc_wasm-0123456789abcdef.js");
    }
}

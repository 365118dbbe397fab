//! The calculator's build cache under `<target>/arrs-calc-cache/`.
//!
//! Two keys lead to the finished assets:
//! - an *input fingerprint*: a hash of every file cargo reads to build calc-wasm (the workspace
//!   manifests, `src/`, `calc-wasm/`) and of the wasm-opt in use. When it matches, cargo is not
//!   run at all, so a rebuild after a content or template edit costs a few milliseconds;
//! - a *raw key*: the hash of the module cargo produced. When the inputs changed but the module
//!   did not (an edit to the site generator, say), bindgen and wasm-opt are skipped.
//!
//! Entries are written to a temporary name and renamed into place, so concurrent builds never
//! read a half-written entry; every loaded file is checked against the hash in its name.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::hashing::{name_hash, sha256_hex};
use super::{CalculatorAsset, CalculatorAssets, CalculatorError};

/// Bumped whenever the way assets are produced changes, so old entries are not reused.
const PIPELINE_VERSION: &str = "calc-pipeline-3";
/// The files of an entry, by role: the role names the stored file and its manifest line.
const ROLES: [&str; 4] = ["script", "wasm", "on_use_script", "on_use_wasm"];
/// Files at the project root that change the module.
const ROOT_INPUTS: [&str; 4] = [
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    ".cargo/config.toml",
];
/// Directories whose files may change the module.
const TREE_INPUTS: [&str; 2] = ["src", "calc-wasm"];
/// Environment variables that change what cargo compiles.
const ENV_INPUTS: [&str; 3] = ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_TARGET_DIR"];

/// The cache directory and its entries.
#[derive(Debug, Clone)]
pub(super) struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The cache inside the cargo target directory `target_dir`.
    pub(super) fn new(target_dir: &Path) -> Self {
        Cache {
            root: target_dir.join("arrs-calc-cache"),
        }
    }

    /// The file locked while cargo builds a module and its output is read.
    pub(super) fn lock_file(&self) -> PathBuf {
        self.root.join("cargo-build.lock")
    }

    /// A directory for working files (wasm-opt input and output).
    pub(super) fn scratch_dir(&self) -> PathBuf {
        self.root.join("scratch")
    }

    /// The assets last built from inputs with this fingerprint, if still cached and intact.
    pub(super) fn load_by_inputs(&self, fingerprint: &str) -> Option<CalculatorAssets> {
        let raw_key = std::fs::read_to_string(self.root.join("inputs").join(fingerprint)).ok()?;
        self.load_by_raw(raw_key.trim())
    }

    /// The assets built from the raw modules with this key, if cached and intact.
    pub(super) fn load_by_raw(&self, raw_key: &str) -> Option<CalculatorAssets> {
        let dir = self.root.join("assets").join(raw_key);
        let manifest = std::fs::read_to_string(dir.join("manifest.txt")).ok()?;
        let mut paths: [Option<String>; 4] = Default::default();
        let mut optimised = None;
        for line in manifest.lines() {
            let (role, value) = line.split_once('\t')?;
            match ROLES.iter().position(|known| *known == role) {
                Some(index) => paths[index] = Some(value.to_string()),
                None if role == "optimised" => optimised = value.parse().ok(),
                None => return None,
            }
        }
        let [script, wasm, on_use_script, on_use_wasm] = paths;
        let load = |path: Option<String>, role: &str| load_asset(path?, &dir.join(role));
        Some(CalculatorAssets {
            script: load(script, ROLES[0])?,
            wasm: load(wasm, ROLES[1])?,
            on_use_script: load(on_use_script, ROLES[2])?,
            on_use_wasm: load(on_use_wasm, ROLES[3])?,
            optimised: optimised?,
        })
    }

    /// Keeps `assets` under `raw_key`.
    pub(super) fn store_by_raw(
        &self,
        raw_key: &str,
        assets: &CalculatorAssets,
    ) -> Result<(), CalculatorError> {
        let assets_dir = self.root.join("assets");
        let final_dir = assets_dir.join(raw_key);
        if final_dir.join("manifest.txt").is_file() {
            return Ok(());
        }
        let temp_dir = assets_dir.join(format!(".{raw_key}.{}", unique_suffix()));
        std::fs::create_dir_all(&temp_dir).map_err(CalculatorError::io("create", &temp_dir))?;
        let mut manifest = String::new();
        for (role, asset) in ROLES.iter().zip(assets.files()) {
            manifest.push_str(&format!("{role}\t{}\n", asset.path));
            let path = temp_dir.join(role);
            std::fs::write(&path, &asset.bytes).map_err(CalculatorError::io("write", &path))?;
        }
        manifest.push_str(&format!("optimised\t{}\n", assets.optimised));
        let path = temp_dir.join("manifest.txt");
        std::fs::write(&path, manifest).map_err(CalculatorError::io("write", &path))?;
        if std::fs::rename(&temp_dir, &final_dir).is_err() {
            // Another build stored the same entry first; theirs is identical.
            let _ = std::fs::remove_dir_all(&temp_dir);
            if !final_dir.join("manifest.txt").is_file() {
                return Err(CalculatorError::Io {
                    action: "store the cache entry",
                    path: final_dir,
                    source: std::io::Error::other("rename failed"),
                });
            }
        }
        Ok(())
    }

    /// Records that inputs with `fingerprint` produced the raw module `raw_key`.
    pub(super) fn store_inputs(
        &self,
        fingerprint: &str,
        raw_key: &str,
    ) -> Result<(), CalculatorError> {
        let dir = self.root.join("inputs");
        std::fs::create_dir_all(&dir).map_err(CalculatorError::io("create", &dir))?;
        let temp = dir.join(format!(".{fingerprint}.{}", unique_suffix()));
        std::fs::write(&temp, raw_key).map_err(CalculatorError::io("write", &temp))?;
        let path = dir.join(fingerprint);
        std::fs::rename(&temp, &path).map_err(CalculatorError::io("write", &path))
    }
}

/// `<process id>-<call number>`: a temporary name no other build, in this process or another,
/// is using.
pub(super) fn unique_suffix() -> String {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{call}", std::process::id())
}

/// Reads a cached file and checks it still matches the content hash in `published_path`.
fn load_asset(published_path: String, stored: &Path) -> Option<CalculatorAsset> {
    let bytes = std::fs::read(stored).ok()?;
    let file_name = published_path.rsplit('/').next()?;
    let (_, hash_and_extension) = file_name.rsplit_once('-')?;
    let (hash, _) = hash_and_extension.split_once('.')?;
    (hash == name_hash(&bytes)).then_some(CalculatorAsset {
        path: published_path,
        bytes,
    })
}

/// The cache key of raw modules: a hash of their hashes, and whether they will be run through
/// wasm-opt.
pub(super) fn raw_key(raw_modules: &[&[u8]], optimised: bool) -> String {
    let mode = if optimised { "oz" } else { "plain" };
    let pipeline = name_hash(PIPELINE_VERSION.as_bytes());
    let hashes: Vec<String> = raw_modules.iter().map(|raw| sha256_hex(raw)).collect();
    format!(
        "{}-{mode}-{pipeline}",
        sha256_hex(hashes.join("\n").as_bytes())
    )
}

/// A hash of everything that decides the calculator's assets: the files cargo reads to build
/// calc-wasm, the relevant environment variables and the wasm-opt in use (with its npm version).
pub(super) fn input_fingerprint(
    project_root: &Path,
    wasm_opt: Option<&Path>,
) -> Result<String, CalculatorError> {
    let mut record = String::new();
    let mut add = |label: &str, value: &str| {
        record.push_str(label);
        record.push('\t');
        record.push_str(value);
        record.push('\n');
    };
    add("pipeline", PIPELINE_VERSION);
    for name in ENV_INPUTS {
        let value = std::env::var_os(name).unwrap_or_default();
        add(name, &value.to_string_lossy());
    }
    match wasm_opt {
        Some(program) => {
            add("wasm-opt", &program.display().to_string());
            let package = project_root.join("node_modules/binaryen/package.json");
            add("binaryen", &file_hash(&package)?);
        }
        None => add("wasm-opt", "none"),
    }
    for name in ROOT_INPUTS {
        add(name, &file_hash(&project_root.join(name))?);
    }
    for tree in TREE_INPUTS {
        for entry in WalkDir::new(project_root.join(tree))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.file_name() != "target")
        {
            let entry = entry.map_err(|error| CalculatorError::Io {
                action: "list",
                path: project_root.join(tree),
                source: error.into(),
            })?;
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(project_root)
                    .unwrap_or(entry.path());
                add(&relative.display().to_string(), &file_hash(entry.path())?);
            }
        }
    }
    Ok(sha256_hex(record.as_bytes()))
}

/// The hash of a file's contents, or `absent` if there is no such file.
fn file_hash(path: &Path) -> Result<String, CalculatorError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(sha256_hex(&bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok("absent".into()),
        Err(source) => Err(CalculatorError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(stem: &str, extension: &str, bytes: &[u8]) -> CalculatorAsset {
        CalculatorAsset {
            path: format!("static/calc/{stem}-{}.{extension}", name_hash(bytes)),
            bytes: bytes.to_vec(),
        }
    }

    fn assets(script: &str, wasm: &[u8]) -> CalculatorAssets {
        CalculatorAssets {
            script: asset("calc_wasm", "js", script.as_bytes()),
            wasm: asset("calc_wasm_bg", "wasm", wasm),
            on_use_script: asset("calc_on_use", "js", b"import y;"),
            on_use_wasm: asset("calc_on_use_bg", "wasm", b"\0asm on use"),
            optimised: true,
        }
    }

    fn project(dir: &Path) {
        for (path, text) in [
            ("Cargo.toml", "[workspace]"),
            ("src/rules/mod.rs", "pub fn cap() {}"),
            ("calc-wasm/Cargo.toml", "[package]"),
            ("calc-wasm/src/lib.rs", "pub fn estimate() {}"),
        ] {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn stored_assets_come_back_by_raw_key_and_by_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let built = assets("import x;", b"\0asm 1");
        let key = raw_key(&[b"raw module", b"raw on use"], true);
        assert_eq!(cache.load_by_raw(&key), None);
        cache.store_by_raw(&key, &built).unwrap();
        cache.store_inputs("fingerprint-a", &key).unwrap();
        assert_eq!(cache.load_by_raw(&key), Some(built.clone()));
        assert_eq!(cache.load_by_inputs("fingerprint-a"), Some(built));
        assert_eq!(cache.load_by_inputs("fingerprint-b"), None);
    }

    #[test]
    fn a_tampered_cache_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let key = raw_key(&[b"raw module", b"raw on use"], false);
        cache
            .store_by_raw(&key, &assets("import x;", b"\0asm 1"))
            .unwrap();
        let stored = dir.path().join("arrs-calc-cache/assets").join(&key);
        std::fs::write(stored.join("on_use_wasm"), b"\0asm truncated").unwrap();
        assert_eq!(cache.load_by_raw(&key), None);
    }

    #[test]
    fn raw_keys_differ_by_module_and_by_optimisation() {
        let key = |first: &[u8], on_use: &[u8], optimised| raw_key(&[first, on_use], optimised);
        let base = key(b"one", b"x", true);
        assert_eq!(base, key(b"one", b"x", true));
        for other in [
            key(b"two", b"x", true),
            key(b"one", b"y", true),
            key(b"one", b"x", false),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn fingerprint_follows_rules_and_bindings_sources_only() {
        let dir = tempfile::tempdir().unwrap();
        project(dir.path());
        let before = input_fingerprint(dir.path(), None).unwrap();
        assert_eq!(before, input_fingerprint(dir.path(), None).unwrap());

        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/index.md"), "# Home").unwrap();
        std::fs::create_dir_all(dir.path().join("calc-wasm/target")).unwrap();
        std::fs::write(dir.path().join("calc-wasm/target/x"), "build output").unwrap();
        assert_eq!(before, input_fingerprint(dir.path(), None).unwrap());

        std::fs::write(dir.path().join("src/rules/mod.rs"), "pub fn cap() { }").unwrap();
        let after_rules_edit = input_fingerprint(dir.path(), None).unwrap();
        assert_ne!(before, after_rules_edit);

        let wasm_opt = dir.path().join("node_modules/.bin/wasm-opt");
        assert_ne!(
            after_rules_edit,
            input_fingerprint(dir.path(), Some(&wasm_opt)).unwrap()
        );
    }
}

//! Builds the calculator's assets the way `arrs-guide build` does and writes them into a
//! directory, with the published rules JSON (`data/rules/<year>.json`) the page loads, for
//! `benches/calculator-size.sh` and `benches/calculator-recompute-wasm.mjs`.
//!
//! Usage: `cargo run --example calculator_assets -- OUT_DIR`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use arrs_guide::guide::calculator::{build_calculator, calculator_project_root};

fn main() -> ExitCode {
    let Some(out_dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: calculator_assets OUT_DIR");
        return ExitCode::from(2);
    };
    let root = calculator_project_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let assets = match build_calculator(&root) {
        Ok(assets) => assets,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for asset in assets.files() {
        let path = out_dir.join(&asset.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &asset.bytes));
        if let Err(error) = written {
            eprintln!("error: could not write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", asset.path);
    }
    let book = match arrs_guide::guide::rules_data::load_rules(&root.join("content")) {
        Ok(book) => book,
        Err(diagnostics) => {
            eprintln!("error: the rules data has problems:\n{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    for rules in book.years() {
        let path = out_dir.join(format!("data/rules/{}.json", rules.year));
        let written = serde_json::to_string(rules)
            .map_err(std::io::Error::other)
            .and_then(|text| {
                path.parent().map_or(Ok(()), std::fs::create_dir_all)?;
                std::fs::write(&path, text)
            });
        if let Err(error) = written {
            eprintln!("error: could not write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!("wasm-opt: {}", if assets.optimised { "yes" } else { "no" });
    ExitCode::SUCCESS
}

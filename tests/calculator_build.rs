//! Builds the real calculator (calc-wasm → wasm → bindings → hashed assets) the way
//! `arrs-guide build` does, and checks what the page will load.

use std::path::Path;

use arrs_guide::site::calculator::{build_calculator, calculator_project_root};

#[test]
fn the_calculator_builds_into_hashed_assets_that_reference_each_other() {
    let root = calculator_project_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let assets = build_calculator(&root).unwrap_or_else(|error| panic!("{error}"));

    assert!(assets.wasm.bytes.starts_with(b"\0asm"), "not a wasm module");
    assert!(assets.wasm.path.starts_with("static/calc/calc_wasm_bg-"));
    assert!(assets.wasm.path.ends_with(".wasm"));
    assert!(assets.script.path.starts_with("static/calc/calc_wasm-"));
    assert!(assets.script.path.ends_with(".js"));

    let script = String::from_utf8(assets.script.bytes.clone()).expect("script is UTF-8");
    let wasm_file = assets.wasm.path.rsplit('/').next().expect("file name");
    assert!(
        script.contains(&format!("new URL('{wasm_file}', import.meta.url)")),
        "the script does not load {wasm_file}"
    );
    assert!(
        script.contains("as default }"),
        "no default export to initialise the module"
    );

    let again = build_calculator(&root).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        assets, again,
        "a rebuild from the cache gave different assets"
    );
}

//! Builds the real calculator (calc-wasm → wasm → bindings → hashed assets) the way
//! `arrs-guide build` does, and checks what the page will load.

use std::path::Path;

use arrs_guide::guide::calculator::{build_calculator, calculator_project_root};

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

#[test]
fn the_real_site_ships_a_working_calculator_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let options = arrs_guide::site::BuildOptions {
        root: root.to_path_buf(),
        out: out.path().join("public"),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    };
    arrs_guide::site::build(&options).unwrap_or_else(|error| panic!("{error}"));
    let public = out.path().join("public");
    let html = std::fs::read_to_string(public.join("calculator/index.html")).expect("page");

    // The page loads the hashed bindings, which exist, under a policy that lets wasm run.
    let module = html
        .split("data-module=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("data-module attribute");
    assert!(module.starts_with("/static/calc/calc_wasm-"), "{module}");
    assert!(public.join(module.trim_start_matches('/')).is_file());
    assert!(html.contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(public.join("data/rules/2025-26.json").is_file());

    // The ids and outputs the URL contract and browser tests rely on.
    for id in [
        "entitlement",
        "total-cost",
        "total-claim",
        "total-top-up",
        "total-provider-share",
        "headroom",
        "over-committed",
    ] {
        assert!(
            html.contains(&format!("<output id=\"{id}\"")),
            "no <output id=\"{id}\">"
        );
    }
    for id in [
        "year",
        "population",
        "team",
        "add-post",
        "error-summary",
        "summary-words",
        "import-plan",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(!html.contains("type=\"number\""));
    assert!(!html.contains("<script>"), "inline script");
    assert!(!html.contains("style=\""), "inline style");

    // The WebAssembly module is preloaded with the page.
    let wasm = html
        .split("<link rel=\"preload\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a preload link");
    assert!(wasm.starts_with("/static/calc/calc_wasm_bg-"), "{wasm}");
    assert!(public.join(wasm.trim_start_matches('/')).is_file());

    // Without JavaScript: the caps table and worked examples of the year containing today,
    // computed at build time.
    let year = arrs_guide::rules::YearId::today()
        .and_then(|today| arrs_guide::rules::YearId::containing(today).ok())
        .expect("today's financial year");
    assert!(html.contains("id=\"caps-table\""));
    assert!(html.contains(&format!(
        "Maximum reimbursable amounts, <span class=\"reference-year-label\">{}</span>",
        year.label()
    )));
    // Every year's tables are in the page (the script shows the selected year's); only the
    // current year's are shown without it.
    assert!(html.contains(&format!(
        "<div class=\"year-reference\" data-reference-year=\"{year}\" data-year-label"
    )));
    let shown = html
        .split("<div class=\"year-reference\"")
        .skip(1)
        .filter(|block| {
            !block
                .split('>')
                .next()
                .unwrap_or_default()
                .contains(" hidden")
        })
        .count();
    assert_eq!(
        shown, 2,
        "the current year's caps and worked examples, nothing else"
    );
    assert!(html.contains("Clinical pharmacist"));
    assert!(html.contains("id=\"worked-examples\""));
    assert!(html.contains(&format!(
        "/calculator/?year={year}&amp;post=pharmacy-technician,national,"
    )));
}

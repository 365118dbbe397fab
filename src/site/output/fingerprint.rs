//! Fingerprinted names for the stylesheets and scripts under `templates/static/`: each is written
//! only as `static/<name>-<hash>.<ext>`, so a browser may keep it for a year
//! (`Cache-Control: immutable` in `_headers`) and still gets a changed file at once, under its
//! new name. Templates refer to them by their source name: `{{ assets["style.css"] }}`.
//!
//! Scripts import each other by relative URL (`./calculator/dom.js`). Each relative specifier of
//! a static import, an `export … from` or a dynamic `import('…')` of a string literal is
//! rewritten to the imported file's fingerprinted name, and a script's hash is taken over its
//! rewritten bytes: a change in a leaf module renames every module that imports it, directly or
//! not. The files are therefore named leaves first, and imports that form a cycle are an error.
//! A URL built at run time (`new URL('./x.js', import.meta.url)`, `import(variable)`) is not
//! followed: a script must import a sibling by a literal specifier.
//!
//! Other static files (images, licence texts) keep their own names.

use crate::site::output::minify::minify_module;
use crate::site::output::staging::OutputFile;
use oxc_allocator::Allocator;
use oxc_ast::ast::Expression;
use oxc_parser::Parser;
use oxc_span::SourceType;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Hex digits of the content hash in a fingerprinted name (64 bits).
const HASH_DIGITS: usize = 16;

/// The static files to write, and the fingerprinted URL of each stylesheet and script by its
/// source name.
#[derive(Debug, Clone, Default)]
pub(crate) struct StaticAssets {
    /// Every static file: stylesheets and scripts under their fingerprinted names only.
    pub files: Vec<OutputFile>,
    /// Source name (path under `templates/static/`) → root-relative URL, for fingerprinted files.
    pub urls: BTreeMap<String, String>,
}

/// Why the static files could not be named.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AssetError {
    /// A file could not be read.
    #[error("cannot read a static file: {source}")]
    Read {
        /// Source name of the file.
        rel: String,
        /// The failure.
        source: io::Error,
    },
    /// A script is not valid JavaScript, so its imports cannot be found.
    #[error("cannot read this script's imports: {message}")]
    Parse {
        /// Source name of the script.
        rel: String,
        /// 1-based line and column of the problem (0 when unknown).
        at: (usize, usize),
        /// The parser's message.
        message: String,
    },
    /// A relative import names no stylesheet or script under `templates/static/`.
    #[error("imports `{specifier}`, which is not a script or stylesheet under templates/static/")]
    MissingImport {
        /// Source name of the importing script.
        rel: String,
        /// 1-based line and column of the specifier.
        at: (usize, usize),
        /// The specifier as written.
        specifier: String,
    },
    /// Scripts import each other in a cycle, so no file's hash can be taken first.
    #[error(
        "scripts import each other in a cycle ({}): a name carrying a hash of the file's \
         content needs imports without cycles",
        cycle.join(" → ")
    )]
    Cycle {
        /// The files of the cycle, in import order, the first repeated at the end.
        cycle: Vec<String>,
    },
}

impl AssetError {
    /// The file (source name under `templates/static/`), line and column the error is about.
    pub(crate) fn location(&self) -> (&str, usize, usize) {
        match self {
            AssetError::Read { rel, .. } => (rel, 0, 0),
            AssetError::Parse { rel, at, .. } | AssetError::MissingImport { rel, at, .. } => {
                (rel, at.0, at.1)
            }
            AssetError::Cycle { cycle } => (cycle.first().map_or("", String::as_str), 0, 0),
        }
    }
}

/// True for the files that get a fingerprinted name: stylesheets and scripts.
fn is_fingerprinted(rel: &str) -> bool {
    rel.ends_with(".css") || is_script(rel)
}

/// True for the files whose imports are followed.
fn is_script(rel: &str) -> bool {
    rel.ends_with(".js") || rel.ends_with(".mjs")
}

/// `rel` (a path under the static folder) with `hash` before its extension.
fn fingerprinted_name(rel: &str, hash: &str) -> String {
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}-{hash}.{ext}")
        }
        _ => format!("{rel}-{hash}"),
    }
}

/// The first [`HASH_DIGITS`] hex digits of the SHA-256 of `bytes`.
fn content_hash(bytes: &[u8]) -> String {
    let mut hex = format!("{:x}", Sha256::digest(bytes));
    hex.truncate(HASH_DIGITS);
    hex
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// One relative import in a script: the byte range of its specifier literal (quotes included)
/// and the file it names.
#[derive(Debug, Clone, PartialEq)]
struct Import {
    /// Byte range of the string literal in the script.
    literal: std::ops::Range<usize>,
    /// The specifier's value.
    specifier: String,
    /// Source name of the imported file.
    target: String,
}

/// The path under the static folder that `specifier`, written in `importer`, names; `None` when
/// it climbs above the folder.
fn resolve(importer: &str, specifier: &str) -> Option<String> {
    let mut parts: Vec<&str> = importer.split('/').collect();
    parts.pop();
    for part in specifier.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// True for specifiers resolved against the importing file's URL.
fn is_relative(specifier: &str) -> bool {
    specifier.starts_with("./") || specifier.starts_with("../")
}

/// The relative imports of the script `rel` (text `text`), in source order: static imports,
/// `export … from` and dynamic imports of a string literal. Every one must name a file in
/// `known`.
fn relative_imports(
    rel: &str,
    text: &str,
    known: &BTreeMap<&str, ()>,
) -> Result<Vec<Import>, AssetError> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::mjs()).parse();
    if let Some(error) = parsed.diagnostics.errors().next() {
        let offset = error.labels.first().map_or(0, |l| l.offset() as usize);
        return Err(AssetError::Parse {
            rel: rel.to_owned(),
            at: line_column(text, offset),
            message: error.message.to_string(),
        });
    }
    let record = &parsed.module_record;
    let mut found: Vec<(std::ops::Range<usize>, String)> = (record.requested_modules.iter())
        .flat_map(|(name, uses)| uses.iter().map(move |u| (u.span, name.to_string())))
        .map(|(span, name)| (span.start as usize..span.end as usize, name))
        .collect();
    for dynamic in &record.dynamic_imports {
        let span = dynamic.module_request;
        let range = span.start as usize..span.end as usize;
        let argument = Allocator::default();
        if let Ok(Expression::StringLiteral(literal)) =
            Parser::new(&argument, &text[range.clone()], SourceType::mjs()).parse_expression()
        {
            found.push((range, literal.value.to_string()));
        }
    }
    found.sort_by_key(|(range, _)| range.start);
    let mut imports = Vec::new();
    for (literal, specifier) in found {
        if !is_relative(&specifier) {
            continue;
        }
        let target = resolve(rel, &specifier).filter(|t| known.contains_key(t.as_str()));
        let Some(target) = target else {
            return Err(AssetError::MissingImport {
                rel: rel.to_owned(),
                at: line_column(text, literal.start),
                specifier,
            });
        };
        imports.push(Import {
            literal,
            specifier,
            target,
        });
    }
    Ok(imports)
}

/// `text` with each import's specifier replaced by one naming the fingerprinted file
/// (`names`: source name → fingerprinted path under the static folder).
fn rewrite(text: &str, imports: &[Import], names: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len() + imports.len() * (HASH_DIGITS + 1));
    let mut from = 0;
    for import in imports {
        let quote = &text[import.literal.start..import.literal.start + 1];
        let named = &names[&import.target];
        let file = named.rsplit('/').next().unwrap_or(named);
        let dir = import.specifier.rsplit_once('/').map_or("", |(dir, _)| dir);
        out.push_str(&text[from..import.literal.start]);
        out.push_str(&format!("{quote}{dir}/{file}{quote}"));
        from = import.literal.end;
    }
    out.push_str(&text[from..]);
    out
}

/// The order in which the scripts can be named: every script after the scripts it imports.
/// `graph`: source name → source names it imports.
fn leaves_first(graph: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, AssetError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut order = Vec::with_capacity(graph.len());
    for root in graph.keys() {
        if marks.contains_key(root.as_str()) {
            continue;
        }
        // Depth-first, with an explicit stack of (file, index of the next import to visit).
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        marks.insert(root, Mark::Visiting);
        while let Some((file, next)) = stack.last_mut() {
            let imports = &graph[*file];
            if let Some(target) = imports.get(*next) {
                *next += 1;
                match marks.get(target.as_str()) {
                    Some(Mark::Done) => {}
                    Some(Mark::Visiting) => {
                        let start = stack.iter().position(|(f, _)| *f == target).unwrap_or(0);
                        let mut cycle: Vec<String> = stack[start..]
                            .iter()
                            .map(|(f, _)| (*f).to_owned())
                            .collect();
                        cycle.push(target.clone());
                        return Err(AssetError::Cycle { cycle });
                    }
                    None => {
                        marks.insert(target, Mark::Visiting);
                        stack.push((target, 0));
                    }
                }
            } else {
                marks.insert(file, Mark::Done);
                order.push((*file).to_owned());
                stack.pop();
            }
        }
    }
    Ok(order)
}

/// The files under `static_dir` (`rel` paths, `/`-separated) as they are written to `static/`,
/// scripts minified.
pub(crate) fn static_assets(
    static_dir: &Path,
    rels: &[String],
) -> Result<StaticAssets, AssetError> {
    static_assets_with(static_dir, rels, minify_module)
}

/// [`static_assets`], each script (its imports rewritten) passed through `finish` before its
/// hash is taken.
fn static_assets_with(
    static_dir: &Path,
    rels: &[String],
    finish: fn(&str) -> String,
) -> Result<StaticAssets, AssetError> {
    let known: BTreeMap<&str, ()> = (rels.iter())
        .filter(|rel| is_fingerprinted(rel))
        .map(|rel| (rel.as_str(), ()))
        .collect();
    let mut scripts: BTreeMap<String, (String, Vec<Import>)> = BTreeMap::new();
    for rel in rels.iter().filter(|rel| is_script(rel)) {
        let text =
            std::fs::read_to_string(static_dir.join(rel)).map_err(|source| AssetError::Read {
                rel: rel.clone(),
                source,
            })?;
        let imports = relative_imports(rel, &text, &known)?;
        scripts.insert(rel.clone(), (text, imports));
    }
    let graph: BTreeMap<String, Vec<String>> = (scripts.iter())
        .map(|(rel, (_, imports))| {
            let targets = imports.iter().map(|i| i.target.clone());
            (rel.clone(), targets.filter(|t| is_script(t)).collect())
        })
        .collect();

    // Fingerprinted path under the static folder, by source name.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut written: BTreeMap<String, OutputFile> = BTreeMap::new();
    for rel in rels.iter().filter(|rel| rel.ends_with(".css")) {
        let from = static_dir.join(rel);
        let bytes = std::fs::read(&from).map_err(|source| AssetError::Read {
            rel: rel.clone(),
            source,
        })?;
        let name = fingerprinted_name(rel, &content_hash(&bytes));
        let path = format!("static/{name}");
        names.insert(rel.clone(), name);
        written.insert(rel.clone(), OutputFile::Copy { path, from });
    }
    for rel in leaves_first(&graph)? {
        let (text, imports) = &scripts[&rel];
        let bytes = finish(&rewrite(text, imports, &names)).into_bytes();
        let name = fingerprinted_name(&rel, &content_hash(&bytes));
        let path = format!("static/{name}");
        names.insert(rel.clone(), name);
        written.insert(rel, OutputFile::Bytes { path, bytes });
    }

    let mut assets = StaticAssets::default();
    for rel in rels {
        match written.remove(rel) {
            Some(file) => {
                assets.urls.insert(rel.clone(), format!("/{}", file.path()));
                assets.files.push(file);
            }
            None => assets.files.push(OutputFile::Copy {
                path: format!("static/{rel}"),
                from: static_dir.join(rel),
            }),
        }
    }
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A static folder holding `files` (path, text).
    fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        (
            dir,
            files.iter().map(|(rel, _)| (*rel).to_owned()).collect(),
        )
    }

    /// The bytes written for `rel`.
    fn written(assets: &StaticAssets, rel: &str) -> String {
        let path = &assets.urls[rel][1..];
        match assets.files.iter().find(|f| f.path() == path).unwrap() {
            OutputFile::Bytes { bytes, .. } => String::from_utf8(bytes.clone()).unwrap(),
            OutputFile::Copy { from, .. } => std::fs::read_to_string(from).unwrap(),
            OutputFile::Parts { .. } => unreachable!("static files are never written in parts"),
        }
    }

    #[test]
    fn stylesheets_and_scripts_get_the_hash_of_their_bytes_in_their_name() {
        let (dir, rels) = folder(&[
            ("style.css", "body { color: black }"),
            ("img/logo.svg", "<svg/>"),
        ]);
        let first = static_assets_with(dir.path(), &rels, str::to_owned).unwrap();
        let url = first.urls["style.css"].clone();
        assert!(
            url.starts_with("/static/style-") && url.ends_with(".css"),
            "{url}"
        );
        assert_eq!(url.len(), "/static/style-.css".len() + HASH_DIGITS);
        let paths: Vec<&str> = first.files.iter().map(OutputFile::path).collect();
        assert_eq!(paths, [&url[1..], "static/img/logo.svg"]);
        assert!(!first.urls.contains_key("img/logo.svg"));

        std::fs::write(dir.path().join("style.css"), "body { color: navy }").unwrap();
        let second = static_assets_with(dir.path(), &rels, str::to_owned).unwrap();
        assert_ne!(
            second.urls["style.css"], url,
            "a changed stylesheet gets a new name"
        );
        assert_eq!(
            static_assets_with(dir.path(), &rels, str::to_owned)
                .unwrap()
                .urls,
            second.urls
        );
    }

    #[test]
    fn imports_are_rewritten_to_the_fingerprinted_names() {
        let (dir, rels) = folder(&[
            (
                "app.js",
                "import { el } from './ui/dom.js';\nexport { money } from \"./ui/format.js\";\n\
                 export * from './ui/format.js';\nconst more = () => import('./more.js');\n\
                 import('https://example.org/x.js');\n",
            ),
            (
                "ui/dom.js",
                "import { money } from '../ui/format.js';\nexport const el = 1;",
            ),
            ("ui/format.js", "export const money = 2;"),
            ("more.js", "export default 3;"),
        ]);
        let assets = static_assets_with(dir.path(), &rels, str::to_owned).unwrap();
        let name = |rel: &str| assets.urls[rel].rsplit('/').next().unwrap().to_owned();
        assert_eq!(
            written(&assets, "app.js"),
            format!(
                "import {{ el }} from './ui/{}';\nexport {{ money }} from \"./ui/{}\";\n\
                 export * from './ui/{}';\nconst more = () => import('./{}');\n\
                 import('https://example.org/x.js');\n",
                name("ui/dom.js"),
                name("ui/format.js"),
                name("ui/format.js"),
                name("more.js"),
            )
        );
        assert_eq!(
            written(&assets, "ui/dom.js"),
            format!(
                "import {{ money }} from '../ui/{}';\nexport const el = 1;",
                name("ui/format.js")
            )
        );
        // Only fingerprinted names are written for scripts.
        let paths: Vec<&str> = assets.files.iter().map(OutputFile::path).collect();
        assert!(paths
            .iter()
            .all(|p| p.len() > "static/".len() + HASH_DIGITS));
        assert_eq!(paths.len(), 4);
        let hash_of_written = content_hash(written(&assets, "app.js").as_bytes());
        assert!(assets.urls["app.js"].contains(&hash_of_written));
    }

    #[test]
    fn a_changed_leaf_renames_every_script_that_imports_it() {
        let files = [
            ("main.js", "import './mid.js';"),
            ("mid.js", "import './leaf.js';"),
            ("leaf.js", "export const rate = 1;"),
            ("other.js", "export const unrelated = 1;"),
        ];
        let (dir, rels) = folder(&files);
        let before = static_assets_with(dir.path(), &rels, str::to_owned)
            .unwrap()
            .urls;
        std::fs::write(dir.path().join("leaf.js"), "export const rate = 2;").unwrap();
        let after = static_assets_with(dir.path(), &rels, str::to_owned)
            .unwrap()
            .urls;
        for rel in ["main.js", "mid.js", "leaf.js"] {
            assert_ne!(before[rel], after[rel], "{rel} keeps its name");
        }
        assert_eq!(before["other.js"], after["other.js"]);
    }

    #[test]
    fn imports_in_a_cycle_are_an_error_naming_the_files() {
        let (dir, rels) = folder(&[
            ("a.js", "import './b.js';"),
            ("b.js", "import './c.js';"),
            ("c.js", "export { x } from './a.js';"),
        ]);
        let error = static_assets_with(dir.path(), &rels, str::to_owned).unwrap_err();
        assert_eq!(
            error.to_string(),
            "scripts import each other in a cycle (a.js → b.js → c.js → a.js): a name carrying \
             a hash of the file's content needs imports without cycles"
        );
        assert_eq!(error.location(), ("a.js", 0, 0));
    }

    #[test]
    fn specifiers_in_strings_comments_templates_and_regexes_are_left_alone() {
        let text = "// import x from './gone.js';\n/* import('./gone.js') */\n\
                    const s = \"import y from './gone.js'\";\nconst t = `${1} import('./gone.js')`;\n\
                    const r = /import('.\\/gone.js')/g;\nconst q = 1 / 2 / 3;\n\
                    import z from './real.js';\n";
        let (dir, rels) = folder(&[("a.js", text), ("real.js", "export default 1;")]);
        let assets = static_assets_with(dir.path(), &rels, str::to_owned).unwrap();
        let real = assets.urls["real.js"]
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(
            written(&assets, "a.js"),
            text.replace("'./real.js'", &format!("'./{real}'"))
        );
    }

    #[test]
    fn an_import_of_a_missing_file_or_bad_syntax_is_reported_where_it_is() {
        let (dir, rels) = folder(&[("a.js", "const a = 1;\n  import b from './nope.js';")]);
        let error = static_assets_with(dir.path(), &rels, str::to_owned).unwrap_err();
        assert_eq!(error.location(), ("a.js", 2, 17));
        assert!(error.to_string().contains("`./nope.js`"), "{error}");

        let (dir, rels) = folder(&[("a.js", "const a = ;")]);
        let error = static_assets_with(dir.path(), &rels, str::to_owned).unwrap_err();
        assert!(
            matches!(error, AssetError::Parse { at: (1, _), .. }),
            "{error:?}"
        );
    }

    #[test]
    fn the_site_scripts_are_read_without_error() {
        let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/static");
        let rels: Vec<String> = walkdir::WalkDir::new(&static_dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&static_dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let assets = static_assets(&static_dir, &rels).unwrap();
        // The vendored libraries' licences are written beside them.
        let paths: Vec<&str> = assets.files.iter().map(OutputFile::path).collect();
        assert!(paths.contains(&"static/vendor/minisearch/LICENSE.txt"));
        assert!(paths.contains(&"static/vendor/stemmer/LICENSE.txt"));
        let engine = written(&assets, "search-engine.js");
        let minisearch = &assets.urls["vendor/minisearch/index.js"];
        assert!(engine.contains(minisearch.rsplit('/').next().unwrap()));
    }

    #[test]
    fn names_without_an_extension_or_in_folders_keep_their_shape() {
        assert_eq!(fingerprinted_name("js/app.js", "ab"), "js/app-ab.js");
        assert_eq!(fingerprinted_name("a.min.js", "ab"), "a.min-ab.js");
        assert_eq!(fingerprinted_name("dir/.js", "ab"), "dir/.js-ab");
    }
}

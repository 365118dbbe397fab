//! Loading, checking and publishing the rules data (`content/rules/<year>.yaml`).
//!
//! [`load_rules`] reads every year file, reports every problem it finds as a located
//! [`Diagnostic`] (all of them, not just the first), and returns the [`RuleBook`] the rest of the
//! build uses. `rules_json_files` publishes the validated rules as `data/rules/<year>.json` and
//! `data/rules/index.json` (schema in `docs/rules-data.md`).

use crate::rules::check::{FieldPath, Segment};
use crate::rules::data::{Status, YearRules, SCHEMA_VERSION};
use crate::rules::{Band, Region, RoleId, RuleBook};
use crate::site::output::staging::OutputFile;
use crate::site::{Diagnostic, Diagnostics};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

/// Reads and checks every `<content_dir>/rules/*.yaml` file.
pub fn load_rules(content_dir: &Path) -> Result<RuleBook, Diagnostics> {
    let dir = content_dir.join("rules");
    let mut diagnostics = Diagnostics::default();
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                &dir,
                0,
                0,
                format!("cannot read the rules folder: {e}"),
            ));
            return Err(diagnostics);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && !n.starts_with('_'))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::new(&dir, 0, 0, "no rules files found")
                .expected("one file per financial year, e.g. 2025-26.yaml"),
        );
        return Err(diagnostics);
    }
    let mut years = Vec::new();
    for path in paths {
        match fs::read_to_string(&path) {
            Ok(text) => match parse_year(&path, &text) {
                Ok(rules) => years.push(rules),
                Err(found) => diagnostics.0.extend(found.0),
            },
            Err(e) => diagnostics.push(Diagnostic::new(
                &path,
                0,
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    if diagnostics.is_empty() {
        Ok(RuleBook::new(years))
    } else {
        diagnostics.sort();
        Err(diagnostics)
    }
}

/// Parses and checks the text of one rules file; `path` is used for diagnostics and for the
/// file-name check.
pub fn parse_year(path: &Path, text: &str) -> Result<YearRules, Diagnostics> {
    let rules: YearRules = crate::site::load::yaml::from_str(text, 1, path, text).map_err(|d| {
        let d = if d.expected.is_none() {
            d.expected("the schema in docs/rules-data.md")
        } else {
            d
        };
        Diagnostics(vec![d])
    })?;
    let mut check = Checker {
        path,
        text,
        found: Diagnostics::default(),
    };
    check.year(&rules);
    if check.found.is_empty() {
        Ok(rules)
    } else {
        check.found.sort();
        Err(check.found)
    }
}

/// Reports the problems of one parsed file at their place in its text.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    found: Diagnostics,
}

impl Checker<'_> {
    /// Line and column (1-based) of the first `needle` at or after line `from_line`.
    fn locate(&self, from_line: usize, needles: &[String]) -> (usize, usize) {
        for (i, line) in self
            .text
            .lines()
            .enumerate()
            .skip(from_line.saturating_sub(1))
        {
            if let Some(col) = needles.iter().filter_map(|n| line.find(n.as_str())).min() {
                return (i + 1, line[..col].chars().count() + 1);
            }
        }
        (0, 0)
    }

    /// The line and column of a field of the rules data: each step is searched for from where
    /// the step before it was found (`key:` for a field, `key: value` or `key: "value"` for a
    /// list item); (0, 0) if a step is not found.
    fn locate_path(&self, path: &FieldPath) -> (usize, usize) {
        let mut at = (1, 1);
        for segment in &path.0 {
            let needles = match segment {
                Segment::Field(name) => vec![format!("{name}:")],
                Segment::Item { key, value } => {
                    vec![format!("{key}: {value}"), format!("{key}: \"{value}\"")]
                }
            };
            at = self.locate(at.0, &needles);
            if at == (0, 0) {
                break;
            }
        }
        at
    }

    fn report(&mut self, at: (usize, usize), message: impl Into<String>, expected: &str) {
        let mut d = Diagnostic::new(self.path, at.0, at.1, message);
        if !expected.is_empty() {
            d = d.expected(expected);
        }
        self.found.push(d.with_source(self.text));
    }

    /// The rules core's invariants ([`YearRules::check`]), plus the file's name.
    fn year(&mut self, rules: &YearRules) {
        let year = rules.year;
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != year.to_string() {
            let at = self.locate_path(&FieldPath::field("year"));
            self.report(
                at,
                format!("the file is named `{stem}` but holds year `{year}`"),
                &format!("the file name {year}.yaml"),
            );
        }
        for problem in rules.check() {
            let at = self.locate_path(&problem.path);
            self.report(at, problem.message, &problem.expected);
        }
    }
}

/// Version of the published JSON (`data/rules/*.json`); it follows the rules schema version.
pub(crate) const JSON_SCHEMA_VERSION: u32 = SCHEMA_VERSION;

/// One year in `index.json`.
#[derive(Debug, Serialize)]
struct IndexYear<'a> {
    year: String,
    status: Status,
    summary: &'a str,
    path: String,
}

/// An id with the name readers see.
#[derive(Debug, Serialize)]
struct Named {
    id: &'static str,
    name: String,
}

/// `data/rules/index.json`.
#[derive(Debug, Serialize)]
struct Index<'a> {
    schema_version: u32,
    current: Option<String>,
    years: Vec<IndexYear<'a>>,
    roles: Vec<Named>,
    regions: Vec<Named>,
    bands: Vec<Named>,
}

/// The files `data/rules/<year>.json` for every year and `data/rules/index.json`, for the
/// output folder.
pub(crate) fn rules_json_files(book: &RuleBook) -> Result<Vec<OutputFile>, std::io::Error> {
    let file = |name: String, json: String| OutputFile::Bytes {
        path: format!("data/rules/{name}"),
        bytes: (json + "\n").into_bytes(),
    };
    let mut files = Vec::with_capacity(book.years().len() + 1);
    for rules in book.years() {
        let json = serde_json::to_string_pretty(rules).map_err(std::io::Error::other)?;
        files.push(file(format!("{}.json", rules.year), json));
    }
    let index = Index {
        schema_version: JSON_SCHEMA_VERSION,
        current: book.current().map(|y| y.year.to_string()),
        years: book
            .years()
            .iter()
            .map(|y| IndexYear {
                year: y.year.to_string(),
                status: y.status,
                summary: &y.summary,
                path: format!("{}.json", y.year),
            })
            .collect(),
        roles: RoleId::all()
            .map(|r| Named {
                id: r.id(),
                name: r.name().to_owned(),
            })
            .collect(),
        regions: Region::ALL
            .into_iter()
            .map(|r| Named {
                id: r.id(),
                name: r.name().to_owned(),
            })
            .collect(),
        bands: Band::ALL
            .into_iter()
            .map(|b| Named {
                id: b.id(),
                name: b.label(),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&index).map_err(std::io::Error::other)?;
    files.push(file("index.json".to_owned(), json));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::output::staging::write_file;
    use proptest::prelude::*;

    fn content_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    fn real(year: &str) -> (PathBuf, String) {
        let path = content_dir().join("rules").join(format!("{year}.yaml"));
        let text = fs::read_to_string(&path).unwrap();
        (PathBuf::from(format!("content/rules/{year}.yaml")), text)
    }

    #[test]
    fn the_real_rules_load_without_diagnostics() {
        let book = load_rules(&content_dir()).unwrap_or_else(|d| panic!("{d}"));
        let years: Vec<String> = book.years().iter().map(|y| y.year.to_string()).collect();
        assert_eq!(years, ["2023-24", "2024-25", "2025-26", "2026-27"]);
        assert_eq!(book.current().unwrap().year.to_string(), "2025-26");
    }

    fn diagnostics_for(year: &str, from: &str, to: &str) -> String {
        let (path, text) = real(year);
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        parse_year(&path, &broken).unwrap_err().to_string()
    }

    #[test]
    fn unknown_role_is_located() {
        let report = diagnostics_for("2024-25", "id: paramedic", "id: paramedick");
        assert!(
            report.starts_with("content/rules/2024-25.yaml:"),
            "{report}"
        );
        assert!(
            report.contains("unknown value `paramedick` for `roles[8].id`; expected one of `clinical-pharmacist`"),
            "{report}"
        );
    }

    #[test]
    fn float_money_is_refused_with_its_location() {
        let report = diagnostics_for("2024-25", "value: \"0.138\"", "value: 0.138");
        let (_, text) = real("2024-25");
        let line = text.lines().position(|l| l.contains("ni_rate:")).unwrap() + 1;
        assert!(report.starts_with(&format!("content/rules/2024-25.yaml:{line}:21: the number 0.138 must be written as a quoted decimal string")), "{report}");
        assert!(
            report.contains(
                "for `on_costs.ni_rate.value`; expected the schema in docs/rules-data.md"
            ),
            "{report}"
        );
    }

    #[test]
    fn semantic_errors_are_all_reported_with_lines() {
        let (path, text) = real("2024-25");
        let broken = text
            .replacen(
                "ni_rate: { value: \"0.138\"",
                "ni_rate: { value: \"1.38\"",
                1,
            )
            .replacen(
                "from: 2024-10-01\n    note",
                "from: 2025-10-01\n    note",
                1,
            )
            .replacen("year: \"2024-25\"", "year: \"2023-24\"", 1);
        let report = parse_year(&path, &broken).unwrap_err();
        let text = report.to_string();
        assert!(
            text.contains("ni_rate is 1.38, which is out of range"),
            "{text}"
        );
        assert!(
            text.contains("the file is named `2024-25` but holds year `2023-24`"),
            "{text}"
        );
        assert!(report.0.iter().all(|d| d.line > 0), "{text}");
        assert!(report.0.len() >= 3, "{text}");
    }

    #[test]
    fn missing_band_caps_are_reported() {
        // Remove band 6 from the October 2024 table: the MHPs offer band 6.
        let (path, text) = real("2024-25");
        let start = text.rfind("      - band: \"6\"").unwrap();
        let end = start + text[start..].find("      - band: \"7\"").unwrap();
        let broken = format!("{}{}", &text[..start], &text[end..]);
        let report = parse_year(&path, &broken).unwrap_err().to_string();
        assert!(
            report.contains("uses band 6, which has no caps in table `2024-10`"),
            "{report}"
        );
    }

    #[test]
    fn derived_figure_without_note_is_reported() {
        let report = diagnostics_for(
            "2025-26",
            "ni_threshold: { value: 5000, status: published",
            "ni_threshold: { value: 5000, status: derived",
        );
        assert!(
            report.contains("ni_threshold is derived but has no note"),
            "{report}"
        );
    }

    #[test]
    fn published_json_round_trips_and_has_an_index() {
        let book = load_rules(&content_dir()).unwrap();
        let out = tempfile::tempdir().unwrap();
        for file in rules_json_files(&book).unwrap() {
            write_file(out.path(), &file).unwrap();
        }
        for rules in book.years() {
            let text =
                fs::read_to_string(out.path().join(format!("data/rules/{}.json", rules.year)))
                    .unwrap();
            let back: YearRules = serde_json::from_str(&text).unwrap();
            assert_eq!(&back, rules);
            assert!(text.contains("\"value\": \"0.1438\""));
        }
        let index: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(out.path().join("data/rules/index.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(index["schema_version"], 1);
        assert_eq!(index["current"], "2025-26");
        assert_eq!(index["years"][3]["status"], "scenario");
        assert_eq!(index["roles"].as_array().unwrap().len(), 25);
        assert_eq!(index["regions"][1]["id"], "outer-london");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn loader_never_panics_on_any_text(text in ".{0,300}") {
            let _ = parse_year(Path::new("content/rules/2024-25.yaml"), &text);
        }

        #[test]
        fn loader_never_panics_on_a_mangled_file(cut in 0..12000usize, insert in ".{0,10}") {
            let (path, text) = real("2025-26");
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let mangled = format!("{}{}{}", &text[..at], insert, &text[at..]);
            let _ = parse_year(&path, &mangled);
        }
    }
}

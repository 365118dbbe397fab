//! Loading, checking and publishing the rules data (`content/rules/<year>.yaml`).
//!
//! [`load_rules`] reads every year file, reports every problem it finds as a located
//! [`Diagnostic`] (all of them, not just the first), and returns the [`RuleBook`] the rest of the
//! build uses. [`write_rules_json`] publishes the validated rules as `data/rules/<year>.json` and
//! `data/rules/index.json` (schema in `docs/rules-data.md`).

use crate::rules::data::{CapTable, Figure, Status, YearRules, SCHEMA_VERSION};
use crate::rules::{Band, Region, RoleId, RuleBook};
use crate::site::{Diagnostic, Diagnostics};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;
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
    let rules: YearRules = match serde_yaml::from_str(text) {
        Ok(rules) => rules,
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            let message = e.to_string();
            let message = message
                .split_once(" at line ")
                .map(|(m, _)| m.to_owned())
                .unwrap_or(message);
            let diagnostic = Diagnostic::new(path, line, column, message)
                .expected("the schema in docs/rules-data.md")
                .with_source(text);
            return Err(Diagnostics(vec![diagnostic]));
        }
    };
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

/// Collects the problems of one parsed file, located by searching the text.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    found: Diagnostics,
}

impl Checker<'_> {
    /// Line and column (1-based) of the first `needle` at or after line `from_line`.
    fn locate(&self, from_line: usize, needle: &str) -> (usize, usize) {
        for (i, line) in self
            .text
            .lines()
            .enumerate()
            .skip(from_line.saturating_sub(1))
        {
            if let Some(col) = line.find(needle) {
                return (i + 1, line[..col].chars().count() + 1);
            }
        }
        (0, 0)
    }

    fn report(&mut self, at: (usize, usize), message: impl Into<String>, expected: &str) {
        let mut d = Diagnostic::new(self.path, at.0, at.1, message);
        if !expected.is_empty() {
            d = d.expected(expected);
        }
        self.found.push(d.with_source(self.text));
    }

    fn year(&mut self, rules: &YearRules) {
        let year = rules.year;
        if rules.schema_version != SCHEMA_VERSION {
            let at = self.locate(1, "schema_version");
            self.report(
                at,
                format!("unsupported schema_version {}", rules.schema_version),
                &SCHEMA_VERSION.to_string(),
            );
        }
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != year.to_string() {
            let at = self.locate(1, "year:");
            self.report(
                at,
                format!("the file is named `{stem}` but holds year `{year}`"),
                &format!("the file name {year}.yaml"),
            );
        }
        for (name, url) in &rules.sources {
            self.source_url(&format!("{name}: "), url);
        }
        self.on_costs(rules);
        self.pots(rules);
        self.roles(rules);
        self.cap_tables(rules);
        self.coverage(rules);
        self.pay_scales(rules);
    }

    fn source_url(&mut self, near: &str, url: &str) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let at = self.locate(1, near);
            self.report(
                at,
                format!("source `{url}` is not a URL"),
                "an http:// or https:// address",
            );
        }
    }

    /// Checks a figure's status, note and value range; `at` locates it.
    fn figure(
        &mut self,
        at: (usize, usize),
        what: &str,
        figure: &Figure,
        table_note: bool,
        range: (Decimal, Decimal),
        range_text: &str,
    ) {
        if figure.status != Status::Published && figure.note.is_none() && !table_note {
            self.report(
                at,
                format!(
                    "{what} is {} but has no note saying how it was obtained",
                    figure.status.id()
                ),
                "a `note` with the method",
            );
        }
        if !(figure.source.starts_with("https://") || figure.source.starts_with("http://")) {
            self.report(
                at,
                format!("{what} has source `{}`, which is not a URL", figure.source),
                "an http:// or https:// address",
            );
        }
        if figure.value < range.0 || figure.value >= range.1 {
            self.report(
                at,
                format!("{what} is {}, which is out of range", figure.value),
                range_text,
            );
        }
    }

    fn date_in_year(&mut self, at: (usize, usize), what: &str, date: NaiveDate, rules: &YearRules) {
        if !rules.year.contains(date) {
            self.report(
                at,
                format!("{what} {date} is outside {}", rules.year),
                &format!(
                    "a date from {} to {}",
                    rules.year.first_day(),
                    rules.year.last_day()
                ),
            );
        }
    }

    fn on_costs(&mut self, rules: &YearRules) {
        let rate = (Decimal::ZERO, Decimal::ONE);
        let at = self.locate(1, "ni_rate:");
        self.figure(
            at,
            "ni_rate",
            &rules.on_costs.ni_rate,
            false,
            rate,
            "a rate at least 0 and below 1, e.g. \"0.138\"",
        );
        let at = self.locate(1, "pension_rate:");
        self.figure(
            at,
            "pension_rate",
            &rules.on_costs.pension_rate,
            false,
            rate,
            "a rate at least 0 and below 1, e.g. \"0.1438\"",
        );
        let at = self.locate(1, "ni_threshold:");
        self.figure(
            at,
            "ni_threshold",
            &rules.on_costs.ni_threshold,
            false,
            (Decimal::ZERO, Decimal::from(1_000_000)),
            "pounds a year from 0 to 1000000",
        );
    }

    fn pots(&mut self, rules: &YearRules) {
        let pots_line = self.locate(1, "pots:").0;
        let mut ids = BTreeSet::new();
        let mut main_pots = 0;
        for pot in &rules.pots {
            let at = self.locate(pots_line, &format!("id: {}", pot.id));
            if !ids.insert(pot.id.clone()) {
                self.report(
                    at,
                    format!("pot `{}` is listed twice", pot.id),
                    "unique pot ids",
                );
            }
            self.figure(
                at,
                &format!("the rate of pot `{}`", pot.id),
                &pot.rate,
                false,
                (Decimal::new(1, 3), Decimal::from(1000)),
                "pounds per weighted patient, more than 0 and below 1000",
            );
            if let Some(from) = pot.from {
                self.date_in_year(at, "pot start", from, rules);
            }
            if pot.roles.is_empty() {
                main_pots += 1;
            }
            for role in &pot.roles {
                if rules.roles.iter().all(|r| r.id != *role) {
                    self.report(
                        at,
                        format!(
                            "pot `{}` lists `{role}`, which is not in this year's roles",
                            pot.id
                        ),
                        "roles listed under `roles:`",
                    );
                }
            }
        }
        if main_pots != 1 {
            let at = (pots_line, 1);
            self.report(
                at,
                format!("{main_pots} pots have no role list"),
                "exactly one main pot (without `roles`) that every other role draws on",
            );
        }
    }

    fn roles(&mut self, rules: &YearRules) {
        let roles_line = self.locate(1, "roles:").0;
        let mut seen = BTreeSet::new();
        for rule in &rules.roles {
            let at = self.locate(roles_line, &format!("id: {}", rule.id));
            if !seen.insert(rule.id) {
                self.report(
                    at,
                    format!("role `{}` is listed twice", rule.id),
                    "each role once",
                );
            }
            if !(rule.source.starts_with("https://") || rule.source.starts_with("http://")) {
                self.report(
                    at,
                    format!(
                        "role `{}` has source `{}`, which is not a URL",
                        rule.id, rule.source
                    ),
                    "an http:// or https:// address",
                );
            }
            if rule.status != Status::Published
                && rule.note.is_none()
                && rules.status != Status::Scenario
            {
                self.report(
                    at,
                    format!("role `{}` is {} but has no note", rule.id, rule.status.id()),
                    "a `note` saying how the band was chosen",
                );
            }
            if let Some(from) = rule.from {
                self.date_in_year(at, "role start", from, rules);
            }
            let is_mhp = rule.id.is_mental_health_practitioner();
            if !is_mhp && (!rule.bands_offered.is_empty() || !rule.shares.is_empty()) {
                self.report(at, format!("`bands_offered` and `shares` apply only to mental health practitioners, not `{}`", rule.id), "no `bands_offered` or `shares` here");
            }
            if is_mhp && !rule.bands_offered.is_empty() && !rule.bands_offered.contains(&rule.band)
            {
                self.report(
                    at,
                    format!(
                        "the default band {} of `{}` is not among its bands_offered",
                        rule.band, rule.id
                    ),
                    "the default band listed in bands_offered",
                );
            }
            for share in &rule.shares {
                if *share != Decimal::ONE && *share != Decimal::new(5, 1) {
                    self.report(
                        at,
                        format!("share {share} of `{}` is not allowed", rule.id),
                        "\"0.5\" or \"1\"",
                    );
                }
            }
            let gp_band = rule.band == Band::SalariedGp;
            if gp_band != rule.id.is_general_practitioner() {
                self.report(
                    at,
                    format!("`{}` cannot be reimbursed at band {}", rule.id, rule.band),
                    "salaried-gp for general-practitioner only",
                );
            }
            if rule.band == Band::B8b {
                self.report(
                    at,
                    format!("`{}` uses band 8b, which no cap table has", rule.id),
                    "an ARRS reimbursement band",
                );
            }
        }
    }

    fn cap_tables(&mut self, rules: &YearRules) {
        let tables_line = self.locate(1, "cap_tables:").0;
        let mut ids = BTreeSet::new();
        let mut starts = BTreeSet::new();
        for table in &rules.cap_tables {
            let at = self.locate(tables_line, &format!("id: \"{}\"", table.id));
            if !ids.insert(table.id.clone()) {
                self.report(
                    at,
                    format!("cap table `{}` is listed twice", table.id),
                    "unique table ids",
                );
            }
            self.date_in_year(at, "the table start", table.from, rules);
            if !table.superseded && !starts.insert(table.from) {
                self.report(
                    at,
                    format!("two cap tables in force start on {}", table.from),
                    "one table in force per start date (mark a replaced table `superseded: true`)",
                );
            }
            let mut bands = BTreeSet::new();
            for caps in &table.bands {
                let band_at = self.locate(at.0, &format!("band: \"{}\"", caps.band));
                if !bands.insert(caps.band) {
                    self.report(
                        band_at,
                        format!("band {} appears twice in table `{}`", caps.band, table.id),
                        "each band once per table",
                    );
                }
                for region in Region::ALL {
                    let cell_at = self.locate(band_at.0, &format!("{}:", region.id()));
                    let what = format!(
                        "the {} cap for band {} in table `{}`",
                        region.id(),
                        caps.band,
                        table.id
                    );
                    self.figure(
                        cell_at,
                        &what,
                        caps.for_region(region),
                        table.note.is_some(),
                        (Decimal::ONE, Decimal::from(1_000_000)),
                        "pounds a year, more than 0 and below 1000000",
                    );
                }
            }
        }
        let first_in_force = rules
            .cap_tables
            .iter()
            .filter(|t| !t.superseded)
            .map(|t| t.from)
            .min();
        if first_in_force != Some(rules.year.first_day()) {
            self.report(
                (tables_line, 1),
                format!("no cap table in force starts on {}", rules.year.first_day()),
                "a table (not superseded) from the first day of the year",
            );
        }
    }

    /// Every band each role can use has caps in every table in force while the role can be
    /// claimed (regions are required fields, so every region is then covered).
    fn coverage(&mut self, rules: &YearRules) {
        let roles_line = self.locate(1, "roles:").0;
        let in_force: Vec<(&CapTable, NaiveDate)> = rules
            .tables_in_force()
            .into_iter()
            .map(|t| (t.table, t.to))
            .collect();
        for rule in &rules.roles {
            let from = rules.role_first_day(rule);
            for band in rules.bands_of(rule) {
                for (table, to) in &in_force {
                    if *to < from || table.bands.iter().any(|b| b.band == band) {
                        continue;
                    }
                    let at = self.locate(roles_line, &format!("id: {}", rule.id));
                    self.report(
                        at,
                        format!(
                            "`{}` uses band {band}, which has no caps in table `{}` ({} to {to})",
                            rule.id, table.id, table.from
                        ),
                        "caps for every band a role uses, in every table in force",
                    );
                }
            }
        }
    }

    fn pay_scales(&mut self, rules: &YearRules) {
        let scales_line = self.locate(1, "pay_scales:").0;
        let mut seen = BTreeSet::new();
        for scale in &rules.pay_scales {
            let at = self.locate(scales_line, &format!("band: \"{}\"", scale.band));
            if !scale.band.is_pay_band() {
                self.report(
                    at,
                    format!("band {} is not an Agenda for Change pay band", scale.band),
                    "one of 3, 4, 5, 6, 7, 8a, 8b, 8c",
                );
            }
            if !seen.insert(scale.band) {
                self.report(
                    at,
                    format!("the pay scale of band {} is listed twice", scale.band),
                    "each band once",
                );
            }
            let points = [Some(scale.entry), scale.intermediate, Some(scale.top)];
            let ordered = scale.entry > Decimal::ZERO
                && scale.top < Decimal::from(1_000_000)
                && scale.entry <= scale.intermediate.unwrap_or(scale.entry)
                && scale.intermediate.unwrap_or(scale.top) <= scale.top;
            if !ordered {
                self.report(
                    at,
                    format!(
                        "the pay points of band {} are not in order: {points:?}",
                        scale.band
                    ),
                    "0 < entry ≤ intermediate ≤ top < 1000000",
                );
            }
            if scale.status != Status::Published && scale.note.is_none() {
                self.report(
                    at,
                    format!(
                        "the pay scale of band {} is {} but has no note",
                        scale.band,
                        scale.status.id()
                    ),
                    "a `note` with the method",
                );
            }
            if !(scale.source.starts_with("https://") || scale.source.starts_with("http://")) {
                self.report(
                    at,
                    format!(
                        "the pay scale of band {} has a source that is not a URL",
                        scale.band
                    ),
                    "an http:// or https:// address",
                );
            }
        }
    }
}

/// Version of the published JSON (`data/rules/*.json`); it follows the rules schema version.
pub const JSON_SCHEMA_VERSION: u32 = SCHEMA_VERSION;

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

/// Writes `<out_dir>/data/rules/<year>.json` for every year and `<out_dir>/data/rules/index.json`.
pub fn write_rules_json(book: &RuleBook, out_dir: &Path) -> Result<(), std::io::Error> {
    let dir = out_dir.join("data").join("rules");
    fs::create_dir_all(&dir)?;
    for rules in book.years() {
        let json = serde_json::to_string_pretty(rules).map_err(std::io::Error::other)?;
        fs::write(dir.join(format!("{}.json", rules.year)), json + "\n")?;
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
    fs::write(dir.join("index.json"), json + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert!(report.contains("unknown variant `paramedick`"), "{report}");
    }

    #[test]
    fn float_money_is_refused_with_its_location() {
        let report = diagnostics_for("2024-25", "value: \"0.138\"", "value: 0.138");
        let (_, text) = real("2024-25");
        let line = text.lines().position(|l| l.contains("ni_rate:")).unwrap() + 1;
        assert!(report.starts_with(&format!("content/rules/2024-25.yaml:{line}:21: on_costs.ni_rate.value: the number 0.138 must be written as a quoted decimal string")), "{report}");
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
        write_rules_json(&book, out.path()).unwrap();
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

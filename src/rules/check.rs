//! The business invariants of one year's rules data, checked in the rules core so every reader
//! of the data (the site build and the browser calculator) enforces the same rules.
//!
//! [`YearRules::check`] returns every [`Problem`] it finds, each naming the field it is about as
//! a [`FieldPath`] (`cap_tables[id="2025-04"].bands[band="7"].national`). The rules core has no
//! file text, so turning a path into a line and column is left to the reader of the file.

use crate::rules::data::{CapTable, Figure, Status, YearRules, SCHEMA_VERSION};
use crate::rules::{Band, Region};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A mapping key, e.g. `pots` or `national`.
    Field(String),
    /// The list item whose `key` is `value`, e.g. the pot with `id: main`.
    Item {
        /// The identifying key of the item (`id`, `band`).
        key: &'static str,
        /// Its value, as written in the data (without quotes).
        value: String,
    },
}

/// Where in a year's rules data a problem is: the keys and list items from the top down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The path of a top-level field.
    pub fn field(name: &str) -> Self {
        FieldPath(vec![Segment::Field(name.to_owned())])
    }

    /// This path followed by the field `name`.
    pub fn then(&self, name: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Field(name.to_owned()));
        path
    }

    /// This path followed by the list item whose `key` is `value`.
    pub fn item(&self, key: &'static str, value: impl fmt::Display) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Item {
            key,
            value: value.to_string(),
        });
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Item { key, value } => write!(f, "[{key}=\"{value}\"]")?,
            }
        }
        Ok(())
    }
}

/// One broken invariant of the rules data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field the problem is about.
    pub path: FieldPath,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub expected: String,
}

impl YearRules {
    /// Every broken invariant of this year's data: one main pot, role-specific bands and shares,
    /// caps for every band in every table in force, the first table starting on 1 April, figures
    /// in range with sources and notes, and the like. Empty when the data is sound.
    pub fn check(&self) -> Vec<Problem> {
        let mut check = Checker {
            rules: self,
            found: Vec::new(),
        };
        check.year();
        check.found
    }
}

/// Collects the problems of one year.
struct Checker<'a> {
    rules: &'a YearRules,
    found: Vec<Problem>,
}

fn is_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

impl Checker<'_> {
    fn report(&mut self, path: &FieldPath, message: impl Into<String>, expected: &str) {
        self.found.push(Problem {
            path: path.clone(),
            message: message.into(),
            expected: expected.to_owned(),
        });
    }

    fn year(&mut self) {
        let rules = self.rules;
        if rules.schema_version != SCHEMA_VERSION {
            self.report(
                &FieldPath::field("schema_version"),
                format!("unsupported schema_version {}", rules.schema_version),
                &SCHEMA_VERSION.to_string(),
            );
        }
        for (name, url) in &rules.sources {
            if !is_url(url) {
                self.report(
                    &FieldPath::field("sources").then(name),
                    format!("source `{url}` is not a URL"),
                    "an http:// or https:// address",
                );
            }
        }
        self.on_costs();
        self.pots();
        self.roles();
        self.cap_tables();
        self.coverage();
        self.pay_scales();
    }

    /// Checks a figure's status, note and value range.
    fn figure(
        &mut self,
        at: &FieldPath,
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
        if !is_url(&figure.source) {
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

    fn date_in_year(&mut self, at: &FieldPath, what: &str, date: NaiveDate) {
        let year = self.rules.year;
        if !year.contains(date) {
            self.report(
                at,
                format!("{what} {date} is outside {year}"),
                &format!("a date from {} to {}", year.first_day(), year.last_day()),
            );
        }
    }

    fn on_costs(&mut self) {
        let on_costs = &self.rules.on_costs;
        let path = FieldPath::field("on_costs");
        let rate = (Decimal::ZERO, Decimal::ONE);
        self.figure(
            &path.then("ni_rate"),
            "ni_rate",
            &on_costs.ni_rate,
            false,
            rate,
            "a rate at least 0 and below 1, e.g. \"0.138\"",
        );
        self.figure(
            &path.then("pension_rate"),
            "pension_rate",
            &on_costs.pension_rate,
            false,
            rate,
            "a rate at least 0 and below 1, e.g. \"0.1438\"",
        );
        self.figure(
            &path.then("ni_threshold"),
            "ni_threshold",
            &on_costs.ni_threshold,
            false,
            (Decimal::ZERO, Decimal::from(1_000_000)),
            "pounds a year from 0 to 1000000",
        );
        self.pounds_and_pence(
            &path.then("ni_threshold"),
            "ni_threshold",
            on_costs.ni_threshold.value,
        );
    }

    /// An amount of money has at most two decimal places: a cap of `62340.123` would be published
    /// as it is and claimed to a fraction of a penny.
    fn pounds_and_pence(&mut self, at: &FieldPath, what: &str, value: Decimal) {
        if value.scale() > 2 {
            self.report(
                at,
                format!("{what} is {value}, which has more than 2 decimal places"),
                "pounds and pence, at most 2 decimal places (e.g. \"62340.12\")",
            );
        }
    }

    fn pots(&mut self) {
        let rules = self.rules;
        let pots = FieldPath::field("pots");
        let mut ids = BTreeSet::new();
        let mut main_pots = 0;
        for pot in &rules.pots {
            let at = pots.item("id", &pot.id);
            if !ids.insert(pot.id.clone()) {
                self.report(
                    &at,
                    format!("pot `{}` is listed twice", pot.id),
                    "unique pot ids",
                );
            }
            self.figure(
                &at,
                &format!("the rate of pot `{}`", pot.id),
                &pot.rate,
                false,
                (Decimal::new(1, 3), Decimal::from(1000)),
                "pounds per weighted patient, more than 0 and below 1000",
            );
            if let Some(from) = pot.from {
                self.date_in_year(&at, "pot start", from);
            }
            if pot.roles.is_empty() {
                main_pots += 1;
            }
            for role in &pot.roles {
                if rules.roles.iter().all(|r| r.id != *role) {
                    self.report(
                        &at,
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
            self.report(
                &pots,
                format!("{main_pots} pots have no role list"),
                "exactly one main pot (without `roles`) that every other role draws on",
            );
        }
    }

    fn roles(&mut self) {
        let rules = self.rules;
        let roles = FieldPath::field("roles");
        let mut seen = BTreeSet::new();
        for rule in &rules.roles {
            let at = roles.item("id", rule.id);
            if !seen.insert(rule.id) {
                self.report(
                    &at,
                    format!("role `{}` is listed twice", rule.id),
                    "each role once",
                );
            }
            if !is_url(&rule.source) {
                self.report(
                    &at,
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
                    &at,
                    format!("role `{}` is {} but has no note", rule.id, rule.status.id()),
                    "a `note` saying how the band was chosen",
                );
            }
            if let Some(from) = rule.from {
                self.date_in_year(&at, "role start", from);
            }
            let is_mhp = rule.id.is_mental_health_practitioner();
            if !is_mhp && (!rule.bands_offered.is_empty() || !rule.shares.is_empty()) {
                self.report(
                    &at,
                    format!(
                        "`bands_offered` and `shares` apply only to mental health practitioners, not `{}`",
                        rule.id
                    ),
                    "no `bands_offered` or `shares` here",
                );
            }
            if is_mhp && !rule.bands_offered.is_empty() && !rule.bands_offered.contains(&rule.band)
            {
                self.report(
                    &at,
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
                        &at,
                        format!("share {share} of `{}` is not allowed", rule.id),
                        "\"0.5\" or \"1\"",
                    );
                }
            }
            let gp_band = rule.band == Band::SalariedGp;
            if gp_band != rule.id.is_general_practitioner() {
                self.report(
                    &at,
                    format!("`{}` cannot be reimbursed at band {}", rule.id, rule.band),
                    "salaried-gp for general-practitioner only",
                );
            }
            if rule.band == Band::B8b {
                self.report(
                    &at,
                    format!("`{}` uses band 8b, which no cap table has", rule.id),
                    "an ARRS reimbursement band",
                );
            }
        }
    }

    fn cap_tables(&mut self) {
        let rules = self.rules;
        let tables = FieldPath::field("cap_tables");
        let mut ids = BTreeSet::new();
        let mut starts = BTreeSet::new();
        for table in &rules.cap_tables {
            let at = tables.item("id", &table.id);
            if !ids.insert(table.id.clone()) {
                self.report(
                    &at,
                    format!("cap table `{}` is listed twice", table.id),
                    "unique table ids",
                );
            }
            self.date_in_year(&at, "the table start", table.from);
            if !table.superseded && !starts.insert(table.from) {
                self.report(
                    &at,
                    format!("two cap tables in force start on {}", table.from),
                    "one table in force per start date (mark a replaced table `superseded: true`)",
                );
            }
            let mut bands = BTreeSet::new();
            for caps in &table.bands {
                let band_at = at.then("bands").item("band", caps.band);
                if !bands.insert(caps.band) {
                    self.report(
                        &band_at,
                        format!("band {} appears twice in table `{}`", caps.band, table.id),
                        "each band once per table",
                    );
                }
                for region in Region::ALL {
                    let what = format!(
                        "the {} cap for band {} in table `{}`",
                        region.id(),
                        caps.band,
                        table.id
                    );
                    let figure = caps.for_region(region);
                    self.figure(
                        &band_at.then(region.id()),
                        &what,
                        figure,
                        table.note.is_some(),
                        (Decimal::ONE, Decimal::from(1_000_000)),
                        "pounds a year, more than 0 and below 1000000",
                    );
                    self.pounds_and_pence(&band_at.then(region.id()), &what, figure.value);
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
                &tables,
                format!("no cap table in force starts on {}", rules.year.first_day()),
                "a table (not superseded) from the first day of the year",
            );
        }
    }

    /// Every band each role can use has caps in every table in force while the role can be
    /// claimed (regions are required fields, so every region is then covered).
    fn coverage(&mut self) {
        let rules = self.rules;
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
                    self.report(
                        &FieldPath::field("roles").item("id", rule.id),
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

    fn pay_scales(&mut self) {
        let scales = FieldPath::field("pay_scales");
        let mut seen = BTreeSet::new();
        for scale in &self.rules.pay_scales {
            let at = scales.item("band", scale.band);
            if !scale.band.is_pay_band() {
                self.report(
                    &at,
                    format!("band {} is not an Agenda for Change pay band", scale.band),
                    "one of 3, 4, 5, 6, 7, 8a, 8b, 8c",
                );
            }
            if !seen.insert(scale.band) {
                self.report(
                    &at,
                    format!("the pay scale of band {} is listed twice", scale.band),
                    "each band once",
                );
            }
            let points = [Some(scale.entry), scale.intermediate, Some(scale.top)];
            let ordered = scale.entry > Decimal::ZERO
                && scale.top < Decimal::from(1_000_000)
                && scale.entry <= scale.top
                && scale.entry <= scale.intermediate.unwrap_or(scale.entry)
                && scale.intermediate.unwrap_or(scale.top) <= scale.top;
            if !ordered {
                self.report(
                    &at,
                    format!(
                        "the pay points of band {} are not in order: {points:?}",
                        scale.band
                    ),
                    "0 < entry ≤ intermediate ≤ top < 1000000",
                );
            }
            for (point, value) in [
                ("entry", Some(scale.entry)),
                ("intermediate", scale.intermediate),
                ("top", Some(scale.top)),
            ] {
                if let Some(value) = value {
                    let what = format!("the {point} pay of band {}", scale.band);
                    self.pounds_and_pence(&at.then(point), &what, value);
                }
            }
            if scale.status != Status::Published && scale.note.is_none() {
                self.report(
                    &at,
                    format!(
                        "the pay scale of band {} is {} but has no note",
                        scale.band,
                        scale.status.id()
                    ),
                    "a `note` with the method",
                );
            }
            if !is_url(&scale.source) {
                self.report(
                    &at,
                    format!(
                        "the pay scale of band {} has a source that is not a URL",
                        scale.band
                    ),
                    "an http:// or https:// address",
                );
            }
            for (point, url) in &scale.published {
                let here = at.then("published").then(point.id());
                if scale.point(*point).is_none() {
                    self.report(
                        &here,
                        format!(
                            "band {} has no {} point to mark published",
                            scale.band,
                            point.id()
                        ),
                        "a point the band has: entry, intermediate or top",
                    );
                }
                if !is_url(url) {
                    self.report(
                        &here,
                        format!(
                            "the source of band {} {} is not a URL",
                            scale.band,
                            point.id()
                        ),
                        "an http:// or https:// address",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_pay_point_needs_a_url_and_a_point_the_band_has() {
        let mut rules = crate::rules::testdata::year("2026-27");
        let band3 = rules
            .pay_scales
            .iter_mut()
            .find(|s| s.band == crate::rules::Band::B3)
            .expect("band 3");
        band3.published.insert(
            crate::rules::PayPoint::Intermediate,
            "https://example.org".to_owned(),
        );
        band3
            .published
            .insert(crate::rules::PayPoint::Top, "not a url".to_owned());
        let problems: Vec<String> = rules.check().into_iter().map(|p| p.message).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("has no intermediate point"),
            "{problems:?}"
        );
        assert!(problems[1].contains("is not a URL"), "{problems:?}");
    }

    #[test]
    fn paths_read_like_the_yaml() {
        let path = FieldPath::field("cap_tables")
            .item("id", "2025-04")
            .then("bands")
            .item("band", "7")
            .then("national");
        assert_eq!(
            path.to_string(),
            "cap_tables[id=\"2025-04\"].bands[band=\"7\"].national"
        );
    }

    #[test]
    fn the_real_rules_have_no_problems() {
        for rules in crate::rules::testdata::all() {
            assert_eq!(rules.check(), Vec::new(), "{}", rules.year);
        }
    }

    #[test]
    fn a_second_main_pot_and_a_gp_band_on_a_pharmacist_are_refused() {
        let mut rules = crate::rules::testdata::year("2025-26");
        let main = rules
            .pots
            .iter()
            .find(|p| p.roles.is_empty())
            .unwrap()
            .clone();
        let mut second = main.clone();
        second.id = "second".into();
        rules.pots.push(second);
        let pharmacist = rules
            .roles
            .iter_mut()
            .find(|r| r.id == crate::rules::RoleId::ClinicalPharmacist)
            .unwrap();
        pharmacist.band = Band::SalariedGp;
        let problems = rules.check();
        let pots = problems
            .iter()
            .find(|p| p.message == "2 pots have no role list")
            .expect("the main-pot problem");
        assert_eq!(pots.path.to_string(), "pots");
        let band = problems
            .iter()
            .find(|p| p.message.contains("cannot be reimbursed at band"))
            .expect("the GP-band problem");
        assert_eq!(band.path.to_string(), "roles[id=\"clinical-pharmacist\"]");
        assert_eq!(band.expected, "salaried-gp for general-practitioner only");
    }

    #[test]
    fn entry_above_top_without_a_middle_point_is_refused() {
        let mut rules = crate::rules::testdata::year("2025-26");
        let scale = rules
            .pay_scales
            .iter_mut()
            .find(|s| s.band == Band::B3)
            .unwrap();
        scale.intermediate = None;
        scale.entry = Decimal::from(999_999);
        let problems = rules.check();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path.to_string(), "pay_scales[band=\"3\"]");
        assert!(problems[0]
            .message
            .starts_with("the pay points of band 3 are not in order"));
    }

    #[test]
    fn money_with_more_than_two_decimals_is_refused() {
        let mut rules = crate::rules::testdata::year("2025-26");
        let table = rules.cap_tables.iter_mut().find(|t| !t.superseded).unwrap();
        let id = table.id.clone();
        let caps = &mut table.bands[0];
        let band = caps.band;
        caps.national.value = "62340.123".parse().unwrap();
        rules.pay_scales[0].top = "30000.001".parse().unwrap();
        let scale_band = rules.pay_scales[0].band;
        let problems: Vec<(String, String)> = rules
            .check()
            .into_iter()
            .map(|p| (p.path.to_string(), p.message))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    format!("cap_tables[id=\"{id}\"].bands[band=\"{band}\"].national"),
                    format!("the national cap for band {band} in table `{id}` is 62340.123, which has more than 2 decimal places")
                ),
                (
                    format!("pay_scales[band=\"{scale_band}\"].top"),
                    format!("the top pay of band {scale_band} is 30000.001, which has more than 2 decimal places")
                ),
            ]
        );
    }
}

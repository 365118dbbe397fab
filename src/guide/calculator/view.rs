//! What `calculator.html` shows without JavaScript, computed at build time by the rules core:
//! the year list, the role list grouped by category, the caps table of the default year and
//! worked examples. The template only displays these strings.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::rules::data::PayPoint;
use crate::rules::glance::whole_pounds_gbp;
use crate::rules::{
    estimate, Estimate, Post, Region, RoleId, RuleBook, WorkingTime, YearId, YearRules,
};
use crate::site::load::model::Date;
use crate::site::render::views::common::DateView;

/// Where the build publishes each year's rules JSON (`<base><year>.json`).
pub const RULES_BASE: &str = "/data/rules/";
/// Group heading for roles that have no role page (and so no category).
const OTHER_ROLES: &str = "Other roles";

/// Everything `calculator.html` needs besides the page itself.
#[derive(Debug, Clone, Serialize)]
pub struct CalculatorView {
    /// URL of the calculator's wasm-bindgen script (hashed name).
    pub script_url: String,
    /// URL of the WebAssembly module (hashed name), preloaded by the page; empty if unknown.
    pub wasm_url: String,
    /// URL prefix of the published rules JSON.
    pub rules_base: String,
    /// Every year of the rules, oldest first.
    pub years: Vec<YearOption>,
    /// The year selected by default: the financial year containing the build day if the rules
    /// have it, otherwise the newest that is not a scenario. (The page's script picks the year
    /// containing the reader's today.)
    pub default_year: String,
    /// The default year as readers write it, `2026/27`.
    pub default_year_label: String,
    /// First day of the newest cap table in force in the default year.
    pub rates_as_at: DateView,
    /// Roles of any year, grouped by category, for the role list.
    pub role_groups: Vec<RoleGroup>,
    /// The pay areas.
    pub regions: Vec<Choice>,
    /// Each year's reference tables (caps and worked examples), oldest first: the page shows
    /// the default year's without JavaScript and the selected year's with it.
    pub references: Vec<YearReference>,
}

/// What the page shows below the calculator for one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearReference {
    /// `2025-26`.
    pub id: String,
    /// True for the default year (shown without JavaScript; the others are `hidden`).
    pub default: bool,
    /// `published` or `scenario`.
    pub status: String,
    /// First day of the newest cap table in force in the year.
    pub rates_as_at: DateView,
    /// The year's caps, one table per period.
    pub caps: CapsView,
    /// Worked examples in the year.
    pub examples: Vec<ExampleView>,
}

/// One financial year in the year list.
#[derive(Debug, Clone, Serialize)]
pub struct YearOption {
    /// `2025-26`.
    pub id: String,
    /// `2025/26`.
    pub label: String,
    /// `published` or `scenario`.
    pub status: String,
}

/// An option of a list: id and what readers see.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Identifier.
    pub id: String,
    /// Reader name.
    pub name: String,
}

/// Roles of one category.
#[derive(Debug, Clone, Serialize)]
pub struct RoleGroup {
    /// Category label, e.g. `Clinical roles`.
    pub label: String,
    /// The roles, in the order of the rules core.
    pub roles: Vec<Choice>,
}

/// The caps of one year.
#[derive(Debug, Clone, Serialize)]
pub struct CapsView {
    /// `2025/26`.
    pub year_label: String,
    /// One table per period in force.
    pub tables: Vec<CapTableView>,
}

/// The caps in force for one period.
#[derive(Debug, Clone, Serialize)]
pub struct CapTableView {
    /// First day.
    pub from: DateView,
    /// Last day.
    pub to: DateView,
    /// Method or caveat of the table.
    pub note: Option<String>,
    /// One row per role.
    pub rows: Vec<CapRowView>,
}

/// One role's annual caps per WTE.
#[derive(Debug, Clone, Serialize)]
pub struct CapRowView {
    /// Role name.
    pub role: String,
    /// Band label.
    pub band: String,
    /// National cap, `£12,345.67`.
    pub national: String,
    /// Outer London cap.
    pub outer_london: String,
    /// Inner London cap.
    pub inner_london: String,
    /// Published, derived or scenario.
    pub status: String,
    /// Source of the national figure.
    pub source_url: String,
    /// How the national figure was derived or assumed, when the rules say (a derived or
    /// scenario figure's method, so its label never has to stand alone).
    pub note: Option<String>,
}

/// A worked example: one post, its first month and its whole period.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    /// Heading.
    pub title: String,
    /// The post in words.
    pub description: String,
    /// The month shown, e.g. `April 2025`.
    pub month_label: String,
    /// The steps: pay, NI, pension, cost, cap, claim, top-up.
    pub lines: Vec<ExampleLine>,
    /// The example in the calculator.
    pub url: String,
}

/// One step of a worked example.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleLine {
    /// What the step is.
    pub label: String,
    /// Its amount in the month shown.
    pub month: String,
    /// Its amount over the whole period.
    pub total: String,
}

/// The calculator's hashed asset URLs.
#[derive(Debug, Clone, Copy, Default)]
pub struct CalculatorUrls<'a> {
    /// The wasm-bindgen script.
    pub script: &'a str,
    /// The WebAssembly module.
    pub wasm: &'a str,
}

/// The calculator's view on `today` (none: the clock is unreadable, so the newest published
/// year). `categories` maps role ids to their category label (from the role pages). `None` when
/// the book has no year.
pub fn calculator_view(
    book: &RuleBook,
    categories: &BTreeMap<String, String>,
    urls: CalculatorUrls,
    today: Option<NaiveDate>,
) -> Option<CalculatorView> {
    let this_year = today
        .and_then(|day| YearId::containing(day).ok())
        .and_then(|year| book.years().iter().find(|rules| rules.year == year));
    let rules = this_year
        .or_else(|| book.current())
        .or_else(|| book.years().last())?;
    Some(CalculatorView {
        script_url: urls.script.to_string(),
        wasm_url: urls.wasm.to_string(),
        rules_base: RULES_BASE.to_string(),
        years: book
            .years()
            .iter()
            .map(|year| YearOption {
                id: year.year.to_string(),
                label: year_label(year),
                status: year.status.id().to_string(),
            })
            .collect(),
        default_year: rules.year.to_string(),
        default_year_label: year_label(rules),
        rates_as_at: rates_as_at(rules),
        role_groups: role_groups(book, categories),
        regions: Region::ALL
            .iter()
            .map(|region| Choice {
                id: region.id().to_string(),
                name: region.name().to_string(),
            })
            .collect(),
        references: book
            .years()
            .iter()
            .map(|year| YearReference {
                id: year.year.to_string(),
                default: year.year == rules.year,
                status: year.status.id().to_string(),
                rates_as_at: rates_as_at(year),
                caps: caps_view(year),
                examples: examples(year),
            })
            .collect(),
    })
}

/// The first day of the newest cap table in force in the year.
fn rates_as_at(rules: &YearRules) -> DateView {
    date_view(
        rules
            .tables_in_force()
            .last()
            .map_or(rules.year.first_day(), |table| table.from),
    )
}

impl CalculatorView {
    /// The reference tables of the default year.
    pub fn default_reference(&self) -> Option<&YearReference> {
        self.references.iter().find(|reference| reference.default)
    }
}

fn year_label(rules: &YearRules) -> String {
    rules.year.to_string().replacen('-', "/", 1)
}

fn date_view(date: NaiveDate) -> DateView {
    Date(date).into()
}

fn role_groups(book: &RuleBook, categories: &BTreeMap<String, String>) -> Vec<RoleGroup> {
    let mut groups: Vec<RoleGroup> = Vec::new();
    let in_any_year = |role: RoleId| book.years().iter().any(|year| year.role(role).is_ok());
    for role in RoleId::all().filter(|role| in_any_year(*role)) {
        let label = categories
            .get(role.id())
            .map_or_else(|| OTHER_ROLES.to_string(), |c| format!("{c} roles"));
        let choice = Choice {
            id: role.id().to_string(),
            name: role.name().to_string(),
        };
        match groups.iter_mut().find(|group| group.label == label) {
            Some(group) => group.roles.push(choice),
            None => groups.push(RoleGroup {
                label,
                roles: vec![choice],
            }),
        }
    }
    groups.sort_by_key(|group| group.label == OTHER_ROLES);
    groups
}

fn caps_view(rules: &YearRules) -> CapsView {
    let tables = rules
        .tables_in_force()
        .iter()
        .filter_map(|table| {
            let rows = rules.roles_on(table.from).ok()?;
            Some(CapTableView {
                from: date_view(table.from),
                to: date_view(table.to),
                note: table.table.note.clone(),
                rows: rows
                    .into_iter()
                    .map(|row| CapRowView {
                        role: row.name.to_string(),
                        band: row.period.band_label.clone(),
                        national: whole_pounds_gbp(row.period.national.annual),
                        outer_london: whole_pounds_gbp(row.period.outer_london.annual),
                        inner_london: whole_pounds_gbp(row.period.inner_london.annual),
                        status: row.period.status.id().to_string(),
                        source_url: row.period.national.source.clone(),
                        note: row.period.national.note.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    CapsView {
        year_label: year_label(rules),
        tables,
    }
}

/// The worked examples: a full-time post for the whole year, a part-time post starting in
/// October, and an inner London post. Salaries are pay points of the role's band from the rules
/// data; a case whose role or pay point is missing from the year is left out.
struct ExampleCase {
    role: RoleId,
    region: Region,
    point: PayPoint,
    point_name: &'static str,
    wte: rust_decimal::Decimal,
    from_month: Option<u32>,
}

fn examples(rules: &YearRules) -> Vec<ExampleView> {
    let cases = [
        ExampleCase {
            role: RoleId::Paramedic,
            region: Region::National,
            point: PayPoint::Top,
            point_name: "top",
            wte: rust_decimal::Decimal::ONE,
            from_month: None,
        },
        ExampleCase {
            role: RoleId::PharmacyTechnician,
            region: Region::National,
            point: PayPoint::Entry,
            point_name: "entry point",
            wte: rust_decimal::Decimal::new(6, 1),
            from_month: Some(10),
        },
        ExampleCase {
            role: RoleId::SocialPrescribingLinkWorker,
            region: Region::InnerLondon,
            point: PayPoint::Top,
            point_name: "top",
            wte: rust_decimal::Decimal::ONE,
            from_month: None,
        },
    ];
    cases
        .iter()
        .filter_map(|case| example(rules, case))
        .collect()
}

fn example(rules: &YearRules, case: &ExampleCase) -> Option<ExampleView> {
    let band = rules.role(case.role).ok()?.band;
    let (salary, _) = rules.salary_at(band, case.point).ok()?;
    let mut post = Post::new(
        case.role,
        case.region,
        salary,
        WorkingTime::wte(case.wte).ok()?,
    )
    .ok()?;
    let year = rules.year;
    post.from = match case.from_month {
        Some(month) => NaiveDate::from_ymd_opt(year.start_year(), month, 1),
        None => None,
    };
    let estimate = estimate(rules, &post).ok()?;
    let wte = crate::rules::money::plain_decimal(case.wte);
    let salary_text = whole_pounds_gbp(crate::rules::Money::round(salary));
    let place = match case.region {
        Region::National => "outside London".to_string(),
        other => format!("in {}", other.name()),
    };
    let title = format!("{}, {} WTE, {place}", case.role.name(), wte);
    let mut description = format!(
        "A {} on {} a year (the {} of {}), working {} WTE {place}, from {} to {}, in the NHS Pension Scheme.",
        case.role.name().to_lowercase(),
        salary_text,
        case.point_name,
        band.label(),
        wte,
        Date(estimate.from).long(),
        Date(estimate.to).long(),
    );
    if case.region != Region::National {
        description.push_str(
            " The salary is the national pay point: London posts usually add a high cost area \
             supplement, so enter the actual salary in the calculator.",
        );
    }
    let url = format!(
        "/calculator/?year={}&post={},{},{},{},{},{}",
        year,
        case.role.id(),
        case.region.id(),
        crate::rules::money::plain_decimal(salary),
        wte,
        estimate.from,
        estimate.to
    );
    Some(ExampleView {
        title,
        description,
        month_label: month_label(&estimate),
        lines: example_lines(&estimate),
        url,
    })
}

fn month_label(estimate: &Estimate) -> String {
    let long = Date(estimate.from).long();
    // "1 October 2025" → "October 2025": the first month of the post.
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}

fn example_lines(estimate: &Estimate) -> Vec<ExampleLine> {
    let Some(first) = estimate.months.first() else {
        return Vec::new();
    };
    let totals = &estimate.totals;
    [
        ("Pay", first.pay, totals.pay),
        ("Employer National Insurance", first.ni, totals.ni),
        ("Employer pension", first.pension, totals.pension),
        ("Cost to the employer", first.cost, totals.cost),
        ("Maximum reimbursable amount (cap)", first.cap, totals.cap),
        (
            "Claim: the smaller of cost and cap",
            first.claim,
            totals.claim,
        ),
        ("Top-up paid by the practices", first.top_up, totals.top_up),
    ]
    .into_iter()
    .map(|(label, month, total)| ExampleLine {
        label: label.to_string(),
        month: whole_pounds_gbp(month),
        total: whole_pounds_gbp(total),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> RuleBook {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/rules");
        let years = ["2023-24", "2024-25", "2025-26", "2026-27"]
            .iter()
            .map(|year| {
                let text = std::fs::read_to_string(dir.join(format!("{year}.yaml"))).unwrap();
                serde_yaml::from_str(&text).unwrap()
            })
            .collect();
        RuleBook::new(years)
    }

    fn view() -> CalculatorView {
        view_on(NaiveDate::from_ymd_opt(2025, 11, 29).unwrap())
    }

    fn view_on(today: NaiveDate) -> CalculatorView {
        let categories = BTreeMap::from([
            ("paramedic".to_string(), "Clinical".to_string()),
            ("clinical-pharmacist".to_string(), "Clinical".to_string()),
            ("care-coordinator".to_string(), "Non-clinical".to_string()),
        ]);
        let urls = CalculatorUrls {
            script: "/static/calc/calc_wasm-0.js",
            wasm: "/static/calc/calc_wasm_bg-0.wasm",
        };
        calculator_view(&book(), &categories, urls, Some(today)).unwrap()
    }

    #[test]
    fn defaults_to_the_year_containing_today_even_when_it_is_an_estimate() {
        let view = view();
        assert_eq!(view.default_year, "2025-26");
        assert_eq!(view.years.len(), 4);
        assert_eq!(view.years[3].status, "scenario");
        assert_eq!(view.default_reference().unwrap().caps.year_label, "2025/26");
        assert_eq!(view.wasm_url, "/static/calc/calc_wasm_bg-0.wasm");
        let next = view_on(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(next.default_year, "2026-27");
        assert_eq!(next.default_reference().unwrap().caps.year_label, "2026/27");
        assert_eq!(next.rates_as_at.iso, "2026-04-01");
        let beyond = view_on(NaiveDate::from_ymd_opt(2031, 6, 1).unwrap());
        assert_eq!(
            beyond.default_year, "2025-26",
            "no rules for 2031/32: the newest published year"
        );
    }

    #[test]
    fn roles_are_grouped_by_category_with_the_rest_last() {
        let view = view();
        assert_eq!(view.role_groups[0].label, "Clinical roles");
        let clinical: Vec<&str> = view.role_groups[0]
            .roles
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(clinical, ["clinical-pharmacist", "paramedic"]);
        assert_eq!(
            view.role_groups.last().map(|g| g.label.as_str()),
            Some(OTHER_ROLES)
        );
        let total: usize = view.role_groups.iter().map(|g| g.roles.len()).sum();
        assert!(total >= 20, "only {total} roles listed");
    }

    #[test]
    fn caps_table_shows_every_role_of_the_year_in_pounds() {
        let view = view();
        let table = &view.default_reference().unwrap().caps.tables[0];
        let rules = book();
        let year = rules
            .years()
            .iter()
            .find(|y| y.year.to_string() == "2025-26");
        assert_eq!(table.rows.len(), year.map_or(0, |y| y.roles.len()));
        assert!(table.rows.iter().all(|row| row.national.starts_with('£')));
    }

    #[test]
    fn worked_examples_agree_with_the_rules_core() {
        let view = view();
        let examples = &view.default_reference().unwrap().examples;
        assert_eq!(examples.len(), 3);
        let part_time = &examples[1];
        assert_eq!(part_time.month_label, "October 2025");
        assert!(part_time.url.contains("pharmacy-technician,national,"));
        assert!(part_time.url.ends_with(",0.6,2025-10-01,2026-03-31"));
        // The totals are the rules core's own estimate of the same post.
        let rules = book();
        let year = rules
            .years()
            .iter()
            .find(|y| y.year.to_string() == "2025-26")
            .unwrap();
        let band = year.role(RoleId::PharmacyTechnician).unwrap().band;
        let (salary, _) = year.salary_at(band, PayPoint::Entry).unwrap();
        let mut post = Post::new(
            RoleId::PharmacyTechnician,
            Region::National,
            salary,
            WorkingTime::wte(rust_decimal::Decimal::new(6, 1)).unwrap(),
        )
        .unwrap();
        post.from = NaiveDate::from_ymd_opt(2025, 10, 1);
        let expected = estimate(year, &post).unwrap();
        let claim = part_time
            .lines
            .iter()
            .find(|l| l.label.starts_with("Claim"))
            .unwrap();
        assert_eq!(claim.total, whole_pounds_gbp(expected.totals.claim));
        assert_eq!(claim.month, whole_pounds_gbp(expected.months[0].claim));
    }

    #[test]
    fn every_year_has_its_own_reference_tables_and_one_is_the_default() {
        let view = view_on(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        let ids: Vec<&str> = view.references.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["2023-24", "2024-25", "2025-26", "2026-27"]);
        let defaults: Vec<&str> = view
            .references
            .iter()
            .filter(|r| r.default)
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(defaults, ["2026-27"]);
        for reference in &view.references {
            assert_eq!(
                reference.caps.year_label,
                reference.id.replacen('-', "/", 1)
            );
            assert!(
                !reference.caps.tables.is_empty(),
                "{}: no caps",
                reference.id
            );
            let first_day = &reference.caps.tables[0].from.iso;
            assert!(
                first_day.starts_with(&reference.id[..4]),
                "{}",
                reference.id
            );
            assert!(reference
                .examples
                .iter()
                .all(|e| e.url.contains(&format!("year={}", reference.id))));
        }
        let older = &view.references[2];
        assert_eq!(older.rates_as_at.iso, "2025-04-01");
        assert_ne!(
            older.caps.tables[0].rows[0].national,
            view.references[3].caps.tables[0].rows[0].national,
            "2025/26 and 2026/27 caps differ"
        );
    }
}

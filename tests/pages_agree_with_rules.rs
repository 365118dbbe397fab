//! Every money figure the built site shows agrees with the rules core, to the penny.
//!
//! The real site is built once (with `arrs_guide::site::build`, calculator included) and its
//! pages are read back as HTML. Each figure a page shows is parsed from the page and compared
//! with what `arrs_guide::rules` computes from `content/rules/`:
//!
//! - role pages (`/roles/<id>/`): every year, period, band and region of the maximum
//!   reimbursable amounts tables. The annual figure equals the rules data's cap; annual ÷ 12,
//!   rounded to the penny, is the monthly cap `estimate` uses for a full-time post in a full
//!   month of that period and region (a superseded period's cap is not the one it uses); the
//!   status is the worst status of the row's three figures; the dates and the source are the
//!   table's; and every period the rules have for the role is shown, and nothing else;
//! - the roles index (`/roles/`): the caps in force on the last day of the current year;
//! - the calculator page (`/calculator/`): the no-JavaScript caps tables and the worked
//!   examples, each line against `estimate` of the post the example links to;
//! - prose pages that state figures worked out from a post (`content/funding.md`,
//!   `content/faq/part-time-posts.md`, `content/faq/employer-ni-rise.md`,
//!   `content/faq/how-much-does-our-pcn-get.md`): each figure, found by the words just before
//!   it, against `estimate` or `plan` of the post the page describes (named below);
//! - every role of DESIGN §5 that any year's rules have has a role page, whose "Estimate funding"
//!   link opens the calculator for that role.
//!
//! The expected figures are read from the rules data directly (tables by id, bands, regions)
//! and from `estimate`/`plan`, never from the view code that rendered the pages, so a slip in
//! either the views or the templates is caught. `a_changed_cap_is_caught` shows the comparison
//! fails when one cap in a copy of the rules data no longer matches the page.

use arrs_guide::rules::{
    estimate, plan, Band, BandCaps, CapTable, Estimate, Money, PlanInput, Post, PostFields, Region,
    RoleId, RoleRule, RuleBook, Status, WorkingTime, YearId, YearRules,
};
use arrs_guide::site::model::Date;
use arrs_guide::site::rules_data::load_rules;
use arrs_guide::site::{build, BuildOptions};
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// The built site and the rules
// ---------------------------------------------------------------------------------------------

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every HTML page of the real site by URL (`/roles/paramedic/`), built once for all tests.
fn built_pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let public = out.path().join("public");
        let report = build(&BuildOptions {
            root: repo(),
            out: public.clone(),
            drafts: false,
        })
        .unwrap_or_else(|error| panic!("the real site does not build: {error}"));
        report.cleanup.wait().expect("previous output removed");
        let mut pages = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&public) {
            let entry = entry.expect("readable output");
            if entry.file_name() != "index.html" {
                continue;
            }
            let rel = entry
                .path()
                .parent()
                .and_then(|dir| dir.strip_prefix(&public).ok())
                .expect("page inside the output")
                .to_string_lossy()
                .replace('\\', "/");
            let url = if rel.is_empty() {
                "/".to_owned()
            } else {
                format!("/{rel}/")
            };
            let html = std::fs::read_to_string(entry.path()).expect("page is UTF-8");
            pages.insert(url, html);
        }
        pages
    })
}

fn page(url: &str) -> &'static str {
    built_pages()
        .get(url)
        .unwrap_or_else(|| panic!("the built site has no page {url}"))
}

/// The rules data the site was built from.
fn real_rules() -> RuleBook {
    rules_from(&repo().join("content"))
}

fn rules_from(content_dir: &Path) -> RuleBook {
    load_rules(content_dir).unwrap_or_else(|d| panic!("rules data does not load: {d}"))
}

/// The newest year that is not a scenario: the year role links and the roles index use.
fn current_year(book: &RuleBook) -> &YearRules {
    book.years()
        .iter()
        .rev()
        .find(|y| y.status != Status::Scenario)
        .expect("a published year")
}

// ---------------------------------------------------------------------------------------------
// Findings: every disagreement, located
// ---------------------------------------------------------------------------------------------

/// Comparisons made and the disagreements found.
#[derive(Default)]
struct Findings {
    compared: usize,
    /// Cap cells (one amount of one period, band and region) compared.
    cells: usize,
    problems: Vec<String>,
}

impl Findings {
    fn check(&mut self, agrees: bool, problem: impl FnOnce() -> String) {
        self.compared += 1;
        if !agrees {
            self.problems.push(problem());
        }
    }

    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn assert_none(&self, what: &str) {
        eprintln!(
            "{what}: {} comparisons, {} cap cells",
            self.compared, self.cells
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} disagreement(s) between the pages and the rules core:\n- {}",
            self.problems.len(),
            self.problems.join("\n- ")
        );
    }
}

/// Where a figure is: page, role, year, period and region.
#[derive(Clone)]
struct Place {
    page: String,
    role: RoleId,
    year: YearId,
    period: String,
    region: Option<Region>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "page {}, role {}, year {}, period {}",
            self.page, self.role, self.year, self.period
        )?;
        if let Some(region) = self.region {
            write!(f, ", region {region}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading pages
// ---------------------------------------------------------------------------------------------

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

/// The element's text with whitespace collapsed and curly quotes made straight.
fn text(element: ElementRef<'_>) -> String {
    normalise(&element.text().collect::<String>())
}

fn normalise(raw: &str) -> String {
    raw.replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn date_of(time: ElementRef<'_>) -> Option<NaiveDate> {
    time.value().attr("datetime")?.parse().ok()
}

/// An amount as the tables show it: `£62,340.00` (pounds grouped in threes, two pence digits).
fn table_amount(shown: &str) -> Option<Decimal> {
    let digits = shown.strip_prefix('£')?;
    let (pounds, pence) = digits.split_once('.')?;
    let groups: Vec<&str> = pounds.split(',').collect();
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        g.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
    });
    if !well_grouped || pence.len() != 2 || !pence.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    format!("{}.{pence}", groups.concat()).parse().ok()
}

/// The amount written just after `before` in `text` (`£2,600.00`, `£798,930`, `£26.631`).
fn amount_after(text: &str, before: &str) -> Result<Decimal, String> {
    let start = text
        .find(before)
        .ok_or_else(|| format!("the page no longer says \"{before}…\""))?;
    let rest = &text[start + before.len()..];
    let rest = rest.strip_prefix('£').unwrap_or(rest);
    let mut number = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        let decimal_point = c == '.' && chars.peek().is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || decimal_point {
            number.push(c);
        } else if c != ',' {
            break;
        }
    }
    number
        .parse()
        .map_err(|_| format!("no amount after \"{before}\""))
}

/// The `name=value` pairs of a link's query.
fn query(href: &str) -> Vec<(String, String)> {
    href.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn param<'q>(params: &'q [(String, String)], name: &str) -> Option<&'q str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn year_label(year: YearId) -> String {
    year.to_string().replacen('-', "/", 1)
}

fn year_from_label(label: &str) -> Option<YearId> {
    label.replacen('/', "-", 1).parse().ok()
}

// ---------------------------------------------------------------------------------------------
// The rules data, read directly
// ---------------------------------------------------------------------------------------------

fn round_to_penny(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn round_to_pound(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

fn gbp(amount: Decimal) -> String {
    Money::round(amount).display_gbp()
}

/// `£1,234.5` style with every decimal place kept (rates per weighted patient have three).
fn plain_amount(amount: Decimal) -> String {
    let text = amount.normalize().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: Decimal = whole.parse().unwrap_or_default();
    let grouped = whole_gbp(whole);
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    }
}

fn whole_gbp(amount: Decimal) -> String {
    let shown = gbp(amount);
    shown
        .strip_suffix(".00")
        .map(str::to_owned)
        .unwrap_or(shown)
}

fn percent(rate: Decimal) -> String {
    (rate * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// First day the role can be claimed in the year.
fn role_first_day(rules: &YearRules, rule: &RoleRule) -> NaiveDate {
    rule.from.map_or(rules.year.first_day(), |from| {
        from.max(rules.year.first_day())
    })
}

/// The role's bands this year, default first.
fn bands_of(rule: &RoleRule) -> Vec<Band> {
    let mut bands = vec![rule.band];
    bands.extend(rule.bands_offered.iter().filter(|b| **b != rule.band));
    bands
}

/// The cap table estimates use on `day`: the latest not superseded table started by then.
fn in_force_on(rules: &YearRules, day: NaiveDate) -> Option<&CapTable> {
    rules
        .cap_tables
        .iter()
        .filter(|t| !t.superseded && t.from <= day)
        .max_by_key(|t| t.from)
}

/// Last day a table applies: the day before the next table in force, or 31 March; a superseded
/// table is shown to the end of the year.
fn last_day_of(rules: &YearRules, table: &CapTable) -> NaiveDate {
    if table.superseded {
        return rules.year.last_day();
    }
    rules
        .cap_tables
        .iter()
        .filter(|t| !t.superseded && t.from > table.from)
        .map(|t| t.from)
        .min()
        .and_then(|next| next.pred_opt())
        .unwrap_or(rules.year.last_day())
}

fn caps_of(table: &CapTable, band: Band) -> Option<&BandCaps> {
    table.bands.iter().find(|b| b.band == band)
}

fn worst_status(caps: &BandCaps) -> Status {
    Region::ALL
        .iter()
        .map(|r| caps.for_region(*r).status)
        .max()
        .unwrap_or(Status::Published)
}

/// First and last day of the first whole calendar month inside `from..=to`.
fn first_full_month(from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = if from.day() == 1 {
        from
    } else {
        let next = from.checked_add_months(chrono::Months::new(1))?;
        next.with_day(1)?
    };
    let last = first
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    (last <= to).then_some((first, last))
}

fn post(role: RoleId, region: Region, salary: Decimal, wte: Decimal) -> Post {
    let time = WorkingTime::wte(wte).unwrap_or_else(|e| panic!("wte {wte}: {e}"));
    Post::new(role, region, salary, time).unwrap_or_else(|e| panic!("post: {e}"))
}

/// The estimate of a full-time post in one whole month (band named for roles offering several).
fn full_month_estimate(
    rules: &YearRules,
    role: RoleId,
    band: Band,
    region: Region,
    (first, last): (NaiveDate, NaiveDate),
) -> Result<Estimate, String> {
    let mut post = post(role, region, Decimal::from(30_000), Decimal::ONE);
    post.band = Some(band);
    post.from = Some(first);
    post.to = Some(last);
    estimate(rules, &post).map_err(|e| format!("estimate fails: {e}"))
}

// ---------------------------------------------------------------------------------------------
// One cap cell
// ---------------------------------------------------------------------------------------------

/// One cap a page shows, with what it should be.
struct Cell<'a> {
    place: Place,
    rules: &'a YearRules,
    table: &'a CapTable,
    band: Band,
    region: Region,
    shown: String,
    /// The period the page says the figure applies to.
    period: (NaiveDate, NaiveDate),
}

/// (a) the annual figure is the rules data's; (b) annual ÷ 12 to the penny is the monthly cap
/// `estimate` uses for a full-time post in a whole month of the period; a superseded table's
/// cap is never the one used.
fn check_cap(f: &mut Findings, cell: &Cell<'_>) {
    f.cells += 1;
    let place = &cell.place;
    let Some(shown) = table_amount(&cell.shown) else {
        f.problem(format!(
            "{place}: shows \"{}\", not an amount like £12,345.67",
            cell.shown
        ));
        return;
    };
    let Some(caps) = caps_of(cell.table, cell.band) else {
        f.problem(format!(
            "{place}: table `{}` of the rules has no caps for {}",
            cell.table.id, cell.band
        ));
        return;
    };
    let data = caps.for_region(cell.region).value;
    f.check(shown == round_to_penny(data), || {
        format!(
            "{place}: annual cap shown {} but content/rules/{}.yaml table `{}`, band {}, has {}",
            cell.shown,
            cell.rules.year,
            cell.table.id,
            cell.band,
            gbp(data)
        )
    });
    let Some(month) = first_full_month(cell.period.0, cell.period.1) else {
        f.problem(format!("{place}: no whole month in the period to check"));
        return;
    };
    let estimate = match full_month_estimate(cell.rules, place.role, cell.band, cell.region, month)
    {
        Ok(e) => e,
        Err(e) => {
            f.problem(format!("{place}: {e}"));
            return;
        }
    };
    let Some(line) = estimate.months.first() else {
        f.problem(format!("{place}: the estimate of {} has no month", month.0));
        return;
    };
    let monthly = round_to_penny(shown / Decimal::from(12));
    let used = line.cap.amount();
    if cell.table.superseded {
        f.check(line.cap_table != cell.table.id, || {
            format!(
                "{place}: table `{}` is superseded, yet the estimate for {} uses it",
                cell.table.id, line.month
            )
        });
        let in_force = in_force_on(cell.rules, month.0);
        f.check(in_force.is_some_and(|t| t.id == line.cap_table), || {
            format!(
                "{place}: the estimate for {} uses table `{}`, not the table in force",
                line.month, line.cap_table
            )
        });
        let in_force_value = in_force
            .and_then(|t| caps_of(t, cell.band))
            .map(|c| c.for_region(cell.region).value);
        if in_force_value.is_some_and(|v| v != data) {
            f.check(used != monthly, || {
                format!(
                    "{place}: superseded cap {} ÷ 12 = {} is the monthly cap the estimate for {} uses",
                    cell.shown,
                    gbp(monthly),
                    line.month
                )
            });
        }
    } else {
        f.check(
            used == monthly && line.cap_table == cell.table.id,
            || {
                format!(
                    "{place}: annual cap shown {} ÷ 12 = {}, but the estimate of a full-time post in {} uses a monthly cap of {} (table `{}`, annual {})",
                    cell.shown,
                    gbp(monthly),
                    line.month,
                    line.cap.display_gbp(),
                    line.cap_table,
                    gbp(line.annual_cap)
                )
            },
        );
    }
}

/// The caps of one row of a table: a band in one period of a cap table.
struct Row<'a> {
    place: Place,
    rules: &'a YearRules,
    table: &'a CapTable,
    band: Band,
    period: (NaiveDate, NaiveDate),
}

/// Checks the three caps of one row, shown national, outer London, inner London.
fn check_row_caps(f: &mut Findings, row: &Row<'_>, shown: &[String]) {
    if shown.len() != Region::ALL.len() {
        f.problem(format!(
            "{}: {} amounts shown, expected one per region",
            row.place,
            shown.len()
        ));
        return;
    }
    for (region, amount) in Region::ALL.into_iter().zip(shown) {
        let mut place = row.place.clone();
        place.region = Some(region);
        check_cap(
            f,
            &Cell {
                place,
                rules: row.rules,
                table: row.table,
                band: row.band,
                region,
                shown: amount.clone(),
                period: row.period,
            },
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Role pages
// ---------------------------------------------------------------------------------------------

/// The role ids of DESIGN §5.
const DESIGN_ROLE_IDS: [&str; 25] = [
    "clinical-pharmacist",
    "pharmacy-technician",
    "first-contact-physiotherapist",
    "physician-associate",
    "apprentice-physician-associate",
    "dietitian",
    "podiatrist",
    "occupational-therapist",
    "paramedic",
    "advanced-practitioner",
    "nursing-associate",
    "trainee-nursing-associate",
    "care-coordinator",
    "health-and-wellbeing-coach",
    "social-prescribing-link-worker",
    "general-practice-assistant",
    "digital-and-transformation-lead",
    "adult-mental-health-practitioner",
    "cyp-mental-health-practitioner",
    "enhanced-practice-nurse",
    "general-practitioner",
    "new-to-general-practice-nurse",
    "experienced-general-practice-nurse",
    "consultant-nurse",
    "healthcare-support-worker",
];

/// Roles of DESIGN §5 that at least one year's rules have.
fn roles_in_the_rules(book: &RuleBook) -> Vec<RoleId> {
    DESIGN_ROLE_IDS
        .iter()
        .map(|id| {
            id.parse::<RoleId>()
                .unwrap_or_else(|e| panic!("DESIGN role id {id}: {e}"))
        })
        .filter(|role| book.years().iter().any(|y| y.role(*role).is_ok()))
        .collect()
}

/// One row of a role page's caps table.
struct RoleRow {
    band: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    superseded_class: bool,
    superseded_note: bool,
    amounts: Vec<String>,
    status: String,
    table_label: String,
    source: String,
}

/// One year's caps table of a role page.
struct RoleYear {
    heading: String,
    caption: String,
    rows: Vec<RoleRow>,
}

fn role_years_shown(html: &str) -> Vec<RoleYear> {
    let doc = Html::parse_document(html);
    let section = selector(r#"section[aria-labelledby="role-funding"]"#);
    let Some(section) = doc.select(&section).next() else {
        return Vec::new();
    };
    let headings: Vec<String> = section.select(&selector("h3")).map(text).collect();
    let tables: Vec<ElementRef<'_>> = section.select(&selector("table.caps")).collect();
    let (row_sel, th, td, time) = (
        selector("tbody tr"),
        selector("th"),
        selector("td"),
        selector("time"),
    );
    let (status_sel, cited) = (selector("span.status"), selector("a.cited"));
    headings
        .into_iter()
        .zip(tables)
        .map(|(heading, table)| RoleYear {
            heading,
            caption: table
                .select(&selector("caption"))
                .next()
                .map(text)
                .unwrap_or_default(),
            rows: table
                .select(&row_sel)
                .map(|tr| {
                    let header = tr.select(&th).next();
                    let lead = header
                        .and_then(|h| h.children().next())
                        .and_then(|n| n.value().as_text().map(|t| t.trim().to_owned()))
                        .and_then(|t| t.strip_suffix(':').map(str::to_owned));
                    let times: Vec<NaiveDate> = header
                        .map(|h| h.select(&time).filter_map(date_of).collect())
                        .unwrap_or_default();
                    let cells: Vec<ElementRef<'_>> = tr.select(&td).collect();
                    let last = cells.last().copied();
                    RoleRow {
                        band: lead,
                        from: times.first().copied(),
                        to: times.get(1).copied(),
                        superseded_class: tr.value().classes().any(|c| c == "superseded"),
                        superseded_note: header
                            .is_some_and(|h| text(h).contains("(superseded, for reference)")),
                        amounts: cells.iter().take(3).map(|c| text(*c)).collect(),
                        status: last
                            .and_then(|c| c.select(&status_sel).next())
                            .map(text)
                            .unwrap_or_default(),
                        table_label: last
                            .and_then(|c| c.select(&cited).next())
                            .map(text)
                            .unwrap_or_default(),
                        source: last
                            .and_then(|c| c.select(&cited).next())
                            .and_then(|a| a.value().attr("href"))
                            .unwrap_or_default()
                            .to_owned(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Checks every figure of a role page against `book`.
fn check_role_page(f: &mut Findings, book: &RuleBook, role: RoleId, url: &str, html: &str) {
    let shown = role_years_shown(html);
    let expected: Vec<&YearRules> = book
        .years()
        .iter()
        .filter(|y| y.role(role).is_ok())
        .collect();
    let shown_labels: Vec<&str> = shown
        .iter()
        .map(|y| y.heading.split(':').next().unwrap_or(""))
        .collect();
    let expected_labels: Vec<String> = expected.iter().map(|y| year_label(y.year)).collect();
    f.check(shown_labels == expected_labels, || {
        format!("page {url}, role {role}: shows caps for years {shown_labels:?}, the rules have the role in {expected_labels:?}")
    });
    for year in &shown {
        let Some(rules) = year_from_label(year.heading.split(':').next().unwrap_or(""))
            .and_then(|id| book.year(&id))
        else {
            f.problem(format!(
                "page {url}, role {role}: heading \"{}\" names no year of the rules",
                year.heading
            ));
            continue;
        };
        check_role_year(f, rules, role, url, year);
    }
}

fn check_role_year(f: &mut Findings, rules: &YearRules, role: RoleId, url: &str, year: &RoleYear) {
    let Ok(rule) = rules.role(role) else {
        f.problem(format!(
            "page {url}, role {role}, year {}: the rules do not have the role this year",
            rules.year
        ));
        return;
    };
    let bands = bands_of(rule);
    let at_year = |period: &str| Place {
        page: url.to_owned(),
        role,
        year: rules.year,
        period: period.to_owned(),
        region: None,
    };
    let heading = format!("{}: {}", year_label(rules.year), rule.band.label());
    f.check(year.heading == heading, || {
        format!(
            "{}: heading \"{}\", the rules say \"{heading}\"",
            at_year("(all)"),
            year.heading
        )
    });
    let scenario = year.caption.ends_with("(scenario)");
    f.check(scenario == (rules.status == Status::Scenario), || {
        format!(
            "{}: the caption \"{}\" does not match the year's status {}",
            at_year("(all)"),
            year.caption,
            rules.status.id()
        )
    });

    // Every (band, table) the rules have for the role is shown once, and nothing else.
    let first_day = role_first_day(rules, rule);
    let mut expected_rows: Vec<(Band, String)> = Vec::new();
    for band in &bands {
        for table in &rules.cap_tables {
            if caps_of(table, *band).is_some() && last_day_of(rules, table) >= first_day {
                expected_rows.push((*band, table.id.clone()));
            }
        }
    }
    let mut shown_rows: Vec<(Band, String)> = Vec::new();

    for row in &year.rows {
        let period_text = format!(
            "{} to {} ({}{})",
            row.from.map_or("?".into(), |d| d.to_string()),
            row.to.map_or("?".into(), |d| d.to_string()),
            row.table_label,
            if row.superseded_class {
                ", superseded"
            } else {
                ""
            }
        );
        let place = at_year(&period_text);
        let band = match &row.band {
            Some(label) => bands.iter().copied().find(|b| b.label() == *label),
            None if bands.len() == 1 => Some(rule.band),
            None => None,
        };
        let Some(band) = band else {
            f.problem(format!(
                "{place}: row band {:?} is not one of the role's bands {bands:?}",
                row.band
            ));
            continue;
        };
        let tables: Vec<&CapTable> = rules
            .cap_tables
            .iter()
            .filter(|t| t.label == row.table_label && t.superseded == row.superseded_class)
            .collect();
        let [table] = tables.as_slice() else {
            f.problem(format!(
                "{place}: {} tables of content/rules/{}.yaml have this label and superseded flag",
                tables.len(),
                rules.year
            ));
            continue;
        };
        shown_rows.push((band, table.id.clone()));
        let Some(caps) = caps_of(table, band) else {
            f.problem(format!("{place}: table `{}` has no {band}", table.id));
            continue;
        };
        let from = table.from.max(first_day);
        let to = last_day_of(rules, table);
        f.check(row.from == Some(from) && row.to == Some(to), || {
            format!("{place}: period shown does not match the rules: {from} to {to}")
        });
        f.check(row.superseded_note == table.superseded, || {
            format!(
                "{place}: the superseded note is {} but the table's flag is {}",
                row.superseded_note, table.superseded
            )
        });
        let status = worst_status(caps);
        f.check(row.status == status.id(), || {
            format!(
                "{place}: status shown \"{}\", the rules' figures are {} (national {}, outer London {}, inner London {})",
                row.status,
                status.id(),
                caps.national.status.id(),
                caps.outer_london.status.id(),
                caps.inner_london.status.id()
            )
        });
        f.check(row.source == caps.national.source, || {
            format!(
                "{place}: source shown {}, the rules cite {}",
                row.source, caps.national.source
            )
        });
        let row_caps = Row {
            place,
            rules,
            table,
            band,
            period: (from, to),
        };
        check_row_caps(f, &row_caps, &row.amounts);
    }
    expected_rows.sort_by(|a, b| (a.0.id(), &a.1).cmp(&(b.0.id(), &b.1)));
    shown_rows.sort_by(|a, b| (a.0.id(), &a.1).cmp(&(b.0.id(), &b.1)));
    f.check(shown_rows == expected_rows, || {
        format!(
            "{}: periods shown {shown_rows:?}, the rules have {expected_rows:?}",
            at_year("(all)")
        )
    });
}

// ---------------------------------------------------------------------------------------------
// The roles index
// ---------------------------------------------------------------------------------------------

fn check_roles_index(f: &mut Findings, book: &RuleBook, html: &str) {
    let url = "/roles/";
    let rules = current_year(book);
    let doc = Html::parse_document(html);
    let Some(table) = doc.select(&selector("table.compare")).next() else {
        f.problem(format!("page {url}: no comparison table"));
        return;
    };
    let caption = table
        .select(&selector("caption"))
        .next()
        .map(text)
        .unwrap_or_default();
    let said = format!("for {} ({})", year_label(rules.year), rules.status.id());
    f.check(caption.ends_with(&said), || {
        format!("page {url}: caption \"{caption}\" should end \"{said}\"")
    });
    let (a, td) = (selector("th a"), selector("td"));
    let mut shown_roles = Vec::new();
    for tr in table.select(&selector("tbody tr")) {
        let href = tr
            .select(&a)
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_default();
        let id = href
            .strip_prefix("/roles/")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_default();
        let Ok(role) = id.parse::<RoleId>() else {
            f.problem(format!("page {url}: row links to {href}, not a role page"));
            continue;
        };
        shown_roles.push(role);
        let cells: Vec<String> = tr.select(&td).map(text).collect();
        let Ok(rule) = rules.role(role) else {
            f.check(cells.get(2).is_some_and(|c| c == "Not set"), || {
                format!(
                    "page {url}, role {role}: not in {} yet shows figures {cells:?}",
                    rules.year
                )
            });
            continue;
        };
        let on = rules.year.last_day().max(role_first_day(rules, rule));
        let Some(table) = in_force_on(rules, on) else {
            f.problem(format!(
                "page {url}, role {role}: no cap table in force on {on}"
            ));
            continue;
        };
        let from = table.from.max(role_first_day(rules, rule));
        let to = last_day_of(rules, table);
        let place = Place {
            page: url.to_owned(),
            role,
            year: rules.year,
            period: format!("in force on {on} ({from} to {to}, table `{}`)", table.id),
            region: None,
        };
        f.check(cells.get(1) == Some(&rule.band.label()), || {
            format!(
                "{place}: band shown {:?}, the rules say {}",
                cells.get(1),
                rule.band.label()
            )
        });
        let row = Row {
            place,
            rules,
            table,
            band: rule.band,
            period: (from, to),
        };
        check_row_caps(f, &row, cells.get(2..5).unwrap_or_default());
    }
    for role in roles_in_the_rules(book) {
        if rules.role(role).is_ok() {
            f.check(shown_roles.contains(&role), || {
                format!("page {url}: no row for {role}, which is in {}", rules.year)
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The calculator page
// ---------------------------------------------------------------------------------------------

fn check_calculator_caps(f: &mut Findings, book: &RuleBook, html: &str) {
    let url = "/calculator/";
    let doc = Html::parse_document(html);
    let heading = doc
        .select(&selector("h2#caps-table"))
        .next()
        .map(text)
        .unwrap_or_default();
    let Some(rules) = heading
        .rsplit(", ")
        .next()
        .and_then(year_from_label)
        .and_then(|id| book.year(&id))
    else {
        f.problem(format!(
            "page {url}: caps heading \"{heading}\" names no year of the rules"
        ));
        return;
    };
    let mut in_force: Vec<&CapTable> = rules.cap_tables.iter().filter(|t| !t.superseded).collect();
    in_force.sort_by_key(|t| t.from);
    let section = selector(r#"section[aria-labelledby="caps-table"] table.caps"#);
    let tables: Vec<ElementRef<'_>> = doc.select(&section).collect();
    f.check(tables.len() == in_force.len(), || {
        format!(
            "page {url}, year {}: {} caps tables shown, the rules have {} periods in force",
            rules.year,
            tables.len(),
            in_force.len()
        )
    });
    let (time, row_sel, th, td) = (
        selector("caption time"),
        selector("tbody tr"),
        selector("th"),
        selector("td"),
    );
    let (status_sel, cited) = (selector("span.status"), selector("a.cited"));
    for (shown, table) in tables.iter().zip(&in_force) {
        let dates: Vec<NaiveDate> = shown.select(&time).filter_map(date_of).collect();
        let (from, to) = (table.from, last_day_of(rules, table));
        f.check(dates == [from, to], || {
            format!(
                "page {url}, year {}: caps table dated {dates:?}, the rules' period is {from} to {to}",
                rules.year
            )
        });
        let mut shown_roles = Vec::new();
        for tr in shown.select(&row_sel) {
            let name = tr.select(&th).next().map(text).unwrap_or_default();
            let Some(role) = RoleId::all().find(|r| r.name() == name) else {
                f.problem(format!(
                    "page {url}, year {}: row \"{name}\" is not a role name",
                    rules.year
                ));
                continue;
            };
            shown_roles.push(role);
            let Ok(rule) = rules.role(role) else {
                f.problem(format!(
                    "page {url}, role {role}: shown for {} but not in its rules",
                    rules.year
                ));
                continue;
            };
            let first_day = role_first_day(rules, rule);
            let on = from.max(first_day);
            let Some(table) = in_force_on(rules, on) else {
                f.problem(format!(
                    "page {url}, role {role}: no table in force on {on}"
                ));
                continue;
            };
            let period = (table.from.max(first_day), last_day_of(rules, table));
            let place = Place {
                page: url.to_owned(),
                role,
                year: rules.year,
                period: format!("{} to {} (table `{}`)", period.0, period.1, table.id),
                region: None,
            };
            let cells: Vec<ElementRef<'_>> = tr.select(&td).collect();
            let cell_text: Vec<String> = cells.iter().map(|c| text(*c)).collect();
            f.check(cell_text.first() == Some(&rule.band.label()), || {
                format!(
                    "{place}: band shown {:?}, the rules say {}",
                    cell_text.first(),
                    rule.band.label()
                )
            });
            if let Some(caps) = caps_of(table, rule.band) {
                let status = cells
                    .get(4)
                    .and_then(|c| c.select(&status_sel).next())
                    .map(text)
                    .unwrap_or_default();
                f.check(status == worst_status(caps).id(), || {
                    format!(
                        "{place}: status shown \"{status}\", the rules' figures are {}",
                        worst_status(caps).id()
                    )
                });
                let source = cells
                    .get(4)
                    .and_then(|c| c.select(&cited).next())
                    .and_then(|a| a.value().attr("href"))
                    .unwrap_or_default();
                f.check(source == caps.national.source, || {
                    format!(
                        "{place}: source shown {source}, the rules cite {}",
                        caps.national.source
                    )
                });
            }
            let row = Row {
                place,
                rules,
                table,
                band: rule.band,
                period,
            };
            check_row_caps(f, &row, cell_text.get(1..4).unwrap_or_default());
        }
        let mut expected: Vec<RoleId> = rules.roles.iter().map(|r| r.id).collect();
        expected.sort();
        shown_roles.sort();
        f.check(shown_roles == expected, || {
            format!(
                "page {url}, year {}, table from {from}: roles shown {shown_roles:?}, the rules have {expected:?}",
                rules.year
            )
        });
    }
}

/// The lines of a worked example, in order.
const EXAMPLE_LINES: [&str; 7] = [
    "Pay",
    "Employer National Insurance",
    "Employer pension",
    "Cost to the employer",
    "Maximum reimbursable amount (cap)",
    "Claim: the smaller of cost and cap",
    "Top-up paid by the practices",
];

/// What a worked example line shows: the estimate's first month and its totals.
fn example_amounts(estimate: &Estimate, label: &str) -> Option<[Money; 2]> {
    let (m, t) = (estimate.months.first()?, &estimate.totals);
    Some(match label {
        "Pay" => [m.pay, t.pay],
        "Employer National Insurance" => [m.ni, t.ni],
        "Employer pension" => [m.pension, t.pension],
        "Cost to the employer" => [m.cost, t.cost],
        "Maximum reimbursable amount (cap)" => [m.cap, t.cap],
        "Claim: the smaller of cost and cap" => [m.claim, t.claim],
        "Top-up paid by the practices" => [m.top_up, t.top_up],
        _ => return None,
    })
}

fn check_calculator_examples(f: &mut Findings, book: &RuleBook, html: &str) -> usize {
    let url = "/calculator/";
    let doc = Html::parse_document(html);
    let section = |inner: &str| {
        selector(&format!(
            r#"section[aria-labelledby="worked-examples"] {inner}"#
        ))
    };
    let titles: Vec<String> = doc.select(&section("h3")).map(text).collect();
    let descriptions: Vec<String> = doc.select(&section("h3 + p")).map(text).collect();
    let tables: Vec<ElementRef<'_>> = doc.select(&section("table.working")).collect();
    let links: Vec<String> = doc
        .select(&section(r#"a[href^="/calculator/?"]"#))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    f.check(
        !titles.is_empty() && [descriptions.len(), tables.len(), links.len()] == [titles.len(); 3],
        || {
            format!(
                "page {url}: {} worked examples, {} descriptions, {} tables, {} calculator links",
                titles.len(),
                descriptions.len(),
                tables.len(),
                links.len()
            )
        },
    );
    let (row_sel, th, td, head) = (
        selector("tbody tr"),
        selector("th"),
        selector("td"),
        selector("thead th"),
    );
    for (((title, description), table), link) in
        titles.iter().zip(&descriptions).zip(&tables).zip(&links)
    {
        let at = format!("page {url}, worked example \"{title}\"");
        let params = query(link);
        let computed = param(&params, "year")
            .and_then(|y| y.parse::<YearId>().ok())
            .and_then(|y| book.year(&y))
            .ok_or_else(|| format!("link {link} names no year of the rules"))
            .and_then(|rules| {
                let fields =
                    param(&params, "post").ok_or_else(|| format!("link {link} has no post"))?;
                let post = PostFields::from_url_value(fields)
                    .and_then(|p| p.to_post())
                    .map_err(|e| format!("post {fields}: {e}"))?;
                estimate(rules, &post)
                    .map(|e| (post, e))
                    .map_err(|e| format!("estimate of {fields}: {e}"))
            });
        let (post, estimate) = match computed {
            Ok(done) => done,
            Err(e) => {
                f.problem(format!("{at}: {e}"));
                continue;
            }
        };
        let place = format!(
            "{at} ({} {} {}, salary {}, WTE {}, {} to {})",
            estimate.role,
            estimate.year,
            estimate.region,
            post.salary,
            estimate.wte,
            estimate.from,
            estimate.to
        );
        let salary = amount_after(description, " on ");
        f.check(salary.as_ref() == Ok(&post.salary), || {
            format!(
                "{place}: the description states salary {salary:?}, the linked post has {}",
                post.salary
            )
        });
        let month_head = table.select(&head).nth(1).map(text).unwrap_or_default();
        // "1 October 2025" → "October 2025".
        let first_day = Date(estimate.from).long();
        let month_name = first_day.split_once(' ').map_or("", |(_, rest)| rest);
        f.check(month_head == month_name, || {
            format!(
                "{place}: the month column is \"{month_head}\", the post starts in {month_name}"
            )
        });
        let rows: Vec<(String, Vec<String>)> = table
            .select(&row_sel)
            .map(|tr| {
                (
                    tr.select(&th).next().map(text).unwrap_or_default(),
                    tr.select(&td).map(text).collect(),
                )
            })
            .collect();
        f.check(rows.len() == EXAMPLE_LINES.len(), || {
            format!(
                "{place}: {} lines shown, expected {}",
                rows.len(),
                EXAMPLE_LINES.len()
            )
        });
        for label in EXAMPLE_LINES {
            let Some((_, cells)) = rows.iter().find(|(l, _)| l == label) else {
                f.problem(format!("{place}: no line \"{label}\""));
                continue;
            };
            let Some(expected) = example_amounts(&estimate, label) else {
                f.problem(format!("{place}: the estimate has no month"));
                continue;
            };
            for (column, (shown, want)) in ["first month", "whole period"]
                .iter()
                .zip(cells.iter().zip(expected))
            {
                f.check(table_amount(shown) == Some(want.amount()), || {
                    format!(
                        "{place}: \"{label}\", {column}: shows {shown}, the rules core computes {}",
                        want.display_gbp()
                    )
                });
            }
        }
    }
    titles.len()
}

// ---------------------------------------------------------------------------------------------
// Figures stated in prose
// ---------------------------------------------------------------------------------------------

/// How a page rounds a figure it states.
#[derive(Clone, Copy)]
enum Shown {
    /// Exactly the computed amount.
    Exactly,
    /// To the penny ("about £416.67").
    ToThePenny,
    /// To the pound ("about £866").
    ToThePound,
}

/// A figure a page states, found by the words just before it.
struct Stated {
    before: String,
    what: &'static str,
    computed: Decimal,
    shown: Shown,
}

fn stated(
    before: impl Into<String>,
    what: &'static str,
    computed: Decimal,
    shown: Shown,
) -> Stated {
    Stated {
        before: before.into(),
        what,
        computed,
        shown,
    }
}

/// The reader-visible text of a built page's main content.
fn page_text(url: &str) -> String {
    let doc = Html::parse_document(page(url));
    doc.select(&selector("main"))
        .next()
        .map(text)
        .unwrap_or_default()
}

fn check_stated(f: &mut Findings, source: &str, url: &str, figures: &[Stated]) {
    let text = page_text(url);
    for figure in figures {
        let expected = match figure.shown {
            Shown::Exactly => figure.computed,
            Shown::ToThePenny => round_to_penny(figure.computed),
            Shown::ToThePound => round_to_pound(figure.computed),
        };
        match amount_after(&text, &figure.before) {
            Ok(found) => f.check(found == expected, || {
                let unrounded = if figure.computed == expected {
                    String::new()
                } else {
                    format!(" (unrounded {})", figure.computed)
                };
                format!(
                    "{source} (page {url}): {} is stated as {} after \"{}\", the rules core computes {}{unrounded}",
                    figure.what,
                    plain_amount(found),
                    figure.before,
                    plain_amount(expected),
                )
            }),
            Err(e) => f.problem(format!("{source} (page {url}): {}: {e}", figure.what)),
        }
    }
}

fn year_rules<'b>(book: &'b RuleBook, id: &str) -> &'b YearRules {
    let year: YearId = id.parse().unwrap_or_else(|e| panic!("{id}: {e}"));
    book.year(&year)
        .unwrap_or_else(|| panic!("the rules have no {id}"))
}

fn pot_rate(rules: &YearRules, pot: &str) -> Decimal {
    rules
        .pots
        .iter()
        .find(|p| p.id == pot)
        .unwrap_or_else(|| panic!("{} has no pot `{pot}`", rules.year))
        .rate
        .value
}

fn entitlement(rules: &YearRules, weighted_population: Decimal) -> Decimal {
    let input = PlanInput {
        weighted_population,
        posts: Vec::new(),
        projection: None,
    };
    plan(rules, &input)
        .unwrap_or_else(|e| panic!("plan: {e}"))
        .totals
        .entitlement
        .amount()
}

/// `content/funding.md`, "A worked example": a PCN of 30,000 weighted patients in 2025/26 with
/// one post at 0.6 WTE on a £52,000 full-time salary from 1 October 2025 to 31 March 2026,
/// national pay. The page leaves the role out and says what happens "if the maximum covers the
/// cost"; an advanced practitioner (band 8a) is such a post, which the test checks.
fn check_funding_page(f: &mut Findings, book: &RuleBook) {
    let source = "content/funding.md";
    let url = "/funding/";
    let rules = year_rules(book, "2025-26");
    let population = Decimal::from(30_000);
    let salary = Decimal::from(52_000);
    let wte = Decimal::new(6, 1);
    let mut example = post(RoleId::AdvancedPractitioner, Region::National, salary, wte);
    example.from = NaiveDate::from_ymd_opt(2025, 10, 1);
    example.to = NaiveDate::from_ymd_opt(2026, 3, 31);
    let input = PlanInput {
        weighted_population: population,
        posts: vec![example],
        projection: None,
    };
    let computed = plan(rules, &input).unwrap_or_else(|e| panic!("{source} plan: {e}"));
    let estimate = &computed.posts[0];
    let month = &estimate.months[0];
    f.check(
        estimate.months.iter().all(|m| {
            (m.pay, m.ni, m.pension, m.cost) == (month.pay, month.ni, month.pension, month.cost)
        }),
        || {
            format!(
                "{source}: says each month works out the same, but the months of the post differ"
            )
        },
    );
    f.check(estimate.totals.claim == estimate.totals.cost, || {
        format!(
            "{source}: the example post's maximum no longer covers its cost (claim {}, cost {}): pick another role for the test",
            estimate.totals.claim.display_gbp(),
            estimate.totals.cost.display_gbp()
        )
    });
    let on_costs = &rules.on_costs;
    let figures = [
        stated(
            "For example, a PCN with 30,000 weighted patients had an entitlement of ",
            "2025/26 entitlement of 30,000 weighted patients",
            computed.totals.entitlement.amount(),
            Shown::Exactly,
        ),
        stated(
            "A PCN has 30,000 weighted patients. Its entitlement is ",
            "worked example entitlement",
            computed.totals.entitlement.amount(),
            Shown::Exactly,
        ),
        stated(
            format!("Pay is {} × 0.6 ÷ 12, which is ", whole_gbp(salary)),
            "monthly pay",
            month.pay.amount(),
            Shown::Exactly,
        ),
        stated(
            format!(
                "The monthly National Insurance threshold is {} ÷ 12, which is about ",
                whole_gbp(on_costs.ni_threshold.value)
            ),
            "monthly NI threshold",
            on_costs.ni_threshold.value / Decimal::from(12),
            Shown::ToThePenny,
        ),
        stated(
            format!(
                "National Insurance is {}% of the pay above that, which is ",
                percent(on_costs.ni_rate.value)
            ),
            "monthly employer NI",
            month.ni.amount(),
            Shown::Exactly,
        ),
        stated(
            format!(
                "Pension is {}% of {}, which is ",
                percent(on_costs.pension_rate.value),
                month.pay.display_gbp()
            ),
            "monthly employer pension",
            month.pension.amount(),
            Shown::Exactly,
        ),
        stated(
            "The month's cost is ",
            "monthly cost",
            month.cost.amount(),
            Shown::Exactly,
        ),
        stated(
            format!("Over the {} months, the post costs ", estimate.months.len()),
            "cost over the post",
            estimate.totals.cost.amount(),
            Shown::Exactly,
        ),
        stated(
            "If the maximum covers the cost, the PCN claims the full ",
            "claim over the post",
            computed.totals.claim.amount(),
            Shown::Exactly,
        ),
        stated(
            "It then has ",
            "headroom",
            computed.totals.headroom.amount(),
            Shown::Exactly,
        ),
    ];
    check_stated(f, source, url, &figures);
    check_funding_tables(f, book, source, url);
}

/// The rate and National Insurance tables of `content/funding.md`, against each year's rules
/// (rows whose cell is not an amount, such as "Not found", are skipped).
fn check_funding_tables(f: &mut Findings, book: &RuleBook, source: &str, url: &str) {
    let doc = Html::parse_document(page(url));
    let (tr, cell) = (selector("tbody tr"), selector("td"));
    for table in doc.select(&selector("table")) {
        let caption = table
            .select(&selector("caption"))
            .next()
            .map(text)
            .unwrap_or_default();
        let rates = caption.starts_with("PCN entitlement rate per weighted patient");
        let ni = caption.starts_with("employer National Insurance rate");
        if !rates && !ni {
            continue;
        }
        for row in table.select(&tr) {
            let cells: Vec<String> = row.select(&cell).map(text).collect();
            let Some(rules) = cells
                .first()
                .and_then(|c| year_from_label(c))
                .and_then(|y| book.year(&y))
            else {
                continue;
            };
            let at = format!("{source} (page {url}), table \"{caption}\", {}", rules.year);
            let mut compare = |shown: &str, what: &str, data: Decimal, unit: &str| {
                let value = shown
                    .trim_start_matches('£')
                    .split([' ', '%'])
                    .next()
                    .unwrap_or_default()
                    .replace(',', "")
                    .parse::<Decimal>();
                if let Ok(value) = value {
                    f.check(value == data, || {
                        format!("{at}: {what} shown {shown}, the rules have {data}{unit}")
                    });
                }
            };
            if rates {
                let shown = cells.get(1).cloned().unwrap_or_default();
                compare(&shown, "main rate", pot_rate(rules, "main"), "");
                if let Some(note) = cells.get(2) {
                    if let Ok(gp) = amount_after(note, "GP-only pot of ") {
                        compare(&gp.to_string(), "GP pot rate", pot_rate(rules, "gp"), "");
                    }
                }
            } else {
                let on_costs = &rules.on_costs;
                let rate = cells.get(1).cloned().unwrap_or_default();
                compare(
                    &rate,
                    "NI rate (%)",
                    on_costs.ni_rate.value * Decimal::ONE_HUNDRED,
                    "%",
                );
                let threshold = cells.get(2).cloned().unwrap_or_default();
                compare(&threshold, "NI threshold", on_costs.ni_threshold.value, "");
            }
        }
    }
}

/// `content/faq/part-time-posts.md`: a post on a £52,000 full-time salary for the whole of
/// 2025/26, national pay, at 0.6 WTE and at 1 WTE (the cost does not depend on the role; an
/// advanced practitioner is used).
fn part_time_figures(book: &RuleBook) -> Vec<Stated> {
    let rules = year_rules(book, "2025-26");
    let salary = Decimal::from(52_000);
    let cost = |wte: Decimal| {
        let p = post(RoleId::AdvancedPractitioner, Region::National, salary, wte);
        estimate(rules, &p)
            .unwrap_or_else(|e| panic!("part-time-posts estimate: {e}"))
            .totals
            .cost
            .amount()
    };
    let part = cost(Decimal::new(6, 1));
    let full = cost(Decimal::ONE);
    let scaled = full * Decimal::new(6, 1);
    vec![
        stated(
            format!(
                "A 0.6 WTE post on a {} full-time salary costs ",
                whole_gbp(salary)
            ),
            "yearly cost at 0.6 WTE",
            part,
            Shown::Exactly,
        ),
        stated(
            "The same post full time costs ",
            "yearly cost at 1 WTE",
            full,
            Shown::Exactly,
        ),
        stated(
            "Scaling that by 0.6 gives ",
            "full-time cost × 0.6",
            scaled,
            Shown::ToThePenny,
        ),
        stated(
            "instead, which is about ",
            "overstatement from scaling",
            round_to_penny(scaled) - part,
            Shown::ToThePound,
        ),
    ]
}

/// `content/faq/employer-ni-rise.md`: a £30,000 employee (1 WTE, the whole year, national pay)
/// under 2024/25 and 2025/26 rules; the difference is the employer NI of the two years.
fn employer_ni_figures(book: &RuleBook) -> Vec<Stated> {
    let before = year_rules(book, "2024-25");
    let after = year_rules(book, "2025-26");
    let salary = Decimal::from(30_000);
    let ni = |rules: &YearRules| {
        let p = post(RoleId::Paramedic, Region::National, salary, Decimal::ONE);
        estimate(rules, &p)
            .unwrap_or_else(|e| panic!("employer-ni-rise estimate: {e}"))
            .totals
            .ni
            .amount()
    };
    vec![
        stated(
            "The threshold it starts at fell from ",
            "2024/25 NI threshold",
            before.on_costs.ni_threshold.value,
            Shown::Exactly,
        ),
        stated(
            format!(
                "The threshold it starts at fell from {} a year to ",
                whole_gbp(before.on_costs.ni_threshold.value)
            ),
            "2025/26 NI threshold",
            after.on_costs.ni_threshold.value,
            Shown::Exactly,
        ),
        stated(
            format!(
                "By our arithmetic, a {} employee now costs about ",
                whole_gbp(salary)
            ),
            "extra employer NI a year",
            ni(after) - ni(before),
            Shown::ToThePound,
        ),
    ]
}

/// `content/faq/how-much-does-our-pcn-get.md`: the rates per weighted patient and the
/// entitlement of 30,000 weighted patients in 2025/26.
fn entitlement_figures(book: &RuleBook) -> Vec<Stated> {
    let y24 = year_rules(book, "2024-25");
    let y25 = year_rules(book, "2025-26");
    vec![
        stated(
            "2023/24: ",
            "2023/24 rate per weighted patient",
            pot_rate(year_rules(book, "2023-24"), "main"),
            Shown::Exactly,
        ),
        stated(
            "2024/25: ",
            "2024/25 rate per weighted patient",
            pot_rate(y24, "main"),
            Shown::Exactly,
        ),
        stated(
            "plus a separate GP-only pot of ",
            "2024/25 GP pot rate",
            pot_rate(y24, "gp"),
            Shown::Exactly,
        ),
        stated(
            "2025/26: ",
            "2025/26 rate per weighted patient",
            pot_rate(y25, "main"),
            Shown::Exactly,
        ),
        stated(
            "For example, a PCN with 30,000 weighted patients had ",
            "2025/26 entitlement of 30,000 weighted patients",
            entitlement(y25, Decimal::from(30_000)),
            Shown::Exactly,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_role_page_shows_the_caps_of_the_rules() {
    let book = real_rules();
    let mut f = Findings::default();
    let roles = roles_in_the_rules(&book);
    for role in &roles {
        let url = format!("/roles/{role}/");
        match built_pages().get(&url) {
            Some(html) => check_role_page(&mut f, &book, *role, &url, html),
            None => f.problem(format!("role {role} is in the rules but has no page {url}")),
        }
    }
    eprintln!("{} role pages", roles.len());
    f.assert_none("role pages");
}

#[test]
fn every_role_page_links_to_the_calculator_for_its_role() {
    let book = real_rules();
    let current = current_year(&book).year.to_string();
    let mut f = Findings::default();
    let link = selector("a.action-link");
    for role in roles_in_the_rules(&book) {
        let url = format!("/roles/{role}/");
        let Some(html) = built_pages().get(&url) else {
            f.problem(format!("role {role} has no page {url}"));
            continue;
        };
        let doc = Html::parse_document(html);
        let Some(a) = doc
            .select(&link)
            .find(|a| text(*a) == "Estimate funding for this role")
        else {
            f.problem(format!(
                "page {url}: no \"Estimate funding for this role\" link"
            ));
            continue;
        };
        let href = a.value().attr("href").unwrap_or_default();
        let params = query(href);
        let fields = param(&params, "post").and_then(|p| PostFields::from_url_value(p).ok());
        f.check(
            href.starts_with("/calculator/?")
                && param(&params, "year") == Some(current.as_str())
                && fields.is_some_and(|p| p.role == role.id() && p.region == "national"),
            || format!("page {url}: \"Estimate funding\" opens {href}, not the calculator for {role} in {current}"),
        );
    }
    f.assert_none("role page calculator links");
}

#[test]
fn the_roles_index_shows_the_caps_in_force_at_the_end_of_the_current_year() {
    let book = real_rules();
    let mut f = Findings::default();
    check_roles_index(&mut f, &book, page("/roles/"));
    f.assert_none("roles index");
}

#[test]
fn the_calculator_page_caps_and_worked_examples_agree_with_the_rules_core() {
    let book = real_rules();
    let mut f = Findings::default();
    let html = page("/calculator/");
    check_calculator_caps(&mut f, &book, html);
    let examples = check_calculator_examples(&mut f, &book, html);
    eprintln!("{examples} worked examples");
    f.assert_none("calculator page");
}

#[test]
fn figures_stated_in_prose_agree_with_estimate_and_plan() {
    let book = real_rules();
    let mut f = Findings::default();
    check_funding_page(&mut f, &book);
    check_stated(
        &mut f,
        "content/faq/part-time-posts.md",
        "/faq/",
        &part_time_figures(&book),
    );
    check_stated(
        &mut f,
        "content/faq/employer-ni-rise.md",
        "/faq/",
        &employer_ni_figures(&book),
    );
    check_stated(
        &mut f,
        "content/faq/how-much-does-our-pcn-get.md",
        "/faq/",
        &entitlement_figures(&book),
    );
    f.assert_none("prose figures");
}

/// Raises the paramedic's (band 7) national cap in the 2025/26 table in force by £1 in a copy
/// of the rules data, and checks the pages rendered from the real data are reported as wrong
/// against it, naming page, role, year, period, region and both figures.
#[test]
fn a_changed_cap_is_caught() {
    let copy = tempfile::tempdir().expect("temp dir");
    let rules_dir = copy.path().join("content/rules");
    std::fs::create_dir_all(&rules_dir).expect("rules folder");
    for entry in std::fs::read_dir(repo().join("content/rules")).expect("rules folder") {
        let path = entry.expect("rules file").path();
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, rules_dir.join(name)).expect("copy rules file");
    }
    let file = rules_dir.join("2025-26.yaml");
    let yaml = std::fs::read_to_string(&file).expect("2025-26.yaml");
    let table = yaml
        .find("id: \"2025-04-uplifted\"")
        .expect("the uplifted 2025/26 table");
    let band = table + yaml[table..].find("- band: \"7\"").expect("band 7 in it");
    let value_at = band
        + yaml[band..]
            .find("national: { value: ")
            .expect("its national cap")
        + "national: { value: ".len();
    let digits = yaml[value_at..]
        .find(|c: char| !c.is_ascii_digit())
        .expect("end of the value");
    let original: i64 = yaml[value_at..value_at + digits]
        .parse()
        .expect("whole pounds");
    let changed = original + 1;
    let edited = format!(
        "{}{changed}{}",
        &yaml[..value_at],
        &yaml[value_at + digits..]
    );
    std::fs::write(&file, edited).expect("write the edited copy");
    let book = rules_from(&copy.path().join("content"));

    let url = "/roles/paramedic/";
    let mut clean = Findings::default();
    check_role_page(&mut clean, &real_rules(), RoleId::Paramedic, url, page(url));
    clean.assert_none("paramedic page against the real rules");

    let mut role_page = Findings::default();
    check_role_page(&mut role_page, &book, RoleId::Paramedic, url, page(url));
    let shown = gbp(Decimal::from(original));
    let data = gbp(Decimal::from(changed));
    let annual = role_page.problems.iter().find(|p| {
        p.contains("page /roles/paramedic/")
            && p.contains("role paramedic")
            && p.contains("year 2025-26")
            && p.contains("2025-04-01 to 2026-03-31")
            && p.contains("region national")
            && p.contains(&format!("annual cap shown {shown}"))
            && p.contains(&data)
    });
    assert!(
        annual.is_some(),
        "the changed cap was not reported as it should be: {:#?}",
        role_page.problems
    );
    let monthly = role_page
        .problems
        .iter()
        .any(|p| p.contains("region national") && p.contains("uses a monthly cap of"));
    assert!(
        monthly,
        "the monthly cap the estimate uses was not reported: {:#?}",
        role_page.problems
    );
    assert!(
        role_page
            .problems
            .iter()
            .all(|p| p.contains("region national")),
        "only the national 2025/26 cell changed: {:#?}",
        role_page.problems
    );

    let mut elsewhere = Findings::default();
    check_roles_index(&mut elsewhere, &book, page("/roles/"));
    check_calculator_caps(&mut elsewhere, &book, page("/calculator/"));
    for page in ["/roles/", "/calculator/"] {
        assert!(
            elsewhere
                .problems
                .iter()
                .any(|p| p.contains(&format!("page {page}, role paramedic"))),
            "the changed cap was not reported on {page}: {:#?}",
            elsewhere.problems
        );
    }
}

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
#![allow(unreachable_pub)] // the `pub` items of its modules are shared inside this test only

#[path = "pages_agree_with_rules/calculator_page.rs"]
mod calculator_page;
#[path = "pages_agree_with_rules/cap_cells.rs"]
mod cap_cells;
#[path = "pages_agree_with_rules/findings.rs"]
mod findings;
#[path = "pages_agree_with_rules/html.rs"]
mod html;
#[path = "pages_agree_with_rules/prose.rs"]
mod prose;
#[path = "pages_agree_with_rules/role_pages.rs"]
mod role_pages;
#[path = "pages_agree_with_rules/roles_index.rs"]
mod roles_index;
#[path = "pages_agree_with_rules/rules_read.rs"]
mod rules_read;
#[path = "pages_agree_with_rules/site.rs"]
mod site;

use crate::calculator_page::{check_calculator_caps, check_calculator_examples};
use crate::findings::Findings;
use crate::html::{param, query, selector, text};
use crate::prose::{
    check_funding_page, check_stated, employer_ni_figures, entitlement_figures, part_time_figures,
};
use crate::role_pages::{check_role_page, roles_in_the_rules};
use crate::roles_index::check_roles_index;
use crate::rules_read::gbp;
use crate::site::{built_pages, current_year, page, real_rules, repo, rules_from};
use arrs_guide::rules::{PostFields, RoleId};
use rust_decimal::Decimal;
use scraper::Html;

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

/// A copy of the rules data with the band 7 national cap of table `table` in `file` raised by
/// £1: the copy (kept while it lives), the original and the changed cap.
fn rules_with_raised_cap(file: &str, table: &str) -> (tempfile::TempDir, i64, i64) {
    let copy = tempfile::tempdir().expect("temp dir");
    let rules_dir = copy.path().join("content/rules");
    std::fs::create_dir_all(&rules_dir).expect("rules folder");
    for entry in std::fs::read_dir(repo().join("content/rules")).expect("rules folder") {
        let path = entry.expect("rules file").path();
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, rules_dir.join(name)).expect("copy rules file");
    }
    let file = rules_dir.join(file);
    let yaml = std::fs::read_to_string(&file).expect("rules file");
    let table = yaml
        .find(&format!("id: \"{table}\""))
        .unwrap_or_else(|| panic!("table {table}"));
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
    (copy, original, changed)
}

/// Raises the paramedic's (band 7) national cap in the 2025/26 table in force by £1 in a copy
/// of the rules data, and checks the pages rendered from the real data are reported as wrong
/// against it, naming page, role, year, period, region and both figures. The calculator page
/// shows the year containing today, so for it the cap of that year's table in force is raised.
#[test]
fn a_changed_cap_is_caught() {
    let (copy, original, changed) = rules_with_raised_cap("2025-26.yaml", "2025-04-uplifted");
    let book = rules_from(&copy.path().join("content"));

    let url = "/roles/paramedic/";
    let mut clean = Findings::default();
    check_role_page(&mut clean, &real_rules(), RoleId::Paramedic, url, page(url));
    clean.assert_none("paramedic page against the real rules");

    let mut role_page = Findings::default();
    check_role_page(&mut role_page, &book, RoleId::Paramedic, url, page(url));
    // Pages show whole pounds (`£67,271`); the rules side is written to the penny.
    let shown = gbp(Decimal::from(original)).replace(".00", "");
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
    assert!(
        elsewhere
            .problems
            .iter()
            .any(|p| p.contains("page /roles/, role paramedic")),
        "the changed cap was not reported on /roles/: {:#?}",
        elsewhere.problems
    );

    let real = real_rules();
    let shown_year = arrs_guide::rules::YearId::today()
        .and_then(|today| arrs_guide::rules::YearId::containing(today).ok())
        .and_then(|year| real.year(&year))
        .unwrap_or_else(|| current_year(&real));
    let table = shown_year
        .cap_tables
        .iter()
        .filter(|t| !t.superseded)
        .max_by_key(|t| t.from)
        .expect("a table in force");
    let (calculator_copy, _, _) =
        rules_with_raised_cap(&format!("{}.yaml", shown_year.year), &table.id);
    let calculator_book = rules_from(&calculator_copy.path().join("content"));
    let mut calculator = Findings::default();
    check_calculator_caps(&mut calculator, &calculator_book, page("/calculator/"));
    assert!(
        calculator
            .problems
            .iter()
            .any(|p| p.contains("page /calculator/, role paramedic")),
        "the changed cap was not reported on /calculator/: {:#?}",
        calculator.problems
    );
}

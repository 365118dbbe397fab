//! Every kind of content or template error, one fixture site each: `check` and `build` fail with
//! a located message that says what is wrong and what is expected.

mod common;

use arrs_guide::site::{self, BuildError, BuildOptions};

/// Runs `check` on the fixture and returns the diagnostics as text (paths relative to the root).
fn errors_of(case: &str) -> String {
    let site = common::fixture_site(&format!("invalid/{case}"));
    let err = site::check(site.path(), Some(&arrs_guide::guide::extension()))
        .expect_err("the fixture must fail");
    let BuildError::Content(diagnostics) = err else {
        panic!("not a content error: {err}")
    };
    let root = format!("{}/", site.path().display());
    diagnostics.to_string().replace(&root, "")
}

#[test]
fn unknown_key_lists_the_allowed_keys() {
    assert_eq!(
        errors_of("unknown-key"),
        "content/about.md:3:1: unknown key `colour`; expected one of the keys `title`, `summary`, `date`, `draft`, `weight`, `last_reviewed`, `next_review`, `template`, `aliases`, `sources`, `extra`\n3 | colour: red\n  | ^"
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    assert_eq!(
        errors_of("wrong-type"),
        "content/about.md:3:9: wrong type for `weight`: found string \"heavy\"; expected a whole number\n3 | weight: heavy\n  |         ^"
    );
}

#[test]
fn missing_required_role_field() {
    let text = errors_of("missing-field");
    assert!(
        text.starts_with("content/roles/paramedic.md:2:1: missing required key `category`"),
        "{text}"
    );
}

#[test]
fn impossible_date_is_located_on_its_line() {
    assert_eq!(
        errors_of("bad-date"),
        "content/faq/claims.md:5:11: invalid date `2025-02-30`; expected a real date written YYYY-MM-DD, e.g. 2025-08-06\n5 | answered: 2025-02-30\n  |           ^"
    );
}

#[test]
fn two_files_for_one_url() {
    assert_eq!(
        errors_of("duplicate-url"),
        "content/about.md: this page has the same URL /about/ as content/about/_index.md; expected one source file per URL: rename or remove one of them"
    );
}

#[test]
fn broken_links_are_all_reported_with_their_lines() {
    let text = errors_of("broken-link");
    let firsts: Vec<&str> = text.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(firsts.len(), 2, "{text}");
    assert!(firsts[0].starts_with("content/about.md:7:10: link to `funding.md`: there is no content/funding.md; expected a path to a Markdown file"));
    assert!(firsts[1].starts_with(
        "content/about.md:8:5: link to `/roles/_index.md`: there is no content/roles/_index.md"
    ));
    assert!(text.ends_with("2 errors"));
}

#[test]
fn broken_anchor_names_the_ids_that_exist() {
    let text = errors_of("broken-anchor");
    assert!(
        text.starts_with("content/about.md:7:9: link `glossary.md#wte`: no heading with id `wte` on /glossary/; expected one of the ids on that page: "),
        "{text}"
    );
    assert!(text.contains("whole-time-equivalent"));
    assert!(text.contains("\n7 | See the [glossary entry](glossary.md#wte).\n  |         ^"));
}

#[test]
fn related_role_must_exist() {
    assert_eq!(
        errors_of("unknown-related-role"),
        "content/roles/paramedic.md:4:22: related role `care-coordinator` has no role page; expected the id of a file in content/roles/, one of: dietitian, paramedic\n4 | related: [dietitian, care-coordinator]\n  |                      ^"
    );
}

#[test]
fn template_error_is_located_in_the_template() {
    let text = errors_of("template-error");
    assert!(
        text.starts_with("templates/page.html:3:13: Field `titel` is not defined."),
        "{text}"
    );
    assert!(text.contains("(while rendering content/about.md)"));
    assert!(text.contains("\n3 | <h1>{{ page.titel }}</h1>"));
}

#[test]
fn missing_front_matter() {
    assert!(errors_of("missing-front-matter").starts_with(
        "content/about.md:1:1: missing front matter; expected the file to start with a `---` line"
    ));
}

#[test]
fn failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = common::fixture_site("valid");
    let out = site.path().join("public");
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        out: out.clone(),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    };
    site::build(&opts).unwrap();
    let before = common::read_tree(&out);
    assert!(before.len() > 10);

    std::fs::write(
        site.path().join("content/about.md"),
        "---\ntitle: About\ncolour: red\n---\n",
    )
    .unwrap();
    assert!(matches!(site::build(&opts), Err(BuildError::Content(_))));
    assert_eq!(common::read_tree(&out), before);
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn role_page_must_name_a_role_of_the_rules() {
    let site = common::fixture_site("invalid/unknown-role-id");
    common::add_real_rules_with_role_pages(site.path());
    let BuildError::Content(diagnostics) =
        site::check(site.path(), Some(&arrs_guide::guide::extension())).unwrap_err()
    else {
        panic!()
    };
    let text = diagnostics
        .to_string()
        .replace(&format!("{}/", site.path().display()), "");
    assert_eq!(
        text,
        "content/roles/nurse-practitioner.md: `nurse-practitioner` is not an ARRS role id; expected the file name to be a role id from docs/rules-data.md, e.g. `clinical-pharmacist.md`"
    );
}

#[test]
fn every_role_of_the_rules_needs_a_page() {
    let site = common::fixture_site("valid");
    common::add_real_rules_with_role_pages(site.path());
    std::fs::remove_file(site.path().join("content/roles/consultant-nurse.md")).unwrap();
    let BuildError::Content(diagnostics) =
        site::check(site.path(), Some(&arrs_guide::guide::extension())).unwrap_err()
    else {
        panic!()
    };
    let text = diagnostics
        .to_string()
        .replace(&format!("{}/", site.path().display()), "");
    assert_eq!(
        text,
        "content/roles/consultant-nurse.md: no role page for `consultant-nurse`, a role of the 2025-26 rules; expected one page per role of the rules, with this file name"
    );
}

#[test]
fn rules_errors_fail_the_build_with_their_location() {
    let site = common::fixture_site("valid");
    common::add_real_rules(site.path());
    let path = site.path().join("content/rules/2025-26.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "schema_version: 1",
        "schema_version: 7",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let BuildError::Content(diagnostics) =
        site::check(site.path(), Some(&arrs_guide::guide::extension())).unwrap_err()
    else {
        panic!()
    };
    assert!(
        diagnostics
            .0
            .iter()
            .any(|d| d.path.ends_with("content/rules/2025-26.yaml") && d.line > 0),
        "{diagnostics}"
    );
}

#[test]
fn a_site_needs_a_home_page() {
    assert_eq!(
        errors_of("missing-home-page"),
        "content/index.md: the site has no home page; expected this file, the home page (every page links to it)"
    );
}

#[test]
fn faq_entry_cannot_take_a_topic_id() {
    assert_eq!(
        errors_of("faq-id-is-topic"),
        "content/faq/pay.md: the FAQ entry id `pay` is also a topic heading id on the FAQ page; expected a file name other than funding, claims, staffing, roles, pay or changes"
    );
}

#[test]
fn a_search_synonym_in_two_groups_is_located() {
    assert_eq!(
        errors_of("bad-synonyms"),
        "content/search-synonyms.yaml:4:12: group 3: `Pay Rise` is already in group 2; expected each word or phrase in one group only: merge the two groups, or remove it from one\n4 | - [uplift, Pay Rise]\n  |            ^"
    );
}

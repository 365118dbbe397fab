//! The valid fixture site, built end to end: what a reader and a crawler get.

mod common;

use arrs_guide::site::{self, BuildOptions};
use std::path::Path;

fn build_fixture(drafts: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = common::fixture_site("valid");
    let out = site.path().join("out");
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        out: out.clone(),
        drafts,
        extension: Some(arrs_guide::guide::extension()),
    };
    let report = site::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.out, out);
    (site, out)
}

fn html_files(out: &Path) -> Vec<String> {
    common::read_tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn every_page_is_written_at_its_url() {
    let (_site, out) = build_fixture(false);
    let mut pages = html_files(&out);
    pages.sort();
    assert_eq!(
        pages,
        [
            "404.html",
            "about/index.html",
            "calculator/index.html",
            "faq/index.html",
            "glossary/index.html",
            "guides/estates/index.html",
            "guides/index.html",
            "guides/supervision/index.html",
            "index.html",
            "roles/dietitian/index.html",
            "roles/index.html",
            "roles/paramedic/index.html",
            "search/index.html",
        ]
    );
    assert!(
        !out.join("draft-notes").exists(),
        "drafts are left out by default"
    );
    assert!(
        !out.join("faq/part-time-posts").exists(),
        "FAQ entries have no page of their own"
    );
}

#[test]
fn drafts_are_built_when_asked() {
    let (_site, out) = build_fixture(true);
    assert!(common::read(&out, "draft-notes/index.html").contains("<h1>Unfinished notes</h1>"));
}

#[test]
fn every_page_has_one_h1_no_inline_script_or_style_and_the_shared_head() {
    let (_site, out) = build_fixture(false);
    for page in html_files(&out) {
        let html = common::read(&out, &page);
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert!(!html.contains(" style="), "{page}");
        assert!(!html.contains("<style"), "{page}");
        assert_eq!(html.matches("<script").count(), 1, "{page}");
        assert!(
            html.contains("<script type=\"module\" src=\"/static/search-"),
            "{page}"
        );
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{page}"
        );
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main-content\">"),
            "{page}"
        );
        assert!(html.contains("<main id=\"main-content\""), "{page}");
        assert!(
            html.contains("An independent guide, not an NHS England service"),
            "{page}"
        );
        assert!(
            html.contains(
                "<form class=\"search-form\" action=\"/search/\" method=\"get\" role=\"search\">"
            ),
            "{page}"
        );
        assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self';"), "{page}");
    }
}

#[test]
fn links_to_source_files_become_urls_and_headings_get_ids() {
    let (_site, out) = build_fixture(false);
    let home = common::read(&out, "index.html");
    assert!(home.contains("<a href=\"/roles/paramedic/\">paramedic</a>"));
    assert!(home.contains("<a href=\"/glossary/#wte\">whole-time equivalent</a>"));
    assert!(home.contains("<a href=\"/faq/\">FAQ</a>"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://fixture.example.org/\">"));
    assert!(home.contains("<p id=\"page-review\" class=\"review\">Page last reviewed <time datetime=\"2025-08-06\">6 August 2025</time>. Next review due <time datetime=\"2026-02-06\">6 February 2026</time>.</p>"));

    let glossary = common::read(&out, "glossary/index.html");
    assert!(glossary.contains("<h2 id=\"wte\">Whole-time equivalent</h2>"));
    assert!(glossary.contains("<h2 id=\"costs\">Costs</h2>"));
    assert!(glossary.contains("<h2 id=\"costs-1\">Costs</h2>"));
    assert!(
        glossary.contains("<a href=\"#costs-1\">Costs</a>"),
        "table of contents lists the second heading"
    );
    assert!(glossary.contains("<caption>Example hours by WTE</caption>"));
    assert!(glossary.contains("<th scope=\"col\" class=\"align-left\">WTE</th><th scope=\"col\" class=\"align-right\">Hours a week</th>"));
    assert!(glossary.contains("role=\"region\" tabindex=\"0\" aria-label=\"Example hours by WTE\""));
    assert!(glossary.contains("id=\"fn-hours\""));
    assert!(glossary.contains("<a class=\"cited\" href=\"https://www.england.nhs.uk/publication/network-contract-des-2025-26/\">Network Contract DES 2025/26</a>"));

    let supervision = common::read(&out, "guides/supervision/index.html");
    assert!(supervision.contains("<a href=\"/glossary/#costs-1\">glossary</a>"));
    assert!(supervision.contains("<li><a href=\"/\">Home</a></li>\n<li><a href=\"/guides/\">Guides</a></li>\n<li aria-current=\"page\">Supervision</li>"));
}

#[test]
fn role_page_shows_facts_and_the_calculator_link() {
    let (_site, out) = build_fixture(false);
    let html = common::read(&out, "roles/paramedic/index.html");
    assert!(html.contains("<dt>Regulator</dt><dd>Health and Care Professions Council (HCPC)</dd>"));
    assert!(html.contains("<dt>Minimum supervision</dt><dd>A named GP supervisor and access to a senior clinician each session.</dd>"));
    assert!(html.contains("<dt>Also known as</dt><dd>Advanced paramedic</dd>"));
    // Without rules data there is no year or typical salary to fill in.
    assert!(html.contains("<a class=\"action-link\" href=\"/calculator/?post=paramedic,national,,1\">Estimate funding for this role</a>"));
    assert!(html.contains("<a href=\"/roles/\" aria-current=\"location\">Roles</a>"));

    let index = common::read(&out, "roles/index.html");
    assert!(index.contains("<caption>Maximum claim per whole-time post a year"));
    let dietitian = index
        .find("<th scope=\"row\"><a href=\"/roles/dietitian/\">Dietitian</a></th>")
        .unwrap();
    let paramedic = index
        .find("<th scope=\"row\"><a href=\"/roles/paramedic/\">Paramedic</a></th>")
        .unwrap();
    assert!(dietitian < paramedic, "rows by category then title");
}

#[test]
fn faq_groups_entries_by_topic_with_anchors_dates_and_sources() {
    let (_site, out) = build_fixture(false);
    let html = common::read(&out, "faq/index.html");
    let funding = html
        .find("<h2 id=\"funding\">Funding and entitlement</h2>")
        .unwrap();
    let claims = html.find("<h2 id=\"claims\">Making claims</h2>").unwrap();
    assert!(funding < claims, "topics in the fixed order");
    let question = html
        .find("<h3 id=\"part-time-posts\">Can we claim for part-time posts?</h3>")
        .unwrap();
    assert!(question > claims);
    assert!(html.contains("Answer checked <time datetime=\"2025-08-06\">6 August 2025</time>"));
    assert!(html.contains("<a href=\"/glossary/#wte\">whole-time equivalent</a>"));
    assert!(html.contains("<a href=\"/faq/#part-time-posts\">part-time posts</a>"));
    assert!(!html.contains("Staffing"), "empty topics are left out");
    let dietitian = common::read(&out, "roles/dietitian/index.html");
    assert!(dietitian.contains("<a href=\"/faq/#part-time-posts\">FAQ on part-time posts</a>"));
}

#[test]
fn section_lists_its_pages_by_weight_then_title() {
    let (_site, out) = build_fixture(false);
    let html = common::read(&out, "guides/index.html");
    let supervision = html
        .find("<a href=\"/guides/supervision/\">Supervision</a>")
        .unwrap();
    let estates = html
        .find("<a href=\"/guides/estates/\">Estates and remote working</a>")
        .unwrap();
    assert!(supervision < estates, "weighted pages first");
}

#[test]
fn sitemap_lists_exactly_the_built_pages() {
    let (_site, out) = build_fixture(false);
    let xml = common::read(&out, "sitemap.xml");
    let mut in_sitemap: Vec<String> = xml
        .lines()
        .filter_map(|l| l.split("<loc>").nth(1))
        .filter_map(|l| l.split("</loc>").next())
        .map(|u| {
            u.trim_start_matches("https://fixture.example.org")
                .to_owned()
        })
        .collect();
    in_sitemap.sort();
    let mut built: Vec<String> = html_files(&out)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    built.sort();
    assert_eq!(in_sitemap, built);
    assert_eq!(
        common::read(&out, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://fixture.example.org/sitemap.xml\n"
    );
}

#[test]
fn search_index_and_a_to_z_page() {
    let (_site, out) = build_fixture(false);
    let index: serde_json::Value =
        serde_json::from_str(&common::read(&out, "search-index.json")).unwrap();
    let entries = index["pages"].as_array().unwrap();
    let paramedic = entries
        .iter()
        .find(|e| e["url"] == "/roles/paramedic/")
        .unwrap();
    assert_eq!(paramedic["title"], "Paramedic");
    assert_eq!(paramedic["aliases"][0], "Advanced paramedic");
    assert_eq!(paramedic["headings"][0], "What the role does");
    let body = paramedic["body"].as_str().unwrap();
    assert!(
        body.starts_with(
            "What the role does Paramedics see patients who need same-day care. Compare with a dietitian."
        ),
        "{body}"
    );
    assert!(!body.contains("dietitian.md"), "link targets are not text");
    assert!(entries.iter().any(|e| e["url"] == "/faq/#part-time-posts"
        && e["title"] == "Can we claim for part-time posts?"
        && e["body"] == "Yes, pro rata to the whole-time equivalent."));
    assert_eq!(
        index["synonyms"],
        serde_json::json!([["WTE", "whole-time equivalent", "FTE"]])
    );
    assert!(index["stopWords"]
        .as_array()
        .unwrap()
        .contains(&"how".into()));

    let a_z = common::read(&out, "search/index.html");
    let d = a_z.find("<h3 id=\"letter-d\">D</h3>").unwrap();
    let p = a_z.find("<h3 id=\"letter-p\">P</h3>").unwrap();
    assert!(d < p);
    assert!(a_z[d..p].contains("<a href=\"/roles/dietitian/\">Dietitian</a>"));
}

#[test]
fn static_files_headers_and_404() {
    let (_site, out) = build_fixture(false);
    let stylesheet = referenced_assets(&common::read(&out, "index.html"))
        .into_iter()
        .find(|url| url.starts_with("/static/style-"))
        .expect("a stylesheet link");
    assert_eq!(
        std::fs::read(out.join(stylesheet.trim_start_matches('/'))).unwrap(),
        std::fs::read(common::repo().join("templates/static/style.css")).unwrap()
    );
    let headers = common::read(&out, "_headers");
    assert!(headers.contains("Referrer-Policy: no-referrer"));
    assert!(headers.contains("X-Content-Type-Options: nosniff"));
    let not_found = common::read(&out, "404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    assert!(!not_found.contains("rel=\"canonical\""));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let site = common::fixture_site("valid");
    let build_with = |threads: usize, name: &str| {
        let out = site.path().join(name);
        let opts = BuildOptions {
            root: site.path().to_path_buf(),
            out: out.clone(),
            drafts: false,
            extension: Some(arrs_guide::guide::extension()),
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| site::build(&opts))
            .unwrap();
        common::read_tree(&out)
    };
    assert_eq!(build_with(1, "one"), build_with(4, "four"));
}

#[test]
fn check_writes_nothing() {
    let site = common::fixture_site("valid");
    let before = common::read_tree(site.path());
    let report = site::check(site.path(), Some(&arrs_guide::guide::extension())).unwrap();
    assert_eq!(report.pages, 13);
    assert_eq!(report.entries, 2);
    assert_eq!(common::read_tree(site.path()), before);
}

#[test]
fn role_pages_and_index_show_the_rules_figures_and_the_data_is_published() {
    use arrs_guide::rules::glance::whole_pounds_gbp;
    use arrs_guide::rules::RoleId;
    let (site, out) = build_with_real_rules("");
    let book = arrs_guide::guide::rules_data::load_rules(&site.path().join("content")).unwrap();
    // The current year is the one containing the build date.
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    let today = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(days);
    let current = book.current_on(today).unwrap();
    let html = common::read(&out, "roles/paramedic/index.html");
    for rules in book.years() {
        for period in rules.cap_table(RoleId::Paramedic).unwrap() {
            for amount in [&period.national, &period.outer_london, &period.inner_london] {
                let cell = format!(
                    "<td class=\"align-right\">{}</td>",
                    whole_pounds_gbp(amount.annual)
                );
                assert!(html.contains(&cell), "{} missing for {}", cell, rules.year);
            }
            assert!(html.contains(&format!("href=\"{}\"", period.national.source)));
        }
    }
    // The calculator opens on the current year with band 7's intermediate pay point.
    let typical = current
        .salary_at(
            arrs_guide::rules::Band::B7,
            arrs_guide::rules::PayPoint::Intermediate,
        )
        .unwrap()
        .0;
    assert!(html.contains(&format!(
        "href=\"/calculator/?year={}&amp;post=paramedic,national,{typical},1\"",
        current.year
    )));
    assert!(html.contains("<dt>Reimbursed at</dt><dd>Band 7</dd>"));

    let index = common::read(&out, "roles/index.html");
    let caps = current.roles_on(current.year.last_day()).unwrap();
    let paramedic = caps.iter().find(|c| c.role == RoleId::Paramedic).unwrap();
    let row = format!(
        "<td>{}</td><td class=\"align-right\">{}</td><td class=\"align-right\">{}</td><td class=\"align-right\">{}</td>",
        paramedic.period.band.short_label(),
        whole_pounds_gbp(paramedic.period.national.annual),
        whole_pounds_gbp(paramedic.period.outer_london.annual),
        whole_pounds_gbp(paramedic.period.inner_london.annual)
    );
    assert!(index.contains(&row), "{row}");

    let published: serde_json::Value =
        serde_json::from_str(&common::read(&out, "data/rules/index.json")).unwrap();
    // The published index names the newest year whose DES tables are in the data.
    let newest = book.current().unwrap();
    assert_eq!(published["current"], newest.year.to_string());
    assert!(out
        .join(format!("data/rules/{}.json", newest.year))
        .exists());
}

/// Table captions are a house rule of this site (`content_rules` in `site.yaml`), not of the
/// engine: with the rule off an uncaptioned table builds; with it on, the build names the table.
#[test]
fn uncaptioned_tables_build_unless_the_site_requires_captions() {
    let site = common::fixture_site("valid");
    let about = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    let table_line = text.lines().count() + 2;
    std::fs::write(
        &about,
        format!("{text}\n| Role | Band |\n| --- | --- |\n| Paramedic | 7 |\n"),
    )
    .unwrap();

    let config = site.path().join("content/site.yaml");
    let with_rule = std::fs::read_to_string(&config).unwrap();
    let Some(start) = with_rule.find("content_rules:") else {
        panic!("the valid fixture turns the caption rule on");
    };
    std::fs::write(&config, &with_rule[..start]).unwrap();
    let out = site.path().join("out");
    site::build(&BuildOptions {
        root: site.path().to_path_buf(),
        out: out.clone(),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let html = common::read(&out, "about/index.html");
    assert!(html.contains("<td>Paramedic</td>"), "{html}");
    assert!(!html.contains("<caption></caption>"));

    std::fs::write(&config, &with_rule).unwrap();
    let Err(site::BuildError::Content(diagnostics)) =
        site::check(site.path(), Some(&arrs_guide::guide::extension()))
    else {
        panic!("an uncaptioned table must fail when captions are required");
    };
    let shown = diagnostics.to_string();
    assert!(
        shown.contains(&format!(
            "content/about.md:{table_line}:1: table without a caption"
        )),
        "{shown}"
    );
}

/// The root-relative URLs a page loads or links to under `/static/` (`src` and `href`).
fn referenced_assets(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["src=\"", "href=\"", "data-module=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let url = &rest[..rest.find('"').unwrap_or(0)];
            if url.starts_with("/static/") {
                urls.push(url.to_owned());
            }
        }
    }
    urls
}

#[test]
fn every_referenced_asset_exists_and_fingerprinted_ones_are_cached_for_good() {
    let (_site, out) = build_fixture(false);
    let headers = common::read(&out, "_headers");
    let mut seen = std::collections::BTreeSet::new();
    for page in html_files(&out) {
        for url in referenced_assets(&common::read(&out, &page)) {
            assert!(
                out.join(url.trim_start_matches('/')).is_file(),
                "{page} refers to {url}, which was not written"
            );
            seen.insert(url);
        }
    }
    for name in ["style", "search"] {
        assert!(
            seen.iter()
                .any(|u| u.starts_with(&format!("/static/{name}-"))),
            "no page loads the fingerprinted {name} asset: {seen:?}"
        );
    }
    // Every fingerprinted stylesheet and script (the calculator's too) is cached for good,
    // and nothing else is.
    let fingerprinted: Vec<String> = common::read_tree(&out.join("static"))
        .into_keys()
        .filter(|p| p.ends_with(".css") || p.ends_with(".js"))
        .filter(|p| {
            let stem = &p[..p.rfind('.').unwrap_or(p.len())];
            stem.rsplit_once('-').is_some_and(|(_, hash)| {
                hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit())
            })
        })
        .collect();
    assert!(fingerprinted.len() >= 4, "{fingerprinted:?}");
    for file in &fingerprinted {
        assert!(
            headers.contains(&format!(
                "/static/{file}\n  Cache-Control: public, max-age=31536000, immutable\n"
            )),
            "/static/{file} is not cached for good:\n{headers}"
        );
    }
    assert_eq!(
        headers.matches("immutable").count(),
        fingerprinted.len(),
        "{headers}"
    );
    // Scripts import each other by their fingerprinted names: no file is left under a name a
    // browser would have to ask about again.
    for file in [
        "static/search.js",
        "static/search-engine.js",
        "static/style.css",
    ] {
        assert!(!out.join(file).exists(), "{file}");
    }
}

#[test]
fn a_changed_stylesheet_gets_a_new_name_on_every_page() {
    let site = common::fixture_site("valid");
    let build = |out: &str| {
        let out = site.path().join(out);
        site::build(&BuildOptions {
            root: site.path().to_path_buf(),
            out: out.clone(),
            drafts: false,
            extension: Some(arrs_guide::guide::extension()),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        out
    };
    let stylesheet = |out: &Path, page: &str| {
        referenced_assets(&common::read(out, page))
            .into_iter()
            .find(|url| url.starts_with("/static/style-"))
            .expect("a stylesheet link")
    };
    let before = build("before");
    let style = site.path().join("templates/static/style.css");
    let mut css = std::fs::read_to_string(&style).unwrap();
    css.push_str("\nmain { max-width: 40rem; }\n");
    std::fs::write(&style, &css).unwrap();
    let after = build("after");
    for page in html_files(&after) {
        let (old, new) = (stylesheet(&before, &page), stylesheet(&after, &page));
        assert_ne!(old, new, "{page} still links the old stylesheet");
        assert_eq!(
            std::fs::read_to_string(after.join(new.trim_start_matches('/'))).unwrap(),
            css
        );
        assert!(!after.join(old.trim_start_matches('/')).exists());
    }
}

/// The valid fixture with the real rules and role pages, `settings` appended to its `site.yaml`,
/// built into its `public/`.
fn build_with_real_rules(settings: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = common::fixture_site("valid");
    common::add_real_rules_with_role_pages(site.path());
    let file = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n{settings}")).unwrap();
    let out = site.path().join("public");
    site::build(&BuildOptions {
        root: site.path().to_path_buf(),
        out: out.clone(),
        drafts: false,
        extension: Some(arrs_guide::guide::extension()),
    })
    .unwrap();
    (site, out)
}

/// `as_of` in `site.yaml` pins the date the pages are built as of: the roles index and role
/// pages then lead with that date's financial year.
#[test]
fn as_of_pins_the_current_year() {
    let (_site, out) = build_with_real_rules("as_of: 2025-06-01\n");
    let index = common::read(&out, "roles/index.html");
    assert!(
        index.contains("<caption>Maximum claim per whole-time post a year, 2025/26</caption>"),
        "{index}"
    );
    let role = common::read(&out, "roles/paramedic/index.html");
    let first = role.find("data-cap-year=").map(|i| &role[i..i + 23]);
    assert_eq!(first, Some("data-cap-year=\"2025/26\""));
    assert!(role.contains("/calculator/?year=2025-26&amp;post=paramedic,national,"));
}

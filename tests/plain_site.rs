//! The generator on its own knows no site: a plain Markdown site whose folders happen to be
//! called `roles/` and `faq/` builds as ordinary pages and sections, and only the guide's
//! extension gives those folders their role and FAQ meaning.

use arrs_guide::site::{self, BuildError, BuildOptions};
use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("folder");
    fs::write(path, text).expect("file");
}

/// A site with plain front matter everywhere and templates that know nothing of the guide.
fn plain_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temporary folder");
    let root = site.path();
    write(
        root,
        "content/site.yaml",
        "title: Plain\nbase_url: https://plain.example.org\ndescription: A plain site\n",
    );
    let page = |title: &str| format!("---\ntitle: {title}\n---\nSome words about {title}.\n");
    write(root, "content/index.md", &page("Home"));
    write(root, "content/roles/_index.md", &page("Roles we play"));
    write(root, "content/roles/nurse.md", &page("Nurse"));
    write(root, "content/faq/_index.md", &page("Questions"));
    write(root, "content/faq/parking.md", &page("Parking"));
    let template = "<html><body><h1>{{ page.title }}</h1>{{ page.content | safe }}\
                    {% if section %}<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% endif %}\
                    </body></html>";
    for name in ["page.html", "section.html", "search.html", "404.html"] {
        write(root, &format!("templates/{name}"), template);
    }
    site
}

#[test]
fn folders_named_roles_and_faq_are_ordinary_sections_without_the_guide() {
    let site = plain_site();
    let out = site.path().join("public");
    let report = site::build(&BuildOptions::new(site.path()))
        .unwrap_or_else(|error| panic!("the plain site must build: {error}"));
    report.cleanup.wait().expect("cleanup");
    // Home, two sections, two pages, plus search and 404.
    assert_eq!(report.pages, 7);
    let nurse = fs::read_to_string(out.join("roles/nurse/index.html")).expect("a page");
    assert!(nurse.contains("<h1>Nurse</h1>"), "{nurse}");
    let parking = fs::read_to_string(out.join("faq/parking/index.html"))
        .expect("an FAQ-folder file is a page of its own");
    assert!(parking.contains("Some words about Parking."), "{parking}");
    let questions = fs::read_to_string(out.join("faq/index.html")).expect("a section");
    assert!(questions.contains("<li>Parking</li>"), "{questions}");
    assert!(
        !out.join("data/rules").exists(),
        "no rules data is published"
    );
    let check = site::check(site.path(), None).expect("the plain site checks clean");
    assert_eq!(check.entries, 0);
}

#[test]
fn the_guide_extension_gives_the_same_folders_their_meaning() {
    let site = plain_site();
    let options = BuildOptions::new(site.path()).with_extension(arrs_guide::guide::extension());
    let Err(BuildError::Content(found)) = site::build(&options) else {
        panic!("a role page and an FAQ entry without their front matter must fail");
    };
    let text = found.to_string();
    assert!(text.contains("content/roles/nurse.md"), "{text}");
    assert!(text.contains("content/faq/parking.md"), "{text}");
    assert!(!site.path().join("public").exists(), "nothing is written");
}

//! The ARRS Guide as an extension of the generator ([`SiteExtension`]): role pages
//! (`content/roles/<role-id>.md`, front matter of their own), the roles comparison
//! (`roles/_index.md`), the FAQ page (`faq/_index.md`) gathering the entries of `content/faq/`,
//! the rules data (`content/rules/*.yaml`) behind every figure, and the calculator page with its
//! WebAssembly. [`extension`] is what the command line installs.

use crate::guide::calculator;
use crate::guide::checks;
use crate::guide::front_matter::{FaqFrontMatter, RoleFrontMatter};
use crate::guide::kinds::{is_calculator, FAQ, FAQ_PAGE, ORDINARY_PAGE_IDS, ROLE, ROLES_INDEX};
use crate::guide::pages::GuideViews;
use crate::guide::rules_data;
use crate::rules::RuleBook;
use crate::site::extension::{
    Claim, ClaimedEntry, ClaimedPage, Claims, Extension, ExtensionData, FrontMatter,
    GeneratedAssets, PageExtras, SiteData, SiteExtension, ViewInput,
};
use crate::site::load::content::{file_stem, parent_folder, Content, Page, PageKind};
use crate::site::load::model::PageFrontMatter;
use crate::site::output::staging::OutputFile;
use crate::site::Diagnostic;
use std::path::Path;

/// The guide's extension, for [`BuildOptions`](crate::site::BuildOptions) and
/// [`IncrementalSite`](crate::site::incremental::IncrementalSite).
pub fn extension() -> Extension {
    Extension::new(Guide)
}

/// The ARRS Guide's additions to the generator.
struct Guide;

impl Claims for Guide {
    fn claim(
        &self,
        source: &str,
        front_matter: &FrontMatter<'_>,
    ) -> Option<Result<Claim, Diagnostic>> {
        let claim = match (parent_folder(source), file_stem(source)) {
            ("roles", "_index") => Ok(Claim::Kind(&ROLES_INDEX)),
            ("faq", "_index") => Ok(Claim::Kind(&FAQ)),
            ("roles", _) => front_matter.parse::<RoleFrontMatter>().map(role_page),
            ("faq", _) => front_matter.parse::<FaqFrontMatter>().map(faq_entry),
            _ => return None,
        };
        Some(claim)
    }
}

impl SiteExtension for Guide {
    fn ordinary_page_ids(&self) -> &'static [&'static str] {
        ORDINARY_PAGE_IDS
    }

    fn runs_wasm(&self, page: &Page) -> bool {
        is_calculator(page)
    }

    fn check(&self, content: &Content) -> Vec<Diagnostic> {
        let mut found = checks::check_roles(content);
        found.extend(checks::check_faq(content));
        found
    }

    fn load(&self, root: &Path, _shown: &Path) -> Result<Box<dyn SiteData>, Vec<Diagnostic>> {
        load_rules(&root.join("content")).map(|rules| Box::new(GuideData { rules }) as _)
    }

    /// The roles index, the FAQ page and the calculator (which lists the roles) show every
    /// page's front matter; a role's title also shows on the other role pages (related roles)
    /// and on the home page (its headline figures).
    fn pages_showing(&self, content: &Content, changed: usize) -> Vec<usize> {
        let is_role = content.pages[changed].kind == PageKind::Extension(&ROLE);
        (content.pages.iter().enumerate())
            .filter(|(_, other)| {
                other.kind == PageKind::Extension(&ROLES_INDEX)
                    || other.kind == PageKind::Extension(&FAQ)
                    || is_calculator(other)
                    || (is_role
                        && (other.kind == PageKind::Extension(&ROLE)
                            || other.template() == "home.html"))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// A role page's front matter, as the page every page is and the role's own facts.
fn role_page(role: RoleFrontMatter) -> Claim {
    let meta = PageFrontMatter {
        title: role.title.clone(),
        summary: Some(role.summary.clone()),
        draft: role.draft,
        weight: role.weight,
        last_reviewed: Some(role.last_reviewed),
        next_review: Some(role.next_review),
        aliases: role.aliases.clone(),
        sources: role.sources.clone(),
        ..PageFrontMatter::default()
    };
    // The role page shows these facts from the front matter, so search finds them too.
    let search_facts = vec![
        role.regulator.clone(),
        role.entry_requirements.clone(),
        role.minimum_supervision.clone(),
    ];
    Claim::Page(ClaimedPage {
        kind: &ROLE,
        meta,
        data: ExtensionData::new(role),
        search_facts,
    })
}

/// An FAQ entry, shown on the FAQ page.
fn faq_entry(meta: FaqFrontMatter) -> Claim {
    Claim::Entry(ClaimedEntry {
        host: FAQ_PAGE.to_owned(),
        title: meta.question.clone(),
        summary: format!("FAQ: {}", meta.category.label()),
        sources: meta.sources.clone(),
        draft: meta.draft,
        data: ExtensionData::new(meta),
    })
}

/// The rules data, when the site has a `content/rules/` folder (a guide without one shows its
/// roles without figures). Paths in its diagnostics are shown without a leading `./`.
fn load_rules(content_dir: &Path) -> Result<Option<RuleBook>, Vec<Diagnostic>> {
    if !content_dir.join("rules").is_dir() {
        return Ok(None);
    }
    rules_data::load_rules(content_dir)
        .map(Some)
        .map_err(|found| {
            (found.0.into_iter())
                .map(|mut d| {
                    if let Ok(stripped) = d.path.strip_prefix(".") {
                        d.path = stripped.to_path_buf();
                    }
                    d
                })
                .collect()
        })
}

/// The guide's data for one build: the rules, if the site has them.
struct GuideData {
    rules: Option<RuleBook>,
}

impl SiteData for GuideData {
    fn check(&self, content: &Content, shown: &Path) -> Vec<Diagnostic> {
        match &self.rules {
            Some(book) => {
                checks::check_roles_against_rules(content, book, &shown.join("content/roles"))
            }
            None => Vec::new(),
        }
    }

    /// The calculator's hashed script and WebAssembly (`assets["calc_wasm.js"]`), when a page
    /// is the calculator.
    fn generated_assets(
        &self,
        root: &Path,
        content: &Content,
    ) -> Result<GeneratedAssets, Box<dyn std::error::Error + Send + Sync>> {
        let mut assets = GeneratedAssets::default();
        if !content.pages.iter().any(is_calculator) {
            return Ok(assets);
        }
        let built = calculator::build_calculator(&calculator::calculator_project_root(root))?;
        assets
            .urls
            .insert(calculator::SCRIPT_ASSET.to_owned(), built.script.url());
        assets
            .urls
            .insert(calculator::WASM_ASSET.to_owned(), built.wasm.url());
        for file in built.files() {
            assets.files.push(OutputFile::Bytes {
                path: file.path.clone(),
                bytes: file.bytes.clone(),
            });
        }
        Ok(assets)
    }

    /// The rules as JSON, `data/rules/*.json`, for the calculator.
    fn files(&self) -> std::io::Result<Vec<OutputFile>> {
        match &self.rules {
            Some(book) => rules_data::rules_json_files(book),
            None => Ok(Vec::new()),
        }
    }

    fn views<'a>(&'a self, site: ViewInput<'a>) -> Box<dyn PageExtras + 'a> {
        Box::new(GuideViews::new(site, self.rules.as_ref()))
    }
}

//! Page views: everything a template sees for each page, built from the loaded content and the
//! rendered Markdown, with what an installed extension adds
//! ([`PageExtras`](crate::site::extension::PageExtras)). Lookups shared by every page (children
//! of each section, pages by URL) are built once, so filling all views is O(n log n) in pages.

use crate::site::extension::{PageExtras, SiteData, SiteExtension, ViewInput};
use crate::site::load::content::{file_stem, parent_folder, Content, Page, PageKind};
use crate::site::render::markdown::Rendered;
use crate::site::render::toc;
use crate::site::render::views::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// True for pages that run WebAssembly, as the installed extension says.
pub(crate) fn needs_wasm(extension: Option<&dyn SiteExtension>, page: &Page) -> bool {
    extension.is_some_and(|ext| ext.runs_wasm(page))
}

/// The pages whose view shows something of the front matter of page `changed` (its title,
/// summary, weight), besides `changed` itself: the sections (which list their pages), the pages
/// below it (breadcrumbs), and what the installed extension names
/// ([`SiteExtension::pages_showing`]). The search page's A to Z lists every page, so it is
/// always affected too. Keep in step with the views below: the incremental rebuilds of `serve`
/// re-render exactly these pages after a front matter edit (`tests/incremental.rs` compares the
/// result with a full build).
pub(crate) fn pages_showing_front_matter_of(
    content: &Content,
    changed: usize,
    extension: Option<&dyn SiteExtension>,
) -> Vec<usize> {
    let page = &content.pages[changed];
    let below = |other: &Page| other.url.starts_with(page.url.as_str()) && other.url != page.url;
    let mut pages: Vec<usize> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, other)| other.kind == PageKind::Section || below(other))
        .map(|(i, _)| i)
        .collect();
    if let Some(ext) = extension {
        pages.extend(ext.pages_showing(content, changed));
    }
    pages
}

/// Today's date (UTC) from the system clock: the date a site is built as of unless `site.yaml`
/// sets `as_of`.
pub(crate) fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// Lookups shared by every page's view, built once (each O(n log n) or better).
pub(crate) struct SiteViews<'a> {
    content: &'a Content,
    rendered: &'a [Rendered],
    site: SiteView,
    by_url: HashMap<&'a str, usize>,
    children: BTreeMap<&'a str, Vec<usize>>,
    nav: Vec<(String, String)>,
    /// Generated and fingerprinted asset URLs by name.
    assets: &'a BTreeMap<String, String>,
    /// Which pages run WebAssembly (same order as `content.pages`).
    wasm: Vec<bool>,
    /// The installed extension's part of each view.
    extras: Option<Box<dyn PageExtras + 'a>>,
}

fn sort_key(page: &Page) -> (bool, i64, String) {
    (
        page.meta.weight.is_none(),
        page.meta.weight.unwrap_or(0),
        page.meta.title.to_lowercase(),
    )
}

impl<'a> SiteViews<'a> {
    /// The lookups for `content`, its pages' and entries' rendered Markdown, the asset URLs,
    /// and the installed extension with its data.
    pub(crate) fn new(
        content: &'a Content,
        rendered: &'a [Rendered],
        entries: &'a [Rendered],
        assets: &'a BTreeMap<String, String>,
        extension: Option<(&'a dyn SiteExtension, &'a dyn SiteData)>,
    ) -> Self {
        let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            let source = page.src.source.as_str();
            let folder = parent_folder(source);
            let stem = file_stem(source);
            let parent = match stem {
                "_index" if folder.is_empty() => continue,
                "_index" => parent_folder(folder),
                "index" if folder.is_empty() => continue,
                _ => folder,
            };
            children.entry(parent).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by_cached_key(|&i| sort_key(&content.pages[i]));
        }
        let by_url = content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.as_str(), i))
            .collect();
        let by_source: HashMap<&str, &Page> = content
            .pages
            .iter()
            .map(|p| (p.src.source.as_str(), p))
            .collect();
        let nav = content
            .site
            .nav
            .iter()
            .filter_map(|n| {
                by_source
                    .get(n.path.trim_start_matches('/'))
                    .map(|p| (n.title.clone(), p.url.clone()))
            })
            .collect();
        let s = &content.site;
        let today = s.as_of.map_or_else(today, |date| date.0);
        let wasm = (content.pages.iter())
            .map(|p| needs_wasm(extension.map(|(ext, _)| ext), p))
            .collect();
        let extras = extension.map(|(_, data)| {
            data.views(ViewInput {
                content,
                entries,
                assets,
                today,
            })
        });
        SiteViews {
            content,
            rendered,
            site: SiteView {
                title: s.title.clone(),
                base_url: s.base_url.clone(),
                description: s.description.clone(),
                language: s.language.clone(),
            },
            by_url,
            children,
            nav,
            assets,
            wasm,
            extras,
        }
    }

    fn link(&self, i: usize) -> LinkView {
        let p = &self.content.pages[i];
        LinkView {
            title: p.meta.title.clone(),
            url: p.url.clone(),
            summary: p.meta.summary.clone(),
        }
    }

    fn nav_for(&self, url: &str) -> Vec<NavLink> {
        self.nav
            .iter()
            .map(|(title, nav_url)| NavLink {
                title: title.clone(),
                url: nav_url.clone(),
                current: if nav_url == url {
                    Some("page")
                } else if nav_url != "/" && url.starts_with(nav_url.as_str()) {
                    Some("location")
                } else {
                    None
                },
            })
            .collect()
    }

    fn breadcrumbs(&self, url: &str) -> Vec<LinkView> {
        if url == "/" {
            return Vec::new();
        }
        let mut crumbs = Vec::new();
        let mut prefix = String::from("/");
        // The home page is always "Home" in the trail, whatever its title.
        crumbs.push(LinkView {
            title: "Home".into(),
            url: "/".into(),
            summary: None,
        });
        let segments: Vec<&str> = url.trim_matches('/').split('/').collect();
        for segment in &segments[..segments.len().saturating_sub(1)] {
            prefix.push_str(segment);
            prefix.push('/');
            if let Some(&i) = self.by_url.get(prefix.as_str()) {
                crumbs.push(self.link(i));
            }
        }
        crumbs
    }

    fn page_view(&self, i: usize) -> PageView {
        let page = &self.content.pages[i];
        let rendered = &self.rendered[i];
        let mut toc = toc::build(&rendered.headings);
        if let Some(extras) = &self.extras {
            toc.extend(extras.toc(i));
        }
        let meta = &page.meta;
        PageView {
            title: meta.title.clone(),
            url: page.url.clone(),
            canonical: Some(format!("{}{}", self.site.base_url, page.url)),
            description: meta
                .summary
                .clone()
                .unwrap_or_else(|| self.site.description.clone()),
            summary: meta.summary.clone(),
            kind: page.kind,
            date: meta.date.map(Into::into),
            last_reviewed: meta.last_reviewed.map(Into::into),
            next_review: meta.next_review.map(Into::into),
            sources: meta.sources.clone(),
            aliases: meta.aliases.clone(),
            extra: meta.extra.clone(),
            content: rendered.html.clone(),
            toc,
            breadcrumbs: self.breadcrumbs(&page.url),
        }
    }

    fn blank_view(&self, page: PageView) -> RenderView<'_> {
        RenderView {
            site: &self.site,
            nav: self.nav_for(&page.url),
            page,
            section: None,
            a_z: None,
            csp: CSP,
            assets: self.assets,
        }
    }

    /// The template context of `view`, with the installed extension's values for page `page`
    /// (`None` for the pages the build writes itself).
    pub(crate) fn context(
        &self,
        view: &RenderView<'_>,
        page: Option<usize>,
    ) -> Result<tera::Context, tera::Error> {
        let mut context = tera::Context::from_serialize(view)?;
        if let Some(extras) = &self.extras {
            extras.fill(page, &mut context);
        }
        Ok(context)
    }

    /// What the template of page `i` sees from the generator.
    pub(crate) fn render_view(&self, i: usize) -> RenderView<'_> {
        let page = &self.content.pages[i];
        let mut view = self.blank_view(self.page_view(i));
        if self.wasm[i] {
            view.csp = CSP_WITH_WASM;
        }
        match page.kind {
            PageKind::Section => {
                let folder = parent_folder(&page.src.source);
                let pages = self
                    .children
                    .get(folder)
                    .map(|list| list.iter().map(|&c| self.link(c)).collect())
                    .unwrap_or_default();
                view.section = Some(SectionView { pages });
            }
            PageKind::Page | PageKind::Search | PageKind::Extension(_) => {}
        }
        view
    }

    fn generated_page(&self, title: &str, url: &str, canonical: bool) -> PageView {
        PageView {
            title: title.to_owned(),
            url: url.to_owned(),
            canonical: canonical.then(|| format!("{}{url}", self.site.base_url)),
            description: self.site.description.clone(),
            summary: None,
            kind: PageKind::Search,
            date: None,
            last_reviewed: None,
            next_review: None,
            sources: Vec::new(),
            aliases: Vec::new(),
            extra: BTreeMap::new(),
            content: String::new(),
            toc: Vec::new(),
            breadcrumbs: if canonical {
                self.breadcrumbs(url)
            } else {
                Vec::new()
            },
        }
    }

    /// What the search page's template sees.
    pub(crate) fn search_view(&self) -> RenderView<'_> {
        let mut pages: Vec<usize> = (0..self.content.pages.len()).collect();
        pages.sort_by_cached_key(|&i| {
            (
                self.content.pages[i].meta.title.to_lowercase(),
                self.content.pages[i].url.clone(),
            )
        });
        let mut letters: Vec<LetterView> = Vec::new();
        for i in pages {
            let initial = self.content.pages[i]
                .meta
                .title
                .chars()
                .next()
                .map_or('#', |c| c.to_uppercase().next().unwrap_or(c));
            let letter = if initial.is_alphabetic() {
                initial.to_string()
            } else {
                "#".to_owned()
            };
            match letters.last_mut() {
                Some(group) if group.letter == letter => group.pages.push(self.link(i)),
                _ => {
                    let id = if letter == "#" {
                        "letter-other".to_owned()
                    } else {
                        format!("letter-{}", letter.to_lowercase())
                    };
                    letters.push(LetterView {
                        letter,
                        id,
                        pages: vec![self.link(i)],
                    })
                }
            }
        }
        let mut view =
            self.blank_view(self.generated_page("Search and A to Z of pages", "/search/", true));
        view.a_z = Some(letters);
        view
    }

    /// What the 404 page's template sees.
    pub(crate) fn not_found_view(&self) -> RenderView<'_> {
        let mut page = self.generated_page("Page not found", "/404.html", false);
        page.kind = PageKind::Page;
        self.blank_view(page)
    }
}

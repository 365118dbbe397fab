//! Page views: everything a template sees for each page, built from the loaded content, the
//! rendered Markdown and the rules. Lookups shared by every page (children of each section,
//! pages by URL, role pages by id, the roles index caps) are built once, so filling all views is
//! O(n log n) in pages.

use crate::guide::calculator::{self, CalculatorView};
use crate::guide::money_views;
use crate::guide::role_views::{self, IndexCaps};
use crate::rules::glance::whole_pounds_gbp;
use crate::rules::{RoleId, RuleBook, YearId};
use crate::site::load::content::{file_stem, parent_folder, Content, Page, PageKind};
use crate::site::load::model::FaqCategory;
use crate::site::render::markdown::Rendered;
use crate::site::render::toc;
use crate::site::render::views::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// True for pages rendered with the calculator template, which runs WebAssembly.
pub(crate) fn needs_wasm(page: &Page) -> bool {
    page.template() == "calculator.html"
}

/// Lookups shared by every page's view, built once (each O(n log n) or better).
pub(crate) struct SiteViews<'a> {
    content: &'a Content,
    rendered: &'a [Rendered],
    answers: &'a [Rendered],
    site: SiteView,
    by_url: HashMap<&'a str, usize>,
    by_role: HashMap<&'a str, usize>,
    children: BTreeMap<&'a str, Vec<usize>>,
    nav: Vec<(String, String)>,
    rules: Option<&'a RuleBook>,
    /// The build date, which picks the current year.
    today: NaiveDate,
    /// The roles index caps: the current year first, then the others newest first.
    index_caps: Vec<IndexCaps>,
}

fn sort_key(page: &Page) -> (bool, i64, String) {
    (
        page.meta.weight.is_none(),
        page.meta.weight.unwrap_or(0),
        page.meta.title.to_lowercase(),
    )
}

impl<'a> SiteViews<'a> {
    pub(crate) fn new(
        content: &'a Content,
        rendered: &'a [Rendered],
        answers: &'a [Rendered],
        rules: Option<&'a RuleBook>,
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
        let by_role = content
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.role_id().map(|id| (id, i)))
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
        let today = s.as_of.map_or_else(role_views::today, |date| date.0);
        SiteViews {
            content,
            rendered,
            answers,
            site: SiteView {
                title: s.title.clone(),
                base_url: s.base_url.clone(),
                description: s.description.clone(),
                language: s.language.clone(),
            },
            by_url,
            by_role,
            children,
            nav,
            rules,
            today,
            index_caps: rules.map_or_else(Vec::new, |book| role_views::index_caps(book, today)),
        }
    }

    pub(crate) fn faq_url(&self) -> Option<&str> {
        self.content
            .pages
            .iter()
            .find(|p| p.kind == PageKind::Faq)
            .map(|p| p.url.as_str())
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
        if page.kind == PageKind::Faq {
            toc.extend(self.faq_view().into_iter().map(|c| toc::TocEntry {
                id: c.id,
                title: c.label,
                children: Vec::new(),
            }));
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

    fn blank_view<'v>(
        &'v self,
        page: PageView,
        assets: &'v BTreeMap<String, String>,
    ) -> RenderView<'v> {
        RenderView {
            site: &self.site,
            nav: self.nav_for(&page.url),
            page,
            section: None,
            role: None,
            roles: None,
            faq: None,
            a_z: None,
            csp: CSP,
            calculator: None,
            assets,
            home: None,
        }
    }

    pub(crate) fn render_view<'v>(
        &'v self,
        i: usize,
        assets: &'v BTreeMap<String, String>,
    ) -> RenderView<'v> {
        let page = &self.content.pages[i];
        let mut view = self.blank_view(self.page_view(i), assets);
        if needs_wasm(page) {
            view.csp = CSP_WITH_WASM;
            view.calculator = self.calculator_view(assets);
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
            PageKind::Role => view.role = self.role_view(page),
            PageKind::RolesIndex => view.roles = Some(self.roles_index_view()),
            PageKind::Faq => view.faq = Some(self.faq_view()),
            PageKind::Page if page.template() == "home.html" => view.home = self.home_view(),
            PageKind::Page | PageKind::Search => {}
        }
        view
    }

    fn calculator_view(&self, assets: &BTreeMap<String, String>) -> Option<CalculatorView> {
        let categories = self
            .content
            .pages
            .iter()
            .filter_map(|p| {
                Some((
                    p.role_id()?.to_owned(),
                    p.role.as_ref()?.category.label().to_owned(),
                ))
            })
            .collect();
        let url = |name: &str| assets.get(name).map_or("", String::as_str);
        let urls = calculator::CalculatorUrls {
            script: url(calculator::SCRIPT_ASSET),
            wasm: url(calculator::WASM_ASSET),
        };
        calculator::calculator_view(self.rules?, &categories, urls, YearId::today())
    }

    fn role_view(&self, page: &Page) -> Option<RoleView> {
        let role = page.role.as_ref()?;
        let id = page.role_id()?.to_owned();
        let related = role
            .related
            .iter()
            .filter_map(|r| self.by_role.get(r.as_str()).map(|&i| self.link(i)))
            .collect();
        let rule_id = id.parse::<RoleId>().ok();
        let (band, years, money) = match (self.rules, rule_id) {
            (Some(book), Some(rule_id)) => (
                role_views::current_band(book, rule_id, self.today),
                role_views::role_years(book, rule_id, self.today),
                money_views::glance_views(book, rule_id, &page.meta.title, self.today),
            ),
            _ => (None, Vec::new(), None),
        };
        let (glance, chart, calculator_url) = match money {
            Some((glance, chart, url)) => (Some(glance), Some(chart), url),
            None => (None, None, format!("/calculator/?post={id},national,,1")),
        };
        Some(RoleView {
            calculator_url,
            id,
            category: role.category.label().to_owned(),
            joined: role.joined.replacen('-', "/", 1),
            regulator: role.regulator.clone(),
            entry_requirements: role.entry_requirements.clone(),
            minimum_supervision: role.minimum_supervision.clone(),
            related,
            band,
            years,
            glance,
            chart,
        })
    }

    fn home_view(&self) -> Option<money_views::HomeView> {
        money_views::home_view(self.rules?, self.today, |role| {
            let page = &self.content.pages[*self.by_role.get(role.id())?];
            Some((page.meta.title.as_str(), page.url.as_str()))
        })
    }

    fn roles_index_view(&self) -> RolesIndexView {
        let mut roles: Vec<&Page> = self
            .content
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Role)
            .collect();
        roles.sort_by_cached_key(|p| {
            (
                p.role.as_ref().map(|r| r.category),
                p.meta.title.to_lowercase(),
            )
        });
        let row = |p: &Page, caps: &IndexCaps| -> Option<RoleRowView> {
            let period = p
                .role_id()
                .and_then(|id| id.parse::<RoleId>().ok())
                .and_then(|id| caps.by_role.get(&id))
                .map(|caps| &caps.period);
            Some(RoleRowView {
                title: p.meta.title.clone(),
                url: p.url.clone(),
                category: p.role.as_ref()?.category.label().to_owned(),
                band: period.map(|c| c.band.short_label()),
                national: period.map(|c| whole_pounds_gbp(c.national.annual)),
                outer_london: period.map(|c| whole_pounds_gbp(c.outer_london.annual)),
                inner_london: period.map(|c| whole_pounds_gbp(c.inner_london.annual)),
                status: period.map(|c| c.status.id().to_owned()),
            })
        };
        let current = self.index_caps.first();
        let rows = roles
            .iter()
            .filter_map(|p| match current {
                Some(caps) => row(p, caps),
                None => Some(RoleRowView {
                    title: p.meta.title.clone(),
                    url: p.url.clone(),
                    category: p.role.as_ref()?.category.label().to_owned(),
                    band: None,
                    national: None,
                    outer_london: None,
                    inner_london: None,
                    status: None,
                }),
            })
            .collect();
        let earlier = self
            .index_caps
            .iter()
            .skip(1)
            .map(|caps| EarlierYearView {
                year: caps.year.to_string(),
                year_label: role_views::year_label(caps.year),
                rows: roles
                    .iter()
                    .filter_map(|p| row(p, caps))
                    .filter(|r| r.national.is_some())
                    .collect(),
            })
            .collect();
        RolesIndexView {
            year: current.map(|c| c.year.to_string()),
            year_label: current.map(|c| role_views::year_label(c.year)),
            rows,
            earlier,
        }
    }

    fn faq_view(&self) -> Vec<FaqCategoryView> {
        let mut order: Vec<usize> = (0..self.content.faq.len()).collect();
        order.sort_by_cached_key(|&i| {
            let e = &self.content.faq[i];
            (e.meta.category, e.meta.order, e.id.clone())
        });
        FaqCategory::ALL
            .iter()
            .filter_map(|&category| {
                let entries: Vec<FaqEntryView> = order
                    .iter()
                    .map(|&i| (&self.content.faq[i], &self.answers[i]))
                    .filter(|(e, _)| e.meta.category == category)
                    .map(|(e, a)| FaqEntryView {
                        id: e.id.clone(),
                        question: e.meta.question.clone(),
                        answer: a.html.clone(),
                        answered: e.meta.answered.into(),
                        sources: e.meta.sources.clone(),
                    })
                    .collect();
                (!entries.is_empty()).then(|| FaqCategoryView {
                    id: category.id().to_owned(),
                    label: category.label().to_owned(),
                    entries,
                })
            })
            .collect()
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

    pub(crate) fn search_view<'v>(
        &'v self,
        assets: &'v BTreeMap<String, String>,
    ) -> RenderView<'v> {
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
        let mut view = self.blank_view(
            self.generated_page("Search and A to Z of pages", "/search/", true),
            assets,
        );
        view.a_z = Some(letters);
        view
    }

    pub(crate) fn not_found_view<'v>(
        &'v self,
        assets: &'v BTreeMap<String, String>,
    ) -> RenderView<'v> {
        let mut page = self.generated_page("Page not found", "/404.html", false);
        page.kind = PageKind::Page;
        self.blank_view(page, assets)
    }
}

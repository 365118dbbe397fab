//! The guide's part of each page's view ([`PageExtras`]): a role's facts and figures
//! (`role`), the roles comparison (`roles`), the FAQ topics (`faq`, also listed in the FAQ
//! page's table of contents), the calculator's view (`calculator`) and the home page's figures
//! (`home`). Every page gets all five keys, null where they do not apply.

use crate::guide::calculator::{self, CalculatorView};
use crate::guide::front_matter::{FaqCategory, FaqFrontMatter, RoleFrontMatter};
use crate::guide::kinds::{is_calculator, role_id, FAQ, ROLE, ROLES_INDEX};
use crate::guide::money_views::{self, HomeView};
use crate::guide::money_views::{ChartView, GlanceView};
use crate::guide::role_views::{self, IndexCaps};
use crate::guide::views::{
    CapYearView, EarlierYearView, FaqCategoryView, FaqEntryView, RoleRowView, RolesIndexView,
};
use crate::rules::glance::whole_pounds_gbp;
use crate::rules::{RoleId, RuleBook, YearId};
use crate::site::extension::{PageExtras, ViewInput};
use crate::site::load::content::{Page, PageKind};
use crate::site::render::toc::TocEntry;
use crate::site::render::views::LinkView;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Role facts for `role.html`.
#[derive(Debug, Clone, serde::Serialize)]
struct RoleView {
    /// Role id.
    pub id: String,
    /// Category label.
    pub category: String,
    /// Year joined, `2019-20`.
    pub joined: String,
    /// Regulator or registration body.
    pub regulator: String,
    /// Entry requirements.
    pub entry_requirements: String,
    /// Minimum supervision.
    pub minimum_supervision: String,
    /// Related role pages.
    pub related: Vec<LinkView>,
    /// Link that opens the calculator pre-filled for this role.
    pub calculator_url: String,
    /// Band in the latest published year, if the rules have the role.
    pub band: Option<String>,
    /// Caps for every year, from the rules data (empty when no rules are loaded): the current
    /// year first, then the others newest first.
    pub years: Vec<CapYearView>,
    /// The current year's money at a glance.
    pub glance: Option<GlanceView>,
    /// The national maximum by year, as a chart.
    pub chart: Option<ChartView>,
}

/// The lookups the guide's views share, built once per rendering of the site.
pub(crate) struct GuideViews<'a> {
    site: ViewInput<'a>,
    rules: Option<&'a RuleBook>,
    /// Role pages by role id.
    by_role: HashMap<&'a str, usize>,
    /// The build date, which picks the current year.
    today: NaiveDate,
    /// The roles index caps: the current year first, then the others newest first.
    index_caps: Vec<IndexCaps>,
}

impl<'a> GuideViews<'a> {
    /// The lookups for `site`, with the rules if the site has them.
    pub(crate) fn new(site: ViewInput<'a>, rules: Option<&'a RuleBook>) -> Self {
        let by_role = (site.content.pages.iter().enumerate())
            .filter_map(|(i, p)| role_id(p).map(|id| (id, i)))
            .collect();
        let today = site.today;
        GuideViews {
            site,
            rules,
            by_role,
            today,
            index_caps: rules.map_or_else(Vec::new, |book| role_views::index_caps(book, today)),
        }
    }

    fn link(&self, i: usize) -> LinkView {
        let p = &self.site.content.pages[i];
        LinkView {
            title: p.meta.title.clone(),
            url: p.url.clone(),
            summary: p.meta.summary.clone(),
        }
    }

    fn calculator_view(&self) -> Option<CalculatorView> {
        let categories = (self.site.content.pages.iter())
            .filter_map(|p| {
                Some((
                    role_id(p)?.to_owned(),
                    p.data::<RoleFrontMatter>()?.category.label().to_owned(),
                ))
            })
            .collect();
        let url = |name: &str| self.site.assets.get(name).map_or("", String::as_str);
        let urls = calculator::CalculatorUrls {
            script: url(calculator::SCRIPT_ASSET),
            wasm: url(calculator::WASM_ASSET),
        };
        calculator::calculator_view(self.rules?, &categories, urls, YearId::today())
    }

    fn role_view(&self, page: &Page) -> Option<RoleView> {
        let role = page.data::<RoleFrontMatter>()?;
        let id = role_id(page)?.to_owned();
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

    fn home_view(&self) -> Option<HomeView> {
        money_views::home_view(self.rules?, self.today, |role| {
            let page = &self.site.content.pages[*self.by_role.get(role.id())?];
            Some((page.meta.title.as_str(), page.url.as_str()))
        })
    }

    fn roles_index_view(&self) -> RolesIndexView {
        let mut roles: Vec<(&Page, &RoleFrontMatter)> = (self.site.content.pages.iter())
            .filter(|p| p.kind == PageKind::Extension(&ROLE))
            .filter_map(|p| Some((p, p.data::<RoleFrontMatter>()?)))
            .collect();
        roles.sort_by_cached_key(|(p, role)| (role.category, p.meta.title.to_lowercase()));
        let row = |p: &Page, role: &RoleFrontMatter, caps: Option<&IndexCaps>| {
            let period = caps
                .zip(role_id(p).and_then(|id| id.parse::<RoleId>().ok()))
                .and_then(|(caps, id)| caps.by_role.get(&id))
                .map(|caps| &caps.period);
            RoleRowView {
                title: p.meta.title.clone(),
                url: p.url.clone(),
                category: role.category.label().to_owned(),
                band: period.map(|c| c.band.short_label()),
                national: period.map(|c| whole_pounds_gbp(c.national.annual)),
                outer_london: period.map(|c| whole_pounds_gbp(c.outer_london.annual)),
                inner_london: period.map(|c| whole_pounds_gbp(c.inner_london.annual)),
                status: period.map(|c| c.status.id().to_owned()),
            }
        };
        let current = self.index_caps.first();
        let rows = (roles.iter())
            .map(|(p, role)| row(p, role, current))
            .collect();
        let earlier = (self.index_caps.iter().skip(1))
            .map(|caps| EarlierYearView {
                year: caps.year.to_string(),
                year_label: role_views::year_label(caps.year),
                rows: (roles.iter())
                    .map(|(p, role)| row(p, role, Some(caps)))
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
        let content = self.site.content;
        let mut order: Vec<(usize, &FaqFrontMatter)> = (content.entries.iter().enumerate())
            .filter_map(|(i, e)| Some((i, e.data::<FaqFrontMatter>()?)))
            .collect();
        order.sort_by_cached_key(|&(i, meta)| {
            (meta.category, meta.order, content.entries[i].id.clone())
        });
        FaqCategory::ALL
            .iter()
            .filter_map(|&category| {
                let entries: Vec<FaqEntryView> = (order.iter())
                    .filter(|(_, meta)| meta.category == category)
                    .map(|&(i, meta)| FaqEntryView {
                        id: content.entries[i].id.clone(),
                        question: meta.question.clone(),
                        answer: self.site.entries[i].html.clone(),
                        answered: meta.answered.into(),
                        sources: meta.sources.clone(),
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
}

impl PageExtras for GuideViews<'_> {
    /// The FAQ page lists its topics in its table of contents.
    fn toc(&self, page: usize) -> Vec<TocEntry> {
        if self.site.content.pages[page].kind != PageKind::Extension(&FAQ) {
            return Vec::new();
        }
        (self.faq_view().into_iter())
            .map(|c| TocEntry {
                id: c.id,
                title: c.label,
                children: Vec::new(),
            })
            .collect()
    }

    fn fill(&self, page: Option<usize>, context: &mut tera::Context) {
        let page = page.map(|i| &self.site.content.pages[i]);
        let kind = page.map(|p| p.kind);
        let role = page
            .filter(|p| p.kind == PageKind::Extension(&ROLE))
            .and_then(|p| self.role_view(p));
        let roles =
            (kind == Some(PageKind::Extension(&ROLES_INDEX))).then(|| self.roles_index_view());
        let faq = (kind == Some(PageKind::Extension(&FAQ))).then(|| self.faq_view());
        let calculator = page
            .filter(|p| is_calculator(p))
            .and_then(|_| self.calculator_view());
        let home = page
            .filter(|p| p.kind == PageKind::Page && p.template() == "home.html")
            .and_then(|_| self.home_view());
        context.insert("role", &role);
        context.insert("roles", &roles);
        context.insert("faq", &faq);
        context.insert("calculator", &calculator);
        context.insert("home", &home);
    }
}

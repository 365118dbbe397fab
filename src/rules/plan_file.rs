//! The plan file (`docs/plan-file.md`): one versioned description of a PCN's plan that the
//! command line, the calculator page and share links all read and write.
//!
//! Values people type are kept as text in the file and read by [`crate::rules::fields`] when the
//! plan is resolved against a year's rules, so every problem names its field, post, practice or
//! scenario.

use crate::rules::band::Band;
use crate::rules::data::{PayPoint, YearRules};
use crate::rules::error::RulesError;
use crate::rules::fields::check_weighted_population;
use crate::rules::fields::{parse_amount, parse_count, parse_number, parse_share, parse_user_date};
use crate::rules::oncosts::OnCostOverrides;
use crate::rules::plan_model::{PlanInput, PlanPost, Practice, MAX_POSTS};
use crate::rules::post::{Post, TimeUnit, WorkingTime};
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the plan file format.
pub const PLAN_SCHEMA_VERSION: u32 = 1;
/// Longest label kept for a post.
const MAX_LABEL_CHARS: usize = 200;
/// Most scenarios a plan may carry.
pub const MAX_SCENARIOS: usize = 10;
/// Most member practices a plan may list.
pub const MAX_PRACTICES: usize = 100;

/// A plan file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Must be [`PLAN_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// A name for the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Financial year, `2025-26`; none means the year containing today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Weighted population as typed; none (or empty) means costs and claims only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_population: Option<String>,
    /// Member practices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<PracticeSpec>,
    /// Posts.
    #[serde(default)]
    pub posts: Vec<PostSpec>,
    /// Scenarios.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioSpec>,
    /// Employer on-cost rates replacing the year's for every post.
    #[serde(default, skip_serializing_if = "OnCostSpec::is_empty")]
    pub on_costs: OnCostSpec,
}

/// Employer on-cost rates replacing the year's (fractions as text: `"0.15"` is 15%).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnCostSpec {
    /// Employer NI rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ni_rate: Option<String>,
    /// Annual employer NI threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ni_threshold: Option<String>,
    /// Employer pension rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension_rate: Option<String>,
}

impl OnCostSpec {
    /// True when no rate is replaced.
    pub fn is_empty(&self) -> bool {
        self.ni_rate.is_none() && self.ni_threshold.is_none() && self.pension_rate.is_none()
    }

    /// The overrides, parsed and checked, each rate read as the calculator words it.
    pub fn overrides(&self) -> Result<OnCostOverrides, RulesError> {
        self.overrides_read_by(parse_number)
    }

    /// The overrides, each given rate read by `read` (which words its own errors: the command
    /// line names options, the calculator names fields) and then checked together.
    pub fn overrides_read_by(
        &self,
        read: impl Fn(&'static str, &str) -> Result<Decimal, RulesError>,
    ) -> Result<OnCostOverrides, RulesError> {
        let parse =
            |field: &'static str, v: &Option<String>| text(v).map(|t| read(field, t)).transpose();
        let overrides = OnCostOverrides {
            ni_rate: parse("ni_rate", &self.ni_rate)?,
            ni_threshold: parse("ni_threshold", &self.ni_threshold)?,
            pension_rate: parse("pension_rate", &self.pension_rate)?,
        };
        overrides.validate()?;
        Ok(overrides)
    }

    /// The text form of overrides.
    pub fn from_overrides(o: &OnCostOverrides) -> Self {
        let text = |v: Option<Decimal>| v.map(crate::rules::money::plain_decimal);
        OnCostSpec {
            ni_rate: text(o.ni_rate),
            ni_threshold: text(o.ni_threshold),
            pension_rate: text(o.pension_rate),
        }
    }
}

impl Default for PlanFile {
    fn default() -> Self {
        PlanFile {
            schema_version: PLAN_SCHEMA_VERSION,
            name: None,
            year: None,
            weighted_population: None,
            practices: Vec::new(),
            posts: Vec::new(),
            scenarios: Vec::new(),
            on_costs: OnCostSpec::default(),
        }
    }
}

/// A member practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeSpec {
    /// Short id posts refer to.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its weighted population (or give `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_population: Option<String>,
    /// Its share in percent (or give `weighted_population`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<String>,
}

/// Working time as written in a plan file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingTimeSpec {
    /// The amount, as text.
    pub value: String,
    /// Its unit.
    pub unit: TimeUnit,
}

/// A post as written in a plan file (every field as typed; see `docs/plan-file.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostSpec {
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Role id or name.
    pub role: String,
    /// Region id or name (default national).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Full-time annual salary as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<String>,
    /// AfC band (pay-point lookup; claimed band of mental health practitioners).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
    /// Pay point of `band`, instead of `salary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_point: Option<String>,
    /// Working time (default 1 WTE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_time: Option<WorkingTimeSpec>,
    /// First day in post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day in post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// In the NHS Pension Scheme (default yes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension: Option<bool>,
    /// ARRS share of a mental health practitioner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    /// Number of identical posts (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Id of the employing practice; none: the PCN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
}

/// A named scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Name.
    pub name: String,
    /// What changes from the base plan.
    #[serde(default)]
    pub changes: Changes,
}

/// The changes of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Another year's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Pay award, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_award_percent: Option<String>,
    /// Uplift of every cap, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_uplift_percent: Option<String>,
    /// Growth of every pot's rate, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_growth_percent: Option<String>,
    /// Every post in post all year.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub full_year: bool,
    /// Posts added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_posts: Vec<PostSpec>,
    /// Base posts removed, by position from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_posts: Vec<usize>,
    /// Added posts, by position from 1, whose salary also gets the pay award: a plan post the
    /// scenario changes (an edited copy) is still paid as the plan's post plus the award; a new
    /// post's salary is the one typed for the scenario's year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub award_added_posts: Vec<usize>,
}

fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl PlanFile {
    /// Checks the schema version.
    pub fn check_version(&self) -> Result<(), RulesError> {
        if self.schema_version == PLAN_SCHEMA_VERSION {
            Ok(())
        } else {
            Err(RulesError::input(
                "schema_version",
                format!(
                    "This plan file is version {}; this version of ARRS Guide reads version {PLAN_SCHEMA_VERSION}",
                    self.schema_version
                ),
            ))
        }
    }

    /// The weighted population, if one was given.
    pub fn weighted_population(&self) -> Result<Option<Decimal>, RulesError> {
        text(&self.weighted_population)
            .map(|t| {
                let value = parse_amount("weighted_population", t)?;
                check_weighted_population(value)?;
                Ok(value)
            })
            .transpose()
    }

    /// Resolves the file against a year's rules into what [`crate::rules::plan()`] computes,
    /// collecting every problem (each naming its field, and its post or practice).
    pub fn resolve(&self, rules: &YearRules) -> Result<PlanInput, Vec<RulesError>> {
        let mut errors = Vec::new();
        if let Err(e) = self.check_version() {
            errors.push(e);
        }
        let weighted_population = self.weighted_population().unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let practices = resolve_practices(&self.practices, &mut errors);
        let on_costs = self.on_costs.overrides().unwrap_or_else(|e| {
            errors.push(e);
            OnCostOverrides::default()
        });
        let mut posts = Vec::with_capacity(self.posts.len());
        for (i, spec) in self.posts.iter().enumerate() {
            match resolve_post(rules, spec, &self.practices) {
                Ok(mut post) => {
                    post.post.on_costs = on_costs;
                    posts.push(post);
                }
                Err(e) => errors.push(e.in_post(i + 1)),
            }
        }
        let total: u64 = posts.iter().map(|p| u64::from(p.count)).sum();
        if total > MAX_POSTS as u64 {
            errors.push(RulesError::input(
                "posts",
                format!("A plan can have at most {MAX_POSTS} posts; this one has {total}"),
            ));
        }
        if self.scenarios.len() > MAX_SCENARIOS {
            errors.push(RulesError::input(
                "scenarios",
                format!("A plan can have at most {MAX_SCENARIOS} scenarios"),
            ));
        }
        if errors.is_empty() {
            Ok(PlanInput {
                weighted_population,
                posts,
                practices,
            })
        } else {
            Err(errors)
        }
    }
}

fn resolve_practices(specs: &[PracticeSpec], errors: &mut Vec<RulesError>) -> Vec<Practice> {
    if specs.len() > MAX_PRACTICES {
        errors.push(RulesError::input(
            "practices",
            format!("A plan can list at most {MAX_PRACTICES} practices"),
        ));
        return Vec::new();
    }
    let errors_before = errors.len();
    let by_percent = specs.first().is_some_and(|p| p.percent.is_some());
    let mut practices = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let number = i + 1;
        let id_ok = !spec.id.is_empty()
            && spec.id.len() <= 40
            && spec
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            errors.push(
                RulesError::input(
                    "id",
                    "Enter a practice id of letters, digits and hyphens, like riverside",
                )
                .in_practice(number),
            );
            continue;
        }
        if specs[..i].iter().any(|p| p.id == spec.id) {
            errors.push(
                RulesError::input("id", format!("Practice id `{}` is used twice", spec.id))
                    .in_practice(number),
            );
            continue;
        }
        let weight = match (
            text(&spec.weighted_population),
            text(&spec.percent),
            by_percent,
        ) {
            (Some(wp), None, false) => parse_amount("weighted_population", wp).and_then(|v| {
                check_weighted_population(v)?;
                Ok(v)
            }),
            (None, Some(pc), true) => {
                parse_number("percent", pc.trim_end_matches('%')).and_then(|v| {
                    if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                        Err(RulesError::input(
                            "percent",
                            "Enter the practice's share as a percentage above 0 and at most 100",
                        ))
                    } else {
                        Ok(v)
                    }
                })
            }
            _ => Err(RulesError::input(
                "weighted_population",
                "Give every practice a weighted population, or every practice a percentage",
            )),
        };
        match weight {
            Ok(weight) => practices.push(Practice {
                id: spec.id.clone(),
                name: spec.name.trim().to_owned(),
                weight,
            }),
            Err(e) => errors.push(e.in_practice(number)),
        }
    }
    if by_percent && errors.len() == errors_before {
        let sum: Decimal = practices.iter().map(|p| p.weight).sum();
        if sum != Decimal::ONE_HUNDRED {
            errors.push(RulesError::input(
                "percent",
                format!(
                    "The practices' percentages must add up to 100; they add up to {}",
                    sum.normalize()
                ),
            ));
        }
    }
    practices
}

/// A role by id (`clinical-pharmacist`) or name (`Clinical pharmacist`), ignoring case.
pub fn parse_role(text: &str) -> Result<RoleId, RulesError> {
    let t = text.trim();
    RoleId::all()
        .find(|r| r.id() == t || r.name().eq_ignore_ascii_case(t) || r.id().eq_ignore_ascii_case(t))
        .ok_or_else(|| {
            if t.is_empty() {
                RulesError::input("role", "Choose a role")
            } else {
                let quoted: String = t.chars().take(40).collect();
                RulesError::input(
                    "role",
                    format!("`{quoted}` is not an ARRS role; choose one from the list of roles"),
                )
            }
        })
}

/// A region by id (`inner-london`) or name (`Inner London`), ignoring case; empty is national.
pub fn parse_region(text: &str) -> Result<Region, RulesError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Region::National);
    }
    Region::ALL
        .into_iter()
        .find(|r| r.id().eq_ignore_ascii_case(t) || r.name().eq_ignore_ascii_case(t))
        .ok_or_else(|| {
            RulesError::input(
                "region",
                "Choose the region: National, Outer London or Inner London",
            )
        })
}

/// One post of a plan file, checked against the year's rules.
pub fn resolve_post(
    rules: &YearRules,
    spec: &PostSpec,
    practices: &[PracticeSpec],
) -> Result<PlanPost, RulesError> {
    let role = parse_role(&spec.role)?;
    let region = parse_region(spec.region.as_deref().unwrap_or(""))?;
    let band = text(&spec.band).map(str::parse::<Band>).transpose()?;
    let pay_point = text(&spec.pay_point)
        .map(str::parse::<PayPoint>)
        .transpose()?;
    let rule = rules.role(role).map_err(|_| {
        RulesError::input(
            "role",
            format!(
                "{} is not in the {} scheme",
                role.name(),
                rules.year.label()
            ),
        )
    })?;
    let salary = match (text(&spec.salary), band, pay_point) {
        (Some(s), _, None) => parse_amount("salary", s)?,
        (None, Some(band), Some(point)) => rules.salary_at(band, point)?.0,
        (None, None, Some(_)) => {
            return Err(RulesError::input(
                "band",
                "Choose the band to look the pay point up in",
            ))
        }
        (Some(_), _, Some(_)) => {
            return Err(RulesError::input(
                "salary",
                "Give the salary or a pay point, not both",
            ))
        }
        (None, _, None) => return Err(RulesError::input("salary", "Enter the salary")),
    };
    let working_time = match &spec.working_time {
        None => WorkingTime::Wte(Decimal::ONE),
        Some(w) => WorkingTime::in_unit(parse_number(w.unit.id(), &w.value)?, w.unit)?,
    };
    let mut post = Post::new(role, region, salary, working_time)?;
    post.label = text(&spec.label).map(|l| l.chars().take(MAX_LABEL_CHARS).collect());
    post.from = text(&spec.from)
        .map(|t| parse_user_date("from", t))
        .transpose()?;
    post.to = text(&spec.to)
        .map(|t| parse_user_date("to", t))
        .transpose()?;
    post.in_pension = spec.pension.unwrap_or(true);
    post.share = text(&spec.share).map(parse_share).transpose()?;
    if role.is_mental_health_practitioner() {
        post.band = band;
    } else if let Some(band) = band {
        let covered = band == rule.band
            || (rule.band == Band::B7To8a && matches!(band, Band::B7 | Band::B8a));
        if !covered || (pay_point.is_none() && band != rule.band) {
            return Err(RulesError::input(
                "band",
                format!(
                    "{} is reimbursed at {}; choose that band, or leave the band empty",
                    role.name(),
                    rule.band.label()
                ),
            ));
        }
    }
    let count = spec.count.map_or(Ok(1), |c| parse_count(&c.to_string()))?;
    let practice = match text(&spec.practice) {
        None => None,
        Some(id) => Some(practices.iter().position(|p| p.id == id).ok_or_else(|| {
            RulesError::input(
                "practice",
                format!(
                    "No practice has the id `{}`",
                    id.chars().take(40).collect::<String>()
                ),
            )
        })?),
    };
    post.validate()?;
    Ok(PlanPost {
        post,
        count,
        practice,
    })
}

/// The plan-file form of a post, as exported (salary, not the pay point it came from).
pub fn post_spec(post: &PlanPost, practices: &[Practice]) -> PostSpec {
    let p = &post.post;
    let (value, unit) = p.working_time.value_and_unit();
    PostSpec {
        label: p.label.clone(),
        role: p.role.id().to_owned(),
        region: Some(p.region.id().to_owned()),
        salary: Some(crate::rules::money::plain_decimal(p.salary)),
        band: p.band.map(|b| b.id().to_owned()),
        pay_point: None,
        working_time: Some(WorkingTimeSpec {
            value: crate::rules::money::plain_decimal(value),
            unit,
        }),
        from: p.from.map(|d| d.to_string()),
        to: p.to.map(|d| d.to_string()),
        pension: Some(p.in_pension),
        share: p.share.map(crate::rules::money::plain_decimal),
        count: Some(post.count),
        practice: post
            .practice
            .and_then(|i| practices.get(i))
            .map(|pr| pr.id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;

    fn spec(role: &str, salary: &str) -> PostSpec {
        PostSpec {
            role: role.into(),
            salary: Some(salary.into()),
            ..PostSpec::default()
        }
    }

    #[test]
    fn names_and_ids_are_both_read() {
        assert_eq!(
            parse_role("Clinical pharmacist").unwrap(),
            RoleId::ClinicalPharmacist
        );
        assert_eq!(parse_role("paramedic").unwrap(), RoleId::Paramedic);
        assert_eq!(parse_region("Inner London").unwrap(), Region::InnerLondon);
        assert_eq!(parse_region("").unwrap(), Region::National);
        assert_eq!(parse_role("nurse").unwrap_err().field_name(), Some("role"));
    }

    #[test]
    fn pay_points_bands_and_practices_resolve() {
        let rules = testdata::year("2025-26");
        let lookup = PostSpec {
            band: Some("8a".into()),
            pay_point: Some("entry".into()),
            salary: None,
            ..spec("clinical-pharmacist", "")
        };
        let post = resolve_post(&rules, &lookup, &[]).unwrap();
        assert_eq!(
            post.post.salary,
            rules.salary_at(Band::B8a, PayPoint::Entry).unwrap().0
        );
        let wrong_band = PostSpec {
            band: Some("4".into()),
            ..spec("clinical-pharmacist", "50000")
        };
        assert_eq!(
            resolve_post(&rules, &wrong_band, &[])
                .unwrap_err()
                .field_name(),
            Some("band")
        );
        let no_practice = PostSpec {
            practice: Some("nowhere".into()),
            ..spec("paramedic", "45000")
        };
        assert_eq!(
            resolve_post(&rules, &no_practice, &[])
                .unwrap_err()
                .field_name(),
            Some("practice")
        );
    }

    #[test]
    fn every_problem_is_collected_with_its_place() {
        let rules = testdata::year("2025-26");
        let file = PlanFile {
            weighted_population: Some("lots".into()),
            posts: vec![
                spec("paramedic", "5,2,0,0,0"),
                spec("paramedic", "45000"),
                spec("nurse", "1"),
            ],
            practices: vec![
                PracticeSpec {
                    id: "a".into(),
                    name: "A".into(),
                    weighted_population: None,
                    percent: Some("60".into()),
                },
                PracticeSpec {
                    id: "b".into(),
                    name: "B".into(),
                    weighted_population: None,
                    percent: Some("30".into()),
                },
            ],
            ..PlanFile::default()
        };
        let errors = file.resolve(&rules).unwrap_err();
        let found: Vec<(Option<&str>, Option<usize>)> = errors
            .iter()
            .map(|e| (e.field_name(), e.post_number()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some("weighted_population"), None),
                (Some("percent"), None),
                (Some("salary"), Some(1)),
                (Some("role"), Some(3)),
            ]
        );
    }
}

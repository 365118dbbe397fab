//! Share links: a plan carried in the calculator's URL.
//!
//! New links are `?plan=1.<data>`, the plan file's JSON (defaults left out) as base64url without
//! padding. Old links — `year`, `population`, one `post=role,region,salary,wte,from,to[,key=value…]`
//! per post and the projection parameters `pay_award`, `cap_uplift`, `growth`, `years` — still
//! decode, into the same plan file.

use crate::rules::book::RuleBook;
use crate::rules::error::RulesError;
use crate::rules::fields::parse_number;
use crate::rules::plan_file::{PlanFile, PostSpec, WorkingTimeSpec};
use crate::rules::post::TimeUnit;
use crate::rules::scenario::{compute_plan_file, projection_scenarios};
use crate::rules::year::YearId;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use percent_encoding::percent_decode_str;

/// Version tag of the `plan=` encoding.
const VERSION: &str = "1.";
/// Longest query string read (a 500-post plan is well under this).
const MAX_QUERY_BYTES: usize = 512 * 1024;

/// The query string (without `?`) of a share link carrying the plan file `plan_json`.
pub fn encode(plan_json: &str) -> String {
    format!("plan={VERSION}{}", URL_SAFE_NO_PAD.encode(plan_json))
}

/// What a share link holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A new link: the plan file's JSON text, to be parsed by the caller.
    PlanJson(String),
    /// An old link, already read into a plan file.
    Legacy(PlanFile),
}

fn decode_component(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Reads a share link's query string (with or without the leading `?`).
pub fn decode(query: &str) -> Result<Link, Vec<RulesError>> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(vec![RulesError::input(
            "plan",
            "This link is too long to be a plan",
        )]);
    }
    let params: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect();
    if let Some((_, data)) = params.iter().find(|(k, _)| k == "plan") {
        let bad = || {
            vec![RulesError::input(
                "plan",
                "This link's plan is damaged; ask for the link again",
            )]
        };
        let data = data.strip_prefix(VERSION).ok_or_else(bad)?;
        let bytes = URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| bad())?;
        return String::from_utf8(bytes)
            .map(Link::PlanJson)
            .map_err(|_| bad());
    }
    legacy(&params).map(Link::Legacy)
}

fn legacy(params: &[(String, String)]) -> Result<PlanFile, Vec<RulesError>> {
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
    };
    let mut errors = Vec::new();
    let mut file = PlanFile {
        year: get("year").filter(|y| !y.is_empty()),
        weighted_population: get("population").filter(|p| !p.is_empty()),
        ..PlanFile::default()
    };
    for (i, (_, value)) in params.iter().filter(|(k, _)| k == "post").enumerate() {
        match legacy_post(value) {
            Ok(post) => file.posts.push(post),
            Err(e) => errors.push(e.in_post(i + 1)),
        }
    }
    let projection = ["pay_award", "cap_uplift", "growth", "years"].map(get);
    if projection.iter().any(Option::is_some) {
        let [pay, cap, growth, years] = projection.map(Option::unwrap_or_default);
        let scenarios = (|| {
            let years: u32 = years.parse().map_err(|_| {
                RulesError::input(
                    "project_years",
                    "Enter the number of years to project, from 1 to 10",
                )
            })?;
            projection_scenarios(
                years,
                parse_number("pay_award_percent", &pay)?,
                parse_number("cap_uplift_percent", &cap)?,
                parse_number("entitlement_growth_percent", &growth)?,
            )
        })();
        match scenarios {
            Ok(s) => file.scenarios = s,
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(errors)
    }
}

fn legacy_post(value: &str) -> Result<PostSpec, RulesError> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let part = |i: usize| {
        parts
            .get(i)
            .filter(|p| !p.is_empty() && !p.contains('='))
            .map(|p| (*p).to_owned())
    };
    if parts.len() < 3 {
        return Err(RulesError::input(
            "post",
            "This link's post must be role,region,salary,wte with optional start and end dates",
        ));
    }
    let mut post = PostSpec {
        role: part(0).unwrap_or_default(),
        region: part(1),
        salary: part(2),
        working_time: part(3).map(|value| WorkingTimeSpec {
            value,
            unit: TimeUnit::Wte,
        }),
        from: part(4),
        to: part(5),
        ..PostSpec::default()
    };
    for item in parts.iter().skip(3).filter(|p| p.contains('=')) {
        let (key, text) = item.split_once('=').unwrap_or((item, ""));
        let text = text.to_owned();
        match key {
            "hours" => {
                post.working_time = Some(WorkingTimeSpec {
                    value: text,
                    unit: TimeUnit::Hours,
                })
            }
            "sessions" => {
                post.working_time = Some(WorkingTimeSpec {
                    value: text,
                    unit: TimeUnit::Sessions,
                })
            }
            "share" => post.share = Some(text),
            "band" => post.band = Some(text),
            "label" => post.label = Some(text),
            "pension" => post.pension = Some(text != "no"),
            _ => {}
        }
    }
    Ok(post)
}

/// Reads a share link and checks its plan against the rules (an unknown year, a bad band or an
/// impossible date each come back on their field). `parse_json` reads the plan file's JSON text.
pub fn decode_checked(
    book: &RuleBook,
    query: &str,
    default_year: YearId,
    parse_json: impl FnOnce(&str) -> Result<PlanFile, String>,
) -> Result<PlanFile, Vec<RulesError>> {
    let file = match decode(query)? {
        Link::PlanJson(text) => parse_json(&text).map_err(|e| {
            vec![RulesError::input(
                "plan",
                format!("This link's plan could not be read: {e}"),
            )]
        })?,
        Link::Legacy(file) => file,
    };
    compute_plan_file(book, &file, default_year)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;

    fn book() -> RuleBook {
        RuleBook::new(testdata::all())
    }

    fn year(text: &str) -> YearId {
        text.parse().unwrap()
    }

    #[test]
    fn encodes_and_decodes_plan_json() {
        let json = r#"{"schema_version":1,"posts":[{"role":"paramedic","salary":"£48,000"}]}"#;
        let query = encode(json);
        assert!(query.starts_with("plan=1."));
        assert!(query["plan=1.".len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(
            decode(&format!("?{query}")).unwrap(),
            Link::PlanJson(json.to_owned())
        );
        assert!(decode("plan=2.abc").is_err());
    }

    #[test]
    fn old_links_still_decode() {
        let query = "year=2025-26&population=30000&post=clinical-pharmacist,national,52000,0.6,2025-10-01,2026-03-31&post=adult-mental-health-practitioner,national,42000,,,,hours=30,band=6,share=1,pension=no,label=MHP";
        let Link::Legacy(file) = decode(query).unwrap() else {
            panic!("not an old link")
        };
        assert_eq!(file.year.as_deref(), Some("2025-26"));
        assert_eq!(file.weighted_population.as_deref(), Some("30000"));
        assert_eq!(file.posts[0].from.as_deref(), Some("2025-10-01"));
        let mhp = &file.posts[1];
        assert_eq!(
            mhp.working_time,
            Some(WorkingTimeSpec {
                value: "30".into(),
                unit: TimeUnit::Hours
            })
        );
        assert_eq!(
            (mhp.band.as_deref(), mhp.share.as_deref(), mhp.pension),
            (Some("6"), Some("1"), Some(false))
        );
        assert_eq!(mhp.label.as_deref(), Some("MHP"));
        let with_projection = decode("year=2025-26&post=paramedic,national,48000,1&pay_award=3&cap_uplift=2&growth=0&years=2").unwrap();
        let Link::Legacy(file) = with_projection else {
            panic!()
        };
        assert_eq!(file.scenarios.len(), 2);
        assert_eq!(
            file.scenarios[1].changes.pay_award_percent.as_deref(),
            Some("6.09")
        );
    }

    /// The review's hostile links: each problem comes back on its field.
    #[test]
    fn bad_links_name_the_field() {
        let no_json = |_: &str| -> Result<PlanFile, String> { Err("no".into()) };
        let cases = [
            (
                "year=2019-20&population=30000&post=clinical-pharmacist,national,52000,1",
                "year",
                None,
            ),
            (
                "year=2025-26&post=adult-mental-health-practitioner,national,42000,1,,,band=9z",
                "band",
                Some(1),
            ),
            (
                "year=2025-26&post=clinical-pharmacist,national,52000,1,2025-02-30",
                "from",
                Some(1),
            ),
            (
                "year=2025-26&post=clinical-pharmacist,national,fifty,1",
                "salary",
                Some(1),
            ),
        ];
        for (query, field, post) in cases {
            let errors = decode_checked(&book(), query, year("2025-26"), no_json).unwrap_err();
            assert_eq!(errors[0].field_name(), Some(field), "{query}: {errors:?}");
            assert_eq!(errors[0].post_number(), post, "{query}");
        }
        let errors = decode_checked(
            &book(),
            "year=2019-20&post=paramedic,national,1,1",
            year("2025-26"),
            no_json,
        )
        .unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "There are no ARRS rules for 2019/20; choose a year from 2023/24 to 2026/27"
        );
    }
}

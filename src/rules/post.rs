//! A post: the inputs of one estimate, and how they are parsed from text fields so the command
//! line, `posts.csv` and the browser calculator's URL (`role,region,salary,wte,from,to`) all
//! parse identically.

use crate::rules::band::Band;
use crate::rules::error::RulesError;
use crate::rules::money::{parse_amount, parse_decimal};
use crate::rules::oncosts::OnCostOverrides;
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use crate::rules::year::parse_date;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

/// Highest full-time annual salary accepted, pounds (far above any ARRS cap; keeps every
/// computation well inside exact decimal range).
pub const MAX_SALARY: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Hours a week of a full-time AfC post.
pub const FULL_TIME_HOURS: Decimal = Decimal::from_parts(375, 0, 0, false, 1);
/// Sessions a week of a full-time salaried GP.
pub const FULL_TIME_SESSIONS: Decimal = Decimal::from_parts(9, 0, 0, false, 0);
/// Longest label kept for a post.
const MAX_LABEL_CHARS: usize = 200;

/// How much of full time a post works. Kept as given, so hours and sessions are exact
/// fractions (`hours ÷ 37.5`, `sessions ÷ 9`) rather than rounded decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkingTime {
    /// Whole-time equivalent, more than 0 and at most 1.
    Wte(Decimal),
    /// Hours a week, more than 0 and at most 37.5.
    HoursPerWeek(Decimal),
    /// GP sessions a week, more than 0 and at most 9.
    GpSessions(Decimal),
}

impl WorkingTime {
    /// A WTE, checked.
    pub fn wte(value: Decimal) -> Result<Self, RulesError> {
        check_range("wte", value, Decimal::ONE, "more than 0 and at most 1")?;
        Ok(WorkingTime::Wte(value))
    }

    /// Hours a week, checked.
    pub fn hours(value: Decimal) -> Result<Self, RulesError> {
        check_range(
            "hours",
            value,
            FULL_TIME_HOURS,
            "more than 0 and at most 37.5",
        )?;
        Ok(WorkingTime::HoursPerWeek(value))
    }

    /// GP sessions a week, checked.
    pub fn sessions(value: Decimal) -> Result<Self, RulesError> {
        check_range(
            "sessions",
            value,
            FULL_TIME_SESSIONS,
            "more than 0 and at most 9",
        )?;
        Ok(WorkingTime::GpSessions(value))
    }

    /// The WTE as `(numerator, denominator)`: `(w, 1)`, `(hours, 37.5)` or `(sessions, 9)`.
    pub fn fraction(self) -> (Decimal, Decimal) {
        match self {
            WorkingTime::Wte(w) => (w, Decimal::ONE),
            WorkingTime::HoursPerWeek(h) => (h, FULL_TIME_HOURS),
            WorkingTime::GpSessions(s) => (s, FULL_TIME_SESSIONS),
        }
    }

    /// The WTE as a decimal (for display; computations use [`WorkingTime::fraction`]).
    pub fn as_wte(self) -> Decimal {
        let (num, den) = self.fraction();
        num.checked_div(den).unwrap_or(Decimal::ZERO)
    }

    /// The value as given and its unit.
    pub fn value_and_unit(self) -> (Decimal, TimeUnit) {
        match self {
            WorkingTime::Wte(v) => (v, TimeUnit::Wte),
            WorkingTime::HoursPerWeek(v) => (v, TimeUnit::Hours),
            WorkingTime::GpSessions(v) => (v, TimeUnit::Sessions),
        }
    }

    /// A checked working time from a value in `unit`.
    pub fn in_unit(value: Decimal, unit: TimeUnit) -> Result<Self, RulesError> {
        match unit {
            TimeUnit::Wte => WorkingTime::wte(value),
            TimeUnit::Hours => WorkingTime::hours(value),
            TimeUnit::Sessions => WorkingTime::sessions(value),
        }
    }

    /// The same working time in another unit (37.5 hours a week = 9 sessions = 1 WTE), to four
    /// decimal places where it does not divide exactly.
    pub fn convert(self, unit: TimeUnit) -> Decimal {
        let full = match unit {
            TimeUnit::Wte => Decimal::ONE,
            TimeUnit::Hours => FULL_TIME_HOURS,
            TimeUnit::Sessions => FULL_TIME_SESSIONS,
        };
        let (num, den) = self.fraction();
        num.checked_mul(full)
            .and_then(|top| top.checked_div(den))
            .map(|v| v.round_dp(4).normalize())
            .unwrap_or(Decimal::ZERO)
    }
}

/// The unit working time is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Whole-time equivalent (1 is full time).
    Wte,
    /// Hours a week (37.5 is full time).
    Hours,
    /// GP sessions a week (9 is full time).
    Sessions,
}

impl TimeUnit {
    /// The field name of a value in this unit (`wte`, `hours`, `sessions`).
    pub fn id(self) -> &'static str {
        match self {
            TimeUnit::Wte => "wte",
            TimeUnit::Hours => "hours",
            TimeUnit::Sessions => "sessions",
        }
    }
}

impl Serialize for WorkingTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (value, unit) = self.value_and_unit();
        let mut out = s.serialize_struct("WorkingTime", 2)?;
        out.serialize_field("value", &crate::rules::money::plain_decimal(value))?;
        out.serialize_field("unit", &unit)?;
        out.end()
    }
}

fn check_range(
    field: &'static str,
    value: Decimal,
    max: Decimal,
    expected: &str,
) -> Result<(), RulesError> {
    if value <= Decimal::ZERO || value > max {
        Err(RulesError::field(field, format!("must be {expected}")))
    } else {
        Ok(())
    }
}

/// One post, validated on its own. Checks that need the year (role in the scheme, dates inside
/// the year, share and band allowed) are made by [`crate::rules::estimate()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// A name for the post in a plan (e.g. `Pharmacist, north`).
    pub label: Option<String>,
    /// The role.
    pub role: RoleId,
    /// The pay region.
    pub region: Region,
    /// Full-time annual salary, pounds.
    pub salary: Decimal,
    /// Working time.
    pub working_time: WorkingTime,
    /// First day in post (default: 1 April, or the role's first day in the scheme).
    pub from: Option<NaiveDate>,
    /// Last day in post (default: 31 March).
    pub to: Option<NaiveDate>,
    /// In the NHS Pension Scheme (default yes).
    pub in_pension: bool,
    /// Mental health practitioners: the ARRS share, 0.5 or 1 (default: the year's first share).
    pub share: Option<Decimal>,
    /// Mental health practitioners: the band claimed at (default: the role's default band).
    pub band: Option<Band>,
    /// Replacements for the year's on-cost rates.
    pub on_costs: OnCostOverrides,
}

impl Post {
    /// A post in the pension scheme with the year's on-cost rates, checked.
    pub fn new(
        role: RoleId,
        region: Region,
        salary: Decimal,
        working_time: WorkingTime,
    ) -> Result<Self, RulesError> {
        check_salary(salary)?;
        Ok(Post {
            label: None,
            role,
            region,
            salary,
            working_time,
            from: None,
            to: None,
            in_pension: true,
            share: None,
            band: None,
            on_costs: OnCostOverrides::default(),
        })
    }

    /// Re-checks the fields that do not depend on the year (for posts built field by field).
    pub fn validate(&self) -> Result<(), RulesError> {
        check_salary(self.salary)?;
        match self.working_time {
            WorkingTime::Wte(v) => WorkingTime::wte(v).map(drop)?,
            WorkingTime::HoursPerWeek(v) => WorkingTime::hours(v).map(drop)?,
            WorkingTime::GpSessions(v) => WorkingTime::sessions(v).map(drop)?,
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                return Err(RulesError::field("to", "must be on or after from"));
            }
        }
        if let Some(share) = self.share {
            check_share(share)?;
        }
        self.on_costs.validate()
    }
}

/// Checks a full-time annual salary: more than 0 and at most £1,000,000.
pub fn check_salary(salary: Decimal) -> Result<(), RulesError> {
    if salary <= Decimal::ZERO || salary > MAX_SALARY {
        Err(RulesError::field(
            "salary",
            "must be more than 0 and at most 1000000 (full-time annual pounds)",
        ))
    } else {
        Ok(())
    }
}

fn check_share(share: Decimal) -> Result<(), RulesError> {
    if share == Decimal::ONE || share == Decimal::new(5, 1) {
        Ok(())
    } else {
        Err(RulesError::field("share", "must be 0.5 or 1"))
    }
}

/// A post as text fields: one `post=` value of a calculator URL, or one row of `posts.csv`.
/// Empty strings count as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostFields {
    /// Role id.
    pub role: String,
    /// Region id.
    pub region: String,
    /// Full-time annual salary (a leading `£` and thousands separators are accepted).
    pub salary: String,
    /// WTE.
    pub wte: String,
    /// Hours a week (÷ 37.5), instead of `wte`. `Some("")` is an hours field left empty, which
    /// is reported as such rather than falling back to `wte`.
    pub hours: Option<String>,
    /// GP sessions a week (÷ 9), instead of `wte`; `Some("")` as for `hours`.
    pub sessions: Option<String>,
    /// First day, `YYYY-MM-DD` (optional).
    pub from: String,
    /// Last day, `YYYY-MM-DD` (optional).
    pub to: String,
    /// Label (optional).
    pub label: String,
    /// ARRS share for mental health practitioners, `0.5` or `1` (optional).
    pub share: String,
    /// Band for mental health practitioners (optional).
    pub band: String,
    /// In the NHS Pension Scheme: `yes` (the default when empty) or `no`.
    pub pension: String,
}

impl PostFields {
    /// Splits one `post=` URL value, `role,region,salary,wte[,from[,to]]`.
    pub fn from_url_value(value: &str) -> Result<Self, RulesError> {
        let parts: Vec<&str> = value.split(',').map(str::trim).collect();
        if parts.len() < 4 || parts.len() > 6 {
            return Err(RulesError::field(
                "post",
                "must be role,region,salary,wte with optional from and to dates",
            ));
        }
        let part = |i: usize| parts.get(i).map(|s| (*s).to_owned()).unwrap_or_default();
        Ok(PostFields {
            role: part(0),
            region: part(1),
            salary: part(2),
            wte: part(3),
            from: part(4),
            to: part(5),
            ..PostFields::default()
        })
    }

    /// Parses and checks every field, naming the first field that is wrong.
    pub fn to_post(&self) -> Result<Post, RulesError> {
        let role: RoleId = required("role", &self.role)?.parse()?;
        let region: Region = required("region", &self.region)?.parse()?;
        let salary = parse_amount("salary", &self.salary)?;
        let working_time = self.working_time()?;
        let mut post = Post::new(role, region, salary, working_time)?;
        post.from = optional(&self.from)
            .map(|t| parse_date("from", t))
            .transpose()?;
        post.to = optional(&self.to)
            .map(|t| parse_date("to", t))
            .transpose()?;
        post.label = optional(&self.label).map(|l| l.chars().take(MAX_LABEL_CHARS).collect());
        post.share = optional(&self.share)
            .map(|s| parse_decimal("share", s))
            .transpose()?;
        post.band = optional(&self.band)
            .map(|b| b.parse::<Band>())
            .transpose()?;
        post.in_pension = match optional(&self.pension) {
            None | Some("yes") => true,
            Some("no") => false,
            Some(other) => {
                let quoted: String = other.chars().take(40).collect();
                return Err(RulesError::field(
                    "pension",
                    format!("`{quoted}` is not yes or no"),
                ));
            }
        };
        post.validate()?;
        Ok(post)
    }

    /// Working time from `hours` or `sessions` when one is given (it replaces `wte`, which the
    /// URL form always carries), otherwise from `wte`.
    fn working_time(&self) -> Result<WorkingTime, RulesError> {
        match (self.hours.as_deref(), self.sessions.as_deref()) {
            (Some(_), Some(_)) => Err(RulesError::field(
                "hours",
                "and sessions cannot both be given; give one",
            )),
            (Some(hours), None) => WorkingTime::hours(parse_decimal("hours", hours)?),
            (None, Some(sessions)) => WorkingTime::sessions(parse_decimal("sessions", sessions)?),
            (None, None) => WorkingTime::wte(parse_decimal("wte", &self.wte)?),
        }
    }
}

fn required<'a>(field: &'static str, text: &'a str) -> Result<&'a str, RulesError> {
    optional(text).ok_or_else(|| RulesError::field(field, "is required"))
}

fn optional(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn fields(role: &str, salary: &str, wte: &str) -> PostFields {
        PostFields {
            role: role.into(),
            region: "national".into(),
            salary: salary.into(),
            wte: wte.into(),
            ..PostFields::default()
        }
    }

    #[test]
    fn parses_a_url_value() {
        let f = PostFields::from_url_value(
            "clinical-pharmacist,national,52000,0.6,2025-10-01,2026-03-31",
        )
        .unwrap();
        let post = f.to_post().unwrap();
        assert_eq!(post.role, RoleId::ClinicalPharmacist);
        assert_eq!(post.salary, dec!(52000));
        assert_eq!(post.working_time, WorkingTime::Wte(dec!(0.6)));
        assert_eq!(post.from, NaiveDate::from_ymd_opt(2025, 10, 1));
        assert!(post.in_pension);
    }

    #[test]
    fn hours_or_sessions_replace_wte_and_pension_can_be_left() {
        let hours = PostFields {
            hours: Some("30".into()),
            pension: "no".into(),
            ..fields("paramedic", "52000", "1")
        };
        let post = hours.to_post().unwrap();
        assert_eq!(post.working_time, WorkingTime::hours(dec!(30)).unwrap());
        assert!(!post.in_pension);
        let sessions = PostFields {
            sessions: Some("6".into()),
            ..fields("general-practitioner", "90000", "")
        };
        let post = sessions.to_post().unwrap();
        assert_eq!(post.working_time, WorkingTime::sessions(dec!(6)).unwrap());
        assert!(post.in_pension);
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (fields("nurse", "52000", "1"), "role"),
            (fields("paramedic", "", "1"), "salary"),
            (fields("paramedic", "0", "1"), "salary"),
            (fields("paramedic", "52000", "0"), "wte"),
            (fields("paramedic", "52000", "1.5"), "wte"),
            (fields("paramedic", "52000", "x"), "wte"),
            (
                PostFields {
                    from: "2025-13-01".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "from",
            ),
            (
                PostFields {
                    from: "2025-10-01".into(),
                    to: "2025-09-01".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "to",
            ),
            (
                PostFields {
                    share: "0.7".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "share",
            ),
            (
                PostFields {
                    band: "9".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "band",
            ),
            (
                PostFields {
                    region: "wales".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "region",
            ),
            (
                PostFields {
                    hours: Some("40".into()),
                    ..fields("paramedic", "52000", "")
                },
                "hours",
            ),
            (
                PostFields {
                    hours: Some("30".into()),
                    sessions: Some("6".into()),
                    ..fields("paramedic", "52000", "")
                },
                "hours",
            ),
            (
                PostFields {
                    hours: Some(String::new()),
                    ..fields("paramedic", "52000", "1")
                },
                "hours",
            ),
            (
                PostFields {
                    pension: "maybe".into(),
                    ..fields("paramedic", "52000", "1")
                },
                "pension",
            ),
        ];
        for (f, field) in cases {
            assert_eq!(f.to_post().unwrap_err().field_name(), Some(field), "{f:?}");
        }
        assert_eq!(
            fields("paramedic", "52000", "2")
                .to_post()
                .unwrap_err()
                .to_string(),
            "wte must be more than 0 and at most 1"
        );
    }

    #[test]
    fn hours_and_sessions_are_exact_fractions() {
        let h = WorkingTime::hours(dec!(30)).unwrap();
        assert_eq!(h.as_wte(), dec!(0.8));
        let s = WorkingTime::sessions(dec!(6)).unwrap();
        assert_eq!(s.fraction(), (dec!(6), dec!(9)));
        assert_eq!(
            WorkingTime::hours(dec!(40)).unwrap_err().field_name(),
            Some("hours")
        );
        assert_eq!(
            WorkingTime::sessions(dec!(10)).unwrap_err().field_name(),
            Some("sessions")
        );
    }

    #[test]
    fn url_value_needs_four_to_six_parts() {
        assert_eq!(
            PostFields::from_url_value("paramedic,national")
                .unwrap_err()
                .field_name(),
            Some("post")
        );
    }
}

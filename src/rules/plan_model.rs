//! What a plan is computed from and what it computes to: the inputs (posts, practices, the
//! weighted population) and the results (pots, totals, posts, the claims schedule, the
//! practices' shares, scenarios). Data only, serialized as `docs/plan-file.md` ("The result")
//! describes; the computations live in [`plan`](mod@crate::rules::plan),
//! [`schedule`](crate::rules::schedule), [`practices`](crate::rules::practices) and
//! [`scenario`](crate::rules::scenario), which all depend on this module and never the other
//! way round.

use crate::rules::data::Status;
use crate::rules::estimate::{Estimate, SourceNote};
use crate::rules::money::Money;
use crate::rules::post::Post;
use crate::rules::role::RoleId;
use crate::rules::year::{Month, YearId};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Most posts a plan may hold (counting identical posts).
pub const MAX_POSTS: usize = 500;

/// A member practice of a PCN, with the weight its share is worked out from (a weighted
/// population, or a percentage; the plan file uses one or the other for every practice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    /// Short id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Weighted population or percentage.
    pub weight: Decimal,
}

/// A post of a plan: the post, how many identical posts it stands for, and its employer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPost {
    /// The post.
    pub post: Post,
    /// Number of identical posts, at least 1.
    pub count: u32,
    /// Index of the employing practice in [`PlanInput::practices`]; none: the PCN.
    pub practice: Option<usize>,
}

impl From<Post> for PlanPost {
    fn from(post: Post) -> Self {
        PlanPost {
            post,
            count: 1,
            practice: None,
        }
    }
}

/// What a plan is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanInput {
    /// The PCN's contractor weighted population at 1 January; none: costs and claims only.
    pub weighted_population: Option<Decimal>,
    /// The posts.
    pub posts: Vec<PlanPost>,
    /// Member practices (none: no split by practice).
    pub practices: Vec<Practice>,
}

impl PlanInput {
    /// A plan of single posts employed by the PCN, with no practices.
    pub fn new(weighted_population: Option<Decimal>, posts: Vec<Post>) -> Self {
        PlanInput {
            weighted_population,
            posts: posts.into_iter().map(PlanPost::from).collect(),
            practices: Vec::new(),
        }
    }
}

/// One pot of the plan. Entitlement-based figures are `None` when no population was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PotLine {
    /// The pot's id.
    pub id: String,
    /// The pot's name.
    pub name: String,
    /// Rate × weighted population.
    pub entitlement: Option<Money>,
    /// Claims of the posts that draw on it.
    pub claim: Money,
    /// Entitlement − claim (negative: over-committed).
    pub headroom: Option<Money>,
    /// Entitlement not claimed (zero when over-committed).
    pub unclaimed: Option<Money>,
    /// Claims above the entitlement, which will not be reimbursed.
    pub over_committed: Option<Money>,
    /// The only roles that may draw on it; empty for the main pot.
    pub roles: Vec<RoleId>,
    /// True for a ring-fenced pot.
    pub restricted: bool,
    /// First day claims can be made, if later than 1 April.
    pub from: Option<NaiveDate>,
    /// Pounds per weighted patient.
    #[serde(serialize_with = "plain")]
    pub rate: Decimal,
    /// Status of the rate.
    pub rate_status: Status,
}

impl PotLine {
    /// What will not be reimbursed: claims above the entitlement (zero without a population).
    pub fn over_commitment(&self) -> Money {
        self.over_committed.unwrap_or(Money::ZERO)
    }
}

/// Plan totals, with no netting between pots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanTotals {
    /// Sum of the pots' entitlements.
    pub entitlement: Option<Money>,
    /// Sum of the posts' costs.
    pub cost: Money,
    /// Sum of the posts' claims.
    pub claim: Money,
    /// Sum of the posts' top-ups (what the practices fund above the caps).
    pub top_up: Money,
    /// The mental health provider's part of jointly funded posts.
    pub provider_share: Money,
    /// Unspent entitlement, summed over pots.
    pub unclaimed: Option<Money>,
    /// Claims above entitlement, summed over pots.
    pub over_committed: Option<Money>,
}

/// A post's figures for all of its identical posts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PostSums {
    /// Cost.
    pub cost: Money,
    /// Claim.
    pub claim: Money,
    /// Top-up.
    pub top_up: Money,
    /// Provider's share.
    pub provider_share: Money,
}

/// One post of a computed plan: its estimate (for one post) and its place in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostResult {
    /// Position in the plan, from 1.
    pub number: usize,
    /// Number of identical posts.
    pub count: u32,
    /// Id of the employing practice; none: the PCN.
    pub practice: Option<String>,
    /// Id of the pot it draws on.
    pub pot: String,
    /// True when no month's cost is above its cap.
    pub within_cap: bool,
    /// The estimate's totals × count.
    pub all_posts: PostSums,
    /// True when a scenario's pay award was applied to this post's salary.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pay_award_applied: bool,
    /// The estimate of one post.
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// A computed plan (`docs/plan-file.md`, "The result").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The plan's name.
    pub name: Option<String>,
    /// Year id.
    pub year: YearId,
    /// The year as readers write it, `2024/25`.
    pub year_label: String,
    /// Published, or scenario for a year whose figures are not out.
    pub year_status: Status,
    /// Weighted population, if given.
    #[serde(serialize_with = "plain_option")]
    pub weighted_population: Option<Decimal>,
    /// Pots.
    pub pots: Vec<PotLine>,
    /// Totals.
    pub totals: PlanTotals,
    /// One result per post, in input order.
    pub posts: Vec<PostResult>,
    /// The PCN-wide claims schedule.
    pub schedule: Vec<ScheduleMonth>,
    /// Member practices' shares.
    pub practices: Vec<PracticeLine>,
    /// Scenarios (absent inside a scenario's own result).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenarios: Option<Vec<ScenarioResult>>,
    /// Worst status of every figure used.
    pub status: Status,
    /// Every figure used, once.
    pub figures: Vec<SourceNote>,
}

impl Plan {
    /// Everything that will not be reimbursed across the pots.
    pub fn over_commitment(&self) -> Money {
        self.totals.over_committed.unwrap_or(Money::ZERO)
    }
}

fn plain<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&value.normalize())
}

fn plain_option<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(&v.normalize()),
        None => s.serialize_none(),
    }
}

/// What one practice funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeLine {
    /// Practice id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its share of the PCN (0 to 1, to six decimal places).
    #[serde(serialize_with = "plain")]
    pub share: Decimal,
    /// Posts it employs (counting identical posts).
    pub posts: u32,
    /// Its own posts' top-ups plus its share of the PCN's posts' top-ups.
    pub top_up: Money,
    /// Its share of the over-commitment (none without a population).
    pub over_committed: Option<Money>,
    /// `top_up + over_committed`.
    pub to_fund: Money,
}

/// One pot in one month of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchedulePot {
    /// Pot id.
    pub pot: String,
    /// Claims on the pot this month.
    pub claim: Money,
    /// Claims on the pot from April to this month.
    pub cumulative: Money,
    /// Entitlement − cumulative claims (none without a population; negative: over-committed).
    pub left: Option<Money>,
}

/// One month of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleMonth {
    /// The month, `2024-10`.
    pub month: Month,
    /// `Oct 2024`.
    pub label: String,
    /// Claims on every pot this month.
    pub claim: Money,
    /// Per pot.
    pub pots: Vec<SchedulePot>,
}

/// A computed scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioResult {
    /// Its name.
    pub name: String,
    /// The plan with the changes applied.
    pub result: Plan,
    /// Scenario − base.
    pub difference: Difference,
}

/// Scenario totals − base totals, field by field (entitlement, unclaimed and over-commitment are
/// `None` where either side has no entitlement). Same shape as [`PlanTotals`], so the two always
/// list the same figures.
pub type Difference = PlanTotals;

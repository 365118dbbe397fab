//! The shared rules core: pure money computations over `rust_decimal`, no I/O.
//!
//! The site generator, the command line and the WebAssembly calculator all call these
//! functions, so every figure agrees to the penny. Nothing here panics on any input: inputs are
//! checked and reported as [`RulesError`] naming the field, and arithmetic that could overflow
//! is checked.
//!
//! - [`year`], [`region`], [`role`], [`band`]: the identifiers used everywhere.
//! - [`money`]: pounds to the penny, rounding half away from zero.
//! - [`data`]: the rules data schema ([`YearRules`]), read from `content/rules/<year>.yaml`.
//! - [`caps`]: which cap is in force, and the cap tables role pages show.
//! - [`oncosts`]: employer NI and pension.
//! - [`post`]: a post and how it is parsed from text fields.
//! - [`estimate`](mod@estimate): one post, month by month.
//! - [`plan`](mod@plan): a PCN's posts against its entitlement pots.
//! - [`projection`]: how the unfunded top-up grows with pay awards.
//!
//! Decisions where the design brief is silent (each explained where it is made):
//! - Mental health practitioners are claimed at a default band per year (`band` in the data)
//!   unless the post names one of the year's `bands_offered`; the default share is the first of
//!   the year's `shares` (0.5, the first MHP in a band), 1 is allowed from 2024/25.
//! - With a 50% share, the PCN's share of the cost and of the cap are each rounded to the
//!   penny before taking the smaller, so claim + top-up equals the share of the cost exactly.
//! - Working time is kept as a fraction (hours ÷ 37.5, sessions ÷ 9) and divided once.
//! - The NI threshold per month is `annual ÷ 12` unrounded, as the design brief states.
//! - A post of a plan draws on the ring-fenced pot that lists its role (2024/25: GPs on the
//!   GP pot, and only there), otherwise on the main pot. Pot entitlements are never pro-rated:
//!   the 2024/25 GP rate (£1.303) is already the October-to-March sum.
//! - Salaries above £1,000,000, weighted populations above 10,000,000 and plans of more than
//!   500 posts are refused, which keeps every computation far inside exact decimal range.
//!
//! Decisions in the rules data (`content/rules/`, documented in `docs/rules-data.md`):
//! - Mental health practitioners: adult default band 6, CYP default band 7; bands offered
//!   5, 6, 7, 8a to 2024/25 (2023/24 assumed as 2024/25) and 4 to 8a from 2025/26; 50% only in
//!   2023/24, 50% or 100% from 2024/25.
//! - Health and wellbeing coach 2023/24: band 5 (not confirmed for that year; derived).
//! - Figures known only from a public calculator's table without a citable URL are marked
//!   `derived` (they equal the model value), not `published`.
//! - 2026/27 is a scenario: caps from arrs-facts §10.3f (AfC 3.3%), GP cap with a 2.5% rise
//!   of the salaried range, entitlement rate £26.631 × 1.025 = £27.297, pay points × 1.033.

pub mod band;
pub mod book;
pub mod caps;
pub mod check;
pub mod data;
pub mod error;
pub mod estimate;
pub mod money;
pub mod oncosts;
pub mod payscale;
pub mod plan;
pub mod post;
pub mod projection;
pub mod region;
pub mod role;
pub mod year;

pub use band::Band;
pub use book::RuleBook;
pub use caps::{CapAmount, CapPeriod, RoleCaps, TableInForce};
pub use data::{
    BandCaps, CapTable, Figure, OnCosts, PayPoint, PayScale, Pot, RoleRule, Status, YearRules,
    SCHEMA_VERSION,
};
pub use error::RulesError;
pub use estimate::{estimate, Estimate, MonthLine, SourceNote, Totals};
pub use money::Money;
pub use oncosts::{OnCostOverrides, OnCostRates};
pub use plan::{plan, Plan, PlanInput, PlanTotals, PotLine};
pub use post::{Post, PostFields, WorkingTime};
pub use projection::{Projection, ProjectionAssumptions, ProjectionYear};
pub use region::Region;
pub use role::RoleId;
pub use year::{Month, YearId};

#[cfg(test)]
pub(crate) mod testdata;

#[cfg(test)]
mod properties;

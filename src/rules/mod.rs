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
//! - [`fields`]: reading what people type (money, dates, shares) with plain-English errors.
//! - [`field_names`]: the names of input fields as readers see them (used by errors and fields).
//! - [`plan_file`]: the versioned plan file every surface reads and writes.
//! - [`plan_model`]: a plan's inputs and results as data (what the computations below fill).
//! - [`plan`](mod@plan): a PCN's posts against its entitlement pots, with no netting.
//! - [`schedule`], [`practices`]: the claims schedule and each member practice's share.
//! - [`scenario`]: what-ifs computed in full (a projection is a list of them).
//! - [`posts_csv`], [`results_csv`], [`share_link`]: the posts CSV, the results CSV, and share
//!   links.
//! - [`choices`]: what a post form offers for a role and year.
//! - [`plan_summary`]: a computed plan as a short plain-text summary.
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
//! - 2026/27: the DES is published but its tables are not yet in the data. The GP cap is derived
//!   from the May 2026 practice-level scheme maximum (£152,900; DDRB 3.5%), the other caps are a
//!   scenario (AfC 3.3%), the entitlement rate is £26.631 × 1,754 ÷ 1,711 = £27.300 (scenario),
//!   pay points are 2025/26 × 1.033 (derived; two published). `arrs-guide check --figures` lists
//!   every figure still waiting for a published value.

pub mod band;
pub mod book;
pub mod caps;
pub mod check;
pub mod choices;
pub mod csv_text;
pub mod data;
pub mod error;
pub mod estimate;
pub mod field_names;
pub mod fields;
pub mod figures;
pub mod glance;
pub mod money;
pub mod oncosts;
pub mod payscale;
pub mod plan;
pub mod plan_file;
pub mod plan_model;
pub mod plan_summary;
pub mod post;
pub mod posts_csv;
pub mod practices;
pub mod recruit;
pub mod region;
pub mod results_csv;
pub mod role;
pub mod scenario;
pub mod schedule;
pub mod share_link;
pub mod year;

pub use band::Band;
pub use book::RuleBook;
pub use caps::{CapAmount, CapPeriod, RoleCaps, TableInForce};
pub use data::{
    BandCaps, CapTable, Figure, OnCosts, PayPoint, PayScale, Pot, RoleRule, Status, YearRules,
    SCHEMA_VERSION,
};
pub use error::RulesError;
pub use estimate::{estimate, Estimate, FigureUnit, MonthLine, SourceNote, Totals};
pub use figures::{year_figures, FigureLine, StatusCounts, YearFigures};
pub use glance::{role_glance, PayRange, RoleGlance, YearChange, YearMaximum};
pub use money::Money;
pub use oncosts::{OnCostOverrides, OnCostRates};
pub use plan::plan;
pub use plan_file::{
    Changes, OnCostSpec, PlanFile, PostSpec, PracticeSpec, ScenarioSpec, WorkingTimeSpec,
};
pub use plan_model::{
    Plan, PlanInput, PlanPost, PlanTotals, PostResult, PotLine, Practice, ScenarioResult,
};
pub use post::{Post, PostFields, TimeUnit, WorkingTime};
pub use region::Region;
pub use role::RoleId;
pub use scenario::{compute_plan_file, projection_scenarios};
pub use year::{Month, YearId};

#[cfg(test)]
pub(crate) mod testdata;

#[cfg(test)]
mod properties;

//! The rules data schema: what `content/rules/<year>.yaml` holds and what
//! `public/data/rules/<year>.json` publishes (the same structs both ways).
//!
//! Numbers are written as integers (`62340`) or quoted decimal strings (`"0.138"`), never as
//! YAML/JSON floats, so no figure ever passes through binary floating point. They are published
//! as decimal strings. The full schema, with an example, is documented in `docs/rules-data.md`.

use crate::rules::band::Band;
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use crate::rules::year::YearId;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of this schema; files and the published JSON carry it as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// How far a figure can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Stated by NHS England, or quoted from the DES by a named source.
    Published,
    /// Computed from published figures by the method given in the figure's or table's `note`.
    Derived,
    /// An assumption, used until the published figure is in the data.
    Scenario,
}

impl Status {
    /// The identifier written in data and shown next to figures.
    pub fn id(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Derived => "derived",
            Status::Scenario => "scenario",
        }
    }
}

/// One sourced figure: a value, its status, the URL it comes from, and for derived or scenario
/// figures the method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The value: pounds for amounts, a fraction for rates (`"0.138"` is 13.8%).
    #[serde(with = "number")]
    pub value: Decimal,
    /// Published, derived or scenario.
    pub status: Status,
    /// URL of the source (for derived figures: of the published figures or rule they come from).
    pub source: String,
    /// How a derived or scenario figure was computed, or any caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// All the rules of one financial year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearRules {
    /// Must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The financial year, e.g. `2024-25`; must match the file name.
    pub year: YearId,
    /// `published` when the year's DES tables are in the data, `scenario` while they are not
    /// (pages show each figure's own status, never this one).
    pub status: Status,
    /// One or two sentences on what changed in the year, for readers.
    pub summary: String,
    /// Named source URLs, referred to from figures with YAML aliases (`source: *tp24`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
    /// Employer on-cost rates used by the estimate.
    pub on_costs: OnCosts,
    /// The pots a PCN's entitlement is made of.
    pub pots: Vec<Pot>,
    /// The roles of the year's scheme and their bands.
    pub roles: Vec<RoleRule>,
    /// Maximum reimbursable amounts per band and region, by period.
    pub cap_tables: Vec<CapTable>,
    /// Agenda for Change pay points, for looking a salary up by band and pay point.
    pub pay_scales: Vec<PayScale>,
}

/// Employer on-cost rates for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnCosts {
    /// Employer National Insurance rate, e.g. `"0.138"`.
    pub ni_rate: Figure,
    /// Annual employer NI secondary threshold in pounds, e.g. `9100`.
    pub ni_threshold: Figure,
    /// Employer NHS Pension Scheme contribution paid locally, e.g. `"0.1438"`.
    pub pension_rate: Figure,
}

/// A pot of entitlement: rate per weighted patient × the PCN's weighted population.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pot {
    /// Short id, e.g. `main` or `gp`.
    pub id: String,
    /// The name readers see.
    pub name: String,
    /// Pounds per weighted patient.
    pub rate: Figure,
    /// First day claims can be made from this pot, if later than 1 April.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional"
    )]
    pub from: Option<NaiveDate>,
    /// The only roles that draw on this (ring-fenced) pot. Empty for the main pot, which every
    /// other role draws on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleId>,
}

/// A role of the year's scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// The role id.
    pub id: RoleId,
    /// The band the role is reimbursed at (for mental health practitioners: the default band).
    pub band: Band,
    /// Mental health practitioners: every band a post may be claimed at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands_offered: Vec<Band>,
    /// Mental health practitioners: the ARRS shares a post may be claimed at, default first
    /// (e.g. `["0.5", "1"]`). Empty means 1 (100%).
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "number::list")]
    pub shares: Vec<Decimal>,
    /// First day the role can be claimed, if later than 1 April.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional"
    )]
    pub from: Option<NaiveDate>,
    /// Status of the band assignment.
    pub status: Status,
    /// URL saying the role is in the scheme at this band.
    pub source: String,
    /// Caveats, e.g. how the default band was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The maximum reimbursable amounts in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapTable {
    /// Short id, e.g. `2024-10`.
    pub id: String,
    /// What the table is, for readers.
    pub label: String,
    /// First day of the year the table applies to. The table applies until the day before the
    /// next table that is not superseded, or to 31 March.
    #[serde(deserialize_with = "iso_date::required")]
    pub from: NaiveDate,
    /// True for a table that was replaced with effect from its own start (e.g. the April 2025
    /// table, replaced by the backdated uplift): shown on role pages, never used by estimates.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub superseded: bool,
    /// Method for the derived cells, and caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Caps per band.
    pub bands: Vec<BandCaps>,
}

/// Annual maximum reimbursable amounts per whole-time equivalent for one band, per region.
/// They include employer NI and pension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandCaps {
    /// The band.
    pub band: Band,
    /// National amount.
    pub national: Figure,
    /// Outer London amount.
    #[serde(rename = "outer-london")]
    pub outer_london: Figure,
    /// Inner London amount.
    #[serde(rename = "inner-london")]
    pub inner_london: Figure,
}

impl BandCaps {
    /// The figure for `region`.
    pub fn for_region(&self, region: Region) -> &Figure {
        match region {
            Region::National => &self.national,
            Region::OuterLondon => &self.outer_london,
            Region::InnerLondon => &self.inner_london,
        }
    }
}

/// A point on an AfC pay scale a salary can be looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PayPoint {
    /// Bottom of the band.
    Entry,
    /// The intermediate point (bands 5 to 8c from 2025/26; some bands earlier).
    Intermediate,
    /// Top of the band.
    Top,
}

impl PayPoint {
    /// The identifier used on the command line: `entry`, `intermediate` or `top`.
    pub fn id(self) -> &'static str {
        match self {
            PayPoint::Entry => "entry",
            PayPoint::Intermediate => "intermediate",
            PayPoint::Top => "top",
        }
    }
}

impl std::str::FromStr for PayPoint {
    type Err = crate::rules::error::RulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "entry" => Ok(PayPoint::Entry),
            "intermediate" => Ok(PayPoint::Intermediate),
            "top" => Ok(PayPoint::Top),
            other => Err(crate::rules::error::RulesError::field(
                "pay_point",
                format!("`{other}` is not a pay point; expected entry, intermediate or top"),
            )),
        }
    }
}

/// Full-time annual Agenda for Change pay points of one band (England).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayScale {
    /// The AfC pay band.
    pub band: Band,
    /// Entry point, pounds a year.
    #[serde(with = "number")]
    pub entry: Decimal,
    /// Intermediate point, where the band has one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "number::optional"
    )]
    pub intermediate: Option<Decimal>,
    /// Top point, pounds a year.
    #[serde(with = "number")]
    pub top: Decimal,
    /// Published, derived or scenario.
    pub status: Status,
    /// URL of the pay table.
    pub source: String,
    /// Caveats and methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Points of a derived or scenario row that a source states exactly, each with that
    /// source's URL: these points are published, the rest of the row keeps `status`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub published: BTreeMap<PayPoint, String>,
}

/// Serde for decimals in the rules data: read from an integer or a quoted decimal string (a
/// float is refused, so a figure never passes through binary floating point); written as a
/// decimal string.
pub mod number {
    use rust_decimal::Decimal;
    use serde::de::{self, Visitor};
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt;
    use std::str::FromStr;

    struct NumberVisitor;

    impl Visitor<'_> for NumberVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a quoted decimal such as \"0.138\"")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "the number {v} must be written as a quoted decimal string (e.g. \"{v}\") so it is read exactly"
            )))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            let text = v.trim();
            let plain = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
            match plain.then(|| Decimal::from_str(text).ok()).flatten() {
                Some(d) => Ok(d),
                None => Err(E::custom(format!(
                    "`{v}` is not a decimal number; expected e.g. \"0.138\" or 62340"
                ))),
            }
        }
    }

    /// Reads a decimal.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(NumberVisitor)
    }

    /// Writes a decimal as a string without trailing zeros.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.normalize())
    }

    #[derive(Deserialize)]
    struct Wrapped(#[serde(with = "self")] Decimal);

    /// The same for optional values.
    pub mod optional {
        use super::*;

        /// Reads an optional decimal.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            Option::<Wrapped>::deserialize(d).map(|o| o.map(|w| w.0))
        }

        /// Writes an optional decimal.
        pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }
    }

    /// The same for lists.
    pub mod list {
        use super::*;
        use serde::ser::SerializeSeq;

        /// Reads a list of decimals.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
            Vec::<Wrapped>::deserialize(d).map(|v| v.into_iter().map(|w| w.0).collect())
        }

        /// Writes a list of decimals.
        pub fn serialize<S: Serializer>(values: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(values.len()))?;
            for v in values {
                seq.serialize_element(&v.normalize().to_string())?;
            }
            seq.end()
        }
    }
}

/// Dates in the rules data, read with the rules core's strict `YYYY-MM-DD` reader rather than
/// chrono's general parser (which the calculator's WebAssembly would otherwise carry).
mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer};

    /// Reads a date.
    pub(super) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        crate::rules::year::parse_date("date", &text).map_err(serde::de::Error::custom)
    }

    /// Reads an optional date.
    pub(super) fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                crate::rules::year::parse_date("date", &text).map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

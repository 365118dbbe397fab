//! What a post form offers for a year: the roles in the scheme, each role's default band and
//! share, the bands and shares allowed, the first day it can be claimed, the suggested unit of
//! working time and the Agenda for Change pay points — so the calculator page decides none of
//! it.

use crate::rules::band::Band;
use crate::rules::data::{PayPoint, Status, YearRules};
use crate::rules::error::RulesError;
use crate::rules::money::plain_decimal;
use crate::rules::plan::pot_for;
use crate::rules::post::TimeUnit;
use crate::rules::region::Region;
use crate::rules::role::RoleId;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// An id and the label readers see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// Id.
    pub id: &'static str,
    /// Label.
    pub label: String,
}

/// A pay area a post form offers for a role: its region id, its label, and the other region ids
/// it stands for (a role with one London rate offers one "London" choice for both London
/// regions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionChoice {
    /// Region id a post chosen here is given.
    pub id: &'static str,
    /// Label.
    pub label: String,
    /// Other region ids that this choice shows for (a post read from a file may have them).
    pub also: Vec<&'static str>,
}

/// A pay point's full-time salary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayPointSalary {
    /// Band.
    pub band: Band,
    /// `entry`, `intermediate` or `top`.
    pub point: PayPoint,
    /// Full-time annual salary.
    pub salary: String,
    /// Status of the pay scale.
    pub status: Status,
}

/// The choices for one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleChoices {
    /// Role id.
    pub id: RoleId,
    /// Name.
    pub name: &'static str,
    /// Default band.
    pub band: Band,
    /// Its label.
    pub band_label: String,
    /// Bands a post may be claimed at (just the role's band for most roles).
    pub bands: Vec<Choice>,
    /// Shares allowed.
    pub shares: Vec<String>,
    /// The default share.
    pub default_share: String,
    /// First day claimable in the year.
    pub from: NaiveDate,
    /// Id of the pot it draws on.
    pub pot: String,
    /// The unit working time is usually given in (sessions for GPs).
    pub unit: TimeUnit,
    /// Pay points of every band the role may be paid at.
    pub pay_points: Vec<PayPointSalary>,
    /// The salaried GP range, where the rules data has one (it has none yet).
    pub salary_range: Option<[String; 2]>,
    /// The pay areas to offer: national, outer and inner London; or national and one London
    /// choice where every cap of the role is the same in both London regions (GPs).
    pub regions: Vec<RegionChoice>,
}

/// Everything a post form offers for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostChoices {
    /// Year id.
    pub year: crate::rules::year::YearId,
    /// `2026/27`.
    pub year_label: String,
    /// Published or scenario.
    pub status: Status,
    /// 1 April.
    pub first_day: NaiveDate,
    /// 31 March.
    pub last_day: NaiveDate,
    /// Regions.
    pub regions: Vec<Choice>,
    /// Roles in the year's scheme.
    pub roles: Vec<RoleChoices>,
}

/// The pay bands a role's band stands for (band 7–8a: bands 7 and 8a).
fn pay_bands(band: Band) -> Vec<Band> {
    match band {
        Band::B7To8a => vec![Band::B7, Band::B8a],
        Band::SalariedGp => Vec::new(),
        other => vec![other],
    }
}

/// The pay areas to offer for `role`: one London choice when each of its caps this year is the
/// same in outer and inner London (the rules data repeats the GPs' single London rate), else all
/// three regions.
fn region_choices(rules: &YearRules, role: RoleId) -> Vec<RegionChoice> {
    let one_london = rules.cap_table(role).is_ok_and(|periods| {
        periods
            .iter()
            .all(|p| p.outer_london.annual == p.inner_london.annual)
    });
    let choice = |region: Region, label: &str, also: Vec<&'static str>| RegionChoice {
        id: region.id(),
        label: label.to_owned(),
        also,
    };
    if one_london {
        vec![
            choice(Region::National, Region::National.name(), Vec::new()),
            choice(
                Region::OuterLondon,
                "London",
                vec![Region::InnerLondon.id()],
            ),
        ]
    } else {
        Region::ALL
            .into_iter()
            .map(|r| choice(r, r.name(), Vec::new()))
            .collect()
    }
}

/// The post choices of a year.
pub fn post_choices(rules: &YearRules) -> Result<PostChoices, RulesError> {
    let mut roles = Vec::with_capacity(rules.roles.len());
    for rule in &rules.roles {
        let bands = rules.bands_of(rule);
        let shares: Vec<Decimal> = if rule.shares.is_empty() {
            vec![Decimal::ONE]
        } else {
            rule.shares.clone()
        };
        let mut pay_points = Vec::new();
        for band in bands.iter().flat_map(|b| pay_bands(*b)) {
            let Ok(scale) = rules.pay_scale(band) else {
                continue;
            };
            for point in [PayPoint::Entry, PayPoint::Intermediate, PayPoint::Top] {
                if let Ok((salary, _)) = rules.salary_at(band, point) {
                    pay_points.push(PayPointSalary {
                        band,
                        point,
                        salary: plain_decimal(salary),
                        status: scale.status,
                    });
                }
            }
        }
        roles.push(RoleChoices {
            id: rule.id,
            name: rule.id.name(),
            band: rule.band,
            band_label: rule.band.label(),
            bands: bands
                .iter()
                .map(|b| Choice {
                    id: b.id(),
                    label: b.label(),
                })
                .collect(),
            shares: shares.iter().map(|s| plain_decimal(*s)).collect(),
            default_share: plain_decimal(shares.first().copied().unwrap_or(Decimal::ONE)),
            from: rules.role_first_day(rule),
            pot: rules
                .pots
                .get(pot_for(rules, rule.id)?)
                .map(|p| p.id.clone())
                .unwrap_or_default(),
            unit: if rule.id.is_general_practitioner() {
                TimeUnit::Sessions
            } else {
                TimeUnit::Wte
            },
            pay_points,
            salary_range: None,
            regions: region_choices(rules, rule.id),
        });
    }
    Ok(PostChoices {
        year: rules.year,
        year_label: rules.year.label(),
        status: rules.status,
        first_day: rules.year.first_day(),
        last_day: rules.year.last_day(),
        regions: Region::ALL
            .into_iter()
            .map(|r| Choice {
                id: r.id(),
                label: r.name().to_owned(),
            })
            .collect(),
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;

    #[test]
    fn mental_health_practitioners_offer_bands_shares_and_pay_points() {
        let rules = testdata::year("2025-26");
        let choices = post_choices(&rules).unwrap();
        let mhp = choices
            .roles
            .iter()
            .find(|r| r.id == RoleId::AdultMentalHealthPractitioner)
            .unwrap();
        assert_eq!(mhp.band, Band::B6);
        assert_eq!(mhp.default_share, "0.5");
        assert_eq!(mhp.shares, ["0.5", "1"]);
        assert!(mhp.bands.iter().any(|b| b.id == "8a"));
        let band5_intermediate = mhp
            .pay_points
            .iter()
            .find(|p| p.band == Band::B5 && p.point == PayPoint::Intermediate)
            .unwrap();
        assert_eq!(band5_intermediate.salary, "33487");
        let pharmacist = choices
            .roles
            .iter()
            .find(|r| r.id == RoleId::ClinicalPharmacist)
            .unwrap();
        let bands: Vec<Band> = pharmacist.pay_points.iter().map(|p| p.band).collect();
        assert!(
            bands.contains(&Band::B7) && bands.contains(&Band::B8a),
            "{bands:?}"
        );
        let gp = choices
            .roles
            .iter()
            .find(|r| r.id == RoleId::GeneralPractitioner)
            .unwrap();
        assert_eq!(gp.unit, TimeUnit::Sessions);
        assert!(gp.pay_points.is_empty());
    }

    #[test]
    fn gps_are_offered_one_london_pay_area_and_other_roles_both() {
        for year in ["2024-25", "2025-26", "2026-27"] {
            let rules = testdata::year(year);
            let choices = post_choices(&rules).unwrap();
            let regions = |role: RoleId| {
                let found = choices.roles.iter().find(|r| r.id == role).unwrap();
                found
                    .regions
                    .iter()
                    .map(|c| (c.id, c.label.as_str(), c.also.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                regions(RoleId::GeneralPractitioner),
                [
                    ("national", "National", vec![]),
                    ("outer-london", "London", vec!["inner-london"]),
                ],
                "{year}"
            );
            assert_eq!(
                regions(RoleId::Paramedic),
                [
                    ("national", "National", vec![]),
                    ("outer-london", "Outer London", vec![]),
                    ("inner-london", "Inner London", vec![]),
                ],
                "{year}"
            );
        }
    }
}

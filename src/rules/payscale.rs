//! Looking a full-time salary up on the year's Agenda for Change pay scale.

use crate::rules::band::Band;
use crate::rules::data::{PayPoint, PayScale, Status, YearRules};
use crate::rules::error::RulesError;
use rust_decimal::Decimal;

impl YearRules {
    /// The pay scale of an AfC pay band, or an error naming the `band` field.
    pub fn pay_scale(&self, band: Band) -> Result<&PayScale, RulesError> {
        self.pay_scales
            .iter()
            .find(|p| p.band == band)
            .ok_or_else(|| {
                let known: Vec<&str> = self.pay_scales.iter().map(|p| p.band.id()).collect();
                RulesError::field(
                    "band",
                    format!(
                        "`{band}` has no pay scale in {}; expected one of {}",
                        self.year,
                        known.join(", ")
                    ),
                )
            })
    }

    /// The full-time annual salary at `point` of `band`, with the scale it comes from.
    pub fn salary_at(
        &self,
        band: Band,
        point: PayPoint,
    ) -> Result<(Decimal, &PayScale), RulesError> {
        let scale = self.pay_scale(band)?;
        scale.point(point).map(|s| (s, scale)).ok_or_else(|| {
            RulesError::field(
                "pay_point",
                format!(
                    "band {band} has no intermediate point in {}; expected entry or top",
                    self.year
                ),
            )
        })
    }
}

impl PayScale {
    /// The full-time annual salary at `point`, if the band has that point.
    pub fn point(&self, point: PayPoint) -> Option<Decimal> {
        match point {
            PayPoint::Entry => Some(self.entry),
            PayPoint::Intermediate => self.intermediate,
            PayPoint::Top => Some(self.top),
        }
    }

    /// The status of one point and the URL it comes from: `published` with its own source for
    /// a point listed under `published`, otherwise the row's status and source.
    pub fn point_status(&self, point: PayPoint) -> (Status, &str) {
        match self.published.get(&point) {
            Some(url) => (Status::Published, url),
            None => (self.status, &self.source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testdata;
    use rust_decimal::dec;

    #[test]
    fn looks_up_pay_points() {
        let rules = testdata::year("2025-26");
        assert_eq!(
            rules.salary_at(Band::B5, PayPoint::Intermediate).unwrap().0,
            dec!(33487)
        );
        assert_eq!(
            rules.salary_at(Band::B8c, PayPoint::Top).unwrap().0,
            dec!(88682)
        );
        let old = testdata::year("2023-24");
        assert_eq!(
            old.salary_at(Band::B4, PayPoint::Intermediate)
                .unwrap_err()
                .field_name(),
            Some("pay_point")
        );
        assert_eq!(
            old.salary_at(Band::B8c, PayPoint::Entry)
                .unwrap_err()
                .field_name(),
            Some("band")
        );
        // 2026/27 is a scenario: 2025/26 × 1.033, rounded to the pound (31,049 × 1.033 = 32,073.6 → 32,074).
        let next = testdata::year("2026-27");
        assert_eq!(
            next.salary_at(Band::B5, PayPoint::Entry).unwrap().0,
            dec!(32074)
        );
    }
}

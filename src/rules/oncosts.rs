//! Employer on-costs: National Insurance above the secondary threshold and NHS pension.
//!
//! Payroll applies the NI threshold per pay period, so a part month still gets the whole
//! monthly threshold (`annual threshold ÷ 12`, not rounded; HMRC's own monthly table rounds it,
//! e.g. £758 for £9,100, which can move NI by a few pence a month).

use crate::rules::data::YearRules;
use crate::rules::error::RulesError;
use crate::rules::money::{mul, Money};
use rust_decimal::Decimal;

/// Largest annual NI threshold accepted as an override.
const MAX_THRESHOLD: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The on-cost rates an estimate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnCostRates {
    /// Employer NI rate (fraction).
    pub ni_rate: Decimal,
    /// Annual employer NI secondary threshold, pounds.
    pub ni_threshold: Decimal,
    /// Employer pension rate (fraction); used only for posts in the scheme.
    pub pension_rate: Decimal,
}

/// Per-run replacements for the year's on-cost rates (command-line overrides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnCostOverrides {
    /// Replaces the employer NI rate.
    pub ni_rate: Option<Decimal>,
    /// Replaces the annual NI threshold.
    pub ni_threshold: Option<Decimal>,
    /// Replaces the employer pension rate.
    pub pension_rate: Option<Decimal>,
}

impl OnCostOverrides {
    /// True if any rate is replaced.
    pub fn any(&self) -> bool {
        self.ni_rate.is_some() || self.ni_threshold.is_some() || self.pension_rate.is_some()
    }

    /// Checks every override is sane: rates at least 0 and below 1, threshold 0 to £1,000,000.
    pub fn validate(&self) -> Result<(), RulesError> {
        check_rate("ni_rate", self.ni_rate)?;
        check_rate("pension_rate", self.pension_rate)?;
        if let Some(t) = self.ni_threshold {
            if t.is_sign_negative() && !t.is_zero() || t > MAX_THRESHOLD {
                return Err(RulesError::field(
                    "ni_threshold",
                    "must be at least 0 and at most 1000000",
                ));
            }
        }
        Ok(())
    }
}

fn check_rate(field: &'static str, rate: Option<Decimal>) -> Result<(), RulesError> {
    match rate {
        Some(r) if r.is_sign_negative() && !r.is_zero() || r >= Decimal::ONE => {
            Err(RulesError::field(
                field,
                "must be at least 0 and less than 1 (e.g. 0.138 for 13.8%)",
            ))
        }
        _ => Ok(()),
    }
}

impl OnCostRates {
    /// The year's rates with any overrides applied.
    pub fn for_year(rules: &YearRules, overrides: &OnCostOverrides) -> Result<Self, RulesError> {
        overrides.validate()?;
        Ok(OnCostRates {
            ni_rate: overrides.ni_rate.unwrap_or(rules.on_costs.ni_rate.value),
            ni_threshold: overrides
                .ni_threshold
                .unwrap_or(rules.on_costs.ni_threshold.value),
            pension_rate: overrides
                .pension_rate
                .unwrap_or(rules.on_costs.pension_rate.value),
        })
    }

    /// Employer NI on one month's pay: `ni_rate × max(0, pay − threshold ÷ 12)`, to the penny.
    pub fn monthly_ni(&self, pay: Money) -> Result<Money, RulesError> {
        let monthly_threshold = self.ni_threshold / Decimal::from(12);
        let above = pay
            .amount()
            .checked_sub(monthly_threshold)
            .ok_or(RulesError::Overflow("employer NI"))?;
        if above <= Decimal::ZERO {
            return Ok(Money::ZERO);
        }
        Ok(Money::round(mul(self.ni_rate, above, "employer NI")?))
    }

    /// Employer pension on one month's pay, to the penny; zero when not in the scheme.
    pub fn monthly_pension(&self, pay: Money, in_pension: bool) -> Result<Money, RulesError> {
        if !in_pension {
            return Ok(Money::ZERO);
        }
        Ok(Money::round(mul(
            self.pension_rate,
            pay.amount(),
            "employer pension",
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn rates_2024_25() -> OnCostRates {
        OnCostRates {
            ni_rate: dec!(0.138),
            ni_threshold: dec!(9100),
            pension_rate: dec!(0.1438),
        }
    }

    #[test]
    fn ni_uses_the_whole_monthly_threshold() {
        // £4,333.33 pay: 4,333.33 − 9,100/12 (758.333…) = 3,574.99666…; × 13.8% = 493.3495… → £493.35
        let ni = rates_2024_25()
            .monthly_ni(Money::round(dec!(4333.33)))
            .unwrap();
        assert_eq!(ni.plain(), "493.35");
        // pay below the threshold: no NI
        let ni = rates_2024_25().monthly_ni(Money::round(dec!(700))).unwrap();
        assert_eq!(ni, Money::ZERO);
    }

    #[test]
    fn pension_is_zero_when_opted_out() {
        let r = rates_2024_25();
        // 4,333.33 × 14.38% = 623.1328… → £623.13
        assert_eq!(
            r.monthly_pension(Money::round(dec!(4333.33)), true)
                .unwrap()
                .plain(),
            "623.13"
        );
        assert_eq!(
            r.monthly_pension(Money::round(dec!(4333.33)), false)
                .unwrap(),
            Money::ZERO
        );
    }

    #[test]
    fn overrides_are_checked() {
        let bad = OnCostOverrides {
            ni_rate: Some(dec!(1)),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field_name(), Some("ni_rate"));
        let bad = OnCostOverrides {
            pension_rate: Some(dec!(-0.1)),
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field_name(),
            Some("pension_rate")
        );
        let bad = OnCostOverrides {
            ni_threshold: Some(dec!(-1)),
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field_name(),
            Some("ni_threshold")
        );
        let ok = OnCostOverrides {
            ni_rate: Some(dec!(0)),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
    }
}

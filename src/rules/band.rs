//! Reimbursement bands: the Agenda for Change band a role's cap is set at, plus the salaried-GP
//! rate, which is not an AfC band.

use crate::rules::error::RulesError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A band of the maximum-reimbursable-amount tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Band {
    /// AfC band 3.
    #[serde(rename = "3")]
    B3,
    /// AfC band 4.
    #[serde(rename = "4")]
    B4,
    /// AfC band 5.
    #[serde(rename = "5")]
    B5,
    /// AfC band 6.
    #[serde(rename = "6")]
    B6,
    /// AfC band 7.
    #[serde(rename = "7")]
    B7,
    /// The "band 7–8a" line used for clinical pharmacists and first contact physiotherapists.
    #[serde(rename = "7-8a")]
    B7To8a,
    /// AfC band 8a.
    #[serde(rename = "8a")]
    B8a,
    /// AfC band 8b (a pay band only: no ARRS role is reimbursed at 8b).
    #[serde(rename = "8b")]
    B8b,
    /// AfC band 8c.
    #[serde(rename = "8c")]
    B8c,
    /// The salaried-GP rate (not an AfC band).
    #[serde(rename = "salaried-gp")]
    SalariedGp,
}

impl Band {
    /// Every band, lowest first.
    pub const ALL: [Band; 10] = [
        Band::B3,
        Band::B4,
        Band::B5,
        Band::B6,
        Band::B7,
        Band::B7To8a,
        Band::B8a,
        Band::B8b,
        Band::B8c,
        Band::SalariedGp,
    ];

    /// The identifier used in data and on the command line, e.g. `7-8a`.
    pub fn id(self) -> &'static str {
        match self {
            Band::B3 => "3",
            Band::B4 => "4",
            Band::B5 => "5",
            Band::B6 => "6",
            Band::B7 => "7",
            Band::B7To8a => "7-8a",
            Band::B8a => "8a",
            Band::B8b => "8b",
            Band::B8c => "8c",
            Band::SalariedGp => "salaried-gp",
        }
    }

    /// The label readers see, e.g. `Band 7–8a` or `Salaried GP`.
    pub fn label(self) -> String {
        match self {
            Band::SalariedGp => "Salaried GP".to_owned(),
            Band::B7To8a => "Band 7–8a".to_owned(),
            other => format!("Band {}", other.id()),
        }
    }

    /// The label for narrow tables: `7–8a`, `5`, or `GP` for salaried GPs.
    pub fn short_label(self) -> String {
        match self {
            Band::SalariedGp => "GP".to_owned(),
            Band::B7To8a => "7–8a".to_owned(),
            other => other.id().to_owned(),
        }
    }

    /// True for an Agenda for Change pay band (one with a pay scale).
    pub fn is_pay_band(self) -> bool {
        !matches!(self, Band::B7To8a | Band::SalariedGp)
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Band {
    type Err = RulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        let wanted = wanted.strip_prefix("band").unwrap_or(&wanted).trim();
        Band::ALL
            .into_iter()
            .find(|b| b.id() == wanted)
            .ok_or_else(|| {
                RulesError::field(
                    "band",
                    format!("`{}` is not a band; expected one of 3, 4, 5, 6, 7, 7-8a, 8a, 8b, 8c, salaried-gp", text.trim()),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_and_band_prefix() {
        assert_eq!("7-8a".parse::<Band>().unwrap(), Band::B7To8a);
        assert_eq!("Band 8a".parse::<Band>().unwrap(), Band::B8a);
        assert_eq!("9".parse::<Band>().unwrap_err().field_name(), Some("band"));
        for b in Band::ALL {
            assert_eq!(b.id().parse::<Band>().unwrap(), b);
        }
    }
}

//! Pay regions: national, outer London and inner London (the high cost area supplement zones).

use crate::rules::error::RulesError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The region a post is paid in. The caps differ by region; GPs have one London rate, which the
/// rules data repeats for both London regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// Everywhere outside London.
    National,
    /// Outer London (HCAS outer London zone).
    OuterLondon,
    /// Inner London (HCAS inner London zone).
    InnerLondon,
}

impl Region {
    /// Every region, in the order tables show them.
    pub const ALL: [Region; 3] = [Region::National, Region::OuterLondon, Region::InnerLondon];

    /// The identifier used in URLs, files and the command line.
    pub fn id(self) -> &'static str {
        match self {
            Region::National => "national",
            Region::OuterLondon => "outer-london",
            Region::InnerLondon => "inner-london",
        }
    }

    /// The name shown to readers.
    pub fn name(self) -> &'static str {
        match self {
            Region::National => "National",
            Region::OuterLondon => "Outer London",
            Region::InnerLondon => "Inner London",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Region {
    type Err = RulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Region::ALL
            .into_iter()
            .find(|r| r.id() == text)
            .ok_or_else(|| {
                RulesError::field(
                    "region",
                    format!("`{text}` is not a region; expected one of national, outer-london, inner-london"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_ids() {
        for r in Region::ALL {
            assert_eq!(r.id().parse::<Region>().unwrap(), r);
        }
        assert_eq!(
            "london".parse::<Region>().unwrap_err().field_name(),
            Some("region")
        );
    }
}

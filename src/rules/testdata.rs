//! The real rules files, for unit tests of the rules core.

use crate::rules::data::YearRules;

/// Parses `content/rules/<year>.yaml` of the repository.
pub fn year(year: &str) -> YearRules {
    let text = match year {
        "2023-24" => include_str!("../../content/rules/2023-24.yaml"),
        "2024-25" => include_str!("../../content/rules/2024-25.yaml"),
        "2025-26" => include_str!("../../content/rules/2025-26.yaml"),
        "2026-27" => include_str!("../../content/rules/2026-27.yaml"),
        other => panic!("no rules file for {other}"),
    };
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{year}: {e}"))
}

/// Every year's rules.
pub fn all() -> Vec<YearRules> {
    ["2023-24", "2024-25", "2025-26", "2026-27"]
        .into_iter()
        .map(year)
        .collect()
}

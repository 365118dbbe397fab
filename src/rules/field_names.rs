//! The names of input fields as readers see them. A leaf module: errors word their sentences
//! with these names, and the field readers use them too, so neither depends on the other.

/// The name of a field as a reader sees it, and an example value.
pub fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "salary" => ("salary", "45,000"),
        "weighted_population" => ("weighted population", "31,250"),
        "wte" => ("whole-time equivalent", "0.8"),
        "hours" => ("hours a week", "30"),
        "sessions" => ("sessions a week", "6"),
        "from" => ("start date", "2025-10-01"),
        "to" => ("end date", "2026-03-31"),
        "share" => ("ARRS share", "0.5"),
        "count" => ("number of posts", "2"),
        "pay_award_percent" => ("pay award", "3.3"),
        "cap_uplift_percent" => ("cap uplift", "2"),
        "entitlement_growth_percent" => ("entitlement growth", "2"),
        "percent" => ("percentage", "40"),
        _ => ("value", "1"),
    }
}

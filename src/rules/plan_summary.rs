//! A computed plan as a short plain-text summary: what was assumed (year, population, each
//! post as entered, each scenario's changes) and what it comes to (totals, practices,
//! scenarios). The calculator's "Copy summary" gives it to a reader who cannot run the page (a
//! locked-down PC with JavaScript or WebAssembly blocked) in an email or a document.

use crate::rules::data::Status;
use crate::rules::glance::whole_pounds_gbp as gbp;
use crate::rules::money::{grouped_decimal, plain_decimal, Money};
use crate::rules::plan_file::{Changes, PlanFile, PostSpec};
use crate::rules::plan_model::Plan;
use crate::rules::post::TimeUnit;
use crate::rules::year::long_date;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// What the status of a plan's figures means, in a sentence.
fn status_sentence(status: Status, year_label: &str) -> String {
    match status {
        Status::Published => format!("All figures are NHS England's published {year_label} figures."),
        Status::Derived => format!(
            "Some {year_label} figures are derived from published ones, because NHS England's tables for this year are not yet in the guide."
        ),
        Status::Scenario => format!(
            "Some {year_label} figures are scenario estimates, because NHS England's tables for this year are not yet in the guide."
        ),
    }
}

fn percent(fraction: Decimal) -> String {
    format!("{}%", plain_decimal(fraction * Decimal::ONE_HUNDRED))
}

fn pay_point_name(point: &str) -> &str {
    match point {
        "entry" => "entry point",
        "intermediate" => "intermediate point",
        "top" => "top of the band",
        other => other,
    }
}

/// One post: what was entered, then what it costs and claims.
fn post_lines(out: &mut String, plan: &Plan, index: usize, spec: Option<&PostSpec>) {
    let Some(result) = plan.posts.get(index) else {
        return;
    };
    let e = &result.estimate;
    let title = match &e.label {
        Some(label) => format!("{label}: {}", e.role_name),
        None => e.role_name.to_owned(),
    };
    let _ = writeln!(out, "{}. {title}, {}", result.number, e.band_label);
    let salary = match spec.and_then(|s| s.pay_point.as_deref()) {
        Some(point) => format!(
            "{} full time ({}, {})",
            gbp(e.salary),
            e.band.label(),
            pay_point_name(point)
        ),
        None => format!("{} full time", gbp(e.salary)),
    };
    let (value, unit) = e.working_time.value_and_unit();
    let time = match unit {
        TimeUnit::Wte => format!("{} WTE", plain_decimal(value)),
        TimeUnit::Hours => format!(
            "{} hours a week ({} WTE)",
            plain_decimal(value),
            plain_decimal(e.wte.round_dp(4))
        ),
        TimeUnit::Sessions => format!(
            "{} sessions a week ({} WTE)",
            plain_decimal(value),
            plain_decimal(e.wte.round_dp(4))
        ),
    };
    let _ = writeln!(
        out,
        "   {}; salary {salary}; {time}; {} to {}.",
        e.region_name,
        long_date(e.from),
        long_date(e.to)
    );
    let mut terms = Vec::new();
    terms.push(if e.in_pension {
        "In the NHS Pension Scheme".to_owned()
    } else {
        "Not in the NHS Pension Scheme".to_owned()
    });
    if e.share != Decimal::ONE {
        terms.push(format!(
            "claimed at {} (the mental health provider pays the rest)",
            percent(e.share)
        ));
    }
    if result.count > 1 {
        terms.push(format!("{} identical posts", result.count));
    }
    if let Some(id) = &result.practice {
        let name = plan
            .practices
            .iter()
            .find(|p| &p.id == id)
            .map_or(id.as_str(), |p| p.name.as_str());
        terms.push(format!("employed by {name}"));
    }
    let _ = writeln!(out, "   {}.", terms.join("; "));
    let a = &result.all_posts;
    let mut figures = format!(
        "   Cost {}, claim {}, top-up {}",
        gbp(a.cost),
        gbp(a.claim),
        gbp(a.top_up)
    );
    if a.provider_share > Money::ZERO {
        let _ = write!(figures, ", provider share {}", gbp(a.provider_share));
    }
    if !result.within_cap {
        figures.push_str(" (cost above the cap)");
    }
    let _ = writeln!(out, "{figures}.");
}

fn totals_lines(out: &mut String, plan: &Plan) {
    let t = &plan.totals;
    if let Some(entitlement) = t.entitlement {
        let _ = writeln!(out, "Entitlement: {}", gbp(entitlement));
    }
    let _ = writeln!(out, "Claim: {}", gbp(t.claim));
    let _ = writeln!(out, "Top-up paid by the practices: {}", gbp(t.top_up));
    if t.provider_share > Money::ZERO {
        let _ = writeln!(
            out,
            "Paid by the mental health provider: {}",
            gbp(t.provider_share)
        );
    }
    let _ = writeln!(out, "Total cost: {}", gbp(t.cost));
    match (t.entitlement, t.unclaimed, t.over_committed) {
        (Some(entitlement), _, Some(over)) if over > Money::ZERO => {
            let _ = writeln!(
                out,
                "Over-committed: the posts would claim {}; only {} is available, so {} would not be reimbursed.",
                gbp(t.claim),
                gbp(entitlement),
                gbp(over)
            );
        }
        (Some(_), Some(unclaimed), _) => {
            let _ = writeln!(out, "Unclaimed: {}", gbp(unclaimed));
        }
        _ => {
            let _ = writeln!(
                out,
                "No weighted population was given, so there is no entitlement to compare with."
            );
        }
    }
}

/// A scenario's changes in words; `added` names its added posts (its result's last posts).
fn changes_text(changes: &Changes, added: &[String]) -> String {
    let mut parts = Vec::new();
    if let Some(year) = changes.year.as_deref().filter(|y| !y.trim().is_empty()) {
        parts.push(format!("year {}", year.trim().replacen('-', "/", 1)));
    }
    for (text, what) in [
        (&changes.pay_award_percent, "pay award"),
        (&changes.cap_uplift_percent, "cap uplift"),
        (&changes.entitlement_growth_percent, "entitlement growth"),
    ] {
        if let Some(value) = text.as_deref().filter(|v| !v.trim().is_empty()) {
            parts.push(format!("{what} {}%", value.trim()));
        }
    }
    if changes.full_year {
        parts.push("every post all year".to_owned());
    }
    if !changes.remove_posts.is_empty() {
        let numbers: Vec<String> = changes
            .remove_posts
            .iter()
            .map(ToString::to_string)
            .collect();
        parts.push(format!("without post {}", numbers.join(", ")));
    }
    if !added.is_empty() {
        parts.push(format!("adding {}", added.join(", ")));
    }
    if parts.is_empty() {
        "no changes".to_owned()
    } else {
        parts.join(", ")
    }
}

fn signed(amount: Money) -> String {
    if amount > Money::ZERO {
        format!("+{}", gbp(amount))
    } else {
        gbp(amount)
    }
}

/// The plain-text summary of `plan`, computed from `file` on `made_on`, with the `link` that
/// opens it in the calculator (empty: no link line).
pub fn plan_summary(plan: &Plan, file: &PlanFile, made_on: NaiveDate, link: &str) -> String {
    let mut out = String::new();
    let title = plan.name.as_deref().unwrap_or("ARRS funding plan");
    let _ = writeln!(out, "{title}, {}", plan.year_label);
    let _ = writeln!(
        out,
        "Estimate made on {} with ARRS Guide (an independent guide, not an NHS England service).",
        long_date(made_on)
    );
    let _ = writeln!(out, "{}", status_sentence(plan.status, &plan.year_label));
    match plan.weighted_population {
        Some(population) => {
            let _ = writeln!(out, "Weighted population: {}", grouped_decimal(population));
        }
        None => {
            let _ = writeln!(out, "Weighted population: not given");
        }
    }
    out.push_str("\nTotals\n");
    totals_lines(&mut out, plan);
    let count: u32 = plan.posts.iter().map(|p| p.count).sum();
    let _ = writeln!(
        out,
        "\nPosts ({count} {})",
        if count == 1 { "post" } else { "posts" }
    );
    for index in 0..plan.posts.len() {
        post_lines(&mut out, plan, index, file.posts.get(index));
    }
    if !plan.practices.is_empty() {
        out.push_str("\nMember practices (share, then what each funds)\n");
        for practice in &plan.practices {
            let _ = writeln!(
                out,
                "{}: {}, top-up {}{}, to fund {}",
                practice.name,
                percent(practice.share.round_dp(4)),
                gbp(practice.top_up),
                practice
                    .over_committed
                    .filter(|o| *o > Money::ZERO)
                    .map_or_else(String::new, |o| format!(", over-commitment {}", gbp(o))),
                gbp(practice.to_fund)
            );
        }
    }
    if let Some(scenarios) = plan.scenarios.as_ref().filter(|s| !s.is_empty()) {
        out.push_str("\nScenarios (the difference from this plan in brackets)\n");
        for (i, scenario) in scenarios.iter().enumerate() {
            let t = &scenario.result.totals;
            let d = &scenario.difference;
            let changes = file.scenarios.get(i).map_or_else(String::new, |spec| {
                let posts = &scenario.result.posts;
                let first_added = posts.len().saturating_sub(spec.changes.add_posts.len());
                let added: Vec<String> = posts[first_added..]
                    .iter()
                    .map(|post| {
                        let e = &post.estimate;
                        let salary = if post.pay_award_applied {
                            format!("{} with the pay award", gbp(e.salary))
                        } else {
                            gbp(e.salary)
                        };
                        let wte = plain_decimal(e.wte.round_dp(4));
                        match &e.label {
                            Some(label) => {
                                format!("{label} ({}, {salary}, {wte} WTE)", e.role_name)
                            }
                            None => format!("{} ({salary}, {wte} WTE)", e.role_name),
                        }
                    })
                    .collect();
                changes_text(&spec.changes, &added)
            });
            let _ = writeln!(
                out,
                "{} ({}; {changes}):",
                scenario.name, scenario.result.year_label
            );
            let mut line = format!(
                "   Claim {} ({}), top-up {} ({}), cost {} ({})",
                gbp(t.claim),
                signed(d.claim),
                gbp(t.top_up),
                signed(d.top_up),
                gbp(t.cost),
                signed(d.cost)
            );
            if let (Some(over), Some(difference)) = (t.over_committed, d.over_committed) {
                let _ = write!(
                    line,
                    ", over-committed {} ({})",
                    gbp(over),
                    signed(difference)
                );
            }
            let _ = writeln!(out, "{line}.");
        }
    }
    if !link.trim().is_empty() {
        let _ = writeln!(
            out,
            "\nOpen this plan in the calculator (needs JavaScript and WebAssembly):\n{}",
            link.trim()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::book::RuleBook;
    use crate::rules::scenario::compute_plan_file;
    use crate::rules::testdata;
    use crate::rules::year::YearId;

    fn computed(json: &str) -> (Plan, PlanFile) {
        let file: PlanFile = serde_json::from_str(json).unwrap();
        let book = RuleBook::new(testdata::all());
        let plan = compute_plan_file(&book, &file, "2025-26".parse::<YearId>().unwrap()).unwrap();
        (plan, file)
    }

    const PLAN: &str = r#"{
      "schema_version": 1,
      "name": "Riverside PCN",
      "year": "2025-26",
      "weighted_population": "5000",
      "practices": [
        { "id": "hill", "name": "Hill Street", "weighted_population": "3000" },
        { "id": "mill", "name": "Mill Lane", "weighted_population": "2000" }
      ],
      "posts": [
        { "label": "Lead pharmacist", "role": "clinical-pharmacist", "salary": "52000" },
        { "role": "first-contact-physiotherapist", "region": "outer-london", "salary": "50000",
          "working_time": { "value": "30", "unit": "hours" }, "from": "2025-10-01", "practice": "hill" },
        { "role": "adult-mental-health-practitioner", "salary": "40000", "pension": false, "count": 2 }
      ],
      "scenarios": [
        { "name": "B: next year", "changes": { "year": "2026-27", "pay_award_percent": "3", "remove_posts": [1, 3],
          "add_posts": [ { "role": "paramedic", "salary": "48000", "working_time": { "value": "0.5", "unit": "wte" } },
                         { "label": "Lead pharmacist", "role": "clinical-pharmacist", "salary": "52000" } ],
          "award_added_posts": [2] } }
      ]
    }"#;

    #[test]
    fn lists_every_post_as_entered_and_the_totals_the_core_computed() {
        let (plan, file) = computed(PLAN);
        let made_on = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let text = plan_summary(
            &plan,
            &file,
            made_on,
            "https://example.org/calculator/?plan=1.x",
        );
        assert!(text.starts_with("Riverside PCN, 2025/26\n"), "{text}");
        assert!(text.contains("Estimate made on 29 November 2026"));
        assert!(text.contains("Weighted population: 5,000"));
        assert!(text.contains("1. Lead pharmacist: Clinical pharmacist"));
        assert!(text.contains("salary £52,000 full time; 1 WTE; 1 April 2025 to 31 March 2026."));
        assert!(text.contains("Outer London; salary £50,000 full time; 30 hours a week (0.8 WTE); 1 October 2025 to 31 March 2026."));
        assert!(text.contains("employed by Hill Street"));
        assert!(text.contains("Not in the NHS Pension Scheme; claimed at 50% (the mental health provider pays the rest); 2 identical posts."));
        let t = &plan.totals;
        assert!(text.contains(&format!("Claim: {}", gbp(t.claim))));
        assert!(text.contains(&format!(
            "only {} is available, so {} would not be reimbursed",
            gbp(t.entitlement.unwrap()),
            gbp(t.over_committed.unwrap())
        )));
        assert!(text.contains(&format!(
            "Paid by the mental health provider: {}",
            gbp(t.provider_share)
        )));
        assert!(text.contains("Hill Street: 60%"));
        assert!(
            text.contains("B: next year (2026/27; year 2026/27, pay award 3%, without post 1, 3, adding Paramedic (£48,000, 0.5 WTE), Lead pharmacist (Clinical pharmacist, £53,560 with the pay award, 1 WTE)):"),
            "{text}"
        );
        let b = &plan.scenarios.as_ref().unwrap()[0];
        assert!(text.contains(&format!(
            "Claim {} ({})",
            gbp(b.result.totals.claim),
            signed(b.difference.claim)
        )));
        assert!(text
            .trim_end()
            .ends_with("https://example.org/calculator/?plan=1.x"));
    }

    #[test]
    fn a_plan_without_population_says_so_and_has_no_over_commitment() {
        let (plan, file) = computed(
            r#"{ "schema_version": 1, "year": "2025-26",
                 "posts": [ { "role": "paramedic", "salary": "48000" } ] }"#,
        );
        let text = plan_summary(
            &plan,
            &file,
            NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            "",
        );
        assert!(text.starts_with("ARRS funding plan, 2025/26\n"));
        assert!(text.contains("Weighted population: not given"));
        assert!(text.contains("No weighted population was given"));
        assert!(!text.contains("Over-committed"));
        assert!(!text.contains("Open this plan"));
        assert!(text.contains("Posts (1 post)"));
    }
}

//! The results CSV (`docs/plan-file.md`, "The results CSV"): a computed plan as blocks a
//! spreadsheet opens — totals, pots, each post month by month, the claims schedule, practices
//! and scenarios. Months are written `Apr 2026`, money as plain decimals, every cell neutralised.

use crate::rules::csv_text::CsvText;
use crate::rules::money::{plain_decimal, Money};
use crate::rules::plan_model::{Plan, PlanTotals};

fn money(m: Money) -> String {
    m.plain()
}

fn maybe(m: Option<Money>) -> String {
    m.map(Money::plain).unwrap_or_default()
}

const TOTAL_HEADINGS: [&str; 7] = [
    "entitlement",
    "cost",
    "claim",
    "top-up",
    "provider share",
    "unclaimed",
    "over-committed",
];

fn total_cells(t: &PlanTotals) -> [String; 7] {
    [
        maybe(t.entitlement),
        money(t.cost),
        money(t.claim),
        money(t.top_up),
        money(t.provider_share),
        maybe(t.unclaimed),
        maybe(t.over_committed),
    ]
}

/// The results of a computed plan as CSV text.
pub fn results_csv(plan: &Plan) -> String {
    let mut csv = CsvText::default();
    csv.row(["Totals"]);
    let mut head = vec!["plan", "year", "weighted population"];
    head.extend(TOTAL_HEADINGS);
    csv.row(head);
    let mut row = vec![
        plan.name.clone().unwrap_or_default(),
        plan.year_label.clone(),
        plan.weighted_population
            .map(plain_decimal)
            .unwrap_or_default(),
    ];
    row.extend(total_cells(&plan.totals));
    csv.row(row);
    csv.row([""; 0]);

    csv.row(["Pots"]);
    csv.row([
        "pot",
        "ring-fenced",
        "entitlement",
        "claim",
        "headroom",
        "unclaimed",
        "over-committed",
    ]);
    for pot in &plan.pots {
        csv.row([
            pot.name.clone(),
            if pot.restricted { "yes" } else { "no" }.to_owned(),
            maybe(pot.entitlement),
            money(pot.claim),
            maybe(pot.headroom),
            maybe(pot.unclaimed),
            maybe(pot.over_committed),
        ]);
    }
    csv.row([""; 0]);

    csv.row(["Posts by month (one post; the all-posts row multiplies by the number of posts)"]);
    csv.row([
        "post",
        "label",
        "role",
        "region",
        "practice",
        "posts",
        "share",
        "month",
        "pay",
        "employer NI",
        "employer pension",
        "cost",
        "cap",
        "claim",
        "top-up",
        "provider share",
    ]);
    for p in &plan.posts {
        let e = &p.estimate;
        let lead = |month: String| {
            vec![
                p.number.to_string(),
                e.label.clone().unwrap_or_default(),
                e.role_name.to_owned(),
                e.region_name.to_owned(),
                p.practice.clone().unwrap_or_default(),
                p.count.to_string(),
                plain_decimal(e.share),
                month,
            ]
        };
        for m in &e.months {
            let mut row = lead(m.label.clone());
            row.extend(m.amounts().map(money));
            csv.row(row);
        }
        let t = &e.totals;
        let mut row = lead("Total".to_owned());
        row.extend(t.amounts().map(money));
        csv.row(row);
        if p.count > 1 {
            let a = &p.all_posts;
            let mut row = lead(format!("All {} posts", p.count));
            row.extend([String::new(), String::new(), String::new()]);
            row.extend([
                money(a.cost),
                String::new(),
                money(a.claim),
                money(a.top_up),
                money(a.provider_share),
            ]);
            csv.row(row);
        }
    }
    csv.row([""; 0]);

    csv.row(["Claims schedule"]);
    csv.row([
        "month",
        "pot",
        "claim",
        "cumulative claim",
        "entitlement left",
    ]);
    for month in &plan.schedule {
        for line in &month.pots {
            let name = plan
                .pots
                .iter()
                .find(|p| p.id == line.pot)
                .map_or(line.pot.clone(), |p| p.name.clone());
            csv.row([
                month.label.clone(),
                name,
                money(line.claim),
                money(line.cumulative),
                maybe(line.left),
            ]);
        }
    }

    if !plan.practices.is_empty() {
        csv.row([""; 0]);
        csv.row(["Practices"]);
        csv.row([
            "practice",
            "share",
            "posts",
            "top-up",
            "over-committed",
            "to fund",
        ]);
        for p in &plan.practices {
            csv.row([
                p.name.clone(),
                plain_decimal(p.share),
                p.posts.to_string(),
                money(p.top_up),
                maybe(p.over_committed),
                money(p.to_fund),
            ]);
        }
    }

    if let Some(scenarios) = plan.scenarios.as_ref().filter(|s| !s.is_empty()) {
        csv.row([""; 0]);
        csv.row(["Scenarios (figures, then the difference from the plan)"]);
        let mut head = vec!["scenario".to_owned(), "year".to_owned()];
        head.extend(TOTAL_HEADINGS.map(String::from));
        head.extend(TOTAL_HEADINGS.map(|h| format!("{h} difference")));
        csv.row(head);
        for s in scenarios {
            let d = &s.difference;
            let mut row = vec![s.name.clone(), s.result.year_label.clone()];
            row.extend(total_cells(&s.result.totals));
            row.extend([
                maybe(d.entitlement),
                money(d.cost),
                money(d.claim),
                money(d.top_up),
                money(d.provider_share),
                maybe(d.unclaimed),
                maybe(d.over_committed),
            ]);
            csv.row(row);
        }
    }
    csv.finish()
}

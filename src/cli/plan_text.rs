//! The readable text of a computed plan: pots, totals (never netted), posts, the claims
//! schedule, practices, scenarios, then each post month by month.

use super::estimate::estimate_text;
use arrs_guide::rules::{Money, Plan};
use std::fmt::Write as _;

fn table_row(first: &str, width: usize, cells: &[String]) -> String {
    let mut line = format!("{first:<width$}");
    for cell in cells {
        let _ = write!(line, " {cell:>13}");
    }
    line.trim_end().to_owned() + "\n"
}

fn gbp(amounts: &[Money]) -> Vec<String> {
    amounts.iter().map(|m| m.display_gbp()).collect()
}

fn maybe(amount: Option<Money>) -> String {
    amount.map_or_else(|| "–".to_owned(), Money::display_gbp)
}

fn head(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| (*c).to_owned()).collect()
}

/// The totals block and what the pots say.
fn totals_text(out: &mut String, p: &Plan) {
    let t = &p.totals;
    if let Some(e) = t.entitlement {
        let _ = writeln!(out, "Entitlement     {}", e.display_gbp());
    }
    let _ = writeln!(out, "Total cost      {}", t.cost.display_gbp());
    let _ = writeln!(out, "Claim           {}", t.claim.display_gbp());
    let _ = writeln!(
        out,
        "Top-up          {} (funded by the practices)",
        t.top_up.display_gbp()
    );
    let _ = writeln!(
        out,
        "Provider share  {} (the mental health provider's part of jointly funded posts)",
        t.provider_share.display_gbp()
    );
    if let (Some(unclaimed), Some(over)) = (t.unclaimed, t.over_committed) {
        let _ = writeln!(out, "Unclaimed       {}", unclaimed.display_gbp());
        let _ = writeln!(out, "Over-committed  {}", over.display_gbp());
    } else {
        let _ = writeln!(out, "No weighted population given: costs and claims only.");
    }
    for pot in &p.pots {
        if pot.over_commitment() > Money::ZERO {
            let _ = writeln!(
                out,
                "Over-committed: {} of claims on the {} will not be reimbursed.",
                pot.over_commitment().display_gbp(),
                pot.name
            );
        }
        if let Some(unclaimed) = pot.unclaimed.filter(|u| *u > Money::ZERO && pot.restricted) {
            let _ = writeln!(
                out,
                "Unspent: {} of the {} can only pay for {} posts.",
                unclaimed.display_gbp(),
                pot.name,
                pot.roles
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}

/// Readable plan.
pub fn plan_text(p: &Plan) -> String {
    let mut out = String::new();
    if let Some(name) = &p.name {
        let _ = writeln!(out, "{name}");
    }
    let _ = writeln!(
        out,
        "ARRS plan for {}, {}\n",
        p.year_label,
        p.weighted_population
            .map_or("no weighted population".to_owned(), |w| format!(
                "weighted population {w}"
            ))
    );
    let names: Vec<String> = p
        .posts
        .iter()
        .map(|r| {
            let e = &r.estimate;
            let count = if r.count > 1 {
                format!(" × {}", r.count)
            } else {
                String::new()
            };
            match &e.label {
                Some(label) => format!(
                    "{}. {label} ({}, {}){count}",
                    r.number, e.role_name, e.region
                ),
                None => format!("{}. {}, {}{count}", r.number, e.role_name, e.region),
            }
        })
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .chain(p.pots.iter().map(|pot| pot.name.chars().count()))
        .chain(p.practices.iter().map(|pr| pr.name.chars().count()))
        .max()
        .unwrap_or(0)
        .max(10);
    out.push_str(&table_row(
        "Pot",
        width,
        &head(&["Entitlement", "Claim", "Headroom"]),
    ));
    for pot in &p.pots {
        out.push_str(&table_row(
            &pot.name,
            width,
            &[
                maybe(pot.entitlement),
                pot.claim.display_gbp(),
                maybe(pot.headroom),
            ],
        ));
    }
    out.push('\n');
    out.push_str(&table_row(
        "Post",
        width,
        &head(&["Cost", "Claim", "Top-up", "Provider"]),
    ));
    for (name, r) in names.iter().zip(&p.posts) {
        let a = &r.all_posts;
        out.push_str(&table_row(
            name,
            width,
            &gbp(&[a.cost, a.claim, a.top_up, a.provider_share]),
        ));
    }
    out.push('\n');
    totals_text(&mut out, p);
    out.push_str("\nClaims schedule\n");
    let mut columns = vec!["Claim".to_owned()];
    for pot in &p.pots {
        columns.push(format!(
            "{} left",
            if pot.restricted { &pot.id } else { "Main" }
        ));
    }
    out.push_str(&table_row("Month", 10, &columns));
    for month in &p.schedule {
        let mut cells = vec![month.claim.display_gbp()];
        cells.extend(month.pots.iter().map(|l| maybe(l.left)));
        out.push_str(&table_row(&month.label, 10, &cells));
    }
    if !p.practices.is_empty() {
        out.push_str("\nPractices\n");
        out.push_str(&table_row(
            "Practice",
            width,
            &head(&["Share", "Top-up", "Over-committed", "To fund"]),
        ));
        for pr in &p.practices {
            out.push_str(&table_row(
                &pr.name,
                width,
                &[
                    format!(
                        "{}%",
                        (pr.share * rust_decimal::Decimal::ONE_HUNDRED)
                            .round_dp(2)
                            .normalize()
                    ),
                    pr.top_up.display_gbp(),
                    maybe(pr.over_committed),
                    pr.to_fund.display_gbp(),
                ],
            ));
        }
    }
    if let Some(scenarios) = p.scenarios.as_ref().filter(|s| !s.is_empty()) {
        out.push_str("\nScenarios (scenario figures; the difference from the plan in brackets)\n");
        for s in scenarios {
            let t = &s.result.totals;
            let d = &s.difference;
            let _ = writeln!(
                out,
                "{} ({}, {})",
                s.name,
                s.result.year_label,
                s.result.status.id()
            );
            for (what, figure, difference) in [
                ("Cost", t.cost, d.cost),
                ("Claim", t.claim, d.claim),
                ("Top-up", t.top_up, d.top_up),
                ("Provider share", t.provider_share, d.provider_share),
            ] {
                let _ = writeln!(
                    out,
                    "  {what:<15} {} ({})",
                    figure.display_gbp(),
                    difference.display_gbp()
                );
            }
            if let (Some(o), Some(od)) = (t.over_committed, d.over_committed) {
                let _ = writeln!(
                    out,
                    "  Over-committed  {} ({})",
                    o.display_gbp(),
                    od.display_gbp()
                );
            }
        }
    }
    for r in &p.posts {
        let _ = writeln!(out, "\n--- Post {} ---", r.number);
        out.push_str(&estimate_text(&r.estimate));
    }
    out
}

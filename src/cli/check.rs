//! `arrs-guide check`: validate content, rules, links and templates; write nothing.
//! `arrs-guide check --figures`: report how much of the rules data is published.

use arrs_guide::rules::{year_figures, RuleBook, StatusCounts, YearId};
use arrs_guide::site;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `arrs-guide check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site root, holding `content/` and `templates/`.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Instead of checking the site, report per year how many figures of the rules data are
    /// published, derived or scenario, and list every figure of the current year that is not
    /// published, with its note.
    #[arg(long)]
    figures: bool,
    /// With `--figures`: the year whose unpublished figures are listed (default: the
    /// financial year containing today).
    #[arg(long, requires = "figures")]
    year: Option<YearId>,
}

/// Runs `arrs-guide check`.
pub fn run(args: CheckArgs) -> ExitCode {
    if let Err(code) = super::build::require_site_root(&args.root) {
        return code;
    }
    if args.figures {
        return figures(&args);
    }
    match site::check(&args.root, Some(&arrs_guide::guide::extension())) {
        Ok(report) => {
            println!(
                "Checked {} pages and {} FAQ entries in {} ms: no problems",
                report.pages,
                report.entries,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(err) => super::build::report_error(&err),
    }
}

fn counts_cell(counts: StatusCounts) -> String {
    format!(
        "{:>9} {:>7} {:>8} {:>5}",
        counts.published,
        counts.derived,
        counts.scenario,
        counts.total()
    )
}

fn figures(args: &CheckArgs) -> ExitCode {
    let book: RuleBook = match arrs_guide::guide::rules_data::load_rules(&args.root.join("content"))
    {
        Ok(book) => book,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let current = match args.year.map_or_else(super::common::today_year, Ok) {
        Ok(year) => year,
        Err(e) => return super::common::fail(e),
    };
    println!("Figures of the rules data (money: on-costs, pot rates, cap cells, pay points; bands: role band assignments)");
    println!();
    println!(
        "{:<8} {:>9} {:>7} {:>8} {:>5} | {:>9} {:>7} {:>8} {:>5}",
        "year",
        "published",
        "derived",
        "scenario",
        "money",
        "published",
        "derived",
        "scenario",
        "bands"
    );
    let mut money_total = StatusCounts::default();
    let mut reports = Vec::new();
    for rules in book.years() {
        let report = year_figures(rules);
        let money = report.money_counts();
        money_total.published += money.published;
        money_total.derived += money.derived;
        money_total.scenario += money.scenario;
        println!(
            "{:<8} {} | {}",
            rules.year.to_string(),
            counts_cell(money),
            counts_cell(report.band_counts())
        );
        reports.push(report);
    }
    println!("{:<8} {}", "all", counts_cell(money_total));
    println!();
    let Some(report) = reports.iter().find(|r| r.year == current) else {
        println!("{current} (the current year) has no rules file: every figure of it is missing.");
        return ExitCode::SUCCESS;
    };
    let waiting: Vec<_> = report.not_published().collect();
    if waiting.is_empty() {
        println!("Every figure of {current} (the current year) is published.");
        return ExitCode::SUCCESS;
    }
    println!(
        "{} figures of {current} (the current year) are not published; replace each with the published value and source:",
        waiting.len()
    );
    // Figures sharing a note (a table's method) are listed under it once.
    let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    for line in waiting {
        let value = line
            .value
            .map(|v| format!(" = {}", v.normalize()))
            .unwrap_or_default();
        let entry = format!("{}{value} [{}]", line.what, line.status.id());
        let note = line.note.as_deref();
        match groups.iter_mut().find(|(n, _)| *n == note) {
            Some((_, entries)) => entries.push(entry),
            None => groups.push((note, vec![entry])),
        }
    }
    for (note, entries) in groups {
        println!();
        println!("Note: {}", note.unwrap_or("(none)"));
        for entry in entries {
            println!("  - {entry}");
        }
    }
    ExitCode::SUCCESS
}

//! Command-line parsing (clap) and dispatch to one module per command.

mod build;
mod check;
mod common;
mod estimate;
mod plan;
mod plan_text;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The ARRS Guide: a static site and funding calculator for the NHS Additional Roles
/// Reimbursement Scheme.
#[derive(Debug, Parser)]
#[command(name = "arrs-guide", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the whole site, calculator included, into the output folder.
    Build(build::BuildArgs),
    /// Validate content, rules and links; write nothing.
    Check(check::CheckArgs),
    /// Build, serve on loopback, rebuild on change and reload the browser.
    Serve(serve::ServeArgs),
    /// Estimate the cost and claim of one post, month by month.
    Estimate(estimate::EstimateArgs),
    /// Compute a PCN plan (pots, totals, claims schedule, practices, scenarios) from a posts
    /// CSV or a plan file.
    Plan(plan::PlanArgs),
}

/// Parses the command line and runs the chosen command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Estimate(args) => estimate::run(args),
        Command::Plan(args) => plan::run(args),
    }
}

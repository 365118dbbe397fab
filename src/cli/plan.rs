//! `arrs-guide plan`.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `arrs-guide plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {}

/// Runs `arrs-guide plan`.
pub fn run(_args: PlanArgs) -> ExitCode {
    eprintln!("error: `arrs-guide plan` is not available yet");
    ExitCode::FAILURE
}

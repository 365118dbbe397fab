//! `arrs-guide check`.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `arrs-guide check`.
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `arrs-guide check`.
pub fn run(_args: CheckArgs) -> ExitCode {
    eprintln!("error: `arrs-guide check` is not available yet");
    ExitCode::FAILURE
}

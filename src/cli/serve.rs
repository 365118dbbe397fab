//! `arrs-guide serve`.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `arrs-guide serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {}

/// Runs `arrs-guide serve`.
pub fn run(_args: ServeArgs) -> ExitCode {
    eprintln!("error: `arrs-guide serve` is not available yet");
    ExitCode::FAILURE
}

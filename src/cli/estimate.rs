//! `arrs-guide estimate`.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `arrs-guide estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {}

/// Runs `arrs-guide estimate`.
pub fn run(_args: EstimateArgs) -> ExitCode {
    eprintln!("error: `arrs-guide estimate` is not available yet");
    ExitCode::FAILURE
}

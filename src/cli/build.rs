//! `arrs-guide build`.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `arrs-guide build`.
#[derive(Debug, Args)]
pub struct BuildArgs {}

/// Runs `arrs-guide build`.
pub fn run(_args: BuildArgs) -> ExitCode {
    eprintln!("error: `arrs-guide build` is not available yet");
    ExitCode::FAILURE
}

//! `arrs-guide check`: validate content, rules, links and templates; write nothing.

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
}

/// Runs `arrs-guide check`.
pub fn run(args: CheckArgs) -> ExitCode {
    if let Err(code) = super::build::require_site_root(&args.root) {
        return code;
    }
    match site::check(&args.root) {
        Ok(report) => {
            println!(
                "Checked {} pages and {} FAQ entries in {} ms: no problems",
                report.pages,
                report.faq_entries,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(err) => super::build::report_error(&err),
    }
}

//! `arrs-guide build`: build the site into the output folder, atomically.

use arrs_guide::guide;
use arrs_guide::site::{self, BuildError, BuildOptions};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `arrs-guide build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site root, holding `content/` and `templates/`.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: ROOT/public]. Replaced as a whole only when the build succeeds.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Build pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
}

/// Runs `arrs-guide build`.
pub fn run(args: BuildArgs) -> ExitCode {
    if let Err(code) = require_site_root(&args.root) {
        return code;
    }
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    let opts = BuildOptions {
        root: args.root,
        out,
        drafts: args.drafts,
        extension: Some(guide::extension()),
    };
    match site::build(&opts) {
        Ok(report) => {
            for leftover in &report.removed_leftovers {
                println!(
                    "Removed {}, left by an earlier build that was interrupted",
                    leftover.display()
                );
            }
            println!(
                "Built {} pages ({} files, {}) in {} ms into {}",
                report.pages,
                report.files,
                human_size(report.bytes),
                report.elapsed.as_millis(),
                report.out.display()
            );
            match report.cleanup.wait() {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("warning: the new site is in place, but the previous one could not be removed: {err}");
                    ExitCode::SUCCESS
                }
            }
        }
        Err(err) => report_error(&err),
    }
}

/// Exit code 2 with a message when `root` has no `content/` folder.
pub fn require_site_root(root: &Path) -> Result<(), ExitCode> {
    if root.join("content").is_dir() {
        Ok(())
    } else {
        eprintln!(
            "error: {} has no content/ folder; expected --root to name the site root (the folder holding content/ and templates/)",
            root.display()
        );
        Err(ExitCode::from(2))
    }
}

/// Prints a build error to stderr and returns exit code 1.
pub fn report_error(err: &BuildError) -> ExitCode {
    match err {
        BuildError::Content(diagnostics) => eprintln!("{diagnostics}"),
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

//! `arrs-guide serve`: build, serve on loopback, rebuild on change and reload the browser.

use arrs_guide::site::incremental::{into_diagnostics, IncrementalSite};
use arrs_guide::site::serve::{
    BuildSummary, DevServer, ServeError, ServeOptions, SiteBuilder, DEFAULT_DEBOUNCE,
};
use arrs_guide::site::{Diagnostic, Diagnostics};
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `arrs-guide serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site folder: the one holding content/ and templates/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Address to listen on. Keep the default (this computer only) unless others must see the site.
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Poll the files for changes instead of relying on file-system notifications (for network
    /// drives, containers and virtual machines where edits are not noticed).
    #[arg(long)]
    poll: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Runs `arrs-guide serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> ExitCode {
    let options = ServeOptions {
        root: args.root.clone(),
        addr: SocketAddr::new(args.bind, args.port),
        poll: args.poll,
        debounce: DEFAULT_DEBOUNCE,
    };
    let server = match DevServer::start(options, site_builder(&args.root, args.drafts)) {
        Ok(server) => server,
        Err(error) => return report_start_error(&error),
    };
    let stopper = server.stopper();
    if let Err(e) = ctrlc::set_handler(move || stopper.stop()) {
        eprintln!("warning: Ctrl-C handler not installed ({e}); stop the server another way");
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers on the network can read the site",
            args.bind
        );
    }
    println!(
        "serving the site at http://{}/ (Ctrl-C to stop)",
        server.addr()
    );
    server.wait();
    eprintln!("stopped");
    ExitCode::SUCCESS
}

fn report_start_error(error: &ServeError) -> ExitCode {
    eprintln!("error: {error}");
    match error {
        ServeError::PortInUse { addr } => {
            let other = addr.port().checked_add(1).unwrap_or(1111);
            eprintln!("help: another server (perhaps another `arrs-guide serve`) is using it; choose another port, for example `--port {other}`");
        }
        ServeError::Watch(_) => {
            eprintln!("help: if this file system does not support notifications, try `--poll`");
        }
        ServeError::NothingToWatch(_) => {
            eprintln!("help: run from the site folder, or point `--root` at it");
        }
        _ => {}
    }
    ExitCode::FAILURE
}

/// The site generator, as the dev server calls it: the same build as `arrs-guide build`, kept
/// in memory between saves so that a save re-renders only what it affects
/// (`arrs_guide::site::incremental`). The server is given a link to the folder holding the site.
fn site_builder(root: &Path, drafts: bool) -> impl SiteBuilder {
    IncrementalBuilder {
        root: root.to_path_buf(),
        drafts,
        site: None,
    }
}

struct IncrementalBuilder {
    root: PathBuf,
    drafts: bool,
    site: Option<IncrementalSite>,
}

impl IncrementalBuilder {
    fn update(
        &mut self,
        changed: Option<&[PathBuf]>,
        out: &Path,
    ) -> Result<BuildSummary, Diagnostics> {
        let problem = |message: String| Diagnostics(vec![Diagnostic::new(out, 0, 0, message)]);
        let site = match &mut self.site {
            Some(site) => site,
            None => self.site.insert(
                IncrementalSite::new(&self.root, self.drafts)
                    .map_err(|e| problem(format!("cannot prepare the build folders: {e}")))?,
            ),
        };
        let updated = site.update(changed).map_err(|e| into_diagnostics(e, out))?;
        link_output(&updated.dir, out)
            .map_err(|e| problem(format!("cannot link the built site: {e}")))?;
        Ok(BuildSummary {
            pages: updated.pages,
        })
    }
}

impl SiteBuilder for IncrementalBuilder {
    fn build(&mut self, out: &Path) -> Result<BuildSummary, Diagnostics> {
        self.update(None, out)
    }

    fn rebuild(&mut self, changed: &[PathBuf], out: &Path) -> Result<BuildSummary, Diagnostics> {
        self.update(Some(changed), out)
    }
}

/// Makes `out` name the folder `dir` (the server serves the folder `out` resolves to).
#[cfg(unix)]
fn link_output(dir: &Path, out: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(dir, out)
}

/// Makes `out` name the folder `dir`: a junction where symbolic links need privileges.
#[cfg(not(unix))]
fn link_output(dir: &Path, out: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(dir, out)
}

//! `arrs-guide serve`: build, serve on loopback, rebuild on change and reload the browser.

use arrs_guide::guide;
use arrs_guide::site::incremental::{into_diagnostics, IncrementalSite};
use arrs_guide::site::serve::{
    BuildSummary, DevServer, ServeError, ServeOptions, SiteBuilder, Stopper, DEFAULT_DEBOUNCE,
};
use arrs_guide::site::{Diagnostic, Diagnostics};
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

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
        also_watch: guide::CALCULATOR_SOURCE_DIRS.map(PathBuf::from).to_vec(),
    };
    // Installed before starting, so Ctrl-C during the first build also stops cleanly.
    let stop = Arc::new(StopRequest::default());
    let handler = Arc::clone(&stop);
    if let Err(e) = ctrlc::set_handler(move || handler.request()) {
        eprintln!("warning: Ctrl-C handler not installed ({e}); stop the server another way");
    }
    let server = match DevServer::start(options, site_builder(&args.root, args.drafts)) {
        Ok(server) => server,
        Err(error) => return report_start_error(&error),
    };
    stop.attach(server.stopper());
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

/// Ctrl-C or SIGTERM, which may come before the server has started.
#[derive(Default)]
struct StopRequest {
    /// Whether a stop was asked for, and the server's stopper once it has started.
    state: Mutex<(bool, Option<Stopper>)>,
}

impl StopRequest {
    /// Stops the server, or has it stopped as soon as it has started.
    fn request(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 = true;
        if let Some(stopper) = &state.1 {
            stopper.stop();
        }
    }

    /// Hands over the started server's stopper, stopping it at once if asked already.
    fn attach(&self, stopper: Stopper) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.0 {
            stopper.stop();
        }
        state.1 = Some(stopper);
    }
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
            // Beside the server's own build folders, so they go when the server does.
            None => self.site.insert(
                IncrementalSite::new_in(
                    &self.root,
                    self.drafts,
                    Some(guide::extension()),
                    &work_folder(out),
                )
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

/// The folder for the site's own folders: `site` beside the server's `out`.
fn work_folder(out: &Path) -> PathBuf {
    out.parent().unwrap_or(Path::new(".")).join("site")
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

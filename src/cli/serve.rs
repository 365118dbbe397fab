//! `arrs-guide serve`: build, serve on loopback, rebuild on change and reload the browser.

use arrs_guide::site::serve::{
    BuildSummary, DevServer, ServeError, ServeOptions, SiteBuilder, Stopper, DEFAULT_DEBOUNCE,
};
use arrs_guide::site::{build, BuildError, BuildOptions, Diagnostic, Diagnostics};
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

/// The site generator, as the dev server calls it: the same build as `arrs-guide build`, into the
/// folder the server gives it.
fn site_builder(root: &Path, drafts: bool) -> impl SiteBuilder {
    let root = root.to_path_buf();
    move |out: &Path| -> Result<BuildSummary, Diagnostics> {
        let options = BuildOptions {
            root: root.clone(),
            out: out.to_path_buf(),
            drafts,
        };
        match build(&options) {
            Ok(report) => Ok(BuildSummary {
                pages: report.pages,
            }),
            Err(BuildError::Content(diagnostics)) => Err(diagnostics),
            Err(other) => Err(Diagnostics(vec![Diagnostic::new(
                out,
                0,
                0,
                other.to_string(),
            )])),
        }
    }
}

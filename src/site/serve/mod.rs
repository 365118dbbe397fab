//! `arrs-guide serve`: build the site, serve it on loopback, rebuild on every edit to `content/`
//! or `templates/` (and to the folders named in [`ServeOptions::also_watch`]: the guide's
//! calculator sources `src/rules/` and `calc-wasm/`, in the project's own repository), and
//! reload open pages.
//!
//! How it fits together:
//! - [`DevServer::start`] binds the port, starts watching (`watch`), builds once, and starts
//!   the HTTP server (hyper on a small tokio runtime: `listen` accepts connections and applies
//!   the request limits, `http` answers) and the rebuild loop (`rebuild`, a plain thread).
//! - Every build goes into a fresh folder (`outputs`). Only a successful build is swapped in
//!   (`state`), in one step, so requests always get a complete site: during a rebuild, and
//!   after a failed one, they get the last good build. Folders left behind by a server that was
//!   killed are deleted at the next start (`leftovers`).
//! - Every HTML response gets a small same-origin module script (`inject`) that listens to the
//!   build events (`events`, server-sent events at `/__arrs/events`) and reloads the page after
//!   each build. While the latest build has failed, every page also gets the errors, with file,
//!   line and the offending line (`overlay`), and a same-origin stylesheet for them. The site's
//!   Content-Security-Policy forbids inline script, so nothing is inline.
//! - The site generator is reached through [`SiteBuilder`], so all of this is independent of how
//!   the site is built.

mod content_type;
mod events;
mod http;
mod inject;
mod leftovers;
mod listen;
mod outputs;
mod overlay;
mod paths;
mod rebuild;
mod state;
mod watch;

pub use watch::WatchError;

use crate::site::Diagnostics;
use events::EventHub;
use http::Shared;
use outputs::BuildDirs;
use rebuild::{Rebuilder, Signal};
use state::SiteState;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::runtime::Runtime;

/// How long the watcher waits for a burst of file events (one save makes several) to end.
/// A save, even by rename, makes its events within a millisecond or two, and a rebuild after a
/// save is incremental and quick, so the wait is short: it is part of every save-to-reload.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(15);

/// The folders under the site root that are watched. The output is never among them.
pub(crate) const WATCHED_DIRS: [&str; 2] = ["content", "templates"];

/// How long stopping waits for requests still reading files.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Threads that read and rewrite files for requests. Reads come from the page cache, so a few
/// threads keep up with any load; tokio's default (512) let a load test start hundreds, each
/// holding its own allocator cache, and the server's memory passed 1 GB.
const FILE_THREADS: usize = 8;

/// What a successful build reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BuildSummary {
    /// Number of pages written.
    pub pages: usize,
}

/// Builds the whole site into a folder.
pub trait SiteBuilder: Send + 'static {
    /// Builds the site into `out`, which does not exist yet, or reports every problem found.
    fn build(&mut self, out: &Path) -> Result<BuildSummary, Diagnostics>;

    /// Builds the site into `out` after the files `changed` changed. A builder that keeps the
    /// previous build can redo only what the change affects; by default this is [`Self::build`].
    fn rebuild(&mut self, changed: &[PathBuf], out: &Path) -> Result<BuildSummary, Diagnostics> {
        let _ = changed;
        self.build(out)
    }
}

impl<F> SiteBuilder for F
where
    F: FnMut(&Path) -> Result<BuildSummary, Diagnostics> + Send + 'static,
{
    fn build(&mut self, out: &Path) -> Result<BuildSummary, Diagnostics> {
        self(out)
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root: holds `content/` and `templates/`.
    pub root: PathBuf,
    /// Address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// Poll for changes instead of relying on file-system notifications.
    pub poll: bool,
    /// Quiet time that ends a burst of file events.
    pub debounce: Duration,
    /// Other folders under the root to watch when they exist, besides `content/` and `templates/`: the
    /// sources of what the site's extension builds (the guide: its calculator's sources).
    pub also_watch: Vec<PathBuf>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Something else is listening on the port.
    #[error("port {} on {} is already in use", .addr.port(), .addr.ip())]
    PortInUse {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// The address could not be bound for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The private folder for builds could not be created.
    #[error("cannot create a temporary folder for builds: {0}")]
    BuildDirs(#[source] io::Error),
    /// Neither `content/` nor `templates/` exists under the root.
    #[error("nothing to watch: neither content/ nor templates/ exists in {}", .0.display())]
    NothingToWatch(PathBuf),
    /// A watched folder could not be watched.
    #[error(transparent)]
    Watch(#[from] WatchError),
    /// The HTTP server could not start.
    #[error("cannot start the HTTP server: {0}")]
    Http(#[source] io::Error),
    /// A server thread could not be started.
    #[error("cannot start a server thread: {0}")]
    Thread(#[source] io::Error),
}

/// Asks a running [`DevServer`] to stop; cheap to clone and usable from a signal handler.
#[derive(Debug, Clone)]
pub struct Stopper(Sender<Signal>);

impl Stopper {
    /// Stops the server (its [`DevServer::wait`] then returns). Stopping twice is harmless.
    pub fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

/// A running dev server.
pub struct DevServer {
    addr: SocketAddr,
    stopper: Stopper,
    first_build_ok: bool,
    watcher: watch::Watcher,
    runtime: Runtime,
    shared: Arc<Shared>,
    rebuild_thread: JoinHandle<()>,
}

impl DevServer {
    /// Binds the address, starts watching, builds the site once, and starts serving and
    /// rebuilding in the background. A failed first build still serves (the errors page).
    pub fn start(
        options: ServeOptions,
        builder: impl SiteBuilder,
    ) -> Result<DevServer, ServeError> {
        let listener = bind(options.addr)?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: options.addr,
            source,
        })?;
        // Watch by absolute path, so changed files can be shown relative to the root.
        let root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        let mut dirs: Vec<PathBuf> = existing_dirs(&root, &WATCHED_DIRS);
        if dirs.is_empty() {
            return Err(ServeError::NothingToWatch(options.root));
        }
        dirs.extend(existing_dirs(&root, &options.also_watch));

        let (signals, received) = mpsc::channel();
        let on_change = {
            let signals = signals.clone();
            move |paths| {
                let _ = signals.send(Signal::Changed(paths));
            }
        };
        let watcher = watch::watch(&dirs, options.poll, options.debounce, on_change)?;

        let shared = Arc::new(Shared {
            state: Arc::new(SiteState::default()),
            hub: Arc::new(EventHub::default()),
        });
        let build_dirs = BuildDirs::new().map_err(ServeError::BuildDirs)?;
        report_leftovers(build_dirs.leftovers_removed());
        let mut rebuilder = Rebuilder::new(
            builder,
            build_dirs,
            Arc::clone(&shared.state),
            Arc::clone(&shared.hub),
            root,
        );
        let first_build_ok = rebuilder.rebuild().ok;

        let runtime = start_http(listener, Arc::clone(&shared))?;
        let rebuild_thread = spawn("arrs-serve-rebuild", move || rebuilder.run(received))?;
        Ok(DevServer {
            addr,
            stopper: Stopper(signals),
            first_build_ok,
            watcher,
            runtime,
            shared,
            rebuild_thread,
        })
    }

    /// The address being served (with the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether the first build succeeded.
    pub fn first_build_ok(&self) -> bool {
        self.first_build_ok
    }

    /// A handle that stops the server.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Serves until stopped, then shuts everything down and deletes the builds.
    pub fn wait(self) {
        let _ = self.rebuild_thread.join();
        drop(self.watcher);
        self.shared.hub.close();
        // Drops the listener and every connection; requests reading a file get a moment.
        self.runtime.shutdown_timeout(SHUTDOWN_GRACE);
    }
}

/// Starts the HTTP server on `listener`, on a runtime of its own.
fn start_http(listener: TcpListener, shared: Arc<Shared>) -> Result<Runtime, ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("arrs-serve-http")
        .max_blocking_threads(FILE_THREADS)
        .enable_io()
        .enable_time()
        .build()
        .map_err(ServeError::Http)?;
    listener.set_nonblocking(true).map_err(ServeError::Http)?;
    let listener = {
        let _inside = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(ServeError::Http)?
    };
    runtime.spawn(listen::accept_loop(listener, shared));
    Ok(runtime)
}

/// Those of `names` that are folders under `root`.
fn existing_dirs(root: &Path, names: &[impl AsRef<Path>]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect()
}

fn report_leftovers(removed: usize) {
    if removed > 0 {
        let folders = if removed == 1 { "folder" } else { "folders" };
        eprintln!(
            "removed {removed} build {folders} left behind by an earlier `arrs-guide serve` that did not stop cleanly"
        );
    }
}

fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|source| match source.kind() {
        io::ErrorKind::AddrInUse => ServeError::PortInUse { addr },
        _ => ServeError::Bind { addr, source },
    })
}

fn spawn(name: &str, body: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, ServeError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(body)
        .map_err(ServeError::Thread)
}

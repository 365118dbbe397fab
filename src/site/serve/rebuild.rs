//! The rebuild loop: on each change, build into a fresh folder, then either swap it in and tell
//! open pages to reload, or keep the last good site and show the errors (in the terminal and as
//! an overlay on every page).

use super::events::{BuildEvent, EventHub};
use super::outputs::BuildDirs;
use super::state::SiteState;
use super::{BuildSummary, SiteBuilder};
use crate::site::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

/// What the rebuild loop is told.
#[derive(Debug)]
pub(crate) enum Signal {
    /// These files changed.
    Changed(Vec<PathBuf>),
    /// Stop serving.
    Stop,
}

/// Builds the site and publishes the result.
pub(crate) struct Rebuilder<B> {
    builder: B,
    dirs: BuildDirs,
    state: Arc<SiteState>,
    hub: Arc<EventHub>,
    root: PathBuf,
}

impl<B: SiteBuilder> Rebuilder<B> {
    /// A rebuilder for the site in `root`, writing builds under `dirs`.
    pub(crate) fn new(
        builder: B,
        dirs: BuildDirs,
        state: Arc<SiteState>,
        hub: Arc<EventHub>,
        root: PathBuf,
    ) -> Self {
        Rebuilder {
            builder,
            dirs,
            state,
            hub,
            root,
        }
    }

    /// Builds once and publishes the result; returns the build's event.
    pub(crate) fn rebuild(&mut self) -> BuildEvent {
        self.rebuild_after(None)
    }

    /// Builds after `changed` files changed (everything when `None`) and publishes the result;
    /// returns the build's event.
    fn rebuild_after(&mut self, changed: Option<&[PathBuf]>) -> BuildEvent {
        let out = self.dirs.fresh();
        let started = Instant::now();
        let built = match changed {
            Some(changed) => self.builder.rebuild(changed, &out),
            None => self.builder.build(&out),
        };
        let result = built.and_then(|summary| {
            let site = out.canonicalize().map_err(|e| {
                Diagnostics(vec![Diagnostic::new(
                    &out,
                    0,
                    0,
                    format!("the build reported success but its output is missing: {e}"),
                )])
            })?;
            Ok((summary, site))
        });
        let elapsed = started.elapsed();
        let event = match result {
            Ok((summary, site)) => {
                let generation = self.state.publish_success(site);
                self.dirs.keep(out);
                print_success(&summary, elapsed.as_secs_f64() * 1000.0);
                BuildEvent {
                    generation,
                    ok: true,
                }
            }
            Err(errors) => {
                self.dirs.discard(&out);
                let generation = self.state.publish_failure(&errors);
                print_failure(&errors, self.state.snapshot().site.is_some());
                BuildEvent {
                    generation,
                    ok: false,
                }
            }
        };
        self.hub.broadcast(event);
        event
    }

    /// Rebuilds after each burst of changes until told to stop (or every sender has gone).
    pub(crate) fn run(mut self, signals: Receiver<Signal>) {
        while let Ok(Signal::Changed(mut changed)) = signals.recv() {
            // Changes that queued up during the last build are handled by one build.
            for signal in signals.try_iter() {
                match signal {
                    Signal::Changed(more) => changed.extend(more),
                    Signal::Stop => return,
                }
            }
            print_changes(&self.root, &changed);
            self.rebuild_after(Some(&changed));
        }
    }
}

fn print_changes(root: &Path, changed: &[PathBuf]) {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    if changed.len() > SHOWN {
        names.push(format!("and {} more", changed.len() - SHOWN));
    }
    eprintln!("changed: {}", names.join(", "));
}

fn print_success(summary: &BuildSummary, millis: f64) {
    let noun = if summary.pages == 1 { "page" } else { "pages" };
    eprintln!("built {} {noun} in {millis:.0} ms", summary.pages);
}

fn print_failure(errors: &Diagnostics, has_good_site: bool) {
    eprintln!("{errors}");
    if has_good_site {
        eprintln!("build failed: still serving the last good build; the errors show on every page");
    } else {
        eprintln!("build failed: no good build yet; the errors show on every page");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::mpsc;

    /// A builder that writes one page, or fails when told to.
    fn builder(fail: Arc<std::sync::atomic::AtomicBool>) -> impl SiteBuilder {
        move |out: &Path| {
            if fail.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(Diagnostics(vec![Diagnostic::new(
                    "content/a.md",
                    1,
                    1,
                    "broken",
                )]));
            }
            fs::create_dir_all(out)
                .map_err(|e| Diagnostics(vec![Diagnostic::new(out, 0, 0, e.to_string())]))?;
            fs::write(out.join("index.html"), "ok")
                .map_err(|e| Diagnostics(vec![Diagnostic::new(out, 0, 0, e.to_string())]))?;
            Ok(BuildSummary { pages: 1 })
        }
    }

    #[test]
    fn good_and_failed_builds_are_published_and_announced() {
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let state = Arc::new(SiteState::default());
        let hub = Arc::new(EventHub::default());
        let mut events = hub.subscribe();
        let dirs = BuildDirs::new().expect("temp");
        let mut rebuilder = Rebuilder::new(
            builder(fail.clone()),
            dirs,
            state.clone(),
            hub.clone(),
            "/".into(),
        );

        assert_eq!(
            rebuilder.rebuild(),
            BuildEvent {
                generation: 1,
                ok: true
            }
        );
        let good = state.snapshot().site.expect("site");
        assert_eq!(
            fs::read_to_string(good.join("index.html")).expect("read"),
            "ok"
        );

        fail.store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            rebuilder.rebuild(),
            BuildEvent {
                generation: 2,
                ok: false
            }
        );
        assert_eq!(
            state.snapshot().site,
            Some(good.clone()),
            "last good site kept"
        );
        assert!(state.snapshot().overlay.is_some());

        fail.store(false, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            rebuilder.rebuild(),
            BuildEvent {
                generation: 3,
                ok: true
            }
        );
        assert_ne!(state.snapshot().site, Some(good));
        assert!(state.snapshot().overlay.is_none());
        let announced: Vec<BuildEvent> = std::iter::from_fn(|| events.try_recv().ok()).collect();
        assert_eq!(
            announced.iter().map(|e| e.ok).collect::<Vec<_>>(),
            [true, false, true]
        );
    }

    #[test]
    fn queued_changes_make_one_build_and_stop_ends_the_loop() {
        let state = Arc::new(SiteState::default());
        let hub = Arc::new(EventHub::default());
        let dirs = BuildDirs::new().expect("temp");
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let rebuilder = Rebuilder::new(builder(fail), dirs, state.clone(), hub, "/".into());
        let (send, receive) = mpsc::channel();
        for name in ["a.md", "b.md", "c.md"] {
            send.send(Signal::Changed(vec![PathBuf::from(name)]))
                .expect("send");
        }
        send.send(Signal::Stop).expect("send");
        rebuilder.run(receive);
        assert_eq!(
            state.snapshot().generation,
            0,
            "stop came before the batch was built"
        );

        let dirs = BuildDirs::new().expect("temp");
        let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let rebuilder = Rebuilder::new(
            builder(fail),
            dirs,
            state.clone(),
            Arc::new(EventHub::default()),
            "/".into(),
        );
        let (send, receive) = mpsc::channel();
        for name in ["a.md", "b.md"] {
            send.send(Signal::Changed(vec![PathBuf::from(name)]))
                .expect("send");
        }
        drop(send);
        rebuilder.run(receive);
        assert_eq!(
            state.snapshot().generation,
            1,
            "two queued changes, one build"
        );
    }
}

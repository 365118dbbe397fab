//! Watching `content/` and `templates/` for edits.
//!
//! Whole folders are watched (recursively), never single files, so saves that replace a file by
//! renaming a new one over it (vim, JetBrains safe write, `sed -i`) are seen like any other write;
//! files created, deleted and renamed are seen too. `notify-debouncer-full` merges the burst of
//! events one save makes. Reads (the build's own), editor temp and backup files, and hidden files
//! are ignored. `--poll` swaps the native watcher for polling, for file systems where
//! notifications never arrive (network drives, some containers and VMs).

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// A running watcher; dropping it stops watching.
pub(crate) enum Watcher {
    /// Operating-system notifications (inotify, FSEvents, ReadDirectoryChangesW).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for `--poll`.
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// A folder that could not be watched.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {}: {source}", path.display())]
pub struct WatchError {
    /// The folder.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: notify::Error,
}

/// Watches each of `dirs` recursively; after each burst of relevant changes (quiet for
/// `debounce`), calls `on_change` with the changed paths.
pub(crate) fn watch(
    dirs: &[PathBuf],
    poll: bool,
    debounce: Duration,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, WatchError> {
    let roots = dirs.to_vec();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let changed = relevant_paths(&roots, &events);
            if !changed.is_empty() {
                on_change(changed);
            }
        }
        Err(errors) => {
            for error in errors {
                eprintln!("warning: file watcher: {error}");
            }
        }
    };
    let tick = Some(debounce / 5);
    let to_error = |source| WatchError {
        path: dirs.first().cloned().unwrap_or_default(),
        source,
    };
    let mut watcher = if poll {
        // The poller's modification times have one-second resolution, so two saves within a
        // second would look unchanged: compare contents too (cheap for a site this size).
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Watcher::Poll(
            new_debouncer_opt(debounce, tick, handler, NoCache, config).map_err(to_error)?,
        )
    } else {
        let config = notify::Config::default();
        let cache = RecommendedCache::new();
        Watcher::Native(
            new_debouncer_opt(debounce, tick, handler, cache, config).map_err(to_error)?,
        )
    };
    for dir in dirs {
        let result = match &mut watcher {
            Watcher::Native(d) => d.watch(dir, RecursiveMode::Recursive),
            Watcher::Poll(d) => d.watch(dir, RecursiveMode::Recursive),
        };
        result.map_err(|source| WatchError {
            path: dir.clone(),
            source,
        })?;
    }
    Ok(watcher)
}

/// The paths touched by `events` that can change the site, each once, in order.
fn relevant_paths(roots: &[PathBuf], events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for event in events.iter().filter(|e| changes_content(&e.kind)) {
        for path in &event.paths {
            if !is_ignored(roots, path)
                && !is_folder_touch(&event.kind, path)
                && !paths.contains(path)
            {
                paths.push(path.clone());
            }
        }
    }
    paths
}

/// True for event kinds that mean a file's content, name or existence changed.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// True when a folder's own times or listing changed: the poller reports that whenever an entry
/// is added or removed, and the entry itself is reported (or ignored) on its own.
fn is_folder_touch(kind: &EventKind, path: &Path) -> bool {
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Data(_) | ModifyKind::Any)
    ) && path.is_dir()
}

/// True for paths the build never reads: hidden files and folders (under the watched root), and
/// editor temp and backup files.
fn is_ignored(roots: &[PathBuf], path: &Path) -> bool {
    let inside = roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or(path);
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
    hidden
        || path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_editor_scratch_file)
}

/// True for the scratch files editors write beside the file being edited: backups (`page.md~`,
/// `page.md.bak`), swap and lock files (`.page.md.swp`, `.#page.md`, `#page.md#`), JetBrains safe
/// write temporaries (`page.md___jb_tmp___`), and vim's write test file (`4913`).
fn is_editor_scratch_file(name: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        "~",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".bak",
        ".bck",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    SUFFIXES.iter().any(|s| name.ends_with(s))
        || (name.starts_with('#') && name.ends_with('#'))
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RenameMode};
    use notify::Event;
    use std::sync::mpsc;
    use std::time::Instant;

    fn root() -> Vec<PathBuf> {
        vec![
            PathBuf::from("/site/content"),
            PathBuf::from("/site/templates"),
        ]
    }

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        DebouncedEvent::new(e, Instant::now())
    }

    #[test]
    fn editor_scratch_files_are_ignored_and_real_files_are_not() {
        let roots = root();
        for scratch in [
            "/site/content/roles/paramedic.md~",
            "/site/content/roles/.paramedic.md.swp",
            "/site/content/roles/.#paramedic.md",
            "/site/content/roles/#paramedic.md#",
            "/site/content/roles/paramedic.md___jb_tmp___",
            "/site/content/roles/4913",
            "/site/content/.git/index",
            "/site/templates/base.html.bak",
        ] {
            assert!(is_ignored(&roots, Path::new(scratch)), "{scratch}");
        }
        for real in [
            "/site/content/roles/paramedic.md",
            "/site/content/rules/2025-26.yaml",
            "/site/templates/base.html",
            "/site/templates/static/calc.js",
        ] {
            assert!(!is_ignored(&roots, Path::new(real)), "{real}");
        }
    }

    #[test]
    fn a_rename_save_counts_and_reads_do_not() {
        let roots = root();
        let events = [
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                &["/site/templates/page.html"],
            ),
            event(
                EventKind::Create(CreateKind::File),
                &["/site/content/a.md___jb_tmp___"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/content/a.md___jb_tmp___", "/site/content/a.md"],
            ),
            event(
                EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                &["/site/content/a.md"],
            ),
            event(
                EventKind::Remove(notify::event::RemoveKind::File),
                &["/site/content/b.md"],
            ),
        ];
        assert_eq!(
            relevant_paths(&roots, &events),
            [
                PathBuf::from("/site/content/a.md"),
                PathBuf::from("/site/content/b.md")
            ]
        );
    }

    #[test]
    fn notifications_see_rename_saves_creations_deletions_and_renames() {
        check_editor_operations(false);
    }

    #[test]
    fn polling_sees_rename_saves_creations_deletions_and_renames() {
        check_editor_operations(true);
    }

    /// Saves the way editors do, on the real file system, and checks each is reported.
    fn check_editor_operations(poll: bool) {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir(dir.path().join("content")).expect("mkdir");
        let content = dir
            .path()
            .join("content")
            .canonicalize()
            .expect("canonical");
        std::fs::write(content.join("page.md"), "one").expect("write");
        let (sender, changes) = mpsc::channel();
        let _watcher = watch(
            std::slice::from_ref(&content),
            poll,
            Duration::from_millis(50),
            move |p| {
                let _ = sender.send(p);
            },
        )
        .expect("watch");
        std::thread::sleep(Duration::from_millis(100));

        // Waits for a batch naming `path`; one save may also yield other batches first.
        let seen = |what: &str, path: &Path| {
            let deadline = Instant::now() + Duration::from_secs(5);
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match changes.recv_timeout(left) {
                    Ok(batch) if batch.iter().any(|p| p == path) => return,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            panic!("{what}: no change reported for {}", path.display());
        };
        // vim/JetBrains/sed -i: write a temporary file, rename it over the page.
        std::fs::write(content.join("page.md.tmp"), "two").expect("write");
        std::fs::rename(content.join("page.md.tmp"), content.join("page.md")).expect("rename");
        seen("rename save", &content.join("page.md"));
        // And again: the second save by rename must be seen too.
        std::fs::write(content.join(".page.md.swp"), "three").expect("write");
        std::fs::rename(content.join(".page.md.swp"), content.join("page.md")).expect("rename");
        seen("second rename save", &content.join("page.md"));
        std::fs::write(content.join("new.md"), "new").expect("write");
        seen("create", &content.join("new.md"));
        std::fs::rename(content.join("new.md"), content.join("moved.md")).expect("rename");
        seen("rename", &content.join("moved.md"));
        std::fs::remove_file(content.join("moved.md")).expect("remove");
        seen("delete", &content.join("moved.md"));
        // Let any trailing batches of the saves above arrive, then check a backup stays silent.
        std::thread::sleep(Duration::from_millis(300));
        while changes.try_recv().is_ok() {}
        std::fs::write(content.join("page.md~"), "backup").expect("write");
        std::fs::write(content.join(".page.md.swp"), "swap").expect("write");
        assert!(
            changes.recv_timeout(Duration::from_millis(400)).is_err(),
            "scratch file seen"
        );
    }
}

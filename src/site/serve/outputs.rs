//! The folders builds are written to while serving: a private temporary folder holding one fresh
//! `build-N` folder per build. The server keeps the live one and the one before it (requests that
//! began just before a swap may still be reading it); older ones, and failed builds, are deleted.
//! The whole folder goes when the server stops; if the server is killed instead, the next one
//! to start deletes it (`leftovers`).
//!
//! Deleting runs on a thread of its own: on some disks removing a thousand files takes seconds,
//! and the next build and the reload must not wait for it.

use super::leftovers;
use std::collections::VecDeque;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

/// How many good builds stay on disk: the live one and the previous one.
const KEEP: usize = 2;

/// The private folder of per-build output folders.
#[derive(Debug)]
pub(crate) struct BuildDirs {
    parent: tempfile::TempDir,
    /// The locked marker that says the private folder is in use (closed before it is deleted).
    owner: Option<File>,
    /// How many folders left by killed servers were deleted on creation.
    leftovers_removed: usize,
    next: u64,
    kept: VecDeque<PathBuf>,
    /// The deleting thread, if it could be started (otherwise deletion happens in line).
    remover: Option<Remover>,
}

#[derive(Debug)]
struct Remover {
    paths: Sender<PathBuf>,
    thread: JoinHandle<()>,
}

impl Remover {
    fn start() -> Option<Remover> {
        let (paths, received) = mpsc::channel::<PathBuf>();
        let thread = std::thread::Builder::new()
            .name("arrs-serve-cleanup".into())
            .spawn(move || {
                received
                    .into_iter()
                    .for_each(|path| remove_reporting(&path))
            })
            .ok()?;
        Some(Remover { paths, thread })
    }
}

impl BuildDirs {
    /// Creates the private folder in the system's temporary folder, first deleting any left
    /// there by servers that were killed.
    pub(crate) fn new() -> io::Result<Self> {
        Self::new_in(&std::env::temp_dir())
    }

    /// Creates the private folder in `temp`, first deleting any left there by killed servers.
    pub(crate) fn new_in(temp: &Path) -> io::Result<Self> {
        let leftovers_removed = leftovers::remove_abandoned(temp).len();
        let parent = tempfile::Builder::new()
            .prefix(leftovers::PREFIX)
            .tempdir_in(temp)?;
        let owner = leftovers::claim(parent.path())?;
        Ok(BuildDirs {
            parent,
            owner: Some(owner),
            leftovers_removed,
            next: 1,
            kept: VecDeque::new(),
            remover: Remover::start(),
        })
    }

    /// How many folders left behind by killed servers were deleted when this one was created.
    pub(crate) fn leftovers_removed(&self) -> usize {
        self.leftovers_removed
    }

    /// The private folder itself.
    #[cfg(test)]
    pub fn parent(&self) -> &Path {
        self.parent.path()
    }

    /// A path for the next build's output; nothing exists there yet.
    pub(crate) fn fresh(&mut self) -> PathBuf {
        let dir = self.parent.path().join(format!("build-{}", self.next));
        self.next += 1;
        dir
    }

    /// Records that `dir` now holds the served site, and deletes builds older than the previous.
    pub(crate) fn keep(&mut self, dir: PathBuf) {
        self.kept.push_back(dir);
        while self.kept.len() > KEEP {
            if let Some(old) = self.kept.pop_front() {
                self.discard(&old);
            }
        }
    }

    /// Deletes whatever a build wrote for `dir`, including staging folders named after it.
    pub(crate) fn discard(&self, dir: &Path) {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        let Ok(entries) = fs::read_dir(self.parent.path()) else {
            return;
        };
        for entry in entries.flatten() {
            let entry_name = entry.file_name();
            let entry_name = entry_name.to_string_lossy();
            let is_build = entry_name == name
                || entry_name
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'));
            if is_build {
                self.remove_later(entry.path());
            }
        }
    }
}

impl BuildDirs {
    /// Hands `path` to the deleting thread (or deletes it now if there is none).
    fn remove_later(&self, path: PathBuf) {
        match &self.remover {
            Some(remover) => {
                if let Err(unsent) = remover.paths.send(path) {
                    remove_reporting(&unsent.0);
                }
            }
            None => remove_reporting(&path),
        }
    }
}

impl Drop for BuildDirs {
    /// Lets pending deletions finish before the private folder itself is removed.
    fn drop(&mut self) {
        if let Some(Remover { paths, thread }) = self.remover.take() {
            drop(paths);
            let _ = thread.join();
        }
        // Some systems refuse to delete an open file.
        self.owner.take();
    }
}

fn remove_reporting(path: &Path) {
    if let Err(e) = remove(path) {
        eprintln!(
            "warning: could not delete old build {}: {e}",
            path.display()
        );
    }
}

fn remove(path: &Path) -> io::Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Waits (a bounded time) until `path` is gone.
    fn gone(path: &Path) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while path.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        !path.exists()
    }

    fn fake_build(dir: &Path) {
        fs::create_dir_all(dir).expect("mkdir");
        fs::write(dir.join("index.html"), "x").expect("write");
    }

    #[test]
    fn keeps_the_live_and_previous_builds_only() {
        let mut dirs = BuildDirs::new().expect("temp");
        let built: Vec<PathBuf> = (0..4).map(|_| dirs.fresh()).collect();
        for dir in &built {
            assert!(!dir.exists());
            fake_build(dir);
            dirs.keep(dir.clone());
        }
        assert!(gone(&built[0]) && gone(&built[1]), "older builds deleted");
        assert!(
            built[2].exists() && built[3].exists(),
            "live and previous kept"
        );
    }

    #[test]
    fn discarding_a_failed_build_removes_its_staging_too_but_not_its_neighbours() {
        let mut dirs = BuildDirs::new().expect("temp");
        let failed = dirs.fresh();
        fake_build(&failed.with_file_name("build-1.tmp-42"));
        fake_build(&failed);
        let neighbour = dirs.parent().join("build-10");
        fake_build(&neighbour);
        dirs.discard(&failed);
        assert!(gone(&failed));
        assert!(gone(&failed.with_file_name("build-1.tmp-42")));
        assert!(neighbour.exists());
    }

    #[test]
    fn the_private_folder_goes_when_dropped_even_with_deletions_pending() {
        let mut dirs = BuildDirs::new().expect("temp");
        let parent = dirs.parent().to_path_buf();
        for _ in 0..3 {
            let dir = dirs.fresh();
            fake_build(&dir);
            dirs.keep(dir);
        }
        drop(dirs);
        assert!(!parent.exists());
    }
}

//! Writing the site atomically: everything goes into a staging folder beside the output folder
//! (same parent, so renames stay on one file system), and only a complete staging folder is
//! swapped in: the old output is renamed away, the staging folder renamed into place, and the old
//! one removed. A failed build leaves the previous output untouched.
//!
//! Every output carries a marker file, [`MARKER`], written into the staging folder first. It
//! proves a folder is ours: a build refuses to replace a folder without it (`--out docs` must not
//! wipe `docs/`), and the staging and previous-output folders a killed build leaves behind
//! (`public.staging-<pid>-<n>`, `public.old-<pid>-<n>`) are removed by the next build only when
//! they carry it and the process that made them is gone.

use rayon::prelude::*;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One file of the output.
#[derive(Debug, Clone)]
pub(crate) enum OutputFile {
    /// Bytes produced by the build, written to `path` (relative, `/`-separated).
    Bytes {
        /// Path under the output folder.
        path: String,
        /// Content.
        bytes: Vec<u8>,
    },
    /// Bytes produced in pieces, written one after the other, so a large file (the search
    /// index) is never put together in memory.
    Parts {
        /// Path under the output folder.
        path: String,
        /// The pieces, in order (shared, not copied, with whoever keeps them).
        parts: Vec<Arc<[u8]>>,
    },
    /// A file copied as it is.
    Copy {
        /// Path under the output folder.
        path: String,
        /// File to copy.
        from: PathBuf,
    },
}

impl OutputFile {
    /// Path under the output folder.
    pub(crate) fn path(&self) -> &str {
        match self {
            OutputFile::Bytes { path, .. }
            | OutputFile::Parts { path, .. }
            | OutputFile::Copy { path, .. } => path,
        }
    }
}

/// Where the build puts each file as soon as it is finished, so no more than the pages being
/// rendered at one moment are held in memory.
pub(crate) trait FileSink: Sync {
    /// Takes one finished file; returns the number of bytes it holds.
    fn put(&self, file: OutputFile) -> io::Result<u64>;
}

/// A sink that keeps nothing (`check` renders every page and writes none).
pub(crate) struct Discard;

impl FileSink for Discard {
    fn put(&self, file: OutputFile) -> io::Result<u64> {
        Ok(match file {
            OutputFile::Bytes { bytes, .. } => bytes.len() as u64,
            OutputFile::Parts { parts, .. } => parts.iter().map(|p| p.len() as u64).sum(),
            OutputFile::Copy { .. } => 0,
        })
    }
}

/// Writes `file` under `dir`, creating its folder first. Returns the bytes written.
pub(crate) fn write_file(dir: &Path, file: &OutputFile) -> io::Result<u64> {
    let target = dir.join(file.path());
    if let Some(parent) = target.parent() {
        // create_dir_all copes with a parent being created by another thread at the same time.
        std::fs::create_dir_all(parent)?;
    }
    write_to(&target, file)
}

/// Writes the bytes of `file` to `target`, replacing whatever is there.
pub(crate) fn write_to(target: &Path, file: &OutputFile) -> io::Result<u64> {
    match file {
        OutputFile::Bytes { bytes, .. } => {
            std::fs::write(target, bytes)?;
            Ok(bytes.len() as u64)
        }
        OutputFile::Parts { parts, .. } => {
            let mut out = std::io::BufWriter::new(std::fs::File::create(target)?);
            let mut written = 0;
            for part in parts {
                out.write_all(part)?;
                written += part.len() as u64;
            }
            out.flush()?;
            Ok(written)
        }
        OutputFile::Copy { from, .. } => std::fs::copy(from, target),
    }
}

/// A staging folder that is removed when dropped unless it was swapped in.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    done: bool,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Name of the marker file written into every output folder.
pub(crate) const MARKER: &str = ".arrs-guide-output";

const MARKER_TEXT: &str =
    "This folder was written by `arrs-guide build`; the next build replaces it as a whole.\n";

/// True when `dir` holds the marker of an output written by a build.
pub(crate) fn is_previous_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Removes the staging and previous-output folders that builds killed part-way left beside
/// `out`: only folders named `<out>.staging-<pid>-<n>` or `<out>.old-<pid>-<n>` that carry the
/// [`MARKER`] and whose process is no longer running. Returns the folders removed.
pub(crate) fn remove_leftovers(out: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&name, &file_name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir
            && is_previous_output(&path)
            && process_running(pid) == Some(false)
            && std::fs::remove_dir_all(&path).is_ok()
        {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// The process id in `<out>.staging-<pid>-<n>` or `<out>.old-<pid>-<n>`.
fn leftover_pid(out_name: &str, file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(out_name)?.strip_prefix('.')?;
    let rest = rest
        .strip_prefix("staging-")
        .or_else(|| rest.strip_prefix("old-"))?;
    let (pid, n) = rest.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` is running; `None` where that cannot be told (no `/proc`), so nothing
/// is removed there.
fn process_running(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    Some(pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists())
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    out.with_file_name(format!("{name}.{tag}-{}-{n}", std::process::id()))
}

impl FileSink for Staging {
    fn put(&self, file: OutputFile) -> io::Result<u64> {
        write_file(&self.dir, &file)
    }
}

impl Staging {
    /// Creates an empty staging folder beside `out` (creating `out`'s parent if needed).
    pub(crate) fn new(out: &Path) -> io::Result<Staging> {
        let out = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir()?.join(out)
        };
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let dir = sibling(&out, "staging");
        std::fs::create_dir(&dir)?;
        let staging = Staging {
            dir,
            out,
            done: false,
        };
        std::fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes `files` into the staging folder, in parallel. Returns the total bytes written.
    #[cfg(test)]
    pub(crate) fn write(&self, files: &[OutputFile]) -> io::Result<u64> {
        let dirs: std::collections::BTreeSet<&str> = files
            .iter()
            .filter_map(|f| f.path().rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        // create_dir_all copes with a parent being created by another thread at the same time.
        dirs.par_iter()
            .try_for_each(|dir| std::fs::create_dir_all(self.dir.join(dir)))?;
        files
            .par_iter()
            .map(|file| write_to(&self.dir.join(file.path()), file))
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }

    /// Swaps the staging folder in as the output folder. The previous output, renamed away, is
    /// removed on a background thread: the new site is in place as soon as this returns, and
    /// [`Cleanup::wait`] waits for the removal (a site of thousands of folders takes a while to
    /// delete on some file systems).
    pub(crate) fn swap_in(mut self) -> io::Result<Cleanup> {
        let old = if self.out.exists() {
            let old = sibling(&self.out, "old");
            std::fs::rename(&self.out, &old)?;
            Some(old)
        } else {
            None
        };
        if let Err(err) = std::fs::rename(&self.dir, &self.out) {
            if let Some(old) = &old {
                // Put the previous site back so the output folder never goes missing.
                let _ = std::fs::rename(old, &self.out);
            }
            return Err(err);
        }
        self.done = true;
        Ok(Cleanup::start(old))
    }
}

/// Removal of the previous output, running in the background.
#[derive(Clone, Default)]
pub struct Cleanup(Arc<Mutex<Option<JoinHandle<io::Result<()>>>>>);

impl std::fmt::Debug for Cleanup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cleanup")
    }
}

impl Cleanup {
    fn start(old: Option<PathBuf>) -> Cleanup {
        let handle = old.map(|old| std::thread::spawn(move || remove_dir_all_parallel(&old)));
        Cleanup(Arc::new(Mutex::new(handle)))
    }

    /// Waits until the previous output is removed (at once if there was none or it is done).
    pub fn wait(&self) -> io::Result<()> {
        let handle = match self.0.lock() {
            Ok(mut guard) => guard.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        match handle.map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("removing the previous output failed")),
        }
    }
}

/// Removes a folder, its top-level entries in parallel (a large site has thousands of folders).
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    std::fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str, text: &str) -> OutputFile {
        OutputFile::Bytes {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn swap_replaces_the_old_output_and_cleans_up() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let staging = Staging::new(&out).unwrap();
        let written = staging
            .write(&[
                bytes("index.html", "home"),
                bytes("roles/x/index.html", "x"),
            ])
            .unwrap();
        assert_eq!(written, 5);
        staging.swap_in().unwrap().wait().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("roles/x/index.html")).unwrap(),
            "x"
        );
        assert!(!out.join("stale.html").exists());
        assert_eq!(listing(parent.path()), ["public"]);
    }

    #[test]
    fn dropped_staging_leaves_output_untouched() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write(&[bytes("index.html", "new")]).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(listing(parent.path()), ["site"]);
    }

    #[test]
    fn first_build_creates_the_output() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("deep/public");
        let staging = Staging::new(&out).unwrap();
        staging.write(&[bytes("a.txt", "a")]).unwrap();
        staging.swap_in().unwrap().wait().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "a");
        assert!(is_previous_output(&out));
    }

    #[test]
    fn leftovers_of_dead_builds_are_removed_and_nothing_else() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        std::fs::create_dir(&out).unwrap();
        // A process id that is not running: one past the highest the kernel hands out.
        let max: u32 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(4_194_304);
        let dead = max + 1;
        let alive = std::process::id();
        let make = |name: &str, marked: bool| {
            let dir = parent.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("index.html"), "x").unwrap();
            if marked {
                std::fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
            }
        };
        make(&format!("public.staging-{dead}-0"), true);
        make(&format!("public.old-{dead}-1"), true);
        make(&format!("public.staging-{dead}-2"), false); // not provably ours
        make(&format!("public.staging-{alive}-3"), true); // a build still running
        make(&format!("public.backup-{dead}-4"), true); // another name
        make(&format!("site.old-{dead}-5"), true); // another output's
        let removed = remove_leftovers(&out);
        let names: Vec<String> = removed
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        if Path::new("/proc/self").exists() {
            assert_eq!(
                names,
                [
                    format!("public.old-{dead}-1"),
                    format!("public.staging-{dead}-0")
                ]
            );
        } else {
            assert!(names.is_empty());
        }
        assert_eq!(listing(parent.path()).len(), 7 - names.len());
    }
}

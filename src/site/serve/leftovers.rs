//! Build folders left behind by a dev server that was killed (SIGKILL, a crash, a power cut) and
//! so never deleted its private folder.
//!
//! Each server's private folder holds a marker file, `arrs-guide-serve.lock`, that the server
//! keeps locked for as long as it runs. At start, folders named like ours whose marker is no
//! longer locked are deleted. The operating system drops a lock when its process ends, however
//! it ends, so the folder of a server that still runs is never touched (even if its process id
//! has been reused), and a folder without a readable marker is not provably ours and is left
//! alone.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// How the private folders' names start.
pub(crate) const PREFIX: &str = "arrs-guide-serve-";
/// The marker's name inside a private folder.
const MARKER: &str = "arrs-guide-serve.lock";
/// What the marker's text starts with (the process id follows, for people looking).
const MARKER_TEXT: &str = "arrs-guide serve, process ";

/// Marks `dir` as this process's for as long as the returned file stays open.
pub(crate) fn claim(dir: &Path) -> io::Result<File> {
    // Locked under another name, then renamed: a marker is never seen unlocked while its
    // server is starting.
    let staging = dir.join(format!("{MARKER}.new"));
    let mut marker = File::create(&staging)?;
    marker.lock()?;
    writeln!(marker, "{MARKER_TEXT}{}", std::process::id())?;
    fs::rename(&staging, dir.join(MARKER))?;
    Ok(marker)
}

/// Deletes the private folders in `temp` whose server has ended; returns the folders deleted.
pub(crate) fn remove_abandoned(temp: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(temp) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let named_like_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(PREFIX));
        // `file_type` does not follow symbolic links, so a link is never followed out.
        if !named_like_ours || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        let Some(marker) = abandoned_marker(&dir) else {
            continue;
        };
        // The marker stays locked while deleting, so two servers starting at once never both
        // delete the same folder.
        match fs::remove_dir_all(&dir) {
            Ok(()) => removed.push(dir),
            // Another user's folder in a shared temporary folder: not ours to delete.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {}
            Err(e) => eprintln!(
                "warning: could not delete {} left by an earlier server: {e}",
                dir.display()
            ),
        }
        drop(marker);
    }
    removed
}

/// The locked marker of `dir` if it is one of ours and its server has ended.
fn abandoned_marker(dir: &Path) -> Option<File> {
    let mut marker = File::open(dir.join(MARKER)).ok()?;
    let mut text = String::new();
    (&mut marker)
        .take(MARKER_TEXT.len() as u64 + 24)
        .read_to_string(&mut text)
        .ok()?;
    let pid = text.strip_prefix(MARKER_TEXT)?.trim();
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    marker.try_lock().ok()?;
    Some(marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A private folder in `temp` as a server makes it, with a page in it.
    fn private_folder(temp: &Path, name: &str) -> PathBuf {
        let dir = temp.join(format!("{PREFIX}{name}"));
        fs::create_dir_all(dir.join("build-1")).expect("mkdir");
        fs::write(dir.join("build-1/index.html"), "page").expect("write");
        dir
    }

    #[test]
    fn folders_of_ended_servers_go_and_running_ones_stay() {
        let temp = tempfile::tempdir().expect("temp");
        let ended = private_folder(temp.path(), "ended");
        drop(claim(&ended).expect("claim"));
        let running = private_folder(temp.path(), "running");
        let _held = claim(&running).expect("claim");

        assert_eq!(remove_abandoned(temp.path()), std::slice::from_ref(&ended));
        assert!(!ended.exists());
        assert!(running.join("build-1/index.html").is_file());
    }

    #[test]
    fn folders_that_are_not_provably_ours_stay() {
        let temp = tempfile::tempdir().expect("temp");
        let unmarked = private_folder(temp.path(), "unmarked");
        let foreign = private_folder(temp.path(), "foreign");
        fs::write(foreign.join(MARKER), "something else entirely").expect("write");
        let other_name = temp.path().join("other-tool-serve-1");
        fs::create_dir_all(&other_name).expect("mkdir");
        drop(claim(&other_name).expect("claim"));

        assert!(remove_abandoned(temp.path()).is_empty());
        assert!(unmarked.exists() && foreign.exists() && other_name.exists());
    }

    #[test]
    fn the_marker_names_the_process() {
        let temp = tempfile::tempdir().expect("temp");
        let _held = claim(temp.path()).expect("claim");
        let text = fs::read_to_string(temp.path().join(MARKER)).expect("read");
        assert_eq!(text, format!("{MARKER_TEXT}{}\n", std::process::id()));
        assert!(!temp.path().join(format!("{MARKER}.new")).exists());
    }
}

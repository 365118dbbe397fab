//! `arrs-guide`: build, check and serve the ARRS Guide site, and estimate ARRS funding.
//!
//! The command line is the edge of the program: errors from the library are turned into readable
//! reports here. Exit codes: 0 success, 1 content, build or input errors, 2 usage errors.
#![allow(unreachable_pub)] // a binary has no public API: `pub` marks what the commands share

mod cli;

/// mimalloc: per-thread free lists suit the parallel render (many short-lived strings per page).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    cli::run()
}

/// Asks Linux not to back this process's memory with transparent huge pages. mimalloc marks its
/// arenas for them, so every first touch of a 2 MB region is zeroed whole: on a 10,000-page
/// build that was about half the system time and 15 MB of peak memory, for no measurable gain
/// in the render (`scripts/bench-build`). The flag is read at each page fault, so setting it
/// here covers the arenas reserved before `main`. Failure (an old kernel) changes nothing.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

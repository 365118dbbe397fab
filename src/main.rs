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
    cli::run()
}

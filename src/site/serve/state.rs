//! What the server is serving right now: the folder of the last good build, and the errors of the
//! latest build if it failed. The rebuild loop swaps it in one step; requests read a snapshot, so
//! they never see a half-written site.

use super::overlay;
use crate::site::Diagnostics;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};

/// One consistent view of the served site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Counts finished builds, good or failed; pages carry it so they can tell they are stale.
    pub generation: u64,
    /// Canonical folder of the last good build, if there has been one.
    pub site: Option<Arc<PathBuf>>,
    /// The overlay element for the latest build's errors, if it failed.
    pub overlay: Option<Arc<str>>,
}

/// The served site, shared between the rebuild loop and the request threads.
#[derive(Debug, Default)]
pub(crate) struct SiteState {
    current: RwLock<Snapshot>,
}

impl SiteState {
    /// The current view.
    pub(crate) fn snapshot(&self) -> Snapshot {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Serves `site` (canonical) from now on and clears any errors; returns the new generation.
    pub(crate) fn publish_success(&self, site: PathBuf) -> u64 {
        self.update(|s| {
            s.site = Some(Arc::new(site));
            s.overlay = None;
        })
    }

    /// Keeps the last good site and shows `errors` over it; returns the new generation.
    pub(crate) fn publish_failure(&self, errors: &Diagnostics) -> u64 {
        self.update(|s| s.overlay = Some(overlay::render(errors, s.site.is_some()).into()))
    }

    fn update(&self, change: impl FnOnce(&mut Snapshot)) -> u64 {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        change(&mut current);
        current.generation += 1;
        current.generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Diagnostic;

    #[test]
    fn a_failure_keeps_the_last_good_site_until_the_next_success() {
        let state = SiteState::default();
        assert_eq!(state.publish_success(PathBuf::from("/tmp/build-1")), 1);
        let errors = Diagnostics(vec![Diagnostic::new("content/a.md", 2, 1, "bad")]);
        assert_eq!(state.publish_failure(&errors), 2);
        let failed = state.snapshot();
        assert_eq!(failed.site.as_deref(), Some(&PathBuf::from("/tmp/build-1")));
        assert!(failed
            .overlay
            .as_deref()
            .is_some_and(|o| o.contains("content/a.md:2:1")));
        assert_eq!(state.publish_success(PathBuf::from("/tmp/build-3")), 3);
        let fixed = state.snapshot();
        assert_eq!(fixed.site.as_deref(), Some(&PathBuf::from("/tmp/build-3")));
        assert!(fixed.overlay.is_none());
    }
}

//! Slugs for URLs and heading ids.
//!
//! Heading ids follow the rule GitHub, GitLab and mdBook share, so links copied from other tools
//! keep working: lowercase the text, keep letters, digits, `-` and `_`, turn runs of spaces into
//! one `-`, drop everything else. An id that would be empty becomes `section`.

use std::collections::{HashMap, HashSet};

/// The id-safe form of heading text: `"Whole-time equivalent (WTE)"` → `whole-time-equivalent-wte`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c == '-' || c.is_whitespace() {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// True when `name` can be used as it is in a URL path segment: lowercase ASCII letters, digits
/// and single hyphens, not starting or ending with a hyphen.
pub(crate) fn is_url_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Hands out ids that are unique within one page: the first `costs` stays `costs`, the next ones
/// become `costs-1`, `costs-2`, …
///
/// Linear in the number of ids: each wanted id remembers the next suffix to try, so a page with
/// thousands of identical headings does not retry `costs-1`, `costs-2`, … from 1 every time.
#[derive(Debug, Default, Clone)]
pub(crate) struct UniqueIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    /// A set with `reserved` ids already taken (ids the page template itself uses).
    pub(crate) fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        UniqueIds {
            taken: reserved.into_iter().map(str::to_owned).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// Claims `id` exactly; false when it was already taken.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_owned())
    }

    /// Returns `wanted` if free, otherwise the first free `wanted-N`, and claims it.
    pub(crate) fn unique(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let next = self.next_suffix.entry(wanted.to_owned()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_words_and_drop_punctuation() {
        assert_eq!(
            slugify("Whole-time equivalent (WTE)"),
            "whole-time-equivalent-wte"
        );
        assert_eq!(slugify("  What’s a PCN?  "), "whats-a-pcn");
        assert_eq!(slugify("Band 8a – 8d"), "band-8a-8d");
        assert_eq!(slugify("Über café"), "über-café");
        assert_eq!(slugify("?!"), "section");
    }

    #[test]
    fn repeated_ids_get_numbered_suffixes() {
        let mut ids = UniqueIds::with_reserved(["main-content"]);
        assert_eq!(ids.unique("costs"), "costs");
        assert_eq!(ids.unique("costs"), "costs-1");
        assert_eq!(ids.unique("costs"), "costs-2");
        assert_eq!(ids.unique("main-content"), "main-content-1");
        assert!(!ids.claim("costs-1"));
        assert!(ids.claim("claims"));
    }

    #[test]
    fn numbering_skips_ids_taken_explicitly_and_keeps_counting() {
        let mut ids = UniqueIds::default();
        assert!(ids.claim("costs-2"));
        let got: Vec<String> = (0..4).map(|_| ids.unique("costs")).collect();
        assert_eq!(got, ["costs", "costs-1", "costs-3", "costs-4"]);
        // A suffixed id is its own base: `costs-1` asked for again becomes `costs-1-1`.
        assert_eq!(ids.unique("costs-1"), "costs-1-1");
    }

    #[test]
    fn twenty_thousand_identical_headings_get_distinct_ids_in_order() {
        let mut ids = UniqueIds::default();
        let got: Vec<String> = (0..20_000).map(|_| ids.unique("same")).collect();
        assert_eq!(got[0], "same");
        assert_eq!(got[1], "same-1");
        assert_eq!(got[19_999], "same-19999");
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), 20_000);
    }

    #[test]
    fn url_slugs_are_lowercase_hyphenated() {
        assert!(is_url_slug("first-contact-physiotherapist"));
        assert!(is_url_slug("2025-26"));
        assert!(!is_url_slug("Paramedic"));
        assert!(!is_url_slug("making roles work"));
        assert!(!is_url_slug("-lead"));
        assert!(!is_url_slug("a--b"));
    }
}

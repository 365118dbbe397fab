//! Entry point for the front matter fuzz target in `tests/fuzz` (feature `fuzzing`): the
//! generator's front matter readers and the guide's own (role pages, FAQ entries).

use crate::guide::front_matter::{FaqFrontMatter, RoleFrontMatter};
use crate::site::load::front_matter::parse;
use crate::site::Diagnostic;

/// Every diagnostic from reading `text` as a content file (split, then its front matter read as
/// a page, a role and an FAQ entry) and as `site.yaml`. `Ok` entries are not returned.
pub fn front_matter(text: &str) -> Vec<Diagnostic> {
    crate::site::fuzzing::front_matter_as(text, |split, path, text| {
        let mut found = Vec::new();
        found.extend(parse::<RoleFrontMatter>(split, path, text).err());
        found.extend(parse::<FaqFrontMatter>(split, path, text).err());
        found
    })
}

//! Stage 1, load: `content/` read into typed pages and checked across files.
//!
//! In order: [`discover`] finds the files, [`front_matter`] splits and parses each file's YAML
//! block into the types of [`model`] (or, for the files an installed extension recognises,
//! [`claim`], into the extension's), [`content`] builds the pages with their URLs and output
//! paths, and [`validate`] runs the checks that need every page loaded. [`search_words`] reads
//! the editors' search synonyms and holds the stop words. [`yaml`] parses every YAML file the
//! build reads and renders its errors.

pub(crate) mod claim;
pub(crate) mod content;
pub(crate) mod discover;
pub(crate) mod front_matter;
pub(crate) mod model;
pub(crate) mod search_words;
pub(crate) mod validate;
pub(crate) mod yaml;

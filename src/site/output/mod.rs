//! Stage 3, output: the rendered site written to disk.
//!
//! [`fingerprint`] names stylesheets and scripts after their content (scripts [`minify`]d); [`site_files`] adds the
//! site-level files ([`sitemap`] with `robots.txt` and `_headers`, and
//! the [`search_index`]); [`staging`] writes everything into a staging folder and swaps it in
//! only when complete, so a failed build leaves the previous output untouched.

pub(crate) mod fingerprint;
pub(crate) mod minify;
pub(crate) mod search_index;
pub(crate) mod site_files;
pub(crate) mod sitemap;
pub(crate) mod staging;

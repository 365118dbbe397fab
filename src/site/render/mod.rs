//! Stage 2, render: loaded pages turned into HTML.
//!
//! [`markdown`] renders each page in one pass (heading ids from [`slug`], the table of contents
//! from [`toc`], internal links resolved and checked by [`links`], raw HTML checked against the
//! allow-list of [`raw_html`]); [`page_views`] fills the [`views`] each template sees;
//! [`templates`] loads the tera templates and renders the views ([`component_calls`] locates a
//! component recursion tera cannot).

pub(crate) mod component_calls;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod page_views;
pub(crate) mod raw_html;
pub(crate) mod slug;
pub(crate) mod templates;
pub(crate) mod toc;
pub(crate) mod views;

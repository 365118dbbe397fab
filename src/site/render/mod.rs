//! Stage 2, render: loaded pages turned into HTML.
//!
//! [`markdown`] renders each page in one pass (heading ids from [`slug`], the table of contents
//! from [`toc`], internal links resolved and checked by [`links`]); [`page_views`] fills the
//! [`views`] each template sees; [`templates`] loads the tera templates and renders the views.

pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod page_views;
pub(crate) mod slug;
pub(crate) mod templates;
pub(crate) mod toc;
pub(crate) mod views;

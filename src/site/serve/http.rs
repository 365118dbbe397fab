//! Answering HTTP requests: the built site's files (HTML with the live-reload script and any
//! error overlay added), the server's own assets under `/__arrs/`, and the build event stream.

use super::content_type;
use super::events::{self, BuildEvent, EventHub};
use super::inject::{self, EVENTS_URL, LIVERELOAD_URL, OVERLAY_CSS_URL};
use super::paths::{self, Resolved};
use super::state::{SiteState, Snapshot};
use http_body_util::channel::Channel;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::{utf8_percent_encode, CONTROLS};
use std::convert::Infallible;
use std::fs;
use std::path::Path;
use std::sync::Arc;

const LIVERELOAD_JS: &str = include_str!("assets/livereload.js");
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Frames an event stream's body may run ahead of the client by.
const EVENT_BUFFER: usize = 4;

/// Shown, with the errors over it, until the first build succeeds.
const NO_BUILD_YET: &str = "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
    <title>Build failed</title></head><body><main><h1>The site has not built yet</h1>\
    <p>Fix the errors and save: this page reloads by itself.</p></main></body></html>";

/// A response body: a whole file or page, or an open event stream.
pub(crate) type Body = BoxBody<Bytes, Infallible>;

/// Everything answering a request needs.
pub(crate) struct Shared {
    pub state: Arc<SiteState>,
    pub hub: Arc<EventHub>,
}

/// Answers one request. Only GET and HEAD are served (hyper leaves the body out for HEAD).
pub(crate) async fn answer(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Body>, Infallible> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are supported\n",
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Ok(response);
    }
    Ok(match request.uri().path() {
        LIVERELOAD_URL => whole(StatusCode::OK, JAVASCRIPT, LIVERELOAD_JS),
        OVERLAY_CSS_URL => whole(StatusCode::OK, CSS, OVERLAY_CSS),
        EVENTS_URL => respond_events(&shared),
        _ => {
            let target = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            let snapshot = shared.state.snapshot();
            // Finding, reading and rewriting the file is blocking file-system work.
            tokio::task::spawn_blocking(move || respond_site(&target, &snapshot))
                .await
                .unwrap_or_else(|_| {
                    text(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "500 the file could not be read\n",
                    )
                })
        }
    })
}

fn respond_events(shared: &Shared) -> Response<Body> {
    // Subscribe before reading the generation, so no build can slip between the two.
    let events = shared.hub.subscribe();
    let snapshot = shared.state.snapshot();
    let current = BuildEvent {
        generation: snapshot.generation,
        ok: snapshot.overlay.is_none(),
    };
    let (sender, body) = Channel::new(EVENT_BUFFER);
    tokio::spawn(events::stream(sender, current, events));
    with_type(
        Response::new(body.boxed()),
        StatusCode::OK,
        "text/event-stream",
    )
}

/// The response for the request target `target` (path and query) from the built site.
fn respond_site(target: &str, snapshot: &Snapshot) -> Response<Body> {
    let Some(site) = snapshot.site.as_deref() else {
        let page = inject::inject(
            NO_BUILD_YET,
            snapshot.generation,
            snapshot.overlay.as_deref(),
        );
        return whole(StatusCode::SERVICE_UNAVAILABLE, HTML, page);
    };
    match paths::resolve(site, target) {
        Resolved::File(file) => respond_file(&file, StatusCode::OK, snapshot),
        Resolved::AddSlash(location) => {
            // The location comes from the request: keep it ASCII so it is a valid header.
            let location = utf8_percent_encode(&location, CONTROLS).to_string();
            match HeaderValue::try_from(location.as_str()) {
                Ok(value) => {
                    let mut response = text(
                        StatusCode::MOVED_PERMANENTLY,
                        format!("moved to {location}\n"),
                    );
                    response.headers_mut().insert(LOCATION, value);
                    response
                }
                Err(_) => bad_request(),
            }
        }
        Resolved::NotFound => {
            let not_found = site.join("404.html");
            if not_found.is_file() {
                respond_file(&not_found, StatusCode::NOT_FOUND, snapshot)
            } else {
                text(StatusCode::NOT_FOUND, "404 not found\n")
            }
        }
        Resolved::BadRequest => bad_request(),
    }
}

fn respond_file(file: &Path, status: StatusCode, snapshot: &Snapshot) -> Response<Body> {
    let content_type = content_type::for_path(file);
    let Ok(bytes) = fs::read(file) else {
        // Deleted since it was found: the build that held it has been replaced.
        return text(StatusCode::NOT_FOUND, "404 not found\n");
    };
    if content_type::is_html(&content_type) {
        if let Ok(html) = std::str::from_utf8(&bytes) {
            let page = inject::inject(html, snapshot.generation, snapshot.overlay.as_deref());
            return whole(status, HTML, page);
        }
    }
    whole(status, &content_type, bytes)
}

fn bad_request() -> Response<Body> {
    text(
        StatusCode::BAD_REQUEST,
        "400 bad request: path not allowed\n",
    )
}

fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    whole(status, TEXT, body)
}

/// A response with the whole `body`, its type, and no caching.
fn whole(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    with_type(
        Response::new(Full::new(body.into()).boxed()),
        status,
        content_type,
    )
}

/// Sets the status and content type, and forbids caching so a reload always shows the latest
/// build.
fn with_type(
    mut response: Response<Body>,
    status: StatusCode,
    content_type: &str,
) -> Response<Body> {
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::try_from(content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

//! Answering HTTP requests: the built site's files (HTML with the live-reload script and any
//! error overlay added), the server's own assets under `/__arrs/`, and the build event stream.

use super::content_type;
use super::events::{self, BuildEvent, EventHub};
use super::inject::{self, EVENTS_URL, LIVERELOAD_URL, OVERLAY_CSS_URL};
use super::paths::{self, Resolved};
use super::state::{SiteState, Snapshot};
use percent_encoding::{utf8_percent_encode, CONTROLS};
use std::fs::{self, File};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, StatusCode};

const LIVERELOAD_JS: &str = include_str!("assets/livereload.js");
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// Shown, with the errors over it, until the first build succeeds.
const NO_BUILD_YET: &str = "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
    <title>Build failed</title></head><body><main><h1>The site has not built yet</h1>\
    <p>Fix the errors and save: this page reloads by itself.</p></main></body></html>";

/// Everything a request thread needs.
pub(crate) struct Shared {
    pub state: Arc<SiteState>,
    pub hub: Arc<EventHub>,
    pub stopping: AtomicBool,
}

/// Accepts requests until `shared.stopping` is set and the server is unblocked; each request gets
/// its own thread, as event streams stay open for as long as their page does.
pub(crate) fn serve_requests(server: &tiny_http::Server, shared: &Arc<Shared>) {
    loop {
        match server.recv() {
            Ok(request) => {
                let shared = Arc::clone(shared);
                let spawned = std::thread::Builder::new()
                    .name("arrs-serve-request".into())
                    .spawn(move || answer(request, &shared));
                if let Err(e) = spawned {
                    eprintln!("warning: cannot answer a request: {e}");
                }
            }
            Err(_) if shared.stopping.load(Ordering::SeqCst) => return,
            Err(e) => eprintln!("warning: HTTP server: {e}"),
        }
    }
}

/// Answers one request; a client that went away is not an error worth reporting.
fn answer(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD are supported\n");
        let response = with_header(response.with_status_code(405), "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned();
    let _ = match path.as_str() {
        LIVERELOAD_URL => respond_asset(request, LIVERELOAD_JS, "text/javascript; charset=utf-8"),
        OVERLAY_CSS_URL => respond_asset(request, OVERLAY_CSS, "text/css; charset=utf-8"),
        EVENTS_URL => {
            respond_events(request, shared);
            Ok(())
        }
        _ => respond_site(request, &shared.state.snapshot()),
    };
}

fn respond_asset(request: Request, body: &str, content_type: &str) -> std::io::Result<()> {
    request.respond(with_common_headers(
        Response::from_string(body),
        content_type,
    ))
}

fn respond_events(request: Request, shared: &Shared) {
    // Subscribe before reading the generation, so no build can slip between the two.
    let receiver = shared.hub.subscribe();
    let snapshot = shared.state.snapshot();
    let current = BuildEvent {
        generation: snapshot.generation,
        ok: snapshot.overlay.is_none(),
    };
    let mut out = request.into_writer();
    let _ = events::stream(&mut out, current, &receiver);
}

fn respond_site(request: Request, snapshot: &Snapshot) -> std::io::Result<()> {
    let Some(site) = snapshot.site.as_deref() else {
        let page = inject::inject(
            NO_BUILD_YET,
            snapshot.generation,
            snapshot.overlay.as_deref(),
        );
        return request.respond(html_response(page, 503));
    };
    match paths::resolve(site, request.url()) {
        Resolved::File(file) => respond_file(request, &file, 200, snapshot),
        Resolved::AddSlash(location) => {
            // The location comes from the request: keep it ASCII so it is a valid header.
            let location = utf8_percent_encode(&location, CONTROLS).to_string();
            let response = Response::from_string(format!("moved to {location}\n"));
            let response = with_header(response.with_status_code(301), "Location", &location);
            request.respond(with_header(response, "Cache-Control", "no-store"))
        }
        Resolved::NotFound => {
            let not_found = site.join("404.html");
            if not_found.is_file() {
                respond_file(request, &not_found, 404, snapshot)
            } else {
                request.respond(with_common_headers(
                    Response::from_string("404 not found\n").with_status_code(404),
                    "text/plain; charset=utf-8",
                ))
            }
        }
        Resolved::BadRequest => request.respond(with_common_headers(
            Response::from_string("400 bad request: path not allowed\n").with_status_code(400),
            "text/plain; charset=utf-8",
        )),
    }
}

fn respond_file(
    request: Request,
    file: &Path,
    status: u16,
    snapshot: &Snapshot,
) -> std::io::Result<()> {
    let content_type = content_type::for_path(file);
    if content_type::is_html(&content_type) {
        if let Ok(text) = fs::read_to_string(file) {
            let page = inject::inject(&text, snapshot.generation, snapshot.overlay.as_deref());
            return request.respond(html_response(page, status));
        }
    }
    match File::open(file) {
        Ok(opened) => request.respond(with_common_headers(
            Response::from_file(opened).with_status_code(status),
            &content_type,
        )),
        Err(_) => request.respond(Response::empty(StatusCode(404))),
    }
}

fn html_response(page: String, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    with_common_headers(
        Response::from_data(page.into_bytes()).with_status_code(status),
        "text/html; charset=utf-8",
    )
}

/// Adds the content type, and forbids caching so a reload always shows the latest build.
fn with_common_headers<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    let response = with_header(response, "Content-Type", content_type);
    with_header(response, "Cache-Control", "no-store")
}

/// Adds a header; every value given is ASCII without control characters, so none is dropped.
fn with_header<R: std::io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

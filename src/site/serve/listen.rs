//! Accepting connections, with the limits that keep one client from hurting the others.
//!
//! Each connection is a tokio task, so idle keep-alive connections cost a few kilobytes, not a
//! thread: a browser (or a load tester) holding many of them never blocks a new client. hyper's
//! HTTP/1 server enforces the limits below; a request over them is answered with 431 (head too
//! large or too many headers) or 414 (target too long) and the connection is closed, so an
//! oversized request never holds more than [`MAX_HEAD_BYTES`] of memory.

use super::http::{self, Shared};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Largest request head (request line and headers) read before answering 431. Browsers send a
/// few kilobytes; cookies set on `localhost` by other local projects can add more.
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Most header fields one request may have.
pub(crate) const MAX_HEADERS: usize = 100;

/// How long a connection may sit without sending a complete request head: both a client slow to
/// send one and an idle keep-alive connection between requests are closed after this. Open event
/// streams are responses in progress, not idle, so they stay.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// Pause after a failed accept (out of file descriptors, say), so the loop does not spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// Accepts connections until the runtime shuts down, serving each in a task of its own.
pub(crate) async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(IDLE_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .keep_alive(true);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                if !is_per_connection(&e) {
                    eprintln!("warning: cannot accept a connection: {e}");
                    tokio::time::sleep(ACCEPT_RETRY).await;
                }
                continue;
            }
        };
        // Small responses go out at once instead of waiting for the client's delayed ACK.
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let service = service_fn(move |request| http::answer(request, Arc::clone(&shared)));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // Clients that hang up, time out or send garbage are not worth reporting.
            let _ = connection.await;
        });
    }
}

/// True for accept errors about one connection that went away before it was accepted.
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

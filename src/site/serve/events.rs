//! Server-sent build events (`/__arrs/events`): after every build, each open page is told the
//! new build generation and whether it succeeded; the live-reload script reloads on any change.
//!
//! The rebuild loop (a plain thread) broadcasts through a tokio broadcast channel; each open
//! stream is a small task that turns events into `text/event-stream` text for its response body.

use http_body_util::channel::Sender;
use hyper::body::Bytes;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError, Receiver};

/// How often an idle stream sends a comment, so a closed tab is noticed and its task ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Events a slow stream may fall behind by before it skips to the newest (any newer
/// generation makes the page reload, so skipping loses nothing).
const BACKLOG: usize = 16;

/// The end of one build, as announced to open pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BuildEvent {
    /// Generation of the build that just finished.
    pub generation: u64,
    /// Whether it succeeded (the page then shows new content) or failed (the page shows errors).
    pub ok: bool,
}

impl BuildEvent {
    /// The event in `text/event-stream` form.
    pub(crate) fn to_sse(self) -> String {
        format!(
            "event: build\ndata: {{\"generation\":{},\"ok\":{}}}\n\n",
            self.generation, self.ok
        )
    }
}

/// Every open event stream, fed by the rebuild loop. Closing it ends every stream.
#[derive(Debug)]
pub(crate) struct EventHub {
    sender: Mutex<Option<broadcast::Sender<BuildEvent>>>,
}

impl Default for EventHub {
    fn default() -> Self {
        EventHub {
            sender: Mutex::new(Some(broadcast::channel(BACKLOG).0)),
        }
    }
}

impl EventHub {
    /// A new stream that receives every event sent from now on (none once the hub is closed).
    pub(crate) fn subscribe(&self) -> Receiver<BuildEvent> {
        match &*self.lock() {
            Some(sender) => sender.subscribe(),
            None => broadcast::channel(1).1,
        }
    }

    /// Sends `event` to every open stream.
    pub(crate) fn broadcast(&self, event: BuildEvent) {
        if let Some(sender) = &*self.lock() {
            // An error only means no page is open.
            let _ = sender.send(event);
        }
    }

    /// Ends every stream (at shutdown).
    pub(crate) fn close(&self) {
        self.lock().take();
    }

    fn lock(&self) -> MutexGuard<'_, Option<broadcast::Sender<BuildEvent>>> {
        self.sender.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes an event stream into a response body: the reconnect delay and `current` (so a page
/// that missed a build while loading catches up), then each event from `events` as it comes,
/// with a comment when idle, until the client goes away or the hub closes.
pub(crate) async fn stream(
    mut body: Sender<Bytes>,
    current: BuildEvent,
    mut events: Receiver<BuildEvent>,
) {
    let opening = format!("retry: 1000\n\n{}", current.to_sse());
    if body.send_data(Bytes::from(opening)).await.is_err() {
        return;
    }
    loop {
        let text = match tokio::time::timeout(KEEPALIVE, events.recv()).await {
            Ok(Ok(event)) => event.to_sse(),
            Ok(Err(RecvError::Lagged(_))) => continue,
            Ok(Err(RecvError::Closed)) => return,
            Err(_idle) => ": keep-alive\n\n".to_owned(),
        };
        if body.send_data(Bytes::from(text)).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::channel::Channel;
    use http_body_util::BodyExt;

    fn event(generation: u64, ok: bool) -> BuildEvent {
        BuildEvent { generation, ok }
    }

    /// Runs a stream over `events` to its end and returns everything it wrote.
    fn run_stream(current: BuildEvent, events: Receiver<BuildEvent>) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (sender, body) = Channel::<Bytes>::new(4);
            tokio::spawn(stream(sender, current, events));
            let bytes = body.collect().await.expect("body").to_bytes();
            String::from_utf8(bytes.to_vec()).expect("utf-8")
        })
    }

    #[test]
    fn events_have_the_event_stream_shape() {
        assert_eq!(
            event(4, false).to_sse(),
            "event: build\ndata: {\"generation\":4,\"ok\":false}\n\n"
        );
    }

    #[test]
    fn a_stream_sends_the_current_build_then_each_new_one_until_closed() {
        let hub = EventHub::default();
        let events = hub.subscribe();
        hub.broadcast(event(2, true));
        hub.broadcast(event(3, false));
        hub.close();
        assert_eq!(
            run_stream(event(1, true), events),
            "retry: 1000\n\n\
             event: build\ndata: {\"generation\":1,\"ok\":true}\n\n\
             event: build\ndata: {\"generation\":2,\"ok\":true}\n\n\
             event: build\ndata: {\"generation\":3,\"ok\":false}\n\n"
        );
    }

    #[test]
    fn a_stream_that_falls_behind_skips_to_the_newest_builds() {
        let hub = EventHub::default();
        let events = hub.subscribe();
        for generation in 1..=BACKLOG as u64 + 5 {
            hub.broadcast(event(generation, true));
        }
        hub.close();
        let text = run_stream(event(0, true), events);
        let last = format!("\"generation\":{}", BACKLOG + 5);
        assert!(text.contains(&last), "{text}");
        assert!(
            !text.contains("\"generation\":1,"),
            "oldest skipped: {text}"
        );
    }

    #[test]
    fn a_closed_hub_gives_new_streams_only_the_current_build() {
        let hub = EventHub::default();
        hub.close();
        hub.broadcast(event(2, true));
        assert_eq!(
            run_stream(event(1, true), hub.subscribe()),
            "retry: 1000\n\nevent: build\ndata: {\"generation\":1,\"ok\":true}\n\n"
        );
    }
}

//! Server-sent build events (`/__arrs/events`): after every build, each open page is told the
//! new build generation and whether it succeeded; the live-reload script reloads on any change.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How often an idle stream sends a comment, so a closed tab is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

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
    pub fn to_sse(self) -> String {
        format!(
            "event: build\ndata: {{\"generation\":{},\"ok\":{}}}\n\n",
            self.generation, self.ok
        )
    }
}

/// Every open event stream, fed by the rebuild loop.
#[derive(Debug, Default)]
pub(crate) struct EventHub {
    subscribers: Mutex<Vec<Sender<BuildEvent>>>,
}

impl EventHub {
    /// A new stream that receives every event sent from now on.
    pub fn subscribe(&self) -> Receiver<BuildEvent> {
        let (sender, receiver) = mpsc::channel();
        self.lock().push(sender);
        receiver
    }

    /// Sends `event` to every open stream, forgetting streams that have closed.
    pub fn broadcast(&self, event: BuildEvent) {
        self.lock().retain(|s| s.send(event).is_ok());
    }

    /// Ends every stream (at shutdown).
    pub fn close(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<BuildEvent>>> {
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes an event stream to `out`: the response head, `current` (so a page that missed a build
/// while loading catches up), then each event from `events` as it comes, until the client goes
/// away or the hub closes.
pub(crate) fn stream(
    out: &mut dyn Write,
    current: BuildEvent,
    events: &Receiver<BuildEvent>,
) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: close\r\n\r\nretry: 1000\n\n",
    )?;
    out.write_all(current.to_sse().as_bytes())?;
    out.flush()?;
    loop {
        match events.recv_timeout(KEEPALIVE) {
            Ok(event) => out.write_all(event.to_sse().as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_have_the_event_stream_shape() {
        let event = BuildEvent {
            generation: 4,
            ok: false,
        };
        assert_eq!(
            event.to_sse(),
            "event: build\ndata: {\"generation\":4,\"ok\":false}\n\n"
        );
    }

    #[test]
    fn a_stream_sends_the_current_build_then_each_new_one_until_closed() {
        let hub = EventHub::default();
        let events = hub.subscribe();
        hub.broadcast(BuildEvent {
            generation: 2,
            ok: true,
        });
        hub.broadcast(BuildEvent {
            generation: 3,
            ok: false,
        });
        hub.close();
        let mut out = Vec::new();
        stream(
            &mut out,
            BuildEvent {
                generation: 1,
                ok: true,
            },
            &events,
        )
        .expect("stream");
        let text = String::from_utf8(out).expect("utf-8");
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b).expect("head");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"));
        assert_eq!(
            body,
            "retry: 1000\n\n\
             event: build\ndata: {\"generation\":1,\"ok\":true}\n\n\
             event: build\ndata: {\"generation\":2,\"ok\":true}\n\n\
             event: build\ndata: {\"generation\":3,\"ok\":false}\n\n"
        );
    }

    #[test]
    fn closed_streams_are_forgotten() {
        let hub = EventHub::default();
        let kept = hub.subscribe();
        drop(hub.subscribe());
        hub.broadcast(BuildEvent {
            generation: 1,
            ok: true,
        });
        assert_eq!(hub.lock().len(), 1);
        assert_eq!(
            kept.try_recv(),
            Ok(BuildEvent {
                generation: 1,
                ok: true
            })
        );
    }
}

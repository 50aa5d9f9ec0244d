//! Server-sent event streams: typed events, keep-alives skipped, idle timeout, reconnect with backoff.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use tokio::time::Sleep;

use super::{Client, DecodeError, Error, Request, error_for};

/// How an event stream keeps itself alive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    /// Reconnect when nothing at all (not even a keep-alive) arrived for this long. Also the
    /// longest wait for the answer to a (re)connect.
    pub idle_timeout: Duration,
    /// How many reconnects in a row may fail before the stream ends with the last error
    /// (0: never reconnect; the stream ends with its first connection).
    pub max_reconnects: u32,
    /// The wait before the first reconnect; it doubles after each reconnect until an event
    /// arrives again.
    pub initial_backoff: Duration,
    /// The longest wait between reconnects.
    pub max_backoff: Duration,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(60),
            max_reconnects: 10,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// One server-sent event, its data decoded from JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` name; `message` (the SSE default) when the server sent none.
    pub name: String,
    /// The `data:` lines, decoded.
    pub data: T,
    /// The last `id:` the server sent on this connection up to this event, if any.
    pub id: Option<String>,
}

/// The events of a stream, as they arrive; it reconnects by itself as [`StreamOptions`] says.
///
/// An event whose data does not decode is an [`Error::Event`] and the stream goes on; a refused
/// reconnect, or too many failed ones in a row, is the last item. Dropping the stream closes the
/// connection.
pub struct EventStream<T, E> {
    inner: Pin<Box<dyn Stream<Item = Item<T, E>> + Send>>,
}

/// What an [`EventStream`] yields.
type Item<T, E> = Result<Event<T>, Error<E>>;

impl<T, E> Stream for EventStream<T, E> {
    type Item = Item<T, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl Client {
    /// Open the event stream `request` asks for, with `Accept: text/event-stream` and the
    /// client's credentials. An error answer to this first request is returned as the `Err`;
    /// `decode_error` decodes its body.
    pub async fn events<T, E>(
        &self,
        mut request: Request,
        decode_error: DecodeError<E>,
    ) -> Result<EventStream<T, E>, Error<E>>
    where
        T: DeserializeOwned + Send + 'static,
        E: Send + 'static,
    {
        set_header(
            &mut request.headers,
            "accept",
            "text/event-stream".to_owned(),
        );
        let options = self.stream_options().clone();
        let mut feed = Feed {
            client: self.clone(),
            request,
            decode_error,
            delay: options.initial_backoff,
            options,
            connection: None,
            last_id: None,
            ended: false,
            decoded: PhantomData,
        };
        feed.connection = Some(feed.connect().await?);
        let events = futures_util::stream::unfold(feed, |mut feed| async move {
            let item = feed.next().await?;
            Some((item, feed))
        });
        Ok(EventStream {
            inner: Box::pin(events.fuse()),
        })
    }
}

/// Parsed events of one connection; an `Err` means the connection is lost.
type Connection =
    Pin<Box<dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<Lost>>> + Send>>;

/// The state behind an [`EventStream`]: what to resend, and how the connection is doing.
struct Feed<T, E> {
    client: Client,
    request: Request,
    decode_error: DecodeError<E>,
    options: StreamOptions,
    connection: Option<Connection>,
    /// Sent back as `Last-Event-ID` on reconnect, so a server that keeps history can resume.
    last_id: Option<String>,
    /// The wait before the next reconnect.
    delay: Duration,
    /// Set once the last item is out; the stream then yields nothing more.
    ended: bool,
    decoded: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned, E> Feed<T, E> {
    /// The next event, reconnecting as often as it takes; `None` once the stream has ended.
    async fn next(&mut self) -> Option<Item<T, E>> {
        while !self.ended {
            let Some(connection) = self.connection.as_mut() else {
                match self.reconnect().await {
                    Ok(connection) => self.connection = Some(connection),
                    Err(last) => {
                        self.ended = true;
                        return last.map(Err);
                    }
                }
                continue;
            };
            match connection.next().await {
                Some(Ok(event)) => return Some(self.accept(event)),
                // Closed, broken, idle or garbled: every way a connection ends leads to a reconnect.
                Some(Err(_)) | None => self.connection = None,
            }
        }
        None
    }

    /// Wait and resend until a connection is back. `Err` ends the stream: with the error that
    /// refused the reconnect or the last of `max_reconnects` failures, or with nothing when
    /// reconnecting is off.
    async fn reconnect(&mut self) -> Result<Connection, Option<Error<E>>> {
        let mut last = None;
        for _ in 0..self.options.max_reconnects {
            tokio::time::sleep(self.delay.min(self.options.max_backoff)).await;
            self.delay = self.delay.saturating_mul(2).min(self.options.max_backoff);
            match self.connect().await {
                Ok(connection) => return Ok(connection),
                Err(error) if is_refusal(&error) => return Err(Some(error)),
                Err(error) => last = Some(error),
            }
        }
        Err(last)
    }

    /// Send the request once more, with the last event id seen.
    async fn connect(&mut self) -> Result<Connection, Error<E>> {
        let mut request = self.request.clone();
        if let Some(id) = &self.last_id {
            set_header(&mut request.headers, "last-event-id", id.clone());
        }
        let idle = self.options.idle_timeout;
        // `&mut self` rather than `&self`: a shared borrow held across the wait would need the
        // connection to be `Sync`, which parser streams are not.
        connect(&self.client, request, self.decode_error, idle).await
    }

    /// Remember the event's id, and decode its data.
    fn accept(&mut self, event: eventsource_stream::Event) -> Result<Event<T>, Error<E>> {
        // The connection works again: the next reconnect, if any, starts from the shortest wait.
        self.delay = self.options.initial_backoff;
        let id = (!event.id.is_empty()).then_some(event.id);
        if id.is_some() {
            self.last_id.clone_from(&id);
        }
        match ::serde_json::from_str(&event.data) {
            Ok(data) => Ok(Event {
                name: event.event,
                data,
                id,
            }),
            Err(source) => Err(Error::Event {
                name: event.event,
                data: event.data,
                source,
            }),
        }
    }
}

/// Send `request` once; a success answer becomes a connection, anything else an error. The
/// answer must start within `idle`, as the connection is given up when idle that long.
async fn connect<E>(
    client: &Client,
    request: Request,
    decode_error: DecodeError<E>,
    idle: Duration,
) -> Result<Connection, Error<E>> {
    let answer = async {
        let response = client.send_streaming(&request).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().await.map_err(Error::Transport)?;
        Err(error_for(status.as_u16(), body, decode_error))
    };
    let response = tokio::time::timeout(idle, answer)
        .await
        .map_err(|_| Error::Timeout(idle))??;
    let events = Watched::new(response.bytes_stream(), idle).eventsource();
    Ok(Box::pin(events))
}

/// Whether a failed reconnect ends the stream: the server refused it (a 4xx, except 408 and 429
/// which only ask to come back later) or the request cannot even be made. Transport failures,
/// timeouts and 5xx answers may pass, so they are tried again.
fn is_refusal<E>(error: &Error<E>) -> bool {
    match error {
        Error::Transport(_) | Error::Timeout(_) => false,
        other => match other.status() {
            Some(408 | 429) => false,
            Some(status) => (400..500).contains(&status),
            None => true,
        },
    }
}

/// Replace header `name` (matched without regard to case) with `value`.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(present, _)| !present.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}

/// Why a connection is given up. Which way it failed does not matter: each leads to a reconnect.
struct Lost;

/// A response body as text, failing with [`Lost`] when no bytes at all arrive for `timeout`.
struct Watched<S> {
    body: Pin<Box<S>>,
    timeout: Duration,
    idle: Pin<Box<Sleep>>,
    /// The start of a UTF-8 sequence cut off by the end of the last chunk.
    partial: Vec<u8>,
}

impl<S> Watched<S> {
    fn new(body: S, timeout: Duration) -> Self {
        Self {
            body: Box::pin(body),
            timeout,
            idle: Box::pin(tokio::time::sleep(timeout)),
            partial: Vec::new(),
        }
    }
}

impl<S, B> Stream for Watched<S>
where
    S: Stream<Item = Result<B, reqwest::Error>>,
    B: AsRef<[u8]>,
{
    type Item = Result<String, Lost>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(bytes))) => {
                // Any bytes prove the connection alive, keep-alive comments and blank lines too.
                this.idle.set(tokio::time::sleep(this.timeout));
                Poll::Ready(Some(Ok(decode_utf8(&mut this.partial, bytes.as_ref()))))
            }
            Poll::Ready(Some(Err(_))) => Poll::Ready(Some(Err(Lost))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.idle.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Lost))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// Decode `chunk`, after what `partial` kept of the last one, as the SSE spec decodes a stream:
/// invalid sequences become U+FFFD. (Left to the parser, one invalid byte would stall the stream
/// for good while its buffer grew.) A sequence cut off at the end waits for the next chunk.
fn decode_utf8(partial: &mut Vec<u8>, chunk: &[u8]) -> String {
    partial.extend_from_slice(chunk);
    let complete = complete_len(partial);
    let text = String::from_utf8_lossy(partial.get(..complete).unwrap_or_default()).into_owned();
    partial.drain(..complete);
    text
}

/// The length of `bytes` without a UTF-8 sequence cut off at its end.
fn complete_len(bytes: &[u8]) -> usize {
    // A sequence is at most four bytes long, so a cut-off one starts in the last three.
    for back in 1..=bytes.len().min(3) {
        let start = bytes.len() - back;
        let tail = bytes.get(start..).unwrap_or_default();
        // `error_len() == None`: the bytes are fine so far, only the end came too soon.
        let cut_off = |e: std::str::Utf8Error| e.valid_up_to() == 0 && e.error_len().is_none();
        if std::str::from_utf8(tail).err().is_some_and(cut_off) {
            return start;
        }
    }
    bytes.len()
}

//! Server-sent event streams: typed events, keep-alives skipped, idle timeout, reconnect with backoff.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tokio::time::Sleep;

use crate::options::{CallOptions, StreamOptions};
use crate::retry::{retry_after, spread};
use crate::{Client, DecodeError, DecodeFailure, Error, Operation, Request};

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
/// ```
/// use futures_util::StreamExt;
///
/// async fn print_all<T: std::fmt::Debug, E>(mut events: client_runtime::EventStream<T, E>) {
///     while let Some(event) = events.next().await {
///         match event {
///             Ok(event) => println!("{}: {:?}", event.name, event.data),
///             // An undecodable event; the stream goes on. A refused reconnect ends it.
///             Err(error) => eprintln!("{error}"),
///         }
///     }
/// }
/// ```
///
/// An event whose data does not decode is an [`Error::Event`] and the stream goes on; a refused
/// reconnect, or too many failed ones in a row, is the last item. A `204 No Content` answer to a
/// reconnect (or to the first request) ends the stream with no error, as the server-sent events
/// standard says. Dropping the stream closes the connection.
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

/// An event stream whose first answer arrived: what [`EventStream::start`] goes on from.
pub(super) struct Opened<E> {
    feed: Feed<(), E>,
    status: StatusCode,
    headers: HeaderMap,
}

impl<E> Opened<E> {
    /// The status and headers of the answer that opened the stream.
    pub(super) fn answer(&self) -> (StatusCode, HeaderMap) {
        (self.status, self.headers.clone())
    }
}

impl<T: DeserializeOwned + Send + 'static, E: Send + 'static> EventStream<T, E> {
    /// The events of an opened stream, decoded as `T`.
    pub(super) fn start(opened: Opened<E>) -> Self {
        let Feed {
            client,
            operation,
            request,
            decode_error,
            options,
            connection,
            last_id,
            delay,
            asked,
            ended,
            ..
        } = opened.feed;
        let feed = Feed {
            client,
            operation,
            request,
            decode_error,
            options,
            connection,
            last_id,
            delay,
            asked,
            ended,
            decoded: PhantomData::<fn() -> T>,
        };
        let events = futures_util::stream::unfold(feed, |mut feed| async move {
            let item = feed.next().await?;
            Some((item, feed))
        });
        Self {
            inner: Box::pin(events.fuse()),
        }
    }
}

impl Client {
    /// Open the event stream `request` asks for, with `Accept: text/event-stream` and the
    /// client's credentials. An error answer to this first request is the `Err`; `decode_error`
    /// decodes its body.
    pub(super) async fn open_events<E>(
        &self,
        operation: &'static Operation,
        mut request: Request,
        decode_error: DecodeError<E>,
        call: &CallOptions,
    ) -> Result<Opened<E>, Error<E>> {
        set_header(
            &mut request.headers,
            "accept",
            "text/event-stream".to_owned(),
        );
        let mut options = self.stream_options().clone();
        if let Some(timeout) = call.attempt_timeout {
            options.idle_timeout = timeout;
        }
        let mut feed = Feed {
            client: self.clone(),
            operation,
            request,
            decode_error,
            delay: options.initial_backoff,
            asked: None,
            options,
            connection: None,
            last_id: None,
            ended: false,
            decoded: PhantomData,
        };
        let (status, headers, connection) = feed.open().await?;
        feed.connection = Some(connection);
        // `204 No Content` tells a client of server-sent events not to (re)connect: no events.
        feed.ended = status == StatusCode::NO_CONTENT;
        Ok(Opened {
            feed,
            status,
            headers,
        })
    }
}

/// Parsed events of one connection; an `Err` means the connection is lost.
type Connection =
    Pin<Box<dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<Lost>>> + Send>>;

/// The state behind an [`EventStream`]: what to resend, and how the connection is doing.
struct Feed<T, E> {
    client: Client,
    operation: &'static Operation,
    request: Request,
    decode_error: DecodeError<E>,
    options: StreamOptions,
    connection: Option<Connection>,
    /// Sent back as `Last-Event-ID` on reconnect, so a server that keeps history can resume.
    last_id: Option<String>,
    /// The wait before the next reconnect.
    delay: Duration,
    /// The wait the last failed answer asked for (`Retry-After`), which replaces `delay` once.
    asked: Option<Duration>,
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
                Some(Err(EventStreamError::Transport(Lost::TooLarge))) => {
                    self.ended = true;
                    let limit = self.options.max_event_size;
                    return Some(Err(Error::EventTooLarge {
                        operation: self.operation,
                        limit,
                    }));
                }
                // Closed, broken, idle or garbled: every other way a connection ends leads to a
                // reconnect.
                Some(Err(_)) | None => self.connection = None,
            }
        }
        None
    }

    /// The first connection. An answer that asks to come back later (429, or another status
    /// the client retries, such as a throttled stream's) is waited out and the request sent
    /// again, up to `max_reconnects` times; any other failure is the error.
    async fn open(&mut self) -> Result<(StatusCode, HeaderMap, Connection), Error<E>> {
        let mut tries = 0;
        loop {
            match self.connect().await {
                Err(error) if tries < self.options.max_reconnects && self.throttled(&error) => {
                    tries += 1;
                    self.note_wait(&error);
                    tokio::time::sleep(self.next_wait()).await;
                }
                other => return other,
            }
        }
    }

    /// Wait and resend until a connection is back. `Err` ends the stream: with the error that
    /// refused the reconnect or the last of `max_reconnects` failures, or with nothing when
    /// reconnecting is off.
    async fn reconnect(&mut self) -> Result<Connection, Option<Error<E>>> {
        let mut last = None;
        for _ in 0..self.options.max_reconnects {
            tokio::time::sleep(self.next_wait()).await;
            match self.connect().await {
                // `204 No Content`: the server has no more events for this client; the stream ends.
                Ok((StatusCode::NO_CONTENT, _, _)) => return Err(None),
                Ok((_, _, connection)) => return Ok(connection),
                Err(error) if self.is_refusal(&error) => return Err(Some(error)),
                Err(error) => {
                    self.note_wait(&error);
                    last = Some(error);
                }
            }
        }
        Err(last)
    }

    /// The wait before the next (re)connect: what the last answer asked for, else the backoff
    /// (which then doubles), jittered as the options say, never more than `max_backoff`.
    fn next_wait(&mut self) -> Duration {
        let jitter = self.options.jitter;
        let wait = match self.asked.take() {
            Some(asked) if jitter => asked + spread(asked / 10),
            Some(asked) => asked,
            None => {
                let backoff = self.delay.min(self.options.max_backoff);
                self.delay = self.delay.saturating_mul(2).min(self.options.max_backoff);
                if jitter {
                    backoff / 2 + spread(backoff / 2)
                } else {
                    backoff
                }
            }
        };
        wait.min(self.options.max_backoff)
    }

    /// Remember the wait a failed answer asks for (`Retry-After`), if any.
    fn note_wait(&mut self, error: &Error<E>) {
        self.asked = error
            .headers()
            .and_then(|headers| retry_after(headers, SystemTime::now()));
    }

    /// Whether a failed (re)connect was an answer asking to come back later.
    fn throttled(&self, error: &Error<E>) -> bool {
        error
            .status()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .is_some_and(|status| self.client.come_back_later(status))
    }

    /// Whether a failed reconnect ends the stream: the server refused it (a 4xx, except 408 and
    /// the statuses that ask to come back later) or the request cannot even be made. Transport
    /// failures, timeouts and 5xx answers may pass, so they are tried again.
    fn is_refusal(&self, error: &Error<E>) -> bool {
        match error {
            Error::Transport { .. } | Error::Timeout { .. } => false,
            other if self.throttled(other) => false,
            other => match other.status() {
                Some(408 | 429) => false,
                Some(status) => (400..500).contains(&status),
                None => true,
            },
        }
    }

    /// Send the request once more, with the last event id seen.
    async fn connect(&mut self) -> Result<(StatusCode, HeaderMap, Connection), Error<E>> {
        let mut request = self.request.clone();
        if let Some(id) = &self.last_id {
            set_header(&mut request.headers, "last-event-id", id.clone());
        }
        // `&mut self` rather than `&self`: a shared borrow held across the wait would need the
        // connection to be `Sync`, which parser streams are not.
        connect(
            &self.client,
            self.operation,
            request,
            self.decode_error,
            &self.options,
        )
        .await
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
            Err(error) => {
                let (data, secrets) = self.client.redact(&event.data, Some(&self.request));
                let source = DecodeFailure::new(&error, &secrets);
                Err(Error::Event {
                    operation: self.operation,
                    name: event.event,
                    data,
                    source,
                })
            }
        }
    }
}

/// Send `request` once; a success answer becomes a connection, anything else an error. The
/// answer must start within the idle timeout, as the connection is given up when idle that long.
async fn connect<E>(
    client: &Client,
    operation: &'static Operation,
    request: Request,
    decode_error: DecodeError<E>,
    options: &StreamOptions,
) -> Result<(StatusCode, HeaderMap, Connection), Error<E>> {
    let idle = options.idle_timeout;
    let answer = async {
        // No overall limit: a stream lasts as long as the connection (idleness is watched below).
        let mut response = client
            .attempt(operation, &request, Some(Duration::MAX), 1, None)
            .await?
            .map_err(|source| Error::Transport { operation, source })?;
        let status = response.status();
        let headers = crate::response::guarded(std::mem::take(response.headers_mut()));
        if status.is_success() {
            return Ok((status, headers, response));
        }
        let body = client
            .read_body(operation, status, &headers, &mut response)
            .await?;
        Err(client.error_answer(operation, &request, status, headers, &body, decode_error))
    };
    let (status, headers, response) =
        tokio::time::timeout(idle, answer)
            .await
            .map_err(|_| Error::Timeout {
                operation,
                after: idle,
            })??;
    let events = Watched::new(response.bytes_stream(), idle, options.max_event_size).eventsource();
    Ok((status, headers, Box::pin(events)))
}

/// Replace header `name` (matched without regard to case) with `value`.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(present, _)| !present.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}

/// Why a connection is given up.
enum Lost {
    /// Closed, broken or idle: a reconnect may help.
    Broken,
    /// An event grew past the size limit: the stream ends.
    TooLarge,
}

/// A response body as text, failing with [`Lost`] when no bytes at all arrive for `timeout`, or
/// when one event grows larger than `max_event` bytes.
struct Watched<S> {
    body: Pin<Box<S>>,
    timeout: Duration,
    idle: Pin<Box<Sleep>>,
    /// The start of a UTF-8 sequence cut off by the end of the last chunk.
    partial: Vec<u8>,
    /// How the current event is growing.
    size: EventSize,
    /// An event grew past the limit: the next poll says so (after the events before it).
    too_large: bool,
}

impl<S> Watched<S> {
    fn new(body: S, timeout: Duration, max_event: usize) -> Self {
        Self {
            body: Box::pin(body),
            timeout,
            idle: Box::pin(tokio::time::sleep(timeout)),
            partial: Vec::new(),
            size: EventSize {
                limit: max_event,
                event: 0,
                line: 0,
                after_cr: false,
            },
            too_large: false,
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
        if this.too_large {
            return Poll::Ready(Some(Err(Lost::TooLarge)));
        }
        match this.body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(bytes))) => {
                // Any bytes prove the connection alive, keep-alive comments and blank lines too.
                this.idle.set(tokio::time::sleep(this.timeout));
                let bytes = bytes.as_ref();
                if let Some(start) = this.size.overflow(bytes) {
                    // The events complete before the one too large still go to the parser.
                    this.too_large = true;
                    let before = bytes.get(..start).unwrap_or_default();
                    if before.is_empty() {
                        return Poll::Ready(Some(Err(Lost::TooLarge)));
                    }
                    return Poll::Ready(Some(Ok(decode_utf8(&mut this.partial, before))));
                }
                Poll::Ready(Some(Ok(decode_utf8(&mut this.partial, bytes))))
            }
            Poll::Ready(Some(Err(_))) => Poll::Ready(Some(Err(Lost::Broken))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.idle.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Lost::Broken))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// The size of the event being received: the bytes of its lines since the last blank line
/// (which ends an event), counted across chunks.
struct EventSize {
    limit: usize,
    /// Bytes of the current event's lines so far.
    event: usize,
    /// Bytes of the current line so far.
    line: usize,
    /// The last byte was a CR: a LF right after it ends the same line.
    after_cr: bool,
}

impl EventSize {
    /// Count `chunk`. When the current event grows past the limit, the offset in `chunk` where
    /// that event starts (0 when it started in an earlier chunk): what comes before is whole events.
    fn overflow(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut start = 0;
        for (at, &byte) in chunk.iter().enumerate() {
            let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
            match byte {
                // The LF of a CRLF that ended an event: the next event starts after it.
                b'\n' if after_cr => {
                    if start == at {
                        start = at + 1;
                    }
                }
                b'\r' | b'\n' if self.line == 0 => {
                    self.event = 0;
                    start = at + 1;
                }
                b'\r' | b'\n' => self.line = 0,
                _ => {
                    self.line += 1;
                    self.event += 1;
                    if self.event > self.limit {
                        return Some(start);
                    }
                }
            }
        }
        None
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

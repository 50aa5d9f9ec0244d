//! Event streams on the wire: Particle's framing, keep-alives, undecodable data, refused connects,
//! reconnects with `Last-Event-ID`, the reconnect limit and the idle timeout, against real local
//! HTTP servers on 127.0.0.1 (wiremock; a hand-rolled server where a body must stall).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use client_runtime::{
    Call, Client, Error, Event, EventStream, Operation, Request, StreamOptions, error_json,
};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An event's data exactly as Particle's docs show it.
const TEMPERATURE: &str = r#"{"data":"25.34","ttl":"60","published_at":"2015-07-18T00:12:18.174Z","coreid":"0123456789abcdef01234567"}"#;
const EVENTS: &str = "/v1/devices/events";

/// The `data` of a Particle event.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Published {
    data: Option<String>,
    ttl: String,
    published_at: String,
    coreid: String,
}

/// The OAuth-style error body.
#[derive(Debug, Deserialize, Serialize)]
struct ApiError {
    error: Option<String>,
    error_description: Option<String>,
}

type Stream = EventStream<Published, ApiError>;

/// [`TEMPERATURE`] with `data` as the payload.
fn published(data: &str) -> Published {
    Published {
        data: Some(data.to_owned()),
        ttl: "60".to_owned(),
        published_at: "2015-07-18T00:12:18.174Z".to_owned(),
        coreid: "0123456789abcdef01234567".to_owned(),
    }
}

/// One `event:`/`data:` block, [`TEMPERATURE`] with `data` as the payload.
fn frame(name: &str, data: &str) -> String {
    let json = TEMPERATURE.replace("25.34", data);
    format!("event: {name}\ndata: {json}\n\n")
}

/// Quick reconnects (at most `max_reconnects` in a row, waits exact) and the given idle timeout.
fn options(idle_timeout: Duration, max_reconnects: u32) -> StreamOptions {
    StreamOptions::default()
        .jitter(false)
        .idle_timeout(idle_timeout)
        .max_reconnects(max_reconnects)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
}

/// Quick reconnects and an idle timeout no test reaches.
fn patient() -> StreamOptions {
    options(Duration::from_secs(5), 3)
}

fn client(base_url: &str, options: StreamOptions) -> Client {
    let builder = common::local(base_url).stream_options(options);
    common::build(common::with_token(builder, "0123456789abcdef"))
}

fn events_request(path: &str) -> Request {
    Request::new(reqwest::Method::GET, path).security(&[&[common::ACCESS_TOKEN]])
}

/// The operation the hand-made event requests are.
const SUBSCRIBE: Operation = Operation::new(
    "subscribe",
    "GET",
    "/v1/events",
    &["error", "error_description"],
);

/// The call that opens the event stream at `path`.
fn subscribe<'a>(client: &'a Client, path: &str) -> Call<'a, Stream, ApiError> {
    Call::events(client, &SUBSCRIBE, Ok(events_request(path)), error_json)
}

async fn open(client: &Client, path: &str) -> Stream {
    match subscribe(client, path).await {
        Ok(stream) => stream,
        Err(error) => panic!("events: {error}"),
    }
}

/// Open [`EVENTS`] at `base_url` with [`patient`] options.
async fn open_at(base_url: &str) -> Stream {
    open(&client(base_url, patient()), EVENTS).await
}

/// A `text/event-stream` answer.
fn sse(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), "text/event-stream")
}

/// A wiremock server answering every request with `body`, and a stream open on it.
async fn serving(body: impl Into<Vec<u8>>) -> (MockServer, Stream) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(EVENTS))
        .respond_with(sse(body))
        .mount(&server)
        .await;
    let stream = open_at(&server.uri()).await;
    (server, stream)
}

/// Run `test`, failing it if it takes longer than 10 s (a stream that never ends would hang).
async fn bounded<F: Future>(test: F) -> F::Output {
    match tokio::time::timeout(Duration::from_secs(10), test).await {
        Ok(output) => output,
        Err(_) => panic!("the test did not finish within 10 s"),
    }
}

async fn next_event(stream: &mut Stream) -> Event<Published> {
    match stream.next().await {
        Some(Ok(event)) => event,
        other => panic!("expected an event, got {other:?}"),
    }
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[test]
fn event_streams_are_send_and_unpin() {
    fn check<T: Send + Unpin>() {}
    check::<Stream>();
}

#[tokio::test]
async fn particle_framing_decodes_into_typed_events() {
    bounded(async {
        let server = MockServer::start().await;
        let body = format!(":ok\n\nevent: temperature\ndata: {TEMPERATURE}\n\n");
        Mock::given(method("GET"))
            .and(path("/v1/events/temp"))
            .and(header("accept", "text/event-stream"))
            .and(header("authorization", "Bearer 0123456789abcdef"))
            .respond_with(sse(body))
            .mount(&server)
            .await;
        let mut stream = open(&client(&server.uri(), patient()), "/v1/events/temp").await;
        let expected = Event {
            name: "temperature".to_owned(),
            data: published("25.34"),
            id: None,
        };
        assert_eq!(next_event(&mut stream).await, expected);
    })
    .await;
}

#[tokio::test]
async fn keep_alives_are_skipped_between_events_and_the_default_name_is_message() {
    bounded(async {
        let unnamed = format!("data: {TEMPERATURE}\n\n");
        let body = format!(
            ":ok\n\n{}:\n\n\n:ok\n\n{}{unnamed}",
            frame("a", "1"),
            frame("b", "2")
        );
        let (_server, mut stream) = serving(body).await;
        let mut seen = Vec::new();
        for _ in 0..3 {
            let event = next_event(&mut stream).await;
            seen.push((event.name, event.data));
        }
        let names = seen
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>();
        assert_eq!(
            names,
            ["a", "b", "message"],
            "an event without a name is a `message`"
        );
        assert_eq!(seen.first().map(|(_, data)| data), Some(&published("1")));
    })
    .await;
}

#[tokio::test]
async fn undecodable_data_is_an_error_and_the_stream_goes_on() {
    bounded(async {
        let body = format!("event: broken\ndata: not json\n\n{}", frame("fine", "3"));
        let (_server, mut stream) = serving(body).await;
        let error = match stream.next().await {
            Some(Err(error)) => error,
            other => panic!("expected Error::Event, got {other:?}"),
        };
        assert!(error.to_string().contains("`broken`"), "{error}");
        assert_eq!(error.status(), None);
        let Error::Event { name, data, .. } = error else {
            panic!("expected Error::Event, got {error:?}")
        };
        assert_eq!((name.as_str(), data.as_str()), ("broken", "not json"));
        assert_eq!(next_event(&mut stream).await.data, published("3"));
    })
    .await;
}

#[tokio::test]
async fn a_refused_connect_is_the_error_of_events() {
    bounded(async {
        let server = MockServer::start().await;
        let body = r#"{"error":"invalid_token","error_description":"The access token provided is invalid"}"#;
        let refusal = ResponseTemplate::new(401).set_body_raw(body, "application/json");
        Mock::given(method("GET")).respond_with(refusal).expect(1).mount(&server).await;
        let client = client(&server.uri(), patient());
        match subscribe(&client, EVENTS).await {
            Err(Error::Api { status: 401, body, .. }) => {
                assert_eq!(body.error.as_deref(), Some("invalid_token"));
                assert_eq!(body.error_description.as_deref(), Some("The access token provided is invalid"));
            }
            other => panic!("expected a decoded 401, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_closed_connection_is_reconnected() {
    bounded(async {
        let (server, mut stream) =
            serving(format!(":ok\n\n{}{}", frame("a", "1"), frame("b", "2"))).await;
        let mut names = Vec::new();
        for _ in 0..5 {
            names.push(next_event(&mut stream).await.name);
        }
        assert_eq!(names, ["a", "b", "a", "b", "a"]);
        let requests = requests(&server).await;
        assert_eq!(requests.len(), 3);
        assert!(
            requests
                .iter()
                .all(|r| !r.headers.contains_key("last-event-id")),
            "no id was seen"
        );
    })
    .await;
}

#[tokio::test]
async fn a_reconnect_sends_the_last_event_id() {
    bounded(async {
        let server = MockServer::start().await;
        // Mounted first, so it wins over the first answer for the request it matches.
        let resumed = sse(format!("id: 3\n{}", frame("c", "3")));
        Mock::given(header("last-event-id", "2"))
            .respond_with(resumed)
            .mount(&server)
            .await;
        let first = sse(format!(
            "id: 1\n{}id: 2\n{}",
            frame("a", "1"),
            frame("b", "2")
        ));
        Mock::given(method("GET"))
            .respond_with(first)
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let mut stream = open_at(&server.uri()).await;
        let mut seen = Vec::new();
        for _ in 0..3 {
            let event = next_event(&mut stream).await;
            seen.push(format!("{}#{}", event.name, event.id.unwrap_or_default()));
        }
        assert_eq!(seen, ["a#1", "b#2", "c#3"]);
        let sent: Vec<_> = requests(&server)
            .await
            .iter()
            .map(|r| r.headers.get("last-event-id").cloned())
            .collect();
        assert_eq!(sent.first(), Some(&None));
        assert_eq!(
            sent.get(1)
                .cloned()
                .flatten()
                .as_ref()
                .map(|id| id.as_bytes()),
            Some(&b"2"[..])
        );
    })
    .await;
}

/// A first connection with one event, then `status` for every reconnect.
async fn one_event_then(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(sse(frame("a", "1")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let failure = ResponseTemplate::new(status)
        .set_body_raw(r#"{"error":"unavailable"}"#, "application/json");
    Mock::given(method("GET"))
        .respond_with(failure)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn failed_reconnects_end_the_stream_after_max_reconnects() {
    bounded(async {
        let server = one_event_then(503).await;
        let items: Vec<_> = open_at(&server.uri()).await.collect().await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(
            matches!(items.first(), Some(Ok(event)) if event.name == "a"),
            "{items:?}"
        );
        assert!(
            matches!(items.get(1), Some(Err(error)) if error.status() == Some(503)),
            "{items:?}"
        );
        assert_eq!(requests(&server).await.len(), 1 + 3);
    })
    .await;
}

#[tokio::test]
async fn a_refused_reconnect_ends_the_stream_at_once() {
    bounded(async {
        let server = one_event_then(403).await;
        let mut stream = open_at(&server.uri()).await;
        assert_eq!(next_event(&mut stream).await.name, "a");
        let refused = stream.next().await;
        assert!(
            matches!(refused, Some(Err(Error::Api { status: 403, .. }))),
            "{refused:?}"
        );
        assert!(stream.next().await.is_none());
        assert!(stream.next().await.is_none(), "an ended stream stays ended");
        assert_eq!(requests(&server).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn without_reconnects_the_stream_ends_with_its_connection() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(sse(frame("a", "1")))
            .mount(&server)
            .await;
        let stream = open(
            &client(&server.uri(), options(Duration::from_secs(5), 0)),
            EVENTS,
        )
        .await;
        let items: Vec<_> = stream.collect().await;
        assert!(
            matches!(items.as_slice(), [Ok(event)] if event.name == "a"),
            "{items:?}"
        );
        assert_eq!(requests(&server).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_invalid_byte_becomes_a_replacement_character() {
    bounded(async {
        // U+0001 stands in for the byte 0xFF, which no Rust string can hold.
        let mut body = frame("a", "x\u{1}y").into_bytes();
        body.iter_mut()
            .filter(|byte| **byte == 1)
            .for_each(|byte| *byte = 0xff);
        let (_server, mut stream) = serving(body).await;
        assert_eq!(next_event(&mut stream).await.data, published("x\u{fffd}y"));
    })
    .await;
}

/// A hand-rolled HTTP server for what wiremock cannot do: pause in the middle of a body.
struct Stalling {
    base_url: String,
    connections: Arc<AtomicUsize>,
    closed: Arc<AtomicBool>,
}

impl Stalling {
    /// Answer every connection with `chunks`, each after `gap`, `{n}` replaced by the number of
    /// the connection; then send nothing more, until the client closes it.
    async fn start(chunks: Vec<Vec<u8>>, gap: Duration) -> Self {
        let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
            panic!("cannot bind")
        };
        let Ok(address) = listener.local_addr() else {
            panic!("no local address")
        };
        let (connections, closed) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let (counter, flag) = (connections.clone(), closed.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let n = (counter.fetch_add(1, Ordering::SeqCst) + 1).to_string();
                let numbered = |chunk: &Vec<u8>| match std::str::from_utf8(chunk) {
                    Ok(text) => text.replace("{n}", &n).into_bytes(),
                    Err(_) => chunk.clone(),
                };
                tokio::spawn(serve(
                    socket,
                    chunks.iter().map(numbered).collect(),
                    gap,
                    flag.clone(),
                ));
            }
        });
        Self {
            base_url: format!("http://{address}"),
            connections,
            closed,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut socket: TcpStream,
    chunks: Vec<Vec<u8>>,
    gap: Duration,
    closed: Arc<AtomicBool>,
) {
    let (mut request, mut buffer) = (Vec::new(), [0_u8; 1024]);
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(buffer.get(..n).unwrap_or_default()),
        }
    }
    // No Content-Length: the body runs until the connection closes.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
    if socket.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    for chunk in chunks {
        tokio::time::sleep(gap).await;
        if socket.write_all(&chunk).await.is_err() || socket.flush().await.is_err() {
            return;
        }
    }
    if let Ok(0) = socket.read(&mut buffer).await {
        closed.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn an_idle_connection_is_dropped_and_reconnected() {
    bounded(async {
        let server = Stalling::start(
            vec![format!(":ok\n\n{}", frame("a", "{n}")).into()],
            Duration::ZERO,
        )
        .await;
        let mut stream = open(
            &client(&server.base_url, options(Duration::from_millis(300), 3)),
            EVENTS,
        )
        .await;
        assert_eq!(next_event(&mut stream).await.data, published("1"));
        let second = next_event(&mut stream).await;
        assert_eq!(
            second.data,
            published("2"),
            "a second connection after 300 ms of silence"
        );
        assert_eq!(server.connections(), 2);
    })
    .await;
}

#[tokio::test]
async fn keep_alives_keep_a_quiet_connection_open_past_the_request_timeout() {
    bounded(async {
        // Seven keep-alives 100 ms apart, then an event: 800 ms without an event, but never 400 ms
        // (the idle timeout) without a byte. Requests of this client time out after 200 ms, which
        // must not apply to a stream.
        let keep_alives =
            [":ok\n\n", ":ok\n\n", ":ok\n\n", "\n", ":\n\n", "\n", "\n"].map(Vec::from);
        let chunks = [&keep_alives[..], &[frame("late", "{n}").into()]].concat();
        let server = Stalling::start(chunks, Duration::from_millis(100)).await;
        let idle = options(Duration::from_millis(400), 3);
        let builder = common::local(&server.base_url)
            .timeout(Duration::from_millis(200))
            .stream_options(idle);
        let client = common::build(common::with_token(builder, "t"));
        let mut stream = open(&client, EVENTS).await;
        assert_eq!(next_event(&mut stream).await.data, published("1"));
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_character_split_between_chunks_decodes() {
    bounded(async {
        // "é" is two bytes; the first chunk ends between them.
        let body = frame("a", "caf\u{e9}").into_bytes();
        let cut = body
            .iter()
            .position(|&byte| byte == 0xc3)
            .unwrap_or_default()
            + 1;
        let (head, tail) = body.split_at(cut);
        let server = Stalling::start(
            vec![head.to_vec(), tail.to_vec()],
            Duration::from_millis(20),
        )
        .await;
        let mut stream = open_at(&server.base_url).await;
        assert_eq!(next_event(&mut stream).await.data, published("caf\u{e9}"));
    })
    .await;
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    bounded(async {
        let server = Stalling::start(vec![frame("a", "{n}").into()], Duration::ZERO).await;
        let mut stream = open_at(&server.base_url).await;
        assert_eq!(next_event(&mut stream).await.name, "a");
        drop(stream);
        while !server.closed.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

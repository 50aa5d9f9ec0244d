//! Bounded reads against local HTTP servers on 127.0.0.1 (wiremock; a hand-rolled server for
//! chunked and endless bodies): `max_body_size` by `Content-Length` and while reading, error
//! answers included, the default limit, and `max_event_size` on event streams.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{DEVICE_ID, TOKEN, json, received, within};
use futures_util::StreamExt;
use particle_client::models::{DeviceInfo, ErrorBody, EventData};
use particle_client::{
    Client, DEFAULT_MAX_BODY_SIZE, Error, Event, EventStream, RetryPolicy, StreamOptions,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The body limit of the [`limited`] clients.
const LIMIT: u64 = 1024;

/// The request id the answers carry.
const REQUEST_ID: &str = "req-limits-7";

/// A client of `base_url` reading at most [`LIMIT`] bytes of a body, never retrying.
fn limited(base_url: &str) -> Client {
    let built = Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .max_body_size(LIMIT);
    match built.build() {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

/// A device as JSON text of exactly `size` bytes (its name pads it).
fn device_of_size(size: u64) -> String {
    let bare = format!(r#"{{"id":"{DEVICE_ID}","name":""}}"#);
    let Some(padding) = usize::try_from(size)
        .ok()
        .and_then(|size| size.checked_sub(bare.len()))
    else {
        panic!("{size} bytes is too small for a device")
    };
    let text = format!(r#"{{"id":"{DEVICE_ID}","name":"{}"}}"#, "n".repeat(padding));
    assert_eq!(text.len() as u64, size);
    text
}

/// `GET /v1/devices/{DEVICE_ID}` answering `status` with `body` (with its `Content-Length`).
async fn device_server(status: u16, body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(json(status, &body).insert_header("x-request-id", REQUEST_ID))
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn get_device(client: &Client) -> Result<DeviceInfo, Error<ErrorBody>> {
    within(client.get_device(DEVICE_ID)).await
}

/// Fails unless `result` is a `TooLarge` of `status` and `limit` that kept the answer's headers
/// and names the limit in its `Display`.
fn assert_too_large<T: std::fmt::Debug>(
    result: Result<T, Error<ErrorBody>>,
    status: u16,
    limit: u64,
    shown_limit: &str,
) {
    let error = match result {
        Err(error @ Error::TooLarge { .. }) => error,
        other => panic!("expected TooLarge, got {other:?}"),
    };
    let Error::TooLarge {
        status: got,
        limit: got_limit,
        ref headers,
        ..
    } = error
    else {
        panic!("not TooLarge")
    };
    assert_eq!((got, got_limit), (status, limit), "{error:?}");
    assert_eq!(
        headers.get("x-request-id").and_then(|v| v.to_str().ok()),
        Some(REQUEST_ID),
        "the answer's headers are kept"
    );
    assert_eq!(error.status(), Some(status));
    assert!(
        error
            .headers()
            .is_some_and(|h| h.contains_key("x-request-id"))
    );
    assert_eq!(error.text(), None, "nothing of the body is kept");
    let shown = error.to_string();
    assert!(
        shown.starts_with("get_device (GET /v1/devices/{deviceId}): "),
        "{shown}"
    );
    assert!(
        shown.ends_with(&format!("larger than the limit of {shown_limit}")),
        "{shown}"
    );
}

#[tokio::test]
async fn an_answer_over_the_limit_by_its_content_length_is_too_large() {
    let server = device_server(200, device_of_size(LIMIT + 1)).await;
    assert_too_large(
        get_device(&limited(&server.uri())).await,
        200,
        LIMIT,
        "1 KiB",
    );
}

#[tokio::test]
async fn an_answer_exactly_at_the_limit_decodes() {
    let server = device_server(200, device_of_size(LIMIT)).await;
    match get_device(&limited(&server.uri())).await {
        Ok(device) => {
            assert_eq!(device.id, DEVICE_ID);
            let name = device.name.into_value().unwrap_or_default();
            assert!(
                name.len() > 900 && name.bytes().all(|b| b == b'n'),
                "{name:?}"
            );
        }
        Err(error) => panic!("a body of exactly the limit: {error}"),
    }
}

#[tokio::test]
async fn an_error_answer_over_the_limit_is_too_large_not_unexpected_status() {
    let server = device_server(500, device_of_size(2 * LIMIT)).await;
    assert_too_large(
        get_device(&limited(&server.uri())).await,
        500,
        LIMIT,
        "1 KiB",
    );
}

#[tokio::test]
async fn an_error_answer_within_the_limit_is_still_read() {
    // The control for the test above: the same 500, small enough, is an ordinary error answer.
    let server = device_server(500, r#"{"error":"boom"}"#.to_owned()).await;
    match get_device(&limited(&server.uri())).await {
        Err(Error::Api {
            status: 500, body, ..
        }) => assert_eq!(body.error.as_deref(), Some("boom")),
        other => panic!("expected the decoded 500, got {other:?}"),
    }
}

/// A hand-rolled HTTP/1.1 server for what wiremock cannot do: a chunked body, pauses between
/// writes, a body that never ends.
struct Raw {
    base_url: String,
    connections: Arc<AtomicUsize>,
    /// Set once a write failed or the client closed the connection.
    hung_up: Arc<AtomicBool>,
}

/// The pause between two writes of [`Raw`].
const GAP: Duration = Duration::from_millis(30);

impl Raw {
    /// Answer every connection with `head` (status line and headers, without the blank line),
    /// then `writes` one by one, then `endless` over and over until the client goes away.
    async fn start(head: &str, writes: Vec<Vec<u8>>, endless: Option<Vec<u8>>) -> Self {
        let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
            panic!("cannot bind")
        };
        let Ok(address) = listener.local_addr() else {
            panic!("no local address")
        };
        let connections = Arc::new(AtomicUsize::new(0));
        let hung_up = Arc::new(AtomicBool::new(false));
        let head = format!("{head}\r\n\r\n").into_bytes();
        let (counter, flag) = (connections.clone(), hung_up.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let answer = answer(socket, head.clone(), writes.clone(), endless.clone());
                let flag = flag.clone();
                tokio::spawn(async move {
                    answer.await;
                    flag.store(true, Ordering::SeqCst);
                });
            }
        });
        Self {
            base_url: format!("http://{address}"),
            connections,
            hung_up,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Wait until the client went away (bound it with [`within`]).
    async fn wait_hung_up(&self) {
        while !self.hung_up.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Serve one connection; returns when the client went away.
async fn answer(
    mut socket: TcpStream,
    head: Vec<u8>,
    writes: Vec<Vec<u8>>,
    endless: Option<Vec<u8>>,
) {
    let (mut request, mut buffer) = (Vec::new(), [0_u8; 1024]);
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(buffer.get(..n).unwrap_or_default()),
        }
    }
    if socket.write_all(&head).await.is_err() {
        return;
    }
    for write in writes {
        tokio::time::sleep(GAP).await;
        if socket.write_all(&write).await.is_err() || socket.flush().await.is_err() {
            return;
        }
    }
    if let Some(piece) = endless {
        tokio::time::sleep(GAP).await;
        loop {
            if socket.write_all(&piece).await.is_err() {
                return;
            }
            tokio::task::yield_now().await;
        }
    }
    // Until the client closes the connection (or sends something else, which ends it too).
    let _ = socket.read(&mut buffer).await;
}

/// The head of a chunked JSON answer with `status`.
fn chunked_head(status: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nx-request-id: {REQUEST_ID}"
    )
}

/// `data` as one chunk of a chunked body.
fn chunk(data: &[u8]) -> Vec<u8> {
    [format!("{:x}\r\n", data.len()).as_bytes(), data, b"\r\n"].concat()
}

/// The chunk that ends a chunked body.
const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

/// `body` as chunks of at most `size` bytes, then the last chunk.
fn chunked(body: &str, size: usize) -> Vec<Vec<u8>> {
    let mut writes: Vec<Vec<u8>> = body.as_bytes().chunks(size).map(chunk).collect();
    writes.push(LAST_CHUNK.to_vec());
    writes
}

#[tokio::test]
async fn a_chunked_answer_growing_past_the_limit_is_too_large() {
    // No Content-Length; no single chunk is over the limit, only their sum.
    let body = device_of_size(LIMIT + 1);
    let server = Raw::start(&chunked_head("200 OK"), chunked(&body, 400), None).await;
    assert_too_large(
        get_device(&limited(&server.base_url)).await,
        200,
        LIMIT,
        "1 KiB",
    );
}

#[tokio::test]
async fn a_chunked_answer_exactly_at_the_limit_decodes() {
    let body = device_of_size(LIMIT);
    let server = Raw::start(&chunked_head("200 OK"), chunked(&body, 400), None).await;
    match get_device(&limited(&server.base_url)).await {
        Ok(device) => assert_eq!(device.id, DEVICE_ID),
        Err(error) => panic!("a chunked body of exactly the limit: {error}"),
    }
}

#[tokio::test]
async fn an_endless_chunked_answer_is_cut_off_at_the_limit() {
    let piece = chunk(&[b' '; 512]);
    let server = Raw::start(&chunked_head("200 OK"), vec![chunk(b"{")], Some(piece)).await;
    assert_too_large(
        get_device(&limited(&server.base_url)).await,
        200,
        LIMIT,
        "1 KiB",
    );
    // Nothing more is read: the client closes the connection, and the server's writes fail.
    within(server.wait_hung_up()).await;
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_any_body_arrives() {
    // The server announces 100000 bytes and sends none: only a check of `Content-Length` before
    // reading answers at once (reading would wait for the body, past the 5 s bound).
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nx-request-id: {REQUEST_ID}"
    );
    let server = Raw::start(&head, Vec::new(), None).await;
    let started = std::time::Instant::now();
    assert_too_large(
        get_device(&limited(&server.base_url)).await,
        200,
        LIMIT,
        "1 KiB",
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    within(server.wait_hung_up()).await;
}

#[tokio::test]
async fn a_chunked_error_answer_over_the_limit_is_too_large() {
    let body = format!(r#"{{"error":"{}"}}"#, "e".repeat(2048));
    let server = Raw::start(&chunked_head("502 Bad Gateway"), chunked(&body, 300), None).await;
    assert_too_large(
        get_device(&limited(&server.base_url)).await,
        502,
        LIMIT,
        "1 KiB",
    );
}

#[test]
fn the_default_limit_is_16_mib() {
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 16 * 1024 * 1024);
}

#[tokio::test]
async fn a_1_mib_answer_decodes_with_the_default_limit() {
    let value = "7".repeat(1 << 20);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/big")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(value.clone(), "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    match within(common::client(&server).get_variable_raw(DEVICE_ID, "big")).await {
        Ok(text) => assert!(
            text.len() == 1 << 20 && text == value,
            "{} bytes",
            text.len()
        ),
        Err(error) => panic!("a 1 MiB answer: {error}"),
    }
}

#[tokio::test]
async fn an_answer_one_byte_over_the_default_limit_is_too_large() {
    let limit = DEFAULT_MAX_BODY_SIZE;
    let server = device_server(200, device_of_size(limit + 1)).await;
    assert_too_large(
        get_device(&common::client(&server)).await,
        200,
        limit,
        "16 MiB",
    );
}

// Event streams.

/// The largest event of the [`small_events`] clients.
const MAX_EVENT: usize = 256;

/// A client of `base_url` whose streams keep events up to [`MAX_EVENT`] bytes and would reconnect
/// quickly.
fn small_events(base_url: &str) -> Client {
    let options = StreamOptions::default()
        .max_event_size(MAX_EVENT)
        .idle_timeout(Duration::from_secs(5))
        .max_reconnects(3)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(20));
    let built = Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .access_token(TOKEN)
        .stream_options(options);
    match built.build() {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

type Events = EventStream<EventData, ErrorBody>;

async fn subscribe(client: &Client) -> Events {
    match within(client.subscribe_my_devices_events_with_prefix("temp")).await {
        Ok(stream) => stream,
        Err(error) => panic!("subscribe: {error}"),
    }
}

/// A normal event (well under [`MAX_EVENT`]).
const TEMPERATURE: &str = "event: temperature\ndata: {\"data\":\"25.34\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n";

/// An event whose data line is 10 KB.
fn huge_event() -> String {
    let payload = "x".repeat(10 * 1024);
    format!(
        "event: huge\ndata: {{\"data\":\"{payload}\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"{DEVICE_ID}\"}}\n\n"
    )
}

/// Every item of `stream` until it ends, failing after 5 s.
async fn drain(stream: Events) -> Vec<Result<Event<EventData>, Error<ErrorBody>>> {
    within(stream.collect::<Vec<_>>()).await
}

/// Fails unless `items` are the temperature event, then `EventTooLarge`, and nothing more.
fn assert_event_then_too_large(items: &[Result<Event<EventData>, Error<ErrorBody>>]) {
    match items {
        [Ok(first), Err(Error::EventTooLarge { operation, limit })] => {
            assert_eq!(first.name, "temperature");
            assert_eq!(first.data.data.as_deref(), Some("25.34"));
            assert_eq!(*limit, MAX_EVENT);
            assert_eq!(operation.name, "subscribe_my_devices_events_with_prefix");
            let shown = items.get(1).map(|item| match item {
                Err(error) => error.to_string(),
                Ok(_) => String::new(),
            });
            assert!(
                shown.is_some_and(
                    |shown| shown.ends_with("an event is larger than the limit of 256 bytes")
                ),
                "{items:?}"
            );
        }
        other => panic!("expected [the event, EventTooLarge] and the end, got {other:?}"),
    }
}

#[tokio::test]
async fn an_event_over_the_limit_in_its_own_write_ends_the_stream() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream";
    let writes = vec![
        format!(":ok\n\n{TEMPERATURE}").into_bytes(),
        huge_event().into_bytes(),
    ];
    let server = Raw::start(head, writes, None).await;
    let items = drain(subscribe(&small_events(&server.base_url)).await).await;
    assert_event_then_too_large(&items);
    assert_eq!(server.connections(), 1, "no reconnect after EventTooLarge");
}

#[tokio::test]
async fn an_event_over_the_limit_right_after_a_normal_one_ends_the_stream() {
    // Both events in one body, so they are likely to arrive in one read: the first still counts.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/events/temp"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(":ok\n\n{TEMPERATURE}{}", huge_event()),
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    let items = drain(subscribe(&small_events(&server.uri())).await).await;
    assert_event_then_too_large(&items);
    assert_eq!(
        received(&server).await.len(),
        1,
        "no reconnect after EventTooLarge"
    );
}

#[tokio::test]
async fn an_endless_line_ends_the_stream_with_event_too_large() {
    // A line that never ends, as data or as a comment: the stream ends instead of buffering it.
    for start in ["data: ", ":"] {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream";
        let writes = vec![format!(":ok\n\n{TEMPERATURE}{start}").into_bytes()];
        let server = Raw::start(head, writes, Some(vec![b'x'; 1024])).await;
        let items = drain(subscribe(&small_events(&server.base_url)).await).await;
        assert_event_then_too_large(&items);
        within(server.wait_hung_up()).await;
        assert_eq!(
            server.connections(),
            1,
            "{start:?}: no reconnect after EventTooLarge"
        );
    }
}

//! Rate limits on the wire against a local HTTP server (wiremock on 127.0.0.1): a call answered
//! 429 or 529 is sent again after the `Retry-After` the answer asks for; an event stream
//! throttled when it opens or when it reconnects waits the same way instead of ending; a status
//! the retry policy does not name is the caller's error at once.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{DEVICE_ID, builder, client, json};
use futures_util::StreamExt;
use particle_client::{Error, RetryPolicy, StreamOptions};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A device as `GET /v1/devices/{deviceId}` answers it.
const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot","online":true}"#;

/// An event of the device's stream.
const EVENT: &str = "event: temperature\ndata: {\"data\":\"25.34\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n";

fn device_path() -> String {
    format!("/v1/devices/{DEVICE_ID}")
}

fn events_path() -> String {
    format!("/v1/devices/{DEVICE_ID}/events")
}

/// A throttled answer with `status`, asking to come back in a second.
fn throttled(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("retry-after", "1")
        .set_body_raw(
            r#"{"error":"too_many_requests","error_description":"Slow down"}"#,
            "application/json",
        )
}

/// An event-stream answer with `events`.
fn sse(events: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(format!(":ok\n\n{events}"), "text/event-stream")
}

/// `first` answers `GET at` once; every later request gets `then`.
async fn once_then(server: &MockServer, at: &str, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

/// Both statuses Particle's documentation names for a throttled client are retried, after the
/// wait the answer asks for (and not much longer: the jitter adds a tenth at most).
#[tokio::test]
async fn a_throttled_call_is_sent_again_after_retry_after() {
    for status in [429, 529] {
        let server = MockServer::start().await;
        once_then(
            &server,
            &device_path(),
            throttled(status),
            json(200, DEVICE),
        )
        .await;
        let start = Instant::now();
        let device = client(&server)
            .get_device(DEVICE_ID)
            .await
            .unwrap_or_else(|error| panic!("{status}: {error}"));
        let waited = start.elapsed();
        assert_eq!(device.id, DEVICE_ID);
        assert_eq!(requests(&server).await, 2, "{status}");
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_millis(2500),
            "{status}: waited {waited:?}"
        );
    }
}

/// The statuses retried are the policy's when it names them: 529 is then the caller's error,
/// with its `Retry-After` to read.
#[tokio::test]
async fn a_policy_with_its_own_statuses_leaves_529_to_the_caller() {
    let server = MockServer::start().await;
    once_then(&server, &device_path(), throttled(529), json(200, DEVICE)).await;
    let client =
        common::build(builder(&server).retry_policy(RetryPolicy::default().statuses([429, 503])));
    match client.get_device(DEVICE_ID).await {
        Err(error @ Error::Api { status: 529, .. }) => {
            let retry_after = error
                .headers()
                .and_then(|headers| headers.get("retry-after"))
                .and_then(|value| value.to_str().ok());
            assert_eq!(retry_after, Some("1"));
        }
        other => panic!("expected the 529 answer, got {other:?}"),
    }
    assert_eq!(requests(&server).await, 1);
}

/// A stream throttled when it opens waits as asked and opens; before, a 529 here ended it.
#[tokio::test]
async fn an_event_stream_throttled_when_it_opens_waits_and_opens() {
    for status in [429, 529] {
        let server = MockServer::start().await;
        once_then(&server, &events_path(), throttled(status), sse(EVENT)).await;
        let start = Instant::now();
        let mut stream = client(&server)
            .subscribe_device_events(DEVICE_ID)
            .await
            .unwrap_or_else(|error| panic!("{status}: {error}"));
        let event = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("an event within 5 s")
            .expect("the stream goes on")
            .expect("an event, not an error");
        assert_eq!(event.name, "temperature");
        assert!(start.elapsed() >= Duration::from_secs(1), "{status}");
        assert_eq!(requests(&server).await, 2, "{status}");
    }
}

/// A stream whose connection ends reconnects; a throttled reconnect waits the `Retry-After`
/// (not the 10 ms backoff the client is set to) and the stream goes on.
#[tokio::test]
async fn a_throttled_reconnect_waits_as_asked_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    // First connection: one event, then the body ends (the server closed it).
    Mock::given(method("GET"))
        .and(path(events_path()))
        .respond_with(sse(EVENT))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    // The first reconnect is throttled; the next one gets the event again.
    Mock::given(method("GET"))
        .and(path(events_path()))
        .respond_with(throttled(529))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(events_path()))
        .respond_with(sse(EVENT))
        .with_priority(3)
        .mount(&server)
        .await;
    let options = StreamOptions::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_secs(5));
    let client = common::build(builder(&server).stream_options(options));
    let mut stream = client
        .subscribe_device_events(DEVICE_ID)
        .await
        .expect("subscribe");
    let first = stream.next().await.expect("an item").expect("an event");
    let start = Instant::now();
    let second = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .expect("the second event within 5 s")
        .expect("the stream goes on")
        .expect("an event, not the 529");
    assert_eq!(
        (first.name.as_str(), second.name.as_str()),
        ("temperature", "temperature")
    );
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        start.elapsed()
    );
    assert_eq!(requests(&server).await, 3);
}

/// A refusal is not throttling: a 401 when the stream opens is the error at once.
#[tokio::test]
async fn a_refused_stream_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(events_path()))
        .respond_with(json(
            401,
            r#"{"error":"invalid_token","error_description":"The access token provided is invalid."}"#,
        ))
        .mount(&server)
        .await;
    match client(&server).subscribe_device_events(DEVICE_ID).await {
        Err(Error::Api { status: 401, .. }) => {}
        Err(other) => panic!("expected the 401, got {other}"),
        Ok(_) => panic!("expected the 401, got a stream"),
    }
    assert_eq!(requests(&server).await, 1);
}

//! Seeing and shaping what the client sends, against a local HTTP server (wiremock on 127.0.0.1):
//! hooks on every attempt's request and answer, default headers, a caller's own
//! `reqwest::Client`, and per-call timeout, retry policy and headers.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{DEVICE_ID, bearer, build, builder, json, quick_retries as quick, received, within};
use particle_client::reqwest::header::{HeaderMap, HeaderValue};
use particle_client::{Error, Hook, Operation, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot"}"#;

fn device_path() -> String {
    format!("/v1/devices/{DEVICE_ID}")
}

/// What a [`Recorder`] saw, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    /// A request: the operation, the HTTP method and the URL path.
    Request(&'static str, String, String),
    /// An answer: the operation and the status.
    Answer(&'static str, u16),
}

/// A hook that records every request and answer, and adds `x-hooked: <name>` to each request.
#[derive(Clone)]
struct Recorder {
    name: &'static str,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            seen: Arc::default(),
        }
    }

    fn seen(&self) -> Vec<Seen> {
        match self.seen.lock() {
            Ok(seen) => seen.clone(),
            Err(_) => panic!("poisoned"),
        }
    }

    fn push(&self, seen: Seen) {
        match self.seen.lock() {
            Ok(mut all) => all.push(seen),
            Err(_) => panic!("poisoned"),
        }
    }
}

impl Hook for Recorder {
    fn on_request(&self, operation: &Operation, request: &mut reqwest::Request) {
        self.push(Seen::Request(
            operation.name,
            request.method().to_string(),
            request.url().path().to_owned(),
        ));
        // Hooks run in the order registered: each appends `>name` to what the ones before set (not
        // `,`: wiremock's header matcher splits values at commas).
        let before = request
            .headers()
            .get("x-hooked")
            .and_then(|value| value.to_str().ok())
            .map(|value| format!("{value}>"))
            .unwrap_or_default();
        match HeaderValue::from_str(&format!("{before}{}", self.name)) {
            Ok(value) => request.headers_mut().insert("x-hooked", value),
            Err(error) => panic!("header value: {error}"),
        };
    }

    fn on_response(&self, operation: &Operation, response: &reqwest::Response) {
        self.push(Seen::Answer(operation.name, response.status().as_u16()));
    }
}

#[tokio::test]
async fn a_hook_sees_every_attempt_and_its_header_reaches_the_server() {
    let server = MockServer::start().await;
    // Only a request carrying the hook's header is answered at all (wiremock says 404 otherwise):
    // first a 503, which the client retries, then the device.
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-hooked", "first"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-hooked", "first"))
        .respond_with(json(200, DEVICE))
        .expect(1)
        .mount(&server)
        .await;
    let hook = Recorder::new("first");
    let client = build(builder(&server).retry_policy(quick(2)).hook(hook.clone()));
    let device = match within(client.get_device(DEVICE_ID)).await {
        Ok(device) => device,
        Err(error) => panic!("get_device: {error}"),
    };
    assert_eq!(device.name.as_deref(), Some("gongbot"));
    let request = Seen::Request("get_device", "GET".to_owned(), device_path());
    assert_eq!(
        hook.seen(),
        [
            request.clone(),
            Seen::Answer("get_device", 503),
            request,
            Seen::Answer("get_device", 200),
        ]
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn hooks_run_in_the_order_registered_and_see_error_answers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-hooked", "first>second"))
        .respond_with(json(404, r#"{"error":"not found"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let (first, second) = (Recorder::new("first"), Recorder::new("second"));
    let client = build(
        builder(&server)
            .retry_policy(quick(2))
            .hook(first.clone())
            .hook(second.clone()),
    );
    match within(client.get_device(DEVICE_ID)).await {
        Err(Error::Api { status: 404, .. }) => {}
        other => panic!("expected the 404 (the server saw both hooks' header), got {other:?}"),
    }
    for hook in [first, second] {
        let answers: Vec<Seen> = hook
            .seen()
            .into_iter()
            .filter(|seen| matches!(seen, Seen::Answer(..)))
            .collect();
        assert_eq!(
            answers,
            [Seen::Answer("get_device", 404)],
            "hook {}",
            hook.name
        );
    }
}

#[tokio::test]
async fn default_headers_go_on_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-app", "inventory/1.2"))
        .and(header("x-tenant", "42"))
        .and(bearer())
        .respond_with(json(200, DEVICE))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/devices"))
        .and(header("x-app", "inventory/1.2"))
        .and(header("x-tenant", "42"))
        .and(bearer())
        .respond_with(json(200, &format!("[{DEVICE}]")))
        .expect(1)
        .mount(&server)
        .await;
    let client = build(
        builder(&server)
            .default_header("x-app", "inventory/1.2")
            .default_header("x-tenant", "42"),
    );
    if let Err(error) = within(client.get_device(DEVICE_ID)).await {
        panic!("get_device: {error}");
    }
    match within(client.list_devices()).await {
        Ok(devices) => assert_eq!(devices.len(), 1),
        Err(error) => panic!("list_devices: {error}"),
    }
    for request in received(&server).await {
        let values: Vec<_> = request.headers.get_all("x-app").iter().collect();
        assert_eq!(values, ["inventory/1.2"], "sent once on {}", request.url);
    }
}

#[tokio::test]
async fn an_invalid_default_header_is_a_build_error() {
    let server = MockServer::start().await;
    match builder(&server).default_header("bad header", "x").build() {
        Err(particle_client::BuildError::InvalidHeader(name)) => assert_eq!(name, "bad header"),
        other => panic!("expected InvalidHeader, got {other:?}"),
    }
}

#[tokio::test]
async fn a_callers_own_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("user-agent", "my-fleet-tool/9.1"))
        .and(header("x-from-http-client", "yes"))
        .and(bearer())
        .respond_with(json(200, DEVICE))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = HeaderMap::new();
    headers.insert("x-from-http-client", HeaderValue::from_static("yes"));
    let http = match particle_client::reqwest::Client::builder()
        .user_agent("my-fleet-tool/9.1")
        .default_headers(headers)
        .build()
    {
        Ok(http) => http,
        Err(error) => panic!("reqwest client: {error}"),
    };
    // The builder's own user agent would be `particle-client/…`: the caller's client wins.
    let client = build(builder(&server).http_client(http));
    match within(client.get_device(DEVICE_ID)).await {
        Ok(device) => assert_eq!(device.id, DEVICE_ID),
        Err(error) => panic!("get_device through the caller's client: {error}"),
    }
}

#[tokio::test]
async fn without_an_own_client_the_crate_user_agent_is_sent() {
    // The control for the test above: the header it matches is not what the crate sends itself.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, DEVICE))
        .mount(&server)
        .await;
    if let Err(error) = within(build(builder(&server)).get_device(DEVICE_ID)).await {
        panic!("get_device: {error}");
    }
    let requests = received(&server).await;
    let agents: Vec<_> = requests
        .iter()
        .map(|request| {
            request
                .headers
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
        })
        .collect();
    assert_eq!(
        agents,
        [Some(concat!("particle-client/", env!("CARGO_PKG_VERSION")))]
    );
    assert!(
        !requests
            .iter()
            .any(|r| r.headers.contains_key("x-from-http-client"))
    );
}

#[tokio::test]
async fn a_per_call_timeout_applies_to_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .respond_with(json(200, DEVICE).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/slow-but-fine"))
        .respond_with(json(200, DEVICE).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    // The client's own timeout is long and it does not retry, so only the call's timeout can end
    // the first call early.
    let client = build(
        builder(&server)
            .timeout(Duration::from_secs(30))
            .retry_policy(RetryPolicy::none()),
    );
    let started = Instant::now();
    let result = within(
        client
            .get_device(DEVICE_ID)
            .timeout(Duration::from_millis(100)),
    )
    .await;
    let took = started.elapsed();
    match result {
        Err(error) if error.is_timeout() => {}
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(took < Duration::from_secs(1), "the call took {took:?}");
    assert_eq!(received(&server).await.len(), 1);
    // The next call, without the override, waits out a 300 ms answer: the client is unchanged.
    match within(client.get_device("slow-but-fine")).await {
        Ok(device) => assert_eq!(device.id, DEVICE_ID),
        Err(error) => panic!("the client's own timeout applies again: {error}"),
    }
}

#[tokio::test]
async fn a_per_call_retry_policy_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = build(builder(&server).retry_policy(quick(3)));
    match within(
        client
            .get_device(DEVICE_ID)
            .retry_policy(RetryPolicy::none()),
    )
    .await
    {
        Err(error) => assert_eq!(error.status(), Some(503), "{error}"),
        Ok(device) => panic!("expected the 503, got {device:?}"),
    }
    assert_eq!(received(&server).await.len(), 1, "sent once");
    // The client's own policy still retries: 1 + 3 attempts.
    match within(client.get_device(DEVICE_ID)).await {
        Err(error) => assert_eq!(error.status(), Some(503), "{error}"),
        Ok(device) => panic!("expected the 503, got {device:?}"),
    }
    assert_eq!(received(&server).await.len(), 1 + 4);
    // And a call may retry more than its client.
    let strict = build(builder(&server).retry_policy(RetryPolicy::none()));
    if within(strict.get_device(DEVICE_ID).retry_policy(quick(1)))
        .await
        .is_ok()
    {
        panic!("expected the 503");
    }
    assert_eq!(received(&server).await.len(), 1 + 4 + 2);
}

#[tokio::test]
async fn a_per_call_header_reaches_the_server_for_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-trace", "1"))
        .and(header("x-app", "inventory/1.2"))
        .respond_with(json(200, DEVICE).insert_header("x-traced", "yes"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .respond_with(json(200, DEVICE))
        .expect(1)
        .mount(&server)
        .await;
    let client = build(builder(&server).default_header("x-app", "inventory/1.2"));
    match within(
        client
            .get_device(DEVICE_ID)
            .header("x-trace", "1")
            .with_response(),
    )
    .await
    {
        Ok(answer) => assert_eq!(answer.header("x-traced"), Some("yes")),
        Err(error) => panic!("get_device: {error}"),
    }
    match within(client.get_device(DEVICE_ID).with_response()).await {
        Ok(answer) => assert_eq!(
            answer.header("x-traced"),
            None,
            "no x-trace on the next call"
        ),
        Err(error) => panic!("get_device: {error}"),
    }
    let traced: Vec<bool> = received(&server)
        .await
        .iter()
        .map(|request| request.headers.contains_key("x-trace"))
        .collect();
    assert_eq!(traced, [true, false]);
}

#[tokio::test]
async fn a_per_call_header_is_sent_on_every_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-trace", "1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(device_path()))
        .and(header("x-trace", "1"))
        .respond_with(json(200, DEVICE))
        .mount(&server)
        .await;
    let client = build(builder(&server).retry_policy(quick(2)));
    if let Err(error) = within(client.get_device(DEVICE_ID).header("x-trace", "1")).await {
        panic!("get_device: {error}");
    }
    assert_eq!(received(&server).await.len(), 2);
}

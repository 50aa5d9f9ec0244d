//! Retries on the wire: which answers and errors are sent again, how often, and how long the
//! client waits, against a real local HTTP server (wiremock on 127.0.0.1).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::time::{Duration, Instant, SystemTime};

use client_runtime::{Call, Client, Error, Operation, Request, RetryPolicy, error_json, form_body};
use serde::{Deserialize, Serialize};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Waits long enough that a test which actually waited them would obviously fail its time bound.
const LONG: Duration = Duration::from_secs(20);

/// Exact waits (no jitter: these tests measure the computed ones; the jitter's bounds are the
/// unit tests' of `retry.rs`).
fn policy(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .jitter(false)
        .max_retries(max_retries)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(20))
        .retry_non_idempotent(false)
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    common::build(common::local(server.uri()).retry_policy(policy))
}

fn request(method: reqwest::Method) -> Request {
    Request::new(method, "/v1/devices")
}

/// Send `request` and return the status of the answer the client hands back.
async fn status_of(client: &Client, request: Request) -> u16 {
    match common::send(client, request).await {
        Ok(response) => response.status().as_u16(),
        Err(error) => error
            .status()
            .unwrap_or_else(|| panic!("send failed: {error}")),
    }
}

async fn requests_seen(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len())
}

async fn mount(server: &MockServer, status: u16, times: Option<u64>) {
    let mock = Mock::given(path("/v1/devices")).respond_with(ResponseTemplate::new(status));
    let mock = match times {
        Some(times) => mock.up_to_n_times(times),
        None => mock,
    };
    mock.mount(server).await;
}

#[tokio::test]
async fn two_503_then_200_is_a_success_after_three_requests() {
    let server = MockServer::start().await;
    mount(&server, 503, Some(2)).await;
    mount(&server, 200, None).await;
    let status = status_of(&client(&server, policy(2)), request(reqwest::Method::GET)).await;
    assert_eq!(status, 200);
    assert_eq!(requests_seen(&server).await, 3);
}

#[test]
fn the_default_policy_retries_twice_from_500_ms_up_to_30_s() {
    let default = RetryPolicy::default();
    assert_eq!(default.max_retries, 2);
    assert_eq!(default.initial_backoff, Duration::from_millis(500));
    assert_eq!(default.max_backoff, Duration::from_secs(30));
    assert!(!default.retry_non_idempotent);
    assert_eq!(RetryPolicy::none().max_retries, 0);
}

#[tokio::test]
async fn retry_after_zero_is_honoured_over_a_long_backoff() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/devices"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, None).await;
    let slow = policy(2).initial_backoff(LONG).max_backoff(LONG);
    let started = Instant::now();
    let status = status_of(&client(&server, slow), request(reqwest::Method::GET)).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn retry_after_seconds_are_waited_instead_of_the_backoff() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/devices"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, None).await;
    let patient = policy(2).max_backoff(Duration::from_secs(5));
    let started = Instant::now();
    let status = status_of(&client(&server, patient), request(reqwest::Method::GET)).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
}

/// An HTTP-date (IMF-fixdate) `offset_secs` from now.
fn http_date(offset_secs: i64) -> String {
    let now = chrono::DateTime::<chrono::Utc>::from(SystemTime::now());
    (now + chrono::TimeDelta::seconds(offset_secs))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[tokio::test]
async fn retry_after_dates_are_understood_and_capped_by_max_backoff() {
    for (date, max_backoff) in [
        (http_date(-60), LONG),
        (http_date(3600), Duration::from_millis(20)),
    ] {
        let server = MockServer::start().await;
        Mock::given(path("/v1/devices"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", date.as_str()))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        mount(&server, 200, None).await;
        // A past date means "now", a far one is cut to max_backoff; the backoff is never used.
        let retry = policy(2).initial_backoff(LONG).max_backoff(max_backoff);
        let started = Instant::now();
        let status = status_of(&client(&server, retry), request(reqwest::Method::GET)).await;
        assert_eq!(status, 200, "{date}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{date}: waited {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn post_is_not_retried_by_default_and_is_when_asked() {
    let server = MockServer::start().await;
    mount(&server, 503, None).await;
    let status = status_of(&client(&server, policy(2)), request(reqwest::Method::POST)).await;
    assert_eq!(status, 503);
    assert_eq!(requests_seen(&server).await, 1);

    server.reset().await;
    mount(&server, 503, None).await;
    let eager = policy(2).retry_non_idempotent(true);
    let status = status_of(&client(&server, eager), request(reqwest::Method::POST)).await;
    assert_eq!(status, 503);
    assert_eq!(requests_seen(&server).await, 3);
}

#[tokio::test]
async fn max_retries_bounds_the_attempts_and_the_last_answer_is_returned() {
    for (max_retries, methods) in [(0, "PUT"), (3, "DELETE"), (1, "GET")] {
        let server = MockServer::start().await;
        mount(&server, 504, None).await;
        let method = match reqwest::Method::from_bytes(methods.as_bytes()) {
            Ok(method) => method,
            Err(error) => panic!("{error}"),
        };
        let status = status_of(&client(&server, policy(max_retries)), request(method)).await;
        assert_eq!(status, 504);
        assert_eq!(
            requests_seen(&server).await,
            max_retries as usize + 1,
            "{methods}"
        );
    }
}

/// A token request's form body.
#[derive(Serialize)]
struct TokenRequest {
    grant_type: &'static str,
}

/// The OAuth-style error body.
#[derive(Debug, Deserialize, Serialize)]
struct ErrorBody {
    error: Option<String>,
}

/// `POST /oauth/token` with a form body, as a generated token operation sends it.
async fn post_token(client: &Client) -> Result<serde_json::Value, Error<ErrorBody>> {
    const OPERATION: Operation =
        Operation::new("post_oauth_token", "POST", "/oauth/token", &["error"]);
    let request =
        Request::new(reqwest::Method::POST, "/oauth/token").body(form_body(&TokenRequest {
            grant_type: "password",
        }));
    Call::json(client, &OPERATION, request, error_json).await
}

#[tokio::test]
async fn the_last_429_reaches_the_caller_as_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(429).set_body_raw(r#"{"error":"too many"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let eager = policy(1).retry_non_idempotent(true);
    let result = post_token(&client(&server, eager)).await;
    assert_eq!(
        result.as_ref().err().and_then(Error::status),
        Some(429),
        "{result:?}"
    );
    let said = result.as_ref().err().and_then(Error::api_error);
    assert_eq!(
        said.and_then(|body| body.error.as_deref()),
        Some("too many")
    );
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn other_statuses_are_never_retried() {
    for status in [401, 400, 404, 500] {
        let server = MockServer::start().await;
        mount(&server, status, None).await;
        let answered = status_of(&client(&server, policy(3)), request(reqwest::Method::GET)).await;
        assert_eq!(answered, status);
        assert_eq!(requests_seen(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/devices"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = common::build(
        common::local(server.uri())
            .attempt_timeout(Duration::from_millis(100))
            .retry_policy(policy(2)),
    );
    match common::send(&client, request(reqwest::Method::GET)).await {
        Err(error @ Error::Transport { .. }) => assert!(error.is_timeout(), "{error}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(requests_seen(&server).await, 3);
}

/// The client's `timeout` bounds the whole call: every attempt and the waits between them. A
/// server that never answers in time, attempts of 300 ms and backoff of 200 ms: the 700 ms call
/// ends at 700 ms (plus 10%), a timeout, after its third attempt started.
#[tokio::test]
async fn the_timeout_bounds_the_whole_call_with_its_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/devices"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let retries = policy(5)
        .initial_backoff(Duration::from_millis(200))
        .max_backoff(Duration::from_millis(200));
    let client = common::build(
        common::local(server.uri())
            .timeout(Duration::from_millis(700))
            .attempt_timeout(Duration::from_millis(300))
            .retry_policy(retries),
    );
    let started = Instant::now();
    let result = common::send(&client, request(reqwest::Method::GET)).await;
    let took = started.elapsed();
    match result {
        Err(error @ Error::Timeout { .. }) => {
            assert!(error.is_timeout(), "{error}");
            assert!(error.to_string().contains("700ms"), "{error}");
        }
        other => panic!("expected the call's timeout, got {other:?}"),
    }
    assert!(
        took >= Duration::from_millis(700) && took <= Duration::from_millis(770),
        "the call took {took:?}"
    );
    assert_eq!(
        requests_seen(&server).await,
        2,
        "300 + 200 + 300 ms: the second attempt ran"
    );
}

#[tokio::test]
async fn refused_connections_are_retried_with_growing_backoff() {
    let port = common::refused_port();
    let backoff = policy(2)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(1));
    let client =
        common::build(common::local(format!("http://127.0.0.1:{port}")).retry_policy(backoff));
    let started = Instant::now();
    match common::send(&client, request(reqwest::Method::GET)).await {
        Err(Error::Transport { source: error, .. }) => assert!(error.is_connect(), "{error}"),
        other => panic!("expected a connect error, got {other:?}"),
    }
    // 100 ms, then 200 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(290),
        "waited {:?}",
        started.elapsed()
    );
}

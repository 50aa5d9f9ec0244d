//! Helpers shared by the per-area wire tests: a client for a local wiremock server, the token it
//! sends, request matchers, a parser for received `multipart/form-data` bodies, and a time bound.

// Not every test file uses every helper.
#![allow(dead_code)]

use std::future::IntoFuture;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use particle_client::Client;
use wiremock::matchers::header;
use wiremock::{MockServer, ResponseTemplate};

/// The access token every test client sends (the docs' example token).
pub const TOKEN: &str = "254406f79c1999af65a7df4388971354f85cfee9";

/// The `Authorization` header a token-protected call must carry.
pub const BEARER: &str = "Bearer 254406f79c1999af65a7df4388971354f85cfee9";

/// The docs' example device ID.
pub const DEVICE_ID: &str = "0123456789abcdef01234567";

/// A client of `server` (plain http on 127.0.0.1) with [`TOKEN`].
pub fn client(server: &MockServer) -> Client {
    build(builder(server))
}

/// A builder for `server` (plain http on 127.0.0.1) with [`TOKEN`], to configure further.
pub fn builder(server: &MockServer) -> particle_client::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .access_token(TOKEN)
}

/// The client `builder` builds; the test fails when it cannot.
pub fn build(builder: particle_client::ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

/// Quick retries (1 ms doubling up to 10 ms), at most `max_retries` of them.
pub fn quick_retries(max_retries: u32) -> particle_client::RetryPolicy {
    particle_client::RetryPolicy::default()
        .max_retries(max_retries)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(10))
        .retry_non_idempotent(false)
}

/// An answer with `status` and the JSON text `body`, sent as `application/json`.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// Matches `Authorization: Bearer <TOKEN>`.
pub fn bearer() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", BEARER)
}

/// Matches a request without any `Authorization` header.
pub fn no_authorization() -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    |request: &wiremock::Request| !request.headers.contains_key("authorization")
}

/// Matches a request whose URL has no query string at all.
pub fn no_query() -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    |request: &wiremock::Request| request.url.query().is_none()
}

/// Matches a request whose URL query string is exactly `expected` (order and encoding included).
pub fn exact_query(
    expected: &'static str,
) -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    move |request: &wiremock::Request| request.url.query() == Some(expected)
}

/// Matches a request with an empty body and no `Content-Type`.
pub fn no_body() -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    |request: &wiremock::Request| {
        request.body.is_empty() && !request.headers.contains_key("content-type")
    }
}

/// `text` (RFC 3339) as the chrono value the models hold.
pub fn date(text: &str) -> DateTime<FixedOffset> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(date) => date,
        Err(error) => panic!("bad date {text:?}: {error}"),
    }
}

/// Run `future`, failing the test if it takes longer than 5 s.
pub async fn within<F: IntoFuture>(future: F) -> F::Output {
    match tokio::time::timeout(Duration::from_secs(5), future).await {
        Ok(output) => output,
        Err(_) => panic!("did not finish within 5 s"),
    }
}

/// The requests `server` received so far.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    match server.received_requests().await {
        Some(requests) => requests,
        None => panic!("request recording is off"),
    }
}

/// One part of a received `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, for a file.
    pub file_name: Option<String>,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// Its content, byte for byte.
    pub bytes: Vec<u8>,
}

/// The parts of the `multipart/form-data` body of `request`, in order; panics when the request
/// is not multipart or its body is malformed.
pub fn multipart_parts(request: &wiremock::Request) -> Vec<Part> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = content_type.strip_prefix("multipart/form-data; boundary=") else {
        panic!("not a multipart body: content-type {content_type:?}");
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body;
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(body, &delimiter, at) {
        starts.push(found);
        at = found + delimiter.len();
    }
    let Some((last, bounded)) = starts.split_last() else {
        panic!("no boundary in the body");
    };
    let after_last = body.get(last + delimiter.len()..).unwrap_or_default();
    assert!(
        after_last.starts_with(b"--"),
        "the body does not end with the closing boundary"
    );
    let mut parts = Vec::new();
    for (index, start) in bounded.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(*last);
        // Between `--boundary` + CRLF and the CRLF before the next delimiter.
        let Some(raw) = body.get(start + delimiter.len()..end) else {
            panic!("bad part bounds");
        };
        let Some(raw) = raw.strip_prefix(b"\r\n") else {
            panic!("no CRLF after the boundary")
        };
        let Some(raw) = raw.strip_suffix(b"\r\n") else {
            panic!("no CRLF before the boundary")
        };
        let Some(split) = find(raw, b"\r\n\r\n", 0) else {
            panic!("part without headers end")
        };
        let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).into_owned();
        let bytes = raw.get(split + 4..).unwrap_or_default().to_vec();
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            bytes,
        };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.trim();
            if key.eq_ignore_ascii_case("content-disposition") {
                assert!(value.starts_with("form-data"), "disposition {value:?}");
                part.name = quoted(value, "name").unwrap_or_default();
                part.file_name = quoted(value, "filename");
            } else if key.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_owned());
            }
        }
        parts.push(part);
    }
    parts
}

/// The quoted value of `key="…"` in a header value.
fn quoted(header: &str, key: &str) -> Option<String> {
    header.split(';').map(str::trim).find_map(|item| {
        let value = item.strip_prefix(key)?.strip_prefix('=')?;
        Some(value.trim_matches('"').to_owned())
    })
}

/// The index of the first `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|index| index + from)
}

/// An operation for calls made by hand in a test (not one of the API's), as errors name it.
pub const RAW: particle_client::Operation =
    particle_client::Operation::new("raw", "GET", "/raw", &["error", "error_description"]);

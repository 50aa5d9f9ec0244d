//! Helpers shared by the wire tests: a client of a local wiremock server holding every API key,
//! JSON answers, request matchers and what the server received.

// Not every test file uses every helper.
#![allow(dead_code)]

use features_client::{Client, ClientBuilder};
use wiremock::{MockServer, ResponseTemplate};

/// The key for the `headerKey` scheme (`X-Api-Key`).
pub const HEADER_KEY: &str = "hk-3f9a0c";
/// The key for the `queryKey` scheme (`?api_key=`).
pub const QUERY_KEY: &str = "qk-71c2d8";
/// The key for the `cookieKey` scheme (cookie `key`).
pub const COOKIE_KEY: &str = "ck-5e08b4";

/// A builder for `server` (plain http on 127.0.0.1) without credentials.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
}

/// A client of `server` with all three API keys.
pub fn client(server: &MockServer) -> Client {
    build(
        builder(server)
            .header_key(HEADER_KEY)
            .query_key(QUERY_KEY)
            .cookie_key(COOKIE_KEY),
    )
}

/// The client `builder` builds; the test fails when it cannot.
pub fn build(builder: ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

/// An answer with `status` and the JSON `body`.
pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Matches a request whose URL query string is exactly `expected` (order and encoding included).
pub fn exact_query(
    expected: &'static str,
) -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    move |request: &wiremock::Request| request.url.query() == Some(expected)
}

/// Matches a request whose URL has no query string at all.
pub fn no_query() -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    |request: &wiremock::Request| request.url.query().is_none()
}

/// Matches a request with exactly one `Cookie` header, and that header is `expected`.
pub fn one_cookie_header(
    expected: &'static str,
) -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    move |request: &wiremock::Request| {
        let values: Vec<&[u8]> = request
            .headers
            .get_all("cookie")
            .iter()
            .map(|value| value.as_bytes())
            .collect();
        values == [expected.as_bytes()]
    }
}

/// Matches a request without a `Cookie` header.
pub fn no_cookie() -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    |request: &wiremock::Request| !request.headers.contains_key("cookie")
}

/// The requests `server` received so far.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    match server.received_requests().await {
        Some(requests) => requests,
        None => panic!("request recording is off"),
    }
}

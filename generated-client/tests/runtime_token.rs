//! Where the access token goes on the wire (`TokenPlacement`), and that it never shows in
//! errors, against a real local HTTP server (wiremock on 127.0.0.1).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use particle_client::runtime::{Body, Request, RetryPolicy, TokenPlacement, form_body};
use particle_client::security::ACCESS_TOKEN;
use particle_client::{Client, Error};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "254406f79c1999af65a7df4388971354f85cfee9";

fn client(base_url: String, placement: TokenPlacement) -> Client {
    let built = Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .access_token(TOKEN)
        .token_placement(placement)
        .retry_policy(RetryPolicy::none())
        .build();
    match built {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

fn request(method: reqwest::Method, body: Body) -> Request {
    Request {
        method,
        path: "/v1/devices/0123456789abcdef01234567".to_owned(),
        query: vec![("format".to_owned(), "raw".to_owned())],
        headers: Vec::new(),
        body,
        security: &[&[ACCESS_TOKEN]],
    }
}

/// A form body as generated code makes one, from a struct.
#[derive(serde::Serialize)]
struct Rename {
    name: &'static str,
}

fn form() -> Body {
    match form_body(&Rename { name: "my device" }) {
        Ok(body) => body,
        Err(error) => panic!("form: {error}"),
    }
}

/// What the server saw of the one request sent: query, `Authorization` header, body.
struct Seen {
    query: String,
    authorization: Option<String>,
    body: String,
}

/// Send `request` with `placement` and return what the server received.
async fn seen(placement: TokenPlacement, request: Request) -> Seen {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    if let Err(error) = common::send(&client(server.uri(), placement), request).await {
        panic!("send failed: {error}");
    }
    let requests = server.received_requests().await.unwrap_or_default();
    let [received] = requests.as_slice() else {
        panic!("expected one request, got {requests:?}")
    };
    Seen {
        query: received.url.query().unwrap_or_default().to_owned(),
        authorization: received
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        body: String::from_utf8_lossy(&received.body).into_owned(),
    }
}

fn bearer() -> Option<String> {
    Some(format!("Bearer {TOKEN}"))
}

#[tokio::test]
async fn the_header_is_the_default() {
    let seen = seen(
        TokenPlacement::default(),
        request(reqwest::Method::GET, Body::None),
    )
    .await;
    assert_eq!(seen.authorization, bearer());
    assert_eq!(seen.query, "format=raw");
}

#[tokio::test]
async fn query_placement_puts_the_token_in_the_query_of_get_requests() {
    let placement = TokenPlacement::Query("access_token");
    let seen = seen(placement, request(reqwest::Method::GET, Body::None)).await;
    assert_eq!(seen.query, format!("format=raw&access_token={TOKEN}"));
    assert_eq!(seen.authorization, None);
}

#[tokio::test]
async fn query_placement_falls_back_to_the_header_for_other_methods() {
    let placement = TokenPlacement::Query("access_token");
    let seen = seen(placement, request(reqwest::Method::PUT, form())).await;
    assert_eq!(seen.query, "format=raw");
    assert_eq!(seen.authorization, bearer());
}

#[tokio::test]
async fn form_field_placement_appends_the_token_to_form_bodies() {
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let seen = seen(
            TokenPlacement::FormField("access_token"),
            request(method.clone(), form()),
        )
        .await;
        assert_eq!(
            seen.body,
            format!("name=my+device&access_token={TOKEN}"),
            "{method}"
        );
        assert_eq!(seen.authorization, None, "{method}");
        assert_eq!(seen.query, "format=raw", "{method}");
    }
}

#[tokio::test]
async fn form_field_placement_falls_back_to_the_header_without_a_form_body() {
    let placement = TokenPlacement::FormField("access_token");
    let json = Body::Json(serde_json::json!({"name": "my device"}));
    for request in [
        request(reqwest::Method::POST, json),
        request(reqwest::Method::GET, Body::None),
        request(reqwest::Method::PATCH, form()),
    ] {
        let method = request.method.clone();
        let seen = seen(placement, request).await;
        assert_eq!(seen.authorization, bearer(), "{method}");
        assert!(!seen.body.contains(TOKEN), "{method}: {}", seen.body);
    }
}

#[tokio::test]
async fn other_schemes_ignore_the_placement() {
    // The token endpoint's client credentials stay HTTP Basic whatever the placement.
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header(
        "authorization",
        "Basic cGFydGljbGU6cGFydGljbGU=",
    ))
    .respond_with(ResponseTemplate::new(200).set_body_raw(
        r#"{"access_token":"a","token_type":"bearer"}"#,
        "application/json",
    ))
    .expect(1)
    .mount(&server)
    .await;
    let client = client(server.uri(), TokenPlacement::FormField("access_token"));
    let request = particle_client::models::PostOauthTokenRequest::new("client_credentials");
    let token = client.post_oauth_token(&request).await;
    assert!(token.is_ok(), "{token:?}");
}

#[tokio::test]
async fn a_token_in_the_query_never_shows_in_a_transport_error() {
    // A port that was just free: connecting to it is refused.
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(address) => address.port(),
        Err(error) => panic!("bind: {error}"),
    };
    let client = client(
        format!("http://127.0.0.1:{port}"),
        TokenPlacement::Query("access_token"),
    );
    let error = match common::send(&client, request(reqwest::Method::GET, Body::None)).await {
        Err(error @ Error::Transport { .. }) => error,
        other => panic!("expected a transport error, got {other:?}"),
    };
    let mut shown = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!shown.contains(TOKEN), "{shown}");
    // No URL at all: a path segment can be a secret too (a token being revoked).
    assert!(
        !shown.contains("format=raw"),
        "the URL is left out: {shown}"
    );
}

//! Where the access token goes on the wire (`TokenPlacement`), and that it never shows in
//! errors, against a real local HTTP server (wiremock on 127.0.0.1).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use client_runtime::{
    Body, Call, Client, Credential, Error, Operation, Request, RetryPolicy, TokenPlacement,
    error_json, form_body,
};
use common::{ACCESS_TOKEN, CLIENT_CREDENTIALS, TOKEN};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client with [`TOKEN`] for [`ACCESS_TOKEN`], `particle:particle` for [`CLIENT_CREDENTIALS`].
fn client(base_url: String, placement: TokenPlacement) -> Client {
    let basic = Credential::Basic {
        username: "particle".to_owned(),
        password: "particle".into(),
    };
    let builder = common::local(base_url)
        .credential(CLIENT_CREDENTIALS.name, basic)
        .token_placement(placement)
        .retry_policy(RetryPolicy::none());
    common::build(common::with_token(builder, TOKEN))
}

fn request(method: reqwest::Method, body: Body) -> Request {
    Request {
        body,
        ..Request::new(method, "/v1/devices/0123456789abcdef01234567")
            .query("format", "raw")
            .security(&[&[ACCESS_TOKEN]])
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
    const OPERATION: Operation =
        Operation::new("post_oauth_token", "POST", "/oauth/token", &["error"]);
    let request = Request::new(reqwest::Method::POST, "/oauth/token")
        .security(&[&[CLIENT_CREDENTIALS]])
        .body(form_body(&Grant {
            grant_type: "client_credentials",
        }));
    let token: Result<serde_json::Value, Error<serde_json::Value>> =
        Call::json(&client, &OPERATION, request, error_json).await;
    assert!(token.is_ok(), "{token:?}");
    let requests = server.received_requests().await.unwrap_or_default();
    let bodies: Vec<_> = requests
        .iter()
        .map(|request| String::from_utf8_lossy(&request.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        ["grant_type=client_credentials"],
        "no token in the form"
    );
}

/// A token request's form body.
#[derive(serde::Serialize)]
struct Grant {
    grant_type: &'static str,
}

#[tokio::test]
async fn a_token_in_the_query_never_shows_in_a_transport_error() {
    let port = common::refused_port();
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

//! Errors as a user meets them: one test per `Error` variant, each checking the one-line
//! `Display` (operation, status, the server's own message or the cause) and that no secret the
//! body or the client held appears in `{}`, `{:?}` or any `source()`.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::time::Duration;

use common::{DEVICE_ID, TOKEN};
use particle_client::models::PostOauthTokenRequest;
use particle_client::{Call, Client, Error, StreamOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A value for every field the crate knows to be secret, each unique so a leak names its field.
const SECRETS: &[(&str, &str)] = &[
    ("access_token", "leak-access-token-4f1d"),
    ("refresh_token", "leak-refresh-token-77a2"),
    ("client_secret", "leak-client-secret-91bb"),
    ("password", "leak-password-0c3e"),
    ("mfa_token", "leak-mfa-token-5d20"),
    ("otp", "leak-otp-6610"),
    ("code", "leak-code-aa31"),
    ("token", "leak-token-2e9f"),
    ("mobile_secret", "leak-mobile-secret-b004"),
];

/// `"name":"value"` members for every secret, to put into a JSON body.
fn secret_members() -> String {
    let members: Vec<String> = SECRETS
        .iter()
        .map(|(name, value)| format!("\"{name}\":\"{value}\""))
        .collect();
    members.join(",")
}

/// Every text a user or a logger can get out of `error`: `Display`, `Debug`, and both for each
/// error of its `source()` chain.
fn every_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut shown = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        shown.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    shown
}

/// Fail when any secret value (or the client's token) appears in any text of `error`.
fn assert_no_secret<E: std::fmt::Debug + 'static>(error: &Error<E>) {
    let shown = every_text(error);
    for (name, value) in SECRETS {
        assert!(
            !shown.contains(value),
            "the value of `{name}` leaked:\n{shown}"
        );
    }
    assert!(
        !shown.contains(TOKEN),
        "the client's token leaked:\n{shown}"
    );
}

/// The error a call ended with.
fn error_of<T: std::fmt::Debug, E>(result: Result<T, Error<E>>) -> Error<E> {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error,
    }
}

async fn answering(status: u16, content_type: &str, body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn api_error_shows_the_servers_message_and_no_secret() {
    let body = format!(
        r#"{{"error":"invalid_token","error_description":"The access token provided is invalid.",{}}}"#,
        secret_members()
    );
    let server = answering(401, "application/json", body).await;
    let error = error_of(common::client(&server).get_device(DEVICE_ID).await);
    assert_eq!(
        error.to_string(),
        "get_device (GET /v1/devices/{deviceId}): 401 Unauthorized: invalid_token: The access token provided is invalid."
    );
    let Error::Api {
        status: 401,
        body,
        text,
        ..
    } = &error
    else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(body.error.as_deref(), Some("invalid_token"));
    assert!(text.contains(r#""access_token":"***""#), "{text}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn mfa_required_keeps_its_token_usable_but_never_shown() {
    let server = MockServer::start().await;
    let body = r#"{"error":"mfa_required","error_description":"Multi-factor authentication required","mfa_token":"leak-mfa-token-5d20"}"#;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".to_owned());
    login.password = Some("leak-password-0c3e".into());
    let error = error_of(common::client(&server).post_oauth_token(&login).await);
    assert_eq!(
        error.to_string(),
        "post_oauth_token (POST /oauth/token): 403 Forbidden: mfa_required: Multi-factor authentication required"
    );
    // The token is there for the next step of the login, behind `Secret`.
    let mfa = error
        .api_error()
        .and_then(|body| body.mfa_token.as_ref())
        .map(|token| token.expose());
    assert_eq!(mfa, Some("leak-mfa-token-5d20"));
    assert_no_secret(&error);
}

#[tokio::test]
async fn an_html_page_is_unexpected_and_shows_its_title() {
    let page = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>nginx</p></body></html>";
    let server = answering(404, "text/html", page.to_owned()).await;
    let error = error_of(common::client(&server).get_device(DEVICE_ID).await);
    assert_eq!(
        error.to_string(),
        "get_device (GET /v1/devices/{deviceId}): 404 Not Found: 404 Not Found"
    );
    let Error::UnexpectedStatus {
        status: 404,
        text,
        headers,
        ..
    } = &error
    else {
        panic!("expected Error::UnexpectedStatus, got {error:?}")
    };
    assert_eq!(text, page);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/html")
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_json_body_of_another_shape_is_kept_as_text() {
    // Decodes into the documented `ErrorBody` (every field optional) but fills none of its fields
    // (`mfa_token` is one of them, so it is left out here).
    let members: Vec<String> = SECRETS
        .iter()
        .filter(|(name, _)| *name != "mfa_token")
        .map(|(name, value)| format!("\"{name}\":\"{value}\""))
        .collect();
    let body = format!(
        r#"{{"status":"fail","reason_code":"DB_DOWN",{}}}"#,
        members.join(",")
    );
    let described = r#"{"status":"fail","detail":"database unavailable"}"#;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(ResponseTemplate::new(500).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/described"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(described, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .access_token(TOKEN)
        .retry_policy(particle_client::RetryPolicy::none())
        .build();
    let Ok(client) = client else {
        panic!("client: {client:?}")
    };
    let error = error_of(client.get_device(DEVICE_ID).await);
    let Error::UnexpectedStatus {
        status: 500, text, ..
    } = &error
    else {
        panic!("expected Error::UnexpectedStatus, got {error:?}")
    };
    assert!(
        text.starts_with(r#"{"status":"fail","reason_code":"DB_DOWN","access_token":"***""#),
        "{text}"
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            r#"get_device (GET /v1/devices/{deviceId}): 500 Internal Server Error: {"status":"fail","reason_code":"DB_DOWN","#
        ),
        "{shown}"
    );
    assert_no_secret(&error);
    // A body of another shape that says what happened in a usual field is shown by it.
    let error = error_of(client.get_device("described").await);
    assert_eq!(
        error.to_string(),
        "get_device (GET /v1/devices/{deviceId}): 500 Internal Server Error: database unavailable"
    );
}

#[tokio::test]
async fn a_token_answer_that_does_not_decode_leaks_nothing() {
    // The leak scenario: `expires_in` is not a number, so the answer does not decode.
    let server = MockServer::start().await;
    let body = r#"{"access_token":"leak-access-token-4f1d","token_type":"bearer","expires_in":"soon","refresh_token":"leak-refresh-token-77a2"}"#;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let mut login = PostOauthTokenRequest::new("password");
    login.password = Some("leak-password-0c3e".into());
    let error = error_of(common::client(&server).post_oauth_token(&login).await);
    let Error::Decode {
        status: 200,
        source,
        ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert!(source.line() == 1 && source.column() > 0, "{source:?}");
    assert_eq!(
        error.to_string(),
        r#"post_oauth_token (POST /oauth/token): cannot decode the 200 OK answer: invalid number "soon": invalid digit found in string at line 1 column 82"#
    );
    assert_no_secret(&error);
    // As `main` with `?` would print it.
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(!format!("{boxed:?}").contains("leak-"), "{boxed:?}");
}

#[tokio::test]
async fn a_secret_the_decoder_quotes_is_masked_in_its_message() {
    // A number where the token string belongs: serde's message quotes the value.
    let server = MockServer::start().await;
    let body = r#"{"access_token":48151623420001,"token_type":"bearer"}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let error = error_of(
        common::client(&server)
            .post_oauth_token(&PostOauthTokenRequest::new("password"))
            .await,
    );
    let shown = every_text(&error);
    assert!(!shown.contains("48151623420001"), "{shown}");
    assert!(shown.contains("invalid type: integer `***`"), "{shown}");
}

#[tokio::test]
async fn an_answer_over_the_limit_is_too_large_and_not_kept() {
    let body = format!(
        r#"{{"padding":"{}",{}}}"#,
        "x".repeat(4096),
        secret_members()
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "session=leak-token-2e9f")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .access_token(TOKEN)
        .max_body_size(1024)
        .build();
    let Ok(client) = client else {
        panic!("client: {client:?}")
    };
    let error = error_of(client.get_device(DEVICE_ID).await);
    assert_eq!(
        error.to_string(),
        "get_device (GET /v1/devices/{deviceId}): the 200 OK answer is larger than the limit of 1 KiB"
    );
    assert!(
        matches!(
            error,
            Error::TooLarge {
                status: 200,
                limit: 1024,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .headers()
            .is_some_and(|headers| headers.contains_key("set-cookie"))
    );
    assert_no_secret(&error);
}

/// The operation the hand-made requests below are.
const RAW: particle_client::Operation = common::RAW;

#[tokio::test]
async fn a_body_that_cannot_be_encoded_names_the_call() {
    let client = Client::builder().access_token(TOKEN).build();
    let Ok(client) = client else {
        panic!("client: {client:?}")
    };
    // A form cannot hold a nested object; the password beside it must not show.
    let form = serde_json::json!({"password": "leak-password-0c3e", "nested": {"a": 1}});
    let encoded = particle_client::runtime::form_body(&form);
    let request = encoded.map(|body| particle_client::runtime::Request {
        method: reqwest::Method::POST,
        path: "/raw".to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body,
        security: &[],
    });
    let call: Call<'_, String, serde_json::Value> =
        Call::text(&client, &RAW, request, particle_client::runtime::error_json);
    let error = error_of(call.await);
    assert!(matches!(error, Error::Encode { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("raw (GET /raw): cannot encode the request: "),
        "{error}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_refused_connection_shows_its_cause() {
    // A port that was just free: connecting to it is refused.
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(address) => address.port(),
        Err(error) => panic!("bind: {error}"),
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_insecure_http()
        .access_token(TOKEN)
        .token_placement(particle_client::TokenPlacement::Query("access_token"))
        .retry_policy(particle_client::RetryPolicy::none())
        .build();
    let Ok(client) = client else {
        panic!("client: {client:?}")
    };
    let error = error_of(client.get_device(DEVICE_ID).await);
    let shown = error.to_string();
    assert!(
        shown.starts_with("get_device (GET /v1/devices/{deviceId}): request failed: "),
        "{shown}"
    );
    assert!(
        shown.contains("Connection refused"),
        "the cause is missing: {shown}"
    );
    assert!(!shown.contains('\n'), "not one line: {shown}");
    assert!(
        !shown.contains(DEVICE_ID) && !shown.contains("127.0.0.1"),
        "a URL leaked: {shown}"
    );
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_connect()),
        "{error:?}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn missing_credentials_name_the_schemes() {
    // Client credentials are configured (with a secret), a token is not.
    let client = Client::builder()
        .client_credentials("my-client", "leak-client-secret-91bb")
        .build();
    let Ok(client) = client else {
        panic!("client: {client:?}")
    };
    let error = error_of(client.get_device(DEVICE_ID).await);
    assert_eq!(
        error.to_string(),
        "get_device (GET /v1/devices/{deviceId}): no credentials configured for any of: access_token"
    );
    assert!(
        matches!(&error, Error::MissingCredentials { schemes, .. } if schemes == &["access_token"])
    );
    assert_no_secret(&error);
}

/// A listener on a free port of 127.0.0.1, and its address.
async fn listen() -> (TcpListener, std::net::SocketAddr) {
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(error) => panic!("bind: {error}"),
    };
    match listener.local_addr() {
        Ok(address) => (listener, address),
        Err(error) => panic!("address: {error}"),
    }
}

/// A server that answers one `text/event-stream` request with `head` and then the frames, and
/// then stays silent (the connection open).
async fn event_server(frames: String) -> String {
    let (listener, address) = listen().await;
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let frames = frames.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(frames.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            });
        }
    });
    format!("http://{address}")
}

fn streaming_client(base_url: &str, options: StreamOptions) -> Client {
    let client = Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .access_token(TOKEN)
        .stream_options(options)
        .build();
    match client {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_masked() {
    use futures_util::StreamExt;
    let data = format!(r#"{{"data":"25","ttl":"sixty",{}}}"#, secret_members());
    let base = event_server(format!("event: temperature\ndata: {data}\n\n")).await;
    let client = streaming_client(&base, StreamOptions::default());
    let mut events =
        match common::within(client.subscribe_my_devices_events_with_prefix("temperature")).await {
            Ok(events) => events,
            Err(error) => panic!("subscribe: {error}"),
        };
    let error = match common::within(events.next()).await {
        Some(Err(error)) => error,
        other => panic!("expected an undecodable event, got {other:?}"),
    };
    let Error::Event { name, data, .. } = &error else {
        panic!("expected Error::Event, got {error:?}")
    };
    assert_eq!(name, "temperature");
    assert!(data.contains(r#""access_token":"***""#), "{data}");
    assert!(
        error.to_string().starts_with(
            "subscribe_my_devices_events_with_prefix (GET /v1/devices/events/{eventPrefix}): cannot decode the data of event `temperature`: "
        ),
        "{error}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn an_oversized_event_ends_the_stream() {
    use futures_util::StreamExt;
    let data = format!(
        r#"{{"padding":"{}",{}}}"#,
        "x".repeat(5000),
        secret_members()
    );
    let base = event_server(format!("event: big\ndata: {data}\n\n")).await;
    let options = StreamOptions::default().max_event_size(1024);
    let client = streaming_client(&base, options);
    let mut events =
        match common::within(client.subscribe_my_devices_events_with_prefix("big")).await {
            Ok(events) => events,
            Err(error) => panic!("subscribe: {error}"),
        };
    let error = match common::within(events.next()).await {
        Some(Err(error)) => error,
        other => panic!("expected an oversized event, got {other:?}"),
    };
    assert_eq!(
        error.to_string(),
        "subscribe_my_devices_events_with_prefix (GET /v1/devices/events/{eventPrefix}): an event is larger than the limit of 1 KiB"
    );
    assert_no_secret(&error);
    assert!(
        common::within(events.next()).await.is_none(),
        "the stream goes on after an oversized event"
    );
}

#[tokio::test]
async fn a_silent_event_server_is_an_idle_timeout() {
    // Accepts the connection, never answers.
    let (listener, address) = listen().await;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let options = StreamOptions::default().idle_timeout(Duration::from_millis(200));
    let client = streaming_client(&format!("http://{address}"), options);
    let error = error_of(
        common::within(client.subscribe_my_devices_events_with_prefix("temperature")).await,
    );
    assert_eq!(
        error.to_string(),
        "subscribe_my_devices_events_with_prefix (GET /v1/devices/events/{eventPrefix}): timed out: nothing arrived within 200ms"
    );
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_no_secret(&error);
}

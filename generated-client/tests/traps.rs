//! What used to surprise a developer, each on the wire against a local server (wiremock on
//! 127.0.0.1): a base URL with the spec's `/v1`, `Error` and `Result` without type arguments,
//! paged streams read without pinning, a cause told once in a report chain, a credential for a
//! scheme that does not exist, and secrets the server echoes back.

// Failing the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::error::Error as _;

use common::{DEVICE_ID, TOKEN, json};
use futures_util::StreamExt;
use particle_client::models::PostOauthTokenRequest;
use particle_client::operations::ListProductDevicesParams;
use particle_client::{BuildError, Client, Credential};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot","online":true}"#;

/// A helper of the kind an application writes: `Error` and `Result` need no type argument.
async fn device_name(client: &Client, id: &str) -> particle_client::Result<String> {
    let device = client.get_device(id).await?;
    Ok(device.name.into_value().unwrap_or_default())
}

/// The same with `std`'s `Result` and the crate's `Error`.
async fn is_online(client: &Client, id: &str) -> Result<bool, particle_client::Error> {
    Ok(client.get_device(id).await?.online.unwrap_or_default())
}

#[tokio::test]
async fn error_and_result_need_no_type_arguments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(json(200, DEVICE))
        .mount(&server)
        .await;
    let client = common::client(&server);
    assert_eq!(
        device_name(&client, DEVICE_ID).await.ok().as_deref(),
        Some("gongbot")
    );
    assert_eq!(is_online(&client, DEVICE_ID).await.ok(), Some(true));
}

/// `https://api.particle.io/v1`, the spec's server URL as a user copies it, means the same as
/// `https://api.particle.io`: requests go to `/v1/devices/…`, not `/v1/v1/devices/…`.
#[tokio::test]
async fn a_base_url_ending_with_v1_means_the_same() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(json(200, DEVICE))
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/v1", server.uri()),
        format!("{}/v1/", server.uri()),
    ] {
        let client = common::build(
            Client::builder()
                .base_url(&base)
                .allow_insecure_http()
                .access_token(TOKEN),
        );
        assert_eq!(client.base_url(), server.uri(), "{base}");
        if let Err(error) = client.get_device(DEVICE_ID).await {
            panic!("{base}: {error}");
        }
    }
}

/// `.next()` on a `…_pages` stream compiles and works without `std::pin::pin!`.
#[tokio::test]
async fn paged_streams_need_no_pinning() {
    let server = MockServer::start().await;
    for page in ["1", "2"] {
        Mock::given(method("GET"))
            .and(path("/v1/products/my-product/devices"))
            .and(query_param("page", page))
            .respond_with(json(
                200,
                &format!(r#"{{"devices":[{DEVICE}],"meta":{{"total_pages":2}}}}"#),
            ))
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let params = ListProductDevicesParams::default();
    let mut pages = client.list_product_devices_pages("my-product", &params);
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => seen += page.devices.len(),
            Err(error) => panic!("page: {error}"),
        }
    }
    assert_eq!(seen, 2);
}

/// A refused connection: its cause is in `Display`, and no `source()` repeats it, so a report
/// that prints the chain (`anyhow`'s `{:#}`) tells it once.
#[tokio::test]
async fn a_cause_is_told_once_in_a_report_chain() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    drop(listener);
    let client = common::build(
        Client::builder()
            .base_url(format!("http://127.0.0.1:{port}"))
            .allow_insecure_http()
            .access_token(TOKEN)
            .retry_policy(particle_client::RetryPolicy::none()),
    );
    let error = match client.get_device(DEVICE_ID).await {
        Err(error) => error,
        Ok(device) => panic!("a closed port answered {device:?}"),
    };
    assert!(error.is_connect(), "{error}");
    let mut chain = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        chain.push_str(&format!(": {next}"));
        cause = next.source();
    }
    assert_eq!(chain.matches("refused").count(), 1, "{chain}");
}

/// A credential for a scheme the API does not have is refused, naming the ones it has: at
/// `build()` for a builder, at once for a client.
#[tokio::test]
async fn an_unknown_scheme_is_refused_naming_the_known_ones() {
    let builder = Client::builder().credential("bearer", Credential::Token(TOKEN.into()));
    match builder.build() {
        Err(error @ BuildError::UnknownScheme { .. }) => {
            let text = error.to_string();
            assert!(text.contains("`bearer`"), "{text}");
            assert!(text.contains("access_token"), "{text}");
        }
        other => panic!("expected the scheme refused, got {other:?}"),
    }
    let client = common::build(Client::builder());
    let refused = client.with_credential("bearer", Credential::Token(TOKEN.into()));
    assert!(
        matches!(refused, Err(BuildError::UnknownScheme { .. })),
        "{refused:?}"
    );
    let signed_in = client.with_credential(
        particle_client::security::ACCESS_TOKEN.name,
        Credential::Token(TOKEN.into()),
    );
    assert!(signed_in.is_ok(), "{signed_in:?}");
}

/// `ClientBuilder::new` keeps the API's documented default credentials (`particle:particle` for
/// the token endpoint), as `Client::builder()` does.
#[tokio::test]
async fn client_builder_new_keeps_the_default_credentials() {
    let server = MockServer::start().await;
    // base64("particle:particle")
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(wiremock::matchers::header(
            "authorization",
            "Basic cGFydGljbGU6cGFydGljbGU=",
        ))
        .respond_with(json(
            200,
            r#"{"access_token":"t","token_type":"bearer","expires_in":60}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        common::build(particle_client::ClientBuilder::new(server.uri()).allow_insecure_http());
    let grant = PostOauthTokenRequest::new("client_credentials");
    if let Err(error) = client.post_oauth_token(&grant).await {
        panic!("token: {error}");
    }
}

/// A login's password and the client's Basic credentials, echoed by the server in an error body,
/// are masked in `Display`, `Debug` and the kept text: as sent and, for Basic, base64-encoded.
#[tokio::test]
async fn echoed_password_and_basic_credentials_are_masked() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |request: &wiremock::Request| {
            let sent = String::from_utf8_lossy(&request.body).into_owned();
            let authorization = request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_grant",
                "error_description": format!("rejected {sent} with {authorization}"),
            }))
        })
        .mount(&server)
        .await;
    let client = common::build(
        Client::builder()
            .base_url(server.uri())
            .allow_insecure_http()
            .client_credentials("my-client", "CLIENT-SECRET-42"),
    );
    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".to_owned());
    login.password = Some("PASSWORD-SECRET-77".into());
    let error = match client.post_oauth_token(&login).await {
        Err(error) => error,
        Ok(token) => panic!("a 400 was read as {token:?}"),
    };
    let shown = format!("{error}\n{error:?}\n{}", error.text().unwrap_or_default());
    // base64("my-client:CLIENT-SECRET-42")
    for secret in [
        "PASSWORD-SECRET-77",
        "CLIENT-SECRET-42",
        "bXktY2xpZW50OkNMSUVOVC1TRUNSRVQtNDI=",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked:\n{shown}");
    }
    assert!(shown.contains("invalid_grant"), "{shown}");
    assert!(shown.contains("joe%40example.com"), "not a secret: {shown}");
    assert!(format!("{error:?}").len() < 600, "{error:?}");
}

/// The OAuth authorization URL is on the client's base URL: a mock or staging server gets the
/// user too, not production.
#[test]
fn the_authorization_url_follows_the_base_url() {
    let client = common::build(
        Client::builder()
            .base_url("http://127.0.0.1:8080/v1")
            .allow_insecure_http(),
    );
    let request = client
        .authorization_request("my-web-client", None, None, Some("s1".to_owned()))
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        request
            .url()
            .starts_with("http://127.0.0.1:8080/oauth/authorize?"),
        "{}",
        request.url()
    );
    let production = common::build(Client::builder());
    let request = production
        .authorization_request("my-web-client", None, None, None)
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        request
            .url()
            .starts_with("https://api.particle.io/oauth/authorize?"),
        "{}",
        request.url()
    );
}

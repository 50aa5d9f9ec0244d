//! `POST /oauth/token` on the wire, against a real local HTTP server (wiremock on 127.0.0.1).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

use particle_client::models::PostOauthTokenRequest;
use particle_client::{BuildError, Client, Error};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `particle:particle`, the client credentials the docs suggest, as HTTP Basic.
const PARTICLE_BASIC: &str = "Basic cGFydGljbGU6cGFydGljbGU=";

fn client(server: &MockServer) -> Client {
    match Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .build()
    {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

fn password_grant() -> PostOauthTokenRequest {
    let mut body = PostOauthTokenRequest::new("password");
    body.username = Some("joe@example.com".to_owned());
    body.password = Some("SuperSecret".into());
    body
}

#[tokio::test]
async fn sends_a_form_encoded_token_request_with_basic_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", PARTICLE_BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=password&password=SuperSecret&username=joe%40example.com"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"254406f79c1999af65a7df4388971354f85cfee9","token_type":"bearer","expires_in":7776000,"refresh_token":"b5b901e8760164e134199bc2c3dd1d228acf2d90"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let token = client(&server).post_oauth_token(&password_grant()).await;
    let token = match token {
        Ok(token) => token,
        Err(error) => panic!("token request failed: {error}"),
    };
    assert_eq!(
        token.access_token.expose(),
        "254406f79c1999af65a7df4388971354f85cfee9"
    );
    assert_eq!(token.token_type, "bearer");
    assert_eq!(token.expires_in, Some(7_776_000));
    assert_eq!(
        token.refresh_token.as_ref().map(|t| t.expose()),
        Some("b5b901e8760164e134199bc2c3dd1d228acf2d90")
    );
    // Secrets never show in Debug output.
    let shown = format!("{token:?} {:?}", password_grant());
    assert!(
        !shown.contains("254406f7") && !shown.contains("SuperSecret"),
        "{shown}"
    );
}

#[tokio::test]
async fn own_client_credentials_replace_the_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // base64("my-client:my-secret")
        .and(header(
            "authorization",
            "Basic bXktY2xpZW50Om15LXNlY3JldA==",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"a","token_type":"bearer"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).with_client_credentials("my-client", "my-secret");
    let token = client
        .post_oauth_token(&PostOauthTokenRequest::new("client_credentials"))
        .await;
    assert!(token.is_ok(), "{token:?}");
}

#[tokio::test]
async fn a_documented_error_is_decoded_with_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"error":"invalid_grant","error_description":"User credentials are invalid"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    match client(&server).post_oauth_token(&password_grant()).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body.error.as_deref(), Some("invalid_grant"));
            assert_eq!(
                body.error_description.as_deref(),
                Some("User credentials are invalid")
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn mfa_required_carries_the_mfa_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(
            r#"{"error":"mfa_required","error_description":"Multifactor authentication required","mfa_token":"eyJ0eXAi.x.y"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let error = client(&server).post_oauth_token(&password_grant()).await;
    let Err(Error::Api {
        status: 403, body, ..
    }) = &error
    else {
        panic!("expected 403, got {error:?}")
    };
    assert_eq!(body.error.as_deref(), Some("mfa_required"));
    assert_eq!(
        body.mfa_token.as_ref().map(|t| t.expose()),
        Some("eyJ0eXAi.x.y")
    );
    assert!(
        !format!("{error:?}").contains("eyJ0eXAi"),
        "the mfa token must not be printed"
    );
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    match client(&server).post_oauth_token(&password_grant()).await {
        Err(Error::UnexpectedStatus {
            status: 502,
            text: body,
            ..
        }) => assert!(body.contains("Bad Gateway")),
        other => panic!("expected the raw 502 body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_an_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"token_type":1}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let result = client(&server).post_oauth_token(&password_grant()).await;
    assert!(
        matches!(result, Err(Error::Decode { status: 200, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn plain_http_is_refused_unless_asked_for() {
    let result = Client::builder().base_url("http://127.0.0.1:9").build();
    assert!(
        matches!(result, Err(BuildError::InsecureBaseUrl(_))),
        "{result:?}"
    );
    let default = Client::builder().build();
    assert_eq!(
        default.map(|c| c.base_url().to_owned()).ok().as_deref(),
        Some("https://api.particle.io")
    );
}

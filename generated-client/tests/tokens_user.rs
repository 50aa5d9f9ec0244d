//! Access tokens and the user account on the wire against a local HTTP server (wiremock on
//! 127.0.0.1): the token grants beyond the password grant (MFA, refresh, client credentials,
//! authorization code), the current token, revoking tokens, the user, the authorization URL and
//! its redirect, and secrets kept out of `Debug` output.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{BEARER, TOKEN, bearer, client, date, exact_query, json, no_body, no_query};
use particle_client::models::PostOauthTokenRequest;
use particle_client::operations::ListAccessTokensParams;
use particle_client::runtime::AuthorizationError;
use particle_client::{Client, Error, Nullable, RetryPolicy, Secret};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer};

/// `particle:particle`, the default client credentials, as HTTP Basic.
const PARTICLE_BASIC: &str = "Basic cGFydGljbGU6cGFydGljbGU=";

/// The docs' token answer, verbatim.
const TOKEN_ANSWER: &str = r#"{"access_token":"254406f79c1999af65a7df4388971354f85cfee9","token_type":"bearer","expires_in":7776000,"refresh_token":"b5b901e8760164e134199bc2c3dd1d228acf2d90"}"#;

/// The docs' `mfa_required` answer, verbatim.
const MFA_REQUIRED: &str = r#"{"error":"mfa_required","error_description":"Multifactor authentication required","mfa_token":"eyJ0eXAiOiJKV1QiLCJhbGci....D3QCiQ"}"#;

/// A mock of the token endpoint for exactly the form `form`, with the default Basic client
/// credentials and no bearer token.
async fn token_mock(server: &MockServer, form: &'static str, status: u16, answer: &str) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", PARTICLE_BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(no_query())
        .and(body_string(form))
        .respond_with(json(status, answer))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn mfa_login_sends_the_mfa_token_and_otp_from_the_403() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "grant_type=password&password=SuperSecret&username=joe%40example.com",
        403,
        MFA_REQUIRED,
    )
    .await;
    token_mock(
        &server,
        "grant_type=urn%3Acustom%3Amfa-otp&mfa_token=eyJ0eXAiOiJKV1QiLCJhbGci....D3QCiQ&otp=123456",
        200,
        TOKEN_ANSWER,
    )
    .await;
    let client = client(&server);

    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".into());
    login.password = Some("SuperSecret".into());
    let refused = client.post_oauth_token(&login).await;
    let shown = format!("{refused:?}");
    let Err(Error::Api {
        status: 403, body, ..
    }) = refused
    else {
        panic!("expected mfa_required, got {refused:?}")
    };
    assert_eq!(body.error.as_deref(), Some("mfa_required"));
    assert_eq!(
        body.error_description.as_deref(),
        Some("Multifactor authentication required")
    );
    let mfa_token = body.mfa_token.expect("mfa_token");
    assert_eq!(mfa_token.expose(), "eyJ0eXAiOiJKV1QiLCJhbGci....D3QCiQ");
    assert!(
        !shown.contains("eyJ0eXAi"),
        "the mfa token must not be printed: {shown}"
    );

    let mut otp = PostOauthTokenRequest::new("urn:custom:mfa-otp");
    otp.mfa_token = Some(mfa_token);
    otp.otp = Some("123456".into());
    let token = client.post_oauth_token(&otp).await.expect("token");
    assert_eq!(token.access_token.expose(), TOKEN);
    assert_eq!(token.token_type, "bearer");
    assert_eq!(token.expires_in, Some(7_776_000));
    let shown = format!("{otp:?} {login:?} {token:?}");
    for secret in [
        "eyJ0eXAi",
        "123456",
        "SuperSecret",
        TOKEN,
        "b5b901e8760164e1",
    ] {
        assert!(
            !shown.contains(secret),
            "{secret} must not be printed: {shown}"
        );
    }
}

#[tokio::test]
async fn the_refresh_grant_sends_the_refresh_token() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "grant_type=refresh_token&refresh_token=b5b901e8760164e134199bc2c3dd1d228acf2d90",
        200,
        TOKEN_ANSWER,
    )
    .await;
    let mut refresh = PostOauthTokenRequest::new("refresh_token");
    refresh.refresh_token = Some("b5b901e8760164e134199bc2c3dd1d228acf2d90".into());
    let token = client(&server)
        .post_oauth_token(&refresh)
        .await
        .expect("token");
    assert_eq!(
        token.refresh_token.as_ref().map(Secret::expose),
        Some("b5b901e8760164e134199bc2c3dd1d228acf2d90")
    );
}

#[tokio::test]
async fn the_client_credentials_grant_sends_scope_and_lifetime() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "expires_in=3600&grant_type=client_credentials&scope=customer%3Djane%40example.com",
        200,
        r#"{"access_token":"abc.123","token_type":"bearer","expires_in":3600}"#,
    )
    .await;
    let mut grant = PostOauthTokenRequest::new("client_credentials");
    grant.expires_in = Some(3600);
    grant.scope = Some("customer=jane@example.com".into());
    let token = client(&server)
        .post_oauth_token(&grant)
        .await
        .expect("token");
    assert_eq!(token.access_token.expose(), "abc.123");
    assert_eq!(token.expires_in, Some(3600));
    assert_eq!(token.refresh_token, None);
}

#[tokio::test]
async fn expires_at_is_sent_as_an_iso_8601_date() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "expires_at=2030-01-01T00%3A00%3A00Z&grant_type=password&password=SuperSecret&username=joe%40example.com",
        200,
        TOKEN_ANSWER,
    )
    .await;
    let mut login = PostOauthTokenRequest::new("password");
    login.expires_at = Some(date("2030-01-01T00:00:00Z"));
    login.username = Some("joe@example.com".into());
    login.password = Some("SuperSecret".into());
    client(&server)
        .post_oauth_token(&login)
        .await
        .expect("token");
}

#[tokio::test]
async fn client_credentials_in_the_form_are_sent_and_not_printed() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "grant_type=password&password=SuperSecret&username=joe%40example.com&client_id=particle-api&client_secret=particle-api-secret",
        200,
        TOKEN_ANSWER,
    )
    .await;
    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".into());
    login.password = Some("SuperSecret".into());
    login.client_id = Some("particle-api".into());
    login.client_secret = Some("particle-api-secret".into());
    client(&server)
        .post_oauth_token(&login)
        .await
        .expect("token");
    let shown = format!("{login:?}");
    assert!(
        !shown.contains("particle-api-secret") && !shown.contains("SuperSecret"),
        "{shown}"
    );
}

#[tokio::test]
async fn authorization_request_builds_the_documented_url_and_checks_state() {
    let request = Client::builder()
        .build()
        .expect("client")
        .authorization_request(
            "my-web-client",
            Some("*:*"),
            Some("https://app.example.com/callback"),
            Some("af0ifjsldkj".to_owned()),
        )
        .expect("authorization request");
    assert_eq!(
        request.url(),
        "https://api.particle.io/oauth/authorize?client_id=my-web-client&response_type=code&scope=*%3A*&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&state=af0ifjsldkj"
    );
    assert_eq!(request.state(), "af0ifjsldkj");

    let code = request.code_from_redirect(
        "https://app.example.com/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj",
    );
    assert_eq!(code.as_deref(), Ok("SplxlOBeZQQYbYS6WxSbIA"));
    let forged =
        request.code_from_redirect("https://app.example.com/callback?code=evil&state=other");
    assert_eq!(forged, Err(AuthorizationError::StateMismatch));
    let missing = request.code_from_redirect("https://app.example.com/callback?code=evil");
    assert_eq!(missing, Err(AuthorizationError::StateMismatch));
    let denied = request.code_from_redirect(
        "https://app.example.com/callback?error=access_denied&error_description=The+user+said+no&state=af0ifjsldkj",
    );
    assert_eq!(
        denied,
        Err(AuthorizationError::Denied {
            error: "access_denied".to_owned(),
            description: Some("The user said no".to_owned()),
        })
    );
}

#[tokio::test]
async fn authorization_request_without_state_makes_a_random_one() {
    let request = Client::builder()
        .build()
        .expect("client")
        .authorization_request("my-web-client", None, None, None)
        .expect("request");
    let state = request.state().to_owned();
    assert_eq!(state.len(), 32);
    assert!(state.chars().all(|c| c.is_ascii_hexdigit()), "{state}");
    assert_eq!(
        request.url(),
        format!(
            "https://api.particle.io/oauth/authorize?client_id=my-web-client&response_type=code&state={state}"
        )
    );
    let other = Client::builder()
        .build()
        .expect("client")
        .authorization_request("my-web-client", None, None, None)
        .expect("request");
    assert_ne!(other.state(), state);
    assert_eq!(
        request
            .code_from_redirect(&format!("?code=c0de&state={state}"))
            .as_deref(),
        Ok("c0de")
    );
}

#[tokio::test]
async fn the_authorization_code_is_exchanged_at_the_token_endpoint() {
    let server = MockServer::start().await;
    token_mock(
        &server,
        "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA",
        200,
        TOKEN_ANSWER,
    )
    .await;
    let request = Client::builder()
        .build()
        .expect("client")
        .authorization_request("particle", None, None, Some("s1".to_owned()))
        .expect("url");
    let code = request
        .code_from_redirect("https://app.example.com/cb?state=s1&code=SplxlOBeZQQYbYS6WxSbIA")
        .expect("code");
    let mut exchange = PostOauthTokenRequest::new("authorization_code");
    exchange.code = Some(code.into());
    let token = client(&server)
        .post_oauth_token(&exchange)
        .await
        .expect("token");
    assert_eq!(token.token_type, "bearer");
    assert!(!format!("{exchange:?}").contains("SplxlOBeZQQYbYS6WxSbIA"));
}

#[tokio::test]
async fn get_current_access_token_decodes_the_documented_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/access_tokens/current"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"expires_at":"2014-04-27T06:31:08.991Z","client":"particle","scopes":[],"orgs":[]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let info = client(&server)
        .get_current_access_token()
        .await
        .expect("current token");
    assert_eq!(
        info.expires_at,
        Nullable::Value(date("2014-04-27T06:31:08.991Z"))
    );
    assert_eq!(info.client.as_deref(), Some("particle"));
    assert_eq!(info.client_id, None);
    assert_eq!(info.scopes, Some(Vec::new()));
    assert_eq!(info.orgs, Some(Vec::new()));
}

#[tokio::test]
async fn get_current_access_token_reads_the_js_client_shape_and_a_null_expiry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/access_tokens/current"))
        .and(bearer())
        .respond_with(json(
            200,
            r#"{"expires_at":null,"expires_in":"0","client_id":"particle-api","scopes":["devices:list","events:get"],"orgs":[{"id":"61a8f0e5","slug":"acme"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let info = client(&server)
        .get_current_access_token()
        .await
        .expect("current token");
    assert_eq!(
        info.expires_at,
        Nullable::Null,
        "`expires_at: null` reads as null"
    );
    assert_eq!(info.expires_in, Some(0));
    assert_eq!(info.client_id.as_deref(), Some("particle-api"));
    assert_eq!(info.scopes.as_ref().map(Vec::len), Some(2));
    let orgs = info.orgs.unwrap_or_default();
    assert_eq!(orgs[0].slug.as_deref(), Some("acme"));
    assert_eq!(orgs[0].id.as_deref(), Some("61a8f0e5"));
}

#[tokio::test]
async fn delete_current_access_token_sends_a_bare_delete() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/access_tokens/current"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .delete_current_access_token()
        .await
        .expect("logout");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn delete_access_token_puts_the_token_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(
            "/v1/access_tokens/b5b901e8760164e134199bc2c3dd1d228acf2d98",
        ))
        .and(header("authorization", BEARER))
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let revoked = Secret::new("b5b901e8760164e134199bc2c3dd1d228acf2d98");
    let answer = client(&server)
        .delete_access_token(&revoked)
        .await
        .expect("revoke");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn an_expired_token_is_a_401_and_is_not_printed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(
            "/v1/access_tokens/b5b901e8760164e134199bc2c3dd1d228acf2d98",
        ))
        .respond_with(json(
            401,
            r#"{"error":"expired_token","error_description":"The access token was not found"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let revoked = Secret::new("b5b901e8760164e134199bc2c3dd1d228acf2d98");
    let result = client.delete_access_token(&revoked).await;
    let shown = format!("{result:?} {client:?} {revoked:?}");
    let Err(Error::Api {
        status: 401, body, ..
    }) = result
    else {
        panic!("expected a decoded 401, got {result:?}")
    };
    assert_eq!(body.error.as_deref(), Some("expired_token"));
    assert_eq!(
        body.error_description.as_deref(),
        Some("The access token was not found")
    );
    assert!(
        !shown.contains(TOKEN) && !shown.contains("b5b901e8760164e1"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_transport_error_does_not_print_the_token_of_the_path() {
    // A port nothing listens on: the connection is refused at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_insecure_http()
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let revoked = Secret::new("b5b901e8760164e134199bc2c3dd1d228acf2d98");
    let result = common::within(client.delete_access_token(&revoked)).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    let error = result.expect_err("refused");
    let shown = format!("{error:?} / {error}");
    assert!(!shown.contains("b5b901e8760164e1"), "{shown}");
}

#[tokio::test]
async fn get_user_decodes_the_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"username":"joe@example.com","subscription_ids":[],"account_info":{"first_name":"Joe","last_name":"Example","business_account":false},"scim_provisioned":false,"no_password":false,"mfa":{"enabled":true},"wifi_device_count":2,"cellular_device_count":1}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let user = client(&server).get_user().await.expect("user");
    assert_eq!(user.username.as_deref(), Some("joe@example.com"));
    assert_eq!(user.subscription_ids, Some(Vec::new()));
    let account = user.account_info.expect("account_info");
    assert_eq!(account.first_name.as_deref(), Some("Joe"));
    assert_eq!(account.business_account, Some(false));
    assert_eq!(account.company_name, None);
    assert_eq!(user.mfa.and_then(|mfa| mfa.enabled), Some(true));
    assert_eq!(user.wifi_device_count, Some(2));
    assert_eq!(user.cellular_device_count, Some(1));
    assert_eq!(user.scim_provisioned, Some(false));
    assert_eq!(user.tos, None);
}

/// The legacy token list takes the account's username and password as HTTP Basic (set as the
/// client credentials), never the bearer token, and the MFA `otp` in the query.
#[tokio::test]
async fn list_access_tokens_sends_the_username_and_password_as_basic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/access_tokens"))
        .and(header(
            "authorization",
            "Basic am9lQGV4YW1wbGUuY29tOlN1cGVyU2VjcmV0",
        ))
        .and(exact_query("otp=123456"))
        .and(no_body())
        .respond_with(json(
            200,
            r#"[{"token":"b5b901e8760164e134199bc2c3dd1d228acf2d98","expires_at":"2014-04-27T02:20:36.177Z","client":"particle"},{"token":"c6c0","expires_at":null,"client":"particle-cli"}]"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .client_credentials("joe@example.com", "SuperSecret")
        .build()
        .expect("client");
    let params = ListAccessTokensParams {
        otp: Some("123456".into()),
    };
    let tokens = client
        .list_access_tokens(&params)
        .await
        .expect("list_access_tokens");
    assert_eq!(tokens.len(), 2);
    assert_eq!(
        tokens[0].token.as_ref().map(Secret::expose),
        Some("b5b901e8760164e134199bc2c3dd1d228acf2d98")
    );
    assert_eq!(
        tokens[0].expires_at,
        Nullable::Value(date("2014-04-27T02:20:36.177Z"))
    );
    assert_eq!(tokens[0].client.as_deref(), Some("particle"));
    assert_eq!(tokens[1].expires_at, Nullable::Null);
}

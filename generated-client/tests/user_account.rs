//! The user account on the wire against a local HTTP server (wiremock on 127.0.0.1): revoking
//! every token, changing and deleting the account (a DELETE with a JSON body), multi-factor
//! authentication, the tracking identity, and the two calls that send no token (sign-up and
//! password reset); secrets kept out of `Debug` output; a 400 error body.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{bearer, client, exact_query, json, no_authorization, no_body, no_query};
use particle_client::models::{
    ConfirmMfaRequest, CreateUserRequest, DeleteUserRequest, DisableMfaRequest,
    ResetPasswordRequest, UpdateUserRequest, UserAccountInfo,
};
use particle_client::operations::GetTrackingIdentityParams;
use particle_client::{Error, Secret};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn delete_active_access_tokens_sends_a_bare_delete() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/access_tokens"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .delete_active_access_tokens()
        .await
        .expect("delete_active_access_tokens");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn update_user_changes_the_password_and_hides_both() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/user"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({
            "password": "NewSecret",
            "current_password": "OldSecret",
            "invalidate_tokens": true
        })))
        .respond_with(json(
            200,
            r#"{"ok":true,"message":"User's password updated."}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let change = UpdateUserRequest {
        password: Some("NewSecret".into()),
        current_password: Some("OldSecret".into()),
        invalidate_tokens: Some(true),
        ..Default::default()
    };
    let answer = client(&server)
        .update_user(&change)
        .await
        .expect("update_user");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(answer.message.as_deref(), Some("User's password updated."));
    let shown = format!("{change:?}");
    assert!(
        !shown.contains("NewSecret") && !shown.contains("OldSecret"),
        "{shown}"
    );
}

#[tokio::test]
async fn update_user_sends_account_info_as_a_nested_object() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/user"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "account_info": {"first_name": "Joe", "business_account": true, "company_name": "Acme"}
        })))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let change = UpdateUserRequest {
        account_info: Some(UserAccountInfo {
            first_name: Some("Joe".into()),
            business_account: Some(true),
            company_name: Some("Acme".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    client(&server)
        .update_user(&change)
        .await
        .expect("update_user");
}

#[tokio::test]
async fn update_user_changes_the_username() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/user"))
        .and(body_json(value!({
            "username": "joe.new@example.com",
            "current_password": "SuperSecret"
        })))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let change = UpdateUserRequest {
        username: Some("joe.new@example.com".into()),
        current_password: Some("SuperSecret".into()),
        ..Default::default()
    };
    client(&server)
        .update_user(&change)
        .await
        .expect("update_user");
}

#[tokio::test]
async fn delete_user_sends_the_password_in_the_body_of_the_delete() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/user"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"password": "SuperSecret"})))
        .respond_with(json(
            200,
            r#"{"ok":true,"message":"User's account has been deleted."}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .delete_user(&DeleteUserRequest::new("SuperSecret"))
        .await
        .expect("delete_user");
    assert_eq!(
        answer.message.as_deref(),
        Some("User's account has been deleted.")
    );
}

#[tokio::test]
async fn a_wrong_password_is_a_400_with_the_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/user"))
        .respond_with(json(400, r#"{"ok":false,"error":"Password is incorrect"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .delete_user(&DeleteUserRequest::new("wrong"))
        .await;
    let Err(Error::Api {
        status: 400, body, ..
    }) = result
    else {
        panic!("expected a decoded 400, got {result:?}")
    };
    assert_eq!(body.ok, Some(false));
    assert_eq!(body.error.as_deref(), Some("Password is incorrect"));
}

#[tokio::test]
async fn get_tracking_identity_sends_tracking_1() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/identify"))
        .and(bearer())
        .and(exact_query("tracking=1"))
        .and(no_body())
        .respond_with(json(200, r#"{"id":"5f3a9e1c2b7d4a0012345678"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetTrackingIdentityParams { tracking: Some(1) };
    let identity = client(&server)
        .get_tracking_identity(&params)
        .await
        .expect("get_tracking_identity");
    assert_eq!(identity.id, "5f3a9e1c2b7d4a0012345678");
    assert_eq!(identity.email, None);
}

#[tokio::test]
async fn get_tracking_identity_in_full_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/identify"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"id":"5f3a9e1c2b7d4a0012345678","email":"joe@example.com"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let identity = client(&server)
        .get_tracking_identity(&GetTrackingIdentityParams::default())
        .await
        .expect("get_tracking_identity");
    assert_eq!(identity.email.as_deref(), Some("joe@example.com"));
}

#[tokio::test]
async fn enable_then_confirm_mfa() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/mfa-enable"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"mfa_token":"eyJ0eXAiOiJKV1QiLCJhbGci....D3QCiQ","qr_url":"data:image/png;base64,iVBORw0KGgo=","secret":"JBSWY3DPEHPK3PXP"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/user/mfa-enable"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({
            "mfa_token": "eyJ0eXAiOiJKV1QiLCJhbGci....D3QCiQ",
            "otp": "123456"
        })))
        .respond_with(json(
            200,
            r#"{"enrolled":true,"tokens":["a1b2c3d4","e5f6a7b8"]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let started = client.enable_mfa().await.expect("enable_mfa");
    assert_eq!(started.qr_url, "data:image/png;base64,iVBORw0KGgo=");
    assert_eq!(
        started.secret.as_ref().map(Secret::expose),
        Some("JBSWY3DPEHPK3PXP")
    );
    let shown = format!("{started:?}");
    assert!(
        !shown.contains("eyJ0eXAi") && !shown.contains("JBSWY3DP"),
        "{shown}"
    );

    let confirm = ConfirmMfaRequest::new(started.mfa_token, "123456");
    let enrolled = client.confirm_mfa(&confirm).await.expect("confirm_mfa");
    assert!(enrolled.enrolled);
    let codes: Vec<&str> = enrolled
        .tokens
        .iter()
        .flatten()
        .map(Secret::expose)
        .collect();
    assert_eq!(codes, ["a1b2c3d4", "e5f6a7b8"]);
    assert!(!format!("{enrolled:?}").contains("a1b2c3d4"));
}

#[tokio::test]
async fn confirm_mfa_can_invalidate_every_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/mfa-enable"))
        .and(body_json(value!({
            "mfa_token": "t",
            "otp": "654321",
            "invalidate_tokens": true
        })))
        .respond_with(json(200, r#"{"enrolled":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let mut confirm = ConfirmMfaRequest::new("t", "654321");
    confirm.invalidate_tokens = Some(true);
    let enrolled = client(&server)
        .confirm_mfa(&confirm)
        .await
        .expect("confirm_mfa");
    assert_eq!(enrolled.tokens, None);
}

#[tokio::test]
async fn disable_mfa_puts_the_current_password() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/user/mfa-disable"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"current_password": "SuperSecret"})))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .disable_mfa(&DisableMfaRequest::new("SuperSecret"))
        .await
        .expect("disable_mfa");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn reset_password_sends_no_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/password-reset"))
        .and(no_authorization())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"username": "joe@example.com"})))
        .respond_with(json(
            200,
            r#"{"ok":true,"message":"Password reset email sent."}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    // The client has a token; this call must not send it.
    let answer = client(&server)
        .reset_password(&ResetPasswordRequest::new("joe@example.com"))
        .await
        .expect("reset_password");
    assert_eq!(
        answer.message.as_deref(),
        Some("Password reset email sent.")
    );
}

#[tokio::test]
async fn create_user_sends_no_token_and_the_account_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/users"))
        .and(no_authorization())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({
            "username": "joe@example.com",
            "password": "SuperSecret",
            "account_info": {"first_name": "Joe", "last_name": "Example"},
            "utm": {"utm_source": "web"}
        })))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let mut account = CreateUserRequest::new("joe@example.com", "SuperSecret");
    account.account_info = Some(UserAccountInfo {
        first_name: Some("Joe".into()),
        last_name: Some("Example".into()),
        ..Default::default()
    });
    account.utm = Some(BTreeMap::from([("utm_source".into(), "web".into())]));
    let answer = client(&server)
        .create_user(&account)
        .await
        .expect("create_user");
    assert_eq!(answer.ok, Some(true));
    assert!(!format!("{account:?}").contains("SuperSecret"));
}

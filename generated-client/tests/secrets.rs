//! Cloud secrets on the wire against a local HTTP server (wiremock on 127.0.0.1): listing,
//! creating (201), getting, changing the value of and deleting (204) a secret of the sandbox, as
//! Particle's Postman collection documents them, and the same for an organization, as particle-cli
//! calls them; secret values stay out of `Debug` output, and the documented error bodies decode.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, date, json, no_body, no_query};
use particle_client::models::{
    CloudSecretValue, CreateCloudSecretRequest, NewCloudSecret, UpdateCloudSecretRequest,
};
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' secret (Postman collection, "Get cloud secret by name").
const SECRET: &str = r#"{"secret":{"name":"MY_API_KEY","created_at":"2024-05-22T19:24:25.789Z","updated_at":"2024-05-22T19:24:25.789Z","last_accessed_at":null,"integrations":[{"name":"my integration","id":"654346685db1b2cc1905d499"}],"logic_functions":[]}}"#;

/// particle-cli's organization fixture: the integration is named by `org_integration_id`.
const ORG_SECRET: &str = r#"{"secret":{"name":"HUGO_TEST_KEY","created_at":"2025-06-17T14:05:52.401Z","updated_at":"2025-06-17T14:05:52.401Z","created_by":"60401d41668a672f2c3b75e4","updated_by":"60401d41668a672f2c3b75e4","last_accessed_at":"2025-06-18T08:00:00.000Z","integrations":[{"name":"Demo","org_integration_id":"777c58bc69a5d4fd4ab53b59"}],"logic_functions":["12345678-7729-4224-be94-abcdefc145f3"]}}"#;

#[tokio::test]
async fn list_secrets_decodes_the_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/secrets"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"secrets":[{"name":"MY_API_KEY","created_at":"2024-05-22T19:24:25.789Z","updated_at":"2024-05-22T19:24:25.789Z","last_accessed_at":null,"integrations":[{"name":"my integration","id":"654346685db1b2cc1905d499"}],"logic_functions":[]}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server).list_secrets().await.expect("list_secrets");
    assert_eq!(list.secrets.len(), 1);
    let secret = &list.secrets[0];
    assert_eq!(secret.name, "MY_API_KEY");
    assert_eq!(secret.created_at, Some(date("2024-05-22T19:24:25.789Z")));
    assert_eq!(secret.last_accessed_at, Nullable::Null);
    let integrations = secret.integrations.as_ref().expect("integrations");
    assert_eq!(integrations[0].name.as_deref(), Some("my integration"));
    assert_eq!(
        integrations[0].id.as_deref(),
        Some("654346685db1b2cc1905d499")
    );
    assert_eq!(secret.logic_functions.as_deref(), Some(&[][..]));
}

#[tokio::test]
async fn create_secret_sends_name_and_value_and_accepts_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/secrets"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(
            value!({"secret": {"name": "MY_API_KEY", "value": "s3cr3t-value"}}),
        ))
        .respond_with(json(
            201,
            r#"{"secret":{"name":"MY_API_KEY","created_at":"2024-05-22T19:24:25.789Z","updated_at":"2024-05-22T19:24:25.789Z","last_accessed_at":null,"integrations":[],"logic_functions":[]}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateCloudSecretRequest::new(NewCloudSecret::new("MY_API_KEY", "s3cr3t-value"));
    assert!(!format!("{request:?}").contains("s3cr3t-value"));
    let answer = client(&server)
        .create_secret(&request)
        .await
        .expect("create_secret");
    assert_eq!(answer.secret.name, "MY_API_KEY");
    assert_eq!(answer.secret.integrations.as_deref(), Some(&[][..]));
}

#[tokio::test]
async fn create_secret_reports_a_taken_name() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/secrets"))
        .respond_with(json(
            400,
            r#"{"ok":false,"error":"Failed to create secret: Name already in use"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateCloudSecretRequest::new(NewCloudSecret::new("MY_API_KEY", "x"));
    match client(&server).create_secret(&request).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(
                body.error.as_deref(),
                Some("Failed to create secret: Name already in use")
            );
        }
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[tokio::test]
async fn get_secret_decodes_the_secret_and_reports_404() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/secrets/MY_API_KEY"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, SECRET))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/secrets/MISSING"))
        .respond_with(json(404, r#"{"ok":false,"error":"not found"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let answer = client.get_secret("MY_API_KEY").await.expect("get_secret");
    assert_eq!(answer.secret.name, "MY_API_KEY");
    assert_eq!(
        answer.secret.updated_at,
        Some(date("2024-05-22T19:24:25.789Z"))
    );
    match client.get_secret("MISSING").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.error.as_deref(), Some("not found"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn update_secret_puts_the_new_value() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/secrets/MY_API_KEY"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"secret": {"value": "new-value"}})))
        .respond_with(json(200, SECRET))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateCloudSecretRequest::new(CloudSecretValue::new("new-value"));
    assert!(!format!("{request:?}").contains("new-value"));
    let answer = client(&server)
        .update_secret("MY_API_KEY", &request)
        .await
        .expect("update_secret");
    assert_eq!(answer.secret.name, "MY_API_KEY");
}

#[tokio::test]
async fn delete_secret_accepts_204_and_reports_a_secret_in_use() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/secrets/MY_API_KEY"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/secrets/USED_KEY"))
        .respond_with(json(
            400,
            r#"{"ok":false,"error":"This secret cannot be deleted as it is being used by integrations or Logic Functions."}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    client
        .delete_secret("MY_API_KEY")
        .await
        .expect("delete_secret");
    match client.delete_secret("USED_KEY").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert!(body.error.as_deref().unwrap_or("").contains("being used"));
        }
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[tokio::test]
async fn list_org_secrets_reads_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/my-org/secrets"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"secrets":[]}"#))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_org_secrets("my-org")
        .await
        .expect("list_org_secrets");
    assert!(list.secrets.is_empty());
}

#[tokio::test]
async fn get_org_secret_decodes_the_org_integration() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/my-org/secrets/HUGO_TEST_KEY"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, ORG_SECRET))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_org_secret("my-org", "HUGO_TEST_KEY")
        .await
        .expect("get_org_secret");
    let secret = answer.secret;
    assert_eq!(
        secret.created_by.as_deref(),
        Some("60401d41668a672f2c3b75e4")
    );
    assert_eq!(
        secret.last_accessed_at,
        Nullable::Value(date("2025-06-18T08:00:00.000Z"))
    );
    let integration = &secret.integrations.expect("integrations")[0];
    assert_eq!(integration.id, None);
    assert_eq!(
        integration.org_integration_id.as_deref(),
        Some("777c58bc69a5d4fd4ab53b59")
    );
    assert_eq!(
        secret.logic_functions.as_deref(),
        Some(&["12345678-7729-4224-be94-abcdefc145f3".to_owned()][..])
    );
}

#[tokio::test]
async fn update_org_secret_puts_the_new_value() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/orgs/my%20org/secrets/HUGO_TEST_KEY"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"secret": {"value": "value"}})))
        .respond_with(json(200, ORG_SECRET))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateCloudSecretRequest::new(CloudSecretValue::new("value"));
    let answer = client(&server)
        .update_org_secret("my org", "HUGO_TEST_KEY", &request)
        .await
        .expect("update_org_secret");
    assert_eq!(answer.secret.name, "HUGO_TEST_KEY");
}

#[tokio::test]
async fn delete_org_secret_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/orgs/my-org/secrets/SECRET_NAME"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .delete_org_secret("my-org", "SECRET_NAME")
        .await
        .expect("delete_org_secret");
}

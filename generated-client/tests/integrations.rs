//! Integrations and webhooks on the wire against a local HTTP server (wiremock on 127.0.0.1): list,
//! get, create, edit, delete and test in the user, product and organization scopes, and the legacy
//! webhook routes; every body exact JSON, secrets kept out of `Debug`.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::{bearer, client, date, json, no_body, no_query};
use particle_client::models::{
    CreateIntegrationRequest, CreateWebhookRequest, IntegrationSettings, IntegrationTestRequest,
    IntegrationType, WebhookAuth, WebhookRequestType,
};
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOOK_ID: &str = "5a1f5f1e2b9e7b0001a0f1a2";

/// A webhook and a Google Cloud integration, as the list returns them (AD Integrations.10).
const INTEGRATIONS: &str = r#"[{"id":"5a1f5f1e2b9e7b0001a0f1a2","event":"temperature","created_at":"2017-12-04T16:23:51.553Z","integration_type":"Webhook","url":"https://example.com/hook","requestType":"POST","name":null},{"id":"5a1f5f1e2b9e7b0001a0f1a3","event":"gps","created_at":"2017-12-05T10:00:00.000Z","integration_type":"GoogleCloudPubSub","deviceID":"0123456789abcdef01234567","disabled":true}]"#;

/// The documented answer to a creation (AD Integrations.1).
const CREATED: &str = r#"{"ok":true,"id":"5a1f5f1e2b9e7b0001a0f1a2","url":"https://example.com/hook","event":"temperature","name":"Temperature logger","created_at":"2017-12-04T16:23:51.553Z","hookUrl":"https://api.particle.io/v1/webhooks/5a1f5f1e2b9e7b0001a0f1a2"}"#;

fn webhook_integration() -> CreateIntegrationRequest {
    let mut request = CreateIntegrationRequest::new(IntegrationType::Webhook, "temperature");
    request.url = Some("https://example.com/hook".into());
    request.request_type = Some(WebhookRequestType::Post);
    request.name = Some("Temperature logger".into());
    request.json = Some(BTreeMap::from([(
        "value".to_owned(),
        value!("{{{PARTICLE_EVENT_VALUE}}}"),
    )]));
    request
}

/// `webhook_integration()` on the wire.
fn webhook_json() -> serde_json::Value {
    value!({
        "integration_type": "Webhook",
        "event": "temperature",
        "name": "Temperature logger",
        "url": "https://example.com/hook",
        "requestType": "POST",
        "json": {"value": "{{{PARTICLE_EVENT_VALUE}}}"}
    })
}

#[tokio::test]
async fn list_integrations_in_every_scope_decodes_each_kind() {
    let server = MockServer::start().await;
    for scope in [
        "/v1/integrations",
        "/v1/products/my-product/integrations",
        "/v1/orgs/my-org/integrations",
    ] {
        Mock::given(method("GET"))
            .and(path(scope))
            .and(bearer())
            .and(no_query())
            .and(no_body())
            .respond_with(json(200, INTEGRATIONS))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    let user = client.list_integrations().await.expect("user");
    let product = client
        .list_product_integrations("my-product")
        .await
        .expect("product");
    let org = client.list_org_integrations("my-org").await.expect("org");
    assert_eq!(user, product);
    assert_eq!(user, org);
    assert_eq!(user.len(), 2);
    let hook = &user[0];
    assert_eq!(hook.integration_type, Some(IntegrationType::Webhook));
    assert_eq!(hook.request_type, Some(WebhookRequestType::Post));
    assert_eq!(hook.created_at, Some(date("2017-12-04T16:23:51.553Z")));
    assert_eq!(hook.name, Nullable::Null);
    let pubsub = &user[1];
    assert_eq!(
        pubsub.integration_type,
        Some(IntegrationType::GoogleCloudPubSub)
    );
    assert_eq!(
        pubsub.device_id.as_deref(),
        Some("0123456789abcdef01234567")
    );
    assert_eq!(pubsub.disabled, Some(true));
}

#[tokio::test]
async fn create_integration_sends_exact_json_in_every_scope() {
    let server = MockServer::start().await;
    for scope in [
        "/v1/integrations",
        "/v1/products/1337/integrations",
        "/v1/orgs/my-org/integrations",
    ] {
        Mock::given(method("POST"))
            .and(path(scope))
            .and(bearer())
            .and(header("content-type", "application/json"))
            .and(body_json(webhook_json()))
            .respond_with(json(201, CREATED))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let request = webhook_integration();

    let created = client
        .create_integration(&request)
        .with_response()
        .await
        .expect("user");
    assert_eq!(created.status(), 201);
    assert_eq!(created.id, HOOK_ID);
    assert_eq!(created.ok, Some(true));
    assert_eq!(
        created.hook_url.as_deref(),
        Some("https://api.particle.io/v1/webhooks/5a1f5f1e2b9e7b0001a0f1a2")
    );
    let product = client
        .create_product_integration("1337", &request)
        .await
        .expect("product");
    let org = client
        .create_org_integration("my-org", &request)
        .await
        .expect("org");
    assert_eq!(product.name.as_deref(), Some("Temperature logger"));
    assert_eq!(org.event.as_deref(), Some("temperature"));
}

#[tokio::test]
async fn secrets_of_an_integration_are_sent_but_never_printed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/integrations"))
        .and(body_json(value!({
            "integration_type": "AzureIotHub",
            "event": "telemetry",
            "hub_name": "my-hub",
            "policy_name": "iothubowner",
            "policy_key": "c2VjcmV0LWtleQ=="
        })))
        .respond_with(json(
            201,
            r#"{"ok":true,"id":"5a1f5f1e2b9e7b0001a0f1a4","event":"telemetry","created_at":"2017-12-04T16:23:51.553Z"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut azure = CreateIntegrationRequest::new(IntegrationType::AzureIotHub, "telemetry");
    azure.hub_name = Some("my-hub".into());
    azure.policy_name = Some("iothubowner".into());
    azure.policy_key = Some("c2VjcmV0LWtleQ==".into());
    let shown = format!("{azure:?}");
    assert!(!shown.contains("c2VjcmV0LWtleQ=="), "{shown}");
    let created = client(&server)
        .create_integration(&azure)
        .await
        .expect("create");
    assert_eq!(created.id, "5a1f5f1e2b9e7b0001a0f1a4");
}

#[tokio::test]
async fn edit_integration_replaces_the_settings_and_reads_the_wrapped_answer() {
    let server = MockServer::start().await;
    let body = value!({"event": "temp", "url": "https://example.com/v2", "requestType": "PUT", "disabled": false});
    let answer = r#"{"integration":{"id":"5a1f5f1e2b9e7b0001a0f1a2","event":"temp","integration_type":"Webhook","url":"https://example.com/v2","requestType":"PUT","created_at":"2017-12-04T16:23:51.553Z"}}"#;
    for scope in [
        format!("/v1/integrations/{HOOK_ID}"),
        format!("/v1/products/my-product/integrations/{HOOK_ID}"),
        format!("/v1/orgs/my-org/integrations/{HOOK_ID}"),
    ] {
        Mock::given(method("PUT"))
            .and(path(scope))
            .and(bearer())
            .and(header("content-type", "application/json"))
            .and(body_json(body.clone()))
            .respond_with(json(200, answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let settings = IntegrationSettings {
        event: Some("temp".into()),
        url: Some("https://example.com/v2".into()),
        request_type: Some(WebhookRequestType::Put),
        disabled: Some(false),
        ..Default::default()
    };

    let user = client
        .edit_integration(HOOK_ID, &settings)
        .await
        .expect("user");
    assert_eq!(user.integration.event, "temp");
    assert_eq!(user.integration.request_type, Some(WebhookRequestType::Put));
    let product = client
        .edit_product_integration("my-product", HOOK_ID, &settings)
        .await
        .expect("product");
    let org = client
        .edit_org_integration("my-org", HOOK_ID, &settings)
        .await
        .expect("org");
    assert_eq!(product, user);
    assert_eq!(org, user);
}

#[tokio::test]
async fn delete_integration_answers_204_in_every_scope() {
    let server = MockServer::start().await;
    for scope in [
        format!("/v1/integrations/{HOOK_ID}"),
        format!("/v1/products/my-product/integrations/{HOOK_ID}"),
        format!("/v1/orgs/my-org/integrations/{HOOK_ID}"),
    ] {
        Mock::given(method("DELETE"))
            .and(path(scope))
            .and(bearer())
            .and(no_body())
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    client.delete_integration(HOOK_ID).await.expect("user");
    client
        .delete_product_integration("my-product", HOOK_ID)
        .await
        .expect("product");
    client
        .delete_org_integration("my-org", HOOK_ID)
        .await
        .expect("org");
}

#[tokio::test]
async fn test_integration_reports_pass_or_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/integrations/{HOOK_ID}/test")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"data": "21.5"})))
        .respond_with(json(200, r#"{"pass":true,"data":"OK"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/products/my-product/integrations/{HOOK_ID}/test"
        )))
        .and(bearer())
        .and(body_json(value!({})))
        .respond_with(json(
            200,
            r#"{"pass":false,"error":"getaddrinfo ENOTFOUND example.invalid"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let request = IntegrationTestRequest {
        data: Some("21.5".into()),
        ..Default::default()
    };
    let passed = client
        .test_integration(HOOK_ID, &request)
        .await
        .expect("test");
    assert!(passed.pass);
    assert_eq!(passed.data.as_deref(), Some("OK"));
    let failed = client
        .test_product_integration("my-product", HOOK_ID, &IntegrationTestRequest::default())
        .await
        .expect("product test");
    assert!(!failed.pass);
    assert_eq!(
        failed.error.as_deref(),
        Some("getaddrinfo ENOTFOUND example.invalid")
    );
}

#[tokio::test]
async fn legacy_webhooks_are_listed_created_and_deleted_in_both_scopes() {
    let server = MockServer::start().await;
    let hooks = r#"[{"id":"5a1f5f1e2b9e7b0001a0f1a2","event":"temperature","created_at":"2017-12-04T16:23:51.553Z","url":"https://example.com/hook","requestType":"POST","name":null,"deviceID":"0123456789abcdef01234567"}]"#;
    let body = value!({
        "event": "temperature",
        "url": "https://example.com/hook",
        "requestType": "POST",
        "deviceId": "0123456789abcdef01234567",
        "noDefaults": true,
        "headers": {"X-Api-Key": "abc"},
        "auth": {"username": "joe", "password": "SuperSecret"},
        "responseTopic": "temperature-ack"
    });
    for scope in ["/v1/webhooks", "/v1/products/my-product/webhooks"] {
        Mock::given(method("GET"))
            .and(path(scope))
            .and(bearer())
            .and(no_body())
            .respond_with(json(200, hooks))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(scope))
            .and(bearer())
            .and(header("content-type", "application/json"))
            .and(body_json(body.clone()))
            .respond_with(json(200, CREATED))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path(format!("{scope}/{HOOK_ID}")))
            .and(bearer())
            .and(no_body())
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    let mut hook = CreateWebhookRequest::new("temperature", "https://example.com/hook");
    hook.request_type = Some(WebhookRequestType::Post);
    hook.device_id = Some("0123456789abcdef01234567".into());
    hook.no_defaults = Some(true);
    hook.headers = Some(BTreeMap::from([("X-Api-Key".to_owned(), "abc".to_owned())]));
    hook.auth = Some(WebhookAuth {
        username: Some("joe".into()),
        password: Some("SuperSecret".into()),
    });
    hook.response_topic = Some("temperature-ack".into());
    assert!(!format!("{hook:?}").contains("SuperSecret"));

    let listed = client.list_webhooks().await.expect("list");
    assert_eq!(listed[0].url, "https://example.com/hook");
    assert_eq!(
        listed[0].device_id.as_deref(),
        Some("0123456789abcdef01234567")
    );
    let created = client.create_webhook(&hook).await.expect("create");
    assert_eq!(created.id, HOOK_ID);
    client.delete_webhook(HOOK_ID).await.expect("delete");

    let listed = client
        .list_product_webhooks("my-product")
        .await
        .expect("product list");
    assert_eq!(listed.len(), 1);
    client
        .create_product_webhook("my-product", &hook)
        .await
        .expect("product create");
    client
        .delete_product_webhook("my-product", HOOK_ID)
        .await
        .expect("product delete");
}

#[tokio::test]
async fn an_unknown_integration_is_a_decoded_404() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/integrations/nope"))
        .respond_with(json(404, r#"{"ok":false,"error":"Integration not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).delete_integration("nope").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("Integration not found"));
        }
        other => panic!("expected a decoded 404, got {other:?}"),
    }
}

/// One integration as its own route returns it (AD Integrations.9), with two log entries in place
/// of the reference's `[...]`.
const DETAIL: &str = r#"{"integration":{"id":"12345","event":"eventName","name":"Check weather","created_at":"2017-03-14T17:57:46.316Z","logs":[{"request":{"url":"https://weather.com"},"response":{"statusCode":200}},"free text"],"integration_type":"Webhook","url":"https://weather.com","requestType":"POST"}}"#;

#[tokio::test]
async fn get_integration_reads_the_wrapped_integration_and_its_logs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/integrations/12345"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, DETAIL))
        .expect(1)
        .mount(&server)
        .await;

    let integration = client(&server)
        .get_integration("12345")
        .await
        .expect("get_integration")
        .integration;
    assert_eq!(integration.id, "12345");
    assert_eq!(integration.event, "eventName");
    assert_eq!(integration.integration_type, Some(IntegrationType::Webhook));
    assert_eq!(
        integration.name,
        Nullable::Value("Check weather".to_owned())
    );
    assert_eq!(
        integration.created_at,
        Some(date("2017-03-14T17:57:46.316Z"))
    );
    assert_eq!(integration.url.as_deref(), Some("https://weather.com"));
    assert_eq!(integration.request_type, Some(WebhookRequestType::Post));
    let logs = integration.logs.expect("logs");
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0]["response"]["statusCode"], 200);
    assert_eq!(logs[1], value!("free text"));
}

#[tokio::test]
async fn get_product_integration_encodes_the_product_and_reads_a_google_maps_integration() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my%20product/integrations/ab%2Fc"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"integration":{"id":"ab/c","event":"foo","created_at":"2017-03-14T17:57:46.316Z","integration_type":"GoogleMaps","name":"Send to Google Maps","api_key":"123abc"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let integration = client(&server)
        .get_product_integration("my product", "ab/c")
        .await
        .expect("get_product_integration")
        .integration;
    assert_eq!(
        integration.integration_type,
        Some(IntegrationType::GoogleMaps)
    );
    assert_eq!(integration.logs, None);
    assert_eq!(integration.url, None);
}

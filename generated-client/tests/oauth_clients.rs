//! OAuth clients on the wire against a local HTTP server (wiremock on 127.0.0.1): listing,
//! creating, updating and deleting them, for the user and for a product, the secret kept out of
//! `Debug` output, and a 404 error body.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, json, no_body, no_query};
use particle_client::models::{
    CreateOauthClientRequest, OauthClientType, UpdateOauthClientRequest,
};
use particle_client::{Error, Secret};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' answer to creating a client: the secret is shown this once.
const CREATED: &str = r#"{"ok":true,"client":{"name":"MyApp","type":"installed","id":"myapp-2146","secret":"615c620d647b6e1dab13bef1695c120b0293c342"}}"#;

#[tokio::test]
async fn list_oauth_clients_decodes_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/clients"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"clients":[{"name":"MyApp","type":"installed","id":"myapp-2146"},{"name":"My Web App","type":"web","id":"my-web-app-1234","redirect_uri":"https://app.example.com/callback","scope":"customers:create"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_oauth_clients()
        .await
        .expect("list_oauth_clients");
    assert_eq!(list.ok, Some(true));
    assert_eq!(list.clients.len(), 2);
    let installed = &list.clients[0];
    assert_eq!(installed.id, "myapp-2146");
    assert_eq!(installed.r#type, Some(OauthClientType::Installed));
    assert_eq!(installed.secret, None);
    let web = &list.clients[1];
    assert_eq!(web.r#type, Some(OauthClientType::Web));
    assert_eq!(
        web.redirect_uri.as_deref(),
        Some("https://app.example.com/callback")
    );
    assert_eq!(web.scope.as_deref(), Some("customers:create"));
}

#[tokio::test]
async fn create_oauth_client_sends_json_and_keeps_the_secret_out_of_debug() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/clients"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"name": "MyApp", "type": "installed"})))
        .respond_with(json(200, CREATED))
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateOauthClientRequest::new("MyApp", OauthClientType::Installed);
    let answer = client(&server)
        .create_oauth_client(&request)
        .await
        .expect("create_oauth_client");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(answer.client.id, "myapp-2146");
    assert_eq!(answer.client.name.as_deref(), Some("MyApp"));
    let secret = answer.client.secret.as_ref().map(Secret::expose);
    assert_eq!(secret, Some("615c620d647b6e1dab13bef1695c120b0293c342"));
    let shown = format!("{answer:?}");
    assert!(!shown.contains("615c620d647b6e1d"), "{shown}");
}

#[tokio::test]
async fn create_product_oauth_client_sends_the_web_fields_under_the_product() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/my-product-v1/clients"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({
            "name": "My Web App",
            "type": "web",
            "redirect_uri": "https://app.example.com/callback",
            "scope": "customers:create"
        })))
        .respond_with(json(
            200,
            r#"{"ok":true,"client":{"name":"My Web App","type":"web","id":"my-web-app-1234","secret":"s3cr3t","redirect_uri":"https://app.example.com/callback","product_id":1337}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut request = CreateOauthClientRequest::new("My Web App", OauthClientType::Web);
    request.redirect_uri = Some("https://app.example.com/callback".into());
    request.scope = Some("customers:create".into());
    let answer = client(&server)
        .create_product_oauth_client("my-product-v1", &request)
        .await
        .expect("create_product_oauth_client");
    assert_eq!(answer.client.id, "my-web-app-1234");
    assert_eq!(answer.client.product_id, Some(1337));
}

#[tokio::test]
async fn list_product_oauth_clients_puts_the_product_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1337/clients"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true,"clients":[]}"#))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_product_oauth_clients("1337")
        .await
        .expect("list_product_oauth_clients");
    assert!(list.clients.is_empty());
}

#[tokio::test]
async fn update_oauth_client_sends_only_the_changes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/clients/myapp-2146"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"scope": "none"})))
        .respond_with(json(
            200,
            r#"{"ok":true,"client":{"name":"MyApp","type":"installed","id":"myapp-2146"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateOauthClientRequest {
        scope: Some("none".into()),
        ..Default::default()
    };
    let answer = client(&server)
        .update_oauth_client("myapp-2146", &request)
        .await
        .expect("update_oauth_client");
    assert_eq!(answer.client.id, "myapp-2146");
    assert_eq!(answer.client.secret, None);
}

#[tokio::test]
async fn update_product_oauth_client_renames_it() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product-v1/clients/myapp-2146"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"name": "Renamed"})))
        .respond_with(json(
            200,
            r#"{"ok":true,"client":{"name":"Renamed","type":"installed","id":"myapp-2146"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateOauthClientRequest {
        name: Some("Renamed".into()),
        ..Default::default()
    };
    let answer = client(&server)
        .update_product_oauth_client("my-product-v1", "myapp-2146", &request)
        .await
        .expect("update_product_oauth_client");
    assert_eq!(answer.client.name.as_deref(), Some("Renamed"));
}

#[tokio::test]
async fn delete_oauth_client_reads_the_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/clients/myapp-2146"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .delete_oauth_client("myapp-2146")
        .with_response()
        .await
        .expect("delete_oauth_client");
    assert_eq!(answer.status(), 204);
}

#[tokio::test]
async fn delete_product_oauth_client_percent_encodes_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/my%20product/clients/my%2Fapp"))
        .and(bearer())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .delete_product_oauth_client("my product", "my/app")
        .await
        .expect("delete_product_oauth_client");
}

#[tokio::test]
async fn an_unknown_client_is_a_404_with_the_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/clients/nope"))
        .respond_with(json(404, r#"{"ok":false,"error":"Client not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).delete_oauth_client("nope").await;
    let Err(Error::Api {
        status: 404, body, ..
    }) = result
    else {
        panic!("expected a decoded 404, got {result:?}")
    };
    assert_eq!(body.ok, Some(false));
    assert_eq!(body.error.as_deref(), Some("Client not found"));
}

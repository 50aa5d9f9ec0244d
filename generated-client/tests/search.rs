//! Search on the wire against a local HTTP server (wiremock on 127.0.0.1): the sandbox and
//! organization searches send `text` and the optional `type` in the query and decode the
//! documented device match (Particle's Postman collection, group Search).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, exact_query, json, no_body};
use particle_client::models::SearchOrgType;
use particle_client::operations::{SearchOrgParams, SearchSandboxParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn search_sandbox_sends_the_text_and_decodes_a_device() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/search"))
        .and(bearer())
        .and(exact_query("text=alpha%20one"))
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"results":[{"type":"device","device":{"id":"1234567890abcdef","name":"Alpha Device","product_id":"prod123","product_name":"Alpha Product"}}],"hasMore":false}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = SearchSandboxParams {
        text: "alpha one".into(),
        r#type: None,
    };
    let found = client(&server)
        .search_sandbox(&params)
        .await
        .expect("search_sandbox");
    assert_eq!(found.ok, Some(true));
    assert_eq!(found.has_more, Some(false));
    let results = found.results.expect("results");
    assert_eq!(results[0].r#type, "device");
    assert_eq!(results[0].org, None);
    let device = results[0].device.as_ref().expect("device");
    assert_eq!(device.id.as_deref(), Some("1234567890abcdef"));
    assert_eq!(device.name.as_deref(), Some("Alpha Device"));
    assert_eq!(device.product_id.as_deref(), Some("prod123"));
    assert_eq!(device.product_name.as_deref(), Some("Alpha Product"));
}

#[tokio::test]
async fn search_org_sends_the_type_and_decodes_the_org() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/particle/search"))
        .and(bearer())
        .and(exact_query("text=alpha&type=product"))
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"results":[{"type":"device","org":"particle","orgName":"Particle","device":{"id":"1234567890abcdef","name":"Alpha Device","product_id":"prod123","product_name":"Alpha Product"}},{"type":"product","org":"particle","orgName":"Particle","product":{"id":1337,"name":"Alpha Product"}}],"hasMore":true}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = SearchOrgParams {
        text: "alpha".into(),
        r#type: Some(SearchOrgType::Product),
    };
    let found = client(&server)
        .search_org("particle", &params)
        .await
        .expect("search_org");
    assert_eq!(found.has_more, Some(true));
    let results = found.results.expect("results");
    assert_eq!(results[0].org.as_deref(), Some("particle"));
    assert_eq!(results[0].org_name.as_deref(), Some("Particle"));
    let product = results[1].product.as_ref().expect("product");
    assert_eq!(product["id"], 1337);
    assert!(results[1].device.is_none());
}

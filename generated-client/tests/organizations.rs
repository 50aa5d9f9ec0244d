//! Organizations on the wire against a local HTTP server (wiremock on 127.0.0.1): listing the
//! user's organizations, getting one by slug (percent-encoded in the path), and listing an
//! organization's products, with the answers of Particle's documentation (Organizations.1-3).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, json, no_body, no_query};
use particle_client::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn list_orgs_decodes_the_organizations() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"organizations":[{"id":"9980222caf8bad191600019b","slug":"particle","name":"Particle"},{"id":"5f00","slug":"acme","name":"Acme"}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server).list_orgs().await.expect("list_orgs");
    assert_eq!(list.organizations.len(), 2);
    let first = &list.organizations[0];
    assert_eq!(first.id, "9980222caf8bad191600019b");
    assert_eq!(first.slug, "particle");
    assert_eq!(first.name, "Particle");
    assert_eq!(list.organizations[1].slug, "acme");
}

#[tokio::test]
async fn get_org_encodes_the_slug_and_decodes_the_organization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/my%20org"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"organization":{"id":"9980222caf8bad191600019b","slug":"particle","name":"Particle"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server).get_org("my org").await.expect("get_org");
    assert_eq!(answer.organization.id, "9980222caf8bad191600019b");
    assert_eq!(answer.organization.name, "Particle");
}

#[tokio::test]
async fn get_org_reports_a_404() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/nobody"))
        .respond_with(json(
            404,
            r#"{"ok":false,"error":"Organization not found"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_org("nobody").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.error.as_deref(), Some("Organization not found"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn list_org_products_decodes_the_products() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/particle/products"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"products":[{"id":12345,"platform_id":10,"name":"My Product","slug":"my-product","description":"My test product","org":"Particle","organization_id":"9980222caf8bad191600019b","groups":["one","two"],"settings":{"location":{},"known_application":{"opt_in":true},"quarantine":false}}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_org_products("particle")
        .await
        .expect("list_org_products");
    assert_eq!(list.products.len(), 1);
    let product = &list.products[0];
    assert_eq!(product.id, 12345);
    assert_eq!(product.platform_id, Some(10));
    assert_eq!(product.org.as_deref(), Some("Particle"));
    assert_eq!(
        product.organization_id.as_deref(),
        Some("9980222caf8bad191600019b")
    );
    assert_eq!(
        product.settings.as_ref().and_then(|s| s.quarantine),
        Some(false)
    );
}

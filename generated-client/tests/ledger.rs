//! Ledger operations on the wire against a local HTTP server (wiremock on 127.0.0.1): ledger
//! definitions and instances, their versions and pages, for the sandbox, an organization and a
//! product, each request checked exactly (method, path, query, token, JSON body) and each
//! documented answer decoded.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    DEVICE_ID, bearer, client, date, exact_query, json, no_body, no_query, received, within,
};
use futures_util::StreamExt;
use particle_client::models::{
    CreateLedgerRequest, LedgerChange, LedgerDirection, LedgerInstanceData, LedgerScope,
    ListLedgersScope, ListProductLedgersScope, NewLedger, SetLedgerInstanceRequest,
    SetLedgerInstanceSetMode, SetProductLedgerInstanceSetMode, UpdateLedgerRequest,
};
use particle_client::operations::SetLedgerInstanceParams;
use particle_client::operations::{
    ListLedgerInstanceVersionsParams, ListLedgerInstancesParams, ListLedgersParams,
    ListOrgLedgerInstanceVersionsParams, ListOrgLedgerInstancesParams, ListOrgLedgersParams,
    ListProductLedgerInstanceVersionsParams, ListProductLedgerInstancesParams,
    ListProductLedgersParams, SetOrgLedgerInstanceParams, SetProductLedgerInstanceParams,
};
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A ledger definition as Particle's reference shows it (Ledger.2), its `archived_at` as `null`.
const DEFINITION: &str = r#"{"scope":"Owner","name":"my-ledger","description":"My Ledger Description","direction":"Downstream","updated_at":"2023-01-01T00:00:00.000Z","created_at":"2023-01-01T00:00:00.000Z","archived_at":null}"#;

/// An instance as Particle's reference shows it (Ledger.7), with data.
const INSTANCE: &str = r#"{"scope":{"type":"Product","value":"123","name":"My Product"},"name":"prodledger","size_bytes":1234,"data":{"foo":"bar","limits":{"max":42}},"updated_at":"2023-01-01T00:00:00.000Z","created_at":"2023-01-01T00:00:00.000Z"}"#;

/// A replaced version, with the `not_owned` flag of Ledger.6.
const OLD_INSTANCE: &str = r#"{"scope":{"type":"Product","value":"456","not_owned":true},"name":"prodledger","size_bytes":12,"data":{},"updated_at":"2023-01-01T00:00:00.000Z","created_at":"2023-01-01T00:00:00.000Z","replaced_at":"2023-11-28T15:02:04.799Z"}"#;

/// A mock that answers `answer` to exactly `verb path` with the token, the exact `query` (or none)
/// and no body.
async fn read_mock(
    server: &MockServer,
    verb: &str,
    at: &str,
    query: Option<&'static str>,
    answer: ResponseTemplate,
) {
    let mock = Mock::given(method(verb))
        .and(path(at))
        .and(bearer())
        .and(no_body());
    let mock = match query {
        Some(query) => mock.and(exact_query(query)),
        None => mock.and(no_query()),
    };
    mock.respond_with(answer).expect(1).mount(server).await;
}

/// A mock that answers `answer` to exactly `verb path` with the token, the exact `query` (or none)
/// and exactly the JSON body `body`.
async fn write_mock(
    server: &MockServer,
    verb: &str,
    at: &str,
    query: Option<&'static str>,
    body: serde_json::Value,
    answer: ResponseTemplate,
) {
    let mock = Mock::given(method(verb))
        .and(path(at))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(body));
    let mock = match query {
        Some(query) => mock.and(exact_query(query)),
        None => mock.and(no_query()),
    };
    mock.respond_with(answer).expect(1).mount(server).await;
}

#[tokio::test]
async fn list_ledgers_sends_the_filters_and_reads_the_documented_page() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/ledgers",
        Some("scope=Owner&archived=false&page=2&per_page=10"),
        json(
            200,
            &format!(
                r#"{{"ledgers":[{DEFINITION}],"meta":{{"page":2,"per_page":10,"total_pages":2,"total":11}}}}"#
            ),
        ),
    )
    .await;
    let params = ListLedgersParams {
        scope: Some(ListLedgersScope::Owner),
        archived: Some(false),
        page: Some(2),
        per_page: Some(10),
    };
    let page = client(&server)
        .list_ledgers(&params)
        .await
        .expect("list_ledgers");
    let ledgers = page.ledgers.expect("ledgers");
    assert_eq!(ledgers.len(), 1);
    assert_eq!(ledgers[0].name, "my-ledger");
    assert_eq!(ledgers[0].scope, LedgerScope::Owner);
    assert_eq!(ledgers[0].direction, LedgerDirection::Downstream);
    assert_eq!(
        ledgers[0].archived_at,
        Nullable::Null,
        "`archived_at: null` reads as null"
    );
    assert_eq!(ledgers[0].created_at, date("2023-01-01T00:00:00.000Z"));
    let meta = page.meta.expect("meta");
    assert_eq!(
        (meta.page, meta.total_pages, meta.total),
        (Some(2), 2, Some(11))
    );
}

#[tokio::test]
async fn list_org_ledgers_reads_the_list_under_the_name_particle_api_js_declares() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme%20iot/ledgers",
        None,
        json(200, &format!(r#"{{"ledger_definitions":[{DEFINITION}]}}"#)),
    )
    .await;
    let page = client(&server)
        .list_org_ledgers("acme iot", &ListOrgLedgersParams::default())
        .await
        .expect("list_org_ledgers");
    assert_eq!(page.ledgers, None);
    assert_eq!(
        page.ledger_definitions.expect("ledger_definitions")[0].name,
        "my-ledger"
    );
}

#[tokio::test]
async fn list_ledgers_pages_fetches_every_page() {
    let server = MockServer::start().await;
    for (page, query) in [(1, "page=1"), (2, "page=2")] {
        read_mock(
            &server,
            "GET",
            "/v1/ledgers",
            Some(query),
            json(
                200,
                &format!(r#"{{"ledgers":[{DEFINITION}],"meta":{{"page":{page},"per_page":1,"total_pages":2,"total":2}}}}"#),
            ),
        )
        .await;
    }
    let client = client(&server);
    let params = ListLedgersParams::default();
    let pages: Vec<_> = within(client.list_ledgers_pages(&params).collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
}

#[tokio::test]
async fn create_ledger_wraps_the_definition_as_particle_api_js_does() {
    let server = MockServer::start().await;
    let expected = value!({"ledger": {
        "name": "my-ledger",
        "description": "My Ledger Description",
        "scope": "Owner",
        "direction": "Downstream"
    }});
    let created = json(201, &format!(r#"{{"ledger":{DEFINITION}}}"#));
    write_mock(
        &server,
        "POST",
        "/v1/ledgers",
        None,
        expected.clone(),
        created.clone(),
    )
    .await;
    write_mock(
        &server,
        "POST",
        "/v1/orgs/acme/ledgers",
        None,
        expected,
        created,
    )
    .await;

    let mut ledger = NewLedger::new("my-ledger", LedgerScope::Owner, LedgerDirection::Downstream);
    ledger.description = Some("My Ledger Description".into());
    let body = CreateLedgerRequest::new(ledger);
    let client = client(&server);
    let answer = client.create_ledger(&body).await.expect("create_ledger");
    assert_eq!(answer.ledger.name, "my-ledger");
    let answer = client
        .create_org_ledger("acme", &body)
        .await
        .expect("create_org_ledger");
    assert_eq!(
        answer.ledger.description.as_deref(),
        Some("My Ledger Description")
    );
}

#[tokio::test]
async fn get_ledger_reads_the_wrapped_definition() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"ledger":{DEFINITION}}}"#));
    read_mock(
        &server,
        "GET",
        "/v1/ledgers/my-ledger",
        None,
        answer.clone(),
    )
    .await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/ledgers/my-ledger",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let ledger = client
        .get_ledger("my-ledger")
        .await
        .expect("get_ledger")
        .ledger;
    assert_eq!(ledger.scope, LedgerScope::Owner);
    let ledger = client
        .get_org_ledger("acme", "my-ledger")
        .await
        .expect("get_org_ledger")
        .ledger;
    assert_eq!(ledger.updated_at, date("2023-01-01T00:00:00.000Z"));
}

#[tokio::test]
async fn update_ledger_sends_only_the_changed_members() {
    let server = MockServer::start().await;
    let expected = value!({"ledger": {"description": "Thresholds"}});
    let answer = json(201, &format!(r#"{{"ledger":{DEFINITION}}}"#));
    write_mock(
        &server,
        "PUT",
        "/v1/ledgers/my-ledger",
        None,
        expected.clone(),
        answer.clone(),
    )
    .await;
    write_mock(
        &server,
        "PUT",
        "/v1/orgs/acme/ledgers/my-ledger",
        None,
        expected,
        answer,
    )
    .await;
    let change = LedgerChange {
        description: Some("Thresholds".into()),
        ..Default::default()
    };
    let body = UpdateLedgerRequest::new(change);
    let client = client(&server);
    client
        .update_ledger("my-ledger", &body)
        .await
        .expect("update_ledger");
    client
        .update_org_ledger("acme", "my-ledger", &body)
        .await
        .expect("update_org_ledger");
}

#[tokio::test]
async fn archive_ledger_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "DELETE",
        "/v1/ledgers/my-ledger",
        None,
        ResponseTemplate::new(204),
    )
    .await;
    read_mock(
        &server,
        "DELETE",
        "/v1/orgs/acme/ledgers/my-ledger",
        None,
        ResponseTemplate::new(204),
    )
    .await;
    let client = client(&server);
    client
        .archive_ledger("my-ledger")
        .await
        .expect("archive_ledger");
    client
        .archive_org_ledger("acme", "my-ledger")
        .await
        .expect("archive_org_ledger");
}

#[tokio::test]
async fn list_ledger_instances_sends_the_page_and_reads_the_documented_list() {
    let server = MockServer::start().await;
    let answer = json(
        200,
        &format!(
            r#"{{"instances":[{INSTANCE},{OLD_INSTANCE}],"meta":{{"page":1,"per_page":100,"total_pages":1,"total":2}}}}"#
        ),
    );
    read_mock(
        &server,
        "GET",
        "/v1/ledgers/prodledger/instances",
        Some("page=1&per_page=100"),
        answer.clone(),
    )
    .await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/ledgers/prodledger/instances",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let params = ListLedgerInstancesParams {
        page: Some(1),
        per_page: Some(100),
    };
    let list = client
        .list_ledger_instances("prodledger", &params)
        .await
        .expect("list_ledger_instances");
    assert_eq!(list.instances.len(), 2);
    let first = &list.instances[0];
    assert_eq!(first.scope.r#type, LedgerScope::Product);
    assert_eq!(first.scope.value, "123");
    assert_eq!(first.scope.name.as_deref(), Some("My Product"));
    assert_eq!(first.size_bytes, Some(1234));
    assert_eq!(first.data, value!({"foo": "bar", "limits": {"max": 42}}));
    assert_eq!(list.instances[1].scope.not_owned, Some(true));
    let list = client
        .list_org_ledger_instances(
            "acme",
            "prodledger",
            &ListOrgLedgerInstancesParams::default(),
        )
        .await
        .expect("list_org_ledger_instances");
    assert_eq!(list.meta.expect("meta").total, Some(2));
}

#[tokio::test]
async fn list_org_ledger_instances_pages_stops_at_the_last_page() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/ledgers/prodledger/instances",
        Some("page=1"),
        json(
            200,
            &format!(r#"{{"instances":[{INSTANCE}],"meta":{{"total_pages":1}}}}"#),
        ),
    )
    .await;
    let client = client(&server);
    let params = ListOrgLedgerInstancesParams::default();
    let pages: Vec<_> = within(
        client
            .list_org_ledger_instances_pages("acme", "prodledger", &params)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 1);
    assert_eq!(
        pages[0].as_ref().expect("page").instances[0].name,
        "prodledger"
    );
    // Every ledger list has a page stream, the sandbox's too.
    let _ = client.list_ledger_instances_pages("prodledger", &ListLedgerInstancesParams::default());
    let _ = client.list_org_ledgers_pages("acme", &ListOrgLedgersParams::default());
}

#[tokio::test]
async fn get_ledger_instance_reads_the_wrapped_instance_and_encodes_the_path() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"instance":{INSTANCE}}}"#));
    let at = format!("/v1/ledgers/sensor-config/instances/{DEVICE_ID}");
    read_mock(&server, "GET", &at, None, answer.clone()).await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme%2Fiot/ledgers/sensor-config/instances/owner%20one",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let instance = client
        .get_ledger_instance("sensor-config", DEVICE_ID)
        .await
        .expect("get_ledger_instance")
        .instance;
    assert_eq!(instance.data["limits"]["max"], 42);
    assert_eq!(instance.replaced_at, None);
    client
        .get_org_ledger_instance("acme/iot", "sensor-config", "owner one")
        .await
        .expect("get_org_ledger_instance");
}

#[tokio::test]
async fn set_ledger_instance_sends_the_data_and_the_set_mode() {
    let server = MockServer::start().await;
    let expected = value!({"instance": {"data": {"threshold": 42, "unit": "C"}}});
    let answer = json(201, &format!(r#"{{"instance":{INSTANCE}}}"#));
    let at = format!("/v1/ledgers/sensor-config/instances/{DEVICE_ID}");
    write_mock(
        &server,
        "PUT",
        &at,
        Some("set_mode=Merge"),
        expected.clone(),
        answer.clone(),
    )
    .await;
    let org_at = format!("/v1/orgs/acme/ledgers/sensor-config/instances/{DEVICE_ID}");
    write_mock(&server, "PUT", &org_at, None, expected, answer).await;

    let body = SetLedgerInstanceRequest::new(LedgerInstanceData::new(
        value!({"threshold": 42, "unit": "C"}),
    ));
    let client = client(&server);
    let params = SetLedgerInstanceParams {
        set_mode: Some(SetLedgerInstanceSetMode::Merge),
    };
    let set = client
        .set_ledger_instance("sensor-config", DEVICE_ID, &params, &body)
        .await
        .expect("set_ledger_instance");
    assert_eq!(set.instance.name, "prodledger");
    client
        .set_org_ledger_instance(
            "acme",
            "sensor-config",
            DEVICE_ID,
            &SetOrgLedgerInstanceParams::default(),
            &body,
        )
        .await
        .expect("set_org_ledger_instance");
}

#[tokio::test]
async fn delete_ledger_instance_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    let at = format!("/v1/ledgers/sensor-config/instances/{DEVICE_ID}");
    read_mock(&server, "DELETE", &at, None, ResponseTemplate::new(204)).await;
    let org_at = format!("/v1/orgs/acme/ledgers/sensor-config/instances/{DEVICE_ID}");
    read_mock(&server, "DELETE", &org_at, None, ResponseTemplate::new(204)).await;
    let client = client(&server);
    client
        .delete_ledger_instance("sensor-config", DEVICE_ID)
        .await
        .expect("delete_ledger_instance");
    client
        .delete_org_ledger_instance("acme", "sensor-config", DEVICE_ID)
        .await
        .expect("delete_org_ledger_instance");
}

#[tokio::test]
async fn list_ledger_instance_versions_sends_the_dates_and_reads_has_more() {
    let server = MockServer::start().await;
    let answer = json(
        200,
        &format!(r#"{{"versions":[{INSTANCE},{OLD_INSTANCE}],"meta":{{"has_more":false}}}}"#),
    );
    read_mock(
        &server,
        "GET",
        "/v1/ledgers/prodledger/instances/123/versions",
        Some("replaced_before=2023-12-01T00%3A00%3A00Z&replaced_after=2023-11-01T00%3A00%3A00.500%2B02%3A00"),
        answer.clone(),
    )
    .await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/ledgers/prodledger/instances/123/versions",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let params = ListLedgerInstanceVersionsParams {
        replaced_before: Some(date("2023-12-01T00:00:00Z")),
        replaced_after: Some(date("2023-11-01T00:00:00.5+02:00")),
    };
    let versions = client
        .list_ledger_instance_versions("prodledger", "123", &params)
        .await
        .expect("list_ledger_instance_versions");
    assert_eq!(versions.versions.len(), 2);
    assert_eq!(
        versions.versions[1].replaced_at,
        Some(date("2023-11-28T15:02:04.799Z"))
    );
    assert_eq!(versions.meta.expect("meta").has_more, Some(false));
    client
        .list_org_ledger_instance_versions(
            "acme",
            "prodledger",
            "123",
            &ListOrgLedgerInstanceVersionsParams::default(),
        )
        .await
        .expect("list_org_ledger_instance_versions");
}

#[tokio::test]
async fn get_ledger_instance_version_reads_the_wrapped_instance() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"instance":{OLD_INSTANCE}}}"#));
    read_mock(
        &server,
        "GET",
        "/v1/ledgers/prodledger/instances/456/versions/3",
        None,
        answer.clone(),
    )
    .await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/ledgers/prodledger/instances/456/versions/3",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let old = client
        .get_ledger_instance_version("prodledger", "456", "3")
        .await
        .expect("get_ledger_instance_version")
        .instance;
    assert_eq!(old.data, value!({}));
    let old = client
        .get_org_ledger_instance_version("acme", "prodledger", "456", "3")
        .await
        .expect("get_org_ledger_instance_version")
        .instance;
    assert_eq!(old.replaced_at, Some(date("2023-11-28T15:02:04.799Z")));
}

#[tokio::test]
async fn a_missing_ledger_is_an_api_error_with_the_documented_body() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/ledgers/nope",
        None,
        json(404, r#"{"ok":false,"error":"Ledger not found"}"#),
    )
    .await;
    let answer = client(&server).get_ledger("nope").await;
    let Err(Error::Api {
        status: 404, body, ..
    }) = answer
    else {
        panic!("expected a 404, got {answer:?}")
    };
    assert_eq!(body.ok, Some(false));
    assert_eq!(body.error.as_deref(), Some("Ledger not found"));
    assert_eq!(received(&server).await.len(), 1, "a 404 is not retried");
}

// The product forms (`/v1/products/{productIdOrSlug}/ledgers…`): same bodies and answers as the
// sandbox's, the product ID or slug percent-encoded into the path.

#[tokio::test]
async fn list_product_ledgers_sends_the_filters_and_reads_the_documented_page() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/my%20product/ledgers",
        Some("scope=Product&archived=true&page=1&per_page=5"),
        json(
            200,
            &format!(
                r#"{{"ledgers":[{DEFINITION}],"meta":{{"page":1,"per_page":5,"total_pages":1,"total":1}}}}"#
            ),
        ),
    )
    .await;
    let params = ListProductLedgersParams {
        scope: Some(ListProductLedgersScope::Product),
        archived: Some(true),
        page: Some(1),
        per_page: Some(5),
    };
    let page = client(&server)
        .list_product_ledgers("my product", &params)
        .await
        .expect("list_product_ledgers");
    let ledgers = page.ledgers.expect("ledgers");
    assert_eq!(ledgers[0].name, "my-ledger");
    assert_eq!(ledgers[0].archived_at, Nullable::Null);
    assert_eq!(page.meta.expect("meta").total_pages, 1);
}

#[tokio::test]
async fn list_product_ledgers_pages_fetches_every_page() {
    let server = MockServer::start().await;
    for (page, query) in [(1, "page=1"), (2, "page=2")] {
        read_mock(
            &server,
            "GET",
            "/v1/products/1234/ledgers",
            Some(query),
            json(
                200,
                &format!(
                    r#"{{"ledgers":[{DEFINITION}],"meta":{{"page":{page},"total_pages":2}}}}"#
                ),
            ),
        )
        .await;
    }
    let client = client(&server);
    let params = ListProductLedgersParams::default();
    let pages: Vec<_> = within(
        client
            .list_product_ledgers_pages("1234", &params)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
}

#[tokio::test]
async fn create_product_ledger_wraps_the_definition() {
    let server = MockServer::start().await;
    write_mock(
        &server,
        "POST",
        "/v1/products/1234/ledgers",
        None,
        value!({"ledger": {"name": "fleet-config", "scope": "Product", "direction": "Downstream"}}),
        json(201, &format!(r#"{{"ledger":{DEFINITION}}}"#)),
    )
    .await;
    let body = CreateLedgerRequest::new(NewLedger::new(
        "fleet-config",
        LedgerScope::Product,
        LedgerDirection::Downstream,
    ));
    let answer = client(&server)
        .create_product_ledger("1234", &body)
        .await
        .expect("create_product_ledger");
    assert_eq!(answer.ledger.name, "my-ledger");
    assert_eq!(answer.ledger.direction, LedgerDirection::Downstream);
}

#[tokio::test]
async fn get_product_ledger_reads_the_wrapped_definition() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/my-product/ledgers/my-ledger",
        None,
        json(200, &format!(r#"{{"ledger":{DEFINITION}}}"#)),
    )
    .await;
    let ledger = client(&server)
        .get_product_ledger("my-product", "my-ledger")
        .await
        .expect("get_product_ledger")
        .ledger;
    assert_eq!(ledger.scope, LedgerScope::Owner);
    assert_eq!(ledger.created_at, date("2023-01-01T00:00:00.000Z"));
}

#[tokio::test]
async fn update_product_ledger_sends_only_the_changed_members() {
    let server = MockServer::start().await;
    write_mock(
        &server,
        "PUT",
        "/v1/products/1234/ledgers/my-ledger",
        None,
        value!({"ledger": {"description": "Per-product thresholds"}}),
        json(201, &format!(r#"{{"ledger":{DEFINITION}}}"#)),
    )
    .await;
    let body = UpdateLedgerRequest::new(LedgerChange {
        description: Some("Per-product thresholds".into()),
        ..Default::default()
    });
    let answer = client(&server)
        .update_product_ledger("1234", "my-ledger", &body)
        .await
        .expect("update_product_ledger");
    assert_eq!(
        answer.ledger.description.as_deref(),
        Some("My Ledger Description")
    );
}

#[tokio::test]
async fn archive_product_ledger_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "DELETE",
        "/v1/products/1234/ledgers/my-ledger",
        None,
        ResponseTemplate::new(204),
    )
    .await;
    client(&server)
        .archive_product_ledger("1234", "my-ledger")
        .await
        .expect("archive_product_ledger");
}

#[tokio::test]
async fn list_product_ledger_instances_sends_the_page_and_reads_the_list() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/1234/ledgers/prodledger/instances",
        Some("page=2&per_page=1"),
        json(
            200,
            &format!(
                r#"{{"instances":[{OLD_INSTANCE}],"meta":{{"page":2,"per_page":1,"total_pages":2,"total":2}}}}"#
            ),
        ),
    )
    .await;
    let params = ListProductLedgerInstancesParams {
        page: Some(2),
        per_page: Some(1),
    };
    let list = client(&server)
        .list_product_ledger_instances("1234", "prodledger", &params)
        .await
        .expect("list_product_ledger_instances");
    assert_eq!(list.instances.len(), 1);
    assert_eq!(list.instances[0].scope.value, "456");
    assert_eq!(list.instances[0].scope.not_owned, Some(true));
    assert_eq!(list.meta.expect("meta").total, Some(2));
}

#[tokio::test]
async fn get_product_ledger_instance_reads_the_wrapped_instance() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/ledgers/sensor-config/instances/{DEVICE_ID}");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(200, &format!(r#"{{"instance":{INSTANCE}}}"#)),
    )
    .await;
    let instance = client(&server)
        .get_product_ledger_instance("1234", "sensor-config", DEVICE_ID)
        .await
        .expect("get_product_ledger_instance")
        .instance;
    assert_eq!(instance.scope.r#type, LedgerScope::Product);
    assert_eq!(instance.data["foo"], "bar");
}

#[tokio::test]
async fn set_product_ledger_instance_sends_the_data_and_the_set_mode() {
    let server = MockServer::start().await;
    write_mock(
        &server,
        "PUT",
        "/v1/products/1234/ledgers/fleet-config/instances/1234",
        Some("set_mode=Replace"),
        value!({"instance": {"data": {"interval": 300}}}),
        json(201, &format!(r#"{{"instance":{INSTANCE}}}"#)),
    )
    .await;
    let body = SetLedgerInstanceRequest::new(LedgerInstanceData::new(value!({"interval": 300})));
    let params = SetProductLedgerInstanceParams {
        set_mode: Some(SetProductLedgerInstanceSetMode::Replace),
    };
    let set = client(&server)
        .set_product_ledger_instance("1234", "fleet-config", "1234", &params, &body)
        .await
        .expect("set_product_ledger_instance");
    assert_eq!(set.instance.size_bytes, Some(1234));
}

#[tokio::test]
async fn delete_product_ledger_instance_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/ledgers/sensor-config/instances/{DEVICE_ID}");
    read_mock(&server, "DELETE", &at, None, ResponseTemplate::new(204)).await;
    client(&server)
        .delete_product_ledger_instance("1234", "sensor-config", DEVICE_ID)
        .await
        .expect("delete_product_ledger_instance");
}

#[tokio::test]
async fn list_product_ledger_instance_versions_sends_the_dates_and_reads_has_more() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/1234/ledgers/prodledger/instances/123/versions",
        Some("replaced_after=2023-11-01T00%3A00%3A00Z"),
        json(
            200,
            &format!(r#"{{"versions":[{OLD_INSTANCE}],"meta":{{"has_more":true}}}}"#),
        ),
    )
    .await;
    let params = ListProductLedgerInstanceVersionsParams {
        replaced_after: Some(date("2023-11-01T00:00:00Z")),
        ..Default::default()
    };
    let versions = client(&server)
        .list_product_ledger_instance_versions("1234", "prodledger", "123", &params)
        .await
        .expect("list_product_ledger_instance_versions");
    assert_eq!(
        versions.versions[0].replaced_at,
        Some(date("2023-11-28T15:02:04.799Z"))
    );
    assert_eq!(versions.meta.expect("meta").has_more, Some(true));
}

#[tokio::test]
async fn get_product_ledger_instance_version_reads_the_wrapped_instance() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/1234/ledgers/prodledger/instances/456/versions/v%2F3",
        None,
        json(200, &format!(r#"{{"instance":{OLD_INSTANCE}}}"#)),
    )
    .await;
    let old = client(&server)
        .get_product_ledger_instance_version("1234", "prodledger", "456", "v/3")
        .await
        .expect("get_product_ledger_instance_version")
        .instance;
    assert_eq!(old.replaced_at, Some(date("2023-11-28T15:02:04.799Z")));
}

//! Path keys that hold more than a route: a literal query (`/archive?restore`) goes first in the
//! query, joined to the parameters with `&`; a `#…` (`/#Target=ListTables`) is not sent at all.

// The shared helpers fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::models::{DropTableRequest, DropTableXTarget, ListTablesXTarget};
use features_client::operations::{DropTableParams, ListTablesParams, RestoreArchiveParams};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The request lines the server saw (method, path and query as sent).
async fn request_lines(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .map(|request| {
            let url = &request.url;
            match url.query() {
                Some(query) => format!("{} {}?{query}", request.method, url.path()),
                None => format!("{} {}", request.method, url.path()),
            }
        })
        .collect()
}

#[tokio::test]
async fn a_literal_query_in_the_path_comes_first() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/archive"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let restore = RestoreArchiveParams { days: 3 };
    if let Err(error) = client.restore_archive(&restore).await {
        panic!("restore_archive: {error}");
    }
    if let Err(error) = client.freeze_archive().await {
        panic!("freeze_archive: {error}");
    }
    let lines = request_lines(&server).await;
    assert_eq!(
        lines,
        ["POST /v2/archive?restore&days=3", "POST /v2/archive?freeze"]
    );
}

#[tokio::test]
async fn a_fragment_in_the_path_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/"))
        .and(header("x-target", "ListTables"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["pets"]"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/"))
        .and(header("x-target", "DropTable"))
        .and(body_json(serde_json::json!({"name": "old"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let list = ListTablesParams {
        x_target: ListTablesXTarget::ListTables,
    };
    match client.list_tables(&list).await {
        Ok(tables) => assert_eq!(tables, ["pets"]),
        Err(error) => panic!("list_tables: {error}"),
    }
    let drop = DropTableParams {
        x_target: DropTableXTarget::DropTable,
    };
    if let Err(error) = client
        .drop_table(&drop, &DropTableRequest::new("old"))
        .await
    {
        panic!("drop_table: {error}");
    }
    assert_eq!(request_lines(&server).await, ["POST /v2/", "POST /v2/"]);
}

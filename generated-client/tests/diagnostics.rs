//! Remote diagnostics on the wire against a local HTTP server (wiremock on 127.0.0.1): the vitals
//! history of a device (user and product forms, with its date range), a product device's last
//! vitals and refresh (202), and a SIM card's cellular network status task (pending, complete).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, bearer, client, date, exact_query, json, no_body, no_query};
use particle_client::models::SimStatusTaskState;
use particle_client::operations::GetDiagnosticsHistoryParams;
use particle_client::{Error, Nullable};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

const ICCID: &str = "8934076500002589174";

/// A vitals report (AD Diagnostics.2, shortened).
const RECORD: &str = r#"{"updated_at":"2024-03-01T12:00:00.000Z","deviceID":"0123456789abcdef01234567","payload":{"device":{"system":{"uptime":3600,"memory":{"used":36120,"total":113376}},"network":{"signal":{"strength":80,"strength_units":"%"}}},"service":{"cloud":{"uptime":3500}}}}"#;

#[tokio::test]
async fn get_diagnostics_history_sends_the_range_and_reads_the_reports() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/diagnostics/{DEVICE_ID}")))
        .and(bearer())
        .and(exact_query(
            "start_date=2024-03-01T00%3A00%3A00Z&end_date=2024-03-02T00%3A00%3A00Z",
        ))
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"diagnostics":[{RECORD}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetDiagnosticsHistoryParams {
        start_date: Some(date("2024-03-01T00:00:00Z")),
        end_date: Some(date("2024-03-02T00:00:00Z")),
    };
    let history = client(&server)
        .get_diagnostics_history(DEVICE_ID, &params)
        .await
        .expect("get_diagnostics_history");
    let record = &history.diagnostics[0];
    assert_eq!(record.device_id.as_deref(), Some(DEVICE_ID));
    assert_eq!(record.updated_at, Some(date("2024-03-01T12:00:00.000Z")));
    let payload = record.payload.as_ref().expect("payload");
    let system = payload
        .device
        .as_ref()
        .and_then(|device| device.system.as_ref());
    assert_eq!(system.and_then(|system| system.uptime), Some(3600));
}

#[tokio::test]
async fn get_product_diagnostics_history_without_a_range_and_a_bad_date() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/products/my-product/diagnostics/{DEVICE_ID}"
        )))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            &format!(r#"{{"diagnostics":[{RECORD},{RECORD}]}}"#),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/other/diagnostics/abc"))
        .respond_with(json(
            400,
            r#"{"error":"bad_request","description":"start_date and end_date must be ISO8601 formatted"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let history = client
        .get_product_diagnostics_history("my-product", DEVICE_ID, &Default::default())
        .await
        .expect("get_product_diagnostics_history");
    assert_eq!(history.diagnostics.len(), 2);
    match client
        .get_product_diagnostics_history("other", "abc", &Default::default())
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(
                body.description.as_deref(),
                Some("start_date and end_date must be ISO8601 formatted")
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn get_product_last_diagnostics_reads_the_record() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/products/1337/diagnostics/{DEVICE_ID}/last"
        )))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"diagnostics":{RECORD}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let last = client(&server)
        .get_product_last_diagnostics("1337", DEVICE_ID)
        .await
        .expect("get_product_last_diagnostics");
    let record = last.diagnostics.expect("diagnostics");
    assert_eq!(record.device_id.as_deref(), Some(DEVICE_ID));
    let payload = record.payload.expect("payload");
    let cloud = payload.service.and_then(|service| service.cloud);
    assert_eq!(cloud.and_then(|cloud| cloud.uptime), Some(3500));
}

#[tokio::test]
async fn refresh_product_diagnostics_posts_and_reads_the_202() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/products/my-product/diagnostics/{DEVICE_ID}/update"
        )))
        .and(bearer())
        .and(no_query())
        .respond_with(json(202, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .refresh_product_diagnostics("my-product", DEVICE_ID)
        .await
        .expect("refresh_product_diagnostics");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn get_sim_status_reads_a_pending_task_with_null_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/sims/{ICCID}/status")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            202,
            r#"{"ok":true,"meta":{"created_at":"2024-03-01T12:00:00.000Z","expires_at":"2024-03-01T12:05:00.000Z","check_again_after":"2024-03-01T12:00:10.000Z","state":"pending","method":"async","task_id":"5f2b1c3d"},"sim_status":{"connected":null,"gsm_connection":null,"data_connection":null}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let status = client(&server)
        .get_sim_status(ICCID)
        .await
        .expect("get_sim_status");
    assert_eq!(status.ok, Some(true));
    let meta = status.meta.expect("meta");
    assert_eq!(meta.state, Some(SimStatusTaskState::Pending));
    assert_eq!(
        meta.check_again_after,
        Some(date("2024-03-01T12:00:10.000Z"))
    );
    assert_eq!(meta.task_id.as_deref(), Some("5f2b1c3d"));
    let sim = status.sim_status.expect("sim_status");
    assert_eq!(sim.connected, Nullable::Null);
    assert_eq!(sim.data_connection, Nullable::Null);
}

#[tokio::test]
async fn get_product_sim_status_reads_a_complete_task() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/products/my-product/sims/{ICCID}/status")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            202,
            r#"{"ok":true,"meta":{"state":"complete","method":"async","task_id":"5f2b1c3d"},"sim_status":{"connected":true,"gsm_connection":true,"data_connection":false}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let status = client(&server)
        .get_product_sim_status("my-product", ICCID)
        .await
        .expect("get_product_sim_status");
    assert_eq!(
        status.meta.expect("meta").state,
        Some(SimStatusTaskState::Complete)
    );
    let sim = status.sim_status.expect("sim_status");
    assert_eq!(sim.connected, Nullable::Value(true));
    assert_eq!(sim.gsm_connection, Nullable::Value(true));
    assert_eq!(sim.data_connection, Nullable::Value(false));
}

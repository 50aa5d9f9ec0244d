//! Fleet health metrics on the wire against a local HTTP server (wiremock on 127.0.0.1): each of
//! the five metrics of a product sends its date range and filters as query parameters and reads
//! its series of time buckets; a bad range is a decoded 400.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, date, json, no_body};
use particle_client::Error;
use particle_client::operations::{
    GetProductEventMetricsParams, GetProductFunctionMetricsParams,
    GetProductIntegrationMetricsParams, GetProductOnlineMetricsParams,
    GetProductVariableMetricsParams,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// The query of a one-day range alone.
const RANGE: &str = "start_date=2024-03-01T00%3A00%3A00Z&end_date=2024-03-02T00%3A00%3A00Z";

/// A mock for `GET /v1/products/my-product/metrics/<metric>` with exactly `query` (order and
/// encoding included; empty for no query string at all), answering `body`.
async fn metric_mock(server: &MockServer, metric: &str, query: &'static str, body: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/products/my-product/metrics/{metric}")))
        .and(bearer())
        .and(move |request: &wiremock::Request| request.url.query().unwrap_or_default() == query)
        .and(no_body())
        .respond_with(json(200, body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn get_product_online_metrics_sends_every_filter_in_order() {
    let server = MockServer::start().await;
    metric_mock(
        &server,
        "online",
        "start_date=2024-03-01T00%3A00%3A00Z&end_date=2024-03-02T00%3A00%3A00Z\
         &bucket_size=3600&product_fw=3&device_os_version=4.2.0&device_group=asset-tracker",
        r#"{"online":[{"time":"2024-03-01T00:00:00.000Z","count":42},{"time":"2024-03-01T01:00:00.000Z","count":40}]}"#,
    )
    .await;

    let params = GetProductOnlineMetricsParams {
        start_date: Some(date("2024-03-01T00:00:00Z")),
        end_date: Some(date("2024-03-02T00:00:00Z")),
        bucket_size: Some(3600),
        product_fw: Some(3),
        device_os_version: Some("4.2.0".into()),
        device_group: Some("asset-tracker".into()),
    };
    let metrics = client(&server)
        .get_product_online_metrics("my-product", &params)
        .await
        .expect("get_product_online_metrics");
    assert_eq!(metrics.online.len(), 2);
    assert_eq!(metrics.online[0].time, date("2024-03-01T00:00:00.000Z"));
    assert_eq!(metrics.online[0].count, 42);
    assert_eq!(metrics.online[1].count, 40);
}

#[tokio::test]
async fn get_product_event_metrics_without_filters_reads_the_received_counts() {
    let server = MockServer::start().await;
    metric_mock(
        &server,
        "events",
        "",
        r#"{"events":[{"time":"2024-03-01T00:00:00.000Z","received":1200}]}"#,
    )
    .await;

    // Every filter is optional: the server defaults the range to the current time.
    let params = GetProductEventMetricsParams::default();
    let metrics = client(&server)
        .get_product_event_metrics("my-product", &params)
        .await
        .expect("get_product_event_metrics");
    assert_eq!(metrics.events[0].received, 1200);
    assert_eq!(metrics.events[0].time, date("2024-03-01T00:00:00Z"));
}

#[tokio::test]
async fn get_product_integration_metrics_uses_the_singular_path() {
    let server = MockServer::start().await;
    metric_mock(
        &server,
        "integration",
        RANGE,
        r#"{"integrations":[{"time":"2024-03-01T00:00:00.000Z","success":118,"failure":2,"sleep":0}]}"#,
    )
    .await;

    let params = GetProductIntegrationMetricsParams {
        start_date: Some(date("2024-03-01T00:00:00Z")),
        end_date: Some(date("2024-03-02T00:00:00Z")),
        bucket_size: None,
        product_fw: None,
        device_os_version: None,
        device_group: None,
    };
    let metrics = client(&server)
        .get_product_integration_metrics("my-product", &params)
        .await
        .expect("get_product_integration_metrics");
    let bucket = &metrics.integrations[0];
    assert_eq!(
        (bucket.success, bucket.failure, bucket.sleep),
        (Some(118), Some(2), Some(0))
    );
}

#[tokio::test]
async fn get_product_function_metrics_reads_success_failure_offline() {
    let server = MockServer::start().await;
    metric_mock(
        &server,
        "functions",
        RANGE,
        r#"{"functions":[{"time":"2024-03-01T00:00:00.000Z","success":30,"failure":1,"offline":4}]}"#,
    )
    .await;

    let params = GetProductFunctionMetricsParams {
        start_date: Some(date("2024-03-01T00:00:00Z")),
        end_date: Some(date("2024-03-02T00:00:00Z")),
        bucket_size: None,
        product_fw: None,
        device_os_version: None,
        device_group: None,
    };
    let metrics = client(&server)
        .get_product_function_metrics("my-product", &params)
        .await
        .expect("get_product_function_metrics");
    let bucket = &metrics.functions[0];
    assert_eq!(
        (bucket.success, bucket.failure, bucket.offline),
        (Some(30), Some(1), Some(4))
    );
}

#[tokio::test]
async fn get_product_variable_metrics_reads_the_buckets_and_a_bad_range() {
    let server = MockServer::start().await;
    metric_mock(
        &server,
        "variables",
        "start_date=2024-03-01T00%3A00%3A00Z&end_date=2024-03-02T00%3A00%3A00Z&bucket_size=900",
        r#"{"variables":[{"time":"2024-03-01T00:00:00.000Z","success":12,"failure":0,"offline":1},{"time":"2024-03-01T00:15:00.000Z","success":9}]}"#,
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/other/metrics/variables"))
        .respond_with(json(
            400,
            r#"{"error":"bad_request","error_description":"end_date must be after start_date"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetProductVariableMetricsParams {
        start_date: Some(date("2024-03-01T00:00:00Z")),
        end_date: Some(date("2024-03-02T00:00:00Z")),
        bucket_size: Some(900),
        product_fw: None,
        device_os_version: None,
        device_group: None,
    };
    let client = client(&server);
    let metrics = client
        .get_product_variable_metrics("my-product", &params)
        .await
        .expect("get_product_variable_metrics");
    assert_eq!(metrics.variables.len(), 2);
    assert_eq!(metrics.variables[0].offline, Some(1));
    assert_eq!(metrics.variables[1].failure, None);
    assert_eq!(metrics.variables[1].time, date("2024-03-01T00:15:00Z"));

    match client.get_product_variable_metrics("other", &params).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body.error.as_deref(), Some("bad_request"));
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

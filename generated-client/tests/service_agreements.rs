//! Service agreements and usage reports on the wire against a local HTTP server (wiremock on
//! 127.0.0.1): the sandbox's and an organization's agreements, requesting a usage report (JSON
//! body, 202) and reading one back, with the answers of Particle's documentation
//! (ServiceAgreements.1-6).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, json, no_body, no_query};
use particle_client::Nullable;
use particle_client::models::{CreateUsageReportRequest, CreateUsageReportRequestReportType};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer};

/// The docs' sandbox agreement (ServiceAgreements.1).
const SANDBOX_AGREEMENTS: &str = r#"{"data":[{"id":"1","type":"service_agreement","attributes":{"owner_id":"abc123","owner_type":"individual","name":"Sandbox","agreement_type":"developer","duration":"monthly","state":"active","starts_on":"2021-04-08","ends_on":null,"current_billing_period_start":"2021-04-08","current_billing_period_end":"2021-05-07","next_billing_period_start":"2021-05-08","current_usage_summary":{"device_limit_reached":false,"connectivity":{"all":{"owned_devices":0,"billable_devices":0,"device_data":0,"device_messages":0},"wifi":{"owned_devices":0,"billable_devices":0,"device_data":null,"device_messages":0}}},"pricing_terms":{"rates":{"all_platforms":{"duration":"monthly","per_block":0},"pricing_model_version":"tier2021.1"},"device":{"name":"commercial_model:developer:device","duration":"monthly","max_devices":100}}}}]}"#;

/// The docs' pending usage report (ServiceAgreements.3-6).
const REPORT: &str = r#"{"data":{"id":"1","type":"usage_report","attributes":{"state":"pending","service_agreement_id":1,"date_period_start":"2022-01-01","date_period_end":"2022-01-31","created_at":"2022-01-18 13:43:23 -0800","expires_at":null,"report_type":"devices","report_params":{"devices":["device1","device2"],"products":[],"recipient_list":["your@email.com"]},"download_url":null}}}"#;

/// The same report once available, with its download URL.
const AVAILABLE_REPORT: &str = r#"{"data":{"id":"7","type":"usage_report","attributes":{"state":"available","service_agreement_id":3,"date_period_start":"2022-01-01","date_period_end":"2022-02-01","created_at":"2022-01-18 13:43:23 -0800","expires_at":"2022-01-25 13:43:23 -0800","report_type":"products","report_params":{"devices":[],"products":["1337"],"recipient_list":[]},"download_url":"https://example.com/report.csv"}}}"#;

#[tokio::test]
async fn list_service_agreements_decodes_the_sandbox_agreement() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/service_agreements"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, SANDBOX_AGREEMENTS))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_service_agreements()
        .await
        .expect("list_service_agreements");
    assert_eq!(list.data.len(), 1);
    let agreement = &list.data[0];
    assert_eq!(agreement.id, "1");
    assert_eq!(agreement.r#type, "service_agreement");
    let attributes = &agreement.attributes;
    assert_eq!(attributes.owner_type.as_deref(), Some("individual"));
    assert_eq!(attributes.agreement_type.as_deref(), Some("developer"));
    assert_eq!(attributes.state.as_deref(), Some("active"));
    assert_eq!(attributes.ends_on, Nullable::Null);
    assert_eq!(
        attributes.next_billing_period_start.as_deref(),
        Some("2021-05-08")
    );
    let summary = attributes.current_usage_summary.as_ref().expect("summary");
    assert_eq!(summary["device_limit_reached"], value!(false));
    assert_eq!(summary["connectivity"]["wifi"]["device_data"], value!(null));
    let pricing = attributes.pricing_terms.as_ref().expect("pricing_terms");
    assert_eq!(pricing["device"]["max_devices"], value!(100));
}

#[tokio::test]
async fn list_org_service_agreements_decodes_the_enterprise_agreement() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/particle/service_agreements"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"data":[{"id":"1","type":"service_agreement","attributes":{"owner_id":"abc123","owner_type":"organization","name":"Enterprise Plan","agreement_type":"enterprise","duration":"annual","state":"active","starts_on":"2021-01-01","ends_on":"2026-01-01","current_billing_period_start":"2021-01-01","current_billing_period_end":"2021-12-31","next_billing_period_start":"2022-01-01","pricing_terms":{"support":{"account_rep":"support@example.com"}}}}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_org_service_agreements("particle")
        .await
        .expect("list_org_service_agreements");
    let attributes = &list.data[0].attributes;
    assert_eq!(attributes.name.as_deref(), Some("Enterprise Plan"));
    assert_eq!(attributes.duration.as_deref(), Some("annual"));
    assert_eq!(attributes.ends_on, Nullable::Value("2026-01-01".to_owned()));
    assert!(attributes.current_usage_summary.is_none());
    assert_eq!(
        attributes.pricing_terms.as_ref().expect("pricing_terms")["support"]["account_rep"],
        value!("support@example.com")
    );
}

#[tokio::test]
async fn create_usage_report_sends_json_and_decodes_the_pending_report() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/service_agreements/1/usage_reports"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "report_type": "devices",
            "date_period_start": "2022-01-01",
            "date_period_end": "2022-01-31",
            "devices": ["device1", "device2"]
        })))
        .respond_with(json(202, REPORT))
        .expect(1)
        .mount(&server)
        .await;

    let mut request = CreateUsageReportRequest::new(
        CreateUsageReportRequestReportType::Devices,
        "2022-01-01",
        "2022-01-31",
    );
    request.devices = Some(vec!["device1".into(), "device2".into()]);
    let answer = client(&server)
        .create_usage_report(&1, &request)
        .await
        .expect("create_usage_report");
    let report = answer.data;
    assert_eq!(report.id, "1");
    assert_eq!(report.r#type, "usage_report");
    let attributes = report.attributes;
    assert_eq!(attributes.state.as_deref(), Some("pending"));
    assert_eq!(attributes.service_agreement_id, Some(1));
    assert_eq!(
        attributes.created_at.as_deref(),
        Some("2022-01-18 13:43:23 -0800")
    );
    assert_eq!(attributes.expires_at, Nullable::Null);
    assert_eq!(attributes.download_url, Nullable::Null);
    let params = attributes.report_params.expect("report_params");
    assert_eq!(
        params.devices.as_deref(),
        Some(&["device1".to_owned(), "device2".to_owned()][..])
    );
    assert_eq!(params.products.as_deref(), Some(&[][..]));
    assert_eq!(
        params.recipient_list.as_deref(),
        Some(&["your@email.com".to_owned()][..])
    );
}

#[tokio::test]
async fn create_org_usage_report_sends_json_to_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orgs/my%2Forg/service_agreements/3/usage_reports"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "report_type": "products",
            "date_period_start": "2022-01-01",
            "date_period_end": "2022-02-01",
            "products": ["1337"]
        })))
        .respond_with(json(202, AVAILABLE_REPORT))
        .expect(1)
        .mount(&server)
        .await;

    let mut request = CreateUsageReportRequest::new(
        CreateUsageReportRequestReportType::Products,
        "2022-01-01",
        "2022-02-01",
    );
    request.products = Some(vec!["1337".into()]);
    let answer = client(&server)
        .create_org_usage_report("my/org", &3, &request)
        .await
        .expect("create_org_usage_report");
    assert_eq!(
        answer.data.attributes.report_type.as_deref(),
        Some("products")
    );
}

#[tokio::test]
async fn get_usage_report_decodes_an_available_report() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/usage_reports/7"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, AVAILABLE_REPORT))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_usage_report(&7)
        .await
        .expect("get_usage_report");
    let attributes = answer.data.attributes;
    assert_eq!(attributes.state.as_deref(), Some("available"));
    assert_eq!(attributes.service_agreement_id, Some(3));
    assert_eq!(
        attributes.download_url,
        Nullable::Value("https://example.com/report.csv".to_owned())
    );
    assert_eq!(
        attributes.expires_at,
        Nullable::Value("2022-01-25 13:43:23 -0800".to_owned())
    );
}

#[tokio::test]
async fn get_org_usage_report_reads_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/particle/usage_reports/1"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, REPORT))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_org_usage_report("particle", &1)
        .await
        .expect("get_org_usage_report");
    assert_eq!(answer.data.id, "1");
    assert_eq!(answer.data.attributes.state.as_deref(), Some("pending"));
}

/// The Postman collection's notification (ServiceAgreements.7).
const NOTIFICATIONS: &str = r#"{"data":[{"id":"fff25e4e-7457-4c3c-8f6e-c9d6dfc01110","type":"notification","attributes":{"state":"completed","event_name":"developer:usage_activity:automatic_unpause","time_period":"2022-01-22","created_at":"2022-01-22 00:01:00 -0800","resource_id":"59","resource_type":"ServiceAgreement","details":{"event_type":"automatic_unpause","hierarchy_info":{"name":"automatic_unpause","priority":7},"device_pause_date":"2022-01-22T00:01:00.567-08:00","next_billing_period_start":"2022-02-22"}}}]}"#;

#[tokio::test]
async fn list_service_agreement_notifications_decodes_the_notification() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/service_agreements/1234/notifications"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, NOTIFICATIONS))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_service_agreement_notifications(&1234)
        .await
        .expect("list_service_agreement_notifications");
    assert_eq!(list.data.len(), 1);
    let notification = &list.data[0];
    assert_eq!(notification.id, "fff25e4e-7457-4c3c-8f6e-c9d6dfc01110");
    assert_eq!(notification.r#type, "notification");
    let attributes = &notification.attributes;
    assert_eq!(attributes.state.as_deref(), Some("completed"));
    assert_eq!(
        attributes.event_name.as_deref(),
        Some("developer:usage_activity:automatic_unpause")
    );
    assert_eq!(attributes.resource_id.as_deref(), Some("59"));
    let details = attributes.details.as_ref().expect("details");
    assert_eq!(details["hierarchy_info"]["priority"], value!(7));
    assert_eq!(details["next_billing_period_start"], value!("2022-02-22"));
}

#[tokio::test]
async fn list_org_service_agreement_notifications_reads_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/v1/orgs/particle/service_agreements/1234/notifications",
        ))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"data":[]}"#))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_org_service_agreement_notifications("particle", &1234)
        .await
        .expect("list_org_service_agreement_notifications");
    assert!(list.data.is_empty());
}

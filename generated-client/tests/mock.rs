//! The typed mocks (feature `mock`): what a mock expects and answers, what a call that matches no
//! mock reports, and that every operation of the client has a mock.
#![cfg(feature = "mock")]

use std::time::Duration;

use futures_util::StreamExt;
use particle_client::mock::MockServer;
use particle_client::models::{
    DeviceInfo, ErrorBody, EventData, PageMeta, PostOauthTokenRequest, ProductDeviceList,
    TokenResponse,
};
use particle_client::operations::ListProductDevicesParams;
use particle_client::{Client, Error, Event, Result};

/// A function under test, as an application would write it.
async fn is_online(client: &Client, device_id: &str) -> Result<bool> {
    let device = client.get_device(device_id).await?;
    Ok(device.online == Some(true))
}

fn device(id: &str, online: bool) -> DeviceInfo {
    let mut device = DeviceInfo::new(id);
    device.online = Some(online);
    device
}

#[tokio::test]
async fn a_mock_answers_the_typed_body_to_the_call_it_expects() {
    let server = MockServer::start().await;
    server
        .get_device()
        .device_id("0123")
        .ok(&device("0123", true))
        .times(1)
        .mount()
        .await;
    let online = is_online(&server.client(), "0123").await;
    assert!(matches!(online, Ok(true)), "{online:?}");
}

#[tokio::test]
async fn a_typed_error_answer_reaches_the_caller_with_its_status() {
    let server = MockServer::start().await;
    let body = ErrorBody {
        error: Some("Permission Denied".to_owned()),
        info: Some("I didn't recognize that device name or ID".to_owned()),
        ..ErrorBody::default()
    };
    server.get_device().error(403, &body).mount().await;
    let error = is_online(&server.client(), "0123")
        .await
        .expect_err("a 403");
    assert_eq!(error.status(), Some(403));
    let text = error.to_string();
    assert!(text.contains("Permission Denied"), "{text}");
    match error {
        Error::Api { body: decoded, .. } => assert_eq!(*decoded, body),
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn a_call_that_matches_no_mock_fails_naming_the_operation_and_what_differed() {
    let server = MockServer::start().await;
    server
        .get_device()
        .device_id("0123")
        .ok(&device("0123", true))
        .mount()
        .await;
    let error = is_online(&server.client(), "4567")
        .await
        .expect_err("no mock for 4567");
    let text = error.to_string();
    assert_eq!(error.status(), Some(501), "{text}");
    assert!(text.contains("get_device"), "{text}");
    assert!(
        text.contains("path parameter `deviceId` is `4567`, expected `0123`"),
        "{text}"
    );
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(
        unmatched[0].starts_with("no mock matched GET /v1/devices/4567 (get_device)"),
        "{unmatched:?}"
    );
}

#[tokio::test]
async fn a_call_with_no_mock_of_its_operation_says_so() {
    let server = MockServer::start().await;
    let error = server
        .client()
        .list_devices()
        .await
        .expect_err("nothing mounted");
    assert!(
        error
            .to_string()
            .contains("no mock of `list_devices` is mounted"),
        "{error}"
    );
    server.take_unmatched();
}

#[tokio::test]
#[should_panic(expected = "matched no mock")]
async fn dropping_the_server_fails_the_test_for_an_unmatched_call_its_code_swallowed() {
    let server = MockServer::start().await;
    // The code under test ignores the error: the server's drop still fails the test.
    let _ = server.client().list_devices().await;
}

#[tokio::test]
async fn query_parameters_are_expected_as_the_client_writes_them() {
    let server = MockServer::start().await;
    let page = ProductDeviceList::new(vec![device("0123", true)], PageMeta::new(1));
    server
        .list_product_devices()
        .product_id_or_slug("my-product")
        .quarantined(true)
        .per_page(50)
        .ok(&page)
        .mount()
        .await;
    let client = server.client();
    let mut params = ListProductDevicesParams {
        quarantined: Some(true),
        per_page: Some(50),
        ..ListProductDevicesParams::default()
    };
    let answer = client.list_product_devices("my-product", &params).await;
    assert!(answer.is_ok(), "{answer:?}");

    params.per_page = Some(25);
    let error = client
        .list_product_devices("my-product", &params)
        .await
        .expect_err("another page size");
    assert!(
        error
            .to_string()
            .contains("query parameter `per_page` is `25`, expected `50`"),
        "{error}"
    );
    server.take_unmatched();
}

#[tokio::test]
async fn a_form_body_is_expected_field_by_field_or_whole() {
    let server = MockServer::start().await;
    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".into());
    login.password = Some("SuperSecret".into());
    let token = TokenResponse::new("abc123", "bearer");
    server
        .post_oauth_token()
        .body_field("username", "joe@example.com")
        .body(&login)
        .ok(&token)
        .times(1)
        .mount()
        .await;
    let client = server.client();
    let answer = client.post_oauth_token(&login).await;
    assert!(
        matches!(&answer, Ok(got) if got.access_token.expose() == "abc123"),
        "{answer:?}"
    );

    let mut other = login.clone();
    other.username = Some("ann@example.com".into());
    let error = client
        .post_oauth_token(&other)
        .await
        .expect_err("another user");
    let text = error.to_string();
    assert!(
        text.contains("body field `username` is `ann@example.com`, expected `joe@example.com`"),
        "{text}"
    );
    // The report of the test's own unmatched call never shows the password.
    assert!(!text.contains("SuperSecret"), "{text}");
    let unmatched = server.take_unmatched();
    assert!(unmatched[0].contains("password=***"), "{unmatched:?}");
    assert!(!unmatched.concat().contains("SuperSecret"), "{unmatched:?}");
}

#[tokio::test]
async fn a_header_is_expected() {
    let server = MockServer::start().await;
    server
        .get_device()
        .header("authorization", "Bearer mock-token")
        .ok(&device("0123", false))
        .mount()
        .await;
    let online = is_online(&server.client(), "0123").await;
    assert!(matches!(online, Ok(false)), "{online:?}");
}

#[tokio::test]
async fn raw_bytes_a_delay_and_a_dropped_connection_reach_the_caller_as_their_errors() {
    let server = MockServer::start().await;
    server
        .get_device()
        .device_id("html")
        .raw(
            502,
            Some("text/html"),
            "<html><title>Bad Gateway</title></html>",
        )
        .mount()
        .await;
    server
        .get_device()
        .device_id("slow")
        .delay(Duration::from_secs(2))
        .ok(&device("slow", true))
        .mount()
        .await;
    server
        .get_device()
        .device_id("dropped")
        .drop_connection()
        .mount()
        .await;
    let client = server.client();

    let error = client.get_device("html").await.expect_err("a 502 page");
    assert_eq!(error.status(), Some(502));
    assert!(error.to_string().contains("Bad Gateway"), "{error}");

    let error = client
        .get_device("slow")
        .timeout(Duration::from_millis(200))
        .await
        .expect_err("slower than the timeout");
    assert!(error.is_timeout(), "{error}");

    let error = client
        .get_device("dropped")
        .await
        .expect_err("a dropped connection");
    assert!(matches!(error, Error::Transport { .. }), "{error}");
}

#[tokio::test]
async fn up_to_lets_a_second_mock_answer_after_a_first_failure() {
    let server = MockServer::start().await;
    server
        .get_device()
        .raw(503, None, "")
        .up_to(1)
        .mount()
        .await;
    server.get_device().ok(&device("0123", true)).mount().await;
    let client = server.client();
    assert_eq!(
        client.get_device("0123").await.expect_err("first").status(),
        Some(503)
    );
    let second = client.get_device("0123").await;
    assert!(second.is_ok(), "{second:?}");
}

#[tokio::test]
async fn an_event_stream_mock_sends_typed_events_then_ends() {
    let server = MockServer::start().await;
    let published = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").expect("a date");
    let mut first = EventData::new(60, published, "0123");
    first.data = Some("21.5".to_owned());
    let second = EventData::new(60, published, "4567");
    server
        .subscribe_device_events()
        .device_id("0123")
        .events([
            Event {
                name: "temperature".to_owned(),
                data: first.clone(),
                id: Some("1".to_owned()),
            },
            Event {
                name: "humidity".to_owned(),
                data: second.clone(),
                id: None,
            },
        ])
        .times(1)
        .mount()
        .await;
    let client = server.client();
    let stream = client
        .subscribe_device_events("0123")
        .await
        .expect("the stream opens");
    let events: Vec<_> = tokio::time::timeout(Duration::from_secs(5), stream.collect::<Vec<_>>())
        .await
        .expect("the stream ends after its events");
    let events: Vec<Event<EventData>> = events
        .into_iter()
        .map(|event| event.expect("an event"))
        .collect();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].name, "temperature");
    assert_eq!(events[0].data, first);
    assert_eq!(events[0].id.as_deref(), Some("1"));
    assert_eq!(events[1].name, "humidity");
    assert_eq!(events[1].data, second);
}

#[tokio::test]
#[should_panic(expected = "Verifications failed")]
async fn a_mock_called_fewer_times_than_expected_fails_the_test() {
    let server = MockServer::start().await;
    server
        .get_device()
        .ok(&device("0123", true))
        .times(2)
        .mount()
        .await;
    let _ = is_online(&server.client(), "0123").await;
}

/// The names in `Operation::new("name", …)` of a source file.
fn operation_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = source
        .split("Operation::new(")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('"')? + 1;
            let end = start + rest.get(start..)?.find('"')?;
            Some(rest.get(start..end)?.to_owned())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_operation_of_the_client_has_a_mock() {
    let operations = operation_names(include_str!("../src/operations.rs"));
    let mocks = operation_names(include_str!("../src/mock.rs"));
    assert_eq!(mocks, operations);
    assert!(operations.len() > 150, "{}", operations.len());
    for name in &operations {
        let method = format!("    pub fn {name}(");
        assert!(
            include_str!("../src/mock.rs").contains(&method),
            "no MockServer::{name}"
        );
    }
}

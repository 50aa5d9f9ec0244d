//! Events on the wire against a local HTTP server (wiremock on 127.0.0.1): publishing to the
//! user's and a product's stream, and every subscribe operation's request, with one of them read
//! end to end (`:ok`, two `event:`/`data:` events decoded into `EventData`), all time-bounded; the
//! organization and product-device streams, and the retired firehose's 400.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, TOKEN, bearer, client, date, json, no_body, no_query, within};
use futures_util::StreamExt;
use particle_client::models::{
    ErrorBody, EventData, PublishEventRequest, PublishProductEventRequest,
};
use particle_client::{Error, Event, EventStream};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' event (AD Events.1–4), verbatim, as an SSE block.
const TEMPERATURE: &str = "event: temperature\ndata: {\"data\":\"25.34\",\"ttl\":\"60\",\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n";

/// A cloud-generated event, with `ttl` as a number (as the official clients read it).
const ONLINE: &str = "event: spark/status\ndata: {\"data\":\"online\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:19.001Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n";

/// A product-stream event with an empty payload and the optional product fields.
const HOOK: &str = "event: hook-sent/temperature\ndata: {\"data\":null,\"ttl\":60,\"published_at\":\"2024-01-02T03:04:05.678Z\",\"coreid\":\"particle-internal\",\"userid\":\"5a1b2c3d\",\"version\":3,\"productID\":1234}\n\n";

/// An event-stream answer: the `:ok` comment, then `events`.
fn sse(events: &[&str]) -> ResponseTemplate {
    let body = format!(":ok\n\n{}", events.concat());
    ResponseTemplate::new(200)
        .insert_header("cache-control", "no-cache")
        .set_body_raw(body, "text/event-stream")
}

/// The first `n` items of `stream`, failing the test after 5 s.
async fn first(stream: &mut EventStream<EventData, ErrorBody>, n: usize) -> Vec<Event<EventData>> {
    within(async {
        let mut events = Vec::new();
        while events.len() < n {
            match stream.next().await {
                Some(Ok(event)) => events.push(event),
                Some(Err(error)) => panic!("event stream failed: {error}"),
                None => panic!("the stream ended after {} events", events.len()),
            }
        }
        events
    })
    .await
}

/// A mock for an event-stream `GET` of `at`, with the bearer token and `Accept:
/// text/event-stream`, answering `events`.
async fn stream_mock(server: &MockServer, at: &str, events: &[&str]) {
    Mock::given(method("GET"))
        .and(path(at))
        .and(bearer())
        .and(header("accept", "text/event-stream"))
        .and(no_query())
        .and(no_body())
        .respond_with(sse(events))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn subscribe_device_events_reads_documented_events_end_to_end() {
    let server = MockServer::start().await;
    stream_mock(
        &server,
        &format!("/v1/devices/{DEVICE_ID}/events"),
        &[TEMPERATURE, ONLINE],
    )
    .await;

    let client = client(&server);
    let mut stream = within(client.subscribe_device_events(DEVICE_ID))
        .await
        .expect("subscribe");
    let events = first(&mut stream, 2).await;

    assert_eq!(events[0].name, "temperature");
    let data = &events[0].data;
    assert_eq!(data.data.as_deref(), Some("25.34"));
    assert_eq!(
        data.ttl, 60,
        "the documented string ttl `\"60\"` reads as a number"
    );
    assert_eq!(data.published_at, date("2015-07-18T00:12:18.174Z"));
    assert_eq!(data.coreid, DEVICE_ID);
    assert_eq!(
        (data.userid.as_deref(), data.version, data.product_id),
        (None, None, None)
    );
    assert_eq!(events[0].id, None);

    assert_eq!(events[1].name, "spark/status");
    assert_eq!(events[1].data.data.as_deref(), Some("online"));
    assert_eq!(events[1].data.ttl, 60);
    assert_eq!(
        events[1].data.published_at,
        date("2015-07-18T00:12:19.001Z")
    );
    drop(stream);
}

#[tokio::test]
async fn subscribe_device_events_with_prefix_puts_the_prefix_in_the_path() {
    let server = MockServer::start().await;
    stream_mock(
        &server,
        &format!("/v1/devices/{DEVICE_ID}/events/temp"),
        &[TEMPERATURE],
    )
    .await;
    let client = client(&server);
    let mut stream = within(client.subscribe_device_events_with_prefix(DEVICE_ID, "temp"))
        .await
        .expect("subscribe");
    assert_eq!(first(&mut stream, 1).await[0].name, "temperature");
}

#[tokio::test]
async fn subscribe_events_encodes_a_prefix_with_a_slash() {
    let server = MockServer::start().await;
    stream_mock(&server, "/v1/events/spark%2Fstatus", &[ONLINE]).await;
    let client = client(&server);
    let mut stream = within(client.subscribe_events("spark/status"))
        .await
        .expect("subscribe");
    assert_eq!(first(&mut stream, 1).await[0].name, "spark/status");
}

#[tokio::test]
async fn subscribe_my_devices_events_reads_the_optional_product_fields() {
    let server = MockServer::start().await;
    stream_mock(&server, "/v1/devices/events", &[HOOK]).await;
    let client = client(&server);
    let mut stream = within(client.subscribe_my_devices_events())
        .await
        .expect("subscribe");
    let event = first(&mut stream, 1).await.remove(0);
    assert_eq!(event.name, "hook-sent/temperature");
    assert_eq!(event.data.data, None, "`data: null` reads as None");
    assert_eq!(event.data.coreid, "particle-internal");
    assert_eq!(event.data.userid.as_deref(), Some("5a1b2c3d"));
    assert_eq!(event.data.version, Some(3));
    assert_eq!(event.data.product_id, Some(1234));
    assert_eq!(event.data.published_at, date("2024-01-02T03:04:05.678Z"));
}

#[tokio::test]
async fn subscribe_my_devices_events_with_prefix_puts_the_prefix_in_the_path() {
    let server = MockServer::start().await;
    stream_mock(&server, "/v1/devices/events/temp", &[TEMPERATURE]).await;
    let client = client(&server);
    let mut stream = within(client.subscribe_my_devices_events_with_prefix("temp"))
        .await
        .expect("subscribe");
    assert_eq!(first(&mut stream, 1).await[0].data.coreid, DEVICE_ID);
}

#[tokio::test]
async fn a_refused_subscription_is_the_error_of_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/events/temp"))
        .respond_with(json(
            401,
            r#"{"error":"invalid_token","error_description":"The access token provided is invalid"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/events/"))
        .respond_with(json(
            400,
            r#"{"ok":false,"error":"event prefix filter is required"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let result = within(client.subscribe_events("temp")).await;
    let shown = format!("{result:?}");
    match result {
        Err(Error::Api {
            status: 401, body, ..
        }) => {
            assert_eq!(body.error.as_deref(), Some("invalid_token"));
            assert_eq!(
                body.error_description.as_deref(),
                Some("The access token provided is invalid")
            );
        }
        other => panic!("expected a decoded 401, got {other:?}"),
    }
    assert!(!shown.contains(TOKEN), "{shown}");

    match within(client.subscribe_events("")).await {
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            assert_eq!(body.ok, Some(false));
            assert_eq!(
                body.error.as_deref(),
                Some("event prefix filter is required")
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn publish_event_sends_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/devices/events"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(
            value!({"name": "temperature", "data": "25.34", "private": true, "ttl": 60}),
        ))
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/devices/events"))
        .and(bearer())
        .and(body_json(value!({"name": "reboot"})))
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let mut event = PublishEventRequest::new("temperature");
    event.data = Some("25.34".into());
    event.private = Some(true);
    event.ttl = Some(60);
    assert_eq!(
        client.publish_event(&event).await.expect("publish").ok,
        Some(true)
    );
    // Only the name is required; nothing else is sent.
    let answer = client
        .publish_event(&PublishEventRequest::new("reboot"))
        .await
        .expect("bare");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn publish_product_event_sends_json_to_the_product() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/my-product/events"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(
            value!({"name": "config", "data": "{\"interval\":60}", "ttl": 120, "as_device_id": DEVICE_ID}),
        ))
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let mut event = PublishProductEventRequest::new("config");
    event.data = Some("{\"interval\":60}".into());
    event.ttl = Some(120);
    event.as_device_id = Some(DEVICE_ID.into());
    let answer = client(&server)
        .publish_product_event("my-product", &event)
        .await
        .expect("publish");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn subscribe_org_events_reads_the_organization_stream() {
    let server = MockServer::start().await;
    stream_mock(&server, "/v1/orgs/my-org/events", &[HOOK, TEMPERATURE]).await;
    let client = client(&server);
    let mut stream = within(client.subscribe_org_events("my-org"))
        .await
        .expect("subscribe");
    let events = first(&mut stream, 2).await;
    assert_eq!(events[0].name, "hook-sent/temperature");
    assert_eq!(events[0].data.product_id, Some(1234));
    assert_eq!(events[1].data.data.as_deref(), Some("25.34"));
}

#[tokio::test]
async fn subscribe_org_device_events_encodes_the_organization() {
    let server = MockServer::start().await;
    stream_mock(
        &server,
        &format!("/v1/orgs/my%20org/devices/{DEVICE_ID}/events"),
        &[ONLINE],
    )
    .await;
    let client = client(&server);
    let mut stream = within(client.subscribe_org_device_events("my org", DEVICE_ID))
        .await
        .expect("subscribe");
    let events = first(&mut stream, 1).await;
    assert_eq!(events[0].name, "spark/status");
    assert_eq!(events[0].data.coreid, DEVICE_ID);
}

#[tokio::test]
async fn subscribe_product_device_events_reads_the_device_stream() {
    let server = MockServer::start().await;
    stream_mock(
        &server,
        &format!("/v1/products/1337/devices/{DEVICE_ID}/events"),
        &[TEMPERATURE],
    )
    .await;
    let client = client(&server);
    let mut stream = within(client.subscribe_product_device_events("1337", DEVICE_ID))
        .await
        .expect("subscribe");
    let events = first(&mut stream, 1).await;
    assert_eq!(events[0].name, "temperature");
    assert_eq!(
        events[0].data.published_at,
        date("2015-07-18T00:12:18.174Z")
    );
}

// Calls the deprecated firehose on purpose: the route is documented, and retired.
#[allow(deprecated)]
#[tokio::test]
async fn subscribe_all_events_is_refused_with_the_documented_400() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/events"))
        .and(bearer())
        .and(header("accept", "text/event-stream"))
        .and(no_query())
        .respond_with(json(
            400,
            r#"{"ok":false,"error":"event prefix filter is required"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    match within(client.subscribe_all_events()).await {
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            assert_eq!(body.ok, Some(false));
            assert_eq!(
                body.error.as_deref(),
                Some("event prefix filter is required")
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

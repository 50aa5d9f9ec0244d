//! Typed events (`x-events`) on the wire: a local server streams events of every declared kind
//! (an exact name with a string-enum payload, a name with a hole and a JSON payload, two holes
//! and a text payload, text with parts, a kind that keeps no payload), one no kind matches and one whose payload
//! is not its kind's; each is told apart by `FeedEvent::of` as declared, and published again by
//! `to_parts` as it came.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::build;
use features_client::events::FeedEvent;
use features_client::models::{AlarmLevel, DoorState, FeedData, Reading};
use features_client::{Client, Event};
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An SSE block for an event `name` whose payload member holds `payload`.
fn block(name: &str, payload: Option<&str>) -> String {
    let data = serde_json::json!({"text": payload, "at": "2026-12-06T10:00:00Z"});
    format!("event: {name}\ndata: {data}\n\n")
}

/// The events the stream sends, in order.
fn events() -> Vec<String> {
    vec![
        block("door/state", Some("open")),
        block(
            "reading/kitchen/temperature",
            Some(r#"{"value": 21.5, "unit": "C"}"#),
        ),
        block("relay/weather/api/1", Some("rain later")),
        block("alarm/garage", Some(" high: smoke, then fire ")),
        block("heartbeat", Some("ignored")),
        block("door/knock", Some("twice")),
        // A name of a kind's form whose typed hole does not read: not of that kind.
        block("relay/weather/first", Some("sun")),
        block("reading/hall", Some("not json")),
        block("door/state", Some("ajar")),
        block("door/state", None),
    ]
}

/// The first `n` events of the feed `server` serves, within 5 s.
async fn received(server: &MockServer, n: usize) -> Vec<Event<FeedData>> {
    let client: Client = build(
        Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    );
    let read = async {
        let mut stream = client.watch_feed().await.expect("the stream opens");
        let mut events = Vec::new();
        while events.len() < n {
            match stream.next().await {
                Some(Ok(event)) => events.push(event),
                Some(Err(error)) => panic!("the stream failed: {error}"),
                None => panic!("the stream ended after {} events", events.len()),
            }
        }
        events
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .expect("the events arrive within 5 s")
}

#[tokio::test]
async fn every_kind_is_told_apart_by_name_and_its_payload_typed() {
    let server = MockServer::start().await;
    let body = events().concat();
    Mock::given(method("GET"))
        .and(path("/v2/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .mount(&server)
        .await;

    let events = received(&server, 10).await;
    let kinds: Vec<FeedEvent> = events.iter().map(FeedEvent::of).collect();

    assert_eq!(kinds[0], FeedEvent::Door(DoorState::Open));
    let FeedEvent::Reading { sensor, payload } = &kinds[1] else {
        panic!("a reading: {:?}", kinds[1]);
    };
    // One hole takes what is left, slashes included.
    assert_eq!(sensor, "kitchen/temperature");
    assert_eq!(payload.value, 21.5);
    assert_eq!(payload.unit.as_deref(), Some("C"));
    assert_eq!(
        kinds[2],
        FeedEvent::Relay {
            relay: "weather/api".to_owned(),
            part: 1,
            payload: "rain later".to_owned(),
        }
    );
    // Text with parts, trimmed; the first form's separator is the first `: `.
    let FeedEvent::Alarm { zone, payload } = &kinds[3] else {
        panic!("an alarm: {:?}", kinds[3]);
    };
    assert_eq!(zone, "garage");
    assert_eq!(payload.level, AlarmLevel::High);
    assert_eq!(payload.note.as_deref(), Some("smoke, then fire"));
    assert_eq!(
        kinds[3].to_parts(),
        Some((
            "alarm/garage".to_owned(),
            Some("high: smoke, then fire".to_owned())
        ))
    );
    assert_eq!(kinds[4], FeedEvent::Heartbeat);
    // A name no kind has, and one whose integer hole holds a word.
    assert_eq!(kinds[5], FeedEvent::Other);
    assert_eq!(kinds[5].to_parts(), None);
    assert_eq!(kinds[6], FeedEvent::Other);
    // A declared name whose payload is not its kind's: which kind, and why.
    let FeedEvent::Malformed { kind, error } = &kinds[7] else {
        panic!("malformed: {:?}", kinds[7]);
    };
    assert_eq!(*kind, "Reading");
    assert!(error.contains("not json"), "{error}");
    // An enum value the spec does not list is kept, as the crate's enums keep them.
    assert!(
        matches!(&kinds[8], FeedEvent::Door(state) if *state != DoorState::Open && *state != DoorState::Closed),
        "{:?}",
        kinds[8]
    );
    // No payload where one is declared.
    assert!(
        matches!(kinds[9], FeedEvent::Malformed { kind: "Door", .. }),
        "{:?}",
        kinds[9]
    );

    // The conversion `From<&Event<_>>` is the same decoding.
    assert_eq!(FeedEvent::from(&events[2]), kinds[2]);
}

#[test]
fn kinds_are_published_again_as_they_came() {
    let reading = FeedEvent::Reading {
        sensor: "cellar".to_owned(),
        payload: Reading {
            value: 11.0,
            unit: None,
        },
    };
    let (name, payload) = reading.to_parts().unwrap();
    assert_eq!(name, "reading/cellar");
    assert_eq!(payload.as_deref(), Some(r#"{"value":11.0}"#));
    assert_eq!(FeedEvent::parse(&name, payload.as_deref()), reading);

    let (name, payload) = FeedEvent::Door(DoorState::Closed).to_parts().unwrap();
    assert_eq!(
        (name.as_str(), payload.as_deref()),
        ("door/state", Some("closed"))
    );
    assert_eq!(
        FeedEvent::Heartbeat.to_parts(),
        Some(("heartbeat".to_owned(), None))
    );
    assert_eq!(FeedEvent::Heartbeat.kind(), "Heartbeat");
}

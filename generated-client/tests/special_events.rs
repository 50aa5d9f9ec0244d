//! The platform's special events on the wire, against a local HTTP server (wiremock on
//! 127.0.0.1): a product stream carries the documented events (the envelopes of Particle's
//! firmware-update-events page, recorded from a product device, with `ttl` as a number, and the
//! API page's, with `ttl` as a string), each told apart by `SpecialEvent::of` with its payload
//! typed; a webhook answer arrives in parts out of order and is put back together by `part`.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{TOKEN, client, within};
use futures_util::StreamExt;
use particle_client::Event;
use particle_client::events::SpecialEvent;
use particle_client::models::{
    DeviceConnectionStatus, EventData, FlashStatus, PanicCode, ResetReason,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A product event's envelope as Particle's firmware-update-events page records them, with the
/// name moved to the `event:` line.
fn recorded(name: &str, payload: &str) -> String {
    let data = serde_json::json!({
        "data": payload,
        "ttl": 60,
        "published_at": "2024-05-13T10:55:12.885Z",
        "coreid": "e00fce68ece1d3d21a73dcc9",
        "userid": "597771d1f92bae142dbb7559",
        "version": 1,
        "public": false,
        "productID": 30301,
    });
    format!("event: {name}\ndata: {data}\n\n")
}

/// A webhook event as the API page shows them: `ttl` a string, `coreid` `particle-internal`.
fn from_the_cloud(name: &str, payload: &str) -> String {
    let data = serde_json::json!({
        "data": payload,
        "ttl": "60",
        "published_at": "2016-02-09T15:23:23.047Z",
        "coreid": "particle-internal",
    });
    format!("event: {name}\ndata: {data}\n\n")
}

/// The first `n` events of product `my-product-v1`'s stream, which `server` serves as `body`.
async fn stream(server: &MockServer, body: String, n: usize) -> Vec<Event<EventData>> {
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product-v1/events"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(format!(":ok\n\n{body}"), "text/event-stream"),
        )
        .expect(1)
        .mount(server)
        .await;
    let client = client(server);
    within(async {
        let mut events = client
            .subscribe_product_events("my-product-v1")
            .await
            .expect("the stream opens");
        let mut received = Vec::new();
        while received.len() < n {
            match events.next().await {
                Some(Ok(event)) => received.push(event),
                Some(Err(error)) => panic!("the stream failed: {error}"),
                None => panic!("the stream ended after {} events", received.len()),
            }
        }
        received
    })
    .await
}

#[tokio::test]
async fn a_products_special_events_are_typed_by_name() {
    let server = MockServer::start().await;
    let body = [
        recorded("spark/status", "auto-update"),
        recorded("spark/flash/status", "started "),
        recorded("spark/flash/status", "success "),
        recorded("spark/status", "offline"),
        recorded("spark/status", "online"),
        recorded("spark/device/last_reset", "update"),
        recorded("particle/device/updates/forced", "false"),
        recorded("particle/device/updates/enabled", "true"),
        recorded(
            "spark/device/app-hash",
            "09ad0870ed14795cbd3fc86c1d7cf67e0e77614484c5955ad00e2d7c30b64142",
        ),
        recorded("spark/device/last_reset", "panic, hard_fault"),
        recorded("spark/device/last_reset", "panic, 2"),
        recorded("spark/device/last_reset", "150"),
        recorded(
            "spark/device/diagnostics/update",
            r#"{"device":{"power":{"battery":{"charge":{"err":-210},"state":"disconnected"},"source":"USB host"},"system":{"uptime":99,"memory":{"used":73976,"total":167688}}},"service":{"device":{"status":"ok"}}}"#,
        ),
        recorded("particle/firmware/release", r#"{"immediate":true,"version":1}"#),
        recorded("temperature", "21.5"),
        recorded("spark/device/diagnostics/update", "not json"),
    ]
    .concat();
    let events = stream(&server, body, 16).await;
    let kinds: Vec<SpecialEvent> = events.iter().map(SpecialEvent::of).collect();

    assert_eq!(
        kinds[..5],
        [
            SpecialEvent::Status(DeviceConnectionStatus::AutoUpdate),
            // The recorded flash statuses end with a space: the kind reads them trimmed.
            SpecialEvent::FlashStatus(FlashStatus::Started),
            SpecialEvent::FlashStatus(FlashStatus::Success),
            SpecialEvent::Status(DeviceConnectionStatus::Offline),
            SpecialEvent::Status(DeviceConnectionStatus::Online),
        ]
    );
    let SpecialEvent::LastReset(update) = &kinds[5] else {
        panic!("a reset: {:?}", kinds[5]);
    };
    assert_eq!(
        (&update.reason, &update.panic),
        (&ResetReason::Update, &None)
    );
    assert_eq!(kinds[6], SpecialEvent::UpdatesForced(false));
    assert_eq!(kinds[7], SpecialEvent::UpdatesEnabled(true));
    assert!(
        matches!(&kinds[8], SpecialEvent::AppHash(hash) if hash.len() == 64),
        "{:?}",
        kinds[8]
    );
    // A panic by name, a panic by number (in `Unknown`), a reason by number (in `Other`: the
    // reasons have a value `unknown`).
    let SpecialEvent::LastReset(panic) = &kinds[9] else {
        panic!("a reset: {:?}", kinds[9]);
    };
    assert_eq!(panic.reason, ResetReason::Panic);
    assert_eq!(panic.panic, Some(PanicCode::HardFault));
    let SpecialEvent::LastReset(numbered) = &kinds[10] else {
        panic!("a reset: {:?}", kinds[10]);
    };
    assert_eq!(numbered.panic, Some(PanicCode::Unknown("2".to_owned())));
    let SpecialEvent::LastReset(number) = &kinds[11] else {
        panic!("a reset: {:?}", kinds[11]);
    };
    assert_eq!(number.reason, ResetReason::Other("150".to_owned()));
    assert_eq!(number.panic, None);
    // Vitals whose battery charge could not be read: kept as the device sent it.
    let SpecialEvent::Vitals(vitals) = &kinds[12] else {
        panic!("vitals: {:?}", kinds[12]);
    };
    let device = vitals.device.as_ref().unwrap();
    let battery = device.power.as_ref().unwrap().battery.as_ref().unwrap();
    assert_eq!(battery.charge, Some(serde_json::json!({"err": -210})));
    assert_eq!(device.system.as_ref().unwrap().uptime, Some(99));
    let SpecialEvent::FirmwareReleased(release) = &kinds[13] else {
        panic!("a release: {:?}", kinds[13]);
    };
    assert_eq!((release.immediate, release.version), (Some(true), Some(1)));
    // The firmware's own event, and vitals that are not JSON.
    assert_eq!(kinds[14], SpecialEvent::Other);
    assert!(
        matches!(&kinds[15], SpecialEvent::Malformed { kind: "Vitals", error } if error.contains("not json")),
        "{:?}",
        kinds[15]
    );
    // The envelope stays the event's: who and when.
    assert_eq!(events[9].data.coreid, "e00fce68ece1d3d21a73dcc9");
    assert_eq!(events[9].data.product_id, Some(30301));
}

#[tokio::test]
async fn a_webhook_answer_in_parts_out_of_order_is_put_back_together() {
    let server = MockServer::start().await;
    // A 1,100-byte answer in three parts of at most 512 bytes, the last first; the part index is
    // a number, so parts sort as numbers (part 10 after part 9).
    let answer: String = (0..1100)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let parts = [&answer[..512], &answer[512..1024], &answer[1024..]];
    let body = [
        from_the_cloud("hook-sent/my-hooks/get_weather", "undefined"),
        from_the_cloud("hook-response/my-hooks/get_weather/2", parts[2]),
        from_the_cloud("hook-response/my-hooks/get_weather/0", parts[0]),
        from_the_cloud(
            "0123456789abcdef01234567/hook-response/my-hooks/get_weather/0",
            "for one device",
        ),
        from_the_cloud("hook-response/my-hooks/get_weather/1", parts[1]),
        from_the_cloud("hook-error/demo/0", "error status 404 from requestb.in"),
    ]
    .concat();
    let events = stream(&server, body, 6).await;

    let mut received: Vec<(i32, String)> = Vec::new();
    for event in &events {
        match SpecialEvent::of(event) {
            SpecialEvent::HookSent { event } => assert_eq!(event, "my-hooks/get_weather"),
            SpecialEvent::HookResponse {
                event,
                part,
                payload,
            } => {
                // The event name keeps its `/`; the part is after the last one.
                assert_eq!(event, "my-hooks/get_weather");
                received.push((part, payload));
            }
            SpecialEvent::DeviceHookResponse {
                device_id,
                event,
                part,
                payload,
            } => {
                assert_eq!(device_id, "0123456789abcdef01234567");
                assert_eq!((event.as_str(), part), ("my-hooks/get_weather", 0));
                assert_eq!(payload, "for one device");
            }
            SpecialEvent::HookError {
                event,
                part,
                payload,
            } => {
                assert_eq!((event.as_str(), part), ("demo", 0));
                assert_eq!(payload, "error status 404 from requestb.in");
            }
            other => panic!("{}: {other:?}", event.name),
        }
        assert_eq!(event.data.coreid, "particle-internal");
    }
    received.sort();
    let indexes: Vec<i32> = received.iter().map(|(part, _)| *part).collect();
    assert_eq!(indexes, [0, 1, 2]);
    // Only the last part is shorter than 512 bytes.
    assert!(received[2].1.len() < 512);
    let whole: String = received.into_iter().map(|(_, payload)| payload).collect();
    assert_eq!(whole, answer);
}

#[test]
fn a_kind_is_published_again_as_it_came() {
    let reset = SpecialEvent::parse("spark/device/last_reset", Some("panic, stack_overflow"));
    assert_eq!(
        reset.to_parts(),
        Some((
            "spark/device/last_reset".to_owned(),
            Some("panic, stack_overflow".to_owned())
        ))
    );
    let part = SpecialEvent::parse("hook-response/a/b/3", Some("{\"t\": 1}"));
    assert_eq!(
        part.to_parts(),
        Some((
            "hook-response/a/b/3".to_owned(),
            Some("{\"t\": 1}".to_owned())
        ))
    );
    assert_eq!(
        SpecialEvent::parse("loc-enhanced", Some("{}")).kind(),
        "EnhancedLocation"
    );
    assert_eq!(
        SpecialEvent::parse("spark/unknown", None),
        SpecialEvent::Other
    );
}

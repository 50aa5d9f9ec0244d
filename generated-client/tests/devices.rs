//! Device operations on the wire against a local HTTP server (wiremock on 127.0.0.1): listing,
//! details, claim, update, flash (multipart), unclaim, ping, product device lists and their pages.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    DEVICE_ID, TOKEN, bearer, client, date, exact_query, json, multipart_parts, no_body, no_query,
    received, within,
};
use futures_util::StreamExt;
use particle_client::models::{
    ClaimDeviceRequest, DeviceInfoStatus, FlashDeviceRequest, ListProductDevicesSortAttr,
    ListProductDevicesSortDir, UpdateDeviceRequest,
};
use particle_client::operations::ListProductDevicesParams;
use particle_client::{Error, FilePart, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer};

/// The docs' full `GET /v1/devices/:deviceId` example (AD Devices.4), verbatim.
const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot","owner":"someone@particle.io","last_ip_address":"176.83.211.237","last_heard":"2015-07-17T22:28:40.907Z","last_handshake_at":"2015-07-15T20:08:00.456Z","product_id":13,"online":true,"platform_id":13,"cellular":true,"notes":null,"functions":["gong","goto"],"variables":{"Gongs":"int32"},"status":"normal","serial_number":"AAAAAA111111111","iccid":"89314404000111111111","imei":"357520000000000","mac_wifi":"00:00:00:AA:BB:00","mobile_secret":"NVYM5RK6AHCBELA","system_firmware_version":"1.5.0","firmware_updates_enabled":true,"firmware_updates_forced":false,"device_protection":{"status":"disabled"}}"#;

/// The 2015 docs' list element (DOC15), with its unquoted date fixed.
const LEGACY_DEVICE: &str = r#"{"id":"53ff291839887","name":"particle_love","last_app":null,"last_heard":"2014-12-15T20:12:51.974Z","connected":true}"#;

/// The documented `{error, info}` answer for an unknown device (ISS-403), verbatim.
const PERMISSION_DENIED: &str = r#"{"error":"Permission Denied","info":"I didn't recognize that device name or ID, try opening https://api.particle.io/v1/devices?access_token=…"}"#;

#[tokio::test]
// Reads the deprecated `connected` on purpose: legacy devices still send it.
#[allow(deprecated)]
async fn list_devices_decodes_the_documented_devices() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!("[{DEVICE},{LEGACY_DEVICE}]")))
        .expect(1)
        .mount(&server)
        .await;

    let devices = client(&server).list_devices().await.expect("list_devices");
    assert_eq!(devices.len(), 2);
    let gongbot = &devices[0];
    assert_eq!(gongbot.id, DEVICE_ID);
    assert_eq!(gongbot.name.as_deref(), Some("gongbot"));
    assert_eq!(
        gongbot.last_heard,
        Nullable::Value(date("2015-07-17T22:28:40.907Z"))
    );
    assert_eq!(gongbot.online, Some(true));
    assert_eq!(gongbot.notes, Nullable::Null, "`notes: null` reads as null");
    let legacy = &devices[1];
    assert_eq!(legacy.id, "53ff291839887");
    assert_eq!(
        legacy.last_app,
        Nullable::Null,
        "`last_app: null` reads as null"
    );
    assert_eq!(
        legacy.last_heard,
        Nullable::Value(date("2014-12-15T20:12:51.974Z"))
    );
    assert_eq!(legacy.connected, Some(true));
    assert_eq!(legacy.online, None);
}

#[tokio::test]
async fn get_device_decodes_every_documented_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, DEVICE))
        .expect(1)
        .mount(&server)
        .await;

    let device = client(&server)
        .get_device(DEVICE_ID)
        .await
        .expect("get_device");
    assert_eq!(device.id, DEVICE_ID);
    assert_eq!(device.owner.as_deref(), Some("someone@particle.io"));
    assert_eq!(device.last_ip_address.as_deref(), Some("176.83.211.237"));
    assert_eq!(
        device.last_heard,
        Nullable::Value(date("2015-07-17T22:28:40.907Z"))
    );
    assert_eq!(
        device.last_handshake_at,
        Nullable::Value(date("2015-07-15T20:08:00.456Z"))
    );
    assert_eq!(
        device.last_handshake_at.map(|at| at.timestamp_millis()),
        Nullable::Value(1_436_990_880_456)
    );
    assert_eq!(device.product_id, Some(13));
    assert_eq!(device.platform_id, Some(13));
    assert_eq!(device.cellular, Some(true));
    assert_eq!(device.notes, Nullable::Null);
    assert_eq!(
        device.functions,
        Nullable::Value(vec!["gong".to_owned(), "goto".to_owned()])
    );
    assert_eq!(
        device
            .variables
            .value()
            .and_then(|v| v.get("Gongs"))
            .map(String::as_str),
        Some("int32")
    );
    assert_eq!(device.status, Some(DeviceInfoStatus::Normal));
    assert_eq!(device.serial_number.as_deref(), Some("AAAAAA111111111"));
    assert_eq!(device.iccid.as_deref(), Some("89314404000111111111"));
    assert_eq!(device.imei.as_deref(), Some("357520000000000"));
    assert_eq!(device.mac_wifi.as_deref(), Some("00:00:00:AA:BB:00"));
    assert_eq!(
        device.mobile_secret.as_ref().map(|s| s.expose()),
        Some("NVYM5RK6AHCBELA")
    );
    assert_eq!(device.system_firmware_version.as_deref(), Some("1.5.0"));
    assert_eq!(device.firmware_updates_enabled, Some(true));
    assert_eq!(device.firmware_updates_forced, Some(false));
    assert_eq!(
        device
            .device_protection
            .as_ref()
            .and_then(|p| p.status.as_deref()),
        Some("disabled")
    );
    // The BLE setup secret is a `Secret`: never printed.
    let shown = format!("{device:?}");
    assert!(!shown.contains("NVYM5RK6AHCBELA"), "{shown}");
}

#[tokio::test]
async fn a_device_id_with_a_space_and_a_slash_is_one_percent_encoded_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/my%20device%2F1"))
        .and(bearer())
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","name":"my device/1"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let device = client(&server)
        .get_device("my device/1")
        .await
        .expect("get_device");
    assert_eq!(device.name.as_deref(), Some("my device/1"));
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/v1/devices/my%20device%2F1");
}

#[tokio::test]
async fn an_unknown_device_is_a_403_with_error_and_info() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/nosuchdevice"))
        .respond_with(json(403, PERMISSION_DENIED))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_device("nosuchdevice").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 403);
            assert_eq!(body.error.as_deref(), Some("Permission Denied"));
            assert!(
                body.info
                    .as_deref()
                    .is_some_and(|info| info.starts_with("I didn't recognize")),
                "{body:?}"
            );
            assert_eq!(body.error_description, None);
        }
        other => panic!("expected a decoded 403, got {other:?}"),
    }
}

#[tokio::test]
async fn claim_device_sends_json_and_reads_either_documented_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/devices"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"id": DEVICE_ID})))
        .respond_with(json(
            200,
            r#"{"ok":true,"deviceID":"0123456789abcdef01234567","claimed":true}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/devices"))
        .and(bearer())
        .and(body_json(
            value!({"id": DEVICE_ID, "request_transfer": true}),
        ))
        .respond_with(json(200, r#"{"transfer_id":"5b58c2b7ad7c8b0001a4d2a1"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let claimed = client
        .claim_device(&ClaimDeviceRequest::new(DEVICE_ID))
        .await
        .expect("claim");
    assert_eq!(claimed.ok, Some(true));
    assert_eq!(claimed.device_id.as_deref(), Some(DEVICE_ID));
    assert_eq!(claimed.claimed, Some(true));
    assert_eq!(claimed.transfer_id, None);

    let mut transfer = ClaimDeviceRequest::new(DEVICE_ID);
    transfer.request_transfer = Some(true);
    let answer = client.claim_device(&transfer).await.expect("transfer");
    assert_eq!(
        answer.transfer_id.as_deref(),
        Some("5b58c2b7ad7c8b0001a4d2a1")
    );
    assert_eq!(answer.ok, None);
}

#[tokio::test]
async fn update_device_sends_one_json_change_per_call() {
    let server = MockServer::start().await;
    let device_path = format!("/v1/devices/{DEVICE_ID}");
    let changes = [
        (
            value!({"name": "phancy_photon"}),
            r#"{"id":"0123456789abcdef01234567","name":"phancy_photon","updated_at":"2017-03-10T20:21:49.059Z"}"#,
        ),
        (
            value!({"notes": "in the garage"}),
            r#"{"id":"0123456789abcdef01234567","notes":"in the garage","updated_at":"2017-03-10T20:21:49.059Z"}"#,
        ),
        (
            value!({"signal": 1}),
            r#"{"id":"0123456789abcdef01234567","connected":true,"signaling":true}"#,
        ),
        (
            value!({"firmware_updates_forced": true}),
            r#"{"id":"0123456789abcdef01234567","firmware_updates_forced":true}"#,
        ),
    ];
    for (body, answer) in &changes {
        Mock::given(method("PUT"))
            .and(path(device_path.as_str()))
            .and(bearer())
            .and(no_query())
            .and(header("content-type", "application/json"))
            .and(body_json(body))
            .respond_with(json(200, answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    let rename = UpdateDeviceRequest {
        name: Some("phancy_photon".into()),
        ..Default::default()
    };
    let renamed = client
        .update_device(DEVICE_ID, &rename)
        .await
        .expect("rename");
    assert_eq!(renamed.id.as_deref(), Some(DEVICE_ID));
    assert_eq!(renamed.name.as_deref(), Some("phancy_photon"));
    assert_eq!(renamed.updated_at, Some(date("2017-03-10T20:21:49.059Z")));

    let notes = UpdateDeviceRequest {
        notes: Some("in the garage".into()),
        ..Default::default()
    };
    let noted = client
        .update_device(DEVICE_ID, &notes)
        .await
        .expect("notes");
    assert_eq!(noted.notes.as_deref(), Some("in the garage"));

    let signal = UpdateDeviceRequest {
        signal: Some(1),
        ..Default::default()
    };
    let signaled = client
        .update_device(DEVICE_ID, &signal)
        .await
        .expect("signal");
    assert_eq!(
        (signaled.connected, signaled.signaling),
        (Some(true), Some(true))
    );
    assert_eq!(signaled.updated_at, None);

    let forced = UpdateDeviceRequest {
        firmware_updates_forced: Some(true),
        ..Default::default()
    };
    let forced = client
        .update_device(DEVICE_ID, &forced)
        .await
        .expect("force OTA");
    assert_eq!(forced.firmware_updates_forced, Some(true));
}

/// Not valid UTF-8 and holding CR LF and `--`, so the bytes must travel untouched.
const FIRMWARE: &[u8] = &[0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x80, 0x7f];

#[tokio::test]
async fn flash_device_sends_a_binary_as_a_multipart_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","status":"Update started"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut body = FlashDeviceRequest::new(FilePart::new("firmware.bin", FIRMWARE));
    body.file_type = Some("binary".into());
    let answer = client(&server)
        .flash_device(DEVICE_ID, &body)
        .await
        .expect("flash");
    assert_eq!(answer.id.as_deref(), Some(DEVICE_ID));
    assert_eq!(answer.status.as_deref(), Some("Update started"));

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("firmware.bin"));
    assert_eq!(
        parts[0].content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(parts[0].bytes, FIRMWARE);
    assert_eq!(parts[1].name, "file_type");
    assert_eq!(parts[1].file_name, None);
    assert_eq!(parts[1].bytes, b"binary");
}

#[tokio::test]
async fn flash_device_sends_source_with_a_build_target_and_a_bundle_as_zip() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .respond_with(json(200, r#"{"ok":true,"message":"Update started"}"#))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let source = "void setup() {}\r\nvoid loop() {}\n";
    let mut body = FlashDeviceRequest::new(
        FilePart::new("tinker.ino", source).with_content_type("text/plain"),
    );
    body.build_target_version = Some("1.5.0".into());
    let answer = client
        .flash_device(DEVICE_ID, &body)
        .await
        .expect("flash source");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(answer.message.as_deref(), Some("Update started"));

    let bundle = FlashDeviceRequest::new(
        FilePart::new("bundle.zip", b"PK\x03\x04zip".to_vec()).with_content_type("application/zip"),
    );
    client
        .flash_device(DEVICE_ID, &bundle)
        .await
        .expect("flash bundle");

    let requests = received(&server).await;
    let content_type = requests[0]
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert!(
        content_type.is_some_and(|t| t.starts_with("multipart/form-data; boundary=")),
        "{content_type:?}"
    );
    let parts = multipart_parts(&requests[0]);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("tinker.ino"));
    assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
    assert_eq!(parts[0].bytes, source.as_bytes());
    assert_eq!(parts[1].name, "build_target_version");
    assert_eq!(parts[1].bytes, b"1.5.0");

    let parts = multipart_parts(&requests[1]);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].file_name.as_deref(), Some("bundle.zip"));
    assert_eq!(parts[0].content_type.as_deref(), Some("application/zip"));
    assert_eq!(parts[0].bytes, b"PK\x03\x04zip");
}

#[tokio::test]
async fn a_failed_flash_decodes_the_compile_error_shape() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(json(
            400,
            r#"{"ok":false,"firmware_binary_id":"12345","errors":["Device is not connected."]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let body = FlashDeviceRequest::new(FilePart::new("firmware.bin", FIRMWARE));
    match client(&server).flash_device(DEVICE_ID, &body).await {
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.firmware_binary_id.as_deref(), Some("12345"));
            assert_eq!(
                body.errors,
                Some(vec!["Device is not connected.".to_owned()])
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn remove_device_sends_a_bare_delete() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .remove_device(DEVICE_ID)
        .await
        .expect("unclaim");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(answer.message, None);
}

#[tokio::test]
async fn a_204_without_a_body_is_success() {
    // Deletes elsewhere in the API answer 204 No Content; the runtime reads an empty success body
    // as `{}`, so an `OkResponse` (every field optional) comes back empty rather than as an error.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).remove_device(DEVICE_ID).await {
        Ok(answer) => assert_eq!(answer.ok, None),
        other => panic!("expected success for the empty 204, got {other:?}"),
    }
}

#[tokio::test]
async fn ping_device_sends_a_bodyless_put() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/ping")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"online": true, "ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server).ping_device(DEVICE_ID).await.expect("ping");
    assert!(answer.online);
    assert_eq!(answer.ok, Some(true));
}

/// One page of a product fleet: a product device whose nullable fields are `null`.
fn product_page(page: u64, total_pages: u64, device_id: &str) -> String {
    format!(
        r#"{{"devices":[{{"id":"{device_id}","name":null,"product_id":1234,"platform_id":13,"online":false,"last_heard":null,"last_handshake_at":"2024-05-01T10:00:00.000Z","last_ip_address":null,"notes":null,"groups":["beta","eu"],"firmware_version":3,"desired_firmware_version":null,"targeted_firmware_release_version":3,"development":false,"quarantined":false,"denied":false,"owner":"jane@example.com"}}],"customers":[{{"id":"5a1b2c3d","username":"jane@example.com"}}],"meta":{{"page":{page},"per_page":1,"total_pages":{total_pages},"total":{total_pages}}}}}"#
    )
}

#[tokio::test]
async fn list_product_devices_sends_every_filter_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/devices"))
        .and(bearer())
        .and(no_body())
        .and(exact_query(
            "deviceId=e00f&groups=beta%2Ceu&deviceName=garage%20door&serialNumber=AAA&sortAttr=deviceName&sortDir=asc&quarantined=false&page=2&per_page=10",
        ))
        .respond_with(json(200, &product_page(2, 3, "e00fce68aaaaaaaaaaaaaaaa")))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListProductDevicesParams {
        device_id: Some("e00f".into()),
        groups: Some("beta,eu".into()),
        device_name: Some("garage door".into()),
        serial_number: Some("AAA".into()),
        sort_attr: Some(ListProductDevicesSortAttr::DeviceName),
        sort_dir: Some(ListProductDevicesSortDir::Asc),
        quarantined: Some(false),
        page: Some(2),
        per_page: Some(10),
    };
    let page = client(&server)
        .list_product_devices("my-product", &params)
        .await
        .expect("list_product_devices");
    assert_eq!(page.meta.total_pages, 3);
    assert_eq!(page.meta.page, Some(2));
    let device = &page.devices[0];
    assert_eq!(device.id, "e00fce68aaaaaaaaaaaaaaaa");
    assert_eq!(device.name, Nullable::Null, "`name: null` reads as null");
    assert_eq!(
        device.last_heard,
        Nullable::Null,
        "`last_heard: null` reads as null"
    );
    assert_eq!(
        device.desired_firmware_version,
        Nullable::Null,
        "`desired_firmware_version: null`"
    );
    assert_eq!(
        device.last_handshake_at,
        Nullable::Value(date("2024-05-01T10:00:00Z"))
    );
    assert_eq!(
        device.groups,
        Some(vec!["beta".to_owned(), "eu".to_owned()])
    );
    assert_eq!(device.firmware_version, Some(3));
    assert_eq!(device.quarantined, Some(false));
    let customers = page.customers.as_deref().unwrap_or_default();
    assert_eq!(customers[0].username.as_deref(), Some("jane@example.com"));
}

#[tokio::test]
async fn list_product_devices_with_only_page_and_per_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1234/devices"))
        .and(bearer())
        .and(exact_query("page=1&per_page=25"))
        .respond_with(json(200, &product_page(1, 1, "e00fce68bbbbbbbbbbbbbbbb")))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListProductDevicesParams {
        page: Some(1),
        per_page: Some(25),
        ..Default::default()
    };
    let page = client(&server)
        .list_product_devices("1234", &params)
        .await
        .expect("page");
    assert_eq!(page.devices.len(), 1);
}

#[tokio::test]
async fn the_pages_stream_reads_all_three_pages_in_order() {
    let server = MockServer::start().await;
    for page in 1..=3u64 {
        Mock::given(method("GET"))
            .and(path("/v1/products/my-product/devices"))
            .and(bearer())
            .and(query_param("page", page.to_string()))
            .and(query_param("per_page", "1"))
            .and(query_param("sortDir", "desc"))
            .respond_with(json(
                200,
                &product_page(page, 3, &format!("e00fce6800000000000000{page:02}")),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let params = ListProductDevicesParams {
        per_page: Some(1),
        sort_dir: Some(ListProductDevicesSortDir::Desc),
        ..Default::default()
    };

    let pages: Vec<_> = within(
        client
            .list_product_devices_pages("my-product", &params)
            .collect(),
    )
    .await;
    let ids: Vec<String> = pages
        .into_iter()
        .map(|page| page.expect("page").devices.remove(0).id)
        .collect();
    assert_eq!(
        ids,
        [
            "e00fce680000000000000001",
            "e00fce680000000000000002",
            "e00fce680000000000000003"
        ]
    );
    let pages: Vec<Option<String>> = received(&server)
        .await
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(
        pages,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );
}

#[tokio::test]
async fn the_pages_stream_ends_with_an_error_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/devices"))
        .and(query_param("page", "1"))
        .respond_with(json(200, &product_page(1, 3, "e00fce680000000000000001")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/devices"))
        .and(query_param("page", "2"))
        .respond_with(json(
            401,
            r#"{"error":"invalid_token","error_description":"The access token provided is invalid"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let params = ListProductDevicesParams::default();
    let pages: Vec<_> = within(
        client
            .list_product_devices_pages("my-product", &params)
            .collect(),
    )
    .await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].is_ok());
    assert!(
        matches!(&pages[1], Err(Error::Api { status: 401, .. })),
        "{:?}",
        pages[1]
    );
    let shown = format!("{pages:?} {client:?}");
    assert!(
        !shown.contains(TOKEN),
        "the token must not be printed: {shown}"
    );
}

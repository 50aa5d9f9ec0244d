//! Product devices on the wire against a local HTTP server (wiremock on 127.0.0.1): get, update,
//! flash (multipart), remove (DELETE with a body, 204), unclaim from the owner, functions and
//! variables, import into a product (JSON or a file), device protection in the user, product and
//! organization scopes, the manufacturing backup download, and a ping through the product.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    DEVICE_ID, bearer, client, date, exact_query, json, multipart_parts, no_body, no_query,
    received,
};
use particle_client::models::{
    AddDeviceToProductRequest, AddDevicesToProductFile, FlashDeviceRequest, FunctionCallRequest,
    RemoveProductDeviceRequest, UnprotectDeviceRequest, UnprotectDeviceRequestAction,
    UpdateProductDeviceRequest,
};
use particle_client::{Error, FilePart, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A product slug with a character that must be percent-encoded in a path segment.
const PRODUCT: &str = "my product";
const PRODUCT_PATH: &str = "/v1/products/my%20product";

/// A product device as the product endpoint returns it (the docs' fields for product devices).
const PRODUCT_DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot","product_id":1234,"platform_id":13,"online":true,"groups":["beta","field"],"firmware_version":3,"desired_firmware_version":null,"development":false,"quarantined":false,"denied":false}"#;

fn device_path(rest: &str) -> String {
    format!("{PRODUCT_PATH}/devices/{DEVICE_ID}{rest}")
}

#[tokio::test]
async fn get_product_device_decodes_the_product_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path("")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, PRODUCT_DEVICE))
        .expect(1)
        .mount(&server)
        .await;

    let device = client(&server)
        .get_product_device(PRODUCT, DEVICE_ID)
        .await
        .expect("get_product_device");
    assert_eq!(device.id, DEVICE_ID);
    assert_eq!(device.product_id, Some(1234));
    assert_eq!(
        device.groups,
        Some(vec!["beta".to_owned(), "field".to_owned()])
    );
    assert_eq!(device.firmware_version, Some(3));
    assert_eq!(device.desired_firmware_version, Nullable::Null);
    assert_eq!(device.development, Some(false));
}

#[tokio::test]
async fn update_product_device_locks_and_unlocks_firmware_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(device_path("")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"desired_firmware_version": 3, "flash": true})))
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","desired_firmware_version":3,"updated_at":"2017-03-10T20:21:49.059Z"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    // Unlocking sends an explicit `null`, which an absent field would not.
    Mock::given(method("PUT"))
        .and(path(device_path("")))
        .and(bearer())
        .and(body_json(value!({"desired_firmware_version": null})))
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","desired_firmware_version":null,"updated_at":"2017-03-10T20:21:49.059Z"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let lock = UpdateProductDeviceRequest {
        desired_firmware_version: 3.into(),
        flash: Some(true),
        ..Default::default()
    };
    let locked = client
        .update_product_device(PRODUCT, DEVICE_ID, &lock)
        .await
        .expect("lock");
    assert_eq!(locked.id.as_deref(), Some(DEVICE_ID));
    assert_eq!(locked.desired_firmware_version, Nullable::Value(3));
    assert_eq!(locked.updated_at, Some(date("2017-03-10T20:21:49.059Z")));

    let unlock = UpdateProductDeviceRequest {
        desired_firmware_version: Nullable::Null,
        ..Default::default()
    };
    let unlocked = client
        .update_product_device(PRODUCT, DEVICE_ID, &unlock)
        .await
        .expect("unlock");
    assert_eq!(unlocked.desired_firmware_version, Nullable::Null);
}

#[tokio::test]
async fn update_product_device_marks_a_development_device_and_sets_groups() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(device_path("")))
        .and(bearer())
        .and(body_json(value!({"development": true, "groups": ["beta"]})))
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","development":true,"groups":["beta"],"updated_at":"2017-03-10T20:21:49.059Z"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let change = UpdateProductDeviceRequest {
        development: Some(true),
        groups: Some(vec!["beta".to_owned()]),
        ..Default::default()
    };
    let answer = client(&server)
        .update_product_device(PRODUCT, DEVICE_ID, &change)
        .await
        .expect("update_product_device");
    assert_eq!(answer.development, Some(true));
    assert_eq!(answer.groups, Some(vec!["beta".to_owned()]));
}

#[tokio::test]
async fn flash_product_device_sends_every_source_file_and_latest() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(device_path("")))
        .and(bearer())
        .respond_with(json(200, r#"{"ok":true,"message":"Update started"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let mut flash = FlashDeviceRequest::new(FilePart::new("app.ino", "void setup() {}"));
    flash.latest = Some(true);
    flash.additional_properties.insert(
        "file2".to_owned(),
        FilePart::new("lib/helper.cpp", "int helper() { return 1; }"),
    );
    let answer = client(&server)
        .flash_product_device(PRODUCT, DEVICE_ID, &flash)
        .await
        .expect("flash_product_device");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(answer.message.as_deref(), Some("Update started"));

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    let summary: Vec<(&str, Option<&str>, &[u8])> = parts
        .iter()
        .map(|p| (p.name.as_str(), p.file_name.as_deref(), p.bytes.as_slice()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("file", Some("app.ino"), &b"void setup() {}"[..]),
            ("latest", None, &b"true"[..]),
            (
                "file2",
                Some("lib/helper.cpp"),
                &b"int helper() { return 1; }"[..]
            ),
        ]
    );
}

#[tokio::test]
async fn flash_device_sends_a_compiled_binary() {
    const FIRMWARE: &[u8] = &[0x00, 0xff, 0x0d, 0x0a, 0x80];
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","status":"Update started"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let binary =
        FilePart::new("firmware.bin", FIRMWARE).with_content_type("application/octet-stream");
    let answer = client(&server)
        .flash_device(DEVICE_ID, &FlashDeviceRequest::new(binary))
        .await
        .expect("flash_device");
    assert_eq!(answer.status.as_deref(), Some("Update started"));

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("firmware.bin"));
    assert_eq!(
        parts[0].content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(parts[0].bytes, FIRMWARE);
}

#[tokio::test]
async fn remove_product_device_sends_deny_in_the_delete_body_and_reads_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(device_path("")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"deny": true})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(device_path("")))
        .and(bearer())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let deny = RemoveProductDeviceRequest { deny: Some(true) };
    client
        .remove_product_device(PRODUCT, DEVICE_ID, Some(&deny))
        .await
        .expect("deny");
    client
        .remove_product_device(PRODUCT, DEVICE_ID, None)
        .await
        .expect("remove");
}

#[tokio::test]
async fn remove_device_owner_deletes_the_owner() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(device_path("/owner")))
        .and(bearer())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .remove_device_owner(PRODUCT, DEVICE_ID)
        .await
        .expect("remove_device_owner");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn call_product_function_posts_the_argument() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(device_path("/brew")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"arg": "coffee"})))
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","name":"gongbot","connected":true,"return_value":1}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let call = FunctionCallRequest {
        arg: Some("coffee".to_owned()),
    };
    let answer = client(&server)
        .call_product_function(PRODUCT, DEVICE_ID, "brew", &call)
        .await
        .expect("call_product_function");
    assert_eq!(answer.return_value, 1);
    assert_eq!(answer.connected, Some(true));
}

#[tokio::test]
async fn get_product_variable_reads_json_and_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path("/temperature")))
        .and(bearer())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"name":"temperature","result":46,"coreInfo":{"name":"weatherman","deviceID":"0123456789abcdef01234567","connected":true,"last_handshake_at":"2015-07-17T22:28:40.907Z"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(device_path("/temperature")))
        .and(bearer())
        .and(exact_query("format=raw"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("46", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let variable = client
        .get_product_variable(PRODUCT, DEVICE_ID, "temperature")
        .await
        .expect("get_product_variable");
    assert_eq!(variable.name, "temperature");
    assert_eq!(variable.result, value!(46));
    let raw = client
        .get_product_variable_raw(PRODUCT, DEVICE_ID, "temperature")
        .await
        .expect("get_product_variable_raw");
    assert_eq!(raw, "46");
}

#[tokio::test]
async fn add_device_to_product_by_id_or_from_a_file() {
    let server = MockServer::start().await;
    let answer = r#"{"updated":1,"updatedDeviceIds":["0123456789abcdef01234567"],"existingDeviceIds":[],"nonmemberDeviceIds":[],"invalidDeviceIds":[],"protectedDeviceIds":[]}"#;
    Mock::given(method("POST"))
        .and(path(format!("{PRODUCT_PATH}/devices")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"id": DEVICE_ID})))
        .respond_with(json(200, answer))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PRODUCT_PATH}/devices")))
        .and(bearer())
        .and(|request: &wiremock::Request| {
            request.headers.get("content-type").is_some_and(|value| {
                value
                    .to_str()
                    .is_ok_and(|text| text.starts_with("multipart/form-data"))
            })
        })
        .respond_with(json(200, answer))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let one = AddDeviceToProductRequest {
        id: Some(DEVICE_ID.to_owned()),
        ..Default::default()
    };
    let added = client
        .add_device_to_product(PRODUCT, &one)
        .await
        .expect("add_device_to_product");
    assert_eq!(added.updated, Some(1));
    assert_eq!(added.updated_device_ids, Some(vec![DEVICE_ID.to_owned()]));

    let list =
        FilePart::new("devices.txt", format!("{DEVICE_ID}\n")).with_content_type("text/plain");
    let from_file = client
        .add_devices_to_product_from_file(PRODUCT, &AddDevicesToProductFile::new(list))
        .await
        .expect("add_devices_to_product_from_file");
    assert_eq!(from_file.invalid_device_ids, Some(Vec::new()));

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[1]);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("devices.txt"));
    assert_eq!(parts[0].bytes, format!("{DEVICE_ID}\n").into_bytes());
}

#[tokio::test]
async fn unprotect_device_prepares_and_confirms_in_every_scope() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/unprotect")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"action": "prepare"})))
        .respond_with(json(200, r#"{"ok":true,"server_nonce":"c2VydmVy"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let confirm = value!({
        "action": "confirm",
        "server_nonce": "c2VydmVy",
        "device_nonce": "ZGV2aWNl",
        "device_signature": "c2lnbmF0dXJl",
        "device_public_key_fingerprint": "ZmluZ2VycHJpbnQ="
    });
    Mock::given(method("PUT"))
        .and(path(device_path("/unprotect")))
        .and(bearer())
        .and(body_json(confirm.clone()))
        .respond_with(json(
            200,
            r#"{"ok":true,"server_signature":"c2ln","server_public_key_fingerprint":"ZnA="}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!(
            "/v1/orgs/my-org/devices/{DEVICE_ID}/unprotect"
        )))
        .and(bearer())
        .and(body_json(confirm))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let prepared = client
        .unprotect_device(
            DEVICE_ID,
            &UnprotectDeviceRequest::new(UnprotectDeviceRequestAction::Prepare),
        )
        .await
        .expect("prepare");
    assert_eq!(prepared.server_nonce.as_deref(), Some("c2VydmVy"));

    let mut step = UnprotectDeviceRequest::new(UnprotectDeviceRequestAction::Confirm);
    step.server_nonce = Some("c2VydmVy".to_owned());
    step.device_nonce = Some("ZGV2aWNl".to_owned());
    step.device_signature = Some("c2lnbmF0dXJl".to_owned());
    step.device_public_key_fingerprint = Some("ZmluZ2VycHJpbnQ=".to_owned());
    let confirmed = client
        .unprotect_product_device(PRODUCT, DEVICE_ID, &step)
        .await
        .expect("confirm (product)");
    assert_eq!(confirmed.server_signature.as_deref(), Some("c2ln"));
    let org = client
        .unprotect_org_device("my-org", DEVICE_ID, &step)
        .await
        .expect("confirm (org)");
    assert_eq!(org.ok, Some(true));
}

#[tokio::test]
async fn download_manufacturing_backup_is_a_put_answered_with_bytes() {
    const BACKUP: &[u8] = b"PK\x03\x04backup";
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/backup_files")))
        .and(bearer())
        .and(no_body())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(BACKUP.to_vec(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let download = client(&server)
        .download_manufacturing_backup(DEVICE_ID)
        .await
        .expect("download_manufacturing_backup");
    let bytes = download.bytes(1 << 20).await.expect("body");
    assert_eq!(bytes.as_deref(), Some(BACKUP));
}

#[tokio::test]
async fn an_unknown_product_device_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(device_path("")))
        .respond_with(json(404, r#"{"ok":false,"error":"Device not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_product_device(PRODUCT, DEVICE_ID).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("Device not found"));
        }
        other => panic!("expected a 404 Api error, got {other:?}"),
    }
}

#[tokio::test]
async fn ping_product_device_is_an_empty_put_and_reads_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(device_path("/ping")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"online":false,"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .ping_product_device(PRODUCT, DEVICE_ID)
        .await
        .expect("ping_product_device");
    assert!(!answer.online);
    assert_eq!(answer.ok, Some(true));
}

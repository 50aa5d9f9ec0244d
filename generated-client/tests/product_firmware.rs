//! Product firmware on the wire against a local HTTP server (wiremock on 127.0.0.1): upload
//! (multipart, 201), read, edit, delete, download as bytes, release, and an error shape.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, date, json, multipart_parts, no_body, no_query, received};
use particle_client::models::{
    ReleaseProductFirmwareRequest, UpdateProductFirmwareRequest, UploadProductFirmwareRequest,
};
use particle_client::{Error, FilePart};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' product firmware example (AD ProductFirmware.1).
const FIRMWARE: &str = r#"{"_id":"58c09ac7d5a41d1e7ebd8a0b","version":3,"title":"Fix the LED colour","description":"Blue, not green","name":"firmware.bin","size":7412,"product_default":false,"groups":["beta"],"mandatory":false,"uploaded_on":"2017-03-09T00:00:00.000Z","product_id":1234,"uploaded_by":{"username":"jane@example.com"}}"#;

const BINARY: &[u8] = &[0x00, 0x20, 0x00, 0x20, 0xff, 0x0d, 0x0a];

#[tokio::test]
async fn upload_product_firmware_sends_the_file_and_its_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1234/firmware"))
        .and(bearer())
        .respond_with(json(201, FIRMWARE))
        .expect(1)
        .mount(&server)
        .await;

    let mut upload = UploadProductFirmwareRequest::new(
        FilePart::new("firmware.bin", BINARY),
        3,
        "Fix the LED colour",
    );
    upload.description = Some("Blue, not green".to_owned());
    let firmware = client(&server)
        .upload_product_firmware("1234", &upload)
        .await
        .expect("upload_product_firmware");
    assert_eq!(firmware.version, 3);
    assert_eq!(firmware.name.as_deref(), Some("firmware.bin"));
    assert_eq!(firmware.uploaded_on, Some(date("2017-03-09T00:00:00.000Z")));

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    let names: Vec<(&str, Option<&str>)> = parts
        .iter()
        .map(|p| (p.name.as_str(), p.file_name.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("file", Some("firmware.bin")),
            ("version", None),
            ("title", None),
            ("description", None),
        ]
    );
    assert_eq!(parts[0].bytes, BINARY);
    assert_eq!(parts[1].bytes, b"3");
    assert_eq!(parts[2].bytes, b"Fix the LED colour");
    assert_eq!(parts[3].bytes, b"Blue, not green");
}

#[tokio::test]
async fn get_product_firmware_reads_one_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/firmware/3"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, FIRMWARE))
        .expect(1)
        .mount(&server)
        .await;

    let firmware = client(&server)
        .get_product_firmware("my-product", &3)
        .await
        .expect("get_product_firmware");
    assert_eq!(firmware.id.as_deref(), Some("58c09ac7d5a41d1e7ebd8a0b"));
    assert_eq!(firmware.title.as_deref(), Some("Fix the LED colour"));
    assert_eq!(firmware.size, Some(7412));
    assert_eq!(firmware.groups, Some(vec!["beta".to_owned()]));
    assert_eq!(
        firmware
            .uploaded_by
            .as_ref()
            .and_then(|by| by.username.as_deref()),
        Some("jane@example.com")
    );
}

#[tokio::test]
async fn update_product_firmware_sends_title_and_description_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product/firmware/3"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(
            value!({"title": "LED fix", "description": "Blue"}),
        ))
        .respond_with(json(200, FIRMWARE))
        .expect(1)
        .mount(&server)
        .await;

    let change = UpdateProductFirmwareRequest {
        title: Some("LED fix".to_owned()),
        description: Some("Blue".to_owned()),
        ..Default::default()
    };
    let firmware = client(&server)
        .update_product_firmware("my-product", &3, &change)
        .await
        .expect("update_product_firmware");
    assert_eq!(firmware.version, 3);
}

#[tokio::test]
async fn download_product_firmware_reads_the_binary() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/firmware/3/binary"))
        .and(bearer())
        .and(no_body())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(BINARY.to_vec(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let download = client(&server)
        .download_product_firmware("my-product", &3)
        .await
        .expect("download_product_firmware");
    assert_eq!(
        download.bytes(1 << 20).await.expect("body").as_deref(),
        Some(BINARY)
    );
}

#[tokio::test]
async fn release_product_firmware_sends_version_default_and_groups() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product/firmware/release"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "version": 3,
            "product_default": true,
            "groups": ["beta"],
            "intelligent": true
        })))
        .respond_with(json(
            200,
            r#"{"updated_at":"2017-03-10T20:21:49.059Z","version":3,"title":"Fix the LED colour","size":7412,"product_default":true,"uploaded_on":"2017-03-09T00:00:00.000Z","product_id":1234,"uploaded_by":{"username":"jane@example.com"},"groups":["beta"],"intelligent":true}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut release = ReleaseProductFirmwareRequest::new(3);
    release.product_default = Some(true);
    release.groups = Some(vec!["beta".to_owned()]);
    release.intelligent = Some(true);
    let released = client(&server)
        .release_product_firmware("my-product", &release)
        .await
        .expect("release_product_firmware");
    assert_eq!(released.version, Some(3));
    assert_eq!(released.product_default, Some(true));
    assert_eq!(released.intelligent, Some(true));
    assert_eq!(released.updated_at, Some(date("2017-03-10T20:21:49.059Z")));
}

#[tokio::test]
async fn an_unknown_firmware_version_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/firmware/99"))
        .respond_with(json(404, r#"{"ok":false,"error":"Firmware not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server)
        .get_product_firmware("my-product", &99)
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.error.as_deref(), Some("Firmware not found"));
        }
        other => panic!("expected a 404 Api error, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_product_firmware_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/my%20product/firmware/7"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .delete_product_firmware("my product", &7)
        .await
        .expect("delete_product_firmware");
}

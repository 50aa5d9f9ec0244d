//! Cloud compile, binary download and Device OS versions on the wire against a local HTTP server
//! (wiremock on 127.0.0.1): several source files in one multipart body, a failed compile's error
//! shape, the binary as bytes, and the version lists' query.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    bearer, client, date, exact_query, json, multipart_parts, no_body, no_query, received,
};
use particle_client::models::CompileRequest;
use particle_client::operations::{GetDeviceOsVersionParams, ListDeviceOsVersionsParams};
use particle_client::{Error, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' successful compile answer (AD Firmware.2), with a sample binary ID.
const COMPILED: &str = r#"{"ok":true,"binary_id":"5e2b1c4a7f3d2e0012345678","binary_url":"/v1/binaries/5e2b1c4a7f3d2e0012345678","build_target_version":"5.8.0","expires_at":"2024-05-02T10:00:00.000Z","sizeInfo":"   text\t   data\t    bss\t    dec\t    hex\tfilename\n  4724\t    112\t   1488\t   6324\t   18b4\t/workspace/target/workspace.elf\n"}"#;

fn sources() -> CompileRequest {
    let mut request = CompileRequest::new(FilePart::new(
        "app.ino",
        "void setup() {}\nvoid loop() {}\n",
    ));
    request.platform_id = Some(12);
    request.build_target_version = Some("5.8.0".to_owned());
    request.additional_properties.insert(
        "file2".to_owned(),
        FilePart::new("lib/helper.h", "int helper();\n"),
    );
    request.additional_properties.insert(
        "file3".to_owned(),
        FilePart::new("lib/helper.cpp", "int helper() { return 1; }\n"),
    );
    request
}

#[tokio::test]
async fn compile_code_sends_every_file_and_the_target() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/binaries"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(200, COMPILED))
        .expect(1)
        .mount(&server)
        .await;

    let compiled = client(&server)
        .compile_code(&sources())
        .await
        .expect("compile_code");
    assert_eq!(compiled.ok, Some(true));
    assert_eq!(compiled.binary_id, "5e2b1c4a7f3d2e0012345678");
    assert_eq!(
        compiled.binary_url.as_deref(),
        Some("/v1/binaries/5e2b1c4a7f3d2e0012345678")
    );
    assert_eq!(compiled.build_target_version.as_deref(), Some("5.8.0"));
    assert_eq!(compiled.expires_at, Some(date("2024-05-02T10:00:00.000Z")));
    assert!(
        compiled
            .size_info
            .as_deref()
            .is_some_and(|s| s.contains("text"))
    );

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    let summary: Vec<(&str, Option<&str>, String)> = parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.file_name.as_deref(),
                String::from_utf8_lossy(&p.bytes).into_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "file",
                Some("app.ino"),
                "void setup() {}\nvoid loop() {}\n".to_owned()
            ),
            ("platform_id", None, "12".to_owned()),
            ("build_target_version", None, "5.8.0".to_owned()),
            ("file2", Some("lib/helper.h"), "int helper();\n".to_owned()),
            (
                "file3",
                Some("lib/helper.cpp"),
                "int helper() { return 1; }\n".to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn a_failed_compile_carries_the_compiler_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/binaries"))
        .respond_with(json(
            400,
            r#"{"ok":false,"output":"Compiler timed out or encountered an error","errors":["app.ino:1:1: error: 'x' does not name a type"]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).compile_code(&sources()).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body.ok, Some(false));
            assert_eq!(
                body.output.as_deref(),
                Some("Compiler timed out or encountered an error")
            );
            assert_eq!(
                body.errors,
                Some(vec![
                    "app.ino:1:1: error: 'x' does not name a type".to_owned()
                ])
            );
        }
        other => panic!("expected a 400 Api error, got {other:?}"),
    }
}

#[tokio::test]
async fn download_firmware_binary_reads_the_bytes() {
    const BINARY: &[u8] = &[0x00, 0x01, 0xff, 0x0d, 0x0a, 0x80];
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/binaries/5e2b1c4a7f3d2e0012345678"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(BINARY.to_vec(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let download = client(&server)
        .download_firmware_binary("5e2b1c4a7f3d2e0012345678")
        .await
        .expect("download_firmware_binary");
    assert_eq!(download.content_length(), Some(BINARY.len() as u64));
    let bytes = download.bytes(1 << 20).await.expect("body");
    assert_eq!(bytes.as_deref(), Some(BINARY));
}

#[tokio::test]
async fn list_device_os_versions_sends_the_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/device-os/versions"))
        .and(bearer())
        .and(exact_query("platform_id=12&page=2&per_page=10"))
        .respond_with(json(
            200,
            r#"[{"version":"5.8.0","platform_id":12,"release_date":"2024-04-10T00:00:00.000Z","module_version":5800},{"version":"5.7.0","platform_id":12}]"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListDeviceOsVersionsParams {
        platform_id: Some(12),
        page: Some(2),
        per_page: Some(10),
        ..Default::default()
    };
    let versions = client(&server)
        .list_device_os_versions(&params)
        .await
        .expect("list_device_os_versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].version, "5.8.0");
    assert_eq!(versions[0].module_version, Some(5800));
    assert_eq!(versions[1].release_date, None);
}

#[tokio::test]
async fn get_device_os_version_names_the_version_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/device-os/versions/5.8.0"))
        .and(bearer())
        .and(exact_query("platform_id=13"))
        .respond_with(json(200, r#"{"version":"5.8.0","platform_id":13}"#))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetDeviceOsVersionParams {
        platform_id: Some(13),
    };
    let version = client(&server)
        .get_device_os_version("5.8.0", &params)
        .await
        .expect("get_device_os_version");
    assert_eq!(version.version, "5.8.0");
    assert_eq!(version.platform_id, Some(13));
}

//! Firmware libraries on the wire against a local HTTP server (wiremock on 127.0.0.1): list with
//! filters (comma-joined lists), one library and its versions, contribute or upload an archive
//! (multipart), publish (PATCH), delete (DELETE with a body), and error shapes.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, exact_query, json, multipart_parts, no_body, no_query, received};
use particle_client::models::{
    ContributeLibraryRequest, DeleteLibraryRequest, ListLibrariesScope, PublishLibraryRequest,
    PublishLibraryRequestVisibility, UploadLibraryRequest,
};
use particle_client::operations::{
    GetLibraryParams, GetLibraryVersionsParams, ListLibrariesParams,
};
use particle_client::{Error, FilePart, Secret};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One library as a JSON:API resource, with the attributes particle-api-js reads.
const NEOPIXEL: &str = r#"{"id":"neopixel","type":"libraries","attributes":{"name":"neopixel","version":"1.0.3","author":"Adafruit","sentence":"Drive NeoPixel LEDs","url":"https://github.com/technobly/Particle-NeoPixel","repository":"https://github.com/technobly/Particle-NeoPixel.git","architectures":["particle-photon","particle-argon"],"visibility":"public","mine":false},"links":{"download":"https://library-archives.particle.io/libraries/neopixel/neopixel-1.0.3.tar.gz"}}"#;

/// The same library at an older version, without the optional attributes.
const NEOPIXEL_OLD: &str =
    r#"{"id":"neopixel","type":"libraries","attributes":{"name":"neopixel","version":"1.0.2"}}"#;

#[tokio::test]
async fn list_libraries_sends_the_filters_and_reads_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/libraries"))
        .and(bearer())
        .and(exact_query(
            "page=2&limit=10&filter=neo&architectures=particle-photon,particle-argon&scope=mine&excludeScopes=private,verified",
        ))
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"data":[{NEOPIXEL}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListLibrariesParams {
        page: Some(2),
        limit: Some(10),
        filter: Some("neo".to_owned()),
        architectures: Some(vec![
            "particle-photon".to_owned(),
            "particle-argon".to_owned(),
        ]),
        scope: Some(ListLibrariesScope::Mine),
        exclude_scopes: Some(vec!["private".to_owned(), "verified".to_owned()]),
        ..Default::default()
    };
    let list = client(&server)
        .list_libraries(&params)
        .await
        .expect("list_libraries");
    assert_eq!(list.data.len(), 1);
    let library = &list.data[0];
    assert_eq!(library.id, "neopixel");
    assert_eq!(library.r#type, "libraries");
    assert_eq!(library.attributes.version, "1.0.3");
    assert_eq!(library.attributes.author.as_deref(), Some("Adafruit"));
    assert_eq!(library.attributes.mine, Some(false));
    assert_eq!(
        library.links.as_ref().and_then(|l| l.download.as_deref()),
        Some("https://library-archives.particle.io/libraries/neopixel/neopixel-1.0.3.tar.gz")
    );
}

#[tokio::test]
async fn get_library_and_its_versions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/libraries/neopixel"))
        .and(bearer())
        .and(exact_query("version=1.0.2"))
        .respond_with(json(200, &format!(r#"{{"data":{NEOPIXEL_OLD}}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/libraries/neopixel/versions"))
        .and(bearer())
        .and(exact_query("page=1&limit=2"))
        .respond_with(json(
            200,
            &format!(r#"{{"data":[{NEOPIXEL},{NEOPIXEL_OLD}]}}"#),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let params = GetLibraryParams {
        version: Some("1.0.2".to_owned()),
    };
    let library = client
        .get_library("neopixel", &params)
        .await
        .expect("get_library");
    assert_eq!(library.data.attributes.version, "1.0.2");
    assert_eq!(library.data.attributes.author, None);

    let params = GetLibraryVersionsParams {
        page: Some(1),
        limit: Some(2),
    };
    let versions = client
        .get_library_versions("neopixel", &params)
        .await
        .expect("get_library_versions");
    let numbers: Vec<&str> = versions
        .data
        .iter()
        .map(|v| v.attributes.version.as_str())
        .collect();
    assert_eq!(numbers, ["1.0.3", "1.0.2"]);
}

#[tokio::test]
async fn contribute_library_uploads_the_archive() {
    const ARCHIVE: &[u8] = &[0x1f, 0x8b, 0x08, 0x00, 0xff];
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/libraries"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(200, &format!(r#"{{"data":{NEOPIXEL}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let archive = FilePart::new("archive.tar.gz", ARCHIVE).with_content_type("application/gzip");
    let contributed = client(&server)
        .contribute_library(&ContributeLibraryRequest::new(archive))
        .await
        .expect("contribute_library");
    assert_eq!(contributed.data.id, "neopixel");

    let requests = received(&server).await;
    let parts = multipart_parts(&requests[0]);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("archive.tar.gz"));
    assert_eq!(parts[0].content_type.as_deref(), Some("application/gzip"));
    assert_eq!(parts[0].bytes, ARCHIVE);
}

#[tokio::test]
async fn publish_library_patches_its_visibility() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/libraries/neopixel"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"visibility": "public"})))
        .respond_with(json(200, &format!(r#"{{"data":{NEOPIXEL}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let publish = PublishLibraryRequest::new(PublishLibraryRequestVisibility::Public);
    let published = client(&server)
        .publish_library("neopixel", &publish)
        .await
        .expect("publish_library");
    assert_eq!(
        published.data.attributes.visibility.as_deref(),
        Some("public")
    );
}

#[tokio::test]
async fn delete_library_sends_force_in_the_delete_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/libraries/my-lib"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"force": "xyz"})))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/libraries/other-lib"))
        .and(bearer())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let force = DeleteLibraryRequest {
        force: Some(Secret::new("xyz")),
    };
    let deleted = client
        .delete_library("my-lib", Some(&force))
        .await
        .expect("delete_library");
    assert_eq!(deleted.ok, Some(true));
    let no_content = client
        .delete_library("other-lib", None)
        .await
        .expect("delete_library (204)");
    assert_eq!(no_content.ok, None);
}

#[tokio::test]
async fn an_unknown_library_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/libraries/nothing-here"))
        .respond_with(json(404, r#"{"ok":false,"error":"Library not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server)
        .get_library("nothing-here", &GetLibraryParams::default())
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("Library not found"));
        }
        other => panic!("expected a 404 Api error, got {other:?}"),
    }
}

/// The docs' answer to an upload (Libraries_4).
const TESTLIB: &str = r#"{"data":{"type":"libraries","id":"testlib43","links":{"download":"https://library-archives.particle.io/libraries/testlib43/testlib43-1.0.2.tar.gz"},"attributes":{"name":"testlib43","version":"1.0.2","license":"MIT","author":"JV","sentence":"one sentence description of this library","url":"the URL of the project, like https://github.com/mygithub_user/my_repo","repository":"mygithub_user/my_repo","architectures":[],"visibility":"private"}}}"#;

#[tokio::test]
async fn upload_library_posts_the_archive_under_the_name() {
    const ARCHIVE: &[u8] = &[0x1f, 0x8b, 0x08, 0x00, 0x01];
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/libraries/testlib43"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(201, TESTLIB))
        .expect(1)
        .mount(&server)
        .await;

    let archive = FilePart::new("library.tar.gz", ARCHIVE).with_content_type("application/gzip");
    let uploaded = client(&server)
        .upload_library("testlib43", &UploadLibraryRequest::new(archive))
        .await
        .expect("upload_library");
    assert_eq!(uploaded.data.id, "testlib43");
    assert_eq!(uploaded.data.attributes.version, "1.0.2");
    assert_eq!(
        uploaded.data.attributes.visibility.as_deref(),
        Some("private")
    );
    assert_eq!(
        uploaded.data.links.expect("links").download.as_deref(),
        Some("https://library-archives.particle.io/libraries/testlib43/testlib43-1.0.2.tar.gz")
    );

    let requests = received(&server).await;
    let content_type = requests[0]
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = multipart_parts(&requests[0]);
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].name, "archive");
    assert_eq!(parts[0].file_name.as_deref(), Some("library.tar.gz"));
    assert_eq!(parts[0].content_type.as_deref(), Some("application/gzip"));
    assert_eq!(parts[0].bytes, ARCHIVE);
}

#[tokio::test]
async fn upload_library_keeps_the_documented_validation_error_as_text() {
    let server = MockServer::start().await;
    let errors = r#"{"errors":[{"message":"This version is not valid. Version must be greater than or equal to 1.0.2"}]}"#;
    Mock::given(method("POST"))
        .and(path("/v1/libraries/testlib43"))
        .respond_with(json(400, errors))
        .expect(1)
        .mount(&server)
        .await;

    let archive = FilePart::new("library.tar.gz", vec![0x1f_u8, 0x8b]);
    let answer = client(&server)
        .upload_library("testlib43", &UploadLibraryRequest::new(archive))
        .await;
    match answer {
        Err(Error::UnexpectedStatus { status, text, .. }) => {
            assert_eq!(status, 400);
            assert!(text.contains("Version must be greater than"), "{text}");
        }
        other => panic!("expected a 400 kept as text, got {other:?}"),
    }
}

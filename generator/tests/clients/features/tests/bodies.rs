//! Text and binary request bodies go out as they are, with the spec's media type (or a file's
//! own content type).

// The shared helpers fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::FilePart;
use wiremock::matchers::{body_bytes, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_text_body_is_sent_as_plain_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("Remember the milk."))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    if let Err(error) = client.post_note("Remember the milk.").await {
        panic!("post_note: {error}");
    }
}

#[tokio::test]
async fn a_binary_body_is_sent_as_its_bytes() {
    let server = MockServer::start().await;
    let bytes = vec![0u8, 159, 146, 150, 255];
    Mock::given(method("PUT"))
        .and(path("/v2/blobs/firmware.bin"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/blobs/photo.png"))
        .and(header("content-type", "image/png"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let file = FilePart::new("firmware.bin", bytes.clone());
    if let Err(error) = client.put_blob("firmware.bin", &file).await {
        panic!("put_blob: {error}");
    }
    // A file's own content type wins over the spec's.
    let photo = FilePart::new("photo.png", bytes).with_content_type("image/png");
    if let Err(error) = client.put_blob("photo.png", &photo).await {
        panic!("put_blob: {error}");
    }
}

#[tokio::test]
async fn json_under_other_media_type_names_is_json_both_ways() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/documents"))
        // The body goes with the media type the spec names, and is JSON.
        .and(header("content-type", "application/vnd.api+json"))
        .and(body_string(r#"{"title":"Minutes"}"#))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"title":"Minutes, approved"}"#,
            "text/json; charset=utf-8",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let document = features_client::models::Document::new("Minutes");
    match client.put_document(&document).await {
        // A `text/json` answer is decoded as JSON into the model.
        Ok(stored) => assert_eq!(stored.title, "Minutes, approved"),
        Err(error) => panic!("put_document: {error}"),
    }
}

//! Binary answers (`Download`) on the wire: not limited by the client's `max_body_size`, read as a
//! stream or whole within a limit the caller chooses; an error status is still a typed error.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use client_runtime::{Call, Client, Download, Error, Operation, Request, error_json};
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The operation the hand-made download request is.
const DOWNLOAD: Operation = Operation::new(
    "download_binary",
    "GET",
    "/v1/binaries/{binaryId}",
    &["error"],
);

/// 100 KiB of a repeating pattern, so a lost or reordered chunk shows.
fn firmware() -> Vec<u8> {
    (0..100 * 1024)
        .map(|index: u32| (index % 251) as u8)
        .collect()
}

/// A client whose body limit (1 KiB) is far below the download's size.
fn client(server: &MockServer) -> Client {
    common::build(common::local(server.uri()).max_body_size(1024))
}

async fn download(client: &Client) -> Result<Download, Error<serde_json::Value>> {
    let request = Request::new(reqwest::Method::GET, "/v1/binaries/5f1c");
    Call::download(client, &DOWNLOAD, Ok(request), error_json).await
}

async fn serving(status: u16, body: Vec<u8>, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/binaries/5f1c"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_download_streams_past_the_body_limit() {
    let server = serving(200, firmware(), "application/octet-stream").await;
    let download = match download(&client(&server)).await {
        Ok(download) => download,
        Err(error) => panic!("download: {error}"),
    };
    assert_eq!(download.content_length(), Some(100 * 1024));
    let mut received = Vec::new();
    let mut chunks = std::pin::pin!(download.into_stream());
    while let Some(chunk) = chunks.next().await {
        match chunk {
            Ok(chunk) => received.extend_from_slice(&chunk),
            Err(error) => panic!("chunk: {error}"),
        }
    }
    assert!(received == firmware(), "the streamed bytes differ");
}

#[tokio::test]
async fn a_download_read_chunk_by_chunk_is_whole() {
    let server = serving(200, firmware(), "application/octet-stream").await;
    let mut download = match download(&client(&server)).await {
        Ok(download) => download,
        Err(error) => panic!("download: {error}"),
    };
    let mut received = Vec::new();
    loop {
        match download.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => panic!("chunk: {error}"),
        }
    }
    assert!(received == firmware(), "the chunks differ");
}

#[tokio::test]
async fn a_download_read_whole_takes_the_callers_limit() {
    let server = serving(200, firmware(), "application/octet-stream").await;
    let client = client(&server);
    let whole = match download(&client).await {
        Ok(download) => download.bytes(1 << 20).await,
        Err(error) => panic!("download: {error}"),
    };
    assert!(
        matches!(&whole, Ok(Some(bytes)) if *bytes == firmware()),
        "not the whole firmware"
    );
    let refused = match download(&client).await {
        Ok(download) => download.bytes(4096).await,
        Err(error) => panic!("download: {error}"),
    };
    assert!(
        matches!(refused, Ok(None)),
        "a 100 KiB body fit a 4 KiB limit: {refused:?}"
    );
}

#[tokio::test]
async fn a_download_refused_by_the_server_is_an_error() {
    let body = br#"{"error":"Binary not found"}"#.to_vec();
    let server = serving(404, body, "application/json").await;
    match download(&client(&server)).await {
        Err(error @ Error::Api { status: 404, .. }) => assert_eq!(
            error.to_string(),
            "download_binary (GET /v1/binaries/{binaryId}): 404 Not Found: Binary not found"
        ),
        other => panic!("expected a 404, got {other:?}"),
    }
}

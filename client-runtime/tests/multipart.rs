//! `multipart/form-data` bodies with text and file parts on the wire, against a real local HTTP
//! server (wiremock on 127.0.0.1), and `FilePart` as a model field.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::collections::BTreeMap;

use client_runtime::{Body, Error, FilePart, PartValue, Parts, Request, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Not valid UTF-8, and holding CR LF, so the bytes must travel untouched.
const FIRMWARE: &[u8] = &[0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x80, 0x7f];

/// The body `parts` make; the test fails when they cannot.
fn body(parts: Parts) -> Body {
    match parts.into_body() {
        Ok(body) => body,
        Err(error) => panic!("body: {error}"),
    }
}

fn flash_parts() -> Body {
    let file =
        FilePart::new("firmware.bin", FIRMWARE).with_content_type("application/octet-stream");
    body(
        Parts::new()
            .text("build_target_version", "4.2.0")
            .text("files", &["a.cpp", "b.cpp"])
            .text("missing", &None::<String>)
            .text("force", &true)
            .file("file", &file),
    )
}

/// A request with `body` to `PUT /v1/devices/abc`.
fn put(body: Body) -> Request {
    Request {
        body,
        ..Request::new(reqwest::Method::PUT, "/v1/devices/abc")
    }
}

/// Send `body` with `PUT /v1/devices/abc` and return what the server received.
async fn received(body: Body, retries: u32) -> Vec<wiremock::Request> {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/devices/abc"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .initial_backoff(std::time::Duration::from_millis(1))
        .max_retries(retries);
    let client = common::build(common::local(server.uri()).retry_policy(policy));
    // Whatever the server answered (a 503 after the last retry, say), the request went out.
    if let Err(error) = common::send(&client, put(body)).await
        && error.status().is_none()
    {
        panic!("send failed: {error}");
    }
    server.received_requests().await.unwrap_or_default()
}

/// The boundary from a `multipart/form-data; boundary=…` content type.
fn boundary(request: &wiremock::Request) -> String {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok());
    match content_type.and_then(|value| value.strip_prefix("multipart/form-data; boundary=")) {
        Some(boundary) => boundary.to_owned(),
        None => panic!("not a multipart content type: {content_type:?}"),
    }
}

/// The expected body, part by part, in order.
fn expected_body(boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, text) in [
        ("build_target_version", "4.2.0"),
        ("files", "a.cpp"),
        ("files", "b.cpp"),
        ("force", "true"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{text}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"firmware.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(FIRMWARE);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn text_and_file_parts_go_on_the_wire_and_again_on_a_retry() {
    let requests = received(flash_parts(), 1).await;
    assert_eq!(requests.len(), 2, "a PUT answered 503 is retried once");
    for request in &requests {
        let boundary = boundary(request);
        assert_eq!(
            request.body,
            expected_body(&boundary),
            "{}",
            String::from_utf8_lossy(&request.body)
        );
    }
}

#[tokio::test]
async fn a_file_without_a_content_type_is_sent_as_octet_stream() {
    let file = FilePart::new("src/app.ino", b"void setup() {}".to_vec());
    let requests = received(body(Parts::new().file("file1", &file)), 0).await;
    let [request] = requests.as_slice() else {
        panic!("expected one request")
    };
    let body = String::from_utf8_lossy(&request.body);
    // Files named by their relative path: the slash must arrive as it is.
    assert!(
        body.contains(
            "Content-Disposition: form-data; name=\"file1\"; filename=\"src/app.ino\"\r\n"
        ),
        "{body}"
    );
    assert!(
        body.contains("Content-Type: application/octet-stream\r\n\r\nvoid setup() {}"),
        "{body}"
    );
}

#[tokio::test]
async fn control_characters_in_a_file_name_cannot_add_part_headers() {
    let file = FilePart::new("a\r\nX-Injected: 1\r\n", vec![1]);
    let requests = received(body(Parts::new().file("file", &file)), 0).await;
    let [request] = requests.as_slice() else {
        panic!("expected one request")
    };
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("filename=\"a__X-Injected: 1__\""), "{body}");
    assert!(!body.contains("\nX-Injected"), "{body}");
}

#[tokio::test]
async fn an_invalid_content_type_is_an_encode_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let file = FilePart::new("a", vec![1]).with_content_type("not a type");
    let client = common::build(common::local(server.uri()));
    let result = common::send(&client, put(body(Parts::new().file("file", &file)))).await;
    assert!(matches!(result, Err(Error::Encode { .. })), "{result:?}");
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing is sent: {sent:?}");
}

#[test]
fn fields_of_files_give_one_part_per_file() {
    let (a, b) = (
        FilePart::new("a.bin", vec![1]),
        FilePart::new("b.bin", vec![2]),
    );
    let map = BTreeMap::from([
        ("second".to_owned(), b.clone()),
        ("first".to_owned(), a.clone()),
    ]);
    let made = body(
        Parts::new()
            .file("absent", &None::<FilePart>)
            .file("present", &Some(a.clone()))
            .file("list", &vec![a.clone(), b.clone()])
            // A map's parts are named by their keys, in key order.
            .file("ignored", &map),
    );
    let file = |name: &str, file: &FilePart| (name.to_owned(), PartValue::File(file.clone()));
    let expected = Body::Multipart(vec![
        file("present", &a),
        file("list", &a),
        file("list", &b),
        file("first", &a),
        file("second", &b),
    ]);
    assert_eq!(made, expected, "{made:?}");
}

#[test]
fn file_part_debug_shows_no_content() {
    let file = FilePart::new("secret.bin", b"top secret".to_vec()).with_content_type("text/plain");
    let shown = format!("{file:?} {:?}", body(Parts::new().file("file", &file)));
    assert!(
        shown.contains("secret.bin") && shown.contains("text/plain") && shown.contains("10 bytes"),
        "{shown}"
    );
    assert!(
        !shown.contains("top secret") && !shown.contains("116"),
        "{shown}"
    );
}

#[test]
fn file_part_serializes_as_its_bytes_and_reads_them_back() {
    let file = FilePart::new("a.bin", vec![1, 2, 255]);
    let json = serde_json::to_string(&file).ok();
    assert_eq!(json.as_deref(), Some("[1,2,255]"));
    let back: Result<FilePart, _> = serde_json::from_str("[1,2,255]");
    assert_eq!(
        back.ok(),
        Some(FilePart {
            file_name: String::new(),
            content_type: None,
            bytes: vec![1, 2, 255]
        })
    );
    for bad in ["[256]", "[-1]", "[1.5]", "{}", "null"] {
        assert!(serde_json::from_str::<FilePart>(bad).is_err(), "{bad}");
    }
}

/// Send `request` with an upload observer; what the observer was told, and what the server got.
async fn observed(request: Request) -> (Vec<(u64, u64)>, Vec<wiremock::Request>) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/devices/abc"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = common::build(common::local(server.uri()));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let told = seen.clone();
    let call = client_runtime::Call::text(
        &client,
        &common::RAW,
        Ok(request),
        client_runtime::error_json::<serde_json::Value>,
    )
    .upload_progress(move |sent, total| {
        if let Ok(mut seen) = told.lock() {
            seen.push((sent, total));
        }
    });
    if let Err(error) = call.await {
        panic!("upload failed: {error}");
    }
    let seen = seen.lock().map(|seen| seen.clone()).unwrap_or_default();
    (seen, server.received_requests().await.unwrap_or_default())
}

#[tokio::test]
async fn upload_progress_counts_a_files_bytes_and_the_body_is_unchanged() {
    // Three pieces of 64 KiB at most.
    let big: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    let file = FilePart::new("big.bin", big.clone());
    let parts = body(Parts::new().text("force", &true).file("file", &file));
    let (seen, requests) = observed(put(parts)).await;
    assert_eq!(
        seen,
        [(65_536, 150_000), (131_072, 150_000), (150_000, 150_000)]
    );
    let [request] = requests.as_slice() else {
        panic!("one request, not {}", requests.len());
    };
    let boundary = boundary(request);
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"force\"\r\n\r\ntrue\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&big);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert!(request.body == expected, "the multipart body changed");

    // A binary body: counted the same, sent with its length.
    let raw = Body::Raw {
        content_type: "application/octet-stream".to_owned(),
        bytes: big.clone(),
    };
    let (seen, requests) = observed(put(raw)).await;
    assert_eq!(seen.last(), Some(&(150_000, 150_000)));
    let [request] = requests.as_slice() else {
        panic!("one request, not {}", requests.len());
    };
    assert!(request.body == big, "the binary body changed");
    let length = request
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok());
    assert_eq!(length, Some("150000"));
}

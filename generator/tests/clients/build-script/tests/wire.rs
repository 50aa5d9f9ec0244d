//! The build-script form on the wire: the included client sends what the spec says and decodes
//! what it gets, against a local server (wiremock on 127.0.0.1).

// Failing the test by panicking, as tests do.
#![allow(clippy::panic)]

use build_script_client::{Client, Error};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    match Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .header_key("hk-3f9a0c")
        .build()
    {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

#[tokio::test]
async fn a_text_body_goes_out_with_its_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("Remember the milk."))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    if let Err(error) = client(&server).post_note("Remember the milk.").await {
        panic!("post_note: {error}");
    }
}

#[tokio::test]
async fn an_error_status_is_an_error_with_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/notes"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down for maintenance"))
        .mount(&server)
        .await;
    match client(&server).post_note("hello").await {
        Err(error @ (Error::Api { .. } | Error::UnexpectedStatus { .. })) => {
            assert_eq!(error.status(), Some(500), "{error}");
        }
        other => panic!("expected an error status, got {other:?}"),
    }
}

/// This crate's `[features]` and `[dependencies]` are what `Build::manifest` says a crate
/// including this client needs.
#[test]
fn the_manifest_lists_what_build_manifest_says() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/pipeline/wire_features.yaml"
    );
    let wanted = match generator_cli::build_script::Build::new(spec).manifest() {
        Ok(wanted) => wanted,
        Err(error) => panic!("manifest: {error:#}"),
    };
    let ours = include_str!("../Cargo.toml");
    let start = ours.find("[features]").unwrap_or_default();
    let end = ours.find("\n[build-dependencies]").unwrap_or(ours.len());
    assert_eq!(ours[start..end].trim_end(), wanted);
}

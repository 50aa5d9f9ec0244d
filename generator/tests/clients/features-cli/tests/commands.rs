//! The features spec's tool, run as a user runs it against a local server: what the Particle
//! tool does not have (a union body, errors typed by status, API keys in a header, a query and a
//! cookie, text and binary bodies, parameter styles, an event stream).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::process::Stdio;

use serde_json::{Value, json};
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn run(server: &MockServer, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let config = tempfile::tempdir().expect("a temporary folder");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_features"))
        .args(args)
        .env_clear()
        .env("WIRE_FEATURES_API_URL", server.uri())
        .env("WIRE_FEATURES_CONFIG_DIR", config.path())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .await
        .expect("the binary runs");
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn json_of(ran: &Ran) -> Value {
    serde_json::from_str(&ran.stdout).unwrap_or_else(|_| panic!("not JSON: {}", ran.stdout))
}

#[tokio::test]
async fn a_union_body_from_json_goes_over_the_wire_and_comes_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/pets"))
        .and(body_json(
            json!({"pet_type": "cat", "name": "Tom", "lives": 9}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"pet_type": "dog", "name": "Rex", "good": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = r#"{"pet_type": "cat", "name": "Tom", "lives": 9}"#;
    let ran = run(&server, &["pets", "create", "--json", body], &[]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        json_of(&ran),
        json!({"pet_type": "dog", "name": "Rex", "good": true})
    );
    // A body that is not one of the union's alternatives is refused before it is sent.
    let ran = run(
        &server,
        &["pets", "create", "--json", r#"{"pet_type": "fish"}"#],
        &[],
    )
    .await;
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("the request body is not valid"),
        "{}",
        ran.stderr
    );
}

#[tokio::test]
async fn an_error_typed_by_status_is_an_api_failure() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/pets/p1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"missing": "p1"})))
        .mount(&server)
        .await;
    let ran = run(&server, &["pets", "get", "p1"], &[]).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stderr
            .starts_with("error: get_pet (GET /v2/pets/{id}): 404"),
        "{}",
        ran.stderr
    );
}

#[tokio::test]
async fn api_keys_come_from_variables_named_after_their_schemes() {
    let server = MockServer::start().await;
    let who = json!({"user": "me"});
    Mock::given(method("GET"))
        .and(path("/v2/whoami/header"))
        .and(header("x-api-key", "key-h"))
        .respond_with(ResponseTemplate::new(200).set_body_json(who.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/whoami/query"))
        .and(query_param("api_key", "key-q"))
        .respond_with(ResponseTemplate::new(200).set_body_json(who.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let ran = run(
        &server,
        &["whoami", "who-am-i-by-header"],
        &[("WIRE_FEATURES_HEADER_KEY", "key-h")],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // A flag works as well as the variable.
    let ran = run(
        &server,
        &["whoami", "who-am-i-by-query", "--query-key", "key-q"],
        &[],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // Without the key: exit code 4, the scheme named.
    let ran = run(&server, &["whoami", "who-am-i-by-header"], &[]).await;
    assert_eq!(ran.code, 4, "{}", ran.stderr);
    assert!(ran.stderr.contains("headerKey"), "{}", ran.stderr);
}

#[tokio::test]
async fn text_and_binary_bodies_are_sent_as_they_are() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("remember the milk"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/blobs/b1"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_string("\u{1}\u{2}bytes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let ran = run(
        &server,
        &["notes", "post", "--body", "remember the milk"],
        &[],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("blob.bin");
    std::fs::write(&file, "\u{1}\u{2}bytes").expect("written");
    let path = file.display().to_string();
    let ran = run(&server, &["blobs", "put", "b1", "--file", &path], &[]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
}

#[tokio::test]
async fn list_flags_repeat_and_objects_are_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/styles/query"))
        .and(query_param("fa", "a,b"))
        .and(query_param("ea", "x"))
        .and(query_param("do[R]", "1"))
        .and(query_param("do[B]", "3"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let ran = run(
        &server,
        &[
            "styles",
            "query",
            "--fa",
            "a",
            "--fa",
            "b",
            "--ea",
            "x",
            "--do",
            r#"{"R": 1, "G": 2, "B": 3}"#,
        ],
        &[],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // An object that is not the parameter's schema is refused before anything is sent.
    let ran = run(&server, &["styles", "query", "--do", r#"{"k": "v"}"#], &[]).await;
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("--do {\"k\":\"v\"}: missing field `R`"),
        "{}",
        ran.stderr
    );
}

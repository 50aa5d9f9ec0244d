//! A client declared the way a generated crate declares one (`api_client!` with its `Api`), on the
//! wire against a local HTTP server (wiremock on 127.0.0.1): the `Api`'s user agent goes out, its
//! secret fields are masked in errors, and calls are made from the wrapper.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use client_runtime::{Call, Error, Operation, Request, error_json};
use serde::{Deserialize, Serialize};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a generated crate declares at its root.
mod example {
    // The macro's docs link `Call`, which the expanding module has in scope.
    #[allow(unused_imports)]
    pub use client_runtime::Call;

    /// The example API.
    pub static API: client_runtime::Api = client_runtime::Api::new("example-client/1.2.3")
        .secret_fields(&["password", "refresh_token"]);

    client_runtime::api_client!(API);

    impl Client {
        /// A builder for the API's server.
        pub fn builder() -> ClientBuilder {
            ClientBuilder::new("https://api.example.com")
        }
    }

    impl ClientBuilder {
        /// A credential setter as a generated crate adds one.
        pub fn access_token(self, token: &str) -> Self {
            self.credential(
                crate::common::ACCESS_TOKEN.name,
                client_runtime::Credential::Token(token.into()),
            )
        }
    }
}

/// The operation the tests call.
const SIGN_IN: Operation = Operation::new(
    "sign_in",
    "POST",
    "/v1/sessions",
    &["error", "error_description"],
);

/// The documented error body.
#[derive(Debug, Deserialize, Serialize)]
struct ApiError {
    error: Option<String>,
    error_description: Option<String>,
}

/// An operation method as a generated crate writes one, on the wrapper.
fn sign_in(client: &example::Client) -> Call<'_, serde_json::Value, ApiError> {
    let request = Request::new(reqwest::Method::POST, "/v1/sessions")
        .security(&[&[common::ACCESS_TOKEN]])
        .body(client_runtime::json_body(
            &serde_json::json!({"user": "ada"}),
        ));
    Call::json(client, &SIGN_IN, request, error_json)
}

fn client(server: &MockServer) -> example::Client {
    let built = example::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .access_token(common::TOKEN)
        .build();
    match built {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

#[tokio::test]
async fn the_apis_user_agent_and_the_credential_go_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .and(header("user-agent", "example-client/1.2.3"))
        .and(header("authorization", format!("Bearer {}", common::TOKEN)))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let answer = sign_in(&client(&server)).await;
    assert!(
        matches!(&answer, Ok(value) if value["ok"] == true),
        "{answer:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn a_user_agent_set_on_the_builder_wins_over_the_apis() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "my-app/0.1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let built = example::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .access_token(common::TOKEN)
        .user_agent("my-app/0.1")
        .build();
    let Ok(client) = built else {
        panic!("client: {built:?}")
    };
    let answer = sign_in(&client).await;
    assert!(answer.is_ok(), "{answer:?}");
    server.verify().await;
}

#[tokio::test]
async fn the_runtimes_own_client_sends_the_runtimes_name() {
    let server = MockServer::start().await;
    let own = concat!("client-runtime/", env!("CARGO_PKG_VERSION"));
    Mock::given(header("user-agent", own))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::build(common::local(server.uri()));
    let answer = common::send(&client, Request::new(reqwest::Method::GET, "/")).await;
    assert!(answer.is_ok(), "{answer:?}");
    server.verify().await;
}

#[tokio::test]
async fn a_secret_field_of_an_error_body_is_masked_in_the_error() {
    let server = MockServer::start().await;
    let body = r#"{"error":"invalid_grant","error_description":"wrong password hunter22","password":"hunter22","refresh_token":"r3fr3sh-t0k3n","user":"ada"}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let error = match sign_in(&client(&server)).await {
        Err(error @ Error::Api { status: 400, .. }) => error,
        other => panic!("expected a decoded 400, got {other:?}"),
    };
    assert_eq!(
        error.text(),
        Some(
            r#"{"error":"invalid_grant","error_description":"wrong password ***","password":"***","refresh_token":"***","user":"ada"}"#
        )
    );
    // `Display` says what the server said, from the masked text. (`Debug` also shows the decoded
    // body, the caller's own type, where an echoed secret stays as the server sent it.)
    assert_eq!(
        error.to_string(),
        "sign_in (POST /v1/sessions): 400 Bad Request: invalid_grant: wrong password ***"
    );
}

#[tokio::test]
async fn without_the_api_the_same_field_is_not_masked() {
    // The control for the test above: masking comes from the `Api`'s secret fields.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(r#"{"password":"hunter22"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = common::build(common::local(server.uri()));
    let error = match common::send(&client, Request::new(reqwest::Method::GET, "/")).await {
        Err(error) => error,
        Ok(answer) => panic!("expected a 400, got {answer:?}"),
    };
    assert_eq!(error.text(), Some(r#"{"password":"hunter22"}"#));
}

#[test]
fn the_wrapper_passes_its_configuration_through() {
    let built = example::Client::builder()
        .retry_policy(client_runtime::RetryPolicy::none())
        .build();
    let Ok(client) = built else {
        panic!("client: {built:?}")
    };
    assert_eq!(client.base_url(), "https://api.example.com");
    assert_eq!(client.retry_policy().max_retries, 0);
    let runtime: &client_runtime::Client = client.as_ref();
    assert_eq!(runtime.base_url(), "https://api.example.com");
    let insecure = example::ClientBuilder::new("http://127.0.0.1:9").build();
    assert!(
        matches!(
            insecure,
            Err(client_runtime::BuildError::InsecureBaseUrl(_))
        ),
        "{insecure:?}"
    );
}

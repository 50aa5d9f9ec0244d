//! Cloud functions and variables on the wire against a local HTTP server (wiremock on
//! 127.0.0.1): `callFunction`, `getVariable` with each JSON type of result, `getVariableRaw`, and
//! the error answers of these calls (documented shapes, and bodies that are not the error type).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, bearer, client, date, json, no_body, no_query};
use particle_client::models::FunctionCallRequest;
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The docs' variable example (AD Devices.6), verbatim.
const TEMPERATURE: &str = r#"{"name":"temperature","result":46,"coreInfo":{"name":"weatherman","deviceID":"0123456789abcdef01234567","connected":true,"last_handshake_at":"2015-07-17T22:28:40.907Z"}}"#;

#[tokio::test]
async fn call_function_sends_the_argument_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/gong")))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"arg": "ding dong"})))
        .respond_with(json(
            200,
            r#"{"id":"0123456789abcdef01234567","name":"gongbot","connected":true,"return_value":1}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let body = FunctionCallRequest {
        arg: Some("ding dong".into()),
    };
    let answer = client(&server)
        .call_function(DEVICE_ID, "gong", &body)
        .await
        .expect("call");
    assert_eq!(answer.return_value, 1);
    assert_eq!(answer.id.as_deref(), Some(DEVICE_ID));
    assert_eq!(answer.name.as_deref(), Some("gongbot"));
    assert_eq!(answer.connected, Some(true));
}

#[tokio::test]
async fn call_function_without_an_argument_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/reset")))
        .and(bearer())
        .and(body_json(value!({})))
        .respond_with(json(200, r#"{"return_value":-1}"#))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .call_function(DEVICE_ID, "reset", &FunctionCallRequest::default())
        .await
        .expect("call");
    assert_eq!(answer.return_value, -1);
    assert_eq!(answer.id, None);
}

#[tokio::test]
async fn get_variable_decodes_the_documented_number_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, TEMPERATURE))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_variable(DEVICE_ID, "temperature")
        .await
        .expect("get_variable");
    assert_eq!(answer.name, "temperature");
    assert_eq!(answer.result, value!(46));
    assert_eq!(answer.result.as_i64(), Some(46));
    let core = answer.core_info.expect("coreInfo");
    assert_eq!(core.name.as_deref(), Some("weatherman"));
    assert_eq!(core.device_id.as_deref(), Some(DEVICE_ID));
    assert_eq!(core.connected, Some(true));
    assert_eq!(
        core.last_handshake_at,
        Some(date("2015-07-17T22:28:40.907Z"))
    );
    assert_eq!(answer.cmd, None);
}

#[tokio::test]
async fn get_variable_keeps_a_result_of_every_json_type() {
    let server = MockServer::start().await;
    let results = [
        ("double", value!(25.34)),
        ("message", value!("hello, world")),
        ("armed", value!(true)),
        ("config", value!({"interval": 60, "mode": "eco"})),
    ];
    for (name, result) in &results {
        let body = value!({"cmd": "VarReturn", "name": name, "result": result, "coreInfo": {"last_app": null, "last_heard": "2014-08-22T22:33:25.407Z", "connected": true, "deviceID": DEVICE_ID}});
        Mock::given(method("GET"))
            .and(path(format!("/v1/devices/{DEVICE_ID}/{name}")))
            .and(bearer())
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for (name, result) in &results {
        let answer = client
            .get_variable(DEVICE_ID, name)
            .await
            .expect("get_variable");
        assert_eq!(&answer.result, result, "{name}");
        assert_eq!(answer.cmd.as_deref(), Some("VarReturn"));
        let core = answer.core_info.expect("coreInfo");
        assert_eq!(
            core.last_app,
            Nullable::Null,
            "`last_app: null` reads as null"
        );
        assert_eq!(core.last_heard, Some(date("2014-08-22T22:33:25.407Z")));
    }
}

#[tokio::test]
async fn get_variable_raw_asks_for_format_raw_and_reads_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .and(bearer())
        .and(query_param("format", "raw"))
        .and(common::exact_query("format=raw"))
        // The variable is answered as JSON or as text: this method asks for text.
        .and(header("accept", "text/plain"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("46", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_variable_raw(DEVICE_ID, "temperature")
        .await
        .expect("get_variable_raw");
    assert_eq!(answer, "46");
}

#[tokio::test]
async fn get_variable_raw_asks_for_format_raw_by_itself() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .and(query_param("format", "raw"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("46", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .get_variable_raw(DEVICE_ID, "temperature")
        .await;
    assert_eq!(answer.ok().as_deref(), Some("46"));
}

#[tokio::test]
async fn an_unknown_variable_is_a_404_with_ok_false() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/humidity")))
        .respond_with(json(404, r#"{"ok": false, "error": "Variable not found"}"#))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    match client.get_variable(DEVICE_ID, "humidity").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("Variable not found"));
        }
        other => panic!("expected a decoded 404, got {other:?}"),
    }
    // The raw variant reads a JSON error answer the same way.
    match client.get_variable_raw(DEVICE_ID, "humidity").await {
        Err(Error::Api {
            status: 404, body, ..
        }) => assert_eq!(body.ok, Some(false)),
        other => panic!("expected a decoded 404, got {other:?}"),
    }
}

#[tokio::test]
async fn an_invalid_token_is_a_401_with_error_and_description() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/gong")))
        .respond_with(json(
            401,
            r#"{"error":"invalid_token","error_description":"The access token provided is invalid"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server)
        .call_function(DEVICE_ID, "gong", &FunctionCallRequest::default())
        .await;
    match &result {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(*status, 401);
            assert_eq!(body.error.as_deref(), Some("invalid_token"));
            assert_eq!(
                body.error_description.as_deref(),
                Some("The access token provided is invalid")
            );
        }
        other => panic!("expected a decoded 401, got {other:?}"),
    }
    let shown = format!("{result:?}");
    assert!(!shown.contains(common::TOKEN), "{shown}");
}

#[tokio::test]
async fn an_api_user_refusal_is_a_400_with_error_and_description() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .respond_with(json(
            400,
            r#"{"error":"unauthorized","error_description":"API users are not allowed to call this endpoint"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server).get_variable(DEVICE_ID, "temperature").await;
    let Err(Error::Api {
        status: 400, body, ..
    }) = result
    else {
        panic!("expected a decoded 400, got {result:?}")
    };
    assert_eq!(body.error.as_deref(), Some("unauthorized"));
    assert_eq!(
        body.error_description.as_deref(),
        Some("API users are not allowed to call this endpoint")
    );
}

#[tokio::test]
async fn an_error_body_that_does_not_decode_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/gong")))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_raw("<html>Internal Server Error</html>", "text/html"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .respond_with(json(408, r#""Timed out.""#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let result = client
        .call_function(DEVICE_ID, "gong", &FunctionCallRequest::default())
        .await;
    match result {
        Err(Error::UnexpectedStatus {
            status, text: body, ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(body, "<html>Internal Server Error</html>");
        }
        other => panic!("expected the raw 500 body, got {other:?}"),
    }
    // JSON, but not an object: not the error type either.
    let result = client.get_variable(DEVICE_ID, "temperature").await;
    let error = result.expect_err("a 408 is an error");
    assert_eq!(error.status(), Some(408));
    match error {
        Error::UnexpectedStatus {
            status: 408,
            text: body,
            ..
        } => assert_eq!(body, r#""Timed out.""#),
        other => panic!("expected the raw 408 body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_timeout_body_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/gong")))
        .respond_with(json(408, r#"{"error":"Timed out."}"#))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server)
        .call_function(DEVICE_ID, "gong", &FunctionCallRequest::default())
        .await;
    let Err(Error::Api {
        status: 408, body, ..
    }) = result
    else {
        panic!("expected a decoded 408, got {result:?}")
    };
    assert_eq!(body.error.as_deref(), Some("Timed out."));
}

#[tokio::test]
async fn a_number_answer_to_get_variable_is_a_decode_error_not_a_panic() {
    // A server answering the JSON method with the raw form: an error, never a panic. The JSON
    // method never asks for `format=raw` itself.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .and(common::no_query())
        .respond_with(ResponseTemplate::new(200).set_body_raw("46", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server).get_variable(DEVICE_ID, "temperature").await;
    match result {
        Err(Error::Decode {
            status: 200, text, ..
        }) => assert_eq!(text, "46"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

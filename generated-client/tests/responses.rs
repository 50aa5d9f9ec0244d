//! The `Response` form of calls (`.with_response()`) against a local HTTP server (wiremock on
//! 127.0.0.1): status, headers and body of a JSON, a text, an empty and an event-stream answer;
//! `Deref`, `into_inner`, `into_parts`; the plain `.await` giving the same body; and `Debug`
//! never showing credential headers.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use common::{DEVICE_ID, TOKEN, bearer, client, json, within};
use futures_util::StreamExt;
use particle_client::models::{DeviceInfo, ErrorBody, EventData, OkResponse};
use particle_client::runtime::{Body, Request, error_json};
use particle_client::{Call, Error, Operation, Response};
use reqwest::StatusCode;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A small device, as `GET /v1/devices/{deviceId}` answers it.
const DEVICE: &str =
    r#"{"id":"0123456789abcdef01234567","name":"gongbot","online":true,"functions":["gong"]}"#;

/// The docs' event, as one SSE block.
const TEMPERATURE: &str = "event: temperature\ndata: {\"data\":\"25.34\",\"ttl\":\"60\",\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n";

/// The request id every answer here carries.
const REQUEST_ID: &str = "req-5f1c-0042";

/// `GET /v1/devices/{DEVICE_ID}` answering [`DEVICE`] with `status` and an `x-request-id`.
async fn device_server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .respond_with(json(status, DEVICE).insert_header("x-request-id", REQUEST_ID))
        .mount(&server)
        .await;
    server
}

async fn device_response(server: &MockServer) -> Response<DeviceInfo> {
    let answer = within(client(server).get_device(DEVICE_ID).with_response()).await;
    match answer {
        Ok(answer) => answer,
        Err(error) => panic!("get_device: {error}"),
    }
}

#[tokio::test]
async fn a_json_answer_keeps_its_status_headers_and_body() {
    // 203: a success other than 200, so a status hard-wired to 200 would show.
    let server = device_server(203).await;
    let answer = device_response(&server).await;
    assert_eq!(answer.status(), StatusCode::NON_AUTHORITATIVE_INFORMATION);
    assert_eq!(answer.header("x-request-id"), Some(REQUEST_ID));
    assert_eq!(
        answer.header("X-Request-Id"),
        Some(REQUEST_ID),
        "header names match in any case"
    );
    assert_eq!(answer.header("x-missing"), None);
    assert_eq!(
        answer.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    // `body()` and `Deref` both reach the decoded device.
    assert_eq!(answer.body().id, DEVICE_ID);
    assert_eq!(answer.name.as_deref(), Some("gongbot"));
    assert_eq!(answer.online, Some(true));
    assert_eq!(answer.functions.as_deref(), Some(&["gong".to_owned()][..]));
}

#[tokio::test]
async fn into_inner_and_into_parts_hand_over_the_body() {
    let server = device_server(203).await;
    let inner: DeviceInfo = device_response(&server).await.into_inner();
    assert_eq!(inner.id, DEVICE_ID);
    assert_eq!(inner.name.as_deref(), Some("gongbot"));

    let (status, headers, body) = device_response(&server).await.into_parts();
    assert_eq!(status.as_u16(), 203);
    assert_eq!(
        headers.get("x-request-id").and_then(|v| v.to_str().ok()),
        Some(REQUEST_ID)
    );
    assert_eq!(body, inner, "into_parts and into_inner give the same body");
}

#[tokio::test]
async fn the_plain_await_gives_the_same_body_as_the_response() {
    let server = device_server(200).await;
    let plain: DeviceInfo = match within(client(&server).get_device(DEVICE_ID)).await {
        Ok(device) => device,
        Err(error) => panic!("get_device: {error}"),
    };
    let answer = device_response(&server).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(&plain, answer.body());
    assert_eq!(plain, answer.into_inner());
    assert_eq!(plain.id, DEVICE_ID);
}

#[tokio::test]
async fn a_text_answer_keeps_its_status_headers_and_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}/temperature")))
        .and(query_param("format", "raw"))
        .and(bearer())
        .respond_with(
            ResponseTemplate::new(203)
                .insert_header("x-request-id", REQUEST_ID)
                .set_body_raw("25.34", "text/plain"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let answer = match within(
        client
            .get_variable_raw(DEVICE_ID, "temperature")
            .with_response(),
    )
    .await
    {
        Ok(answer) => answer,
        Err(error) => panic!("get_variable_raw: {error}"),
    };
    assert_eq!(answer.status().as_u16(), 203);
    assert_eq!(answer.header("x-request-id"), Some(REQUEST_ID));
    assert_eq!(answer.header("content-type"), Some("text/plain"));
    assert_eq!(answer.body(), "25.34");
    assert_eq!(answer.len(), 5, "Deref reaches the String");
    let plain = match within(client.get_variable_raw(DEVICE_ID, "temperature")).await {
        Ok(text) => text,
        Err(error) => panic!("get_variable_raw: {error}"),
    };
    assert_eq!(plain, answer.into_inner());
}

#[tokio::test]
async fn an_empty_204_of_a_json_operation_keeps_its_status_and_headers() {
    // `remove_device` answers `OkResponse`; a bare 204 reads as `{}`.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .and(bearer())
        .respond_with(ResponseTemplate::new(204).insert_header("x-request-id", REQUEST_ID))
        .expect(1)
        .mount(&server)
        .await;
    let answer = match within(client(&server).remove_device(DEVICE_ID).with_response()).await {
        Ok(answer) => answer,
        Err(error) => panic!("remove_device: {error}"),
    };
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(answer.header("x-request-id"), Some(REQUEST_ID));
    assert_eq!(
        answer.into_inner(),
        OkResponse {
            ok: None,
            message: None,
            error: None
        }
    );
}

/// The operation of the hand-made empty-answer call: no generated operation answers `()`, so
/// [`Call::empty`] is driven directly, as generated code would.
const FORGET: Operation = Operation::new("forget", "DELETE", "/v1/forget/{id}", &["error"]);

fn forget(client: &particle_client::Client) -> Call<'_, (), ErrorBody> {
    let request = Request {
        method: reqwest::Method::DELETE,
        path: "/v1/forget/7".to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        security: &[&[particle_client::security::ACCESS_TOKEN]],
    };
    Call::empty(client, &FORGET, Ok(request), error_json)
}

#[tokio::test]
async fn an_empty_answer_is_unit_with_its_status_and_headers() {
    let server = MockServer::start().await;
    // A 202 with a body the call does not want: read and dropped.
    Mock::given(method("DELETE"))
        .and(path("/v1/forget/7"))
        .and(bearer())
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header("x-request-id", REQUEST_ID)
                .set_body_string("queued"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let answer: Response<()> = match within(forget(&client).with_response()).await {
        Ok(answer) => answer,
        Err(error) => panic!("forget: {error}"),
    };
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert_eq!(answer.header("x-request-id"), Some(REQUEST_ID));
    let (status, headers, ()) = answer.into_parts();
    assert_eq!(status.as_u16(), 202);
    assert!(headers.contains_key("x-request-id"));
    match within(forget(&client)).await {
        Ok(()) => {}
        Err(error) => panic!("forget: {error}"),
    }
}

#[tokio::test]
async fn an_empty_answer_call_still_reports_an_error_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/forget/7"))
        .respond_with(
            json(404, r#"{"error":"not found"}"#).insert_header("x-request-id", REQUEST_ID),
        )
        .expect(1)
        .mount(&server)
        .await;
    match within(forget(&client(&server)).with_response()).await {
        Err(Error::Api {
            status: 404,
            headers,
            body,
            ..
        }) => {
            assert_eq!(body.error.as_deref(), Some("not found"));
            assert!(headers.contains_key("x-request-id"));
        }
        other => panic!("expected the decoded 404, got {other:?}"),
    }
}

#[tokio::test]
async fn an_event_stream_response_holds_the_opening_answer_and_still_streams() {
    let server = MockServer::start().await;
    let body = format!(":ok\n\n{TEMPERATURE}");
    Mock::given(method("GET"))
        .and(path("/v1/devices/events/temp"))
        .and(bearer())
        .and(header("accept", "text/event-stream"))
        // 203: a success other than 200, so a status hard-wired to 200 would show.
        .respond_with(
            ResponseTemplate::new(203)
                .insert_header("x-request-id", REQUEST_ID)
                .insert_header("cache-control", "no-cache")
                .set_body_raw(body, "text/event-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    within(async {
        let answer = match client
            .subscribe_my_devices_events_with_prefix("temp")
            .with_response()
            .await
        {
            Ok(answer) => answer,
            Err(error) => panic!("subscribe: {error}"),
        };
        assert_eq!(answer.status(), StatusCode::NON_AUTHORITATIVE_INFORMATION);
        assert_eq!(answer.header("x-request-id"), Some(REQUEST_ID));
        assert_eq!(answer.header("cache-control"), Some("no-cache"));
        assert_eq!(answer.header("content-type"), Some("text/event-stream"));
        let mut stream = answer.into_inner();
        let event = match stream.next().await {
            Some(Ok(event)) => event,
            other => panic!("expected an event, got {other:?}"),
        };
        assert_eq!(event.name, "temperature");
        let EventData {
            data, ttl, coreid, ..
        } = event.data;
        assert_eq!(
            (data.as_deref(), ttl, coreid.as_str()),
            (Some("25.34"), 60, DEVICE_ID)
        );
    })
    .await;
}

/// Values that must never show in `Debug`.
const COOKIE: &str = "session=c00kie-5ecret";
const AUTHORIZATION: &str = "Bearer answer-5ecret";

/// An answer with `status` and `body` that carries credential headers next to a harmless one.
fn with_secrets(template: ResponseTemplate) -> ResponseTemplate {
    template
        .insert_header("x-request-id", REQUEST_ID)
        .insert_header("set-cookie", COOKIE)
        .append_header("set-cookie", "other=0ther-5ecret")
        .insert_header("authorization", AUTHORIZATION)
}

/// Fails when `debug` shows any credential header value, or does not show the request id (so the
/// headers are there at all).
fn assert_masked(debug: &str) {
    for secret in ["c00kie-5ecret", "0ther-5ecret", "answer-5ecret", TOKEN] {
        assert!(!debug.contains(secret), "Debug shows {secret:?}: {debug}");
    }
    assert!(
        debug.contains(REQUEST_ID),
        "Debug lacks the headers: {debug}"
    );
    assert!(
        debug.contains("set-cookie"),
        "the header name still shows: {debug}"
    );
    assert!(debug.contains("Sensitive"), "{debug}");
}

#[tokio::test]
async fn debug_of_a_response_never_shows_cookies_or_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(with_secrets(json(200, DEVICE)))
        .mount(&server)
        .await;
    let answer = device_response(&server).await;
    // The values are still there for code that asks for them.
    assert_eq!(answer.header("set-cookie"), Some(COOKIE));
    assert_eq!(answer.header("authorization"), Some(AUTHORIZATION));
    assert_masked(&format!("{answer:?}"));
    assert_masked(&format!("{answer:#?}"));
    assert_masked(&format!("{:?}", answer.headers()));
    let (_, headers, _) = answer.into_parts();
    assert_masked(&format!("{headers:?}"));
}

#[tokio::test]
async fn debug_of_an_event_stream_response_and_an_error_never_shows_cookies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/events/temp"))
        .respond_with(with_secrets(
            ResponseTemplate::new(200).set_body_raw(TEMPERATURE, "text/event-stream"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/devices/{DEVICE_ID}")))
        .respond_with(with_secrets(json(403, r#"{"error":"denied"}"#)))
        .mount(&server)
        .await;
    let client = client(&server);
    let answer = match within(
        client
            .subscribe_my_devices_events_with_prefix("temp")
            .with_response(),
    )
    .await
    {
        Ok(answer) => answer,
        Err(error) => panic!("subscribe: {error}"),
    };
    assert_eq!(answer.header("set-cookie"), Some(COOKIE));
    assert_masked(&format!("{answer:?}"));
    match within(client.get_device(DEVICE_ID).with_response()).await {
        Err(error @ Error::Api { status: 403, .. }) => {
            // An error's `Debug` is brief: the request id, not every header.
            let debug = format!("{error:?}");
            for secret in ["c00kie-5ecret", "0ther-5ecret", "answer-5ecret", TOKEN] {
                assert!(!debug.contains(secret), "Debug shows {secret:?}: {debug}");
            }
            assert!(debug.contains(REQUEST_ID), "{debug}");
            assert_eq!(error.request_id(), Some(REQUEST_ID));
            assert_masked(&format!("{:?}", error.headers()));
        }
        other => panic!("expected the 403, got {other:?}"),
    }
}

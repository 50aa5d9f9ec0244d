//! An operation whose error statuses carry different bodies: `Error::Api { body, .. }` holds the
//! variant of `GetPetError` for the answer's status (`404`, `422`, the `5XX` range); a status or
//! a body the spec does not document is `Error::UnexpectedStatus`.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::models::{GetPetError, Invalid, InvalidErrorsItem, NotFound, Outage};
use features_client::{Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// What `get_pet("p1")` gives when the server answers `status` with `body`.
async fn get_pet_answered(status: u16, body: Value) -> Error<GetPetError> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/pets/p1"))
        .respond_with(common::json(status, body))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::build(common::builder(&server).retry_policy(RetryPolicy::none()));
    match client.get_pet("p1").await {
        Ok(pet) => panic!("{status} gave a pet: {pet:?}"),
        Err(error) => error,
    }
}

/// The decoded body of an `Error::Api` with `status`.
fn api_body(error: Error<GetPetError>, status: u16) -> GetPetError {
    match error {
        Error::Api {
            status: got, body, ..
        } if got == status => *body,
        other => panic!("expected Error::Api with {status}, got {other:?}"),
    }
}

#[tokio::test]
async fn each_documented_status_decodes_into_its_own_variant() {
    let error = get_pet_answered(404, json!({"missing": "p1"})).await;
    assert_eq!(
        api_body(error, 404),
        GetPetError::Status404(NotFound::new("p1"))
    );

    let error = get_pet_answered(
        422,
        json!({"errors": [{"field": "id", "reason": "not a pet ID"}]}),
    )
    .await;
    assert_eq!(
        api_body(error, 422),
        GetPetError::Status422(Invalid::new(vec![InvalidErrorsItem::new(
            "id",
            "not a pet ID"
        )]))
    );
}

#[tokio::test]
async fn a_status_range_covers_every_status_in_it() {
    for status in [500, 503, 599] {
        let error = get_pet_answered(status, json!({"message": "down", "retry_after": 30})).await;
        let expected = Outage {
            message: Some("down".to_owned()),
            retry_after: Some(30),
        };
        assert_eq!(api_body(error, status), GetPetError::Status5xx(expected));
    }
}

#[tokio::test]
async fn an_undocumented_status_or_body_is_unexpected() {
    // 400 is not documented.
    let error = get_pet_answered(400, json!({"missing": "p1"})).await;
    assert!(
        matches!(error, Error::UnexpectedStatus { status: 400, .. }),
        "{error:?}"
    );
    // The 422 body under 404: not a `NotFound`, so not decoded as one.
    let error = get_pet_answered(404, json!({"errors": []})).await;
    let Error::UnexpectedStatus { status, text, .. } = &error else {
        panic!("expected UnexpectedStatus, got {error:?}");
    };
    assert_eq!((*status, text.as_str()), (404, r#"{"errors":[]}"#));
    // A gateway's 502 body decodes into `Outage` (every field optional) but fills none of its
    // fields: kept as text, not an all-empty `Outage`.
    let error = get_pet_answered(502, json!({"gateway": "timeout"})).await;
    assert!(
        matches!(&error, Error::UnexpectedStatus { status: 502, text, .. } if text == r#"{"gateway":"timeout"}"#),
        "{error:?}"
    );
}

//! An optional, nullable member is a `Nullable`: left out, `null` and a value each go out and come
//! back as themselves, so a PATCH body can leave a member alone or clear it.

// The shared helpers fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::Nullable;
use features_client::models::PetProfile;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Sends `profile` and expects exactly `sent` on the wire; answers `answer`.
async fn patch(profile: &PetProfile, sent: serde_json::Value, answer: &str) -> PetProfile {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v2/pets/7/profile"))
        .and(body_json(sent))
        .respond_with(ResponseTemplate::new(200).set_body_raw(answer, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    match common::client(&server)
        .update_pet_profile("7", profile)
        .await
    {
        Ok(profile) => profile,
        Err(error) => panic!("update_pet_profile: {error}"),
    }
}

#[tokio::test]
async fn a_member_left_out_is_not_sent_and_reads_as_absent() {
    let now = patch(&PetProfile::default(), json!({}), "{}").await;
    assert_eq!(now, PetProfile::default());
    assert!(now.nickname.is_absent());
}

#[tokio::test]
async fn null_clears_a_member_and_reads_back_as_null() {
    let clear = PetProfile {
        nickname: Nullable::Null,
        toys: Nullable::Null,
        ..PetProfile::default()
    };
    let now = patch(
        &clear,
        json!({"nickname": null, "toys": null}),
        r#"{"nickname":null,"weight":null,"toys":null}"#,
    )
    .await;
    assert_eq!(now.nickname, Nullable::Null);
    assert_eq!(now.weight, Nullable::Null);
    assert!(now.toys.is_null());
    assert_eq!(
        now.age, None,
        "a member that is not nullable stays an Option"
    );
}

#[tokio::test]
async fn a_value_is_sent_as_itself() {
    let set = PetProfile {
        nickname: "Rex".into(),
        weight: 4.5.into(),
        toys: Nullable::Value(vec!["ball".to_owned()]),
        age: Some(3),
    };
    let now = patch(
        &set,
        json!({"nickname": "Rex", "weight": 4.5, "toys": ["ball"], "age": 3}),
        r#"{"nickname":"Rex","weight":"4.5","toys":["ball"],"age":3}"#,
    )
    .await;
    assert_eq!(now.nickname.as_deref(), Some("Rex"));
    assert_eq!(
        now.weight,
        Nullable::Value(4.5),
        "numbers are read leniently"
    );
    assert_eq!(now, set);
}

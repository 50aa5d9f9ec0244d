//! A schema with `readOnly` and `writeOnly` members that is both sent and answered is two types:
//! the request's has no read-only members, the answer's no write-only ones; a model that holds
//! one is split too. A schema used one way only keeps every member.

// The shared helpers fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::models::{Account, AccountRequest, Receipt, Team, TeamRequest};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the server stores and answers: ids and times it sets, no password.
const STORED: &str = r#"{"id":12,"name":"ops","members":[{"id":"a1","name":"Ada","created_at":"2026-12-06T10:00:00Z"}]}"#;

#[tokio::test]
async fn a_request_sends_no_read_only_member_and_the_answer_has_no_write_only_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/teams"))
        .and(body_json(
            json!({"name": "ops", "members": [{"name": "Ada", "password": "s3cret"}]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_raw(STORED, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let team = TeamRequest::new("ops", vec![AccountRequest::new("Ada", "s3cret")]);
    let stored: Team = match common::client(&server).create_team(&team).await {
        Ok(team) => team,
        Err(error) => panic!("create_team: {error}"),
    };
    assert_eq!(stored.id, Some(12));
    let ada: &Account = &stored.members[0];
    assert_eq!((ada.id.as_str(), ada.name.as_str()), ("a1", "Ada"));
    assert!(ada.created_at.is_some());
}

#[tokio::test]
async fn each_half_round_trips_through_serde() {
    let stored: Team = serde_json::from_str(STORED).unwrap_or_else(|e| panic!("{e}"));
    let again = serde_json::to_value(&stored).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        again,
        json!({"id": 12, "name": "ops", "members": [{"id": "a1", "name": "Ada", "created_at": "2026-12-06T10:00:00Z"}]})
    );
    let sent = json!({"name": "ops", "members": [{"name": "Ada", "password": "s3cret"}]});
    let request: TeamRequest =
        serde_json::from_value(sent.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        serde_json::to_value(&request).unwrap_or_else(|e| panic!("{e}")),
        sent
    );
    // A password the server echoes by mistake is not kept in the answer's type.
    let echoed: Account =
        serde_json::from_value(json!({"id": "a1", "name": "Ada", "password": "s3cret"}))
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !serde_json::to_string(&echoed)
            .unwrap_or_default()
            .contains("s3cret")
    );
}

#[tokio::test]
async fn a_schema_only_answered_keeps_its_read_only_members() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/receipts/r9"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id":"r9","total":12.5}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    match common::client(&server).get_receipt("r9").await {
        Ok(receipt) => assert_eq!(
            receipt,
            Receipt {
                id: "r9".to_owned(),
                total: Some(12.5)
            }
        ),
        Err(error) => panic!("get_receipt: {error}"),
    }
}

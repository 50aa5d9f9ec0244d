//! Environment variables of the sandbox on the wire against a local HTTP server (wiremock on
//! 127.0.0.1): list, bulk update (PATCH), set and delete one, render, and review and start a
//! rollout, and the same in the product and organization scopes; the shapes are those
//! particle-api-js declares.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, date, json, no_body, no_query};
use particle_client::Error;
use particle_client::models::{
    EnvVarChange, EnvVarChangeOp, EnvVarInheritedFrom, EnvVarValue, EnvVarsRolloutChangeOp,
    EnvVarsRolloutStart, EnvVarsRolloutStartWhen, EnvVarsUpdate,
};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer};

/// The sandbox's variables: one of its own, one inherited, one rollout before.
const ENV: &str = r#"{"last_snapshot":{"own":{"API_URL":{"value":"https://old.example.com"}},"inherited":{},"rollout_at":"2025-01-02T03:04:05.000Z","rollout_by":"joe@example.com"},"latest":{"own":{"API_URL":{"value":"https://example.com/api"}},"inherited":{"REGION":{"from":"Owner","value":"eu"}},"created_at":"2025-01-01T00:00:00.000Z","updated_at":"2025-01-03T00:00:00.000Z","created_by":"joe@example.com","updated_by":null}}"#;

/// The same before any rollout (`last_snapshot: null`).
const ENV_NEVER_ROLLED_OUT: &str = r#"{"last_snapshot":null,"latest":{"own":{},"inherited":{},"created_at":null,"updated_at":null,"created_by":null,"updated_by":null}}"#;

#[tokio::test]
async fn list_env_vars_reads_own_inherited_and_the_snapshot() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/env"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, ENV))
        .expect(1)
        .mount(&server)
        .await;

    let env = client(&server)
        .list_env_vars()
        .await
        .expect("list_env_vars");
    assert_eq!(env.latest.own["API_URL"].value, "https://example.com/api");
    let region = &env.latest.inherited["REGION"];
    assert_eq!(region.from, EnvVarInheritedFrom::Owner);
    assert_eq!(region.value, "eu");
    assert_eq!(env.latest.updated_by, None);
    let snapshot = env.last_snapshot.expect("snapshot");
    assert_eq!(snapshot.rollout_at, Some(date("2025-01-02T03:04:05.000Z")));
    assert!(env.on_device.is_none());
}

#[tokio::test]
async fn update_env_vars_sends_the_ops_as_json_patch() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/env"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"ops": [
            {"op": "Set", "key": "API_URL", "value": "https://example.com/api"},
            {"op": "Unset", "key": "OLD_KEY"}
        ]})))
        .respond_with(json(200, ENV))
        .expect(1)
        .mount(&server)
        .await;

    let mut set = EnvVarChange::new(EnvVarChangeOp::Set, "API_URL");
    set.value = Some("https://example.com/api".into());
    let unset = EnvVarChange::new(EnvVarChangeOp::Unset, "OLD_KEY");
    let env = client(&server)
        .update_env_vars(&EnvVarsUpdate::new(vec![set, unset]))
        .await
        .expect("update_env_vars");
    assert!(env.latest.own.contains_key("API_URL"));
}

#[tokio::test]
async fn set_and_delete_one_env_var_by_key() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/env/API_URL"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"value": "https://example.com/api"})))
        .respond_with(json(200, ENV))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/env/API_URL"))
        .and(bearer())
        .and(no_body())
        .respond_with(json(200, ENV_NEVER_ROLLED_OUT))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let set = client
        .set_env_var("API_URL", &EnvVarValue::new("https://example.com/api"))
        .await
        .expect("set_env_var");
    assert_eq!(set.latest.own.len(), 1);
    let deleted = client.delete_env_var("API_URL").await.expect("delete");
    assert!(deleted.last_snapshot.is_none(), "`last_snapshot: null`");
    assert!(deleted.latest.own.is_empty());
    assert_eq!(deleted.latest.created_at, None);
}

#[tokio::test]
async fn render_env_vars_flattens_every_variable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/env/render"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"env":{"API_URL":"https://example.com/api","REGION":"eu"},"last_updated_at":"2025-01-03T00:00:00.000Z","rollout_at":null,"rollout_by":null}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let rendered = client(&server).render_env_vars().await.expect("render");
    assert_eq!(rendered.env.len(), 2);
    assert_eq!(rendered.env["REGION"], "eu");
    assert_eq!(
        rendered.last_updated_at,
        Some(date("2025-01-03T00:00:00.000Z"))
    );
    assert_eq!(rendered.rollout_at, None);
}

#[tokio::test]
async fn review_and_start_a_rollout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/env/rollout"))
        .and(bearer())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"from_snapshot":{"changes":[{"op":"Changed","key":"API_URL","before":"https://old.example.com","after":"https://example.com/api"},{"op":"Added","key":"REGION","after":"eu"},{"op":"Removed","key":"OLD_KEY","before":"1"}],"unchanged":{"MODE":"prod"}}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/env/rollout"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"when": "Connect"})))
        .respond_with(json(200, r#"{"success":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let review = client.review_env_vars_rollout().await.expect("review");
    let changes = &review.from_snapshot.changes;
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[0].op, EnvVarsRolloutChangeOp::Changed);
    assert_eq!(
        changes[0].before.as_deref(),
        Some("https://old.example.com")
    );
    assert_eq!(changes[1].op, EnvVarsRolloutChangeOp::Added);
    assert_eq!(changes[1].before, None);
    assert_eq!(changes[2].op, EnvVarsRolloutChangeOp::Removed);
    assert_eq!(review.from_snapshot.unchanged["MODE"], "prod");
    assert!(review.from_device.is_none());

    let started = client
        .start_env_vars_rollout(&EnvVarsRolloutStart::new(EnvVarsRolloutStartWhen::Connect))
        .await
        .expect("start");
    assert!(started.success);
}

#[tokio::test]
async fn a_validation_error_decodes_its_description() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/env"))
        .respond_with(json(
            400,
            r#"{"error":"bad_request","error_description":"Validation error: key must match /^[A-Z_][A-Z0-9_]*$/ at \"ops[0].key\""}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let bad = EnvVarChange::new(EnvVarChangeOp::Unset, "not valid");
    match client(&server)
        .update_env_vars(&EnvVarsUpdate::new(vec![bad]))
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert!(
                body.error_description
                    .as_deref()
                    .is_some_and(|d| d.ends_with("at \"ops[0].key\"")),
                "{body:?}"
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn product_and_org_scopes_use_their_own_paths() {
    let server = MockServer::start().await;
    let render =
        r#"{"env":{"REGION":"eu"},"last_updated_at":null,"rollout_at":null,"rollout_by":null}"#;
    let review = r#"{"from_snapshot":{"changes":[],"unchanged":{"REGION":"eu"}}}"#;
    for base in ["/v1/products/my-product/env", "/v1/orgs/my-org/env"] {
        Mock::given(method("GET"))
            .and(path(base))
            .and(bearer())
            .and(no_body())
            .respond_with(json(200, ENV))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .and(path(base))
            .and(bearer())
            .and(body_json(
                value!({"ops": [{"op": "Unset", "key": "OLD_KEY"}]}),
            ))
            .respond_with(json(200, ENV))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path(format!("{base}/REGION")))
            .and(bearer())
            .and(header("content-type", "application/json"))
            .and(body_json(value!({"value": "eu"})))
            .respond_with(json(200, ENV))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path(format!("{base}/REGION")))
            .and(bearer())
            .and(no_body())
            .respond_with(json(200, ENV_NEVER_ROLLED_OUT))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{base}/render")))
            .and(bearer())
            .respond_with(json(200, render))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{base}/rollout")))
            .and(bearer())
            .respond_with(json(200, review))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("{base}/rollout")))
            .and(bearer())
            .and(body_json(value!({"when": "Immediate"})))
            .respond_with(json(200, r#"{"success":true}"#))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let unset = EnvVarsUpdate::new(vec![EnvVarChange::new(EnvVarChangeOp::Unset, "OLD_KEY")]);
    let region = EnvVarValue::new("eu");
    let now = EnvVarsRolloutStart::new(EnvVarsRolloutStartWhen::Immediate);

    let product = "my-product";
    let listed = client.list_product_env_vars(product).await.expect("list");
    assert_eq!(listed.latest.inherited["REGION"].value, "eu");
    client
        .update_product_env_vars(product, &unset)
        .await
        .expect("update");
    client
        .set_product_env_var(product, "REGION", &region)
        .await
        .expect("set");
    client
        .delete_product_env_var(product, "REGION")
        .await
        .expect("delete");
    let rendered = client
        .render_product_env_vars(product)
        .await
        .expect("render");
    assert_eq!(rendered.env["REGION"], "eu");
    let pending = client
        .review_product_env_vars_rollout(product)
        .await
        .expect("review");
    assert!(pending.from_snapshot.changes.is_empty());
    assert!(
        client
            .start_product_env_vars_rollout(product, &now)
            .await
            .expect("start")
            .success
    );

    let org = "my-org";
    let listed = client.list_org_env_vars(org).await.expect("list");
    assert!(listed.last_snapshot.is_some());
    client
        .update_org_env_vars(org, &unset)
        .await
        .expect("update");
    client
        .set_org_env_var(org, "REGION", &region)
        .await
        .expect("set");
    let deleted = client
        .delete_org_env_var(org, "REGION")
        .await
        .expect("delete");
    assert!(deleted.last_snapshot.is_none());
    client.render_org_env_vars(org).await.expect("render");
    client
        .review_org_env_vars_rollout(org)
        .await
        .expect("review");
    assert!(
        client
            .start_org_env_vars_rollout(org, &now)
            .await
            .expect("start")
            .success
    );
}

/// The device scope's rollout (particle-cli's `getRollout` and `performEnvRollout` with a device):
/// the review reports the differences from the snapshot and from what the device reported.
#[tokio::test]
async fn review_and_start_a_device_rollout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/env/0123456789abcdef01234567/rollout"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"from_snapshot":{"changes":[{"op":"Added","key":"REGION","after":"eu"}],"unchanged":{}},"from_device":{"changes":[{"op":"Removed","key":"OLD_KEY","before":"1"}],"unchanged":{"MODE":"prod"}}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/env/0123456789abcdef01234567/rollout"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"when": "Immediate"})))
        .respond_with(json(200, r#"{"success":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let review = client
        .review_device_env_vars_rollout("0123456789abcdef01234567")
        .await
        .expect("review_device_env_vars_rollout");
    assert_eq!(review.from_snapshot.changes.len(), 1);
    assert_eq!(
        review.from_snapshot.changes[0].op,
        EnvVarsRolloutChangeOp::Added
    );
    let from_device = review.from_device.expect("from_device");
    assert_eq!(from_device.changes[0].op, EnvVarsRolloutChangeOp::Removed);
    assert_eq!(from_device.changes[0].before.as_deref(), Some("1"));
    assert_eq!(from_device.unchanged["MODE"], "prod");

    let started = client
        .start_device_env_vars_rollout(
            "0123456789abcdef01234567",
            &EnvVarsRolloutStart::new(EnvVarsRolloutStartWhen::Immediate),
        )
        .await
        .expect("start_device_env_vars_rollout");
    assert!(started.success);
}

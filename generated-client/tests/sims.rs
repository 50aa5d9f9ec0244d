//! SIM card operations on the wire against a local HTTP server (wiremock on 127.0.0.1): the user's
//! and a product's lists (filters and pages), the HEAD check and its statuses, release (202/204),
//! data usage of one SIM card and of a product's fleet; one SIM card's information and its
//! activation, deactivation and reactivation (user and product forms), and importing SIM cards.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, exact_query, json, no_body, no_query, received};
use futures_util::StreamExt;
use particle_client::Error;
use particle_client::models::{
    ImportProductSimsRequest, SimLastStatusChangeActionError, SimStatus, UpdateProductSimRequest,
    UpdateProductSimRequestAction, UpdateSimRequest, UpdateSimRequestAction,
};
use particle_client::operations::ListProductSimsParams;
use serde_json::json as value;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ICCID: &str = "8934076500002589174";

/// A SIM card with the field names of Particle's documentation (AD Sims.1).
const DOCUMENTED_SIM: &str = r#"{"_id":"8934076500002589174","activations_count":1,"base_country_code":"US","base_monthly_rate":299,"deactivations_count":0,"first_activated_on":"2017-03-01T19:00:43.040Z","last_activated_on":"2017-03-01T19:00:43.040Z","last_activated_via":"user_setup","last_status_change_action":"activate","last_status_change_action_error":"no","msisdn":"345901000000000","overage_monthly_rate":40,"status":"active","stripe_plan_slug":"KickstarterElectronPlan","updated_at":"2017-03-01T19:00:53.186Z","user_id":"5580bbb7b4de93a0a70001b1","carrier":"Telefonica","last_device_id":"0123456789abcdef01234567","last_device_name":"tracker-42"}"#;

/// A SIM card with the field names particle-api-js reads (`SimInfo`).
const JS_SIM: &str = r#"{"iccid":"8934076500002589175","status":"deactivated","activated_on":"2020-01-02T03:04:05.000Z","device_id":"0123456789abcdef01234568","device_name":"spare","carrier":"Kore"}"#;

const USAGE: &str = r#"{"iccid":"8934076500002589174","usage_by_day":[{"date":"2017-03-01","mbs_used":0.98,"mbs_used_cumulative":0.98},{"date":"2017-03-02","mbs_used":0.5,"mbs_used_cumulative":1.48}]}"#;

#[tokio::test]
async fn list_sims_reads_both_documented_field_sets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sims"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            &format!(r#"{{"sims":[{DOCUMENTED_SIM},{JS_SIM}]}}"#),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server).list_sims().await.expect("list_sims");
    assert_eq!(list.sims.len(), 2);
    assert!(list.meta.is_none());
    let documented = &list.sims[0];
    assert_eq!(documented.id.as_deref(), Some(ICCID));
    assert_eq!(documented.status, Some(SimStatus::Active));
    assert_eq!(documented.base_monthly_rate, Some(299));
    assert_eq!(
        documented.last_status_change_action_error,
        Some(SimLastStatusChangeActionError::No)
    );
    assert_eq!(
        documented.last_device_id.as_deref(),
        Some("0123456789abcdef01234567")
    );
    assert_eq!(
        documented.first_activated_on,
        Some(common::date("2017-03-01T19:00:43.040Z"))
    );
    let js = &list.sims[1];
    assert_eq!(js.iccid.as_deref(), Some("8934076500002589175"));
    assert_eq!(js.status, Some(SimStatus::Deactivated));
    assert_eq!(js.device_name.as_deref(), Some("spare"));
}

#[tokio::test]
async fn list_product_sims_sends_the_filters_and_walks_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/sims"))
        .and(bearer())
        .and(exact_query(
            "iccid=89340&deviceName=tracker&page=1&per_page=1",
        ))
        .respond_with(json(
            200,
            &format!(
                r#"{{"sims":[{DOCUMENTED_SIM}],"meta":{{"page":1,"per_page":1,"total_pages":2}}}}"#
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/sims"))
        .and(exact_query(
            "iccid=89340&deviceName=tracker&page=2&per_page=1",
        ))
        .respond_with(json(
            200,
            &format!(r#"{{"sims":[{JS_SIM}],"meta":{{"page":2,"per_page":1,"total_pages":2}}}}"#),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListProductSimsParams {
        iccid: Some("89340".into()),
        device_name: Some("tracker".into()),
        page: Some(1),
        per_page: Some(1),
        ..Default::default()
    };
    let client = client(&server);
    let mut pages = std::pin::pin!(client.list_product_sims_pages("my-product", &params));
    let mut iccids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        assert_eq!(page.meta.as_ref().map(|m| m.total_pages), Some(Some(2)));
        iccids.extend(page.sims.iter().map(|s| s.id.clone().or(s.iccid.clone())));
    }
    assert_eq!(
        iccids,
        [
            Some(ICCID.to_owned()),
            Some("8934076500002589175".to_owned())
        ]
    );
}

/// One page, by the plain method: a `deviceId` filter, no paging parameters.
#[tokio::test]
async fn list_product_sims_reads_one_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1337/sims"))
        .and(bearer())
        .and(exact_query("deviceId=0123456789abcdef01234568"))
        .and(no_body())
        .respond_with(json(
            200,
            &format!(r#"{{"sims":[{JS_SIM}],"meta":{{"page":1,"per_page":25,"total_pages":1}}}}"#),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListProductSimsParams {
        device_id: Some("0123456789abcdef01234568".into()),
        ..Default::default()
    };
    let page = client(&server)
        .list_product_sims("1337", &params)
        .await
        .expect("list_product_sims");
    let [sim] = page.sims.as_slice() else {
        panic!("one SIM card expected: {page:?}")
    };
    assert_eq!(sim.iccid.as_deref(), Some("8934076500002589175"));
    assert_eq!(sim.device_name.as_deref(), Some("spare"));
}

#[tokio::test]
async fn check_sim_is_a_head_request_read_by_its_status() {
    let server = MockServer::start().await;
    for (iccid, status) in [("1111", 200), ("2222", 204), ("3333", 205)] {
        Mock::given(method("HEAD"))
            .and(path(format!("/v1/sims/{iccid}")))
            .and(bearer())
            .and(no_body())
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("HEAD"))
        .and(path("/v1/sims/4444"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    for (iccid, status) in [("1111", 200), ("2222", 204), ("3333", 205)] {
        let answer = client
            .check_sim(iccid)
            .with_response()
            .await
            .expect("check_sim");
        assert_eq!(answer.status(), status);
    }
    // A HEAD answer has no body: the error carries the status only.
    match client.check_sim("4444").await {
        Err(error @ Error::UnexpectedStatus { .. }) => assert_eq!(error.status(), Some(404)),
        other => panic!("expected a bodiless 404, got {other:?}"),
    }
}

#[tokio::test]
async fn remove_sim_and_remove_product_sim_send_delete_and_report_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/sims/{ICCID}")))
        .and(bearer())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/products/1337/sims/{ICCID}")))
        .and(bearer())
        .and(no_body())
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    client.remove_sim(ICCID).await.expect("remove_sim");
    let pending = client
        .remove_product_sim("1337", ICCID)
        .with_response()
        .await
        .expect("remove_product_sim");
    assert_eq!(pending.status(), 202);
}

#[tokio::test]
async fn sim_data_usage_is_read_for_a_user_and_a_product_sim() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/sims/{ICCID}/data_usage")))
        .and(bearer())
        .and(no_query())
        .respond_with(json(200, USAGE))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/products/my-product/sims/{ICCID}/data_usage"
        )))
        .and(bearer())
        .and(no_query())
        .respond_with(json(200, USAGE))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let usage = client.get_sim_data_usage(ICCID).await.expect("usage");
    assert_eq!(usage.iccid.as_deref(), Some(ICCID));
    assert_eq!(usage.usage_by_day.len(), 2);
    let second = &usage.usage_by_day[1];
    assert_eq!(second.date.to_string(), "2017-03-02");
    assert_eq!(second.mbs_used_cumulative, 1.48);
    assert_eq!(usage.quota, None);

    let product = client
        .get_product_sim_data_usage("my-product", ICCID)
        .await
        .expect("product usage");
    assert_eq!(product, usage);
}

#[tokio::test]
async fn fleet_data_usage_reads_the_totals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/sims/data_usage"))
        .and(bearer())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"total_mbs_used":200.0,"total_active_sim_cards":22,"usage_by_day":[{"date":"2017-03-01","mbs_used":100.0,"mbs_used_cumulative":100.0},{"date":"2017-03-02","mbs_used":100.0,"mbs_used_cumulative":200.0}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let fleet = client(&server)
        .get_fleet_data_usage("my-product")
        .await
        .expect("fleet usage");
    assert_eq!(fleet.total_active_sim_cards, Some(22));
    assert_eq!(fleet.total_mbs_used, Some(200.0));
    assert_eq!(fleet.usage_by_day[1].mbs_used_cumulative, 200.0);
}

#[tokio::test]
async fn an_iccid_is_one_percent_encoded_path_segment_and_a_404_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sims/89%2F01/data_usage"))
        .respond_with(json(404, r#"{"ok":false,"error":"SIM card not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_sim_data_usage("89/01").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("SIM card not found"));
        }
        other => panic!("expected a decoded 404, got {other:?}"),
    }
    assert_eq!(
        received(&server).await[0].url.path(),
        "/v1/sims/89%2F01/data_usage"
    );
}

#[tokio::test]
async fn get_sim_reads_the_wrapped_sim_with_its_owner() {
    let server = MockServer::start().await;
    let sim = DOCUMENTED_SIM.replace('}', r#","owner":"jane@example.com"}"#);
    Mock::given(method("GET"))
        .and(path(format!("/v1/sims/{ICCID}")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"sim":{sim}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let sim = client(&server).get_sim(ICCID).await.expect("get_sim").sim;
    assert_eq!(sim.id.as_deref(), Some(ICCID));
    assert_eq!(sim.status, Some(SimStatus::Active));
    assert_eq!(sim.owner.as_deref(), Some("jane@example.com"));
    assert_eq!(sim.last_device_name.as_deref(), Some("tracker-42"));
}

#[tokio::test]
async fn get_product_sim_reads_the_wrapped_sim() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/products/my-product/sims/{ICCID}")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"sim":{DOCUMENTED_SIM}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let sim = client(&server)
        .get_product_sim("my-product", ICCID)
        .await
        .expect("get_product_sim")
        .sim;
    assert_eq!(sim.carrier.as_deref(), Some("Telefonica"));
    assert_eq!(sim.base_monthly_rate, Some(299));
}

#[tokio::test]
async fn update_sim_puts_the_action_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/sims/{ICCID}")))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("action=activate"))
        .respond_with(json(200, "{}"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .update_sim(
            ICCID,
            &UpdateSimRequest::new(UpdateSimRequestAction::Activate),
        )
        .with_response()
        .await
        .expect("update_sim");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn update_product_sim_puts_the_form_action_and_decodes_a_refusal() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/products/my-product/sims/{ICCID}")))
        .and(bearer())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("action=deactivate"))
        .respond_with(json(200, "{}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/products/my-product/sims/{ICCID}")))
        .and(body_string("action=reactivate"))
        .respond_with(json(
            400,
            r#"{"ok":false,"error":"SIM card is not deactivated"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    client
        .update_product_sim(
            "my-product",
            ICCID,
            &UpdateProductSimRequest::new(UpdateProductSimRequestAction::Deactivate),
        )
        .await
        .expect("update_product_sim");
    match client
        .update_product_sim(
            "my-product",
            ICCID,
            &UpdateProductSimRequest::new(UpdateProductSimRequestAction::Reactivate),
        )
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body.error.as_deref(), Some("SIM card is not deactivated"));
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn import_product_sims_posts_the_iccids_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/my-product/sims"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"sims": [ICCID, "8934076500002589175"]})))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let body = ImportProductSimsRequest::new(vec![ICCID.into(), "8934076500002589175".into()]);
    let answer = client(&server)
        .import_product_sims("my-product", &body)
        .await
        .expect("import_product_sims");
    assert_eq!(answer.ok, Some(true));
}

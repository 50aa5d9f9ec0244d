//! Device groups on the wire against a local HTTP server (wiremock on 127.0.0.1): list (with the
//! name filter), create (201), get, edit, delete (204), the batch assignment of groups to many
//! devices (PUT on the product's device list), and the impact of a firmware release on groups.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, bearer, client, exact_query, json, no_body, no_query};
use particle_client::Error;
use particle_client::models::{
    BatchDeviceGroupsChange, BatchDeviceGroupsRequest, BatchDeviceGroupsRequestAction,
    CreateProductGroupRequest, UpdateProductGroupRequest,
};
use particle_client::operations::{GetProductImpactParams, ListProductGroupsParams};
use serde_json::json as value;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One group as the single-group routes answer it (AD Groups.1).
const GROUP: &str = r##"{"group":{"name":"asset-tracker","description":"Trackers on the trucks","color":"#e74c3c","fw_version":3,"device_count":12}}"##;

#[tokio::test]
async fn list_product_groups_sends_the_name_filter_and_reads_the_groups() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/groups"))
        .and(bearer())
        .and(exact_query("name=asset"))
        .and(no_body())
        .respond_with(json(
            200,
            r##"{"groups":[{"name":"asset-tracker","description":"Trackers on the trucks","color":"#e74c3c","fw_version":3},{"name":"asset-spare","color":"#3498db"}]}"##,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListProductGroupsParams {
        name: Some("asset".into()),
    };
    let list = client(&server)
        .list_product_groups("my-product", &params)
        .await
        .expect("list_product_groups");
    assert_eq!(list.groups.len(), 2);
    assert_eq!(list.groups[0].name, "asset-tracker");
    assert_eq!(list.groups[0].fw_version, Some(3));
    assert_eq!(list.groups[0].device_count, None);
    assert_eq!(list.groups[1].description, None);
    assert_eq!(list.groups[1].color.as_deref(), Some("#3498db"));
}

#[tokio::test]
async fn create_product_group_posts_a_form_and_reads_the_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/groups"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "name=asset-tracker&color=%23e74c3c&description=Trackers+on+the+trucks",
        ))
        .respond_with(json(201, GROUP))
        .expect(1)
        .mount(&server)
        .await;

    let mut body = CreateProductGroupRequest::new("asset-tracker");
    body.color = Some("#e74c3c".into());
    body.description = Some("Trackers on the trucks".into());
    let created = client(&server)
        .create_product_group("1337", &body)
        .await
        .expect("create_product_group");
    assert_eq!(created.group.name, "asset-tracker");
    assert_eq!(created.group.device_count, Some(12));
}

#[tokio::test]
async fn get_product_group_encodes_the_name_and_reads_the_group() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/groups/asset%20tracker"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, GROUP))
        .expect(1)
        .mount(&server)
        .await;

    let group = client(&server)
        .get_product_group("my-product", "asset tracker")
        .await
        .expect("get_product_group")
        .group;
    assert_eq!(group.color.as_deref(), Some("#e74c3c"));
    assert_eq!(group.description.as_deref(), Some("Trackers on the trucks"));
    assert_eq!(group.fw_version, Some(3));
}

#[tokio::test]
async fn update_product_group_sends_only_the_changed_fields_as_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product/groups/asset-tracker"))
        .and(bearer())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("name=trucks"))
        .respond_with(json(
            200,
            r##"{"group":{"name":"trucks","color":"#e74c3c","fw_version":3,"device_count":12}}"##,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let body = UpdateProductGroupRequest {
        name: Some("trucks".into()),
        ..UpdateProductGroupRequest::default()
    };
    let group = client(&server)
        .update_product_group("my-product", "asset-tracker", Some(&body))
        .await
        .expect("update_product_group")
        .group;
    assert_eq!(group.name, "trucks");
    assert_eq!(group.description, None);
}

#[tokio::test]
async fn delete_product_group_accepts_204_and_reports_404() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/my-product/groups/asset-tracker"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/my-product/groups/gone"))
        .respond_with(json(404, r#"{"error":"Group not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    client
        .delete_product_group("my-product", "asset-tracker")
        .await
        .expect("delete_product_group");
    match client.delete_product_group("my-product", "gone").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.error.as_deref(), Some("Group not found"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn batch_update_product_device_groups_puts_the_documented_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product/devices"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "action": "groups",
            "devices": [DEVICE_ID, "0123456789abcdef01234568"],
            "metadata": {"add": ["europe"], "remove": ["asia"]}
        })))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let body = BatchDeviceGroupsRequest::new(
        BatchDeviceGroupsRequestAction::Groups,
        vec![DEVICE_ID.into(), "0123456789abcdef01234568".into()],
        BatchDeviceGroupsChange {
            add: Some(vec!["europe".into()]),
            remove: Some(vec!["asia".into()]),
        },
    );
    let answer = client(&server)
        .batch_update_product_device_groups("my-product", &body)
        .await
        .expect("batch_update_product_device_groups");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn get_product_impact_sends_the_action_and_reads_the_counts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/impact"))
        .and(bearer())
        .and(exact_query(
            "action=edit_groups_for_firmware&firmware_version=3\
             &groups=asset-tracker%2Ceurope&product_default=false",
        ))
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"devices":{"firmware_update":{"total":3,"by_version":[{"version":1,"total":2},{"version":2,"total":1}]}}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetProductImpactParams {
        action: "edit_groups_for_firmware".into(),
        firmware_version: 3,
        groups: Some("asset-tracker,europe".into()),
        product_default: Some(false),
    };
    let impact = client(&server)
        .get_product_impact("my-product", &params)
        .await
        .expect("get_product_impact");
    let update = impact.devices.firmware_update.expect("firmware_update");
    assert_eq!(update.total, 3);
    let by_version = update.by_version.expect("by_version");
    assert_eq!(
        by_version
            .iter()
            .map(|count| (count.version, count.total))
            .collect::<Vec<_>>(),
        vec![(1, 2), (2, 1)]
    );
}

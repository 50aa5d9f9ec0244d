//! Asset tracking on the wire against a local HTTP server (wiremock on 127.0.0.1): a product's
//! device locations with every filter and the pages, one device's track, and the Tracker
//! configuration of a product and of a device (free-form JSON both ways, 200/202, the rejection),
//! the deletion of a product's and a device's configuration schema, and the fleet-wide last known
//! locations.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, bearer, client, date, exact_query, json, no_body, no_query};
use futures_util::StreamExt;
use particle_client::models::{
    ConfigurationSchemaDeletion, LocationGeometryType, TrackerConfigurationChange,
};
use particle_client::operations::{
    GetProductDeviceLocationsParams, GetProductFleetLocationsParams, GetProductLocationsParams,
};
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One device of a location page (AD Location.2), a `Point`.
const POINT: &str = r#"{"device_id":"0123456789abcdef01234567","product_id":1337,"device_name":"tracker-42","groups":["warehouse"],"gps_lock":true,"last_heard":"2020-06-01T12:00:00.000Z","timestamps":["2020-06-01T12:00:00.000Z"],"online":true,"geometry":{"type":"Point","coordinates":[-71.1,42.35,12.5]},"properties":[{"hd":90.5,"acc_h":4.2,"speed":1.5,"temp":21.0}]}"#;

#[tokio::test]
async fn get_product_locations_sends_every_filter_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/locations"))
        .and(bearer())
        .and(no_body())
        .and(exact_query(
            "date_range=2020-06-01T00%3A00%3A00Z%2C2020-06-02T00%3A00%3A00Z\
             &rect_bl=42.30%2C-71.20&rect_tr=42.40%2C-71.00\
             &device_id=0123&device_name=tracker\
             &groups=warehouse&groups=yard&page=1&per_page=100",
        ))
        .respond_with(json(
            200,
            &format!(
                r#"{{"locations":[{POINT}],"meta":{{"page":1,"per_page":100,"total_pages":1,"devices_found":1}}}}"#
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetProductLocationsParams {
        date_range: Some("2020-06-01T00:00:00Z,2020-06-02T00:00:00Z".into()),
        rect_bl: Some("42.30,-71.20".into()),
        rect_tr: Some("42.40,-71.00".into()),
        device_id: Some("0123".into()),
        device_name: Some("tracker".into()),
        groups: Some(vec!["warehouse".into(), "yard".into()]),
        page: Some(1),
        per_page: Some(100),
    };
    let list = client(&server)
        .get_product_locations("my-product", &params)
        .await
        .expect("get_product_locations");
    assert_eq!(list.meta.devices_found, Some(1));
    assert_eq!(list.meta.total_pages, 1);
    let device = &list.locations[0];
    assert_eq!(device.device_id, DEVICE_ID);
    assert_eq!(device.gps_lock, Some(true));
    assert_eq!(device.last_heard, Some(date("2020-06-01T12:00:00.000Z")));
    let geometry = device.geometry.as_ref().expect("geometry");
    assert_eq!(geometry.r#type, LocationGeometryType::Point);
    assert_eq!(
        geometry.coordinates,
        vec![value!(-71.1), value!(42.35), value!(12.5)]
    );
    let properties = device.properties.as_ref().expect("properties");
    assert_eq!(properties[0].speed, Some(1.5));
}

#[tokio::test]
async fn get_product_locations_pages_until_the_last() {
    let server = MockServer::start().await;
    for page in 1..=2 {
        Mock::given(method("GET"))
            .and(path("/v1/products/1337/locations"))
            .and(exact_query(if page == 1 { "page=1" } else { "page=2" }))
            .respond_with(json(
                200,
                &format!(
                    r#"{{"locations":[{POINT}],"meta":{{"page":{page},"per_page":1,"total_pages":2,"devices_found":2}}}}"#
                ),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client(&server);
    let params = GetProductLocationsParams::default();
    let pages: Vec<_> = client
        .get_product_locations_pages("1337", &params)
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].as_ref().expect("page 2").meta.page, Some(2));
}

#[tokio::test]
async fn get_product_device_locations_reads_a_line_string_track() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/products/my-product/locations/{DEVICE_ID}")))
        .and(bearer())
        .and(exact_query(
            "date_range=2020-06-01T00%3A00%3A00Z%2C2020-06-02T00%3A00%3A00Z",
        ))
        .respond_with(json(
            200,
            r#"{"device_id":"0123456789abcdef01234567","product_id":1337,"device_name":null,"gps_lock":false,"online":false,"timestamps":["2020-06-01T12:00:00.000Z","2020-06-01T12:05:00.000Z"],"geometry":{"type":"LineString","coordinates":[[-71.1,42.35],[-71.2,42.36]]}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetProductDeviceLocationsParams {
        date_range: Some("2020-06-01T00:00:00Z,2020-06-02T00:00:00Z".into()),
        ..Default::default()
    };
    let track = client(&server)
        .get_product_device_locations("my-product", DEVICE_ID, &params)
        .await
        .expect("get_product_device_locations");
    assert_eq!(track.device_name, Nullable::Null);
    assert_eq!(track.timestamps.as_ref().map(Vec::len), Some(2));
    let geometry = track.geometry.expect("geometry");
    assert_eq!(geometry.r#type, LocationGeometryType::LineString);
    assert_eq!(geometry.coordinates[1], value!([-71.2, 42.36]));
}

#[tokio::test]
async fn product_configuration_is_read_and_written_as_free_form_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/config"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"configuration":{"location":{"radius":50,"interval_min":900,"lock_trigger":true}}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/my-product/config"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"location": {"radius": 25}})))
        .respond_with(json(202, "{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let config = client
        .get_product_configuration("my-product")
        .await
        .expect("get_product_configuration");
    let sections = config.configuration.expect("configuration");
    assert_eq!(sections["location"]["radius"], value!(50));

    let mut change = TrackerConfigurationChange::new();
    change.insert("location".into(), value!({"radius": 25}));
    let answer = client
        .set_product_configuration("my-product", &change)
        .with_response()
        .await
        .expect("set_product_configuration");
    assert_eq!(answer.status(), 202);
    assert_eq!(answer.configuration, None, "the acknowledgement is `{{}}`");
}

#[tokio::test]
async fn device_configuration_reports_current_and_pending_and_a_rejection_decodes() {
    let server = MockServer::start().await;
    let device_path = format!("/v1/products/my-product/config/{DEVICE_ID}");
    Mock::given(method("GET"))
        .and(path(device_path.as_str()))
        .and(bearer())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"configuration":{"location":{"radius":{"current":50,"pending":25}}}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(device_path.as_str()))
        .and(bearer())
        .and(body_json(value!({"location": {"radius": 25}})))
        .respond_with(json(200, r#"{"configuration":{"location":{"radius":25}}}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(device_path.as_str()))
        .and(body_json(value!({"imu_trig": {"motion": "bogus"}})))
        .respond_with(json(
            400,
            r#"{"error":"device_rejected_configuration","error_description":"Configuration updates failed for some sections: imu_trig"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let config = client
        .get_product_device_configuration("my-product", DEVICE_ID)
        .await
        .expect("get_product_device_configuration");
    assert_eq!(
        config.configuration.expect("configuration")["location"]["radius"]["pending"],
        value!(25)
    );

    let mut change = TrackerConfigurationChange::new();
    change.insert("location".into(), value!({"radius": 25}));
    let applied = client
        .set_product_device_configuration("my-product", DEVICE_ID, &change)
        .with_response()
        .await
        .expect("set_product_device_configuration");
    assert_eq!(applied.status(), 200);

    let mut bad = TrackerConfigurationChange::new();
    bad.insert("imu_trig".into(), value!({"motion": "bogus"}));
    match client
        .set_product_device_configuration("my-product", DEVICE_ID, &bad)
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body.error.as_deref(), Some("device_rejected_configuration"));
            assert!(
                body.error_description
                    .as_deref()
                    .is_some_and(|d| d.ends_with("imu_trig")),
                "{body:?}"
            );
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_product_configuration_schema_sends_the_documented_empty_schema_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/my-product/config"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/schema+json"))
        .and(body_json(value!({})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_product_configuration_schema("my-product", &ConfigurationSchemaDeletion::default())
        .with_response()
        .await
        .expect("delete_product_configuration_schema");
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn delete_product_device_configuration_schema_targets_the_device() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/products/1337/config/{DEVICE_ID}")))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/schema+json"))
        .and(body_json(value!({})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/1337/config/unknown"))
        .respond_with(json(404, r#"{"error":"Device not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    client
        .delete_product_device_configuration_schema(
            "1337",
            DEVICE_ID,
            &ConfigurationSchemaDeletion::default(),
        )
        .await
        .expect("delete_product_device_configuration_schema");
    match client
        .delete_product_device_configuration_schema(
            "1337",
            "unknown",
            &ConfigurationSchemaDeletion::default(),
        )
        .await
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(body.error.as_deref(), Some("Device not found"));
        }
        other => panic!("expected a decoded 404, got {other:?}"),
    }
}

#[tokio::test]
async fn get_product_fleet_locations_sends_the_filters_and_reads_the_documented_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1234/fleet_locations"))
        .and(bearer())
        .and(exact_query(
            "device_id=1234&device_name=truck&groups=us-east&groups=trucks",
        ))
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"locations":[{"device_id":"1234567890abcdef","product_id":343,"device_name":"deploy-truck32","gps_lock":true,"last_heard":"2020-12-07T21:07:12Z","groups":["us-east","trucks"],"timestamps":["2020-12-07T21:07:12Z"],"geometry":{"type":"Point","coordinates":[34.518699645996094,31.504855323809403]}},{"device_id":"deadbeef123456","product_id":343,"groups":["us-east"],"device_name":"service-truck11","timestamp":"2020-12-07T21:07:12Z","gps_lock":true,"last_heard":"2020-12-07T21:07:12Z","geometry":{"type":"Point","coordinates":[33.548699645996094,30.804855323809403]}}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetProductFleetLocationsParams {
        device_id: Some("1234".into()),
        device_name: Some("truck".into()),
        groups: Some(vec!["us-east".into(), "trucks".into()]),
    };
    let fleet = client(&server)
        .get_product_fleet_locations("1234", &params)
        .await
        .expect("get_product_fleet_locations");
    assert_eq!(fleet.locations.len(), 2);
    let first = &fleet.locations[0];
    assert_eq!(first.device_id, "1234567890abcdef");
    assert_eq!(first.device_name.as_deref(), Some("deploy-truck32"));
    assert_eq!(first.last_heard, Some(date("2020-12-07T21:07:12Z")));
    let geometry = first.geometry.as_ref().expect("geometry");
    assert_eq!(geometry.r#type, LocationGeometryType::Point);
    let coordinates: Vec<f64> = geometry
        .coordinates
        .iter()
        .map(|coordinate| coordinate.as_f64().expect("a number"))
        .collect();
    assert_eq!(coordinates.len(), 2);
    assert!((coordinates[0] - 34.518_699_645_996_094).abs() < 1e-9);
    assert!((coordinates[1] - 31.504_855_323_809_4).abs() < 1e-9);
    assert_eq!(fleet.locations[1].gps_lock, Some(true));
}

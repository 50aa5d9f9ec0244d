//! Diagnostics, build targets and product firmware on the wire against a local HTTP server
//! (wiremock on 127.0.0.1): the 202 answer of a vitals refresh (with and without a body), the last
//! vitals, the `{error, description}` error shape, build targets fetched without a token, and the
//! product firmware list.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{
    DEVICE_ID, bearer, client, date, exact_query, json, no_authorization, no_body, no_query,
};
use particle_client::operations::ListBuildTargetsParams;
use particle_client::{Client, Error};
use serde_json::json as value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The last vitals of a cellular device, nested as the docs describe them (AD Diagnostics.2/3).
const LAST_VITALS: &str = r#"{"diagnostics":{"updated_at":"2018-01-19T21:32:10.016Z","deviceID":"0123456789abcdef01234567","payload":{"device":{"network":{"cellular":{"radio_access_technology":"LTE","operator":"AT&T","cell_global_identity":{"mobile_country_code":310,"mobile_network_code":"410","location_area_code":2,"cell_id":3}},"signal":{"at":"LTE Cat-M1","strength":80.1,"strength_units":"%","strengthv":-97,"strengthv_units":"dBm","strengthv_type":"RSRP","quality":37.5,"quality_units":"%","qualityv":-13,"qualityv_units":"dB","qualityv_type":"RSRQ"},"connection":{"status":"connected","error":0,"disconnects":0,"attempts":1,"disconnect_reason":"none"}},"cloud":{"coap":{"transmit":10,"retransmit":0,"unack":0,"round_trip":1202},"publish":{"rate_limited":0}},"power":{"battery":{"charge":84.5,"state":"discharging"},"source":"battery"},"system":{"uptime":3600,"memory":{"used":36848,"total":113200}}},"service":{"device":{"status":"ok"},"cloud":{"uptime":3500,"publish":{"sent":12}},"coap":{"round_trip":1202}}}}}"#;

#[tokio::test]
async fn refresh_diagnostics_reads_the_documented_202() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/diagnostics/{DEVICE_ID}/update")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(202, r#"{"ok": true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .refresh_diagnostics(DEVICE_ID)
        .await
        .expect("refresh");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn an_empty_202_is_success() {
    // The documented answer has a body; a bare 202 is read as `{}`, which `OkResponse` (every
    // field optional) accepts.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/diagnostics/{DEVICE_ID}/update")))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).refresh_diagnostics(DEVICE_ID).await {
        Ok(answer) => assert_eq!(answer.ok, None),
        other => panic!("expected success for the empty 202, got {other:?}"),
    }
}

#[tokio::test]
async fn get_last_diagnostics_decodes_the_vitals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/diagnostics/{DEVICE_ID}/last")))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, LAST_VITALS))
        .expect(1)
        .mount(&server)
        .await;
    let last = client(&server)
        .get_last_diagnostics(DEVICE_ID)
        .await
        .expect("last vitals");
    let record = last.diagnostics.expect("diagnostics");
    assert_eq!(record.updated_at, Some(date("2018-01-19T21:32:10.016Z")));
    assert_eq!(record.device_id.as_deref(), Some(DEVICE_ID));
    // The vitals, typed as the `spark/device/diagnostics/update` event's payload is.
    let payload = record.payload.expect("payload");
    let device = payload.device.expect("device");
    let battery = device
        .power
        .and_then(|power| power.battery)
        .expect("battery");
    assert_eq!(battery.charge, Some(value!(84.5)));
    let signal = device
        .network
        .and_then(|network| network.signal)
        .expect("signal");
    assert_eq!(signal.strengthv, Some(-97.0));
    let memory = device
        .system
        .and_then(|system| system.memory)
        .expect("memory");
    assert_eq!(memory.total, Some(113_200));
    let service = payload.service.expect("service");
    assert_eq!(
        service.device.and_then(|device| device.status).as_deref(),
        Some("ok")
    );
}

#[tokio::test]
async fn a_diagnostics_error_has_error_and_description() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/diagnostics/{DEVICE_ID}/last")))
        .respond_with(json(
            400,
            r#"{"error":"bad_request","description":"start_date must not be more than than 30 days ago"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).get_last_diagnostics(DEVICE_ID).await {
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            assert_eq!(body.error.as_deref(), Some("bad_request"));
            assert_eq!(
                body.description.as_deref(),
                Some("start_date must not be more than than 30 days ago")
            );
            assert_eq!(body.error_description, None);
        }
        other => panic!("expected a decoded 400, got {other:?}"),
    }
}

/// Build targets as the docs describe them (AD Firmware.4).
const BUILD_TARGETS: &str = r#"{"targets":[{"platforms":[6,8,10],"prereleases":[],"firmware_vendor":"Particle","version":"1.5.0"},{"platforms":[12,13],"prereleases":[12,13],"firmware_vendor":"Particle","version":"5.0.0-rc.1"}],"platforms":{"Photon":6,"P1":8,"Electron":10,"Argon":12,"Boron":13},"default_versions":{"6":"1.5.0","13":"4.2.0"}}"#;

#[tokio::test]
async fn list_build_targets_sends_the_token_it_has() {
    // The spec makes the token optional here (`security: [{access_token: []}, {}]`): a client
    // that has one sends it; one without sends none (next test).
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/build_targets"))
        .and(common::bearer())
        .and(exact_query("featured=true"))
        .and(no_body())
        .respond_with(json(200, BUILD_TARGETS))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListBuildTargetsParams {
        featured: Some(true),
    };
    let targets = client(&server)
        .list_build_targets(&params)
        .await
        .expect("build targets");
    let list = targets.targets.expect("targets");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].version.as_deref(), Some("1.5.0"));
    assert_eq!(list[0].platforms, Some(vec![6, 8, 10]));
    assert_eq!(list[1].prereleases, Some(vec![12, 13]));
    assert_eq!(list[1].firmware_vendor.as_deref(), Some("Particle"));
    let platforms = targets.platforms.expect("platforms");
    assert_eq!(platforms.get("Boron"), Some(&13));
    let defaults = targets.default_versions.expect("default_versions");
    assert_eq!(defaults.get("13").map(String::as_str), Some("4.2.0"));
}

#[tokio::test]
async fn list_build_targets_works_without_any_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/build_targets"))
        .and(no_authorization())
        .and(no_query())
        .respond_with(json(
            200,
            r#"{"targets":[],"platforms":{},"default_versions":{}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let anonymous = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .build()
        .expect("client");
    let targets = anonymous
        .list_build_targets(&ListBuildTargetsParams::default())
        .await
        .expect("build targets");
    assert_eq!(targets.targets, Some(Vec::new()));
}

/// Two product firmware versions as the docs describe them (AD ProductFirmware.1/2).
const FIRMWARE: &str = r#"[{"_id":"58c09bb7e4e3b32a3bc6d2e3","version":3,"title":"Better battery life","description":"Sleeps between readings","name":"firmware.bin","size":7696,"product_default":true,"groups":["beta"],"mandatory":false,"uploaded_on":"2017-03-09T00:15:19.000Z","product_id":1234,"uploaded_by":{"username":"jane@example.com"},"device_count":42},{"_id":"58b8e5b1d1a4e0f1a2b3c4d5","version":2,"title":"First release","description":null,"name":"firmware.bin","size":7000,"product_default":false,"current":false,"uploaded_on":"2017-03-01T12:00:00.000Z","product_id":1234,"uploaded_by":{"username":"jane@example.com"},"device_count":0}]"#;

#[tokio::test]
async fn list_product_firmware_decodes_the_versions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/firmware"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, FIRMWARE))
        .expect(1)
        .mount(&server)
        .await;
    let versions = client(&server)
        .list_product_firmware("my-product")
        .await
        .expect("firmware");
    assert_eq!(versions.len(), 2);
    let latest = &versions[0];
    assert_eq!(latest.id.as_deref(), Some("58c09bb7e4e3b32a3bc6d2e3"));
    assert_eq!(latest.version, 3);
    assert_eq!(latest.title.as_deref(), Some("Better battery life"));
    assert_eq!(latest.size, Some(7696));
    assert_eq!(latest.product_default, Some(true));
    assert_eq!(latest.groups, Some(vec!["beta".to_owned()]));
    assert_eq!(latest.uploaded_on, Some(date("2017-03-09T00:15:19Z")));
    assert_eq!(latest.product_id, Some(1234));
    assert_eq!(
        latest
            .uploaded_by
            .as_ref()
            .and_then(|by| by.username.as_deref()),
        Some("jane@example.com")
    );
    assert_eq!(latest.device_count, Some(42));
    let first = &versions[1];
    assert_eq!(first.version, 2);
    assert_eq!(first.description, None, "`description: null` reads as None");
    assert_eq!(first.current, Some(false));
}

#[tokio::test]
async fn an_unknown_product_is_a_404_with_ok_false() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/no%20such%20product/firmware"))
        .respond_with(json(404, r#"{"ok": false, "error": "not found"}"#))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server)
        .list_product_firmware("no such product")
        .await
    {
        Err(Error::Api {
            status: 404, body, ..
        }) => {
            assert_eq!(body.ok, Some(false));
            assert_eq!(body.error.as_deref(), Some("not found"));
        }
        other => panic!("expected a decoded 404, got {other:?}"),
    }
}

//! Test your own code against typed mocks of the Particle Cloud.
//!
//! `offline_devices` below is code of your application: it asks the cloud about some devices and
//! says which are offline. Its tests (at the bottom) start a `MockServer` (feature `mock`), tell
//! it what each call answers, and run the function against it: no account, no device, no
//! network. Run them with
//!
//! ```sh
//! cargo test -p particle-client --features mock --example testing_with_mocks
//! ```
//!
//! Run against your account, the program prints which of your devices are offline:
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… PARTICLE_DEVICE_IDS=0123456789abcdef01234567,… \
//!     cargo run -p particle-client --features mock --example testing_with_mocks
//! ```
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program reports on the terminal.
#![allow(clippy::print_stdout)]

mod common;

use particle_client::{Client, Error, Result};

/// What the check found about one device.
#[derive(Debug, PartialEq)]
pub enum Status {
    /// Connected to the cloud.
    Online,
    /// Known to the cloud, not connected.
    Offline,
    /// The cloud does not know the device, or it is not yours.
    Unknown,
}

/// The code under test: the status of each device, in order. A device the cloud does not know is
/// `Unknown`; any other failure (a bad token, the cloud down) is the error.
pub async fn device_statuses(client: &Client, ids: &[&str]) -> Result<Vec<Status>> {
    let mut statuses = Vec::with_capacity(ids.len());
    for id in ids {
        let status = match client.get_device(id).await {
            Ok(device) if device.online == Some(true) => Status::Online,
            Ok(_) => Status::Offline,
            Err(Error::Api {
                status: 403 | 404, ..
            }) => Status::Unknown,
            Err(error) => return Err(error),
        };
        statuses.push(status);
    }
    Ok(statuses)
}

/// The devices of `ids` that are offline or unknown, as a report line each.
pub async fn offline_devices(client: &Client, ids: &[&str]) -> Result<Vec<String>> {
    let statuses = device_statuses(client, ids).await?;
    Ok(ids
        .iter()
        .zip(statuses)
        .filter_map(|(id, status)| match status {
            Status::Online => None,
            Status::Offline => Some(format!("{id} is offline")),
            Status::Unknown => Some(format!("{id} is not a device of this account")),
        })
        .collect())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let token = common::env("PARTICLE_ACCESS_TOKEN", "see the top of this file")?;
    let ids = common::env("PARTICLE_DEVICE_IDS", "device IDs, separated by commas")?;
    let ids: Vec<&str> = ids.split(',').map(str::trim).collect();
    let client = common::builder()?.access_token(token).build()?;
    let offline = offline_devices(&client, &ids).await?;
    if offline.is_empty() {
        println!("all {} device(s) are online", ids.len());
    }
    for line in offline {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use particle_client::mock::MockServer;
    use particle_client::models::{DeviceInfo, ErrorBody};

    use super::*;

    fn device(id: &str, online: bool) -> DeviceInfo {
        let mut device = DeviceInfo::new(id);
        device.online = Some(online);
        device
    }

    #[tokio::test]
    async fn reports_the_offline_device_only() {
        let server = MockServer::start().await;
        // One mock per device: each call must name its device, and be made once.
        for (id, online) in [("aaa", true), ("bbb", false)] {
            server
                .get_device()
                .device_id(id)
                .ok(&device(id, online))
                .times(1)
                .mount()
                .await;
        }
        let offline = offline_devices(&server.client(), &["aaa", "bbb"]).await;
        assert_eq!(offline.ok(), Some(vec!["bbb is offline".to_owned()]));
    }

    #[tokio::test]
    async fn a_device_the_cloud_does_not_know_is_reported_not_fatal() {
        let server = MockServer::start().await;
        let denied = ErrorBody {
            error: Some("Permission Denied".to_owned()),
            info: Some("I didn't recognize that device name or ID".to_owned()),
            ..ErrorBody::default()
        };
        server
            .get_device()
            .device_id("ccc")
            .error(403, &denied)
            .mount()
            .await;
        let offline = offline_devices(&server.client(), &["ccc"]).await;
        assert_eq!(
            offline.ok(),
            Some(vec!["ccc is not a device of this account".to_owned()])
        );
    }

    #[tokio::test]
    async fn an_expired_token_is_the_error_with_the_clouds_message() {
        let server = MockServer::start().await;
        let invalid = ErrorBody {
            error: Some("invalid_token".to_owned()),
            error_description: Some("The access token provided is invalid.".to_owned()),
            ..ErrorBody::default()
        };
        server.get_device().error(401, &invalid).mount().await;
        let error = offline_devices(&server.client(), &["aaa", "bbb"])
            .await
            .expect_err("a 401 stops the check");
        assert_eq!(error.status(), Some(401));
        assert!(
            error
                .to_string()
                .contains("invalid_token: The access token provided is invalid."),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_slow_cloud_is_a_timeout_of_the_callers_choosing() {
        let server = MockServer::start().await;
        server
            .get_device()
            .delay(Duration::from_secs(5))
            .ok(&device("aaa", true))
            .mount()
            .await;
        let client = server
            .builder()
            .timeout(Duration::from_millis(200))
            .build()
            .expect("a client");
        let error = offline_devices(&client, &["aaa"])
            .await
            .expect_err("slower than the timeout");
        assert!(error.is_timeout(), "{error}");
    }

    #[tokio::test]
    async fn a_call_the_test_did_not_expect_fails_with_what_differed() {
        let server = MockServer::start().await;
        server
            .get_device()
            .device_id("aaa")
            .ok(&device("aaa", true))
            .mount()
            .await;
        // The code asks about a device the test did not plan for.
        let error = offline_devices(&server.client(), &["zzz"])
            .await
            .expect_err("no mock answers zzz");
        assert!(
            error
                .to_string()
                .contains("path parameter `deviceId` is `zzz`, expected `aaa`"),
            "{error}"
        );
        // Taken, so the server's drop does not fail the test for it.
        assert_eq!(server.take_unmatched().len(), 1);
    }
}

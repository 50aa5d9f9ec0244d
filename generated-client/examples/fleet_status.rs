//! Watch a product fleet's status: which devices are online now, then every change as it
//! happens, from the platform's special events (`spark/status`, `spark/flash/status`,
//! `spark/device/last_reset`, `spark/device/diagnostics/update`) typed by `SpecialEvent`.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=... PARTICLE_PRODUCT=my-product-v1 \
//!     cargo run -p particle-client --example fleet_status
//! ```
//!
//! `PARTICLE_PRODUCT` is the product's numeric ID or its slug. It listens for `LISTEN_SECONDS`
//! (default 60), or until `EVENT_LIMIT` events have arrived, then prints how many devices are
//! online.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program: it reports to its user on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::StreamExt;
use particle_client::Error;
use particle_client::events::SpecialEvent;
use particle_client::models::DeviceConnectionStatus;
use particle_client::operations::ListProductDevicesParams;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = common::env("PARTICLE_ACCESS_TOKEN", "see the top of this file")?;
    let product = common::env("PARTICLE_PRODUCT", "see the top of this file")?;
    let limit: Option<usize> = match std::env::var("EVENT_LIMIT") {
        Ok(count) => Some(count.parse().map_err(|_| "EVENT_LIMIT must be a number")?),
        Err(_) => None,
    };
    let seconds: u64 = match std::env::var("LISTEN_SECONDS") {
        Ok(seconds) => seconds
            .parse()
            .map_err(|_| "LISTEN_SECONDS must be a number")?,
        Err(_) => 60,
    };
    let client = common::builder()?.access_token(token).build()?;

    // Subscribe first, so that no change falls between the list and the stream. Every special
    // event's name starts with `spark/`.
    let mut events = match client
        .subscribe_product_events_with_prefix(&product, "spark/")
        .await
    {
        Ok(events) => events,
        Err(Error::Api {
            status: 403 | 404, ..
        }) => return Err(format!("no product {product} that this token may read").into()),
        Err(error) => return Err(error.into()),
    };

    // Where the fleet stands now: device ID → (name, online).
    let mut fleet: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let params = ListProductDevicesParams {
        per_page: Some(100),
        ..Default::default()
    };
    let mut pages = std::pin::pin!(client.list_product_devices_pages(&product, &params));
    while let Some(page) = pages.next().await {
        for device in page?.devices {
            let name = device.name.as_deref().unwrap_or(&device.id).to_owned();
            fleet.insert(device.id, (name, device.online == Some(true)));
        }
    }
    let online = fleet.values().filter(|(_, online)| *online).count();
    println!(
        "{} devices, {online} online; watching for changes",
        fleet.len()
    );

    let watch = async {
        let mut seen = 0;
        while let Some(next) = events.next().await {
            let event = match next {
                Ok(event) => event,
                // An event whose data does not decode; the stream goes on.
                Err(error) => {
                    eprintln!("skipped an event: {error}");
                    continue;
                }
            };
            seen += 1;
            let id = event.data.coreid.clone();
            let entry = fleet
                .entry(id.clone())
                .or_insert_with(|| (id.clone(), false));
            let device = entry.0.clone();
            match SpecialEvent::of(&event) {
                SpecialEvent::Status(status) => {
                    entry.1 = status == DeviceConnectionStatus::Online;
                    let state = match status {
                        DeviceConnectionStatus::Online => "online",
                        DeviceConnectionStatus::Offline => "offline",
                        _ => "about to update",
                    };
                    println!("{device}: {state}");
                }
                SpecialEvent::FlashStatus(status) => println!("{device}: flash {status:?}"),
                SpecialEvent::LastReset(reset) => match reset.panic {
                    Some(panic) => println!("{device}: reset by a panic ({panic:?})"),
                    None => println!("{device}: reset ({:?})", reset.reason),
                },
                SpecialEvent::Vitals(vitals) => {
                    let signal = vitals
                        .device
                        .and_then(|device| device.network)
                        .and_then(|network| network.signal)
                        .and_then(|signal| signal.strength);
                    match signal {
                        Some(strength) => println!("{device}: vitals, signal {strength}%"),
                        None => println!("{device}: vitals"),
                    }
                }
                SpecialEvent::Malformed { kind, error } => {
                    eprintln!("{device}: a {kind} event that does not read as one: {error}");
                }
                other => println!("{device}: {} ({})", event.name, other.kind()),
            }
            if limit.is_some_and(|limit| seen >= limit) {
                break;
            }
        }
    };
    if tokio::time::timeout(Duration::from_secs(seconds), watch)
        .await
        .is_err()
    {
        println!("no more events after {seconds} s");
    }
    let online = fleet.values().filter(|(_, online)| *online).count();
    println!("{} devices, {online} online", fleet.len());
    Ok(())
}

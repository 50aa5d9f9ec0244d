//! Page through a product's fleet: every device of a product, 100 per request, with the page
//! stream of `list_product_devices` fetching the next page only when the previous one is read.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=... PARTICLE_PRODUCT=my-product-v1 \
//!     cargo run -p particle-client --example product_fleet
//! ```
//!
//! `PARTICLE_PRODUCT` is the product's numeric ID or its slug. Set `PARTICLE_GROUP` to list only
//! the devices of one group.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program: it reports to its user on standard output.
#![allow(clippy::print_stdout)]

mod common;

use futures_util::StreamExt;
use particle_client::Error;
use particle_client::operations::ListProductDevicesParams;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = common::env("PARTICLE_ACCESS_TOKEN", "see the top of this file")?;
    let product = common::env("PARTICLE_PRODUCT", "see the top of this file")?;

    let client = common::builder()?.access_token(token).build()?;
    let params = ListProductDevicesParams {
        per_page: Some(100),
        groups: std::env::var("PARTICLE_GROUP").ok(),
        ..Default::default()
    };

    let mut pages = std::pin::pin!(client.list_product_devices_pages(&product, &params));
    let (mut devices, mut online) = (0, 0);
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(Error::Api {
                status: 403 | 404, ..
            }) => {
                return Err(format!("no product {product} that this token may read").into());
            }
            Err(other) => return Err(other.into()),
        };
        for device in &page.devices {
            devices += 1;
            let is_online = device.online == Some(true);
            online += usize::from(is_online);
            println!(
                "{}  {:<24}  firmware v{}  {}",
                device.id,
                device.name.as_deref().unwrap_or("(unnamed)"),
                device
                    .firmware_version
                    .map_or("?".to_owned(), |v| v.to_string()),
                if is_online { "online" } else { "offline" },
            );
        }
    }
    println!("{devices} devices, {online} online");
    Ok(())
}

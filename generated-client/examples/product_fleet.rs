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

// An example program: it reports to its user on standard output.
#![allow(clippy::print_stdout)]

use futures_util::StreamExt;
use particle_client::operations::ListProductDevicesParams;
use particle_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PARTICLE_ACCESS_TOKEN")?;
    let product = std::env::var("PARTICLE_PRODUCT")?;

    let client = Client::builder().access_token(token).build()?;
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

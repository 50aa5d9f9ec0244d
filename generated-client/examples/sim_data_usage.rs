//! A SIM card's data usage in the current billing period, and, for a product, its whole fleet's.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=... PARTICLE_ICCID=8934076500002589174 \
//!     cargo run -p particle-client --example sim_data_usage
//! ```
//!
//! Set `PARTICLE_PRODUCT` (a product ID or slug) when the SIM card belongs to a product: the
//! example then reads it through the product and prints the fleet's totals too.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::env;

use particle_client::Error;
use particle_client::models::DailyDataUsage;

/// The value of environment variable `name`, or an error that says to set it.
fn required(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("set {name} (see the top of this example)"))
}

/// One line per day: the date, that day's MB and the running total.
fn print_days(days: &[DailyDataUsage]) {
    for day in days {
        println!(
            "  {}  {:>9.3} MB  (total {:.3} MB)",
            day.date, day.mbs_used, day.mbs_used_cumulative
        );
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = required("PARTICLE_ACCESS_TOKEN")?;
    let iccid = required("PARTICLE_ICCID")?;
    let product = env::var("PARTICLE_PRODUCT").ok();

    let client = common::builder()?.access_token(token).build()?;

    let usage = match &product {
        Some(product) => client.get_product_sim_data_usage(product, &iccid).await,
        None => client.get_sim_data_usage(&iccid).await,
    };
    match usage {
        Ok(usage) => {
            println!("SIM card {iccid}, this billing period:");
            print_days(&usage.usage_by_day);
        }
        Err(Error::Api { status: 404, .. }) => {
            eprintln!("no SIM card {iccid} in this account or product");
            return Ok(());
        }
        Err(Error::Api { status: 403, .. }) => {
            eprintln!("this access token may not read SIM card {iccid}");
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    }

    if let Some(product) = product {
        let fleet = client.get_fleet_data_usage(&product).await?;
        println!(
            "product {product}: {} MB over {} active SIM cards",
            fleet.total_mbs_used.unwrap_or_default(),
            fleet
                .total_active_sim_cards
                .map_or_else(|| "?".to_owned(), |n| n.to_string())
        );
        print_days(&fleet.usage_by_day);
    }
    Ok(())
}

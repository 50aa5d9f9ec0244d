//! List the devices of your account, then read one cloud variable of a device.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… PARTICLE_DEVICE_ID=0123456789abcdef01234567 \
//!     PARTICLE_VARIABLE=temperature cargo run -p particle-client --example list_devices
//! ```
//!
//! `PARTICLE_DEVICE_ID` (an ID or a device name) and `PARTICLE_VARIABLE` (default `temperature`)
//! are optional: without a device, the example only lists.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use particle_client::Error;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PARTICLE_ACCESS_TOKEN")
        .map_err(|_| "set PARTICLE_ACCESS_TOKEN (e.g. from `particle token create`)")?;
    let client = common::builder()?.access_token(token).build()?;

    let devices = match client.list_devices().await {
        Ok(devices) => devices,
        Err(Error::Api { status: 401, .. }) => {
            return Err("the access token is invalid or expired".into());
        }
        Err(other) => return Err(other.into()),
    };
    println!("{} device(s):", devices.len());
    for device in &devices {
        let name = device.name.as_deref().unwrap_or("(unnamed)");
        let online = if device.online == Some(true) {
            "online"
        } else {
            "offline"
        };
        println!("  {} {name:20} {online}", device.id);
        if let Some(variables) = device.variables.value() {
            for (variable, kind) in variables {
                println!("      variable {variable}: {kind}");
            }
        }
    }

    let Ok(device_id) = std::env::var("PARTICLE_DEVICE_ID") else {
        return Ok(());
    };
    let variable = std::env::var("PARTICLE_VARIABLE").unwrap_or_else(|_| "temperature".into());
    match client.get_variable(&device_id, &variable).await {
        // `result` is a JSON number, string or boolean, following the variable's type.
        Ok(answer) => println!("{device_id} {variable} = {}", answer.result),
        // The device is offline, or its firmware exposes no such variable.
        Err(Error::Api {
            status: 404, body, ..
        }) => eprintln!(
            "{variable} could not be read: {}",
            body.error
                .as_deref()
                .unwrap_or("device offline or variable unknown")
        ),
        Err(Error::Api { status: 408, .. }) => eprintln!("the device did not answer in time"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

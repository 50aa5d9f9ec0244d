//! Call cloud functions of a device: the docs' `brew` with the argument `coffee`, then `wakeup`
//! with no argument.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… PARTICLE_DEVICE_ID=0123456789abcdef01234567 \
//!     cargo run -p particle-client --example call_function
//! ```
//!
//! The device's firmware must expose the functions with `Particle.function("brew", …)` and
//! `Particle.function("wakeup", …)`; each call answers the integer the function returned.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use particle_client::Error;
use particle_client::models::FunctionCallRequest;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PARTICLE_ACCESS_TOKEN").map_err(|_| "set PARTICLE_ACCESS_TOKEN")?;
    let device_id = std::env::var("PARTICLE_DEVICE_ID").map_err(|_| "set PARTICLE_DEVICE_ID")?;
    let client = common::builder()?.access_token(token).build()?;

    let brew = FunctionCallRequest {
        arg: Some("coffee".into()),
    };
    let wakeup = FunctionCallRequest::default();
    for (function, call) in [("brew", &brew), ("wakeup", &wakeup)] {
        match client.call_function(&device_id, function, call).await {
            Ok(answer) => println!("{function} returned {}", answer.return_value),
            // 404: the device is offline or has no such function; 400: it did not understand.
            Err(Error::Api {
                status: 400 | 404,
                body,
                ..
            }) => eprintln!(
                "{function} was not called: {}",
                body.error
                    .as_deref()
                    .unwrap_or("device offline or function unknown")
            ),
            Err(Error::Api { status: 408, .. }) => eprintln!("{function}: the device timed out"),
            // Anything else (a bad token, the network) stops the example; it prints one line.
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

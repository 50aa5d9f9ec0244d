//! Read a ledger instance, change it, and write it back.
//!
//! The instance's data is free-form JSON (`serde_json::Value`): this example counts how many times
//! it ran in a `runs` member and notes when, leaving every other member as it was.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… LEDGER_NAME=sensor-config SCOPE_VALUE=<device ID, product ID or owner ID> \
//!     cargo run -p particle-client --example ledger
//! ```
//!
//! Set `PARTICLE_ORG` (an organization ID or slug) for an organization's ledger; without it the
//! ledger is one of your sandbox. The ledger definition must exist already (create it in the
//! console or with `create_ledger`); its first instance is created by the write.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example talks to its user on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use particle_client::Error;
use particle_client::models::{LedgerInstanceData, SetLedgerInstanceRequest};
use particle_client::operations::{SetLedgerInstanceParams, SetOrgLedgerInstanceParams};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = required("PARTICLE_ACCESS_TOKEN")?;
    let ledger = required("LEDGER_NAME")?;
    let scope = required("SCOPE_VALUE")?;
    let org = std::env::var("PARTICLE_ORG").ok();
    let client = common::builder()?.access_token(token).build()?;

    // Read the current data. A 404 means the instance has no data yet: start from `{}`.
    let read = match &org {
        Some(org) => client.get_org_ledger_instance(org, &ledger, &scope).await,
        None => client.get_ledger_instance(&ledger, &scope).await,
    };
    let mut data = match read {
        Ok(answer) => {
            println!("{ledger}/{scope} now holds {}", answer.instance.data);
            answer.instance.data
        }
        Err(error) if error.status() == Some(404) => {
            println!("{ledger}/{scope} has no data yet (or the ledger does not exist)");
            json!({})
        }
        Err(Error::Api { status: 401, .. }) => {
            return Err("the access token is invalid or expired".into());
        }
        Err(error) => return Err(error.into()),
    };

    // Change it: count the runs and note the time, keeping every other member.
    let Value::Object(members) = &mut data else {
        return Err(format!("the instance's data is not a JSON object: {data}").into());
    };
    let runs = members.get("runs").and_then(Value::as_u64).unwrap_or(0) + 1;
    members.insert("runs".into(), json!(runs));
    members.insert("last_run_unix".into(), json!(unix_seconds()));

    // Write the whole object back (the default `Replace` mode).
    let body = SetLedgerInstanceRequest::new(LedgerInstanceData::new(data));
    let written = match &org {
        Some(org) => {
            let params = SetOrgLedgerInstanceParams::default();
            client
                .set_org_ledger_instance(org, &ledger, &scope, &params, &body)
                .await
        }
        None => {
            let params = SetLedgerInstanceParams::default();
            client
                .set_ledger_instance(&ledger, &scope, &params, &body)
                .await
        }
    };
    match written {
        Ok(answer) => println!(
            "wrote {} bytes: {}",
            answer.instance.size_bytes.unwrap_or_default(),
            answer.instance.data
        ),
        // e.g. a device-to-cloud ledger, which only its devices may write.
        Err(Error::Api { status, body, .. }) => {
            let reason = body.error_description.or(body.error).unwrap_or_default();
            return Err(format!("the cloud refused the write ({status}): {reason}").into());
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

/// The environment variable `name`, or an error naming it.
fn required(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name} (see the top of examples/ledger.rs)"))
}

/// Seconds since the Unix epoch, as a number JSON can hold.
fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}

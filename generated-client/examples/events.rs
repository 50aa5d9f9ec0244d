//! Publish an event, and subscribe to the events of your devices.
//!
//! Opens the stream of your devices' events whose names start with a prefix, publishes one such
//! event itself, then prints what arrives for a minute (the event it published should be among
//! them).
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… cargo run -p particle-client --example events
//! ```
//!
//! `EVENT_PREFIX` changes the prefix (default `particle-client-example`), `EVENT_LIMIT` stops
//! after that many events, and `LISTEN_SECONDS` changes how long it listens (default 60).
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example talks to its user on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::time::Duration;

use futures_util::StreamExt;
use particle_client::Error;
use particle_client::models::PublishEventRequest;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PARTICLE_ACCESS_TOKEN")
        .map_err(|_| "set PARTICLE_ACCESS_TOKEN (see the top of examples/events.rs)")?;
    let prefix =
        std::env::var("EVENT_PREFIX").unwrap_or_else(|_| "particle-client-example".to_owned());
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

    // Subscribe first, so the event published below is on the stream too. A refused
    // subscription (a bad token, too many open streams) is the error of this call.
    let mut events = match client
        .subscribe_my_devices_events_with_prefix(&prefix)
        .await
    {
        Ok(events) => events,
        Err(Error::Api { status: 401, .. }) => {
            return Err("the access token is invalid or expired".into());
        }
        Err(error) => return Err(error.into()),
    };
    println!("listening to events starting with {prefix:?}");

    let mut event = PublishEventRequest::new(format!("{prefix}/hello"));
    event.data = Some(r#"{"temperature": 21.5}"#.to_owned());
    event.ttl = Some(60);
    let published = client.publish_event(&event).await?;
    println!("published {} (ok: {:?})", event.name, published.ok);

    // Print what arrives for a while. The stream skips keep-alives and reconnects by itself; it
    // ends when the server says there is nothing more (`204 No Content`).
    let listen = async {
        let mut seen = 0;
        while let Some(next) = events.next().await {
            seen += 1;
            match next {
                Ok(event) => println!(
                    "{} from {} at {}: {}",
                    event.name,
                    event.data.coreid,
                    event.data.published_at,
                    event.data.data.as_deref().unwrap_or("(no data)")
                ),
                // An event whose data does not decode; the stream goes on.
                Err(error) => eprintln!("skipped an event: {error}"),
            }
            if limit.is_some_and(|limit| seen >= limit) {
                break;
            }
        }
    };
    if tokio::time::timeout(Duration::from_secs(seconds), listen)
        .await
        .is_err()
    {
        println!("no more events after {seconds} s");
    }
    println!("done listening");
    Ok(())
}

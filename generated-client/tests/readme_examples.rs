//! The README's examples, compiled (not run: they talk to the real API), so they stay true.

// Examples print, as examples do.
#![allow(dead_code, clippy::print_stdout, clippy::print_stderr)]

use futures_util::StreamExt;
use particle_client::models::{EventData, PostOauthTokenRequest};
use particle_client::operations::ListProductDevicesParams;
use particle_client::{Client, Error, Event};

async fn log_in() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().build()?;

    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some("joe@example.com".into());
    login.password = Some("SuperSecret".into());

    match client.post_oauth_token(&login).await {
        Ok(token) => {
            let _client = client.with_access_token(token.access_token);
        }
        // The documented error body, decoded (`mfa_required` carries the `mfa_token` for the next step).
        Err(Error::Api {
            status: 403, body, ..
        }) if body.error.as_deref() == Some("mfa_required") => {}
        // Any other failure, in one line: operation, status and the server's own message, e.g.
        // `post_oauth_token (POST /oauth/token): 400 Bad Request: invalid_grant: User credentials are invalid`.
        Err(other) => eprintln!("{other}"),
    }
    Ok(())
}

async fn more(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    for device in client.list_devices().await? {
        println!("{} online: {:?}", device.id, device.online);
    }

    let params = ListProductDevicesParams {
        per_page: Some(100),
        ..Default::default()
    };
    let mut pages = client.list_product_devices_pages("my-product", &params);
    while let Some(page) = pages.next().await {
        println!("{} devices on this page", page?.devices.len());
    }

    let mut events = client
        .subscribe_my_devices_events_with_prefix("temperature")
        .await?;
    while let Some(event) = events.next().await {
        let Event { name, data, .. }: Event<EventData> = event?;
        println!("{name}: {:?}", data.data);
    }
    Ok(())
}

async fn special_events(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    use particle_client::events::SpecialEvent;
    use particle_client::models::DeviceConnectionStatus;

    let mut events = client
        .subscribe_product_events_with_prefix("my-product", "spark/")
        .await?;
    while let Some(event) = events.next().await {
        let event = event?;
        let device = &event.data.coreid;
        match SpecialEvent::of(&event) {
            SpecialEvent::Status(DeviceConnectionStatus::Online) => println!("{device} is online"),
            SpecialEvent::Status(DeviceConnectionStatus::Offline) => {
                println!("{device} is offline")
            }
            SpecialEvent::LastReset(reset) => println!("{device} reset: {:?}", reset.reason),
            SpecialEvent::Other => {} // an event of your firmware's
            other => println!("{device}: {}", other.kind()),
        }
    }
    Ok(())
}

async fn with_response(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    let answer = client.list_devices().with_response().await?;
    println!(
        "{} devices, request id {:?}",
        answer.len(),
        answer.header("x-request-id")
    );
    Ok(())
}

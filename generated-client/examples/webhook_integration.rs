//! Create a webhook integration, then send it a test event.
//!
//! The webhook posts every event of your devices whose name starts with `PARTICLE_EVENT`
//! (default `temperature`) to `WEBHOOK_URL` as JSON. The test asks the Particle Cloud to send one
//! made-up event through it and tells whether your server accepted it.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=... WEBHOOK_URL=https://example.com/hook \
//!     cargo run -p particle-client --example webhook_integration
//! ```
//!
//! Set `DELETE_AFTER=1` to delete the integration again once it has been tested.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::env;

use particle_client::Error;
use particle_client::models::{
    CreateIntegrationRequest, IntegrationTestRequest, IntegrationType, WebhookRequestType,
};

/// The value of environment variable `name`, or an error that says to set it.
fn required(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("set {name} (see the top of this example)"))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = required("PARTICLE_ACCESS_TOKEN")?;
    let url = required("WEBHOOK_URL")?;
    let event = env::var("PARTICLE_EVENT").unwrap_or_else(|_| "temperature".to_owned());

    let client = common::builder()?.access_token(token).build()?;

    let mut webhook = CreateIntegrationRequest::new(IntegrationType::Webhook, event.as_str());
    webhook.name = Some(format!("{event} to {url}"));
    webhook.url = Some(url);
    webhook.request_type = Some(WebhookRequestType::Post);
    // The cloud fills these templates in for every event it sends.
    webhook.json = Some(BTreeMap::from([
        ("event".to_owned(), "{{{PARTICLE_EVENT_NAME}}}".into()),
        ("value".to_owned(), "{{{PARTICLE_EVENT_VALUE}}}".into()),
        ("device".to_owned(), "{{{PARTICLE_DEVICE_ID}}}".into()),
        (
            "published_at".to_owned(),
            "{{{PARTICLE_PUBLISHED_AT}}}".into(),
        ),
    ]));

    let created = match client.create_integration(&webhook).await {
        Ok(created) => created,
        // A setting the cloud refused (a malformed URL, say): its explanation, then stop.
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            let why = body.error_description.or(body.error).unwrap_or_default();
            eprintln!("the integration was refused: {why}");
            return Ok(());
        }
        Err(Error::Api { status: 401, .. }) => {
            eprintln!("PARTICLE_ACCESS_TOKEN is invalid or expired");
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    };
    println!("created integration {} for events `{event}`", created.id);

    let test = IntegrationTestRequest {
        data: Some("21.5".to_owned()),
        ..Default::default()
    };
    let outcome = client.test_integration(&created.id, &test).await?;
    if outcome.pass {
        println!(
            "test passed; your server answered: {}",
            outcome.data.as_deref().unwrap_or("(nothing)")
        );
    } else {
        println!(
            "test failed: {}",
            outcome.error.as_deref().unwrap_or("(no reason given)")
        );
    }

    if env::var_os("DELETE_AFTER").is_some() {
        client.delete_integration(&created.id).await?;
        println!("deleted integration {}", created.id);
    }
    Ok(())
}

//! What every example shares: where the API is, the settings it reads from the environment, and
//! how a failure is reported.

// Not every example uses every helper.
#![allow(dead_code)]

use std::process::ExitCode;

use particle_client::{Client, ClientBuilder};

/// A builder for the API at `PARTICLE_API_URL` (production, `https://api.particle.io`, when
/// unset), so an example runs against a mock or staging server too. Plain `http://` is allowed
/// for a server on this machine only.
pub fn builder() -> Result<ClientBuilder, String> {
    let Ok(url) = std::env::var("PARTICLE_API_URL") else {
        return Ok(Client::builder());
    };
    let parsed = particle_client::reqwest::Url::parse(&url)
        .map_err(|error| format!("PARTICLE_API_URL={url} is not a URL: {error}"))?;
    let loopback = matches!(
        parsed.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]" | "::1")
    );
    let builder = Client::builder().base_url(url);
    Ok(if loopback {
        builder.allow_insecure_http()
    } else {
        builder
    })
}

/// The environment variable `name`, or an error saying to set it and what it is.
pub fn env(name: &str, what: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}: {what}"))
}

/// The exit of an example: success, or the error's one-line message and failure.
#[allow(clippy::print_stderr)]
pub fn report(result: Result<(), Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

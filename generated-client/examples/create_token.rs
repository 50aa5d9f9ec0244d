//! Create a short-lived access token, like `particle token create --expires-in 3600`: log in with
//! your username and password, and when your account has multi-factor authentication, answer the
//! server's `mfa_required` with a one-time password from your authenticator app.
//!
//! ```sh
//! PARTICLE_USERNAME=joe@example.com PARTICLE_PASSWORD=... \
//!     cargo run -p particle-client --example create_token
//! ```
//!
//! `PARTICLE_EXPIRES_IN` sets the lifetime in seconds (default 3600; 0 never expires). The
//! one-time password is read from `PARTICLE_OTP` or, if unset, asked for on standard input.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program: it reports to its user on standard output.
#![allow(clippy::print_stdout)]

mod common;

use std::io::Write;

use particle_client::models::PostOauthTokenRequest;
use particle_client::{Error, Secret};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let username = common::env("PARTICLE_USERNAME", "see the top of this file")?;
    let password = common::env("PARTICLE_PASSWORD", "see the top of this file")?;
    let expires_in: i64 = match std::env::var("PARTICLE_EXPIRES_IN") {
        Ok(seconds) => seconds.parse()?,
        Err(_) => 3600,
    };

    // The documented default OAuth client (`particle:particle`) is preset.
    let client = common::builder()?.build()?;

    let mut login = PostOauthTokenRequest::new("password");
    login.username = Some(username);
    login.password = Some(password.into());
    login.expires_in = Some(expires_in);

    let token = match client.post_oauth_token(&login).await {
        Ok(token) => token,
        // Multi-factor authentication: the 403 carries the token for the second step.
        Err(Error::Api {
            status: 403, body, ..
        }) if body.error.as_deref() == Some("mfa_required") => {
            let mfa_token = body
                .mfa_token
                .ok_or("`mfa_required` without an `mfa_token`")?;
            let mut second = PostOauthTokenRequest::new("urn:custom:mfa-otp");
            second.mfa_token = Some(mfa_token);
            second.otp = Some(one_time_password()?);
            second.expires_in = Some(expires_in);
            client.post_oauth_token(&second).await?
        }
        // e.g. 400 `invalid_grant`: the username or password is wrong.
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            let reason = body.error_description.or(body.error).unwrap_or_default();
            return Err(format!("login refused: {reason}").into());
        }
        Err(other) => return Err(other.into()),
    };

    println!("New access token: {}", token.access_token.expose());
    match token.expires_in {
        Some(0) | None => println!("It never expires."),
        Some(seconds) => println!("It expires in {seconds} seconds."),
    }
    Ok(())
}

/// The one-time password: `PARTICLE_OTP`, else a line typed on standard input.
fn one_time_password() -> Result<Secret, Box<dyn std::error::Error>> {
    if let Ok(otp) = std::env::var("PARTICLE_OTP") {
        return Ok(otp.into());
    }
    print!("One-time password from your authenticator app: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim().to_owned().into())
}

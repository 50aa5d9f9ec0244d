//! The OAuth authorization-code flow of a web app: send the user to Particle to log in, read the
//! code from the redirect to your app, and exchange it for an access token that acts for them.
//!
//! You need a `web` OAuth client (create one in the Console or with `create_oauth_client`) whose
//! redirect URI is your app's callback. Run:
//!
//! ```sh
//! PARTICLE_CLIENT_ID=my-web-app-1234 PARTICLE_CLIENT_SECRET=... \
//! PARTICLE_REDIRECT_URI=https://app.example.com/callback \
//!     cargo run -p particle-client --example authorization_code
//! ```
//!
//! It prints the URL to open; after logging in, paste the full URL the browser was sent back to.
//! A real app does the same in two requests: it keeps the `AuthorizationRequest` (or its `state`)
//! in the user's session, and handles the redirect in its callback route.
//!
//! Particle's documentation describes `web` clients but not the authorize URL
//! (`https://api.particle.io/oauth/authorize`) nor the code exchange; both follow a post on the
//! Particle community forum ("Authentication flow for logging into particle").
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program: it reports to its user on standard output.
#![allow(clippy::print_stdout)]

mod common;

use particle_client::models::PostOauthTokenRequest;
use particle_client::{AuthorizationError, Error};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client_id = common::env("PARTICLE_CLIENT_ID", "see the top of this file")?;
    let client_secret = common::env("PARTICLE_CLIENT_SECRET", "see the top of this file")?;
    let redirect_uri = common::env("PARTICLE_REDIRECT_URI", "see the top of this file")?;

    // The client authenticates as the web client (HTTP Basic) when it exchanges the code.
    let client = common::builder()?
        .client_credentials(client_id.clone(), client_secret)
        .build()?;

    // 1. The URL to send the user to (on the client's base URL), with a random `state` against
    //    forged redirects.
    let request = client.authorization_request(&client_id, None, Some(&redirect_uri), None)?;
    println!("Open this URL and log in:\n\n  {}\n", request.url());

    // 2. Particle redirects to `redirect_uri?code=…&state=…`; the state must be ours.
    println!("Then paste the URL you were sent back to:");
    let mut redirect = String::new();
    std::io::stdin().read_line(&mut redirect)?;
    let code = match request.code_from_redirect(redirect.trim()) {
        Ok(code) => code,
        Err(AuthorizationError::Denied { error, description }) => {
            return Err(format!(
                "access refused: {error} {}",
                description.unwrap_or_default()
            )
            .into());
        }
        Err(AuthorizationError::StateMismatch) => {
            return Err("the redirect's state is not ours: ignoring it".into());
        }
        Err(other) => return Err(other.into()),
    };

    // 3. Exchange the code.
    let mut exchange = PostOauthTokenRequest::new("authorization_code");
    exchange.code = Some(code.into());
    exchange.redirect_uri = Some(redirect_uri);
    let token = match client.post_oauth_token(&exchange).await {
        Ok(token) => token,
        // e.g. `invalid_grant` for a code already used or expired, `invalid_client` for a wrong secret.
        Err(Error::Api { status, body, .. }) => {
            let reason = body.error_description.or(body.error).unwrap_or_default();
            return Err(format!("the code was not accepted ({status}): {reason}").into());
        }
        Err(other) => return Err(other.into()),
    };

    // 4. The token acts for the user who logged in.
    let user = client
        .with_access_token(token.access_token)
        .get_user()
        .await?;
    println!("Logged in as {}", user.username.unwrap_or_default());
    Ok(())
}

//! Helpers shared by the runtime's wire tests: a client builder for a local HTTP server, the
//! token and security schemes the tests use, and a way to send a hand-made request the way
//! every generated operation does.

// Not every test file uses every helper.
#![allow(dead_code)]

use client_runtime::{
    Call, Client, ClientBuilder, Credential, Error, Operation, Request, Response, Scheme,
    SchemeKind, error_json,
};

/// The access token test clients send.
pub const TOKEN: &str = "254406f79c1999af65a7df4388971354f85cfee9";

/// A bearer-token scheme, as a generated crate's `security::ACCESS_TOKEN`.
pub const ACCESS_TOKEN: Scheme = Scheme {
    name: "access_token",
    kind: SchemeKind::Bearer,
};

/// An HTTP Basic scheme, as a generated crate's `security::CLIENT_CREDENTIALS`.
pub const CLIENT_CREDENTIALS: Scheme = Scheme {
    name: "client_credentials",
    kind: SchemeKind::Basic,
};

/// A builder for `base_url` (plain http on 127.0.0.1), to configure further.
pub fn local(base_url: impl Into<String>) -> ClientBuilder {
    ClientBuilder::new(base_url).allow_insecure_http()
}

/// `builder` with `token` for [`ACCESS_TOKEN`].
pub fn with_token(builder: ClientBuilder, token: &str) -> ClientBuilder {
    builder.credential(ACCESS_TOKEN.name, Credential::Token(token.into()))
}

/// The client `builder` builds; the test fails when it cannot.
pub fn build(builder: ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(error) => panic!("client: {error}"),
    }
}

/// A free local port: connecting to it is refused.
pub fn refused_port() -> u16 {
    match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(address) => address.port(),
        Err(error) => panic!("bind: {error}"),
    }
}

/// The operation [`send`] names in its errors.
pub const RAW: Operation = Operation::new("raw", "GET", "/raw", &["error", "error_description"]);

/// Send a hand-made `request` the way every generated operation does (credentials, retries,
/// hooks, size limit), reading the answer as text. An error status is an `Err` with its status.
pub async fn send(
    client: &Client,
    request: Request,
) -> Result<Response<String>, Error<serde_json::Value>> {
    Call::text(client, &RAW, Ok(request), error_json)
        .with_response()
        .await
}

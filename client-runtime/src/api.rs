//! [`Api`]: what a generated crate tells the runtime about its API.

/// What differs per API, as values the generated crate hands the runtime.
///
/// ```
/// use client_runtime::{Api, ClientBuilder};
///
/// static API: Api = Api {
///     user_agent: "example-client/1.0.0",
///     secret_fields: &["access_token", "password"],
/// };
/// let client = ClientBuilder::new("https://api.example.com").api(&API).build()?;
/// # let _ = client;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Api {
    /// The `User-Agent` header a client sends unless told otherwise (the generated crate's name
    /// and version).
    pub user_agent: &'static str,
    /// Wire names whose values are secrets: masked in any body text an
    /// [`Error`](crate::Error) keeps.
    pub secret_fields: &'static [&'static str],
}

impl Api {
    /// An API the runtime knows nothing of: this crate's own name as the user agent, no secret
    /// fields (a client's own credentials are masked all the same).
    pub const UNNAMED: Self = Self {
        user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        secret_fields: &[],
    };
}

//! [`Api`]: what a generated crate tells the runtime about its API.

/// What differs per API, as values the generated crate hands the runtime. Built with `const`
/// methods, so a generated crate keeps it in a `static` and new fields are not breaking changes.
///
/// ```
/// use client_runtime::{Api, ClientBuilder};
///
/// static API: Api = Api::new("example-client/1.0.0")
///     .secret_fields(&["access_token", "password"])
///     .base_path("/v1")
///     .schemes(&["access_token", "client_credentials"])
///     .default_credentials(&[("client_credentials", "example", "example")]);
/// // `/v1` is already in every operation's path: a base URL ending with it means the same.
/// let client = ClientBuilder::new("https://api.example.com/v1").api(&API).build()?;
/// assert_eq!(client.base_url(), "https://api.example.com");
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Api {
    /// The `User-Agent` header a client sends unless told otherwise (the generated crate's name
    /// and version).
    pub user_agent: &'static str,
    /// Wire names whose values are secrets: masked in any body text an
    /// [`Error`](crate::Error) keeps.
    pub secret_fields: &'static [&'static str],
    /// The path of the API's server (`/v1`), which every operation's path already starts with: a
    /// base URL ending with it is taken without it.
    pub base_path: &'static str,
    /// The names of the API's security schemes: a credential for any other name is refused.
    /// Empty: any name is taken.
    pub schemes: &'static [&'static str],
    /// Credentials the API documents as defaults, as (scheme, username, password) for HTTP
    /// Basic schemes: every client of the API starts with them.
    pub default_credentials: &'static [(&'static str, &'static str, &'static str)],
}

impl Api {
    /// An API the runtime knows nothing of: this crate's own name as the user agent, no secret
    /// fields (a client's own credentials are masked all the same), any scheme name.
    pub const UNNAMED: Self = Self::new(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ));

    /// An API whose clients send `user_agent`, and nothing else known of it yet.
    pub const fn new(user_agent: &'static str) -> Self {
        Self {
            user_agent,
            secret_fields: &[],
            base_path: "",
            schemes: &[],
            default_credentials: &[],
        }
    }

    /// With these secret wire names.
    pub const fn secret_fields(self, secret_fields: &'static [&'static str]) -> Self {
        Self {
            secret_fields,
            ..self
        }
    }

    /// With this server path (`/v1`; empty for none).
    pub const fn base_path(self, base_path: &'static str) -> Self {
        Self { base_path, ..self }
    }

    /// With these security scheme names.
    pub const fn schemes(self, schemes: &'static [&'static str]) -> Self {
        Self { schemes, ..self }
    }

    /// With these default (scheme, username, password) Basic credentials.
    pub const fn default_credentials(
        self,
        default_credentials: &'static [(&'static str, &'static str, &'static str)],
    ) -> Self {
        Self {
            default_credentials,
            ..self
        }
    }
}

//! Security schemes and the credentials that satisfy them.

use super::Secret;

/// How a security scheme puts its credential on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The key in the named header.
    ApiKeyHeader(&'static str),
    /// The key in the named query parameter.
    ApiKeyQuery(&'static str),
}

/// A security scheme an operation may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The spec's name for it.
    pub name: &'static str,
    /// How it is applied.
    pub kind: SchemeKind,
}

/// A credential for one security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A username and password (HTTP Basic).
    Basic {
        /// The username (for OAuth client credentials, the client ID).
        username: String,
        /// The password (for OAuth client credentials, the client secret).
        password: Secret,
    },
    /// A token or API key.
    Token(Secret),
}

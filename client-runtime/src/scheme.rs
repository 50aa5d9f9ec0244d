//! Security schemes: how an operation may be authorized, and how each kind puts its credential
//! on a request.

/// How a security scheme puts its credential on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The key in the named header.
    ApiKeyHeader(&'static str),
    /// The key in the named query parameter.
    ApiKeyQuery(&'static str),
    /// The key as the named cookie, in the request's one `Cookie` header.
    ApiKeyCookie(&'static str),
}

/// A security scheme an operation may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The spec's name for it.
    pub name: &'static str,
    /// How it is applied.
    pub kind: SchemeKind,
}

//! Security schemes, the credentials that satisfy them, and where each goes on a request.

use std::collections::BTreeMap;

use crate::request::{Body, Request};
use crate::scheme::{Scheme, SchemeKind};
use crate::secret::Secret;

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

/// Where a bearer token ([`SchemeKind::Bearer`]) goes on a request.
///
/// ```
/// use client_runtime::{ClientBuilder, TokenPlacement};
///
/// // For a proxy that strips `Authorization`: `?access_token=…` on GET requests.
/// let client = ClientBuilder::new("https://api.example.com")
///     .token_placement(TokenPlacement::Query("access_token"))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
///
/// The `Authorization: Bearer` header always works; the query string and the form body are the
/// legacy places some APIs still accept for callers that cannot set headers. Each of those applies
/// only where such an API accepts it (see the variants); on every other request the header is
/// used, so choosing one never makes a request go out without its token. Other scheme kinds
/// (Basic, API keys) are not affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenPlacement {
    /// `Authorization: Bearer <token>`, on every request.
    #[default]
    Header,
    /// `?<name>=<token>` in the query string, on `GET` requests only.
    Query(&'static str),
    /// `<name>=<token>` appended to an `application/x-www-form-urlencoded` body, on `POST`, `PUT`
    /// and `DELETE` requests that have such a body only.
    FormField(&'static str),
}

/// A credential as it goes on one request.
pub(super) enum Placed<'a> {
    Basic(&'a str, &'a str),
    Bearer(&'a str),
    Header(&'static str, &'a str),
    Query(&'static str, &'a str),
    Cookie(&'static str, &'a str),
    FormField(&'static str, &'a str),
}

/// The first alternative of `request.security` whose credentials are all configured (none for
/// an operation without security); else the schemes the operation accepts.
pub(super) fn chosen(
    credentials: &BTreeMap<&'static str, Credential>,
    request: &Request,
) -> Result<&'static [Scheme], Vec<&'static str>> {
    let security = request.security;
    if security.is_empty() {
        return Ok(&[]);
    }
    let chosen = security.iter().find(|schemes| {
        schemes
            .iter()
            .all(|scheme| credentials.contains_key(scheme.name))
    });
    match chosen {
        Some(schemes) => Ok(schemes),
        None => Err(security
            .iter()
            .flat_map(|s| s.iter().map(|scheme| scheme.name))
            .collect()),
    }
}

/// Where the credential for `scheme` goes on `request`; `Err` with the scheme's name when none
/// is configured or it is of the wrong kind.
pub(super) fn place<'a>(
    credentials: &'a BTreeMap<&'static str, Credential>,
    placement: TokenPlacement,
    request: &Request,
    scheme: &Scheme,
) -> Result<Placed<'a>, &'static str> {
    match (scheme.kind, credentials.get(scheme.name)) {
        (SchemeKind::Basic, Some(Credential::Basic { username, password })) => {
            Ok(Placed::Basic(username, password.expose()))
        }
        (SchemeKind::Bearer, Some(Credential::Token(token))) => {
            Ok(bearer(placement, request, token.expose()))
        }
        (SchemeKind::ApiKeyHeader(name), Some(Credential::Token(key))) => {
            Ok(Placed::Header(name, key.expose()))
        }
        (SchemeKind::ApiKeyQuery(name), Some(Credential::Token(key))) => {
            Ok(Placed::Query(name, key.expose()))
        }
        (SchemeKind::ApiKeyCookie(name), Some(Credential::Token(key))) => {
            Ok(Placed::Cookie(name, key.expose()))
        }
        _ => Err(scheme.name),
    }
}

/// Where a bearer token goes on `request`: the configured place if it applies, else the header.
fn bearer<'a>(placement: TokenPlacement, request: &Request, token: &'a str) -> Placed<'a> {
    use reqwest::Method;
    match placement {
        TokenPlacement::Query(name) if request.method == Method::GET => Placed::Query(name, token),
        TokenPlacement::FormField(name)
            if matches!(request.body, Body::Form(_))
                && matches!(request.method, Method::POST | Method::PUT | Method::DELETE) =>
        {
            Placed::FormField(name, token)
        }
        _ => Placed::Bearer(token),
    }
}

/// A header value for an API key, marked sensitive so `reqwest` and `http` never print it.
pub(super) fn sensitive(key: &str) -> Result<reqwest::header::HeaderValue, ()> {
    let mut value = reqwest::header::HeaderValue::from_str(key).map_err(|_| ())?;
    value.set_sensitive(true);
    Ok(value)
}

/// Whether `key` can be sent as a cookie value as it is: a key is never altered (the server
/// compares it byte for byte), so one that would need encoding is refused instead.
pub(super) fn cookie_value(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(crate::request::is_cookie_octet)
}

/// The one `Cookie` header of a request: the cookies of `parts` (each `a=1` or `a=1; b=2`)
/// joined with `; `, marked sensitive when `sensitive` (it carries a credential).
pub(super) fn cookie_header(
    parts: &[&str],
    sensitive: bool,
) -> Result<reqwest::header::HeaderValue, ()> {
    let mut value = reqwest::header::HeaderValue::from_str(&parts.join("; ")).map_err(|_| ())?;
    value.set_sensitive(sensitive);
    Ok(value)
}

//! The browser half of the OAuth 2.0 authorization-code flow (RFC 6749 §4.1): the URL to send the
//! user to, and the code read back from the redirect, checked against the `state` sent.

use std::fmt;

/// Why an authorization URL could not be built or a redirect did not yield a code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The redirect's `state` is missing or differs from the one sent: it may be forged
    /// (cross-site request forgery) or answer another request.
    StateMismatch,
    /// The redirect carries neither a `code` nor an `error`.
    MissingCode,
    /// The authorization server refused (e.g. the user denied access).
    Denied {
        /// The `error` code, e.g. `access_denied`.
        error: String,
        /// The `error_description`, if given.
        description: Option<String>,
    },
    /// The authorization URL or the redirect does not parse; the reason, without the URL.
    InvalidUrl(String),
    /// No random `state` could be generated.
    Random(String),
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StateMismatch => {
                f.write_str("the redirect's state does not match the authorization request's")
            }
            Self::MissingCode => f.write_str("the redirect carries no authorization code"),
            Self::Denied {
                error,
                description: Some(description),
            } => {
                write!(f, "authorization denied: {error}: {description}")
            }
            Self::Denied {
                error,
                description: None,
            } => write!(f, "authorization denied: {error}"),
            Self::InvalidUrl(reason) => write!(f, "invalid URL: {reason}"),
            Self::Random(reason) => write!(f, "cannot generate a random state: {reason}"),
        }
    }
}

impl std::error::Error for AuthorizationError {}

/// Where to send the user to authorize, and the `state` that the redirect must carry back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationRequest {
    url: String,
    state: String,
}

/// The authorization request for `client_id` at `authorization_url`:
/// `authorization_url?client_id=…&response_type=code[&scope=…][&redirect_uri=…]&state=…`,
/// appended to any query the URL already has.
///
/// Without a `state`, a random one of 32 hex characters (128 bits) is made, which is what the
/// redirect is checked against.
pub fn authorization_request(
    authorization_url: &str,
    client_id: &str,
    scope: Option<&str>,
    redirect_uri: Option<&str>,
    state: Option<String>,
) -> Result<AuthorizationRequest, AuthorizationError> {
    let mut url = reqwest::Url::parse(authorization_url)
        .map_err(|error| AuthorizationError::InvalidUrl(error.to_string()))?;
    let state = match state {
        Some(state) => state,
        None => random_state()?,
    };
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code");
        if let Some(scope) = scope {
            query.append_pair("scope", scope);
        }
        if let Some(redirect_uri) = redirect_uri {
            query.append_pair("redirect_uri", redirect_uri);
        }
        query.append_pair("state", &state);
    }
    Ok(AuthorizationRequest {
        url: url.into(),
        state,
    })
}

impl AuthorizationRequest {
    /// The URL to open in the user's browser.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `state` sent, which the redirect must carry back unchanged.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The authorization code in `redirect`, the URL the user was sent back to (or just its query
    /// string), once its `state` is checked to be ours; or why there is none.
    ///
    /// The state is checked first, errors included, so that a forged redirect is reported as
    /// [`AuthorizationError::StateMismatch`] whatever else it says.
    pub fn code_from_redirect(&self, redirect: &str) -> Result<String, AuthorizationError> {
        let pairs = redirect_query(redirect)?;
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, v)| v.as_str())
        };
        // A repeated `state` is ambiguous: refuse it rather than pick one.
        let mut states = pairs.iter().filter(|(key, _)| key == "state");
        match (states.next(), states.next()) {
            (Some((_, state)), None) if same(state, &self.state) => {}
            _ => return Err(AuthorizationError::StateMismatch),
        }
        if let Some(error) = value("error") {
            let description = value("error_description").map(str::to_owned);
            return Err(AuthorizationError::Denied {
                error: error.to_owned(),
                description,
            });
        }
        match value("code") {
            Some(code) if !code.is_empty() => Ok(code.to_owned()),
            _ => Err(AuthorizationError::MissingCode),
        }
    }
}

/// The decoded query pairs of a redirect URL, or of a bare query string (with or without `?`).
fn redirect_query(redirect: &str) -> Result<Vec<(String, String)>, AuthorizationError> {
    let redirect = redirect.trim();
    let query = match reqwest::Url::parse(redirect) {
        Ok(url) => url.query().unwrap_or_default().to_owned(),
        Err(error) if looks_like_url(redirect) => {
            return Err(AuthorizationError::InvalidUrl(error.to_string()));
        }
        // Not an absolute URL: take it as the query string itself.
        Err(_) => redirect.trim_start_matches('?').to_owned(),
    };
    ::serde_urlencoded::from_str(&query)
        .map_err(|error| AuthorizationError::InvalidUrl(error.to_string()))
}

/// Whether `text` starts like an absolute URL (`scheme://` before any query syntax), so that a
/// parse failure means a broken URL rather than a bare query string.
fn looks_like_url(text: &str) -> bool {
    text.split(['?', '&', '='])
        .next()
        .is_some_and(|head| head.contains("://"))
}

/// Compare in time that depends only on the lengths, so the comparison does not reveal how much
/// of a guessed state was right.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

/// 128 random bits as 32 lowercase hex characters.
fn random_state() -> Result<String, AuthorizationError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| AuthorizationError::Random(error.to_string()))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

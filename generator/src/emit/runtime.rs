//! The runtime every generated operation goes through: configuration, credentials, sending, decoding, errors.
//!
//! This file is written once by hand, lives in the generator, and is copied verbatim into each
//! generated crate, so a generated crate depends on nothing of ours.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A string that is never shown: `Debug` and `Display` print `***`. It serializes as the plain string.
#[derive(Clone, PartialEq, Eq, Hash, Default, ::serde::Serialize, ::serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the rare place that must see it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

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

/// Why a [`Client`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse.
    InvalidBaseUrl(String),
    /// The base URL is plain `http://` and [`ClientBuilder::allow_insecure_http`] was not called.
    InsecureBaseUrl(String),
    /// The HTTP client could not be created.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl(url) => write!(f, "invalid base URL `{url}`"),
            Self::InsecureBaseUrl(url) => write!(
                f,
                "base URL `{url}` is not https; call allow_insecure_http() to use it anyway"
            ),
            Self::Http(error) => write!(f, "cannot create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// Configures a [`Client`]: base URL, timeouts, credentials.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    allow_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    credentials: BTreeMap<&'static str, Credential>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// A builder for `base_url`, with default timeouts (10 s to connect, 60 s per request).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            allow_http: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            credentials: BTreeMap::new(),
            http: None,
        }
    }

    /// Send requests to `base_url` instead (e.g. a local test server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Accept a plain `http://` base URL. Meant for local testing only: credentials travel unencrypted.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take in all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this credential wherever an operation accepts `scheme`.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Use a preconfigured `reqwest::Client` (timeouts and user agent set here are then not applied).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Check the configuration and build the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|_| BuildError::InvalidBaseUrl(base_url.clone()))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err(BuildError::InsecureBaseUrl(base_url)),
            _ => return Err(BuildError::InvalidBaseUrl(base_url)),
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .https_only(!self.allow_http)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client { inner: Arc::new(Inner { base_url, http, credentials: self.credentials }) })
    }
}

#[derive(Debug)]
struct Inner {
    base_url: String,
    http: reqwest::Client,
    credentials: BTreeMap<&'static str, Credential>,
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A client like this one that also uses `credential` for `scheme` (e.g. a new access token).
    pub fn with_credential(&self, scheme: &'static str, credential: Credential) -> Self {
        let mut credentials = self.inner.credentials.clone();
        credentials.insert(scheme, credential);
        Self {
            inner: Arc::new(Inner {
                base_url: self.inner.base_url.clone(),
                http: self.inner.http.clone(),
                credentials,
            }),
        }
    }

    /// Send `request` and return the raw answer, whatever its status.
    pub async fn send<E>(&self, request: Request) -> Result<reqwest::Response, Error<E>> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(request.method, url);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        builder = self.authorize(builder, request.security)?;
        builder = match request.body {
            Body::None => builder,
            Body::Json(value) => builder.json(&value),
            Body::Form(encoded) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encoded),
            Body::Multipart(form) => builder.multipart(form),
        };
        builder.send().await.map_err(Error::Transport)
    }

    /// Apply the first alternative of `security` whose credentials are all configured.
    fn authorize<E>(
        &self,
        mut builder: reqwest::RequestBuilder,
        security: &[&[Scheme]],
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        if security.is_empty() {
            return Ok(builder);
        }
        let credentials = &self.inner.credentials;
        let chosen = security
            .iter()
            .find(|schemes| schemes.iter().all(|scheme| credentials.contains_key(scheme.name)));
        let Some(schemes) = chosen else {
            let names = security.iter().flat_map(|s| s.iter().map(|scheme| scheme.name));
            return Err(Error::MissingCredentials(names.collect()));
        };
        for scheme in *schemes {
            let Some(credential) = credentials.get(scheme.name) else { continue };
            builder = match (scheme.kind, credential) {
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    builder.basic_auth(username, Some(password.expose()))
                }
                (SchemeKind::Bearer, Credential::Token(token)) => builder.bearer_auth(token.expose()),
                (SchemeKind::ApiKeyHeader(name), Credential::Token(key)) => {
                    builder.header(name, key.expose())
                }
                (SchemeKind::ApiKeyQuery(name), Credential::Token(key)) => {
                    builder.query(&[(name, key.expose())])
                }
                _ => return Err(Error::MissingCredentials(vec![scheme.name])),
            };
        }
        Ok(builder)
    }
}

/// A request as generated code describes it.
#[derive(Debug)]
pub struct Request {
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    /// Query pairs, in order.
    pub query: Vec<(&'static str, String)>,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// Security alternatives the operation accepts (empty: none needed).
    pub security: &'static [&'static [Scheme]],
}

/// A request body.
#[derive(Debug)]
pub enum Body {
    /// No body.
    None,
    /// A JSON document.
    Json(::serde_json::Value),
    /// An encoded `application/x-www-form-urlencoded` body.
    Form(String),
    /// A `multipart/form-data` form.
    Multipart(reqwest::multipart::Form),
}

/// Everything that can go wrong with a call. `E` is the operation's documented error body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status and a body of the documented error type.
    Api {
        /// HTTP status code.
        status: u16,
        /// The decoded error body.
        body: E,
    },
    /// The server answered with an unexpected status and a body that is not the documented error.
    UnexpectedStatus {
        /// HTTP status code.
        status: u16,
        /// The raw body text.
        body: String,
    },
    /// A success answer whose body could not be decoded.
    Decode {
        /// HTTP status code.
        status: u16,
        /// The raw body text.
        body: String,
        /// Why decoding failed.
        source: ::serde_json::Error,
    },
    /// The request could not be encoded.
    Encode(String),
    /// The request could not be sent, or the answer not read.
    Transport(reqwest::Error),
    /// None of the operation's security requirements has credentials configured.
    MissingCredentials(Vec<&'static str>),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|status| status.as_u16()),
            Self::Encode(_) | Self::MissingCredentials(_) => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body } => write!(f, "the server answered {status}: {body:?}"),
            Self::UnexpectedStatus { status, .. } => {
                write!(f, "the server answered {status} with an undocumented body")
            }
            Self::Decode { status, source, .. } => {
                write!(f, "cannot decode the {status} answer: {source}")
            }
            Self::Encode(message) => write!(f, "cannot encode the request: {message}"),
            Self::Transport(error) => write!(f, "request failed: {}", error.without_url_ref()),
            Self::MissingCredentials(schemes) => {
                write!(f, "no credentials configured for any of: {}", schemes.join(", "))
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// Keeps URLs (which may carry a token in the query) out of transport error messages.
trait WithoutUrl {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(url.as_str(), "<url>");
        }
        text
    }
}

/// Read the whole answer; a success status decodes with `decode`, an error status into `Error`.
async fn read<T, E: ::serde::de::DeserializeOwned>(
    response: reqwest::Response,
    decode: impl FnOnce(u16, String) -> Result<T, Error<E>>,
) -> Result<T, Error<E>> {
    let status = response.status();
    let body = response.text().await.map_err(Error::Transport)?;
    if status.is_success() {
        return decode(status.as_u16(), body);
    }
    match ::serde_json::from_str::<E>(&body) {
        Ok(decoded) => Err(Error::Api { status: status.as_u16(), body: decoded }),
        Err(_) => Err(Error::UnexpectedStatus { status: status.as_u16(), body }),
    }
}

/// Decode a JSON success answer into `T`.
pub async fn json<T, E>(response: reqwest::Response) -> Result<T, Error<E>>
where
    T: ::serde::de::DeserializeOwned,
    E: ::serde::de::DeserializeOwned,
{
    read(response, |status, body| {
        ::serde_json::from_str(&body).map_err(|source| Error::Decode { status, body, source })
    })
    .await
}

/// Take a `text/plain` success answer as it is.
pub async fn text<E: ::serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<String, Error<E>> {
    read(response, |_, body| Ok(body)).await
}

/// Accept a success answer, ignoring its body.
pub async fn empty<E: ::serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<(), Error<E>> {
    read(response, |_, _| Ok(())).await
}

/// Serialize `value` as a JSON body.
pub fn json_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    ::serde_json::to_value(value).map(Body::Json).map_err(|e| Error::Encode(e.to_string()))
}

/// Serialize `value` (a struct of scalars) as `application/x-www-form-urlencoded`, fields in
/// declaration order; `None` fields are left out.
pub fn form_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    ::serde_urlencoded::to_string(value)
        .map(Body::Form)
        .map_err(|e| Error::Encode(e.to_string()))
}

/// The text of a scalar JSON value as a form or query value (`None` for null).
pub fn scalar_text(value: &::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Percent-encode one path segment (everything but RFC 3986 unreserved characters).
pub fn path_segment(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The text of a parameter value: strings as they are, numbers and booleans as JSON writes them,
/// enums as their wire value.
pub fn text_of<T: ::serde::Serialize + ?Sized>(value: &T) -> String {
    match ::serde_json::to_value(value) {
        Ok(value) => scalar_text(&value).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Append `name=value` pairs for a query or header parameter; an array gives one pair per item.
pub fn push_values<T: ::serde::Serialize + ?Sized>(
    pairs: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &T,
) {
    match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::Array(items)) => {
            pairs.extend(items.iter().filter_map(scalar_text).map(|text| (name, text)));
        }
        Ok(value) => pairs.extend(scalar_text(&value).map(|text| (name, text))),
        Err(_) => {}
    }
}

/// Serialize `value` (a struct of scalars) as `multipart/form-data` text parts.
pub fn multipart_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    let Body::Form(encoded) = form_body(value)? else {
        return Err(Error::Encode("a multipart body must be an object".to_owned()));
    };
    let pairs: Vec<(String, String)> =
        ::serde_urlencoded::from_str(&encoded).map_err(|e| Error::Encode(e.to_string()))?;
    let form = pairs
        .into_iter()
        .fold(reqwest::multipart::Form::new(), |form, (name, text)| form.text(name, text));
    Ok(Body::Multipart(form))
}

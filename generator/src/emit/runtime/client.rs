//! `ClientBuilder` and `Client`: configuration, credentials, sending a request.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Body, Credential, Error, Request, Scheme, SchemeKind, StreamOptions};

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
    stream: StreamOptions,
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
            stream: StreamOptions::default(),
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

    /// How event streams detect a dead connection and reconnect.
    pub fn stream_options(mut self, options: StreamOptions) -> Self {
        self.stream = options;
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
        Ok(Client {
            inner: Arc::new(Inner { base_url, http, credentials: self.credentials, stream: self.stream }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    base_url: String,
    http: reqwest::Client,
    credentials: BTreeMap<&'static str, Credential>,
    stream: StreamOptions,
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
                stream: self.inner.stream.clone(),
            }),
        }
    }

    /// How event streams of this client detect a dead connection and reconnect.
    pub fn stream_options(&self) -> &StreamOptions {
        &self.inner.stream
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

//! `ClientBuilder` and `Client`: configuration, credentials, sending a request (with retries).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{Placed, place, sensitive};
use super::request::multipart_form;
use super::retry::{retryable_error, retryable_status};
use super::{Body, Credential, Error, Request, RetryPolicy, StreamOptions, TokenPlacement};

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
    retry: RetryPolicy,
    token_placement: TokenPlacement,
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
            retry: RetryPolicy::default(),
            token_placement: TokenPlacement::Header,
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

    /// How long one attempt of a request may take in all (a retried request may take longer).
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

    /// When to send a request again after a rate limit, a passing server failure or a failed
    /// connection; [`RetryPolicy::default`] unless set, [`RetryPolicy::none`] to never retry.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Where bearer tokens go: the `Authorization` header (the default), the query string of
    /// `GET` requests, or the form body of `POST`/`PUT`/`DELETE` requests that have one. Requests
    /// the chosen place does not apply to still carry the token in the header.
    pub fn token_placement(mut self, placement: TokenPlacement) -> Self {
        self.token_placement = placement;
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
            inner: Arc::new(Inner {
                base_url,
                http,
                credentials: self.credentials,
                stream: self.stream,
                retry: self.retry,
                token_placement: self.token_placement,
            }),
        })
    }
}

#[derive(Debug, Clone)]
struct Inner {
    base_url: String,
    http: reqwest::Client,
    credentials: BTreeMap<&'static str, Credential>,
    stream: StreamOptions,
    retry: RetryPolicy,
    token_placement: TokenPlacement,
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
        let mut inner = Inner::clone(&self.inner);
        inner.credentials.insert(scheme, credential);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// How event streams of this client detect a dead connection and reconnect.
    pub fn stream_options(&self) -> &StreamOptions {
        &self.inner.stream
    }

    /// When this client sends a request again.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Send `request` and return the raw answer, whatever its status, retrying as the client's
    /// [`RetryPolicy`] says. After the last attempt its answer is returned as it is.
    ///
    /// A transport error carries no URL: a path segment or a query parameter may be a secret (a
    /// token being revoked, a token placed in the query). The answer's own URL still holds them:
    /// `reqwest` offers no way to change it.
    pub async fn send<E>(&self, request: Request) -> Result<reqwest::Response, Error<E>> {
        let policy = &self.inner.retry;
        let retries = if policy.allows(&request.method) {
            policy.max_retries
        } else {
            0
        };
        let mut retry = 0;
        loop {
            let builder = self.prepare(&request)?;
            let last = retry >= retries;
            let wait = match builder.send().await {
                Ok(response) if !last && retryable_status(response.status()) => {
                    policy.delay(retry, Some(response.headers()))
                }
                Ok(response) => return Ok(response),
                Err(error) if !last && retryable_error(&error) => policy.delay(retry, None),
                Err(error) => return Err(transport(error)),
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// Build one attempt of `request`: URL, query, headers, credentials, body.
    fn prepare<E>(&self, request: &Request) -> Result<reqwest::RequestBuilder, Error<E>> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(request.method.clone(), url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value);
        }
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let mut form_fields = Vec::new();
        for placed in place(&self.inner.credentials, self.inner.token_placement, request)? {
            builder = match placed {
                Placed::Basic(username, password) => builder.basic_auth(username, Some(password)),
                Placed::Bearer(token) => builder.bearer_auth(token),
                Placed::Header(name, key) => builder.header(name, sensitive(name, key)?),
                Placed::Query(name, key) => {
                    query.push((name, key));
                    builder
                }
                Placed::FormField(name, token) => {
                    form_fields.push((name, token));
                    builder
                }
            };
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        with_body(builder, &request.body, &form_fields)
    }

    /// Send `request` once, with no overall time limit, for an answer that streams for as long
    /// as the connection lasts (the event stream watches for idleness and reconnects itself).
    pub(super) async fn send_streaming<E>(
        &self,
        request: &Request,
    ) -> Result<reqwest::Response, Error<E>> {
        let builder = self.prepare(request)?;
        // The client's timeout would cover reading the whole body, which a stream never finishes.
        builder
            .timeout(Duration::MAX)
            .send()
            .await
            .map_err(transport)
    }
}

/// A transport error without its URL, so that no message shows a secret the URL carried.
fn transport<E>(error: reqwest::Error) -> Error<E> {
    Error::Transport(error.without_url())
}

/// `builder` with `body`, plus `form_fields` appended when it is a form.
fn with_body<E>(
    builder: reqwest::RequestBuilder,
    body: &Body,
    form_fields: &[(&str, &str)],
) -> Result<reqwest::RequestBuilder, Error<E>> {
    Ok(match body {
        Body::None => builder,
        Body::Json(value) => builder.json(value),
        Body::Form(encoded) => {
            let mut encoded = encoded.clone();
            if !form_fields.is_empty() {
                let extra = ::serde_urlencoded::to_string(form_fields)
                    .map_err(|e| Error::Encode(e.to_string()))?;
                if !encoded.is_empty() {
                    encoded.push('&');
                }
                encoded.push_str(&extra);
            }
            builder
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(encoded)
        }
        Body::Multipart(parts) => builder.multipart(multipart_form(parts).map_err(Error::Encode)?),
    })
}

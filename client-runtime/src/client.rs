//! `ClientBuilder` and `Client`: configuration, credentials, sending a request (with retries,
//! hooks and tracing).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::{Placed, chosen, cookie_header, cookie_value, place, sensitive};
use crate::options::CallOptions;
use crate::options::UploadProgress;
use crate::request::{Sent, multipart_form};
use crate::retry::retryable_error;
use crate::style::component;
use crate::trace::Attempt;
use crate::{
    Api, Body, Credential, Error, Hook, Operation, Request, RetryPolicy, StreamOptions,
    TokenPlacement,
};

/// The default limit on the size of one answer body: 16 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 16 << 20;

/// Why a [`Client`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse.
    InvalidBaseUrl(String),
    /// The base URL is plain `http://` and [`ClientBuilder::allow_insecure_http`] was not called.
    InsecureBaseUrl(String),
    /// The base URL still has a server variable's `{name}` in it.
    UnfilledServerVariable {
        /// The base URL given.
        url: String,
        /// The variable's name.
        variable: String,
    },
    /// The base URL has the form of one of the spec's servers, with a value the spec does not
    /// list for one of its variables.
    NotAServerValue {
        /// The base URL given.
        url: String,
        /// The spec's server URL.
        server: &'static str,
        /// The variable.
        variable: &'static str,
        /// The value the base URL holds.
        value: String,
        /// The values the spec lists.
        allowed: &'static [&'static str],
    },
    /// A default header's name or value is not valid in HTTP.
    InvalidHeader(String),
    /// A credential was given for a security scheme the API does not have.
    UnknownScheme {
        /// The name given.
        name: String,
        /// The API's scheme names.
        known: Vec<&'static str>,
    },
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
            Self::UnfilledServerVariable { url, variable } => write!(
                f,
                "base URL `{url}` still has `{{{variable}}}` in it: put in a value (the crate's \
                 `servers` module builds the spec's server URLs)"
            ),
            Self::NotAServerValue {
                url,
                server,
                variable,
                value,
                allowed,
            } => write!(
                f,
                "base URL `{url}` has `{value}` for `{variable}` of the server `{server}`, which \
                 allows `{}`",
                allowed.join("`, `")
            ),
            Self::InvalidHeader(name) => {
                write!(f, "default header `{name}` is not a valid HTTP header")
            }
            Self::UnknownScheme { name, known } => write!(
                f,
                "the API has no security scheme `{name}`; its schemes are `{}`",
                known.join("`, `")
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

/// Configures a [`Client`]: base URL, timeouts, credentials, retries, limits, headers, hooks.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::{ClientBuilder, RetryPolicy};
///
/// let client = ClientBuilder::new("https://api.example.com")
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().max_retries(4))
///     .max_body_size(64 << 20)
///     .default_header("x-app", "inventory/1.2")
///     .build()?;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    allow_http: bool,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    attempt_timeout: Duration,
    api: &'static Api,
    user_agent: Option<String>,
    credentials: BTreeMap<&'static str, Credential>,
    http: Option<reqwest::Client>,
    stream: StreamOptions,
    retry: RetryPolicy,
    token_placement: TokenPlacement,
    max_body_size: u64,
    default_headers: Vec<(String, String)>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for `base_url`, with default timeouts (10 s to connect, 60 s per request).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            allow_http: false,
            connect_timeout: Duration::from_secs(10),
            timeout: None,
            attempt_timeout: Duration::from_secs(60),
            api: &Api::UNNAMED,
            user_agent: None,
            credentials: BTreeMap::new(),
            http: None,
            stream: StreamOptions::default(),
            retry: RetryPolicy::default(),
            token_placement: TokenPlacement::Header,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            default_headers: Vec::new(),
            hooks: Vec::new(),
        }
    }

    /// Build a client of `api`: its user agent, its secret fields masked in errors, and the
    /// statuses it retries. A generated crate's own builder does this.
    pub fn api(mut self, api: &'static Api) -> Self {
        self.api = api;
        for (scheme, username, password) in api.default_credentials {
            self.credentials
                .entry(scheme)
                .or_insert_with(|| Credential::Basic {
                    username: (*username).to_owned(),
                    password: (*password).into(),
                });
        }
        self
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

    /// How long a call may take in all: every attempt, and the waits between retries. Then it
    /// ends with [`Error::Timeout`] ([`Error::is_timeout`]). None by default: each attempt is
    /// bounded by [`attempt_timeout`](Self::attempt_timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long one attempt of a request may take, from sending to the end of the body
    /// (60 s by default); a retried call makes several.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Use this credential wherever an operation accepts `scheme`.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Use your own `reqwest::Client`: its proxies, root certificates, TLS settings and connection
    /// pool. The connect timeout and user agent set here are then not applied (set them on your
    /// client); the request timeout, retries, default headers and hooks still are.
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

    /// The largest answer body read, in bytes ([`DEFAULT_MAX_BODY_SIZE`], 16 MiB, unless set). A
    /// larger answer is an [`Error::TooLarge`], and no more of it is read. Binary downloads are
    /// not limited by it: they stream.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Send header `name: value` with every request (before each operation's own headers).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Run `hook` on every request and answer, after the hooks registered before it.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Check the configuration and build the client.
    pub fn build(self) -> Result<Client, BuildError> {
        // Every operation's path starts with the API's base path (`/v1`): a base URL that ends
        // with it too (the spec's server URL, as a user copies it) means the same without it.
        let base_url = self.base_url.trim_end_matches('/');
        let base_path = self.api.base_path.trim_end_matches('/');
        let base_url = match base_url.strip_suffix(base_path) {
            Some(origin) if !base_path.is_empty() => origin,
            _ => base_url,
        }
        .to_owned();
        if let Some(name) = unknown_scheme(self.api, self.credentials.keys().copied()) {
            return Err(BuildError::UnknownScheme {
                name: name.to_owned(),
                known: self.api.schemes.to_vec(),
            });
        }
        check_server_form(self.api, &self.base_url)?;
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|_| BuildError::InvalidBaseUrl(base_url.clone()))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err(BuildError::InsecureBaseUrl(base_url)),
            _ => return Err(BuildError::InvalidBaseUrl(base_url)),
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let header = HeaderName::try_from(name.as_str())
                .ok()
                .zip(HeaderValue::try_from(value.as_str()).ok());
            let Some((name, value)) = header else {
                return Err(BuildError::InvalidHeader(name.clone()));
            };
            default_headers.append(name, value);
        }
        // The request timeout is the reqwest client's own when this builder makes that client
        // (no per-request cost); a client of yours gets it on each request instead.
        let (http, request_timeout) = match self.http {
            Some(http) => (http, Some(self.attempt_timeout)),
            None => {
                let http = reqwest::Client::builder()
                    .https_only(!self.allow_http)
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.attempt_timeout)
                    .user_agent(self.user_agent.as_deref().unwrap_or(self.api.user_agent))
                    .build()
                    .map_err(BuildError::Http)?;
                (http, None)
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                api: self.api,
                base_url,
                http,
                credentials: self.credentials,
                stream: self.stream,
                retry: self.retry,
                token_placement: self.token_placement,
                request_timeout,
                call_timeout: self.timeout,
                max_body_size: self.max_body_size,
                default_headers,
                hooks: self.hooks,
            }),
        })
    }
}

/// `base64(username:password)`: a Basic credential as it goes on the wire, and so as a server
/// may echo it.
fn basic_value(username: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"))
}

/// The first of `names` that is not a scheme of `api` (none when the API lists no schemes).
fn unknown_scheme<'n>(api: &Api, mut names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    if api.schemes.is_empty() {
        return None;
    }
    names.find(|name| !api.schemes.contains(name))
}

#[derive(Clone)]
struct Inner {
    api: &'static Api,
    base_url: String,
    http: reqwest::Client,
    credentials: BTreeMap<&'static str, Credential>,
    stream: StreamOptions,
    retry: RetryPolicy,
    token_placement: TokenPlacement,
    /// The timeout each request carries itself; `None` when the reqwest client applies it.
    request_timeout: Option<Duration>,
    /// The time a whole call may take.
    call_timeout: Option<Duration>,
    max_body_size: u64,
    default_headers: HeaderMap,
    hooks: Vec<Arc<dyn Hook>>,
}

/// The API client. Cheap to clone: clones share one connection pool.
///
/// Each operation is a method that returns a [`Call`](crate::Call): `.await` it for the body.
///
/// ```
/// use client_runtime::{Api, Client, ClientBuilder, Credential};
///
/// static API: Api = Api::new("example/1.0").schemes(&["bearer"]);
/// let client: Client = ClientBuilder::new("https://api.example.com").api(&API).build()?;
/// // Another client on the same connections, with a token for one security scheme.
/// let signed_in = client.with_credential("bearer", Credential::Token("my-token".into()))?;
/// assert_eq!(signed_in.base_url(), "https://api.example.com");
/// // A scheme the API does not have is refused, naming those it has.
/// let refused = client.with_credential("beraer", Credential::Token("my-token".into()));
/// assert_eq!(
///     refused.err().map(|error| error.to_string()),
///     Some("the API has no security scheme `beraer`; its schemes are `bearer`".to_owned())
/// );
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// A generated crate's `Client` wraps this one (see [`api_client!`](crate::api_client)); a call
/// can be made from either.
impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A base URL must not hold a server variable's `{name}`, and one of the form of a spec's server
/// must hold a value the spec lists for each of its variables. A URL of no server's form (a mock,
/// a proxy) is taken as it is.
fn check_server_form(api: &Api, base_url: &str) -> Result<(), BuildError> {
    if let Some((_, rest)) = base_url.split_once('{') {
        let variable = rest.split_once('}').map_or(rest, |(name, _)| name);
        return Err(BuildError::UnfilledServerVariable {
            url: base_url.to_owned(),
            variable: variable.to_owned(),
        });
    }
    match api
        .servers
        .iter()
        .find_map(|server| server.misfit(base_url))
    {
        Some(misfit) => Err(BuildError::NotAServerValue {
            url: base_url.to_owned(),
            server: misfit.server,
            variable: misfit.variable,
            value: misfit.value,
            allowed: misfit.allowed,
        }),
        None => Ok(()),
    }
}

/// The URL of `request`: the base URL, the path, then the query as the request's pairs hold it
/// (percent-encoded, a style's separators as they are) and any API key or token that goes in the
/// query.
///
/// A path as a spec may write it keeps only what is sent: a `#…` after it (AWS specs tell
/// operations on one route apart as `/#X-Amz-Target=…`) is no part of a request, and a literal
/// query in it (`/{Bucket}?uploads`) comes first in the query, joined to the parameters with `&`.
fn url(base_url: &str, request: &Request, placed: &[Placed<'_>]) -> String {
    let path = request.path.split('#').next().unwrap_or_default();
    let (path, literal) = path.split_once('?').unwrap_or((path, ""));
    let mut query: Vec<String> = (!literal.is_empty())
        .then(|| literal.to_owned())
        .into_iter()
        .chain(
            request
                .query
                .iter()
                .map(|(name, value)| format!("{name}={value}")),
        )
        .collect();
    for placement in placed {
        if let Placed::Query(name, key) = placement {
            let (name, key) = (component(name, false), component(key, false));
            query.push(format!("{name}={key}"));
        }
    }
    let mut url = format!("{base_url}{path}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A client like this one that also uses `credential` for `scheme` (e.g. a new access
    /// token). A name that is not one of the API's schemes is refused, naming them.
    pub fn with_credential(
        &self,
        scheme: &'static str,
        credential: Credential,
    ) -> Result<Self, BuildError> {
        match unknown_scheme(self.inner.api, [scheme].into_iter()) {
            Some(name) => Err(BuildError::UnknownScheme {
                name: name.to_owned(),
                known: self.inner.api.schemes.to_vec(),
            }),
            None => Ok(self.with_known_credential(scheme, credential)),
        }
    }

    /// [`with_credential`](Self::with_credential) for a scheme the generated crate names (one
    /// of the API's, so nothing to refuse).
    #[doc(hidden)]
    pub fn with_known_credential(&self, scheme: &'static str, credential: Credential) -> Self {
        let mut inner = Inner::clone(&self.inner);
        inner.credentials.insert(scheme, credential);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The time a whole call may take, if bounded.
    pub(super) fn call_timeout(&self) -> Option<Duration> {
        self.inner.call_timeout
    }

    /// How event streams of this client detect a dead connection and reconnect.
    pub fn stream_options(&self) -> &StreamOptions {
        &self.inner.stream
    }

    /// When this client sends a request again.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest answer body this client reads.
    pub(super) fn max_body_size(&self) -> u64 {
        self.inner.max_body_size
    }

    /// The names of fields and parameters whose values are secrets: the API's, and where this
    /// client puts a bearer token.
    /// Whether an answer with `status` asks to come back later: one the client's retry policy
    /// retries (the API's statuses unless the policy names its own). An event stream waits
    /// those out instead of ending.
    pub(super) fn come_back_later(&self, status: reqwest::StatusCode) -> bool {
        self.inner
            .retry
            .retries(status, self.inner.api.retry_statuses)
    }

    pub(super) fn secret_fields(&self) -> &'static [&'static str] {
        self.inner.api.secret_fields
    }

    /// `text` with every secret masked: the values of secret fields, and this client's own
    /// credentials wherever they appear. Also returns the masked values.
    pub(super) fn redact(&self, text: &str, request: Option<&Request>) -> (String, Vec<String>) {
        let mut fields: Vec<&str> = self.secret_fields().to_vec();
        if let TokenPlacement::Query(name) | TokenPlacement::FormField(name) =
            self.inner.token_placement
        {
            fields.push(name);
        }
        // The credentials as configured and, for Basic ones, as they go on the wire; and what the
        // request sent under a secret name (a password being checked, say).
        let mut known: Vec<String> = Vec::new();
        for credential in self.inner.credentials.values() {
            match credential {
                Credential::Basic { username, password } => {
                    known.push(password.expose().to_owned());
                    known.push(basic_value(username, password.expose()));
                }
                Credential::Token(token) => known.push(token.expose().to_owned()),
            }
        }
        if let Some(request) = request {
            known.extend(request.secret_values(&fields));
        }
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        crate::redact::redact(text, &fields, &known)
    }

    /// Send `request` and return the answer, whatever its status, retrying as the call's or the
    /// client's [`RetryPolicy`] says. After the last attempt its answer is returned as it is.
    ///
    /// A transport error carries no URL: a path segment or a query parameter may be a secret (a
    /// token being revoked, a token placed in the query).
    pub(super) async fn send<E>(
        &self,
        operation: &'static Operation,
        request: &Request,
        options: &CallOptions,
    ) -> Result<reqwest::Response, Error<E>> {
        let policy = options.retry.as_ref().unwrap_or(&self.inner.retry);
        let retries = if policy.allows(&request.method) {
            policy.max_retries
        } else {
            0
        };
        let timeout = options.attempt_timeout.or(self.inner.request_timeout);
        let mut retry = 0;
        loop {
            let last = retry >= retries;
            let attempt = self.attempt(
                operation,
                request,
                timeout,
                retry + 1,
                options.upload.as_ref(),
            );
            let wait = match attempt.await? {
                Ok(response)
                    if !last
                        && policy.retries(response.status(), self.inner.api.retry_statuses) =>
                {
                    policy.delay(retry, Some(response.headers()))
                }
                Ok(response) => return Ok(response),
                Err(error) if !last && retryable_error(&error) => policy.delay(retry, None),
                Err(source) => return Err(Error::Transport { operation, source }),
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// Send attempt number `attempt` (from 1) of `request` once, inside its tracing span and
    /// through the hooks. The outer `Err` is a request that cannot be made; the inner one a
    /// transport failure, without its URL.
    pub(super) async fn attempt<E>(
        &self,
        operation: &'static Operation,
        request: &Request,
        timeout: Option<Duration>,
        attempt: u32,
        upload: Option<&UploadProgress>,
    ) -> Result<Result<reqwest::Response, reqwest::Error>, Error<E>> {
        let mut builder = self.prepare(operation, request, upload)?;
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let mut prepared = match builder.build() {
            Ok(prepared) => prepared,
            Err(error) => return Ok(Err(error.without_url())),
        };
        for hook in &self.inner.hooks {
            hook.on_request(operation, &mut prepared);
        }
        let span = Attempt::start(operation, attempt);
        match span.run(self.inner.http.execute(prepared)).await {
            Ok(response) => {
                span.answered(response.status().as_u16());
                for hook in &self.inner.hooks {
                    hook.on_response(operation, &response);
                }
                Ok(Ok(response))
            }
            Err(error) => {
                span.failed(&error);
                Ok(Err(error.without_url()))
            }
        }
    }

    /// Build one attempt of `request`: URL, query, headers, credentials, body.
    fn prepare<E>(
        &self,
        operation: &'static Operation,
        request: &Request,
        upload: Option<&UploadProgress>,
    ) -> Result<reqwest::RequestBuilder, Error<E>> {
        let credentials = &self.inner.credentials;
        let schemes = chosen(credentials, request)
            .map_err(|schemes| Error::MissingCredentials { operation, schemes })?;
        let mut placed = Vec::with_capacity(schemes.len());
        for scheme in schemes {
            placed.push(
                place(credentials, self.inner.token_placement, request, scheme).map_err(
                    |name| Error::MissingCredentials {
                        operation,
                        schemes: vec![name],
                    },
                )?,
            );
        }
        let url = url(&self.inner.base_url, request, &placed);
        let builder = self.inner.http.request(request.method.clone(), url);
        let (mut builder, mut cookies) =
            with_headers(builder, &self.inner.default_headers, &request.headers);
        let mut key_cookies = Vec::new();
        let mut form_fields = Vec::new();
        for placement in placed {
            builder = match placement {
                Placed::Basic(username, password) => builder.basic_auth(username, Some(password)),
                Placed::Bearer(token) => builder.bearer_auth(token),
                Placed::Header(name, key) => {
                    let value = sensitive(key).map_err(|()| Error::Encode {
                        operation,
                        message: format!("the key for header `{name}` is not a valid header value"),
                    })?;
                    builder.header(name, value)
                }
                // In the URL, above.
                Placed::Query(..) => builder,
                Placed::Cookie(name, key) => {
                    if !cookie_value(key) {
                        return Err(Error::Encode {
                            operation,
                            message: format!(
                                "the key for cookie `{name}` is not a valid cookie value"
                            ),
                        });
                    }
                    key_cookies.push(format!("{name}={key}"));
                    builder
                }
                Placed::FormField(name, token) => {
                    form_fields.push((name, token));
                    builder
                }
            };
        }
        if !cookies.is_empty() || !key_cookies.is_empty() {
            let secret = !key_cookies.is_empty();
            cookies.extend(key_cookies);
            builder = with_cookies(builder, &self.inner.default_headers, &cookies, secret)
                .map_err(|message| Error::Encode { operation, message })?;
        }
        with_body(builder, &request.body, &form_fields, upload)
            .map_err(|message| Error::Encode { operation, message })
    }
}

/// `builder` with the client's default headers, then the request's own, except `Cookie`: a
/// request sends one `Cookie` header (RFC 6265), so the values of the request's (its cookie
/// parameters, a per-call `Cookie` header) are returned, to be joined with any API key cookie.
fn with_headers(
    mut builder: reqwest::RequestBuilder,
    defaults: &HeaderMap,
    headers: &[(String, String)],
) -> (reqwest::RequestBuilder, Vec<String>) {
    if !defaults.is_empty() {
        builder = builder.headers(defaults.clone());
    }
    let mut cookies = Vec::new();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("cookie") {
            cookies.push(value.clone());
        } else {
            builder = builder.header(name.as_str(), value);
        }
    }
    (builder, cookies)
}

/// `builder` with one `Cookie` header: a default `Cookie` header's cookies first, then `cookies`.
/// `Err` when the result is not a valid header value.
fn with_cookies(
    builder: reqwest::RequestBuilder,
    defaults: &HeaderMap,
    cookies: &[String],
    secret: bool,
) -> Result<reqwest::RequestBuilder, String> {
    let defaults = defaults.get_all(reqwest::header::COOKIE);
    let secret = secret || defaults.iter().any(HeaderValue::is_sensitive);
    let mut parts: Vec<&str> = defaults.iter().filter_map(|v| v.to_str().ok()).collect();
    parts.extend(cookies.iter().map(String::as_str));
    let value = cookie_header(&parts, secret)
        .map_err(|()| "the cookies are not a valid `Cookie` header value".to_owned())?;
    // `headers` replaces a default `Cookie` header where `header` would add a second one.
    let mut one = HeaderMap::new();
    one.insert(reqwest::header::COOKIE, value);
    Ok(builder.headers(one))
}

/// `builder` with `body`, plus `form_fields` appended when it is a form.
fn with_body(
    builder: reqwest::RequestBuilder,
    body: &Body,
    form_fields: &[(&str, &str)],
    upload: Option<&UploadProgress>,
) -> Result<reqwest::RequestBuilder, String> {
    Ok(match body {
        Body::None => builder,
        Body::Json(value) => builder.json(value),
        Body::Form(encoded) => {
            let mut encoded = encoded.clone();
            if !form_fields.is_empty() {
                let extra =
                    ::serde_urlencoded::to_string(form_fields).map_err(|e| e.to_string())?;
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
        Body::Multipart(parts) => builder.multipart(multipart_form(parts, upload)?),
        Body::Raw {
            content_type,
            bytes,
        } => {
            let builder = builder.header(reqwest::header::CONTENT_TYPE, content_type.as_str());
            match upload {
                None => builder.body(bytes.clone()),
                Some(upload) => {
                    let total = bytes.len() as u64;
                    let sent = Sent::new(upload.clone(), total);
                    builder
                        .header(reqwest::header::CONTENT_LENGTH, total)
                        .body(reqwest::Body::wrap_stream(sent.chunks(bytes.clone())))
                }
            }
        }
    })
}

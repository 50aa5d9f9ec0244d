//! [`api_client!`](crate::api_client): the `Client` and `ClientBuilder` a generated crate declares
//! around the runtime's, to give them its operations and credential setters as methods.

/// Declares a generated crate's `Client` and `ClientBuilder`: wrappers of the runtime's
/// [`Client`](crate::Client) and [`ClientBuilder`](crate::ClientBuilder) for the [`Api`](crate::Api) `$api`,
/// so the crate can give them its operations and credential setters as methods of their own.
///
/// Every public method of the runtime's types is there, returning the wrapper; `Client` is
/// also `AsRef<`the runtime's `Client>`, which is what a [`Call`](crate::Call) is made from.
/// Their docs link `Call`: the module that expands the macro has the runtime's `Call` in scope.
///
/// ```
/// mod example {
///     pub use client_runtime::Call;
///
///     static API: client_runtime::Api =
///         client_runtime::Api::new("example-client/1.0.0").secret_fields(&["password"]);
///     client_runtime::api_client!(API);
///
///     impl Client {
///         /// A builder for a client of the API's server.
///         pub fn builder() -> ClientBuilder {
///             ClientBuilder::new("https://api.example.com")
///         }
///     }
/// }
///
/// let client = example::Client::builder().build()?;
/// assert_eq!(client.base_url(), "https://api.example.com");
/// let runtime: &client_runtime::Client = client.as_ref();
/// # let _ = runtime;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[macro_export]
macro_rules! api_client {
    ($api:path) => {
        /// The API client. Cheap to clone: clones share one connection pool.
        ///
        /// Each operation is a method that returns a [`Call`]: `.await` it for the body.
        #[derive(Clone, Debug)]
        pub struct Client($crate::Client);

        impl Client {
            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.0.base_url()
            }

            /// A client like this one that also uses `credential` for `scheme` (a constant of the
            /// `security` module, e.g. for a new access token). A name that is not one of the
            /// API's schemes is refused, naming them.
            pub fn with_credential(
                &self,
                scheme: &'static str,
                credential: $crate::Credential,
            ) -> ::core::result::Result<Self, $crate::BuildError> {
                self.0.with_credential(scheme, credential).map(Self)
            }

            /// [`with_credential`](Self::with_credential) for a scheme of the API's.
            #[doc(hidden)]
            pub fn with_known_credential(
                &self,
                scheme: &'static str,
                credential: $crate::Credential,
            ) -> Self {
                Self(self.0.with_known_credential(scheme, credential))
            }

            /// How event streams of this client detect a dead connection and reconnect.
            pub fn stream_options(&self) -> &$crate::StreamOptions {
                self.0.stream_options()
            }

            /// When this client sends a request again.
            pub fn retry_policy(&self) -> &$crate::RetryPolicy {
                self.0.retry_policy()
            }
        }

        impl ::core::convert::AsRef<$crate::Client> for Client {
            fn as_ref(&self) -> &$crate::Client {
                &self.0
            }
        }

        /// Configures and builds a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder($crate::ClientBuilder);

        impl ClientBuilder {
            /// A builder for `base_url`, with default timeouts (10 s to connect, 60 s per
            /// request).
            pub fn new(base_url: impl ::core::convert::Into<::std::string::String>) -> Self {
                Self($crate::ClientBuilder::new(base_url).api(&$api))
            }

            /// Send requests to `base_url` instead (e.g. a local test server).
            pub fn base_url(
                self,
                base_url: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.base_url(base_url))
            }

            /// Allow a plain `http://` base URL (e.g. a local test server). Refused otherwise.
            pub fn allow_insecure_http(self) -> Self {
                Self(self.0.allow_insecure_http())
            }

            /// The longest wait for a connection.
            pub fn connect_timeout(self, timeout: ::core::time::Duration) -> Self {
                Self(self.0.connect_timeout(timeout))
            }

            /// How long a call may take in all, every attempt and the waits between retries
            /// included; then it ends with a timeout error. None by default.
            pub fn timeout(self, timeout: ::core::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// How long one attempt may take, from sending to the end of the body (60 s by
            /// default).
            pub fn attempt_timeout(self, timeout: ::core::time::Duration) -> Self {
                Self(self.0.attempt_timeout(timeout))
            }

            /// The `User-Agent` header (by default the crate's name and version).
            pub fn user_agent(
                self,
                user_agent: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// Use `credential` for the security scheme named `scheme`.
            pub fn credential(
                self,
                // As the spec names it (`security::…` constants hold it).
                scheme: &'static str,
                credential: $crate::Credential,
            ) -> Self {
                Self(self.0.credential(scheme, credential))
            }

            /// Send through `http`, a `reqwest::Client` of yours (proxies, TLS settings,
            /// connection pool); the connect timeout and user agent above are then not applied.
            pub fn http_client(self, http: ::reqwest::Client) -> Self {
                Self(self.0.http_client(http))
            }

            /// How event streams detect a dead connection and reconnect.
            pub fn stream_options(self, options: $crate::StreamOptions) -> Self {
                Self(self.0.stream_options(options))
            }

            /// When a request is sent again: connection failures, 429 and 503 answers.
            pub fn retry_policy(self, policy: $crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }

            /// Where a bearer token goes on a request.
            pub fn token_placement(self, placement: $crate::TokenPlacement) -> Self {
                Self(self.0.token_placement(placement))
            }

            /// The largest answer body read, in bytes; a larger one is an error.
            pub fn max_body_size(self, bytes: u64) -> Self {
                Self(self.0.max_body_size(bytes))
            }

            /// Send this header with every request.
            pub fn default_header(
                self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.default_header(name, value))
            }

            /// Run `hook` on every request and answer, after the hooks registered before it.
            pub fn hook(self, hook: impl $crate::Hook) -> Self {
                Self(self.0.hook(hook))
            }

            /// Check the configuration and build the client.
            pub fn build(self) -> ::core::result::Result<Client, $crate::BuildError> {
                self.0.build().map(Client)
            }
        }
    };
}

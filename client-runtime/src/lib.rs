//! The runtime of the clients the generator emits: configuration, credentials, sending with
//! retries and hooks, decoding, errors, event streams and pages.
//!
//! A generated crate is thin: its models, its operations (each a method building a request and
//! returning a [`Call`]) and a few constants. Everything else happens here, written once, and
//! reaches the generated crate in one of two ways:
//!
//! - **as a dependency**: the generated crate depends on this crate and calls it
//!   `runtime` (`pub use client_runtime as runtime;`);
//! - **vendored**: this crate's sources copied into the generated crate's `src/runtime/`, the
//!   crate paths rewritten, so the generated crate depends on nothing of ours.
//!
//! What differs per API reaches the runtime as values: an [`Api`] (the generated crate's user
//! agent and the wire names whose values are secrets), the base URL, the security
//! [`Scheme`]s each request names. [`api_client!`](crate::api_client) declares the generated crate's `Client` and
//! `ClientBuilder`, thin wrappers of this crate's [`Client`] and [`ClientBuilder`] to which the
//! generated crate adds its operations and credential setters.
//!
//! Users of a generated crate name what it re-exports ([`Call`], [`Error`], [`RetryPolicy`],
//! …); the items hidden from these docs are plumbing for generated code and may change in any
//! release.
//!
//! ```
//! use client_runtime::{ClientBuilder, RetryPolicy};
//!
//! let client = ClientBuilder::new("https://api.example.com")
//!     .retry_policy(RetryPolicy::none())
//!     .build()?;
//! assert_eq!(client.base_url(), "https://api.example.com");
//! # Ok::<(), client_runtime::BuildError>(())
//! ```

mod alternatives;
mod api;
mod api_client;
mod auth;
mod call;
mod client;
#[doc(hidden)]
pub mod decode;
mod error;
#[doc(hidden)]
pub mod event_kinds;
mod hook;
#[doc(hidden)]
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
mod nullable;
mod oauth;
mod options;
mod pages;
#[cfg(feature = "patterns")]
#[doc(hidden)]
pub mod pattern;
mod redact;
mod request;
mod response;
mod retry;
mod scheme;
mod secret;
mod sse;
mod style;
mod trace;
mod uuid;

pub use api::{Api, Server};
pub use auth::{Credential, TokenPlacement};
pub use call::{Call, WithResponse};
pub use client::{BuildError, Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE};
pub use error::{DecodeFailure, Error, Operation};
pub use hook::Hook;
pub use nullable::Nullable;
pub use oauth::{AuthorizationError, AuthorizationRequest};
pub use options::StreamOptions;
pub use pages::Pages;
pub use request::FilePart;
pub use response::{Download, Response};
pub use retry::RetryPolicy;
pub use scheme::{Scheme, SchemeKind};
pub use secret::Secret;
pub use sse::{Event, EventStream};
pub use uuid::{InvalidUuid, Uuid};

// Plumbing: what generated code calls, hidden from the docs.
#[doc(hidden)]
pub use alternatives::{Alternatives, Shape};
#[doc(hidden)]
pub use oauth::authorization_request;
#[doc(hidden)]
pub use pages::{pages, pointer_u64};
#[doc(hidden)]
pub use request::{
    Body, FileParts, PartValue, Parts, Request, bytes_body, form_body, json_body, path_segment,
    text_body, text_of,
};
#[doc(hidden)]
pub use response::{DecodeError, error_json};
#[doc(hidden)]
pub use style::{PathStyle, path_param};

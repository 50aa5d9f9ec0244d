//! The runtime every generated operation goes through: configuration, credentials, sending,
//! decoding, errors.
//!
//! Written once by hand in the generator and copied verbatim into each generated crate, so a
//! generated crate depends on nothing of ours.

mod auth;
mod client;
mod error;
pub mod lenient;
mod oauth;
mod pages;
mod request;
mod response;
mod retry;
mod secret;
mod sse;

pub use auth::{Credential, Scheme, SchemeKind, TokenPlacement};
pub use client::{BuildError, Client, ClientBuilder};
pub use error::Error;
pub use oauth::{AuthorizationError, AuthorizationRequest, authorization_request};
pub use pages::{pages, pointer_u64};
pub use request::{
    Body, FilePart, PartValue, Request, form_body, json_body, multipart_body, path_segment,
    push_cookies, push_deep, push_joined, push_part_file, push_part_text, push_values, scalar_text,
    text_of,
};
pub use response::{DecodeError, empty, error_for, error_json, json, text};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use sse::{Event, EventStream, StreamOptions};

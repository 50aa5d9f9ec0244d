//! The runtime every generated operation goes through: configuration, credentials, sending,
//! decoding, errors. Not part of the public API: what users name is re-exported at the crate
//! root; the rest is plumbing for the generated code and may change in any release.
//!
//! Written once by hand in the generator and copied verbatim into each generated crate, so a
//! generated crate depends on nothing of ours.

mod alternatives;
mod auth;
mod call;
mod client;
mod error;
mod hook;
pub mod lenient;
mod oauth;
mod pages;
mod redact;
mod request;
mod response;
mod retry;
mod secret;
mod sse;
mod trace;
mod uuid;

pub use alternatives::{Alternatives, Shape};
pub use auth::{Credential, Scheme, SchemeKind, TokenPlacement};
pub use call::{Call, WithResponse};
pub use client::{BuildError, Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE};
pub use error::{DecodeFailure, Error, Operation};
pub use hook::Hook;
pub use oauth::{AuthorizationError, AuthorizationRequest, authorization_request};
pub use pages::{pages, pointer_u64};
pub use request::{
    Body, FilePart, FileParts, PartValue, Parts, Request, bytes_body, form_body, json_body,
    multipart_body, path_segment, push_part_file, push_part_text, text_body, text_of,
};
pub use response::{DecodeError, Download, Response, error_json};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use sse::{Event, EventStream, StreamOptions};
pub use uuid::{InvalidUuid, Uuid};

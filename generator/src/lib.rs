//! A declarative OpenAPI-driven Rust client generator.
//!
//! The pipeline, one module per stage, each a function from one value to the next:
//! [`load`] → [`overlay`] → (OpenAPI 3.1: [`downgrade`]) → [`hoist`] → [`normalize`] → [`refs`]
//! check → (Swagger 2.0: [`convert`]) → [`deserialize`] → ([`select`]) → [`lower`] → [`emit`].
//! [`pipeline`] runs each once, in order, collects [`diag::Diagnostic`]s in one sink and locates
//! them at the end. Nothing in this crate touches the file system: `generator-cli` (the
//! `client-gen` binary, build scripts) and `xtask` read the inputs and write the outputs; the
//! runtime the generated code calls is the `client-runtime` crate.

pub mod all_of;
pub mod convert;
pub mod deserialize;
pub mod diag;
pub mod diff;
pub mod downgrade;
pub mod emit;
pub mod example;
pub mod grammar;
pub mod hoist;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;
pub mod normalize;
pub mod origins;
pub mod overlay;
pub mod pipeline;
pub mod pointer;
pub mod public_api;
pub mod refs;
pub mod select;
pub mod threads;
pub mod timings;

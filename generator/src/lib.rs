//! A declarative OpenAPI-driven Rust client generator.
//!
//! The pipeline, one module per stage, each a function from one value to the next:
//! [`load`] → [`overlay`] → [`hoist`] → [`normalize`] → [`refs`] check → [`convert`] → [`lower`] →
//! [`emit`].
//! [`pipeline`] runs them in order and collects [`diag::Diagnostic`]s. Nothing in this crate
//! touches the file system: `xtask` reads the inputs and writes the outputs.

pub mod convert;
pub mod deserialize;
pub mod diag;
pub mod diff;
pub mod downgrade;
pub mod emit;
pub mod example;
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
pub mod refs;
pub mod threads;
pub mod timings;

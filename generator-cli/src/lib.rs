//! The generator's front door: what reads a spec from disk and writes a crate.
//!
//! The `generator` crate is pure (text in, files out, no I/O); this crate reads the spec and its
//! overlays, runs the pipeline, prints the summary and diagnostics, and writes the crate, each
//! file replaced atomically and only when it differs, nothing written when any error was found.
//! The `client-gen` binary (`cargo install --path generator-cli`) is this crate's
//! [`generate()`] with a command line; `cargo xtask generate` is the same function. A build script
//! generates a client as one file in `OUT_DIR` with [`build_script::Build`].
//!
//! ```no_run
//! use generator::emit::Runtime;
//! use generator::pipeline::OnSkip;
//!
//! let code = generator_cli::generate(&generator_cli::Generate {
//!     spec: "petstore.yaml",
//!     overlays: &[],
//!     out: "petstore-client",
//!     name: None,
//!     on_skip: OnSkip::Warn,
//!     runtime: Runtime::Vendored,
//!     command: "client-gen",
//!     check: false,
//!     timings: false,
//!     cli: None,
//!     select: &[],
//!     default_features: Default::default(),
//! })?;
//! # let _ = code;
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod args;
pub mod build_script;
pub mod files;
pub mod generate;
pub mod overlays;

pub use generate::{Generate, generate};

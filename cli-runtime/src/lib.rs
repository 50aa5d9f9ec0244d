//! The runtime of the command-line tools the generator emits: every operation of an API as a
//! command, for people and for scripts.
//!
//! A generated tool is its commands (one function per operation building its `clap` command,
//! one reading its arguments into the client's types and calling the client) and an [`App`]
//! value. Everything else happens here, written once:
//!
//! - [`main`] reads the command line, finds the base URL and credentials (flags, then
//!   environment variables, then the tokens `login` stored), runs the command, prints its answer
//!   and turns a failure into one line on standard error and an exit code ([`Kind`]);
//! - [`args`] declares and reads arguments: path parameters positional, the rest `--flags`
//!   checked by clap, a whole body from `--json`;
//! - [`Output`] prints answers as JSON in a pipe and as a table on a terminal, pages and events
//!   as JSON lines; [`download`] writes files with a progress bar;
//! - [`Login`] is the API's token flow, with its multi-factor step, and [`Store`] the tool's own
//!   configuration file, readable by its owner alone.
//!
//! Nothing here knows any API: what differs per API reaches it as values.

mod app;
pub mod args;
mod download;
mod failure;
mod login;
mod output;
mod store;
mod table;

pub use app::{Alias, App, BUILT_IN, BoxFuture, Context, Credential, Run, Scheme, command, main};
pub use download::{UploadBar, download};
pub use failure::{Failure, Kind};
pub use login::{Call as LoginCall, Login, Mfa, Revoke};
pub use output::{Format, Output};
pub use store::{Store, Stored};

/// The crates generated tools name through this one.
#[doc(hidden)]
pub mod reexport {
    pub use clap;
    pub use futures_util;
    pub use serde_json;
}

//! Why a command failed, the one line it prints, and the exit code scripts tell failures apart by.

use std::fmt;
use std::process::ExitCode;

/// What kind of failure ended a command, and so its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// The command line or its input (`--json`, a file) is wrong: exit code 2, as clap's own
    /// usage errors.
    Usage,
    /// The server answered with an error status (4xx or 5xx), or an answer that does not read as
    /// documented: exit code 1.
    Api {
        /// The HTTP status, when there was one.
        status: Option<u16>,
    },
    /// The request could not be sent or its answer not read (connection, TLS, timeout): exit
    /// code 3.
    Transport,
    /// No credentials for the operation (not logged in): exit code 4.
    Credentials,
    /// Interrupted (Ctrl-C): exit code 130, as shells report it.
    Interrupted,
    /// A local file or terminal could not be read or written: exit code 1.
    Local,
    /// Standard output was closed by its reader (`| head`): nothing more to print, exit code 0
    /// and no message, as `ripgrep` and `cat` do.
    Closed,
}

impl Kind {
    /// The process exit code of this kind of failure.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Api { .. } | Self::Local => 1,
            Self::Usage => 2,
            Self::Transport => 3,
            Self::Credentials => 4,
            Self::Interrupted => 130,
            Self::Closed => 0,
        }
    }
}

/// A failed command: its kind, the one line printed to standard error, and (for an API error)
/// the error body, which a login flow reads for its multi-factor step and which is never printed.
pub struct Failure {
    kind: Kind,
    message: String,
    body: Option<serde_json::Value>,
}

impl Failure {
    /// A failure of this kind with this message.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            body: None,
        }
    }

    /// A usage error: the command line or its input is wrong.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// A local file or terminal failed.
    pub fn local(message: impl Into<String>) -> Self {
        Self::new(Kind::Local, message)
    }

    /// This failure, keeping the decoded error body the server sent.
    pub fn with_body(mut self, body: Option<serde_json::Value>) -> Self {
        self.body = body;
        self
    }

    /// Its kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The line printed for it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error body the server sent, decoded (never printed: it may hold secrets such as a
    /// multi-factor token).
    pub fn body(&self) -> Option<&serde_json::Value> {
        self.body.as_ref()
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Brief, without the body.
impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failure")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl std::error::Error for Failure {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_tell_the_kinds_apart() {
        let codes: Vec<u8> = [
            Kind::Api { status: Some(404) },
            Kind::Usage,
            Kind::Transport,
            Kind::Credentials,
            Kind::Interrupted,
        ]
        .into_iter()
        .map(Kind::exit_code)
        .collect();
        assert_eq!(codes, [1, 2, 3, 4, 130]);
    }

    #[test]
    fn debug_leaves_the_body_out() {
        let failure = Failure::new(Kind::Api { status: Some(403) }, "mfa_required")
            .with_body(Some(serde_json::json!({"mfa_token": "s3cret"})));
        assert!(!format!("{failure:?}").contains("s3cret"));
        assert_eq!(failure.to_string(), "mfa_required");
        assert_eq!(
            failure.body().map(|b| b["mfa_token"].clone()),
            Some("s3cret".into())
        );
    }
}

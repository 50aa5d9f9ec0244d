//! `Error`: everything that can go wrong with a call.

use std::fmt;
use std::time::Duration;

/// Everything that can go wrong with a call. `E` is the operation's documented error body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status and a body of the documented error type.
    Api {
        /// HTTP status code.
        status: u16,
        /// The decoded error body.
        body: E,
    },
    /// The server answered with an unexpected status and a body that is not the documented error.
    UnexpectedStatus {
        /// HTTP status code.
        status: u16,
        /// The raw body text.
        body: String,
    },
    /// A success answer whose body could not be decoded.
    Decode {
        /// HTTP status code.
        status: u16,
        /// The raw body text.
        body: String,
        /// Why decoding failed.
        source: ::serde_json::Error,
    },
    /// The request could not be encoded.
    Encode(String),
    /// The request could not be sent, or the answer not read.
    Transport(reqwest::Error),
    /// None of the operation's security requirements has credentials configured.
    MissingCredentials(Vec<&'static str>),
    /// An event arrived on an event stream, but its data could not be decoded. The stream goes on.
    Event {
        /// The event's name (`message` when the server sent none).
        name: String,
        /// The raw `data:` text.
        data: String,
        /// Why decoding failed.
        source: ::serde_json::Error,
    },
    /// An event stream's server sent nothing at all (no answer, not even a keep-alive) for this
    /// long: the stream's idle timeout.
    Timeout(Duration),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|status| status.as_u16()),
            Self::Encode(_)
            | Self::MissingCredentials(_)
            | Self::Event { .. }
            | Self::Timeout(_) => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body } => write!(f, "the server answered {status}: {body:?}"),
            Self::UnexpectedStatus { status, .. } => {
                write!(f, "the server answered {status} with an undocumented body")
            }
            Self::Decode { status, source, .. } => {
                write!(f, "cannot decode the {status} answer: {source}")
            }
            Self::Encode(message) => write!(f, "cannot encode the request: {message}"),
            Self::Transport(error) => write!(f, "request failed: {}", error.without_url_ref()),
            Self::MissingCredentials(schemes) => {
                write!(
                    f,
                    "no credentials configured for any of: {}",
                    schemes.join(", ")
                )
            }
            Self::Event { name, source, .. } => {
                write!(f, "cannot decode the data of event `{name}`: {source}")
            }
            Self::Timeout(after) => write!(f, "the server sent nothing for {after:?}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } | Self::Event { source, .. } => Some(source),
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// Keeps URLs (which may carry a token in the query) out of transport error messages.
trait WithoutUrl {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(url.as_str(), "<url>");
        }
        text
    }
}

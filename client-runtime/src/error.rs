//! `Error`: everything that can go wrong with a call, the operation it happened in, and a
//! one-line `Display` that says what the server said.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;

/// Which operation a call was: the Rust method, the HTTP method and the path template (never a
/// concrete URL, which may carry identifiers or a token).
///
/// `Display` shows `get_device (GET /v1/devices/{deviceId})`; so does `Debug`, in quotes.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The Rust method, e.g. `get_device`.
    pub name: &'static str,
    /// The HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// The path template below the base URL, e.g. `/v1/devices/{deviceId}`.
    pub path: &'static str,
    /// The wire names of the documented error body's fields that read like a message, in the
    /// order an error's `Display` shows them.
    pub message_fields: &'static [&'static str],
}

impl Operation {
    /// An operation as generated code describes it.
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        method: &'static str,
        path: &'static str,
        message_fields: &'static [&'static str],
    ) -> Self {
        Self {
            name,
            method,
            path,
            message_fields,
        }
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name, self.method, self.path)
    }
}

/// Everything that can go wrong with a call. `E` is the operation's documented error body.
///
/// Every variant names the [`Operation`]; those that follow an answer keep its status, headers
/// and body text. Body texts and event data are stored with every secret field masked (`***`),
/// and secrets never appear in `Display` or `Debug`: the values of secret fields, the client's
/// credentials (a Basic one in its encoded form too) and what the request sent under a secret
/// name, wherever the server repeats them. The decoded `body` of [`Error::Api`] is the server's
/// as sent: its secret-typed fields print as `***` but stay usable (an MFA token to continue a
/// login).
///
/// ```
/// use client_runtime::Error;
///
/// fn report<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) {
///     match result {
///         Ok(_) => println!("done"),
///         // The documented error body, decoded.
///         Err(Error::Api { status: 401, body, .. }) => println!("log in again ({body:?})"),
///         Err(error) => {
///             // One line: the operation, the status and the server's own message.
///             eprintln!("{error}");
///             if let Some(wait) = error.headers().and_then(|h| h.get("retry-after")) {
///                 eprintln!("retry after {wait:?}");
///             }
///         }
///     }
/// }
/// ```
///
/// `Debug` is brief: the kind, the operation, the status, the request id, then an excerpt of the
/// masked text, or the cause.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status and a body of the documented error type.
    Api {
        /// The call.
        operation: &'static Operation,
        /// The HTTP status code.
        status: u16,
        /// The answer's headers.
        headers: Box<HeaderMap>,
        /// The decoded error body.
        body: Box<E>,
        /// The body as text, secrets masked (at most its first 64 KiB).
        text: String,
    },
    /// The server answered with an error status and a body that is not the documented error
    /// (a proxy's HTML page, an unknown JSON shape, or a documented type with none of its fields).
    UnexpectedStatus {
        /// The call.
        operation: &'static Operation,
        /// The HTTP status code.
        status: u16,
        /// The answer's headers.
        headers: Box<HeaderMap>,
        /// The body as text, secrets masked (at most its first 64 KiB).
        text: String,
    },
    /// A success answer whose body could not be decoded into the documented type.
    Decode {
        /// The call.
        operation: &'static Operation,
        /// The HTTP status code.
        status: u16,
        /// The answer's headers.
        headers: Box<HeaderMap>,
        /// The body as text, secrets masked (at most its first 64 KiB).
        text: String,
        /// Why decoding failed.
        source: DecodeFailure,
    },
    /// The answer's body is larger than the client's limit
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)); it was not read.
    TooLarge {
        /// The call.
        operation: &'static Operation,
        /// The HTTP status code.
        status: u16,
        /// The answer's headers.
        headers: Box<HeaderMap>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The request could not be encoded.
    Encode {
        /// The call.
        operation: &'static Operation,
        /// Why.
        message: String,
    },
    /// The request could not be sent, or the answer not read. The error carries no URL.
    Transport {
        /// The call.
        operation: &'static Operation,
        /// What `reqwest` reported.
        source: reqwest::Error,
    },
    /// None of the operation's security requirements has credentials configured.
    MissingCredentials {
        /// The call.
        operation: &'static Operation,
        /// The security schemes the operation accepts.
        schemes: Vec<&'static str>,
    },
    /// An event arrived on an event stream, but its data could not be decoded. The stream goes on.
    Event {
        /// The call that opened the stream.
        operation: &'static Operation,
        /// The event's name (`message` when the server sent none).
        name: String,
        /// The `data:` text, secrets masked.
        data: String,
        /// Why decoding failed.
        source: DecodeFailure,
    },
    /// One event of an event stream is larger than
    /// [`StreamOptions::max_event_size`](crate::StreamOptions::max_event_size); the stream ends.
    EventTooLarge {
        /// The call that opened the stream.
        operation: &'static Operation,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The call did not finish within its [`timeout`](crate::Call::timeout), retries included;
    /// or an event stream's server sent nothing at all (not even a keep-alive) for its idle
    /// timeout.
    Timeout {
        /// The call.
        operation: &'static Operation,
        /// The timeout.
        after: Duration,
    },
}

impl<E> Error<E> {
    /// The call that failed.
    pub fn operation(&self) -> &'static Operation {
        match self {
            Self::Api { operation, .. }
            | Self::UnexpectedStatus { operation, .. }
            | Self::Decode { operation, .. }
            | Self::TooLarge { operation, .. }
            | Self::Encode { operation, .. }
            | Self::Transport { operation, .. }
            | Self::MissingCredentials { operation, .. }
            | Self::Event { operation, .. }
            | Self::EventTooLarge { operation, .. }
            | Self::Timeout { operation, .. } => operation,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::TooLarge { status, .. } => Some(*status),
            Self::Transport { source, .. } => source.status().map(|status| status.as_u16()),
            _ => None,
        }
    }

    /// Whether the call ran out of time: its whole-call timeout, an attempt's timeout (the last
    /// attempt's, when retries did not help), or an event stream's idle timeout.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Timeout { .. } => true,
            Self::Transport { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection to the server could be made (refused, unreachable, a DNS or TLS
    /// failure).
    pub fn is_connect(&self) -> bool {
        match self {
            Self::Transport { source, .. } => source.is_connect(),
            _ => false,
        }
    }

    /// The answer's headers, when the server answered (e.g. `retry-after`, a request id).
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api { headers, .. }
            | Self::UnexpectedStatus { headers, .. }
            | Self::Decode { headers, .. }
            | Self::TooLarge { headers, .. } => Some(&**headers),
            _ => None,
        }
    }

    /// The answer's body as text, secrets masked, when it was read.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Api { text, .. }
            | Self::UnexpectedStatus { text, .. }
            | Self::Decode { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The decoded error body, for an [`Error::Api`].
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { body, .. } => Some(&**body),
            _ => None,
        }
    }
}

/// Headers servers name a request by, in the order looked for.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-correlation-id",
];

impl<E> Error<E> {
    /// The id the server gave the request (`x-request-id` and the like), to quote to its
    /// operators.
    pub fn request_id(&self) -> Option<&str> {
        let headers = self.headers()?;
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name)?.to_str().ok())
    }

    /// The variant's name, for `Debug`.
    fn kind(&self) -> &'static str {
        match self {
            Self::Api { .. } => "Api",
            Self::UnexpectedStatus { .. } => "UnexpectedStatus",
            Self::Decode { .. } => "Decode",
            Self::TooLarge { .. } => "TooLarge",
            Self::Encode { .. } => "Encode",
            Self::Transport { .. } => "Transport",
            Self::MissingCredentials { .. } => "MissingCredentials",
            Self::Event { .. } => "Event",
            Self::EventTooLarge { .. } => "EventTooLarge",
            Self::Timeout { .. } => "Timeout",
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(self.kind());
        out.field("operation", self.operation());
        if let Some(status) = self.status() {
            out.field("status", &status);
        }
        if let Some(id) = self.request_id() {
            out.field("request_id", &id);
        }
        match self {
            // The kept text, masked, rather than the decoded body: a secret the request sent
            // and the server echoed in an ordinary field is masked there only.
            Self::Api { text, .. } | Self::UnexpectedStatus { text, .. } => {
                out.field("text", &excerpt(text))
            }
            Self::Decode { source, text, .. } => {
                out.field("source", source).field("text", &excerpt(text))
            }
            Self::Event { name, source, .. } => out.field("event", name).field("source", source),
            Self::TooLarge { limit, .. } => out.field("limit", limit),
            Self::EventTooLarge { limit, .. } => out.field("limit", limit),
            Self::Encode { message, .. } => out.field("message", message),
            Self::Transport { .. } => out.field("cause", &format_args!("{self}")),
            Self::MissingCredentials { schemes, .. } => out.field("schemes", schemes),
            Self::Timeout { after, .. } => out.field("after", after),
        };
        out.finish_non_exhaustive()
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.operation();
        write!(f, "{operation}: ")?;
        match self {
            Self::Api { status, text, .. } => {
                write!(
                    f,
                    "{}: {}",
                    Status(*status),
                    summary(text, operation.message_fields)
                )
            }
            // Not the documented shape: none of its fields are there, the usual names may be.
            Self::UnexpectedStatus { status, text, .. } => {
                write!(
                    f,
                    "{}: {}",
                    Status(*status),
                    summary(text, USUAL_MESSAGE_FIELDS)
                )
            }
            Self::Decode { status, source, .. } => {
                write!(f, "cannot decode the {} answer: {source}", Status(*status))
            }
            Self::TooLarge { status, limit, .. } => {
                write!(
                    f,
                    "the {} answer is larger than the limit of {}",
                    Status(*status),
                    Size(*limit)
                )
            }
            Self::Encode { message, .. } => write!(f, "cannot encode the request: {message}"),
            Self::Transport { source, .. } => {
                f.write_str("request failed")?;
                let mut previous = String::new();
                let mut cause: Option<&dyn std::error::Error> = Some(source);
                while let Some(error) = cause {
                    let text = error.to_string();
                    // `reqwest` and `hyper` sometimes repeat their cause in their own message.
                    if !text.is_empty() && !previous.contains(&text) {
                        write!(f, ": {text}")?;
                    }
                    previous = text;
                    cause = error.source();
                }
                Ok(())
            }
            Self::MissingCredentials { schemes, .. } => {
                write!(
                    f,
                    "no credentials configured for any of: {}",
                    schemes.join(", ")
                )
            }
            Self::Event { name, source, .. } => {
                write!(f, "cannot decode the data of event `{name}`: {source}")
            }
            Self::EventTooLarge { limit, .. } => {
                write!(
                    f,
                    "an event is larger than the limit of {}",
                    Size(*limit as u64)
                )
            }
            Self::Timeout { after, .. } => write!(f, "timed out: nothing arrived within {after:?}"),
        }
    }
}

/// `source()` is `None`: `Display` already tells the cause (a transport error's whole chain, a
/// decoder's message), and a cause told by both would show twice in a report that prints the
/// chain (`anyhow`'s `{:#}`). The cause itself is in the variant's `source` field.
impl<E: fmt::Debug> std::error::Error for Error<E> {}

/// Why a body or an event's data did not decode: the decoder's message, with any secret it
/// quoted masked, and where in the text it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    message: String,
    line: usize,
    column: usize,
}

impl DecodeFailure {
    /// The failure of `error`, with every one of `secrets` masked in its message.
    pub(super) fn new(error: &::serde_json::Error, secrets: &[String]) -> Self {
        let mut message = error.to_string();
        crate::redact::mask_values(&mut message, secrets);
        Self {
            message,
            line: error.line(),
            column: error.column(),
        }
    }

    /// The line (from 1) where decoding stopped.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1) where decoding stopped.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeFailure {}

/// A status code with its reason phrase: `404 Not Found`.
struct Status(u16);

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|s| s.canonical_reason());
        match reason {
            Some(reason) => write!(f, "{} {reason}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A byte count, in the largest binary unit that divides it.
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (unit, name) in [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] {
            if self.0 >= unit && self.0 % unit == 0 {
                return write!(f, "{} {name}", self.0 / unit);
            }
        }
        write!(f, "{} bytes", self.0)
    }
}

/// Where an error body the spec does not describe is looked for its message, in the order the
/// fields are shown: a short code first (`invalid_grant`), then the explanations. (The generator
/// orders an operation's documented message fields by the same list.)
const USUAL_MESSAGE_FIELDS: &[&str] = &[
    "error",
    "title",
    "error_description",
    "message",
    "error_message",
    "detail",
    "description",
    "reason",
    "info",
    "errors",
];

/// The longest excerpt of a body an error's `Display` shows.
const EXCERPT: usize = 200;

/// What an error body says, in one line: the values of `fields` it has (a JSON object's
/// message-like members; the usual ones when the spec names none), else the title or text of an
/// HTML page, else the start of the text.
pub(super) fn summary(text: &str, fields: &[&str]) -> String {
    let fields = if fields.is_empty() {
        USUAL_MESSAGE_FIELDS
    } else {
        fields
    };
    if text.trim().is_empty() {
        return "(empty body)".to_owned();
    }
    if let Ok(::serde_json::Value::Object(members)) = ::serde_json::from_str(text) {
        let mut said: Vec<String> = Vec::new();
        for field in fields {
            let value = match members.get(*field) {
                Some(::serde_json::Value::String(value)) => value.trim().to_owned(),
                Some(::serde_json::Value::Array(items)) => {
                    let texts: Vec<&str> = items.iter().filter_map(|item| item.as_str()).collect();
                    texts.join("; ")
                }
                _ => continue,
            };
            if !value.is_empty() && !said.iter().any(|s| s.contains(&value)) {
                said.push(value);
            }
        }
        if !said.is_empty() {
            return excerpt(&said.join(": "));
        }
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        let title = between(trimmed, "<title>", "</title>");
        return excerpt(&title.map_or_else(|| strip_tags(trimmed), str::to_owned));
    }
    excerpt(text)
}

/// `text` on one line, whitespace collapsed, cut at [`EXCERPT`] characters.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    match line.char_indices().nth(EXCERPT) {
        Some((end, _)) => format!("{}…", line.get(..end).unwrap_or_default()),
        None => line,
    }
}

/// The text between the first `open` and the next `close`, ignoring ASCII case.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find(open)? + open.len();
    let end = start + lower.get(start..)?.find(close)?;
    text.get(start..end)
}

/// An HTML page's text without its tags.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

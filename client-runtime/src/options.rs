//! What a client and a single call can be configured with besides credentials and retries: how
//! event streams keep alive ([`StreamOptions`]), and what one call overrides ([`CallOptions`]).

use std::time::Duration;

use crate::retry::RetryPolicy;

/// How an event stream keeps itself alive, and how large one event may be.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::{ClientBuilder, StreamOptions};
///
/// let options = StreamOptions::default().idle_timeout(Duration::from_secs(90));
/// let client = ClientBuilder::new("https://api.example.com").stream_options(options).build()?;
/// # let _ = client;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
///
/// `#[non_exhaustive]`: build one from [`StreamOptions::default`] and its methods, so a new
/// setting is not a breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamOptions {
    /// Reconnect when nothing at all (not even a keep-alive) arrived for this long. Also the
    /// longest wait for the answer to a (re)connect.
    pub idle_timeout: Duration,
    /// How many reconnects in a row may fail before the stream ends with the last error
    /// (0: never reconnect; the stream ends with its first connection).
    pub max_reconnects: u32,
    /// The wait before the first reconnect; it doubles after each reconnect until an event
    /// arrives again.
    pub initial_backoff: Duration,
    /// The longest wait between reconnects, whatever a `Retry-After` asks for.
    pub max_backoff: Duration,
    /// Spread the waits at random: a backoff between half of it and all of it, a `Retry-After`
    /// lengthened by up to a tenth (see [`RetryPolicy`]). On by default.
    pub jitter: bool,
    /// The largest event, in bytes (its lines together). A longer one ends the stream with
    /// [`Error::EventTooLarge`](crate::Error::EventTooLarge); nothing more of it is kept in memory.
    pub max_event_size: usize,
}

impl StreamOptions {
    /// With this idle timeout (see the field).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// With at most this many failed reconnects in a row (0: never reconnect).
    pub fn max_reconnects(mut self, reconnects: u32) -> Self {
        self.max_reconnects = reconnects;
        self
    }

    /// With this wait before the first reconnect (it doubles after each one).
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// With this longest wait between reconnects.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// With waits spread at random (`true`, the default) or exactly as computed.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// With this largest event, in bytes.
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }
}

impl Default for StreamOptions {
    /// A 60 s idle timeout, 10 reconnects in a row waiting 1 s doubling to 30 s (with jitter),
    /// events up to 1 MiB.
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(60),
            max_reconnects: 10,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            jitter: true,
            max_event_size: 1 << 20,
        }
    }
}

/// What one call changes of the client's configuration.
#[derive(Debug, Clone, Default)]
pub(super) struct CallOptions {
    /// The time the whole call may take (retries and waits included), instead of the client's.
    pub(super) timeout: Option<Duration>,
    /// The time one attempt may take, instead of the client's; for an event stream, its idle
    /// timeout.
    pub(super) attempt_timeout: Option<Duration>,
    /// The retry policy, instead of the client's.
    pub(super) retry: Option<RetryPolicy>,
    /// Told how much of a file or binary body has been sent.
    pub(super) upload: Option<UploadProgress>,
}

/// Called with the bytes of a request body's files sent so far and their total, as they are
/// handed to the connection.
#[derive(Clone)]
pub(super) struct UploadProgress(pub(super) std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>);

impl std::fmt::Debug for UploadProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UploadProgress")
    }
}

//! Server-sent event streams: typed events, keep-alives skipped, idle timeout, reconnect with backoff.

use std::time::Duration;

/// How an event stream keeps itself alive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOptions {
    /// Reconnect when nothing at all (not even a keep-alive) arrived for this long.
    pub idle_timeout: Duration,
    /// How many reconnects in a row may fail before the stream ends with the last error.
    pub max_reconnects: u32,
    /// The wait before the first reconnect; it doubles after each failure.
    pub initial_backoff: Duration,
    /// The longest wait between reconnects.
    pub max_backoff: Duration,
}

impl Default for StreamOptions {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(60),
            max_reconnects: 10,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
        }
    }
}

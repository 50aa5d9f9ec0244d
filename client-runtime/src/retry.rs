//! `RetryPolicy`: which failed attempts are sent again, and how long to wait before each one.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime, Utc};

/// When and how a call is sent again: for every call of a client
/// ([`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy)), or for one
/// ([`Call::retry_policy`](crate::Call::retry_policy)).
///
/// An attempt is retried when the server answers 429, 502, 503 or 504, or when the connection
/// could not be made or timed out, and only for idempotent methods (`GET`, `HEAD`, `PUT`,
/// `DELETE`, `OPTIONS`, `TRACE`) unless [`retry_non_idempotent`](Self::retry_non_idempotent) is
/// set. The wait is the answer's `Retry-After` when it has one, else `initial_backoff` doubled
/// after each retry; either way never more than `max_backoff`. When no retry is left, the last
/// answer is returned as it is, so the caller sees the 429 or 503 as an error.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::RetryPolicy;
///
/// // Up to four retries, starting at 250 ms, POST included (the API deduplicates them).
/// let policy = RetryPolicy::default()
///     .max_retries(4)
///     .initial_backoff(Duration::from_millis(250))
///     .retry_non_idempotent(true);
/// # let _ = policy;
/// ```
///
/// `#[non_exhaustive]`: build one from [`RetryPolicy::default`] or [`RetryPolicy::none`] and its
/// methods, so a new setting is not a breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// How many times one request may be sent again (0: never).
    pub max_retries: u32,
    /// The wait before the first retry; it doubles with each further one.
    pub initial_backoff: Duration,
    /// The longest wait before a retry, whatever `Retry-After` asks for.
    pub max_backoff: Duration,
    /// Also retry `POST` and `PATCH`. Off by default: the first attempt may have taken effect
    /// even though its answer was lost or was a 502, and sending it again may do it twice.
    pub retry_non_idempotent: bool,
}

impl RetryPolicy {
    /// With at most `max_retries` retries of one request (0: never).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// With this wait before the first retry (it doubles with each further one).
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// With this longest wait before a retry, whatever `Retry-After` asks for.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// Also retrying `POST` and `PATCH` (see the field).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }
}

impl Default for RetryPolicy {
    /// Two retries, 500 ms then 1 s, waits capped at 30 s, idempotent methods only.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry: every request is sent once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether requests with `method` may be retried at all.
    pub(super) fn allows(&self, method: &reqwest::Method) -> bool {
        self.max_retries > 0 && (method.is_idempotent() || self.retry_non_idempotent)
    }

    /// The wait before retry number `retry` (0 for the first), given the answer's headers if any.
    pub(super) fn delay(
        &self,
        retry: u32,
        headers: Option<&reqwest::header::HeaderMap>,
    ) -> Duration {
        let asked = headers.and_then(|headers| retry_after(headers, SystemTime::now()));
        asked
            .unwrap_or_else(|| self.backoff(retry))
            .min(self.max_backoff)
    }

    /// `initial_backoff * 2^retry`, saturating rather than overflowing.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor)
    }
}

/// Whether an answer with `status` is worth sending again: rate limited, or a gateway or the
/// service reporting a passing failure.
pub(super) fn retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Whether a transport error is worth another attempt. Only connect errors and timeouts: other
/// errors (a connection closed mid-answer, a bad header) may repeat or may follow a request the
/// server already acted on.
pub(super) fn retryable_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout()
}

/// The wait a `Retry-After` header asks for: delta-seconds, or an HTTP-date (a date in the past
/// asks for no wait). `None` when the header is missing or unreadable.
fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = http_date(value)?;
    let wait = date.signed_duration_since(DateTime::<Utc>::from(now));
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// An HTTP-date in any of the three formats RFC 9110 §5.6.7 says recipients must accept.
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    // IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is a subset of RFC 2822.
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.with_timezone(&Utc));
    }
    // The obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
    // (`Sun Nov  6 08:49:37 1994`) forms.
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|naive| naive.and_utc())
}

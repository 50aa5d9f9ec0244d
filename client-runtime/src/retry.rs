//! `RetryPolicy`: which failed attempts are sent again, and how long to wait before each one.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime, Utc};

/// When and how a call is sent again: for every call of a client
/// ([`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy)), or for one
/// ([`Call::retry_policy`](crate::Call::retry_policy)).
///
/// An attempt is retried when the server answers one of [`statuses`](Self::statuses) (those the
/// API lists, else 429, 502, 503 and 504), or when the connection could not be made or
/// timed out, and only for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`,
/// `TRACE`) unless [`retry_non_idempotent`](Self::retry_non_idempotent) is set. The wait is the
/// answer's `Retry-After` when it has one, else `initial_backoff` doubled after each retry;
/// either way never more than `max_backoff`. With [`jitter`](Self::jitter) (the default) a
/// backoff is drawn between half of it and all of it, and a `Retry-After` wait is lengthened by
/// up to a tenth, so that clients throttled together do not all come back at once. When no retry
/// is left, the last answer is returned as it is, so the caller sees the 429 or 503 as an error.
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
    /// The answer statuses that are retried; `None` (the default): those the API lists
    /// ([`Api::retry_statuses`](crate::Api::retry_statuses)), else
    /// [`DEFAULT_STATUSES`](Self::DEFAULT_STATUSES).
    pub statuses: Option<Vec<u16>>,
    /// Spread the waits at random (see above). On by default.
    pub jitter: bool,
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

    /// Retrying answers with these statuses, instead of the API's or the default ones.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = Some(statuses.into_iter().collect());
        self
    }

    /// With waits spread at random (`true`, the default) or exactly as computed.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }
}

impl Default for RetryPolicy {
    /// Two retries, 500 ms then 1 s (with jitter), waits capped at 30 s, idempotent methods
    /// only, the statuses the API lists (429, 502, 503 and 504 when it lists none).
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
            statuses: None,
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The statuses retried when the API lists none: rate limited (429), and a gateway or the
    /// service reporting a passing failure (502, 503, 504).
    pub const DEFAULT_STATUSES: &'static [u16] = &[429, 502, 503, 504];

    /// Whether an answer with `status` is retried, for a client of an API that lists
    /// `api_statuses` (empty: none listed).
    pub(crate) fn retries(&self, status: reqwest::StatusCode, api_statuses: &[u16]) -> bool {
        let statuses = match &self.statuses {
            Some(statuses) => statuses.as_slice(),
            None if api_statuses.is_empty() => Self::DEFAULT_STATUSES,
            None => api_statuses,
        };
        statuses.contains(&status.as_u16())
    }

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
        let wait = match (asked, self.jitter) {
            (Some(asked), true) => asked + spread(asked / 10),
            (Some(asked), false) => asked,
            (None, true) => {
                let backoff = self.backoff(retry);
                backoff / 2 + spread(backoff / 2)
            }
            (None, false) => self.backoff(retry),
        };
        wait.min(self.max_backoff)
    }

    /// `initial_backoff * 2^retry`, saturating rather than overflowing.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor)
    }
}

/// A random wait from zero to `most`, both included (zero when the system has no randomness).
pub(crate) fn spread(most: Duration) -> Duration {
    let nanos = u64::try_from(most.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let random = getrandom::u64().unwrap_or(0);
    Duration::from_nanos(random % nanos.saturating_add(1))
}

/// Whether a transport error is worth another attempt. Only connect errors and timeouts: other
/// errors (a connection closed mid-answer, a bad header) may repeat or may follow a request the
/// server already acted on.
pub(super) fn retryable_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout()
}

/// The wait a `Retry-After` header asks for: delta-seconds, or an HTTP-date (a date in the past
/// asks for no wait). `None` when the header is missing or unreadable.
pub(crate) fn retry_after(
    headers: &reqwest::header::HeaderMap,
    now: SystemTime,
) -> Option<Duration> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_retry_after(seconds: &str) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_str(seconds)
                .unwrap_or(reqwest::header::HeaderValue::from_static("0")),
        );
        headers
    }

    #[test]
    fn jitter_keeps_each_wait_between_its_bounds() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(400));
        for _ in 0..200 {
            // The third attempt's backoff is 1.6 s: drawn from 0.8 s to 1.6 s.
            let backoff = policy.delay(2, None);
            assert!(
                (Duration::from_millis(800)..=Duration::from_millis(1600)).contains(&backoff),
                "{backoff:?}"
            );
            // Asked for 10 s: from 10 s to 11 s.
            let asked = policy.delay(0, Some(&with_retry_after("10")));
            assert!(
                (Duration::from_secs(10)..=Duration::from_secs(11)).contains(&asked),
                "{asked:?}"
            );
        }
        let exact = policy.jitter(false);
        assert_eq!(exact.delay(2, None), Duration::from_millis(1600));
        assert_eq!(
            exact.delay(0, Some(&with_retry_after("10"))),
            Duration::from_secs(10)
        );
        // Never more than the longest wait, whatever is asked.
        assert_eq!(
            exact.delay(0, Some(&with_retry_after("3600"))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn the_statuses_are_the_policys_else_the_apis_else_the_default_ones() {
        let status = |code| reqwest::StatusCode::from_u16(code).unwrap_or_default();
        let default = RetryPolicy::default();
        assert!(default.retries(status(503), &[]));
        assert!(!default.retries(status(529), &[]));
        assert!(default.retries(status(529), &[429, 529]));
        assert!(!default.retries(status(503), &[429, 529]));
        let own = RetryPolicy::default().statuses([500]);
        assert!(own.retries(status(500), &[429, 529]));
        assert!(!own.retries(status(529), &[429, 529]));
    }
}

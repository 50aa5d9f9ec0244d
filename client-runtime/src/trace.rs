//! `tracing` spans for each attempt of a request (with the `tracing` feature; nothing without).
//!
//! A span records the operation, the HTTP method, the path template, the attempt number, the
//! status and the duration, never a URL, a query string, a header or a body, so never a secret.

use std::future::Future;

use crate::Operation;

/// The span of one attempt, and when it started (without the feature: nothing, and no clock read).
pub(super) struct Attempt {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "tracing")]
    started: std::time::Instant,
}

#[cfg(feature = "tracing")]
impl Attempt {
    /// Open the span of attempt `attempt` (from 1) of `operation`.
    pub(super) fn start(operation: &Operation, attempt: u32) -> Self {
        let span = tracing::info_span!(
            "request",
            operation = operation.name,
            method = operation.method,
            path = operation.path,
            attempt,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        Self {
            span,
            started: std::time::Instant::now(),
        }
    }

    /// Run `future` inside the span.
    pub(super) async fn run<F: Future>(&self, future: F) -> F::Output {
        tracing::Instrument::instrument(future, self.span.clone()).await
    }

    /// Record the answer's status and the time it took to arrive.
    pub(super) fn answered(&self, status: u16) {
        self.span.record("status", status);
        self.span
            .record("duration_ms", self.started.elapsed().as_secs_f64() * 1000.0);
    }

    /// Record that the attempt failed without an answer, and how (the kind, not the message).
    pub(super) fn failed(&self, error: &reqwest::Error) {
        let kind = if error.is_timeout() {
            "timeout"
        } else if error.is_connect() {
            "connect"
        } else {
            "transport"
        };
        self.span.record("error", kind);
        self.span
            .record("duration_ms", self.started.elapsed().as_secs_f64() * 1000.0);
    }
}

#[cfg(not(feature = "tracing"))]
impl Attempt {
    pub(super) fn start(_operation: &Operation, _attempt: u32) -> Self {
        Self {}
    }

    pub(super) async fn run<F: Future>(&self, future: F) -> F::Output {
        future.await
    }

    pub(super) fn answered(&self, _status: u16) {}

    pub(super) fn failed(&self, _error: &reqwest::Error) {}
}

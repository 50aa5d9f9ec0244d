//! `Hook`: code of yours that sees every request before it is sent and every answer as it arrives.

use crate::Operation;

/// Sees every attempt of every call: change a request before it goes (sign it, add a header),
/// observe each answer (metrics, logs). Register hooks with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook); they run in the order registered.
///
/// The request's URL and headers carry what the call sends, credentials included: a hook that
/// logs them must leave those out.
///
/// ```
/// use client_runtime::{Hook, Operation};
///
/// /// Counts the answers with a 5xx status.
/// #[derive(Default)]
/// struct ServerErrors(std::sync::atomic::AtomicUsize);
///
/// impl Hook for ServerErrors {
///     fn on_response(&self, _operation: &Operation, response: &reqwest::Response) {
///         if response.status().is_server_error() {
///             self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         }
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called with each attempt's request just before it is sent.
    fn on_request(&self, operation: &Operation, request: &mut reqwest::Request) {
        let _ = (operation, request);
    }

    /// Called with each answer (its status and headers; the body is not read yet).
    fn on_response(&self, operation: &Operation, response: &reqwest::Response) {
        let _ = (operation, response);
    }
}

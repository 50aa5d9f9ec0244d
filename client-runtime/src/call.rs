//! `Call`: one operation ready to send. `.await` it for the body; `.with_response()` for the
//! status and headers too; `.timeout(…)`, `.retry_policy(…)` and `.header(…)` change this call only.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::options::{CallOptions, UploadProgress};
use crate::response::{Download, ReadError, Response, read_limited};
use crate::sse::Opened;
use crate::{Client, DecodeError, DecodeFailure, Error, Operation, Request, RetryPolicy};

/// A call of one operation, not sent yet. Every operation method returns one.
///
/// - `.await` it for the decoded body: `let device = client.get_device(id).await?;`
/// - `.with_response().await` for a [`Response`] holding the status and headers as well;
/// - [`timeout`](Self::timeout), [`retry_policy`](Self::retry_policy) and
///   [`header`](Self::header) change this call only, without touching the client.
///
/// ```
/// # async fn run<T: Send + 'static, E: std::fmt::Debug + Send + 'static>(call: client_runtime::Call<'_, T, E>)
/// #     -> Result<(), client_runtime::Error<E>> {
/// use std::time::Duration;
/// use client_runtime::RetryPolicy;
///
/// let answer = call
///     .timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy::none())
///     .header("x-request-id", "5f1c")
///     .with_response()
///     .await?;
/// println!("{} {:?}", answer.status(), answer.header("x-ratelimit-remaining"));
/// # Ok(())
/// # }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, E> {
    client: &'a Client,
    operation: &'static Operation,
    request: Result<Request, String>,
    read: Read<T, E>,
    decode_error: DecodeError<E>,
    options: CallOptions,
}

/// How a call's success answer becomes its value.
enum Read<T, E> {
    /// The body, read whole within the client's size limit, then decoded.
    Body(Decode<T>),
    /// A binary body, not read: handed over as it streams.
    Download(fn(Download) -> T),
    /// An event stream: the connection stays open and becomes the value.
    Events(fn(Opened<E>) -> T),
}

/// How a body read whole becomes a value.
enum Decode<T> {
    /// JSON.
    Json(fn(&[u8]) -> Result<T, ::serde_json::Error>),
    /// Text.
    Text(fn(String) -> T),
    /// Nothing: the body is read and dropped.
    Empty(fn() -> T),
}

impl<'a, T, E> Call<'a, T, E> {
    fn new(
        client: &'a Client,
        operation: &'static Operation,
        request: Result<Request, String>,
        read: Read<T, E>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self {
            client,
            operation,
            request,
            read,
            decode_error,
            options: CallOptions::default(),
        }
    }

    /// The operation this call sends.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Let this call take at most `timeout` in all, retries and the waits between them included
    /// (the client's [`timeout`](crate::ClientBuilder::timeout) otherwise); then it ends with
    /// [`Error::Timeout`] ([`Error::is_timeout`]). For an event stream: until it opens.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Let each attempt of this call take at most `timeout` (the client's
    /// [`attempt_timeout`](crate::ClientBuilder::attempt_timeout) otherwise). For an event
    /// stream, its idle timeout: the longest wait with nothing received.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.options.attempt_timeout = Some(timeout);
        self
    }

    /// Retry this call as `policy` says, instead of the client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Tell `observer` how much of this call's upload has been sent: the bytes of its files (a
    /// multipart body's file parts, or a binary body) handed to the connection so far, and their
    /// total, each time a piece goes (for a progress bar). A retried attempt starts again from
    /// zero.
    pub fn upload_progress(mut self, observer: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.options.upload = Some(UploadProgress(Arc::new(observer)));
        self
    }

    /// Send header `name: value` with this call (after the client's default headers).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        if let Ok(request) = &mut self.request {
            request.headers.push((name.into(), value.into()));
        }
        self
    }

    /// Answer with a [`Response`]: the decoded body with the answer's status and headers (for an
    /// event stream, those of the answer that opened it).
    pub fn with_response(self) -> WithResponse<'a, T, E> {
        WithResponse(self)
    }
}

impl<'a, T: ::serde::de::DeserializeOwned, E> Call<'a, T, E> {
    #[doc(hidden)]
    pub fn json(
        client: &'a (impl AsRef<Client> + ?Sized),
        operation: &'static Operation,
        request: Result<Request, String>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self::new(
            client.as_ref(),
            operation,
            request,
            Read::Body(Decode::Json(|bytes| ::serde_json::from_slice(bytes))),
            decode_error,
        )
    }
}

impl<'a, E> Call<'a, String, E> {
    #[doc(hidden)]
    pub fn text(
        client: &'a (impl AsRef<Client> + ?Sized),
        operation: &'static Operation,
        request: Result<Request, String>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self::new(
            client.as_ref(),
            operation,
            request,
            Read::Body(Decode::Text(std::convert::identity)),
            decode_error,
        )
    }
}

impl<'a, E> Call<'a, (), E> {
    #[doc(hidden)]
    pub fn empty(
        client: &'a (impl AsRef<Client> + ?Sized),
        operation: &'static Operation,
        request: Result<Request, String>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self::new(
            client.as_ref(),
            operation,
            request,
            Read::Body(Decode::Empty(|| ())),
            decode_error,
        )
    }
}

impl<'a, E> Call<'a, Download, E> {
    #[doc(hidden)]
    pub fn download(
        client: &'a (impl AsRef<Client> + ?Sized),
        operation: &'static Operation,
        request: Result<Request, String>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self::new(
            client.as_ref(),
            operation,
            request,
            Read::Download(std::convert::identity),
            decode_error,
        )
    }
}

impl<'a, D, E> Call<'a, crate::EventStream<D, E>, E>
where
    D: ::serde::de::DeserializeOwned + Send + 'static,
    E: Send + 'static,
{
    #[doc(hidden)]
    pub fn events(
        client: &'a (impl AsRef<Client> + ?Sized),
        operation: &'static Operation,
        request: Result<Request, String>,
        decode_error: DecodeError<E>,
    ) -> Self {
        Self::new(
            client.as_ref(),
            operation,
            request,
            Read::Events(crate::EventStream::start),
            decode_error,
        )
    }
}

impl<T: Send, E: Send> Call<'_, T, E> {
    /// The call's whole-call timeout: its own, else the client's.
    fn deadline(&self) -> Option<Duration> {
        self.options.timeout.or(self.client.call_timeout())
    }

    /// [`attempts`](Self::attempts) within `after`, else [`Error::Timeout`]. A future of its own,
    /// so a call without a timeout does not carry the timer's state.
    async fn within(self, after: Duration) -> Result<Response<T>, Error<E>> {
        let operation = self.operation;
        tokio::time::timeout(after, self.attempts())
            .await
            .unwrap_or(Err(Error::Timeout { operation, after }))
    }

    /// Send the request (again, as the retry policy says) and read the answer.
    async fn attempts(self) -> Result<Response<T>, Error<E>> {
        let Self {
            client,
            operation,
            request,
            read,
            decode_error,
            options,
        } = self;
        let request = request.map_err(|message| Error::Encode { operation, message })?;
        if let Read::Events(start) = read {
            // Boxed: an event stream's state would make every call's future larger.
            let opened =
                Box::pin(client.open_events(operation, request, decode_error, &options)).await?;
            let (status, headers) = opened.answer();
            return Ok(Response::new(status, headers, start(opened)));
        }
        let mut response = client.send(operation, &request, &options).await?;
        let status = response.status();
        let headers = crate::response::guarded(std::mem::take(response.headers_mut()));
        let decode = match read {
            Read::Download(make) if status.is_success() => {
                return Ok(Response::new(
                    status,
                    headers,
                    make(Download::new(response)),
                ));
            }
            Read::Body(decode) => Some(decode),
            Read::Download(_) | Read::Events(_) => None,
        };
        let body = client
            .read_body(operation, status, &headers, &mut response)
            .await?;
        let (Some(decode), true) = (decode, status.is_success()) else {
            return Err(client.error_answer(
                operation,
                &request,
                status,
                headers,
                &body,
                decode_error,
            ));
        };
        let value = match decode {
            Decode::Json(decode) => {
                // No body at all (a 204, or a 202 without one) decodes as an empty object, so a
                // type whose fields are all optional still succeeds.
                let text: &[u8] = if body.trim_ascii().is_empty() {
                    b"{}"
                } else {
                    &body
                };
                match decode(text) {
                    Ok(value) => value,
                    Err(error) => {
                        return Err(client
                            .decode_failure(operation, &request, status, headers, &body, &error));
                    }
                }
            }
            Decode::Text(make) => make(String::from_utf8_lossy(&body).into_owned()),
            Decode::Empty(make) => make(),
        };
        Ok(Response::new(status, headers, value))
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> IntoFuture for Call<'a, T, E> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        match self.deadline() {
            Some(after) => {
                Box::pin(async move { self.within(after).await.map(Response::into_inner) })
            }
            None => Box::pin(async move { self.attempts().await.map(Response::into_inner) }),
        }
    }
}

/// A [`Call`] that answers with a [`Response`] (status, headers and body): `.await` it.
#[must_use = "a call does nothing until it is awaited"]
pub struct WithResponse<'a, T, E>(Call<'a, T, E>);

impl<'a, T: Send + 'a, E: Send + 'a> IntoFuture for WithResponse<'a, T, E> {
    type Output = Result<Response<T>, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        match self.0.deadline() {
            Some(after) => Box::pin(self.0.within(after)),
            None => Box::pin(self.0.attempts()),
        }
    }
}

impl<T, E> std::fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl<T, E> std::fmt::Debug for WithResponse<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("WithResponse").field(&self.0).finish()
    }
}

impl Client {
    /// The whole body of `response`, within the client's size limit.
    pub(super) async fn read_body<E>(
        &self,
        operation: &'static Operation,
        status: StatusCode,
        headers: &HeaderMap,
        response: &mut reqwest::Response,
    ) -> Result<bytes::Bytes, Error<E>> {
        let limit = self.max_body_size();
        read_limited(response, limit)
            .await
            .map_err(|error| match error {
                ReadError::TooLarge => Error::TooLarge {
                    operation,
                    status: status.as_u16(),
                    headers: Box::new(headers.clone()),
                    limit,
                },
                ReadError::Transport(source) => Error::Transport { operation, source },
            })
    }

    /// The error for a non-success answer: the documented error body when it decodes, else the
    /// text. The text is kept with every secret masked.
    pub(super) fn error_answer<E>(
        &self,
        operation: &'static Operation,
        request: &Request,
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        decode_error: DecodeError<E>,
    ) -> Error<E> {
        let raw = String::from_utf8_lossy(body);
        let (text, _) = self.redact(&raw, Some(request));
        let status = status.as_u16();
        // The decoded body is the server's, as sent (a secret in it is a `Secret`, usable and
        // printed masked); the kept text, which `Display` and `Debug` show, is masked.
        match decode_error(status, &raw) {
            Some(body) => Error::Api {
                operation,
                status,
                headers: Box::new(headers),
                body: Box::new(body),
                text,
            },
            None => Error::UnexpectedStatus {
                operation,
                status,
                headers: Box::new(headers),
                text,
            },
        }
    }

    /// The error for a success answer that did not decode.
    fn decode_failure<E>(
        &self,
        operation: &'static Operation,
        request: &Request,
        status: StatusCode,
        headers: HeaderMap,
        body: &[u8],
        error: &::serde_json::Error,
    ) -> Error<E> {
        let (text, secrets) = self.redact(&String::from_utf8_lossy(body), Some(request));
        let source = DecodeFailure::new(error, &secrets);
        Error::Decode {
            operation,
            status: status.as_u16(),
            headers: Box::new(headers),
            text,
            source,
        }
    }
}

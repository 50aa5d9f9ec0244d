//! Answers: [`Response`] (a decoded body with its status and headers), reading a body within a
//! size limit, decoding error bodies, and [`Download`] for binary answers.

use std::fmt;

use futures_util::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A decoded answer with its status and headers, from
/// [`Call::with_response`](crate::Call::with_response).
///
/// It dereferences to the body, so fields read as on the body itself.
///
/// ```
/// # async fn run<T: std::fmt::Debug, E: std::fmt::Debug + Send + 'static>(call: client_runtime::Call<'_, T, E>)
/// #     -> Result<(), client_runtime::Error<E>> where T: Send + 'static {
/// let answer = call.with_response().await?;
/// println!("{} {:?}", answer.status(), answer.header("x-request-id"));
/// let body: T = answer.into_inner();
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(super) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of header `name` (any case), when present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// `headers`, with those whose values are credentials or session state (`authorization`,
/// `proxy-authorization`, `cookie`, `set-cookie`) marked sensitive, so `Debug` of the headers (in
/// a [`Response`] or an error) never shows them. (Names in a `HeaderMap` are lower case.)
pub(super) fn guarded(mut headers: HeaderMap) -> HeaderMap {
    for (name, value) in headers.iter_mut() {
        if matches!(
            name.as_str(),
            "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
        ) {
            value.set_sensitive(true);
        }
    }
    headers
}

/// Why a body could not be read whole.
pub(super) enum ReadError {
    /// It is larger than the limit.
    TooLarge,
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// The whole body of `response`, refusing one larger than `limit` bytes: by its
/// `Content-Length` before reading, or as soon as more arrived than the limit.
pub(super) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<bytes::Bytes, ReadError> {
    let transport = |error: reqwest::Error| ReadError::Transport(error.without_url());
    match response.content_length() {
        Some(length) if length > limit => return Err(ReadError::TooLarge),
        // Within the limit, and the HTTP layer ends a body that runs past its length. A body that
        // arrives in one chunk is kept as it is, without a copy.
        Some(length) => {
            let mut whole = bytes::BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if whole.is_empty() && chunk.len() as u64 == length {
                    return Ok(chunk);
                }
                whole.extend_from_slice(&chunk);
            }
            return Ok(whole.freeze());
        }
        None => {}
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// How an operation decodes an error answer's body for a status; `None` when it does not decode.
pub type DecodeError<E> = fn(u16, &str) -> Option<E>;

/// Decode an error body as JSON of type `E`, whatever the status. A body that decodes but fills
/// none of the type's fields (a JSON object of another shape) does not count: it is kept as text.
pub fn error_json<E: ::serde::de::DeserializeOwned + ::serde::Serialize>(
    _status: u16,
    body: &str,
) -> Option<E> {
    let decoded: E = ::serde_json::from_str(body).ok()?;
    match ::serde_json::to_value(&decoded) {
        Ok(::serde_json::Value::Object(members)) if members.is_empty() => None,
        _ => Some(decoded),
    }
}

/// A binary answer (a firmware image, an archive), not read yet: read it as a stream of chunks,
/// or whole within a limit you choose. The client's `max_body_size` does not apply to it.
///
/// ```
/// async fn save(download: client_runtime::Download, file: &mut std::fs::File) -> Result<(), Box<dyn std::error::Error>> {
///     use std::io::Write;
///     let mut download = download;
///     while let Some(chunk) = download.chunk().await? {
///         file.write_all(&chunk)?;
///     }
///     Ok(())
/// }
/// ```
pub struct Download {
    response: reqwest::Response,
}

impl Download {
    pub(super) fn new(response: reqwest::Response) -> Self {
        Self { response }
    }

    /// The size the server announced (`Content-Length`), if any.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next chunk of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.response
            .chunk()
            .await
            .map_err(reqwest::Error::without_url)
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<bytes::Bytes, reqwest::Error>> {
        use futures_util::StreamExt as _;
        self.response
            .bytes_stream()
            .map(|chunk| chunk.map_err(reqwest::Error::without_url))
    }

    /// The whole body, or `None` when it is larger than `limit` bytes (nothing more is read then).
    pub async fn bytes(mut self, limit: u64) -> Result<Option<Vec<u8>>, reqwest::Error> {
        match read_limited(&mut self.response, limit).await {
            Ok(body) => Ok(Some(body.to_vec())),
            Err(ReadError::TooLarge) => Ok(None),
            Err(ReadError::Transport(error)) => Err(error),
        }
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

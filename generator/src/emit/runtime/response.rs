//! Reading answers: success bodies decode into the operation's type, error bodies into its error type.

use super::Error;

/// Read the whole answer; a success status decodes with `decode`, an error status into `Error`.
async fn read<T, E>(
    response: reqwest::Response,
    decode_error: DecodeError<E>,
    decode: impl FnOnce(u16, String) -> Result<T, Error<E>>,
) -> Result<T, Error<E>> {
    let status = response.status();
    // The answer's URL may carry a token in its query string: keep it out of the error.
    let body = response.text().await.map_err(|e| Error::Transport(e.without_url()))?;
    if status.is_success() {
        return decode(status.as_u16(), body);
    }
    Err(error_for(status.as_u16(), body, decode_error))
}

/// How an operation decodes an error answer's body for a status; `None` when it does not decode.
pub type DecodeError<E> = fn(u16, &str) -> Option<E>;

/// Decode an error body as JSON of type `E`, whatever the status.
pub fn error_json<E: ::serde::de::DeserializeOwned>(_status: u16, body: &str) -> Option<E> {
    ::serde_json::from_str(body).ok()
}

/// The error for a non-success answer: the decoded body, or the raw text when it does not decode.
pub fn error_for<E>(status: u16, body: String, decode_error: DecodeError<E>) -> Error<E> {
    match decode_error(status, &body) {
        Some(decoded) => Error::Api { status, body: decoded },
        None => Error::UnexpectedStatus { status, body },
    }
}

/// Decode a JSON success answer into `T`.
pub async fn json<T, E>(response: reqwest::Response, decode_error: DecodeError<E>) -> Result<T, Error<E>>
where
    T: ::serde::de::DeserializeOwned,
{
    read(response, decode_error, |status, body| {
        // A success answer with no body at all (a 204, or a 202 without one) decodes as an empty
        // object, so a type whose fields are all optional still succeeds.
        let text = if body.trim().is_empty() { "{}" } else { body.as_str() };
        ::serde_json::from_str(text).map_err(|source| Error::Decode { status, body, source })
    })
    .await
}

/// Take a `text/plain` success answer as it is.
pub async fn text<E>(response: reqwest::Response, decode_error: DecodeError<E>) -> Result<String, Error<E>> {
    read(response, decode_error, |_, body| Ok(body)).await
}

/// Accept a success answer, ignoring its body.
pub async fn empty<E>(response: reqwest::Response, decode_error: DecodeError<E>) -> Result<(), Error<E>> {
    read(response, decode_error, |_, _| Ok(())).await
}

//! `Request` and `Body` as generated code builds them, and the encoders for parameters and bodies.

use super::{Error, Scheme};

/// A request as generated code describes it.
#[derive(Debug)]
pub struct Request {
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    /// Query pairs, in order.
    pub query: Vec<(&'static str, String)>,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// Security alternatives the operation accepts (empty: none needed).
    pub security: &'static [&'static [Scheme]],
}

/// A request body.
#[derive(Debug)]
pub enum Body {
    /// No body.
    None,
    /// A JSON document.
    Json(::serde_json::Value),
    /// An encoded `application/x-www-form-urlencoded` body.
    Form(String),
    /// A `multipart/form-data` form.
    Multipart(reqwest::multipart::Form),
}

/// Serialize `value` as a JSON body.
pub fn json_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    ::serde_json::to_value(value).map(Body::Json).map_err(|e| Error::Encode(e.to_string()))
}

/// Serialize `value` (a struct of scalars) as `application/x-www-form-urlencoded`, fields in
/// declaration order; `None` fields are left out.
pub fn form_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    ::serde_urlencoded::to_string(value)
        .map(Body::Form)
        .map_err(|e| Error::Encode(e.to_string()))
}

/// The text of a scalar JSON value as a form or query value (`None` for null).
pub fn scalar_text(value: &::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Percent-encode one path segment (everything but RFC 3986 unreserved characters).
pub fn path_segment(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The text of a parameter value: strings as they are, numbers and booleans as JSON writes them,
/// enums as their wire value.
pub fn text_of<T: ::serde::Serialize + ?Sized>(value: &T) -> String {
    match ::serde_json::to_value(value) {
        Ok(value) => scalar_text(&value).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Append `name=value` pairs for a query or header parameter; an array gives one pair per item.
pub fn push_values<T: ::serde::Serialize + ?Sized>(
    pairs: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &T,
) {
    match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::Array(items)) => {
            pairs.extend(items.iter().filter_map(scalar_text).map(|text| (name, text)));
        }
        Ok(value) => pairs.extend(scalar_text(&value).map(|text| (name, text))),
        Err(_) => {}
    }
}

/// Serialize `value` (a struct of scalars) as `multipart/form-data` text parts.
pub fn multipart_body<T: ::serde::Serialize, E>(value: &T) -> Result<Body, Error<E>> {
    let Body::Form(encoded) = form_body(value)? else {
        return Err(Error::Encode("a multipart body must be an object".to_owned()));
    };
    let pairs: Vec<(String, String)> =
        ::serde_urlencoded::from_str(&encoded).map_err(|e| Error::Encode(e.to_string()))?;
    let form = pairs
        .into_iter()
        .fold(reqwest::multipart::Form::new(), |form, (name, text)| form.text(name, text));
    Ok(Body::Multipart(form))
}

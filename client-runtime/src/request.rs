//! `Request` and `Body` as generated code builds them, and the encoders for parameters and bodies.

use std::fmt;

use futures_util::StreamExt;

use crate::scheme::Scheme;
use crate::style::{QueryStyle, Shape, decoded, joined_text};
use crate::style::{query_pairs, query_separator};

/// A request as generated code describes it. `Clone`, so it can be sent again on a retry.
#[derive(Debug, Clone)]
pub struct Request {
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path below the base URL, already percent-encoded.
    pub path: String,
    /// Query pairs, in order, percent-encoded (a separator a style adds is written as it is,
    /// the same character in a value encoded).
    pub query: Vec<(String, String)>,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Security alternatives the operation accepts (empty: none needed).
    pub security: &'static [&'static [Scheme]],
}

impl Request {
    /// The values this request sends under any of the names in `fields` (query pairs, headers,
    /// members of a JSON body at any depth, form fields, multipart text parts): secrets the server
    /// may echo back, to mask wherever they come back.
    pub(crate) fn secret_values(&self, fields: &[&str]) -> Vec<String> {
        let secret = |name: &str| fields.iter().any(|field| field.eq_ignore_ascii_case(name));
        // Query pairs are kept percent-encoded: compared as the server reads them.
        let query = self
            .query
            .iter()
            .map(|(name, value)| (decoded(name), decoded(value)));
        let mut values: Vec<String> = query
            .chain(self.headers.iter().cloned())
            .filter(|(name, _)| secret(name))
            .map(|(_, value)| value)
            .collect();
        match &self.body {
            Body::Json(value) => json_secret_values(value, &secret, &mut values),
            Body::Form(encoded) => values.extend(
                ::serde_urlencoded::from_str::<Vec<(String, String)>>(encoded)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(name, _)| secret(name))
                    .map(|(_, value)| value),
            ),
            Body::Multipart(parts) => {
                values.extend(parts.iter().filter_map(|(name, part)| match part {
                    PartValue::Text(text) if secret(name) => Some(text.clone()),
                    _ => None,
                }))
            }
            Body::None | Body::Raw { .. } => {}
        }
        values.retain(|value| !value.is_empty());
        values
    }

    /// A request with no parameters, no body and no security requirement, which generated code
    /// adds to.
    pub fn new(method: reqwest::Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            security: &[],
        }
    }

    /// Add a query parameter, `form` exploded: an array as one pair per item, an object as one
    /// pair per member; an absent value (`None`) adds nothing.
    pub fn query<T: ::serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let pairs = query_pairs(name, value, QueryStyle::FormExploded, false);
        self.query.extend(pairs);
        self
    }

    /// Add a query parameter as one pair whose array items (or an object's names and values) are
    /// joined with `separator`: `,` for `form` not exploded, ` ` for `spaceDelimited`, `|` for
    /// `pipeDelimited`.
    pub fn query_joined<T: ::serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        separator: char,
    ) -> Self {
        let style = QueryStyle::Joined(query_separator(separator));
        self.query.extend(query_pairs(name, value, style, false));
        self
    }

    /// Add a query parameter as `name[key]=value` pairs, one per member (`deepObject`).
    pub fn query_deep<T: ::serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        self.query
            .extend(query_pairs(name, value, QueryStyle::DeepObject, false));
        self
    }

    /// Add a query parameter with `allowReserved`: its reserved characters (`/`, `?`, `,`, …)
    /// sent as they are; `form` exploded, or joined with `separator` as
    /// [`query_joined`](Self::query_joined) does.
    pub fn query_reserved<T: ::serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        separator: Option<char>,
    ) -> Self {
        let style = separator.map_or(QueryStyle::FormExploded, |separator| {
            QueryStyle::Joined(query_separator(separator))
        });
        self.query.extend(query_pairs(name, value, style, true));
        self
    }

    /// Add a header (`simple`): an array's items joined by commas, an object as `k,v,k,v`; an
    /// absent value adds nothing.
    pub fn header<T: ::serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = joined_text(Shape::of(value), false, ",") {
            self.headers.push((name.to_owned(), text));
        }
        self
    }

    /// Add a header (`simple`, exploded): an object as `k=v,k=v`, anything else as
    /// [`header`](Self::header) writes it.
    pub fn header_exploded<T: ::serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Self {
        if let Some(text) = joined_text(Shape::of(value), true, ",") {
            self.headers.push((name.to_owned(), text));
        }
        self
    }

    /// Add a cookie to the request's one `Cookie` header (encoded as `cookie_header` says): an
    /// array as one cookie per item; an absent value adds nothing.
    pub fn cookie<T: ::serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let pairs: Vec<(String, String)> = match Shape::of(value) {
            Shape::Absent => Vec::new(),
            Shape::Primitive(text) => vec![(name.to_owned(), text)],
            Shape::List(items) => items
                .into_iter()
                .map(|item| (name.to_owned(), item))
                .collect(),
            // `form` exploded: an object's members are cookies of their own.
            Shape::Members(members) => members,
        };
        self.cookies(&pairs)
    }

    /// Add a cookie whose array items (or an object's names and values) are joined with commas
    /// into one value (`form` not exploded; `separator` is `,`).
    pub fn cookie_joined<T: ::serde::Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        separator: char,
    ) -> Self {
        let pairs: Vec<(String, String)> =
            joined_text(Shape::of(value), false, &separator.to_string())
                .map(|text| (name.to_owned(), text))
                .into_iter()
                .collect();
        self.cookies(&pairs)
    }

    /// Append `pairs` to the `Cookie` header the last cookie went to, or start one.
    fn cookies(mut self, pairs: &[(String, String)]) -> Self {
        let Some(text) = cookie_header(pairs) else {
            return self;
        };
        match self.headers.last_mut() {
            Some((name, cookie)) if name == "cookie" => {
                cookie.push_str("; ");
                cookie.push_str(&text);
            }
            _ => self.headers.push(("cookie".to_owned(), text)),
        }
        self
    }

    /// The security alternatives the operation accepts, each a list of schemes used together.
    pub fn security(mut self, security: &'static [&'static [Scheme]]) -> Self {
        self.security = security;
        self
    }

    /// The request with `body`, or why the body could not be encoded.
    pub fn body(mut self, body: Result<Body, String>) -> Result<Self, String> {
        self.body = body?;
        Ok(self)
    }
}

/// A request body. It holds data only (no streams), so a request can be sent again on a retry.
///
/// `Debug` shows the body's shape, never its content: bodies carry passwords and secrets, which
/// serialize as plain text.
#[derive(Clone, PartialEq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON document.
    Json(::serde_json::Value),
    /// An encoded `application/x-www-form-urlencoded` body.
    Form(String),
    /// A `multipart/form-data` form: named parts, in order; a name may repeat.
    Multipart(Vec<(String, PartValue)>),
    /// Text or binary data, sent as it is with this `Content-Type`.
    Raw {
        /// The `Content-Type` header.
        content_type: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Json(_) => f.write_str("Json(..)"),
            Self::Form(encoded) => write!(f, "Form({} bytes)", encoded.len()),
            Self::Multipart(parts) => {
                let mut list = f.debug_list();
                for (name, value) in parts {
                    match value {
                        PartValue::Text(text) => {
                            list.entry(&format_args!("{name:?}: {} bytes", text.len()))
                        }
                        PartValue::File(file) => list.entry(&format_args!("{name:?}: {file:?}")),
                    };
                }
                list.finish()
            }
            Self::Raw {
                content_type,
                bytes,
            } => write!(f, "Raw({content_type}, {} bytes)", bytes.len()),
        }
    }
}

/// Push the scalar values of members named as `secret` says, anywhere in `value`.
pub(crate) fn json_secret_values(
    value: &::serde_json::Value,
    secret: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) {
    match value {
        ::serde_json::Value::Object(members) => {
            for (name, member) in members {
                match member {
                    ::serde_json::Value::String(text) if secret(name) => out.push(text.clone()),
                    ::serde_json::Value::Number(number) if secret(name) => {
                        out.push(number.to_string());
                    }
                    other => json_secret_values(other, secret, out),
                }
            }
        }
        ::serde_json::Value::Array(items) => {
            for item in items {
                json_secret_values(item, secret, out);
            }
        }
        _ => {}
    }
}

/// The value of one `multipart/form-data` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartValue {
    /// A text field.
    Text(String),
    /// A file upload.
    File(FilePart),
}

/// A file to upload in a `multipart/form-data` body: its name, media type and content.
///
/// In a model it serializes as its bytes alone; name and content type are for the multipart part
/// header, so a deserialized `FilePart` has an empty name and no content type.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The `filename` sent in the part's `Content-Disposition`; control characters are sent as `_`.
    pub file_name: String,
    /// The part's `Content-Type`; `application/octet-stream` is sent when it is `None`.
    pub content_type: Option<String>,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file called `file_name` with content `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// This file, sent with `Content-Type: <content_type>` (e.g. `application/octet-stream`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    /// Name, content type and size: the content itself may be large or private.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

impl ::serde::Serialize for FilePart {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> ::serde::Deserialize<'de> for FilePart {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_byte_buf(BytesVisitor)
            .map(|bytes| Self {
                bytes,
                ..Self::default()
            })
    }
}

/// Accepts bytes, a sequence of numbers 0–255 (how JSON and other text formats write bytes), or
/// text.
struct BytesVisitor;

impl<'de> ::serde::de::Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes, a sequence of bytes, or text")
    }

    /// Text is taken as its UTF-8 bytes (a file's contents written as a JSON string).
    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
        Ok(text.as_bytes().to_vec())
    }

    fn visit_bytes<E: ::serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
        Ok(bytes.to_vec())
    }

    fn visit_byte_buf<E: ::serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(bytes)
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        // The length hint comes from the input: trust it only up to a modest preallocation.
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64 * 1024));
        while let Some(byte) = seq.next_element::<u8>()? {
            bytes.push(byte);
        }
        Ok(bytes)
    }
}

/// Serialize `value` as a JSON body; `Err` says why it cannot be.
pub fn json_body<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Body, String> {
    ::serde_json::to_value(value)
        .map(Body::Json)
        .map_err(|e| e.to_string())
}

/// Serialize `value` (a struct) as `application/x-www-form-urlencoded`, fields in declaration
/// order; `None` fields are left out. A struct with array fields (which the encoder cannot write)
/// is written from its JSON instead, an array as one pair per item (`form`, exploded).
pub fn form_body<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Body, String> {
    match ::serde_urlencoded::to_string(value) {
        Ok(encoded) => Ok(Body::Form(encoded)),
        Err(first) => {
            let Ok(::serde_json::Value::Object(members)) = ::serde_json::to_value(value) else {
                return Err(first.to_string());
            };
            let mut pairs = Vec::new();
            for (name, member) in &members {
                // An object has no form encoding: refused, never dropped.
                if !form_writable(member) {
                    return Err(first.to_string());
                }
                push_values(&mut pairs, name, member);
            }
            ::serde_urlencoded::to_string(pairs)
                .map(Body::Form)
                .map_err(|e| e.to_string())
        }
    }
}

/// `text` as a body of media type `media` (`text/plain`, …).
pub fn text_body(text: &str, media: &str) -> Body {
    Body::Raw {
        content_type: media.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// A file's content as a body of media type `media` (`application/octet-stream`, an image, …),
/// or of the file's own content type when it has one.
pub fn bytes_body(file: &FilePart, media: &str) -> Body {
    Body::Raw {
        content_type: file
            .content_type
            .clone()
            .unwrap_or_else(|| media.to_owned()),
        bytes: file.bytes.clone(),
    }
}

/// Whether a form field's value can be written: a scalar, or an array of scalars or of arrays of
/// scalars (those written comma-joined).
fn form_writable(value: &::serde_json::Value) -> bool {
    use ::serde_json::Value;
    match value {
        Value::Object(_) => false,
        Value::Array(items) => items.iter().all(|item| match item {
            Value::Object(_) => false,
            Value::Array(inner) => inner.iter().all(|x| !x.is_object() && !x.is_array()),
            _ => true,
        }),
        _ => true,
    }
}

/// The text of a scalar JSON value as a form or query value (`None` for null).
fn scalar_text(value: &::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Percent-encode one path segment (everything but RFC 3986 unreserved characters). A segment
/// with nothing to encode is borrowed as it is.
pub fn path_segment(value: &str) -> std::borrow::Cow<'_, str> {
    crate::style::component(value, false)
}

/// The text of an item of an array parameter: a scalar's text, or an array's items joined by
/// commas (nested arrays cannot be written otherwise).
fn item_text(value: &::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            Some(texts.join(","))
        }
        other => scalar_text(other),
    }
}

/// The text of a parameter value: strings as they are, numbers and booleans as JSON writes them,
/// enums as their wire value, arrays as their items joined by commas.
pub fn text_of<T: ::serde::Serialize + ?Sized>(value: &T) -> String {
    match ::serde_json::to_value(value) {
        // An array in a path segment or header (`simple` style): its items joined by commas.
        Ok(::serde_json::Value::Array(items)) => {
            let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            texts.join(",")
        }
        Ok(value) => scalar_text(&value).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Append `name=value` pairs for a form field or multipart text part (query, header and cookie
/// parameters go through `style`); an array gives one pair per item.
fn push_values<T: ::serde::Serialize + ?Sized>(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    value: &T,
) {
    match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::Array(items)) => {
            pairs.extend(
                items
                    .iter()
                    .filter_map(item_text)
                    .map(|text| (name.to_owned(), text)),
            );
        }
        Ok(value) => pairs.extend(scalar_text(&value).map(|text| (name.to_owned(), text))),
        Err(_) => {}
    }
}

/// The text of one `Cookie` header for cookie pairs (`a=1; b=2`); `None` for no pairs. A value's
/// bytes that a cookie cannot hold (RFC 6265 `cookie-octet`: no whitespace, control characters,
/// `"`, `,`, `;`, `\` or non-ASCII) are percent-encoded, so a value can never end its cookie or
/// add another; any other value is sent as it is.
fn cookie_header(cookies: &[(String, String)]) -> Option<String> {
    if cookies.is_empty() {
        return None;
    }
    let text: Vec<String> = cookies
        .iter()
        .map(|(name, value)| format!("{name}={}", cookie_octets(value)))
        .collect();
    Some(text.join("; "))
}

/// Whether a cookie value can hold `byte` as it is (an RFC 6265 `cookie-octet`).
pub(super) fn is_cookie_octet(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\')
}

/// `value` with every byte outside RFC 6265 `cookie-octet` written as `%XX`.
fn cookie_octets(value: &str) -> std::borrow::Cow<'_, str> {
    let allowed = is_cookie_octet;
    if value.bytes().all(allowed) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut encoded = String::with_capacity(value.len() + 8);
    for byte in value.bytes() {
        if allowed(byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    std::borrow::Cow::Owned(encoded)
}

/// Append text parts named `name` for `value`: an array gives one part per item, null gives none,
/// a scalar gives its [`text_of`] text.
fn push_part_text<T: ::serde::Serialize + ?Sized>(
    parts: &mut Vec<(String, PartValue)>,
    name: &str,
    value: &T,
) {
    let mut texts = Vec::new();
    push_values(&mut texts, "", value);
    parts.extend(
        texts
            .into_iter()
            .map(|(_, text)| (name.to_owned(), PartValue::Text(text))),
    );
}

/// Append the file parts of `file`: one part named `name` for a [`FilePart`], one part named
/// `name` per file for a list of them, one part per entry named by its key for a map of them.
fn push_part_file<F: FileParts + ?Sized>(
    parts: &mut Vec<(String, PartValue)>,
    name: &str,
    file: &F,
) {
    file.push_file_parts(parts, name);
}

/// A `multipart/form-data` body as generated code builds it, field by field.
#[derive(Debug, Default)]
pub struct Parts(Vec<(String, PartValue)>);

impl Parts {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the file parts of a field of files (see [`push_part_file`]); an absent one adds none.
    pub fn file<F: FileParts + ?Sized>(mut self, name: &str, file: &F) -> Self {
        push_part_file(&mut self.0, name, file);
        self
    }

    /// Add the text parts of a field (see [`push_part_text`]); an absent one adds none.
    pub fn text<T: ::serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        push_part_text(&mut self.0, name, value);
        self
    }

    /// The body, as [`Request::body`] takes it.
    pub fn into_body(self) -> Result<Body, String> {
        Ok(Body::Multipart(self.0))
    }
}

/// What a multipart body field of files holds, and the parts it becomes.
pub trait FileParts {
    /// Append this value's file parts; `name` names those that do not carry their own.
    fn push_file_parts(&self, parts: &mut Vec<(String, PartValue)>, name: &str);
}

/// An absent optional field: no part.
impl<F: FileParts> FileParts for Option<F> {
    fn push_file_parts(&self, parts: &mut Vec<(String, PartValue)>, name: &str) {
        if let Some(file) = self {
            file.push_file_parts(parts, name);
        }
    }
}

/// One file: one part.
impl FileParts for FilePart {
    fn push_file_parts(&self, parts: &mut Vec<(String, PartValue)>, name: &str) {
        parts.push((name.to_owned(), PartValue::File(self.clone())));
    }
}

/// An array of files (`type: array` of `format: binary`): one part per file, all named `name`,
/// as OpenAPI encodes an array property of a multipart body.
impl FileParts for Vec<FilePart> {
    fn push_file_parts(&self, parts: &mut Vec<(String, PartValue)>, name: &str) {
        for file in self {
            file.push_file_parts(parts, name);
        }
    }
}

/// The files of a body's `additionalProperties`: one part per entry, named by its key.
impl FileParts for ::std::collections::BTreeMap<String, FilePart> {
    fn push_file_parts(&self, parts: &mut Vec<(String, PartValue)>, _name: &str) {
        for (key, file) in self {
            file.push_file_parts(parts, key);
        }
    }
}

/// The `reqwest` form for `parts`; built anew for each attempt, since a form is consumed by sending.
pub(super) fn multipart_form(
    parts: &[(String, PartValue)],
    upload: Option<&crate::options::UploadProgress>,
) -> Result<reqwest::multipart::Form, String> {
    let total: u64 = parts
        .iter()
        .map(|(_, value)| match value {
            PartValue::File(file) => file.bytes.len() as u64,
            PartValue::Text(_) => 0,
        })
        .sum();
    let sent = upload.map(|upload| Sent::new(upload.clone(), total));
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        let part = match value {
            PartValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
            PartValue::File(file) => {
                // RFC 7578 makes a part without a type `text/plain`; a file is more likely binary.
                let content_type = file
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                let part = match &sent {
                    None => reqwest::multipart::Part::bytes(file.bytes.clone()),
                    Some(sent) => reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::wrap_stream(sent.chunks(file.bytes.clone())),
                        file.bytes.len() as u64,
                    ),
                };
                part.file_name(file_name(&file.file_name))
                    .mime_str(content_type)
                    .map_err(|_| format!("part `{name}`: invalid content type `{content_type}`"))?
            }
        };
        form = form.part(name.clone(), part);
    }
    Ok(form)
}

/// How much of an attempt's files has been handed to the connection, told to an observer.
#[derive(Clone)]
pub(super) struct Sent {
    upload: crate::options::UploadProgress,
    total: u64,
    so_far: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Sent {
    /// The size of the pieces a file is sent in.
    const PIECE: usize = 64 * 1024;

    pub(super) fn new(upload: crate::options::UploadProgress, total: u64) -> Self {
        Self {
            upload,
            total,
            so_far: Default::default(),
        }
    }

    /// `bytes` as a stream of pieces, each counted as it is taken.
    pub(super) fn chunks(
        &self,
        bytes: Vec<u8>,
    ) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static
    {
        let bytes = bytes::Bytes::from(bytes);
        let sent = self.clone();
        let pieces: Vec<bytes::Bytes> = (0..bytes.len())
            .step_by(Self::PIECE)
            .map(|start| bytes.slice(start..(start + Self::PIECE).min(bytes.len())))
            .collect();
        futures_util::stream::iter(pieces).map(move |piece| {
            let so_far = sent
                .so_far
                .fetch_add(piece.len() as u64, std::sync::atomic::Ordering::Relaxed)
                + piece.len() as u64;
            (sent.upload.0)(so_far, sent.total);
            Ok(piece)
        })
    }
}

/// `name` fit for a part header: `reqwest` quotes it but lets CR and LF through, which would
/// end the header line and let a file name add headers of its own.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(::serde::Serialize)]
    struct Form {
        name: String,
        tags: Vec<String>,
        grid: Vec<Vec<i64>>,
    }

    #[test]
    fn a_form_with_arrays_has_one_pair_per_item() {
        let form = Form {
            name: "a b".to_owned(),
            tags: vec!["x".to_owned(), "y".to_owned()],
            grid: vec![vec![1, 2], vec![3]],
        };
        let Ok(Body::Form(encoded)) = form_body(&form) else {
            panic!("the form encodes");
        };
        // Fields come in declaration or name order, as `serde_json` keeps maps.
        let mut pairs: Vec<&str> = encoded.split('&').collect();
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            ["grid=1%2C2", "grid=3", "name=a+b", "tags=x", "tags=y"]
        );
    }

    #[test]
    fn arrays_in_a_path_segment_are_joined_by_commas() {
        assert_eq!(text_of(&vec![1, 2, 3]), "1,2,3");
        assert_eq!(text_of("plain"), "plain");
    }
}

//! Typed mocks (feature `mock`): a local server, built on `wiremock`, that answers a generated
//! client's calls as a test tells it, operation by operation.
//!
//! A generated crate's `mock` module wraps what is here: its `MockServer` has one method per
//! operation, each returning a builder of that operation's own type whose methods take the
//! operation's parameter, body, answer and error types. This module does the work: matching a
//! request against what a mock expects, answering, and telling what differed when no mock
//! matched.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::request::{Body, PartValue};
use crate::style::decoded;
use crate::{Credential, Event, Operation, Request, Scheme, SchemeKind, Secret};

/// The token a mock's client sends for every bearer and API-key scheme.
pub const MOCK_TOKEN: &str = "mock-token";
/// The username and password a mock's client sends for every Basic scheme.
pub const MOCK_BASIC: (&str, &str) = ("mock-user", "mock-password");

/// The status of the answer to a call no mock matched (`501 Not Implemented`, which a client
/// does not retry).
pub const UNMATCHED_STATUS: u16 = 501;

/// A local HTTP server for one test, and what it was told to answer.
///
/// Dropping it checks the test's expectations: it panics when a mock's
/// [`times`](Mock::times) was not met, or when a call matched no mock (unless
/// [`take_unmatched`](Self::take_unmatched) collected those calls).
pub struct MockServer {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

/// What the server and its catch-all answer share.
struct Shared {
    /// Every operation of the API, to name the one an unmatched call was for.
    operations: &'static [&'static Operation],
    /// The API's security schemes, to give the server's client credentials for each.
    schemes: &'static [Scheme],
    /// The wire names whose values are secrets, masked in the report of an unmatched call.
    secret_fields: &'static [&'static str],
    /// The mounted mocks, in order, for the report of an unmatched call.
    mounted: Mutex<Vec<Mounted>>,
    /// What each unmatched call was, in order.
    unmatched: Mutex<Vec<String>>,
}

/// A mounted mock, as an unmatched call's report describes it.
struct Mounted {
    operation: &'static Operation,
    checks: Arc<Vec<Check>>,
}

impl MockServer {
    /// Start a server on a free port of 127.0.0.1 for `api`, with these operations and schemes.
    #[doc(hidden)]
    pub async fn start(
        api: &'static crate::Api,
        operations: &'static [&'static Operation],
        schemes: &'static [Scheme],
    ) -> Self {
        let server = wiremock::MockServer::start().await;
        let shared = Arc::new(Shared {
            operations,
            schemes,
            secret_fields: api.secret_fields,
            mounted: Mutex::new(Vec::new()),
            unmatched: Mutex::new(Vec::new()),
        });
        // Asked last: a call that no mock of the test matches.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(CatchAll(Arc::clone(&shared)))
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        Self { server, shared }
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The credentials a client of this server sends: [`MOCK_TOKEN`] for every bearer and
    /// API-key scheme, [`MOCK_BASIC`] for every Basic one.
    #[doc(hidden)]
    pub fn credentials(&self) -> impl Iterator<Item = (&'static str, Credential)> + '_ {
        self.shared.schemes.iter().map(|scheme| {
            let credential = match scheme.kind {
                SchemeKind::Basic => Credential::Basic {
                    username: MOCK_BASIC.0.to_owned(),
                    password: Secret::new(MOCK_BASIC.1),
                },
                _ => Credential::Token(Secret::new(MOCK_TOKEN)),
            };
            (scheme.name, credential)
        })
    }

    /// A mock of `operation`, whose success status is `success`, to configure and mount.
    #[doc(hidden)]
    pub fn mock<T, E>(&self, operation: &'static Operation, success: u16) -> Mock<'_, T, E> {
        Mock {
            server: self,
            operation,
            success,
            checks: Vec::new(),
            answer: Answer::Status {
                status: success,
                content_type: None,
                body: Vec::new(),
            },
            delay: None,
            times: None,
            up_to: None,
            types: PhantomData,
        }
    }

    /// The calls no mock matched so far, each described in one line; taking them means the test
    /// has looked at them, so dropping the server no longer fails for them.
    pub fn take_unmatched(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.shared.unmatched))
    }

    /// How many requests the server received, matched or not.
    pub async fn received(&self) -> usize {
        self.server
            .received_requests()
            .await
            .map_or(0, |requests| requests.len())
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    // Failing the test that dropped it is what the server is for.
    #[allow(clippy::panic)]
    fn drop(&mut self) {
        let unmatched = self.take_unmatched();
        if unmatched.is_empty() || std::thread::panicking() {
            return;
        }
        panic!(
            "{} call(s) matched no mock:\n{}",
            unmatched.len(),
            unmatched.join("\n")
        );
    }
}

/// A mock of one operation: what it expects of a call, and what it answers. Nothing happens until
/// it is [`mount`](Self::mount)ed.
///
/// Generated code wraps it in a type of the operation's own, whose methods are typed.
#[doc(hidden)]
#[must_use = "a mock does nothing until it is mounted"]
pub struct Mock<'s, T, E> {
    server: &'s MockServer,
    operation: &'static Operation,
    success: u16,
    checks: Vec<Check>,
    answer: Answer,
    delay: Option<Duration>,
    times: Option<u64>,
    up_to: Option<u64>,
    types: PhantomData<fn(T, E)>,
}

impl<T, E> fmt::Debug for Mock<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock")
            .field("operation", &self.operation.name)
            .field("checks", &self.checks.len())
            .finish_non_exhaustive()
    }
}

impl<T, E> Mock<'_, T, E> {
    /// Only calls whose path parameter `name` (as the template names it) is `value`.
    pub fn path(mut self, name: &'static str, value: &str) -> Self {
        self.checks.push(Check::Path {
            name,
            value: value.to_owned(),
        });
        self
    }

    /// Only calls whose path parameter `name` is written `encoded` (percent-encoded, as the
    /// parameter's style writes it: an array, an object, a `label` or `matrix` value).
    pub fn path_encoded(self, name: &'static str, encoded: &str) -> Self {
        self.path(name, &decoded(encoded))
    }

    /// Only calls with the query pairs and headers that `parameter` adds to a request (the same
    /// builder call the operation makes for one parameter, so the value is written as it sends it).
    pub fn parameter(mut self, parameter: impl FnOnce(Request) -> Request) -> Self {
        let mut request = parameter(Request::new(reqwest::Method::GET, ""));
        // The request keeps its query percent-encoded; a received call's is read decoded.
        for (name, value) in &mut request.query {
            *name = decoded(name);
            *value = decoded(value);
        }
        let mut names: Vec<&String> = request.query.iter().map(|(name, _)| name).collect();
        names.dedup();
        for name in names {
            let values = request
                .query
                .iter()
                .filter(|(present, _)| present == name)
                .map(|(_, value)| value.clone())
                .collect();
            self.checks.push(Check::Query {
                name: name.clone(),
                values,
            });
        }
        for (name, value) in request.headers {
            self.checks.push(Check::Header { name, value });
        }
        self
    }

    /// Only calls with header `name` (any case) set to `value`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.checks.push(Check::Header {
            name: name.to_owned(),
            value: value.to_owned(),
        });
        self
    }

    /// Only calls whose body has the field `name` (of a JSON object, a form or a multipart form)
    /// set to `value`; a name starting with `/` is a JSON pointer into a JSON body.
    pub fn body_field<V: ::serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let value = ::serde_json::to_value(value).unwrap_or(::serde_json::Value::Null);
        self.checks.push(Check::BodyField {
            name: name.to_owned(),
            value,
        });
        self
    }

    /// Only calls whose body is `body`, encoded as the operation encodes it (an encoding error
    /// expects nothing sendable, so nothing matches).
    pub fn body(mut self, body: Result<Body, String>) -> Self {
        self.checks.push(Check::Body(body.unwrap_or(Body::Raw {
            content_type: String::new(),
            bytes: b"(a body that cannot be encoded)".to_vec(),
        })));
        self
    }

    /// Answer with `status` and `body` as JSON.
    pub fn json<B: ::serde::Serialize + ?Sized>(mut self, status: u16, body: &B) -> Self {
        self.answer = Answer::Status {
            status,
            content_type: Some("application/json".to_owned()),
            body: ::serde_json::to_vec(body).unwrap_or_default(),
        };
        self
    }

    /// Answer with the operation's success status and `body` as JSON.
    pub fn ok_json<B: ::serde::Serialize + ?Sized>(self, body: &B) -> Self {
        let status = self.success;
        self.json(status, body)
    }

    /// Answer with the operation's success status and no body.
    pub fn ok_empty(mut self) -> Self {
        self.answer = Answer::Status {
            status: self.success,
            content_type: None,
            body: Vec::new(),
        };
        self
    }

    /// Answer with the operation's success status and `body` as `content_type`.
    pub fn ok_raw(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.answer = Answer::Status {
            status: self.success,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
        };
        self
    }

    /// Answer with the operation's error type: `status` and `body` as JSON.
    pub fn error(self, status: u16, body: &E) -> Self
    where
        E: ::serde::Serialize,
    {
        self.json(status, body)
    }

    /// Answer with `status` and `body` as they are, as `content_type` (none: no such header).
    pub fn raw(
        mut self,
        status: u16,
        content_type: Option<&str>,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.answer = Answer::Status {
            status,
            content_type: content_type.map(str::to_owned),
            body: body.into(),
        };
        self
    }

    /// Answer with a `text/event-stream` of `events`, their data as JSON. The stream ends after
    /// the last one; a reconnect is answered `204 No Content`, which ends the client's stream.
    pub fn events<D: ::serde::Serialize>(
        mut self,
        events: impl IntoIterator<Item = Event<D>>,
    ) -> Self {
        let mut text = String::new();
        for event in events {
            if let Some(id) = &event.id {
                text.push_str(&format!("id: {id}\n"));
            }
            if event.name != "message" {
                text.push_str(&format!("event: {}\n", event.name));
            }
            let data = ::serde_json::to_string(&event.data).unwrap_or_default();
            text.push_str(&format!("data: {data}\n\n"));
        }
        self.answer = Answer::Events(text);
        self
    }

    /// Wait `delay` before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Close the connection instead of answering (the client sees a transport error).
    pub fn drop_connection(mut self) -> Self {
        self.answer = Answer::Drop;
        self
    }

    /// Expect exactly `n` matching calls: dropping the server panics otherwise.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answer at most `n` calls; later ones go to the next mock that matches (mount a second
    /// mock to answer differently after a failure, say).
    pub fn up_to(mut self, n: u64) -> Self {
        self.up_to = Some(n);
        self
    }

    /// Start answering.
    pub async fn mount(self) {
        let checks = Arc::new(self.checks);
        lock(&self.server.shared.mounted).push(Mounted {
            operation: self.operation,
            checks: Arc::clone(&checks),
        });
        let matcher = Matches {
            operation: self.operation,
            checks: Arc::clone(&checks),
        };
        let name = self.operation.name;
        let (answer, reconnect) = match self.answer {
            Answer::Events(text) => {
                let template = wiremock::ResponseTemplate::new(200)
                    .set_body_raw(text.into_bytes(), "text/event-stream");
                (Ok(template), true)
            }
            Answer::Status {
                status,
                content_type,
                body,
            } => {
                let mut template = wiremock::ResponseTemplate::new(status);
                template = match content_type {
                    Some(content_type) => template.set_body_raw(body, &content_type),
                    None => template.set_body_bytes(body),
                };
                (Ok(template), false)
            }
            Answer::Drop => (Err(()), false),
        };
        let builder = wiremock::Mock::given(matcher);
        let mut mock = match answer {
            Ok(mut template) => {
                if let Some(delay) = self.delay {
                    template = template.set_delay(delay);
                }
                builder.respond_with(template)
            }
            Err(()) => builder.respond_with_err(|_: &wiremock::Request| {
                std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped by the mock")
            }),
        };
        mock = mock.named(name);
        if let Some(times) = self.times {
            mock = mock.expect(times);
        }
        // An event stream answers its events once (or `up_to` times); its client's reconnects
        // then get 204, below.
        match (self.up_to, reconnect) {
            (Some(n), _) => mock = mock.up_to_n_times(n),
            (None, true) => mock = mock.up_to_n_times(self.times.unwrap_or(1).max(1)),
            (None, false) => {}
        }
        mock.mount(&self.server.server).await;
        if reconnect {
            let matcher = Matches {
                operation: self.operation,
                checks,
            };
            wiremock::Mock::given(matcher)
                .respond_with(wiremock::ResponseTemplate::new(204))
                .with_priority(u8::MAX - 1)
                .named(format!("{name} (reconnects)"))
                .mount(&self.server.server)
                .await;
        }
    }
}

/// What a mock answers.
enum Answer {
    Status {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    Events(String),
    Drop,
}

/// One thing a mock expects of a call.
enum Check {
    Path {
        name: &'static str,
        value: String,
    },
    Query {
        name: String,
        values: Vec<String>,
    },
    Header {
        name: String,
        value: String,
    },
    BodyField {
        name: String,
        value: ::serde_json::Value,
    },
    Body(Body),
}

impl Check {
    /// `None` when `call` passes, else what differs, in words.
    fn miss(&self, call: &Call<'_>) -> Option<String> {
        match self {
            Self::Path { name, value } => {
                let seen = call.path.iter().find(|(present, _)| present == name);
                match seen {
                    Some((_, seen)) if seen == value => None,
                    Some((_, seen)) => Some(format!(
                        "path parameter `{name}` is {}, expected {}",
                        quoted(seen),
                        quoted(value)
                    )),
                    None => Some(format!("no path parameter `{name}`")),
                }
            }
            Self::Query { name, values } => {
                let seen: Vec<&String> = call
                    .query
                    .iter()
                    .filter(|(present, _)| present == name)
                    .map(|(_, value)| value)
                    .collect();
                let same =
                    seen.len() == values.len() && seen.iter().zip(values).all(|(a, b)| *a == b);
                (!same).then(|| {
                    format!(
                        "query parameter `{name}` is {}, expected {}",
                        listed(&seen),
                        listed(&values.iter().collect::<Vec<_>>())
                    )
                })
            }
            Self::Header { name, value } => {
                let seen = call
                    .headers
                    .get(name.as_str())
                    .map(|v| String::from_utf8_lossy(v.as_bytes()));
                // A cookie parameter is one pair among the others of the request's `Cookie`.
                let cookie = name.eq_ignore_ascii_case("cookie");
                let has_cookies = |seen: &str| {
                    let pairs: Vec<&str> = seen.split(';').map(str::trim).collect();
                    value.split(';').all(|pair| pairs.contains(&pair.trim()))
                };
                match seen {
                    Some(seen) if seen == *value || (cookie && has_cookies(&seen)) => None,
                    Some(seen) => Some(format!(
                        "header `{name}` is {}, expected {}",
                        quoted(&seen),
                        quoted(value)
                    )),
                    None => Some(format!(
                        "header `{name}` is absent, expected {}",
                        quoted(value)
                    )),
                }
            }
            Self::BodyField { name, value } => body_field_miss(name, value, &call.body),
            Self::Body(expected) => {
                let seen = call.body.describe();
                let wanted = Seen::from_body(expected).describe();
                (seen != wanted)
                    .then(|| format!("the body is {}, expected {}", brief(&seen), brief(&wanted)))
            }
        }
    }
}

/// `None` when `body` has the field `name` set to `value`, else what it holds instead.
fn body_field_miss(name: &str, value: &::serde_json::Value, body: &Seen) -> Option<String> {
    let expected = field_texts(value);
    match body.field(name) {
        Some(FieldSeen::Json(seen)) if seen == *value => None,
        Some(FieldSeen::Texts(texts)) if texts == expected => None,
        None => Some(format!(
            "body field `{name}` is absent, expected {}",
            brief(&value.to_string())
        )),
        Some(FieldSeen::Json(seen)) => Some(format!(
            "body field `{name}` is {}, expected {}",
            brief(&seen.to_string()),
            brief(&value.to_string())
        )),
        Some(FieldSeen::Texts(texts)) => Some(format!(
            "body field `{name}` is {}, expected {}",
            listed(&texts.iter().collect::<Vec<_>>()),
            listed(&expected.iter().collect::<Vec<_>>())
        )),
    }
}

/// A call as the checks read it.
struct Call<'r> {
    /// The path parameters, decoded, by the template's names.
    path: Vec<(&'static str, String)>,
    /// The query pairs, decoded, in order.
    query: Vec<(String, String)>,
    headers: &'r reqwest::header::HeaderMap,
    body: Seen,
}

impl<'r> Call<'r> {
    /// `request` as a call of `operation`, or `None` when its method or path is another's.
    fn of(operation: &Operation, request: &'r wiremock::Request) -> Option<Self> {
        if !request
            .method
            .as_str()
            .eq_ignore_ascii_case(operation.method)
        {
            return None;
        }
        let path = captures(operation.path, request.url.path())?;
        Some(Self {
            path,
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: &request.headers,
            body: Seen::from_request(request),
        })
    }
}

/// A body as received (or as expected), in a form two bodies compare in.
enum Seen {
    None,
    Json(::serde_json::Value),
    /// A form's pairs or a multipart form's parts (a file part as its file name and bytes).
    Pairs(Vec<(String, String)>),
    Raw(Vec<u8>),
}

/// A field of a received body.
enum FieldSeen {
    Json(::serde_json::Value),
    Texts(Vec<String>),
}

impl Seen {
    fn from_request(request: &wiremock::Request) -> Self {
        if request.body.is_empty() {
            return Self::None;
        }
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.contains("json") {
            if let Ok(value) = ::serde_json::from_slice(&request.body) {
                return Self::Json(value);
            }
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            if let Ok(pairs) = ::serde_urlencoded::from_bytes(&request.body) {
                return Self::Pairs(pairs);
            }
        } else if content_type.starts_with("multipart/form-data") {
            if let Some(parts) = multipart(&content_type, &request.body) {
                return Self::Pairs(parts);
            }
        }
        Self::Raw(request.body.clone())
    }

    fn from_body(body: &Body) -> Self {
        match body {
            Body::None => Self::None,
            Body::Json(value) => Self::Json(value.clone()),
            Body::Form(encoded) => {
                Self::Pairs(::serde_urlencoded::from_str(encoded).unwrap_or_default())
            }
            Body::Multipart(parts) => Self::Pairs(
                parts
                    .iter()
                    .map(|(name, part)| match part {
                        PartValue::Text(text) => (name.clone(), text.clone()),
                        PartValue::File(file) => {
                            (name.clone(), file_text(&file.file_name, &file.bytes))
                        }
                    })
                    .collect(),
            ),
            Body::Raw { bytes, .. } => Self::Raw(bytes.clone()),
        }
    }

    fn field(&self, name: &str) -> Option<FieldSeen> {
        match self {
            Self::Json(value) => {
                let found = if name.starts_with('/') {
                    value.pointer(name)
                } else {
                    value.get(name)
                };
                found.cloned().map(FieldSeen::Json)
            }
            Self::Pairs(pairs) => {
                let texts: Vec<String> = pairs
                    .iter()
                    .filter(|(present, _)| present == name)
                    .map(|(_, value)| value.clone())
                    .collect();
                (!texts.is_empty()).then_some(FieldSeen::Texts(texts))
            }
            Self::None | Self::Raw(_) => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::None => "empty".to_owned(),
            Self::Json(value) => value.to_string(),
            Self::Pairs(pairs) => {
                let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("the form {}", pairs.join("&"))
            }
            Self::Raw(bytes) => {
                format!("{} bytes: {}", bytes.len(), String::from_utf8_lossy(bytes))
            }
        }
    }
}

/// A file part, as two bodies compare it.
fn file_text(file_name: &str, bytes: &[u8]) -> String {
    format!(
        "(file {file_name:?}, {} bytes: {})",
        bytes.len(),
        String::from_utf8_lossy(bytes)
    )
}

/// The texts a form field holding `value` is sent as.
fn field_texts(value: &::serde_json::Value) -> Vec<String> {
    Request::new(reqwest::Method::GET, "")
        .query("", value)
        .query
        .into_iter()
        .map(|(_, text)| decoded(&text))
        .collect()
}

/// The parts of a `multipart/form-data` body: text parts as their text, file parts as
/// [`file_text`]; `None` when it cannot be read.
fn multipart(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    let mut parts = Vec::new();
    for chunk in text.split(delimiter.as_str()).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix("\r\n").unwrap_or(chunk);
        let (head, content) = chunk.split_once("\r\n\r\n")?;
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let disposition = head
            .lines()
            .find(|line| line.to_ascii_lowercase().starts_with("content-disposition"))?;
        let name = quoted_param(disposition, "name")?;
        match quoted_param(disposition, "filename") {
            Some(file_name) => parts.push((name, file_text(&file_name, content.as_bytes()))),
            None => parts.push((name, content.to_owned())),
        }
    }
    Some(parts)
}

/// The value of `key="…"` in a header line.
fn quoted_param(line: &str, key: &str) -> Option<String> {
    line.split(';').find_map(|param| {
        let (name, value) = param.trim().split_once('=')?;
        (name.eq_ignore_ascii_case(key)).then(|| value.trim_matches('"').to_owned())
    })
}

/// The path parameters of `path` under `template` (`/v1/devices/{deviceId}`), decoded; `None`
/// when the path is not one of the template's.
fn captures(template: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let templates: Vec<&'static str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if templates.len() != segments.len() {
        return None;
    }
    let mut found = Vec::new();
    for (template, segment) in templates.into_iter().zip(segments) {
        segment_captures(template, segment, &mut found)?;
    }
    Some(found)
}

/// Match one segment against its template (literals and `{name}`s), pushing what each name holds;
/// `None` when it does not match.
fn segment_captures(
    template: &'static str,
    segment: &str,
    found: &mut Vec<(&'static str, String)>,
) -> Option<()> {
    let mut rest = segment;
    let mut pieces = template;
    loop {
        let Some((literal, after)) = pieces.split_once('{') else {
            return (decoded(rest) == pieces).then_some(());
        };
        rest = rest.strip_prefix(literal)?;
        let (name, tail) = after.split_once('}')?;
        // The value runs to the next literal (or the end of the segment); it is never empty.
        let next = tail.split('{').next().unwrap_or_default();
        let end = if next.is_empty() {
            rest.len()
        } else {
            rest.get(1..)?.find(next)? + 1
        };
        let value = rest.get(..end).filter(|value| !value.is_empty())?;
        found.push((name, decoded(value)));
        rest = rest.get(end..)?;
        pieces = tail;
    }
}

/// Whether a mounted mock matches a request.
struct Matches {
    operation: &'static Operation,
    checks: Arc<Vec<Check>>,
}

impl wiremock::Match for Matches {
    fn matches(&self, request: &wiremock::Request) -> bool {
        Call::of(self.operation, request)
            .is_some_and(|call| self.checks.iter().all(|check| check.miss(&call).is_none()))
    }
}

/// The answer to a call no mock matched: `501` with a text saying what the call was and, for each
/// mock of its operation, what differed. The text is kept for the server's drop.
struct CatchAll(Arc<Shared>);

impl wiremock::Respond for CatchAll {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let report = self.0.masked(self.0.report(request), request);
        lock(&self.0.unmatched).push(report.clone());
        wiremock::ResponseTemplate::new(UNMATCHED_STATUS)
            .set_body_raw(report.into_bytes(), "text/plain")
    }
}

impl Shared {
    /// `report` with every secret masked: what `request` sent under a secret name, and what any
    /// mounted mock expects under one.
    fn masked(&self, mut report: String, request: &wiremock::Request) -> String {
        let secret = |name: &str| {
            self.secret_fields
                .iter()
                .any(|field| field.eq_ignore_ascii_case(name))
        };
        let mut values = Vec::new();
        let pairs_values = |pairs: &[(String, String)], values: &mut Vec<String>| {
            values.extend(
                pairs
                    .iter()
                    .filter(|(name, _)| secret(name))
                    .map(|(_, value)| value.clone()),
            );
        };
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs_values(&query, &mut values);
        let mut bodies = vec![Seen::from_request(request)];
        for mounted in lock(&self.mounted).iter() {
            for check in mounted.checks.iter() {
                match check {
                    Check::BodyField { name, value } if secret(name) => {
                        values.extend(field_texts(value));
                    }
                    Check::Body(body) => bodies.push(Seen::from_body(body)),
                    _ => {}
                }
            }
        }
        for body in &bodies {
            match body {
                Seen::Json(value) => {
                    crate::request::json_secret_values(value, &secret, &mut values)
                }
                Seen::Pairs(pairs) => pairs_values(pairs, &mut values),
                Seen::None | Seen::Raw(_) => {}
            }
        }
        values.retain(|value| !value.is_empty());
        // Longest first, so a secret that holds another is masked whole.
        values.sort_by_key(|value| std::cmp::Reverse(value.len()));
        for value in values {
            report = report.replace(&value, "***");
        }
        report
    }

    /// One line: the call, its operation, and why no mock of it matched.
    fn report(&self, request: &wiremock::Request) -> String {
        let mut line = format!("no mock matched {} {}", request.method, request.url.path());
        if let Some(query) = request.url.query() {
            line.push('?');
            line.push_str(query);
        }
        // The operation whose template fits best: the most literal characters.
        let operation = self
            .operations
            .iter()
            .filter(|operation| Call::of(operation, request).is_some())
            .max_by_key(|operation| literal_length(operation.path));
        let Some(operation) = operation else {
            line.push_str(": no operation of the API has this method and path");
            return line;
        };
        line.push_str(&format!(" ({})", operation.name));
        let Some(call) = Call::of(operation, request) else {
            return line;
        };
        let mounted = lock(&self.mounted);
        let misses: Vec<String> = mounted
            .iter()
            .filter(|mock| {
                std::ptr::eq(mock.operation, *operation) || mock.operation.name == operation.name
            })
            .map(|mock| {
                let differences: Vec<String> = mock
                    .checks
                    .iter()
                    .filter_map(|check| check.miss(&call))
                    .collect();
                if differences.is_empty() {
                    "a mock that matches has answered all the calls it may".to_owned()
                } else {
                    differences.join(", ")
                }
            })
            .collect();
        match misses.as_slice() {
            [] => line.push_str(&format!(": no mock of `{}` is mounted", operation.name)),
            [one] => line.push_str(&format!(": {one}")),
            many => {
                for (index, miss) in many.iter().enumerate() {
                    line.push_str(&format!(
                        "; mock {} of `{}`: {miss}",
                        index + 1,
                        operation.name
                    ));
                }
            }
        }
        line
    }
}

/// The number of literal characters of a path template (outside `{…}`).
fn literal_length(template: &str) -> usize {
    let mut inside = false;
    template
        .chars()
        .filter(|c| {
            match c {
                '{' => inside = true,
                '}' => inside = false,
                _ => return !inside,
            }
            false
        })
        .count()
}

/// `text` in backticks, shortened.
fn quoted(text: &str) -> String {
    format!("`{}`", brief(text))
}

/// Values as `a`, `b`, or `absent`.
fn listed(values: &[&String]) -> String {
    if values.is_empty() {
        return "absent".to_owned();
    }
    values
        .iter()
        .map(|value| quoted(value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most 120 characters of `text`.
fn brief(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// The lock's value, even after a panic elsewhere (the lists stay consistent).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Declares a generated crate's `MockServer`: a wrapper of the runtime's for the crate's
/// `$api`, `$client` and `$builder`, the API's `$operations` and `$schemes`. The crate adds one method per
/// operation.
#[doc(hidden)]
#[macro_export]
macro_rules! mock_server {
    ($api:path, $client:ty, $builder:ty, $operations:expr, $schemes:expr) => {
        /// A local HTTP server for one test, answering the calls of its [`client`](Self::client)
        /// as the mocks mounted on it say: one method per operation, named as the client's.
        ///
        /// Dropping it checks the test's expectations: it panics when a mock's `times` was not
        /// met, or when a call matched no mock (unless [`take_unmatched`](Self::take_unmatched)
        /// collected those calls).
        #[derive(Debug)]
        pub struct MockServer($crate::mock::MockServer);

        impl MockServer {
            /// Start a server on a free port of 127.0.0.1.
            pub async fn start() -> Self {
                Self($crate::mock::MockServer::start(&$api, $operations, $schemes).await)
            }

            /// The server's base URL, e.g. `http://127.0.0.1:41234`, for a client you build
            /// yourself or for `PARTICLE_API_URL`-style settings of your program.
            pub fn uri(&self) -> ::std::string::String {
                self.0.uri()
            }

            /// A builder of a client of this server: plain `http` allowed, credentials for every
            /// security scheme (a `mock-token` token, `mock-user:mock-password` for Basic), no
            /// retries, event streams that reconnect at once. Change any of it before `build()`.
            pub fn builder(&self) -> $builder {
                let mut builder = <$builder>::new(self.0.uri())
                    .allow_insecure_http()
                    .retry_policy($crate::RetryPolicy::none())
                    .stream_options(
                        $crate::StreamOptions::default()
                            .initial_backoff(::core::time::Duration::ZERO),
                    );
                for (scheme, credential) in self.0.credentials() {
                    builder = builder.credential(scheme, credential);
                }
                builder
            }

            /// A client of this server, from [`builder`](Self::builder).
            ///
            /// # Panics
            ///
            /// When the HTTP client cannot be built (the TLS backend fails to start).
            #[allow(clippy::panic)]
            pub fn client(&self) -> $client {
                match self.builder().build() {
                    ::core::result::Result::Ok(client) => client,
                    ::core::result::Result::Err(error) => {
                        panic!("cannot build a client of the mock server: {error}")
                    }
                }
            }

            /// The calls no mock matched so far, one line each (the call, its operation, what
            /// differed from each mock of it). Taking them means the test looked at them: the
            /// server's drop no longer fails for them.
            pub fn take_unmatched(&self) -> ::std::vec::Vec<::std::string::String> {
                self.0.take_unmatched()
            }

            /// How many requests the server received, matched or not.
            pub async fn received(&self) -> usize {
                self.0.received().await
            }
        }
    };
}

/// Declares the methods every mock of an operation has, on the generated type `$mock` (a
/// wrapper of [`Mock`]).
#[doc(hidden)]
#[macro_export]
macro_rules! mock_operation {
    ($mock:ident) => {
        impl $mock<'_> {
            /// Answer with `status` and `body` as they are, as `content_type` (`None`: no such
            /// header): for an answer the types cannot say, like a proxy's HTML page.
            pub fn raw(
                self,
                status: u16,
                content_type: ::core::option::Option<&str>,
                body: impl ::core::convert::Into<::std::vec::Vec<u8>>,
            ) -> Self {
                Self(self.0.raw(status, content_type, body))
            }

            /// Only calls with header `name` (any case) set to `value`.
            pub fn header(self, name: &str, value: &str) -> Self {
                Self(self.0.header(name, value))
            }

            /// Only calls whose body has the field `name` (its wire name, in a JSON object, a
            /// form or a multipart form) set to `value`; a name starting with `/` is a JSON
            /// pointer into a JSON body.
            pub fn body_field<V: ::serde::Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
                Self(self.0.body_field(name, value))
            }

            /// Wait this long before answering (to test your timeouts).
            pub fn delay(self, delay: ::core::time::Duration) -> Self {
                Self(self.0.delay(delay))
            }

            /// Close the connection instead of answering: the client sees a transport error.
            pub fn drop_connection(self) -> Self {
                Self(self.0.drop_connection())
            }

            /// Expect exactly `n` matching calls: dropping the server panics otherwise.
            pub fn times(self, n: u64) -> Self {
                Self(self.0.times(n))
            }

            /// Answer at most `n` calls; later ones go to the next mock that matches (mount a
            /// second one to answer differently after, say, a first failure).
            pub fn up_to(self, n: u64) -> Self {
                Self(self.0.up_to(n))
            }

            /// Start answering calls. Until then the mock does nothing.
            pub async fn mount(self) {
                self.0.mount().await
            }
        }
    };
}

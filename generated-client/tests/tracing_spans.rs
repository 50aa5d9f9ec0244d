//! The `tracing` spans of request attempts (feature `tracing`), against a local HTTP server
//! (wiremock on 127.0.0.1): one `request` span per attempt with the operation, method, path
//! template, attempt number, status and duration, and never a token, a query string or a
//! concrete path segment in any recorded field.
#![cfg(feature = "tracing")]
// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{DEVICE_ID, TOKEN, build, json};
use particle_client::{ClientBuilder, Error, RetryPolicy, TokenPlacement};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A recorded field value, typed as the span recorded it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    U64(u64),
    I64(i64),
    F64(f64),
    Bool(bool),
    Debug(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Str(text) | Self::Debug(text) => f.write_str(text),
            Self::U64(n) => write!(f, "{n}"),
            Self::I64(n) => write!(f, "{n}"),
            Self::F64(n) => write!(f, "{n}"),
            Self::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A span (or an event) and every field recorded on it, at creation or later.
#[derive(Debug, Clone)]
struct Recorded {
    name: &'static str,
    target: String,
    fields: BTreeMap<&'static str, Value>,
}

impl Recorded {
    fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field)
    }

    /// The field's value when it was recorded as a string.
    fn text(&self, field: &str) -> Option<&str> {
        match self.get(field) {
            Some(Value::Str(text)) => Some(text),
            _ => None,
        }
    }
}

type Log = Arc<Mutex<Vec<Recorded>>>;

/// Writes fields into a map.
struct Fields<'a>(&'a mut BTreeMap<&'static str, Value>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name(), Value::Debug(format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), Value::Str(value.to_owned()));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name(), Value::U64(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name(), Value::I64(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name(), Value::F64(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name(), Value::Bool(value));
    }
}

/// The index of a span's entry in the log, kept in the span's extensions (span ids are reused).
struct Entry(usize);

/// A layer that records every span and event with all their fields into a shared log.
struct Recorder(Log);

impl Recorder {
    fn with_log<R>(&self, f: impl FnOnce(&mut Vec<Recorded>) -> R) -> R {
        match self.0.lock() {
            Ok(mut log) => f(&mut log),
            Err(_) => panic!("log poisoned"),
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let metadata = attrs.metadata();
        let index = self.with_log(|log| {
            log.push(Recorded {
                name: metadata.name(),
                target: metadata.target().to_owned(),
                fields,
            });
            log.len() - 1
        });
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Entry(index));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let Some(index) = span.extensions().get::<Entry>().map(|entry| entry.0) else {
            return;
        };
        self.with_log(|log| {
            if let Some(recorded) = log.get_mut(index) {
                values.record(&mut Fields(&mut recorded.fields));
            }
        });
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let metadata = event.metadata();
        self.with_log(|log| {
            log.push(Recorded {
                name: metadata.name(),
                target: metadata.target().to_owned(),
                fields,
            });
        });
    }
}

/// Run `test` on a current-thread runtime with the recording subscriber as this thread's
/// default, so only this test's spans are seen; returns everything recorded.
fn traced<F: Future<Output = ()>>(test: impl FnOnce() -> F) -> Vec<Recorded> {
    let log = Log::default();
    let subscriber = tracing_subscriber::registry().with(Recorder(log.clone()));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("runtime: {error}"),
    };
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            if tokio::time::timeout(Duration::from_secs(10), test())
                .await
                .is_err()
            {
                panic!("the test did not finish within 10 s");
            }
        });
    });
    drop(runtime);
    match log.lock() {
        Ok(log) => log.clone(),
        Err(_) => panic!("log poisoned"),
    }
}

/// The client's `request` spans, in the order they opened. The runtime opens them, so their
/// target is its module (`client_runtime::trace`).
fn request_spans(log: &[Recorded]) -> Vec<Recorded> {
    log.iter()
        .filter(|recorded| {
            recorded.name == "request" && recorded.target.starts_with("client_runtime")
        })
        .cloned()
        .collect()
}

/// Fails when any field of anything recorded contains one of `secrets`.
fn assert_nothing_contains(log: &[Recorded], secrets: &[&str]) {
    assert!(!log.is_empty(), "nothing was recorded");
    for recorded in log {
        for (field, value) in &recorded.fields {
            let shown = value.to_string();
            for secret in secrets {
                assert!(
                    !shown.contains(secret),
                    "{} field `{field}` = {shown:?} contains {secret:?}",
                    recorded.name
                );
            }
        }
    }
}

fn builder(server: &MockServer) -> ClientBuilder {
    common::builder(server).retry_policy(common::quick_retries(2))
}

const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot"}"#;

/// Mount a 503 (once) then `ok` for `GET at`.
async fn flaky(server: &MockServer, at: &str, ok: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ok)
        .expect(1)
        .mount(server)
        .await;
}

#[test]
fn each_attempt_is_a_request_span_with_the_path_template() {
    let log = traced(|| async {
        let server = MockServer::start().await;
        flaky(
            &server,
            &format!("/v1/devices/{DEVICE_ID}"),
            json(200, DEVICE),
        )
        .await;
        match build(builder(&server)).get_device(DEVICE_ID).await {
            Ok(device) => assert_eq!(device.id, DEVICE_ID),
            Err(error) => panic!("get_device: {error}"),
        }
    });
    let spans = request_spans(&log);
    assert_eq!(spans.len(), 2, "one span per attempt: {spans:#?}");
    for (span, (attempt, status)) in spans.iter().zip([(1, 503), (2, 200)]) {
        assert_eq!(span.text("operation"), Some("get_device"), "{span:?}");
        assert_eq!(span.text("method"), Some("GET"), "{span:?}");
        assert_eq!(
            span.text("path"),
            Some("/v1/devices/{deviceId}"),
            "{span:?}"
        );
        assert_eq!(span.get("attempt"), Some(&Value::U64(attempt)), "{span:?}");
        assert_eq!(span.get("status"), Some(&Value::U64(status)), "{span:?}");
        match span.get("duration_ms") {
            Some(Value::F64(ms)) => assert!(ms.is_finite() && *ms >= 0.0, "{span:?}"),
            other => panic!("expected a duration in ms, got {other:?}"),
        }
        assert_eq!(
            span.get("error"),
            None,
            "an answered attempt has no error: {span:?}"
        );
    }
    // Anything recorded at all (`hyper` logs connection-pool events here too) is free of the
    // token and the device id; the crate's own spans are also free of any URL.
    assert_nothing_contains(&log, &[TOKEN, DEVICE_ID]);
    assert_nothing_contains(&spans, &["?", "127.0.0.1", "http:"]);
}

#[test]
fn a_token_in_the_query_and_query_parameters_never_reach_a_span() {
    // The token travels as `?access_token=…` next to `format=raw`, and the path has the device id
    // and the variable name: none of it may be recorded.
    let log = traced(|| async {
        let server = MockServer::start().await;
        let at = format!("/v1/devices/{DEVICE_ID}/secret-variable");
        Mock::given(method("GET"))
            .and(path(at.as_str()))
            .and(query_param("access_token", TOKEN))
            .and(query_param("format", "raw"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(at.as_str()))
            .and(query_param("access_token", TOKEN))
            .respond_with(ResponseTemplate::new(200).set_body_string("25.34"))
            .expect(1)
            .mount(&server)
            .await;
        let client = build(builder(&server).token_placement(TokenPlacement::Query("access_token")));
        match client.get_variable_raw(DEVICE_ID, "secret-variable").await {
            Ok(value) => assert_eq!(value, "25.34"),
            Err(error) => panic!("get_variable_raw: {error}"),
        }
    });
    let spans = request_spans(&log);
    let seen: Vec<_> = spans
        .iter()
        .map(|span| {
            (
                span.get("path").cloned(),
                span.get("attempt").cloned(),
                span.get("status").cloned(),
            )
        })
        .collect();
    let template = Some(Value::Str("/v1/devices/{deviceId}/{name}".to_owned()));
    assert_eq!(
        seen,
        [
            (template.clone(), Some(Value::U64(1)), Some(Value::U64(503))),
            (template, Some(Value::U64(2)), Some(Value::U64(200))),
        ]
    );
    assert!(
        spans
            .iter()
            .all(|span| span.text("operation") == Some("get_variable_raw"))
    );
    assert_nothing_contains(
        &log,
        &[
            TOKEN,
            DEVICE_ID,
            "secret-variable",
            "format=raw",
            "access_token",
        ],
    );
    assert_nothing_contains(&spans, &["?", "127.0.0.1", "http:"]);
}

#[test]
fn a_timed_out_attempt_records_the_kind_of_failure_and_no_status() {
    let log = traced(|| async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(json(200, DEVICE).set_delay(Duration::from_secs(2)))
            .mount(&server)
            .await;
        let client = build(builder(&server).retry_policy(RetryPolicy::none()));
        let call = client
            .get_device(DEVICE_ID)
            .attempt_timeout(Duration::from_millis(100));
        match call.await {
            Err(error @ Error::Transport { .. }) => assert!(error.is_timeout(), "{error:?}"),
            other => panic!("expected a timeout, got {other:?}"),
        }
    });
    let spans = request_spans(&log);
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(span.text("error"), Some("timeout"), "{span:?}");
    assert_eq!(span.get("status"), None, "{span:?}");
    assert_eq!(span.get("attempt"), Some(&Value::U64(1)), "{span:?}");
    assert!(
        matches!(span.get("duration_ms"), Some(Value::F64(ms)) if *ms >= 90.0),
        "{span:?}"
    );
    assert_nothing_contains(&log, &[TOKEN, DEVICE_ID]);
}

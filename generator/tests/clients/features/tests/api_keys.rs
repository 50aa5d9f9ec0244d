//! API keys in a header, in the query and in a cookie: each goes exactly where its scheme says
//! and nowhere else, is marked sensitive on the request, and is masked in every error text.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};

use common::{COOKIE_KEY, HEADER_KEY, QUERY_KEY};
use features_client::{Error, Hook, Operation};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

/// Whether a request's `x-api-key` and `cookie` headers are marked sensitive (`None`: absent).
type Marks = (Option<bool>, Option<bool>);

/// Records the [`Marks`] of each request.
#[derive(Clone, Default)]
struct Sensitivity(Arc<Mutex<Vec<Marks>>>);

impl Hook for Sensitivity {
    fn on_request(&self, _operation: &Operation, request: &mut features_client::reqwest::Request) {
        let headers = request.headers();
        let seen = (
            headers.get("x-api-key").map(|v| v.is_sensitive()),
            headers.get("cookie").map(|v| v.is_sensitive()),
        );
        if let Ok(mut list) = self.0.lock() {
            list.push(seen);
        }
    }
}

impl Sensitivity {
    fn seen(&self) -> Vec<Marks> {
        match self.0.lock() {
            Ok(list) => list.clone(),
            Err(_) => panic!("poisoned"),
        }
    }
}

/// Answers `GET /v2/whoami/{how}` with `{"user": "ada"}` when `matcher` accepts the request.
async fn whoami(server: &MockServer, how: &str, matcher: impl wiremock::Match + 'static) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/whoami/{how}")))
        .and(matcher)
        .respond_with(common::json(200, json!({"user": "ada"})))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn each_key_goes_where_its_scheme_says_and_only_there() {
    let server = MockServer::start().await;
    whoami(&server, "header", header("x-api-key", HEADER_KEY)).await;
    whoami(
        &server,
        "query",
        common::exact_query("verbose=true&api_key=qk-71c2d8"),
    )
    .await;
    whoami(
        &server,
        "cookie",
        common::one_cookie_header("key=ck-5e08b4"),
    )
    .await;
    let sensitivity = Sensitivity::default();
    let client = common::build(
        common::builder(&server)
            .header_key(HEADER_KEY)
            .query_key(QUERY_KEY)
            .cookie_key(COOKIE_KEY)
            .hook(sensitivity.clone()),
    );

    let params = features_client::operations::WhoAmIByQueryParams {
        verbose: Some(true),
    };
    let answers = [
        ("header", client.who_am_i_by_header().await.map(|w| w.user)),
        (
            "query",
            client.who_am_i_by_query(&params).await.map(|w| w.user),
        ),
    ];
    for (how, answer) in answers {
        match answer {
            Ok(user) => assert_eq!(user, "ada", "{how}"),
            Err(error) => panic!("{how}: {error}"),
        }
    }
    match client.who_am_i_by_cookie().await {
        Ok(who) => assert_eq!(who.user, "ada", "cookie"),
        Err(error) => panic!("cookie: {error}"),
    }

    // Each request carries its own key and no other.
    for request in common::received(&server).await {
        let text = format!(
            "{} {:?}",
            request.url,
            request.headers.iter().collect::<Vec<_>>()
        );
        let keys = [HEADER_KEY, QUERY_KEY, COOKIE_KEY];
        let present: Vec<&str> = keys.into_iter().filter(|k| text.contains(k)).collect();
        assert_eq!(present.len(), 1, "{text}");
    }
    // The header key and the cookie are sensitive headers: `http` never prints them.
    assert_eq!(
        sensitivity.seen(),
        [(Some(true), None), (None, None), (None, Some(true))]
    );
}

#[tokio::test]
async fn a_default_cookie_header_and_the_key_make_one_cookie_header() {
    let server = MockServer::start().await;
    whoami(
        &server,
        "cookie",
        common::one_cookie_header("lang=en; key=ck-5e08b4"),
    )
    .await;
    let client = common::build(
        common::builder(&server)
            .default_header("Cookie", "lang=en")
            .cookie_key(COOKIE_KEY),
    );
    if let Err(error) = client.who_am_i_by_cookie().await {
        panic!("who_am_i_by_cookie: {error}");
    }
}

#[tokio::test]
async fn without_the_cookie_key_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = common::build(common::builder(&server).header_key(HEADER_KEY));
    match client.who_am_i_by_cookie().await {
        Err(Error::MissingCredentials { schemes, .. }) => assert_eq!(schemes, ["cookieKey"]),
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(common::received(&server).await.is_empty());
}

#[tokio::test]
async fn a_key_that_cannot_be_a_cookie_value_is_refused_not_altered() {
    let server = MockServer::start().await;
    let client = common::build(common::builder(&server).cookie_key("ck-1; admin=1"));
    match client.who_am_i_by_cookie().await {
        Err(error @ Error::Encode { .. }) => {
            let text = format!("{error} {error:?}");
            assert!(text.contains("the key for cookie `key`"), "{text}");
            assert!(!text.contains("admin"), "the key leaks: {text}");
        }
        other => panic!("expected Encode, got {other:?}"),
    }
    assert!(common::received(&server).await.is_empty());
}

#[tokio::test]
async fn an_echoed_cookie_key_is_masked_in_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/whoami/cookie"))
        .respond_with(common::json(
            401,
            json!({"error": "key revoked", "key": COOKIE_KEY}),
        ))
        .mount(&server)
        .await;
    let client = common::client(&server);
    let error = match client.who_am_i_by_cookie().await {
        Err(error) => error,
        Ok(answer) => panic!("401 gave {answer:?}"),
    };
    let Error::Api {
        status, body, text, ..
    } = &error
    else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(*status, 401);
    // The decoded body is the server's, as sent; the kept text is masked.
    assert_eq!(body.error.as_deref(), Some("key revoked"));
    assert_eq!(body.key.as_ref().map(|k| k.expose()), Some(COOKIE_KEY));
    assert_eq!(text, r#"{"error":"key revoked","key":"***"}"#);
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(COOKIE_KEY), "the key leaks: {shown}");
    assert!(shown.contains("key revoked"), "{shown}");
}

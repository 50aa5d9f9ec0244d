//! Query and cookie parameter styles on the wire: `deepObject`, `pipeDelimited`,
//! `spaceDelimited`, `form` arrays with and without explode, and cookie parameters, which share
//! the one `Cookie` header with the API key. Each test asserts the exact query string and header.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::models::{Filter, Kind};
use features_client::operations::SearchParams;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// Parameters with only the required cookie set.
fn session_only(session: &str) -> SearchParams {
    SearchParams {
        filter: None,
        tags: None,
        words: None,
        ids: None,
        kinds: None,
        session: session.to_owned(),
        theme: None,
    }
}

/// Answers `GET /v2/search` with `["found"]` when `query` and `cookie` match exactly.
async fn search_expecting(server: &MockServer, query: Option<&'static str>, cookie: &'static str) {
    let mock = Mock::given(method("GET"))
        .and(path("/v2/search"))
        .and(common::one_cookie_header(cookie));
    let mock = match query {
        Some(query) => mock.and(common::exact_query(query)),
        None => mock.and(common::no_query()),
    };
    mock.respond_with(common::json(200, json!(["found"])))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn every_style_is_written_as_the_spec_says() {
    let server = MockServer::start().await;
    search_expecting(
        &server,
        Some(concat!(
            // deepObject: filter[color]=red&filter[min_age]=3
            "filter[color]=red&filter[min_age]=3",
            // pipeDelimited: a|b|c (the separator as the style table writes it)
            "&tags=a|b|c",
            // spaceDelimited: big red dog (a space is `%20` in a URL)
            "&words=big%20red%20dog",
            // form, explode: false: 1,2,3 (a comma in a value would be `%2C`)
            "&ids=1,2,3",
            // form, explode: true (the default): one pair per item; unknown enum values as sent
            "&kinds=small&kinds=huge",
        )),
        "session=s-1; theme=dark; key=ck-5e08b4",
    )
    .await;
    let params = SearchParams {
        filter: Some(Filter {
            color: Some("red".to_owned()),
            min_age: Some(3),
        }),
        tags: Some(vec!["a".into(), "b".into(), "c".into()]),
        words: Some(vec!["big".into(), "red".into(), "dog".into()]),
        ids: Some(vec![1, 2, 3]),
        kinds: Some(vec![Kind::Small, Kind::Unknown("huge".to_owned())]),
        session: "s-1".to_owned(),
        theme: Some("dark".to_owned()),
    };
    let client = common::client(&server);
    match client.search(&params).await {
        Ok(found) => assert_eq!(found, ["found"]),
        Err(error) => panic!("search: {error}"),
    }
}

#[tokio::test]
async fn absent_parameters_send_nothing_and_a_partial_deep_object_sends_its_members() {
    let server = MockServer::start().await;
    search_expecting(&server, None, "session=s-1; key=ck-5e08b4").await;
    search_expecting(
        &server,
        Some("filter[min_age]=0&ids="),
        "session=s-2; key=ck-5e08b4",
    )
    .await;
    let client = common::client(&server);
    if let Err(error) = client.search(&session_only("s-1")).await {
        panic!("search: {error}");
    }
    // An empty array without explode is one pair with an empty value.
    let params = SearchParams {
        filter: Some(Filter {
            color: None,
            min_age: Some(0),
        }),
        ids: Some(Vec::new()),
        ..session_only("s-2")
    };
    if let Err(error) = client.search(&params).await {
        panic!("search: {error}");
    }
}

#[tokio::test]
async fn a_cookie_value_cannot_end_its_cookie_or_add_another() {
    let server = MockServer::start().await;
    search_expecting(
        &server,
        None,
        "session=a%3B%20admin=1; theme=%22caf%C3%A9%22; key=ck-5e08b4",
    )
    .await;
    let params = SearchParams {
        theme: Some("\"café\"".to_owned()),
        ..session_only("a; admin=1")
    };
    let client = common::client(&server);
    if let Err(error) = client.search(&params).await {
        panic!("search: {error}");
    }
}

#[tokio::test]
async fn a_per_call_cookie_header_joins_the_one_cookie_header() {
    let server = MockServer::start().await;
    search_expecting(&server, None, "session=s-1; trace=on; key=ck-5e08b4").await;
    let client = common::client(&server);
    let params = session_only("s-1");
    if let Err(error) = client.search(&params).header("Cookie", "trace=on").await {
        panic!("search: {error}");
    }
}

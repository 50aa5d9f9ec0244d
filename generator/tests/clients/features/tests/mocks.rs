//! The typed mocks of a crate with the runtime vendored (feature `mock`): parameters of every
//! style expected as the client writes them, cookie parameters among the API key's cookie, and
//! an error type decoded by status answered with its variant's body.
#![cfg(feature = "mock")]

use features_client::mock::MockServer;
use features_client::models::{Filter, GetPetError, Kind, NotFound};
use features_client::operations::SearchParams;
use features_client::{Credential, Error, Secret};

fn params() -> SearchParams {
    SearchParams {
        filter: Some(Filter {
            color: Some("red".to_owned()),
            min_age: Some(3),
        }),
        tags: Some(vec!["a".to_owned(), "b".to_owned()]),
        words: Some(vec!["x y".to_owned(), "z".to_owned()]),
        ids: Some(vec![1, 2]),
        kinds: Some(vec![Kind::Small, Kind::Large]),
        session: "s-1".to_owned(),
        theme: Some("dark".to_owned()),
    }
}

#[tokio::test]
async fn every_parameter_style_is_expected_as_the_client_writes_it() {
    let server = MockServer::start().await;
    let given = params();
    server
        .search()
        .filter(given.filter.as_ref().expect("a filter"))
        .tags(given.tags.as_ref().expect("tags"))
        .words(given.words.as_ref().expect("words"))
        .ids(given.ids.as_ref().expect("ids"))
        .kinds(given.kinds.as_ref().expect("kinds"))
        .session("s-1")
        .theme("dark")
        .ok(&vec!["found".to_owned()])
        .times(1)
        .mount()
        .await;
    // The mock's client also sends the API key's own cookie: the parameters' are among it.
    let client = server
        .builder()
        .credential("cookieKey", Credential::Token(Secret::new("ck")))
        .build()
        .expect("a client");
    let found = client.search(&given).await;
    assert_eq!(found.ok(), Some(vec!["found".to_owned()]));

    let mut other = params();
    other.tags = Some(vec!["a".to_owned()]);
    let error = client.search(&other).await.expect_err("other tags");
    assert!(
        error
            .to_string()
            .contains("query parameter `tags` is `a`, expected `a|b`"),
        "{error}"
    );
    server.take_unmatched();
}

#[tokio::test]
async fn an_error_decoded_by_status_is_answered_with_its_variants_body() {
    let server = MockServer::start().await;
    let missing = GetPetError::Status404(NotFound::new("p9"));
    server.get_pet().id("p9").error(404, &missing).mount().await;
    match server.client().get_pet("p9").await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status, 404);
            assert_eq!(*body, missing);
        }
        other => panic!("{other:?}"),
    }
}

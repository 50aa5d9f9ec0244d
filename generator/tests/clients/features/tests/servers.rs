//! The spec's servers as the crate offers them: the first as `DEFAULT_BASE_URL`, each by name in
//! `servers` (a function of its variables, an enum for a variable that lists its values), a
//! protocol-relative one with `https:`; a base URL of a server's form is checked against the
//! values its variables list.

// A test fails by panicking.
#![allow(clippy::panic)]

use features_client::servers::{self, RegionalRegion};
use features_client::{Client, ClientBuilder, DEFAULT_BASE_URL};

#[test]
fn each_server_is_offered_by_name_with_its_variables() {
    assert_eq!(DEFAULT_BASE_URL, "https://features.example.com");
    assert_eq!(
        servers::FEATURES_EXAMPLE_COM,
        "https://features.example.com/v2"
    );
    assert_eq!(servers::SANDBOX, "https://sandbox.features.example/v2");
    assert_eq!(
        servers::regional(RegionalRegion::Us, "v2"),
        "https://us.features.example/v2"
    );
    assert_eq!(RegionalRegion::default(), RegionalRegion::Eu);
}

#[test]
fn a_server_url_is_a_base_url_its_path_included() -> Result<(), features_client::BuildError> {
    // The operations' paths start with the server's `/v2`: a base URL that ends with it means
    // the same as one without it.
    let regional = ClientBuilder::new(servers::regional(RegionalRegion::Us, "v2")).build()?;
    assert_eq!(regional.base_url(), "https://us.features.example");
    let default = Client::builder().build()?;
    assert_eq!(default.base_url(), "https://features.example.com");
    Ok(())
}

#[test]
fn a_base_url_of_a_servers_form_is_checked_against_its_variables() {
    // `region` lists `eu` and `us`: `mars` is not one of them.
    match ClientBuilder::new("https://mars.features.example/v2").build() {
        Err(error @ features_client::BuildError::NotAServerValue { .. }) => assert_eq!(
            error.to_string(),
            "base URL `https://mars.features.example/v2` has `mars` for `region` of the server \
             `https://{region}.features.example/{version}`, which allows `eu`, `us`"
        ),
        other => panic!("expected NotAServerValue, got {other:?}"),
    }
    // A template copied as it is still has its variables in it.
    match ClientBuilder::new("https://{region}.features.example/v2").build() {
        Err(features_client::BuildError::UnfilledServerVariable { variable, .. }) => {
            assert_eq!(variable, "region");
        }
        other => panic!("expected UnfilledServerVariable, got {other:?}"),
    }
    // `version` lists no values; a URL of no server's form (a mock, a proxy) is not checked.
    for url in [
        "https://eu.features.example/v3",
        "https://proxy.internal/features",
    ] {
        if let Err(error) = ClientBuilder::new(url).build() {
            panic!("{url}: {error}");
        }
    }
}

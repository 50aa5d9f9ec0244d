//! The spec's servers as the crate offers them: the first as `DEFAULT_BASE_URL`, each by name in
//! `servers` (a function of its variables, an enum for a variable that lists its values), a
//! protocol-relative one with `https:`.

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

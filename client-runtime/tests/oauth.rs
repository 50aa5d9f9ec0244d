//! The OAuth authorization-code helper: the authorization URL and reading the redirect.

use client_runtime::{AuthorizationError, AuthorizationRequest, authorization_request};

const AUTHORIZE: &str = "https://api.particle.io/oauth/authorize";

fn request(state: Option<&str>) -> Result<AuthorizationRequest, AuthorizationError> {
    authorization_request(
        AUTHORIZE,
        "my-client",
        Some("devices:list events:get"),
        Some("http://localhost:8080/callback?x=1&y=é"),
        state.map(str::to_owned),
    )
}

#[test]
fn the_url_carries_every_parameter_percent_encoded() {
    let request = request(Some("s t&ate"));
    assert_eq!(
        request.as_ref().map(AuthorizationRequest::url),
        Ok(
            "https://api.particle.io/oauth/authorize?client_id=my-client&response_type=code\
            &scope=devices%3Alist+events%3Aget\
            &redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback%3Fx%3D1%26y%3D%C3%A9\
            &state=s+t%26ate"
        )
    );
    assert_eq!(
        request.as_ref().map(AuthorizationRequest::state),
        Ok("s t&ate")
    );
}

#[test]
fn optional_parameters_are_left_out_and_an_existing_query_is_kept() {
    let request = authorization_request(
        "https://id.example/authorize?tenant=a",
        "c",
        None,
        None,
        Some("st".into()),
    );
    assert_eq!(
        request.as_ref().map(AuthorizationRequest::url),
        Ok("https://id.example/authorize?tenant=a&client_id=c&response_type=code&state=st")
    );
}

#[test]
fn a_random_state_is_32_hex_characters_and_differs_each_time() {
    let (Ok(first), Ok(second)) = (request(None), request(None)) else {
        unreachable!("random states are available in tests")
    };
    for request in [&first, &second] {
        let state = request.state();
        assert_eq!(state.len(), 32, "{state}");
        assert!(
            state
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "{state}"
        );
        assert!(request.url().ends_with(&format!("&state={state}")));
    }
    assert_ne!(first.state(), second.state());
}

#[test]
fn an_unparsable_authorization_url_is_an_error() {
    let result = authorization_request("not a url", "c", None, None, None);
    assert!(
        matches!(result, Err(AuthorizationError::InvalidUrl(_))),
        "{result:?}"
    );
}

#[test]
fn the_code_comes_from_a_full_redirect_url_or_its_query() {
    let Ok(request) = request(Some("abc123")) else {
        unreachable!()
    };
    for redirect in [
        "http://localhost:8080/callback?code=the%2Fcode&state=abc123",
        "http://localhost:8080/callback?state=abc123&code=the%2Fcode#fragment",
        "?code=the%2Fcode&state=abc123",
        "code=the%2Fcode&state=abc123",
        "  state=abc123&code=the/code  ",
    ] {
        assert_eq!(
            request.code_from_redirect(redirect),
            Ok("the/code".to_owned()),
            "{redirect}"
        );
    }
}

#[test]
fn a_wrong_missing_or_repeated_state_is_a_mismatch() {
    let Ok(request) = request(Some("abc123")) else {
        unreachable!()
    };
    for redirect in [
        "code=c&state=abc124",
        "code=c&state=abc12",
        "code=c&state=abc1234",
        "code=c&state=",
        "code=c",
        "code=c&state=abc123&state=evil",
        "error=access_denied&state=evil",
        "",
    ] {
        assert_eq!(
            request.code_from_redirect(redirect),
            Err(AuthorizationError::StateMismatch),
            "{redirect}"
        );
    }
}

#[test]
fn a_denial_carries_the_servers_error() {
    let Ok(request) = request(Some("abc123")) else {
        unreachable!()
    };
    let denied = request.code_from_redirect(
        "http://localhost:8080/callback?error=access_denied&error_description=The+user+said+no&state=abc123",
    );
    assert_eq!(
        denied,
        Err(AuthorizationError::Denied {
            error: "access_denied".to_owned(),
            description: Some("The user said no".to_owned()),
        })
    );
    let bare = request.code_from_redirect("error=server_error&state=abc123");
    assert_eq!(
        bare,
        Err(AuthorizationError::Denied {
            error: "server_error".to_owned(),
            description: None
        })
    );
    let shown = bare.err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(shown, "authorization denied: server_error");
}

#[test]
fn no_code_is_missing_code_and_a_broken_url_is_invalid() {
    let Ok(request) = request(Some("abc123")) else {
        unreachable!()
    };
    assert_eq!(
        request.code_from_redirect("state=abc123"),
        Err(AuthorizationError::MissingCode)
    );
    assert_eq!(
        request.code_from_redirect("state=abc123&code="),
        Err(AuthorizationError::MissingCode)
    );
    let broken = request.code_from_redirect("http://exa mple.com/cb?code=c&state=abc123");
    assert!(
        matches!(broken, Err(AuthorizationError::InvalidUrl(_))),
        "{broken:?}"
    );
}

#[test]
fn errors_display_and_are_std_errors() {
    let errors: Vec<Box<dyn std::error::Error>> = vec![
        Box::new(AuthorizationError::StateMismatch),
        Box::new(AuthorizationError::MissingCode),
        Box::new(AuthorizationError::InvalidUrl(
            "relative URL without a base".to_owned(),
        )),
        Box::new(AuthorizationError::Random("unavailable".to_owned())),
    ];
    for error in errors {
        assert!(!error.to_string().is_empty());
    }
}

//! The examples a mock server like Prism cannot serve, run against the typed mock instead: `events`
//! and `fleet_status` (event streams), `create_token` with its interactive multi-factor step, and
//! `authorization_code` (a browser login, whose redirect the test pastes). `.ci/run` runs the
//! other examples against `cargo xtask mock`.
//!
//! Each example is the program `cargo test` built in `target/…/examples/`, run as a user runs it:
//! its settings in the environment, `PARTICLE_API_URL` at the mock server, its answers on
//! standard input.
#![cfg(feature = "mock")]
// The helpers fail the test the way tests do, outside a `#[test]` function too.
#![allow(clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use particle_client::mock::MockServer;
use particle_client::models::{
    DeviceInfo, ErrorBody, EventData, OkResponse, PageMeta, ProductDeviceList, PublishEventRequest,
    TokenResponse, UserInfo,
};
use particle_client::{Event, Secret};

/// The example program `name`, as `cargo test` built it beside this test's own program.
fn example(name: &str) -> Command {
    let test = std::env::current_exe().expect("the test's own path");
    // target/<profile>/deps/<test> → target/<profile>/examples/<name>
    let profile = test
        .parent()
        .and_then(|deps| deps.parent())
        .map(PathBuf::from)
        .expect("the test runs from target/<profile>/deps");
    let program = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        program.exists(),
        "{} is missing: `cargo test -p particle-client --features mock` builds it",
        program.display()
    );
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    command
}

/// What the example printed, after checking it succeeded.
fn succeeded(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    stdout
}

#[tokio::test(flavor = "multi_thread")]
async fn events_prints_the_events_of_its_stream_and_ends_with_it() {
    let server = MockServer::start().await;
    let prefix = "particle-client-example";
    server
        .publish_event()
        .body(&{
            let mut event = PublishEventRequest::new(format!("{prefix}/hello"));
            event.data = Some(r#"{"temperature": 21.5}"#.to_owned());
            event.ttl = Some(60);
            event
        })
        .ok(&OkResponse {
            ok: Some(true),
            ..OkResponse::default()
        })
        .times(1)
        .mount()
        .await;
    let published = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").expect("a date");
    let mut first = EventData::new(60, published, "0123456789abcdef01234567");
    first.data = Some(r#"{"temperature": 21.5}"#.to_owned());
    let second = EventData::new(60, published, "89abcdef0123456789abcdef");
    server
        .subscribe_my_devices_events_with_prefix()
        .event_prefix(prefix)
        .header("authorization", "Bearer a-token")
        .events([
            Event {
                name: format!("{prefix}/hello"),
                data: first,
                id: None,
            },
            Event {
                name: format!("{prefix}/bye"),
                data: second,
                id: None,
            },
        ])
        .times(1)
        .mount()
        .await;
    let output = example("events")
        .env("PARTICLE_API_URL", server.uri())
        .env("PARTICLE_ACCESS_TOKEN", "a-token")
        .env("LISTEN_SECONDS", "20")
        .output()
        .expect("the example runs");
    let stdout = succeeded(output);
    assert!(
        stdout.contains(&format!(
            "{prefix}/hello from 0123456789abcdef01234567 at 2026-12-06 10:00:00 +00:00: {{\"temperature\": 21.5}}"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{prefix}/bye from 89abcdef0123456789abcdef")),
        "{stdout}"
    );
    assert!(stdout.ends_with("done listening\n"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn fleet_status_follows_the_special_events_of_a_product() {
    let server = MockServer::start().await;
    let device = |id: &str, name: &str, online: bool| {
        let mut device = DeviceInfo::new(id);
        device.name = name.to_owned().into();
        device.online = Some(online);
        device
    };
    let page = ProductDeviceList::new(
        vec![
            device("0123456789abcdef01234567", "front-door", false),
            device("89abcdef0123456789abcdef", "cellar", true),
        ],
        PageMeta::new(1),
    );
    server
        .list_product_devices()
        .product_id_or_slug("my-product-v1")
        .per_page(100)
        .header("authorization", "Bearer a-token")
        .ok(&page)
        .times(1)
        .mount()
        .await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").expect("a date");
    // The documented payloads, as the cloud and the devices publish them.
    let event = |name: &str, coreid: &str, payload: &str| {
        let mut data = EventData::new(60, at, coreid);
        data.data = Some(payload.to_owned());
        Event {
            name: name.to_owned(),
            data,
            id: None,
        }
    };
    let front = "0123456789abcdef01234567";
    let cellar = "89abcdef0123456789abcdef";
    server
        .subscribe_product_events_with_prefix()
        .product_id_or_slug("my-product-v1")
        .event_prefix("spark/")
        .header("authorization", "Bearer a-token")
        .events([
            event("spark/status", front, "online"),
            event("spark/flash/status", cellar, "started "),
            event("spark/status", cellar, "offline"),
            event("spark/device/last_reset", cellar, "panic, hard_fault"),
            event(
                "spark/device/diagnostics/update",
                front,
                r#"{"device":{"network":{"signal":{"at":"UMTS","strength":66.66}}}}"#,
            ),
            event(
                "spark/device/app-hash",
                front,
                "09ad0870ed14795cbd3fc86c1d7cf67e0e77614484c5955ad00e2d7c30b64142",
            ),
        ])
        .times(1)
        .mount()
        .await;
    let output = example("fleet_status")
        .env("PARTICLE_API_URL", server.uri())
        .env("PARTICLE_ACCESS_TOKEN", "a-token")
        .env("PARTICLE_PRODUCT", "my-product-v1")
        .env("EVENT_LIMIT", "6")
        .env("LISTEN_SECONDS", "20")
        .output()
        .expect("the example runs");
    let stdout = succeeded(output);
    let expected = "\
2 devices, 1 online; watching for changes
front-door: online
cellar: flash Started
cellar: offline
cellar: reset by a panic (HardFault)
front-door: vitals, signal 66.66%
front-door: spark/device/app-hash (AppHash)
2 devices, 1 online
";
    assert_eq!(stdout, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_token_answers_mfa_required_with_the_one_time_password_typed_in() {
    let server = MockServer::start().await;
    // Particle's documented default OAuth client, `particle:particle`, in Basic form.
    let default_client = "Basic cGFydGljbGU6cGFydGljbGU=";
    let mfa = ErrorBody {
        error: Some("mfa_required".to_owned()),
        error_description: Some("Multifactor authentication required".to_owned()),
        mfa_token: Some(Secret::new("mfa-7c1d")),
        ..ErrorBody::default()
    };
    server
        .post_oauth_token()
        .header("authorization", default_client)
        .body_field("grant_type", "password")
        .body_field("username", "joe@example.com")
        .body_field("password", "a-password")
        .error(403, &mfa)
        .times(1)
        .mount()
        .await;
    let mut token = TokenResponse::new("a-new-token", "bearer");
    token.expires_in = Some(3600);
    server
        .post_oauth_token()
        .header("authorization", default_client)
        .body_field("grant_type", "urn:custom:mfa-otp")
        .body_field("mfa_token", "mfa-7c1d")
        .body_field("otp", "123456")
        .ok(&token)
        .times(1)
        .mount()
        .await;
    let mut child = example("create_token")
        .env("PARTICLE_API_URL", server.uri())
        .env("PARTICLE_USERNAME", "joe@example.com")
        .env("PARTICLE_PASSWORD", "a-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    // The person at the terminal types the code from their authenticator app.
    child
        .stdin
        .take()
        .expect("its standard input")
        .write_all(b"123456\n")
        .expect("the code is typed");
    let stdout = succeeded(child.wait_with_output().expect("the example ends"));
    assert!(
        stdout.contains("One-time password from your authenticator app: "),
        "{stdout}"
    );
    assert!(stdout.contains("New access token: a-new-token"), "{stdout}");
    assert!(stdout.contains("It expires in 3600 seconds."), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn authorization_code_exchanges_the_code_of_the_pasted_redirect() {
    let server = MockServer::start().await;
    let redirect_uri = "https://app.example.com/callback";
    // The web client's own credentials, `my-web-app:web-secret`, in Basic form.
    server
        .post_oauth_token()
        .header("authorization", "Basic bXktd2ViLWFwcDp3ZWItc2VjcmV0")
        .body_field("grant_type", "authorization_code")
        .body_field("code", "the-code")
        .body_field("redirect_uri", redirect_uri)
        .ok(&TokenResponse::new("user-token", "bearer"))
        .times(1)
        .mount()
        .await;
    let user = UserInfo {
        username: Some("joe@example.com".to_owned()),
        ..UserInfo::default()
    };
    server
        .get_user()
        .header("authorization", "Bearer user-token")
        .ok(&user)
        .times(1)
        .mount()
        .await;
    let mut child = example("authorization_code")
        .env("PARTICLE_API_URL", server.uri())
        .env("PARTICLE_CLIENT_ID", "my-web-app")
        .env("PARTICLE_CLIENT_SECRET", "web-secret")
        .env("PARTICLE_REDIRECT_URI", redirect_uri)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("its standard output"));
    // The URL it asks the user to open: on the mock server, with a `state` to send back.
    let mut url = None;
    let mut printed = String::new();
    for _ in 0..10 {
        let mut line = String::new();
        if stdout.read_line(&mut line).expect("a line") == 0 {
            break;
        }
        printed.push_str(&line);
        if let Some(found) = line
            .trim()
            .strip_prefix(&format!("{}/oauth/authorize?", server.uri()))
        {
            url = Some(found.to_owned());
            break;
        }
    }
    let query = url.unwrap_or_else(|| panic!("no authorize URL on the mock server in:\n{printed}"));
    assert!(query.contains("client_id=my-web-app"), "{query}");
    assert!(query.contains("response_type=code"), "{query}");
    let state = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("state="))
        .expect("a state")
        .to_owned();
    // The browser comes back to the app's callback; the user pastes that URL.
    child
        .stdin
        .take()
        .expect("its standard input")
        .write_all(format!("{redirect_uri}?code=the-code&state={state}\n").as_bytes())
        .expect("the redirect is pasted");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("the rest of its output");
    let status = child.wait().expect("the example ends");
    assert!(status.success(), "{status:?}\n{printed}{rest}");
    assert!(rest.contains("Logged in as joe@example.com"), "{rest}");
}

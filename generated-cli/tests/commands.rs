//! `particle-api` as a user runs it: the built binary against a local server, in a pipe.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use wiremock::matchers::{body_json, body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "tok-cli-test-1";

/// What a run of the binary gave.
struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {}", self.stdout))
    }

    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or(Value::Null))
            .collect()
    }
}

/// The binary with a clean environment: the server's URL, its own configuration folder.
fn command(server: &str, config: &std::path::Path, args: &[&str]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_particle-api"));
    command
        .args(args)
        .env_clear()
        .env("PARTICLE_API_URL", server)
        .env("PARTICLE_CONFIG_DIR", config)
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

async fn run_with(
    server: &str,
    config: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> Ran {
    let mut command = command(server, config, args);
    command.envs(env.iter().copied());
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command.spawn().expect("the binary runs");
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        input.write_all(text.as_bytes()).await.expect("stdin");
        drop(input);
    }
    let output = child.wait_with_output().await.expect("the binary ends");
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Run with the test token in `PARTICLE_ACCESS_TOKEN`.
async fn run(server: &MockServer, args: &[&str]) -> Ran {
    let config = tempfile::tempdir().expect("a temporary folder");
    run_with(
        &server.uri(),
        config.path(),
        args,
        &[("PARTICLE_ACCESS_TOKEN", TOKEN)],
        None,
    )
    .await
}

fn bearer() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

fn device(id: &str, name: &str) -> Value {
    json!({
        "id": id, "name": name, "owner": "someone@example.com", "last_ip_address": "176.83.211.237",
        "last_heard": "2026-07-17T22:28:40.907Z", "last_handshake_at": "2026-07-15T20:08:00.456Z",
        "product_id": 13, "online": true, "connected": true, "platform_id": 13, "cellular": true,
        "notes": null, "functions": ["gong"], "variables": {"Gongs": "int32"}, "status": "normal",
        "serial_number": "AAAAAA111111111", "system_firmware_version": "6.1.0",
        "firmware_updates_enabled": true, "firmware_updates_forced": false
    })
}

#[tokio::test]
async fn list_prints_the_devices_as_json_in_a_pipe() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices"))
        .and(bearer())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([device("0123", "probe")])))
        .expect(2)
        .mount(&server)
        .await;
    let ran = run(&server, &["list"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.json()[0]["id"], "0123");
    assert_eq!(ran.json()[0]["name"], "probe");
    // The alias and the command it stands for are one.
    let ran = run(&server, &["devices", "list"]).await;
    assert_eq!(ran.json()[0]["id"], "0123");
}

#[tokio::test]
async fn output_formats_are_pretty_json_and_a_table() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([device("0123", "probe")])))
        .mount(&server)
        .await;
    let pretty = run(&server, &["list", "--output", "pretty"]).await;
    assert!(
        pretty.stdout.starts_with("[\n  {\n    \""),
        "{}",
        pretty.stdout
    );
    assert_eq!(pretty.json()[0]["id"], "0123");
    // A table as wide as the terminal (`COLUMNS=100` here), `id` and `name` first.
    let table = run(&server, &["list", "-o", "table"]).await;
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID    NAME   LAST_IP_ADDRESS"),
        "{}",
        table.stdout
    );
    assert!(
        lines[1].starts_with("0123  probe  176.83.211.237"),
        "{}",
        table.stdout
    );
    assert!(
        lines.iter().all(|line| line.chars().count() <= 100),
        "{}",
        table.stdout
    );
    assert!(
        lines[2].contains("more members not shown"),
        "{}",
        table.stdout
    );
}

#[tokio::test]
async fn get_takes_the_device_id_as_an_argument() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/0123"))
        .and(bearer())
        .respond_with(ResponseTemplate::new(200).set_body_json(device("0123", "probe")))
        .expect(1)
        .mount(&server)
        .await;
    let ran = run(&server, &["devices", "get", "0123"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.json()["serial_number"], "AAAAAA111111111");
}

#[tokio::test]
async fn call_sends_its_argument_as_a_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/devices/0123/gong"))
        .and(bearer())
        .and(body_json(json!({"arg": "on"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": "0123", "name": "probe", "connected": true, "return_value": 1}),
        ))
        .expect(3)
        .mount(&server)
        .await;
    let ran = run(&server, &["call", "0123", "gong", "--arg", "on"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.json()["return_value"], 1);
    // The whole body as JSON, and from a file.
    let ran = run(
        &server,
        &["call", "0123", "gong", "--json", r#"{"arg": "on"}"#],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("body.json");
    std::fs::write(&file, r#"{"arg": "off"}"#).expect("written");
    // A flag is set over the file's member.
    let at = format!("@{}", file.display());
    let ran = run(
        &server,
        &["call", "0123", "gong", "--json", &at, "--arg", "on"],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
}

#[tokio::test]
async fn a_form_body_is_sent_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/sims/8934076500002589174"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("action=deactivate"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let ran = run(
        &server,
        &[
            "sims",
            "update",
            "8934076500002589174",
            "--action",
            "deactivate",
        ],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
}

#[tokio::test]
async fn flash_uploads_a_file_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/devices/0123"))
        .and(|request: &Request| {
            let body = String::from_utf8_lossy(&request.body);
            let content_type = request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            content_type.starts_with("multipart/form-data")
                && body.contains("name=\"file\"; filename=\"tinker.bin\"")
                && body.contains("\x7fELF-firmware-bytes")
                && body.contains("name=\"file_type\"")
        })
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "0123", "status": "Update started"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("tinker.bin");
    std::fs::write(&file, b"\x7fELF-firmware-bytes").expect("written");
    let path = file.display().to_string();
    let ran = run(
        &server,
        &[
            "devices",
            "flash",
            "0123",
            "--file",
            &path,
            "--file-type",
            "binary",
        ],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.json()["status"], "Update started");
}

#[tokio::test]
async fn a_download_goes_to_a_file_or_standard_output() {
    let server = MockServer::start().await;
    let firmware: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/v1/binaries/5c9c3bd2"))
        .and(bearer())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(firmware.clone(), "application/octet-stream"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("firmware.bin");
    let path = file.display().to_string();
    let ran = run(
        &server,
        &[
            "firmware",
            "download-binary",
            "5c9c3bd2",
            "--out-file",
            &path,
        ],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    // No progress bar in a pipe.
    assert_eq!(ran.stderr, "");
    assert!(std::fs::read(&file).expect("written") == firmware);
    // Without a file: the bytes on standard output, untouched.
    let output = command(
        &server.uri(),
        dir.path(),
        &["firmware", "download-binary", "5c9c3bd2"],
    )
    .env("PARTICLE_ACCESS_TOKEN", TOKEN)
    .output()
    .await
    .expect("the binary runs");
    assert!(output.status.success());
    assert!(output.stdout == firmware);
}

#[tokio::test]
async fn all_follows_every_page_and_prints_items_as_json_lines() {
    let server = MockServer::start().await;
    for page in 1..=2 {
        Mock::given(method("GET"))
            .and(path("/v1/products/my-product/devices"))
            .and(query_param("page", page.to_string().as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "devices": [device(&format!("dev{page}a"), "a"), device(&format!("dev{page}b"), "b")],
                "meta": {"total_pages": 2}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ran = run(
        &server,
        &[
            "products",
            "list-devices",
            "my-product",
            "--all",
            "--page",
            "1",
        ],
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let ids: Vec<Value> = ran.lines().iter().map(|item| item["id"].clone()).collect();
    assert_eq!(ids, ["dev1a", "dev1b", "dev2a", "dev2b"]);
}

/// The token endpoint: the password grant asks for a one-time password, the MFA grant gives
/// the token.
async fn token_endpoint(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // The OAuth client the API documents for your own account, by HTTP Basic.
        .and(header("authorization", "Basic cGFydGljbGU6cGFydGljbGU="))
        .and(body_string_contains("grant_type=password"))
        .and(body_string_contains("username=someone%40example.com"))
        .and(body_string_contains("password=pa55word"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": "mfa_required",
            "error_description": "Multi-factor authentication required",
            "mfa_token": "mfa-token-7"
        })))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=urn%3Acustom%3Amfa-otp"))
        .and(body_string_contains("mfa_token=mfa-token-7"))
        .and(body_string_contains("otp=123456"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-from-login", "token_type": "bearer", "expires_in": 7776000
        })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn login_asks_for_the_one_time_password_and_stores_the_token() {
    let server = MockServer::start().await;
    token_endpoint(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/devices"))
        .and(header("authorization", "Bearer tok-from-login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([device("0123", "probe")])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/access_tokens/current"))
        .and(header("authorization", "Bearer tok-from-login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let config = tempfile::tempdir().expect("a temporary folder");
    // The password from a flag, the one-time password from standard input when it is asked for.
    let ran = run_with(
        &server.uri(),
        config.path(),
        &[
            "login",
            "--username",
            "someone@example.com",
            "--password",
            "pa55word",
        ],
        &[],
        Some("123456\n"),
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("Logged in as someone@example.com"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stdout.contains("tok-from-login") && !ran.stderr.contains("tok-from-login"));
    let file = config.path().join("config.json");
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("stored")).expect("JSON");
    assert_eq!(stored["tokens"]["access_token"], "tok-from-login");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The stored token is used without a flag or variable.
    let ran = run_with(&server.uri(), config.path(), &["list"], &[], None).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // `logout` revokes it and forgets it.
    let ran = run_with(&server.uri(), config.path(), &["logout"], &[], None).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let stored = std::fs::read_to_string(&file).expect("stored");
    assert!(!stored.contains("tok-from-login"), "{stored}");
}

#[tokio::test]
async fn token_create_prints_a_token_with_its_lifetime() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=password"))
        .and(body_string_contains("expires_in=3600"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-short", "token_type": "bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let config = tempfile::tempdir().expect("a temporary folder");
    // The password on standard input, as a script gives it.
    let ran = run_with(
        &server.uri(),
        config.path(),
        &[
            "token",
            "create",
            "-u",
            "someone@example.com",
            "--expires-in",
            "3600",
        ],
        &[],
        Some("pa55word\n"),
    )
    .await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.json()["access_token"], "tok-short");
    assert!(!config.path().join("config.json").exists());
}

#[tokio::test]
async fn a_wrong_one_time_password_fails_with_the_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=password"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": "mfa_required", "mfa_token": "mfa-token-8"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("otp=000000"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_grant", "error_description": "Invalid OTP code"}),
        ))
        .mount(&server)
        .await;
    let config = tempfile::tempdir().expect("a temporary folder");
    let ran = run_with(
        &server.uri(),
        config.path(),
        &[
            "login",
            "-u",
            "someone@example.com",
            "-p",
            "pa55word",
            "--otp",
            "000000",
        ],
        &[],
        None,
    )
    .await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("400") && ran.stderr.contains("Invalid OTP code"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("mfa-token-8"), "{}", ran.stderr);
    assert!(!config.path().join("config.json").exists());
}

#[tokio::test]
async fn subscribe_prints_a_json_line_per_event_and_survives_a_reconnect() {
    let server = MockServer::start().await;
    let event = |name: &str, data: &str, id: &str| {
        format!(
            "event: {name}\ndata: {}\nid: {id}\n\n",
            json!({"data": data, "ttl": 60, "published_at": "2026-12-06T10:00:00.000Z", "coreid": "0123"})
        )
    };
    // The first connection gives one event and ends; the client reconnects and gets the next.
    Mock::given(method("GET"))
        .and(path("/v1/devices/events"))
        .and(bearer())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!("retry: 10\n\n{}", event("temp", "21.5", "1")),
            "text/event-stream",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/events"))
        .and(header("last-event-id", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!("retry: 10\n\n{}", event("temp", "22.0", "2")),
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    let config = tempfile::tempdir().expect("a temporary folder");
    let mut command = command(&server.uri(), config.path(), &["subscribe"]);
    command
        .env("PARTICLE_ACCESS_TOKEN", TOKEN)
        .kill_on_drop(true);
    let mut child = command.spawn().expect("the binary runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut events = Vec::new();
    while events.len() < 2 {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("an event within 20 s")
            .expect("stdout reads")
            .expect("the stream goes on");
        events.push(serde_json::from_str::<Value>(&line).expect("a JSON line"));
    }
    // Ctrl-C ends it with the shell's code for an interrupt.
    #[cfg(unix)]
    {
        let pid = child.id().expect("running").to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        assert!(sent.is_ok_and(|status| status.success()));
        let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
            .await
            .expect("it stops on SIGINT")
            .expect("it ends");
        assert_eq!(status.code(), Some(130));
    }
    let _ = child.kill().await;
    assert_eq!(events[0]["name"], "temp");
    assert_eq!(events[0]["data"]["data"], "21.5");
    assert_eq!(events[0]["id"], "1");
    assert_eq!(events[1]["data"]["data"], "22.0");
}

#[tokio::test]
async fn an_api_error_is_one_line_on_stderr_and_exit_code_1() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/devices/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"ok": false, "error": "Permission Denied", "info": "I didn't recognize that device name or ID"}),
        ))
        .mount(&server)
        .await;
    let ran = run(&server, &["devices", "get", "nope"]).await;
    assert_eq!(ran.code, 1);
    assert_eq!(ran.stdout, "");
    assert_eq!(ran.stderr.lines().count(), 1, "{}", ran.stderr);
    assert!(
        ran.stderr
            .starts_with("error: get_device (GET /v1/devices/{deviceId}): 404"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("Permission Denied"), "{}", ran.stderr);
    assert!(!ran.stderr.contains(TOKEN));
}

#[tokio::test]
async fn failures_have_exit_codes_of_their_own() {
    let server = MockServer::start().await;
    // No credentials at all: 4.
    let config = tempfile::tempdir().expect("a temporary folder");
    let ran = run_with(&server.uri(), config.path(), &["list"], &[], None).await;
    assert_eq!(ran.code, 4, "{}", ran.stderr);
    assert!(ran.stderr.contains("access_token"), "{}", ran.stderr);
    // Nothing listening: 3.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("an address").port()
    };
    let url = format!("http://127.0.0.1:{closed}");
    let ran = run_with(
        &url,
        config.path(),
        &["list"],
        &[("PARTICLE_ACCESS_TOKEN", TOKEN)],
        None,
    )
    .await;
    assert_eq!(ran.code, 3, "{}", ran.stderr);
    // Plain http to another machine is refused before anything is sent: 2.
    let ran = run_with(
        "http://api.example.com",
        config.path(),
        &["list"],
        &[("PARTICLE_ACCESS_TOKEN", TOKEN)],
        None,
    )
    .await;
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("https://"), "{}", ran.stderr);
}

#[tokio::test]
async fn clap_checks_the_command_line_before_anything_is_sent() {
    let server = MockServer::start().await;
    // A missing required flag.
    let ran = run(&server, &["devices", "flash", "0123"]).await;
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("the following required arguments were not provided"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("--file <PATH>"), "{}", ran.stderr);
    // A value not in the enum's list.
    let ran = run(
        &server,
        &["products", "list-devices", "p", "--sort-dir", "sideways"],
    )
    .await;
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr.contains("[possible values: asc, desc]"),
        "{}",
        ran.stderr
    );
    // Not an integer.
    let ran = run(
        &server,
        &["products", "list-devices", "p", "--per-page", "ten"],
    )
    .await;
    assert_eq!(ran.code, 2);
    assert!(
        ran.stderr
            .contains("invalid value 'ten' for '--per-page <INTEGER>'"),
        "{}",
        ran.stderr
    );
    // `--json` that is not JSON.
    let ran = run(&server, &["call", "0123", "gong", "--json", "{arg"]).await;
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("--json is not JSON"), "{}", ran.stderr);
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn completions_are_printed_for_each_shell() {
    let server = MockServer::start().await;
    for shell in ["bash", "zsh", "fish"] {
        let ran = run(&server, &["completions", shell]).await;
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        assert!(ran.stdout.contains("particle-api"), "{shell}");
        assert!(ran.stdout.contains("list-devices"), "{shell}");
    }
}

//! Prism (`@stoplight/prism-cli`), the validating mock server that `conformance` and `mock` run:
//! installed with npm at a pinned version under `target/prism/`, given the document as it can
//! route it ([`served_document`]), started on 127.0.0.1 for one document, stopped when dropped.
//!
//! Prism answers in its static mode (no `--dynamic`): the spec's own examples, else values made
//! from the schemas the same way every time, so its answers are deterministic.

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::workspace::root;

/// The Prism release the reports are made with.
pub(crate) const VERSION: &str = "5.16.0";

/// How long Prism may take to load a document and listen.
const STARTUP: Duration = Duration::from_secs(90);

/// A document's `paths` object.
type Paths = serde_json::Map<String, Value>;

/// The members of a path item that are operations.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What Prism prints once it listens (`Prism is listening on http://127.0.0.1:4010`).
const LISTENING: &str = "Prism is listening on";

/// The `prism` command, installed first when missing (or at another version).
pub(crate) fn install() -> Result<PathBuf> {
    let prefix = root().join("target/prism");
    let bin = prefix.join("node_modules/.bin/prism");
    let manifest = prefix.join("node_modules/@stoplight/prism-cli/package.json");
    let installed = fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|json| json.get("version")?.as_str().map(str::to_owned));
    if installed.as_deref() == Some(VERSION) && bin.exists() {
        return Ok(bin);
    }
    fs::create_dir_all(&prefix).with_context(|| format!("creating {}", prefix.display()))?;
    let package = format!("@stoplight/prism-cli@{VERSION}");
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&prefix)
        .arg(&package)
        .status()
        .with_context(|| format!("running npm to install {package} (is Node.js installed?)"))?;
    if !status.success() || !bin.exists() {
        bail!("`npm install {package}` failed ({status}); conformance and mock need Prism");
    }
    Ok(bin)
}

/// The converted document as Prism must see it: Prism routes on the paths alone, ignoring the
/// path of the `servers` URL, while a client sends that path too; so each path is written with
/// its server's path in front (the path item's own `servers`, else the document's), as the client
/// sends it: without a literal query string (`/{Bucket}?uploads`) or a `#…` (AWS specs tell
/// operations on `/` apart as `/#X-Amz-Target=…`). A `$ref` to another file, which the
/// generator does not follow (it types the value as any JSON), is any value here too.
///
/// Path keys that send the same route are merged into one path item where their methods differ;
/// an operation whose route and method another one already has is left to a later round of
/// [`served_rounds`].
pub(crate) fn served_document(openapi: &Value) -> Value {
    served_rounds(openapi)
        .into_iter()
        .next()
        .map_or_else(|| openapi.clone(), |round| round.document)
}

/// One document Prism serves, and the operations (method and path key, as the spec writes them)
/// it serves.
pub(crate) struct Round {
    pub document: Value,
    pub operations: Vec<(String, String)>,
}

/// The documents needed to serve every operation as the client sends it (see
/// [`served_document`]): one, unless several path keys send the same method and route (`POST
/// /#X-Amz-Target=A` and `POST /#X-Amz-Target=B` both send `POST /`); then the `n`th such
/// operation of each route is served in round `n`.
// Whole: one pass that places each path key's operations in the first round where its route and
// method are free; the placing, merging and counting share the rounds being built.
pub(crate) fn served_rounds(openapi: &Value) -> Vec<Round> {
    let mut base = openapi.clone();
    drop_external_references(&mut base);
    let document_prefix = server_path(openapi.get("servers"));
    let Some(Value::Object(paths)) = base.get_mut("paths").map(std::mem::take) else {
        return vec![Round {
            document: base,
            operations: Vec::new(),
        }];
    };
    // Each round: its paths so far, and the operations (method, path key) they serve.
    let mut rounds: Vec<(Paths, Vec<(String, String)>)> = Vec::new();
    for (key, item) in paths {
        let prefix = item
            .get("servers")
            .map(|servers| server_path(Some(servers)))
            .unwrap_or_else(|| document_prefix.clone());
        let route = key.split(['?', '#']).next().unwrap_or_default();
        let route = format!("{prefix}{route}");
        let Value::Object(item) = item else { continue };
        let methods: Vec<&String> = item
            .keys()
            .filter(|k| METHODS.contains(&k.as_str()))
            .collect();
        let fits = |served: &Paths| match served.get(&route) {
            None => true,
            Some(existing) => {
                methods.iter().all(|m| existing.get(m.as_str()).is_none())
                    && existing.get("parameters") == item.get("parameters")
            }
        };
        let at = match rounds.iter().position(|(served, _)| fits(served)) {
            Some(at) => at,
            None => {
                rounds.push(Default::default());
                rounds.len() - 1
            }
        };
        let (served, operations) = &mut rounds[at];
        operations.extend(methods.iter().map(|m| ((*m).clone(), key.clone())));
        match served.get_mut(&route) {
            Some(Value::Object(existing)) => {
                for (name, value) in &item {
                    existing
                        .entry(name.clone())
                        .or_insert_with(|| value.clone());
                }
            }
            _ => {
                served.insert(route, Value::Object(item));
            }
        }
    }
    if rounds.is_empty() {
        rounds.push(Default::default());
    }
    rounds
        .into_iter()
        .map(|(paths, operations)| {
            let mut document = base.clone();
            document["paths"] = Value::Object(paths);
            Round {
                document,
                operations,
            }
        })
        .collect()
}

/// Every `$ref` to another file made an empty schema (any value).
fn drop_external_references(document: &mut Value) {
    let mut stack = vec![document];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(members) => {
                let external = members
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|reference| !reference.starts_with('#'));
                if external {
                    members.clear();
                } else {
                    stack.extend(members.values_mut());
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// The path of the first server's URL (its variables at their defaults), without a trailing `/`.
fn server_path(servers: Option<&Value>) -> String {
    let Some(server) = servers.and_then(|s| s.get(0)) else {
        return String::new();
    };
    let mut url = server
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if let Some(Value::Object(variables)) = server.get("variables") {
        for (name, variable) in variables {
            let default = variable
                .get("default")
                .and_then(Value::as_str)
                .unwrap_or("");
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url.as_str(),
    };
    path.trim_end_matches('/').to_owned()
}

/// Where a Prism's output goes.
pub(crate) enum Output<'a> {
    /// To this file, warnings and errors only: read back when Prism fails.
    Log(&'a Path),
    /// To this terminal from the line saying it listens: every request, with what Prism found
    /// wrong in it.
    Terminal,
}

/// Where a running Prism's output is, to explain a failure.
enum Log {
    /// A file.
    File(PathBuf),
    /// What it printed before it listened (emptied once it listens: the rest went to the
    /// terminal).
    Startup(Arc<Mutex<Vec<String>>>),
}

/// A Prism mock server, stopped when dropped.
pub(crate) struct Mock {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    log: Log,
}

impl Mock {
    /// Serve `document` (an OpenAPI file) with the `prism` at `bin` on a free port, logging to
    /// `log`.
    pub(crate) fn start(bin: &Path, document: &Path, log: &Path) -> Result<Self> {
        Self::launch(bin, document, free_port()?, Output::Log(log))
    }

    /// Serve `document` with the `prism` at `bin` on `port`, its output on this terminal.
    pub(crate) fn serve(bin: &Path, document: &Path, port: u16) -> Result<Self> {
        // Something else listening there would pass for Prism below.
        if let Err(error) = TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
            bail!(
                "port {port} on 127.0.0.1 is taken ({error}): another mock server may be running \
                 there; choose another port with --port"
            );
        }
        Self::launch(bin, document, port, Output::Terminal)
    }

    /// Start Prism and wait until it listens.
    fn launch(bin: &Path, document: &Path, port: u16, output: Output<'_>) -> Result<Self> {
        let mut command = Command::new(bin);
        command
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null());
        match output {
            Output::Log(log) => {
                let file =
                    fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
                command
                    .args(["--verboseLevel", "warn"])
                    .stdout(file.try_clone()?)
                    .stderr(file);
            }
            Output::Terminal => {
                command
                    .args(["--verboseLevel", "info"])
                    .stdout(Stdio::piped());
                // A process group of its own: Ctrl-C reaches only this process, which stops
                // Prism itself (so that Prism's end is never mistaken for a crash).
                #[cfg(unix)]
                std::os::unix::process::CommandExt::process_group(&mut command, 0);
            }
        }
        let mut child = command
            .arg(document)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let (log, listening) = match (output, child.stdout.take()) {
            (Output::Log(log), _) => (Log::File(log.to_owned()), None),
            (Output::Terminal, stdout) => {
                let startup = Arc::new(Mutex::new(Vec::new()));
                let listening = Arc::new(AtomicBool::new(false));
                if let Some(stdout) = stdout {
                    let (startup, listening) = (Arc::clone(&startup), Arc::clone(&listening));
                    std::thread::spawn(move || forward(stdout, &startup, &listening));
                }
                (Log::Startup(startup), Some(listening))
            }
        };
        let mut mock = Self {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let started = Instant::now();
        loop {
            // On the terminal, Prism lists its routes after it opens the port: it is ready
            // once it says it listens (and the routes are not mixed up with what follows).
            let said_so = listening
                .as_ref()
                .is_none_or(|listening| listening.load(Ordering::SeqCst));
            if said_so && TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(mock);
            }
            if let Some(status) = mock.child.try_wait()? {
                bail!(
                    "Prism stopped ({status}) before listening: {}",
                    mock.log_text()
                );
            }
            if started.elapsed() > STARTUP {
                bail!(
                    "Prism did not listen within {STARTUP:?}: {}",
                    mock.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Serve until `stop` is set (Prism is then stopped with the mock); an error if Prism stops
    /// first.
    pub(crate) fn serve_until(&mut self, stop: &AtomicBool) -> Result<()> {
        loop {
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                bail!("Prism stopped ({status}): {}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether Prism has stopped (crashed on a request).
    pub(crate) fn has_stopped(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Whether Prism has stopped, or stops within `wait`.
    pub(crate) fn has_stopped_within(&mut self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            if self.has_stopped() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Why Prism stopped, as its log says: the first line naming an error.
    pub(crate) fn crash(&self) -> String {
        let text = self.log_text();
        text.lines()
            .map(str::trim)
            .find(|line| line.contains("Error"))
            .unwrap_or("it stopped without saying why")
            .to_owned()
    }

    /// What Prism logged (its last lines), to explain a failure.
    pub(crate) fn log_text(&self) -> String {
        let text = match &self.log {
            Log::File(log) => {
                let mut text = String::new();
                if let Ok(mut file) = fs::File::open(log) {
                    let _ = file.read_to_string(&mut text);
                }
                text
            }
            Log::Startup(startup) => {
                let lines = startup.lock().map(|lines| lines.join("\n"));
                match lines {
                    Ok(text) if !text.is_empty() => text,
                    _ => return "its output is above".to_owned(),
                }
            }
        };
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Prism's output, line by line: kept in `startup` until the line saying it listens (the routes it
/// lists before, each path parameter a random word, are not shown), then set `listening`, and
/// print every line from there on (or drop it, once this terminal is gone: Prism must not block
/// on a full pipe).
fn forward(stdout: ChildStdout, startup: &Mutex<Vec<String>>, listening: &AtomicBool) {
    let mut reader = BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if listening.load(Ordering::SeqCst) {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        } else if text.contains(LISTENING) {
            if let Ok(mut lines) = startup.lock() {
                lines.clear();
            }
            listening.store(true, Ordering::SeqCst);
        } else if let Ok(mut lines) = startup.lock() {
            lines.push(text.to_owned());
        }
    }
}

/// A port nothing listens on now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// `.ci/run` installs the Prism this command runs.
    #[test]
    fn ci_installs_the_pinned_version() {
        let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
        assert!(
            ci.contains(&format!("@stoplight/prism-cli@{VERSION}")),
            ".ci/run must install @stoplight/prism-cli@{VERSION}"
        );
    }

    /// Every path is served under its server's path: the document's, or the path item's own;
    /// a literal query string is dropped, and so is a reference to another file.
    #[test]
    fn paths_are_served_under_their_server_path() {
        let openapi = json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://{host}/v1/", "variables": {"host": {"default": "api.example.com"}}}],
            "paths": {
                "/devices": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}},
                "/devices/{id}": {"get": {"responses": {"200": {"$ref": "other.yaml#/Ok"}}}},
                "/oauth/token": {"servers": [{"url": "https://api.example.com"}], "post": {}},
                "/reports?view=summary": {"get": {}},
            },
        });
        let served = served_document(&openapi);
        let paths = served["paths"].as_object().expect("paths");
        let mut routes: Vec<&str> = paths.keys().map(String::as_str).collect();
        routes.sort_unstable();
        assert_eq!(
            routes,
            [
                "/oauth/token",
                "/v1/devices",
                "/v1/devices/{id}",
                "/v1/reports"
            ]
        );
        assert_eq!(
            served["paths"]["/v1/devices"]["get"]["responses"]["200"],
            json!({"$ref": "#/components/responses/Ok"})
        );
        assert_eq!(
            served["paths"]["/v1/devices/{id}"]["get"]["responses"]["200"],
            json!({})
        );
        // Only the paths move: the servers, and everything else, are as converted.
        assert_eq!(served["servers"], openapi["servers"]);
    }

    #[test]
    fn server_path_of_a_url() {
        let path = |url: &str| server_path(Some(&json!([{ "url": url }])));
        assert_eq!(path("https://api.particle.io/v1"), "/v1");
        assert_eq!(path("https://api.particle.io/v1/"), "/v1");
        assert_eq!(path("https://api.particle.io"), "");
        assert_eq!(path("/api/v2"), "/api/v2");
        assert_eq!(server_path(None), "");
        assert_eq!(server_path(Some(&json!([]))), "");
    }
}

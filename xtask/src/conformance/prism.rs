//! Prism (`@stoplight/prism-cli`), the validating mock server: installed with npm at a pinned
//! version under `target/prism/`, started on 127.0.0.1 for one document, stopped when dropped.

use std::fs;
use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::workspace::root;

/// The Prism release the reports are made with.
pub(crate) const VERSION: &str = "5.16.0";

/// How long Prism may take to load a document and listen.
const STARTUP: Duration = Duration::from_secs(90);

/// The `prism` command, installed first when missing (or at another version).
pub(crate) fn install() -> Result<PathBuf> {
    let prefix = root().join("target/prism");
    let bin = prefix.join("node_modules/.bin/prism");
    let manifest = prefix.join("node_modules/@stoplight/prism-cli/package.json");
    let installed = fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
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
        bail!("`npm install {package}` failed ({status}); conformance needs Prism");
    }
    Ok(bin)
}

/// A Prism mock server, stopped when dropped.
pub(crate) struct Mock {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    log: PathBuf,
}

impl Mock {
    /// Serve `document` (an OpenAPI file) with the `prism` at `bin`, logging to `log`.
    pub(crate) fn start(bin: &Path, document: &Path, log: &Path) -> Result<Self> {
        let port = free_port()?;
        let log_file =
            fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--verboseLevel", "warn"])
            .arg(document)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let mut mock = Self {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log: log.to_owned(),
        };
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
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
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Whether Prism has stopped (crashed on a request).
    pub(crate) fn has_stopped(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
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
        let mut text = String::new();
        if let Ok(mut file) = fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
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

/// A port nothing listens on now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    /// `.ci/run` installs the Prism this command runs.
    #[test]
    fn ci_installs_the_pinned_version() {
        let ci =
            std::fs::read_to_string(crate::workspace::root().join(".ci/run")).expect(".ci/run");
        assert!(
            ci.contains(&format!("@stoplight/prism-cli@{}", super::VERSION)),
            ".ci/run must install @stoplight/prism-cli@{}",
            super::VERSION
        );
    }
}

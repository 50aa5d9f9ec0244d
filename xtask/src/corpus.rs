//! `cargo xtask corpus DIR…`: generate a crate for every spec found, `cargo check` them all, and
//! print a table. Exits non-zero if generation panicked or a generated crate does not compile.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};
use generator::emit::{CrateConfig, Runtime};
use generator::pipeline::{self, Input, OnSkip, Source};

use crate::files;
use crate::overlays::{self, OverlayText};
use crate::workspace::root;

/// One spec's row in the table.
struct Row {
    spec: String,
    crate_name: String,
    format: String,
    operations: String,
    models: String,
    diagnostics: String,
    millis: f64,
    outcome: Outcome,
}

#[derive(PartialEq)]
enum Outcome {
    Generated,
    Refused,
    Panicked,
}

#[allow(clippy::print_stdout)]
pub fn corpus(paths: &[String]) -> Result<ExitCode> {
    let specs = find_specs(paths)?;
    let out = root().join("target/corpus");
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut rows = Vec::new();
    for spec in &specs {
        rows.push(generate_one(spec, &out)?);
    }
    let members: Vec<&str> = rows
        .iter()
        .filter(|r| r.outcome == Outcome::Generated)
        .map(|r| r.crate_name.as_str())
        .collect();
    let failed = check(&out, &members)?;
    println!("| spec | format | operations | models | diagnostics | generate (ms) | cargo check |");
    println!("|---|---|---:|---:|---:|---:|---|");
    for row in &rows {
        let check = match row.outcome {
            Outcome::Panicked => "PANIC".to_owned(),
            Outcome::Refused => "not generated (errors)".to_owned(),
            Outcome::Generated if failed.contains(&row.crate_name) => "FAILED".to_owned(),
            Outcome::Generated => "ok".to_owned(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {:.1} | {check} |",
            row.spec, row.format, row.operations, row.models, row.diagnostics, row.millis
        );
    }
    let panicked = rows.iter().any(|r| r.outcome == Outcome::Panicked);
    Ok(if panicked || !failed.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Spec files named, or found directly inside named folders (`*.overlay.yaml` are overlays).
pub(crate) fn find_specs(paths: &[String]) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for path in paths {
        let path = PathBuf::from(path);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = fs::read_dir(&path)
                .with_context(|| format!("reading {}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| is_spec(p))
                .collect();
            found.sort();
            specs.extend(found);
        } else {
            specs.push(path);
        }
    }
    Ok(specs)
}

fn is_spec(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !name.ends_with(".overlay.yaml")
        && [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn generate_one(spec: &Path, out: &Path) -> Result<Row> {
    let scratch = ScratchSpec::read(spec, &[], "corpus")?;
    let overlays = scratch.overlay_sources();
    let (input, config) = (scratch.input(&overlays), scratch.config());
    let (stem, crate_name) = (scratch.stem.clone(), scratch.crate_name.clone());
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| pipeline::generate(&input, &config)));
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let mut row = Row {
        spec: stem,
        crate_name: crate_name.clone(),
        format: "?".into(),
        operations: "-".into(),
        models: "-".into(),
        diagnostics: "-".into(),
        millis,
        outcome: Outcome::Panicked,
    };
    match result {
        Err(_) => {}
        // The pipeline turns a panic of its own into an `internal` diagnostic.
        Ok(Err(diagnostics)) if diagnostics.iter().any(|d| d.code == "internal") => {}
        Ok(Err(diagnostics)) => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            row.diagnostics = format!("{errors} errors, {} warnings", diagnostics.len() - errors);
            row.outcome = Outcome::Refused;
        }
        Ok(Ok((output, generated))) => {
            files::write(&out.join(&crate_name), &generated)?;
            row.format = output.input_format.to_owned();
            row.operations = output.api.operations.len().to_string();
            row.models = output.api.models.len().to_string();
            row.diagnostics = format!("{} warnings", output.diagnostics.len());
            row.outcome = Outcome::Generated;
        }
    }
    Ok(row)
}

/// A spec (and its overlays) read for a crate in a scratch workspace under `target/`.
pub(crate) struct ScratchSpec {
    /// The spec's path, as diagnostics name it.
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) overlays: Vec<OverlayText>,
    /// The spec's file name.
    pub(crate) stem: String,
    /// `<prefix>-<file name without its extension>`, made a package name.
    pub(crate) crate_name: String,
    /// The command the crate's header names.
    command: String,
}

impl ScratchSpec {
    /// Read `spec`, and `overlays` (files or folders) if given, else the spec's sibling
    /// `NAME.overlay.yaml` if any.
    pub(crate) fn read(spec: &Path, overlays: &[String], prefix: &str) -> Result<Self> {
        let name = spec.display().to_string();
        let text = fs::read_to_string(spec).with_context(|| format!("reading {name}"))?;
        let overlays = if overlays.is_empty() {
            let sibling = spec.with_extension("overlay.yaml");
            match fs::read_to_string(&sibling) {
                Ok(text) => vec![OverlayText {
                    name: sibling.display().to_string(),
                    text,
                }],
                Err(_) => Vec::new(),
            }
        } else {
            overlays::read(Path::new(""), overlays)?
        };
        let stem = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The whole file name but its extension: `googleapis.com__indexing.json` and
        // `googleapis.com__dns.json` are two crates.
        let base = stem
            .rsplit_once('.')
            .map_or(stem.as_str(), |(base, _)| base);
        let crate_name = format!("{prefix}-{}", sanitize(base));
        Ok(Self {
            name,
            text,
            overlays,
            stem,
            crate_name,
            command: format!("cargo xtask {prefix}"),
        })
    }

    /// The pipeline's input.
    /// The pipeline's input, with `overlays` from [`Self::overlay_sources`].
    pub(crate) fn input<'a>(&'a self, overlays: &'a [Source<'a>]) -> Input<'a> {
        Input {
            spec: Source {
                name: &self.name,
                text: &self.text,
            },
            overlays,
            on_skip: OnSkip::Warn,
        }
    }

    /// The pipeline's view of the overlays.
    pub(crate) fn overlay_sources(&self) -> Vec<Source<'_>> {
        overlays::sources(&self.overlays)
    }

    /// How its crate is generated: a stand-alone crate named after the spec.
    pub(crate) fn config(&self) -> CrateConfig {
        CrateConfig {
            name: self.crate_name.clone(),
            version: "0.1.0".to_owned(),
            command: self.command.clone(),
            sources: vec![self.stem.clone()],
            workspace_member: false,
            dev_dependencies: Vec::new(),
            runtime: Runtime::Vendored,
            install: None,
            publish: false,
            mock_examples: Vec::new(),
            // Every operation and model compiled by default: the checks built on these crates
            // (round trips, samples, conformance) reach the whole API.
            default_features: generator::emit::DefaultFeatures::All,
            select: Vec::new(),
            feature_gates: true,
        }
    }
}

/// Make `out` a workspace of `members` (plus `extra` manifest text), with this workspace's
/// `Cargo.lock`: dependencies resolve to the versions the checked-in crates are tested with, and
/// without asking the registry for anything already locked.
pub(crate) fn write_workspace(out: &Path, members: &[&str], extra: &str) -> Result<()> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n{extra}",
        list.join(", ")
    );
    fs::write(out.join("Cargo.toml"), manifest)?;
    fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).context("copying Cargo.lock")?;
    Ok(())
}

/// `cargo check` every generated crate (with its `mock` feature) in one workspace; the names of
/// those that fail.
#[allow(clippy::print_stderr)]
fn check(out: &Path, members: &[&str]) -> Result<Vec<String>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    write_workspace(out, members, "")?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "check",
            "--workspace",
            // The typed mocks too: every generated crate has them.
            "--features",
            "mock",
            "--keep-going",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", root().join("target/corpus-target"))
        // A generated crate builds without warnings, or it counts as failed (dependencies' own
        // warnings are capped by cargo and do not count).
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .context("running cargo check")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed: Vec<String> = members
        .iter()
        .filter(|m| stderr.contains(&format!("could not compile `{m}`")))
        .map(|m| (*m).to_owned())
        .collect();
    if !output.status.success() {
        eprintln!("{stderr}");
        // A failure that names no crate (resolving dependencies, a broken manifest) fails too.
        anyhow::ensure!(
            !failed.is_empty(),
            "cargo check failed before compiling the crates"
        );
    }
    Ok(failed)
}

/// What `cargo test --test NAME` over a scratch workspace printed.
pub(crate) struct TestRun {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) success: bool,
    /// Members that did not compile.
    pub(crate) not_built: Vec<String>,
}

/// `cargo test --workspace --test TEST` over `members` of the workspace in `out` (no debug info:
/// the crates are built to run a few checks), one test thread, output not captured: the tests
/// print one line per result for the caller to read. `target` is the target folder under
/// `target/`.
pub(crate) fn cargo_test(
    out: &Path,
    members: &[&str],
    test: &str,
    target: &str,
) -> Result<TestRun> {
    write_workspace(out, members, "\n[profile.dev]\ndebug = false\n")?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "test",
            "--workspace",
            "--test",
            test,
            "--no-fail-fast",
            "--quiet",
            "--message-format",
            "short",
            "--",
            "--nocapture",
            "--test-threads=1",
        ])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", root().join("target").join(target))
        .output()
        .context("running cargo test")?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let not_built = members
        .iter()
        .filter(|m| stderr.contains(&format!("could not compile `{m}`")))
        .map(|m| (*m).to_owned())
        .collect();
    Ok(TestRun {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        success: output.status.success(),
        not_built,
    })
}

/// The lines a generated test printed after `marker` and a tab, each from after the tab:
/// anywhere in a line, since libtest's progress dots may be written before it.
pub(crate) fn marked_lines<'a>(stdout: &'a str, marker: &'a str) -> impl Iterator<Item = &'a str> {
    stdout.lines().filter_map(move |line| {
        line.find(marker)
            .and_then(|at| line[at + marker.len()..].strip_prefix('\t'))
    })
}

/// Text for a Markdown table cell: one line, pipes escaped.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Why a spec gave no crate: how many errors, and the first.
pub(crate) fn refusal(diagnostics: &[generator::diag::Diagnostic]) -> String {
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let first = errors
        .first()
        .map_or_else(|| "-".to_owned(), |d| format!("{}: {}", d.code, d.message));
    format!("{} errors, first: {first}", errors.len())
}

pub(crate) fn sanitize(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

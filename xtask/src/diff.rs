//! `cargo xtask diff`: what changed between two versions of a spec, for the people who use the
//! generated crate; and the short form `codegen` prints when the inputs changed.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use generator::diag::Diagnostic;
use generator::diff::{self, Impact};
use generator::pipeline::{self, Input, OnSkip, Output, Source};

use crate::workspace::{OVERLAY, SPEC, root};

/// A spec and its optional overlay, as text.
pub struct Inputs {
    spec_name: String,
    spec: String,
    overlay: Option<(String, String)>,
}

impl Inputs {
    /// Read a spec (and overlay) from files.
    pub fn from_files(spec: &str, overlay: Option<&str>) -> Result<Self> {
        let read = |path: &str| fs::read_to_string(path).with_context(|| format!("reading {path}"));
        Ok(Self {
            spec_name: spec.to_owned(),
            spec: read(spec)?,
            overlay: overlay
                .map(|path| Ok::<_, anyhow::Error>((path.to_owned(), read(path)?)))
                .transpose()?,
        })
    }

    /// The project's spec and overlay as they are in the working tree.
    pub fn project() -> Result<Self> {
        let read = |path: &str| {
            let full = root().join(path);
            fs::read_to_string(&full).with_context(|| format!("reading {}", full.display()))
        };
        Ok(Self {
            spec_name: SPEC.to_owned(),
            spec: read(SPEC)?,
            overlay: Some((OVERLAY.to_owned(), read(OVERLAY)?)),
        })
    }

    /// The project's spec and overlay as they are at git revision `rev`.
    pub fn at_revision(rev: &str) -> Result<Self> {
        Self::at(rev, SPEC, Some(OVERLAY))
    }

    /// `spec` and `overlay` (paths from the root) as they are at git revision `rev`.
    pub fn at(rev: &str, spec: &str, overlay: Option<&str>) -> Result<Self> {
        let show = |path: &str| -> Result<String> {
            let output = Command::new("git")
                .args(["show", &format!("{rev}:{path}")])
                .current_dir(root())
                .output()
                .context("running git")?;
            if !output.status.success() {
                bail!(
                    "git show {rev}:{path}: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
            String::from_utf8(output.stdout)
                .with_context(|| format!("{path} at {rev} is not UTF-8"))
        };
        Ok(Self {
            spec_name: format!("{rev}:{spec}"),
            spec: show(spec)?,
            overlay: overlay
                .map(|path| Ok::<_, anyhow::Error>((format!("{rev}:{path}"), show(path)?)))
                .transpose()?,
        })
    }

    /// The pipeline's input.
    pub fn input(&self) -> Input<'_> {
        Input {
            spec: Source {
                name: &self.spec_name,
                text: &self.spec,
            },
            overlay: self
                .overlay
                .as_ref()
                .map(|(name, text)| Source { name, text }),
            on_skip: OnSkip::Warn,
        }
    }
}

/// `cargo xtask diff OLD NEW` or `cargo xtask diff --base REV`.
#[allow(clippy::print_stdout)]
pub fn command(old: Inputs, new: Inputs, json: bool) -> Result<ExitCode> {
    let old = run(&old)?;
    let new = run(&new)?;
    let report = diff::diff(&old.api, &new.api);
    if json {
        println!("{}", serde_json::to_string_pretty(&report.json())?);
    } else {
        print!("{}", report.markdown());
    }
    Ok(ExitCode::SUCCESS)
}

fn run(inputs: &Inputs) -> Result<Output> {
    pipeline::run(&inputs.input()).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "{} does not generate:\n{}",
            inputs.spec_name,
            lines.join("\n")
        )
    })
}

/// What `codegen` adds to its summary when the inputs changed since the checked-in client was
/// generated (from `spec` and `overlay`, paths from the root): the API changes, and the
/// diagnostics that are new. `None` when nothing changed.
pub fn since_generation(
    client: &Path,
    spec: &str,
    overlay: Option<&str>,
    new: &Output,
) -> Option<String> {
    let recorded = recorded_fingerprint(client)?;
    if recorded == new.api.fingerprint {
        return None;
    }
    let old = Inputs::at("HEAD", spec, overlay).ok().and_then(|inputs| {
        let fingerprint = pipeline::fingerprint(&inputs.input());
        (fingerprint == recorded)
            .then(|| run(&inputs).ok())
            .flatten()
    });
    let Some(old) = old else {
        return Some(format!(
            "the inputs changed since the checked-in client was generated ({recorded}), but HEAD does not hold \
             the inputs it came from; compare with `cargo xtask diff --base REV`"
        ));
    };
    let report = diff::diff(&old.api, &new.api);
    let count = |impact| report.changes.iter().filter(|c| c.impact == impact).count();
    let mut text = format!(
        "API changes since the checked-in client: {} breaking, {} additions, {} behaviour; semver: {:?}",
        count(Impact::Breaking),
        count(Impact::Additive),
        count(Impact::Behaviour),
        report.bump
    );
    for change in &report.changes {
        text.push_str(&format!(
            "\n  [{:?}] {}: {}",
            change.impact, change.subject, change.detail
        ));
    }
    let fresh: Vec<&Diagnostic> = new
        .diagnostics
        .iter()
        .filter(|d| !old.diagnostics.iter().any(|o| same(o, d)))
        .collect();
    if !fresh.is_empty() {
        text.push_str(&format!("\nnew diagnostics ({}):", fresh.len()));
        for diagnostic in fresh {
            text.push_str(&format!("\n  {diagnostic}"));
        }
    }
    text.push_str("\nfull report: `cargo xtask diff --base HEAD`");
    Some(text)
}

/// The same finding in two runs (its line may have moved).
fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    (a.code, &a.pointer, &a.message) == (b.code, &b.pointer, &b.message)
}

/// The fingerprint recorded in a generated crate's Cargo.toml.
fn recorded_fingerprint(client: &Path) -> Option<String> {
    let manifest = fs::read_to_string(client.join("Cargo.toml")).ok()?;
    let line = manifest
        .lines()
        .find(|line| line.starts_with("fingerprint = "))?;
    Some(
        line.trim_start_matches("fingerprint = ")
            .trim_matches('"')
            .to_owned(),
    )
}

//! `cargo xtask diff`: what changed between two versions of a spec, for the people who use the
//! generated crate; and the short form `codegen` prints when the inputs changed.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diff;
use generator::emit::{CrateConfig, File};
use generator::pipeline::{self, Input, OnSkip, Output, Source};
use generator::public_api::{self, RustReport};

use crate::overlays::{self, OverlayText};
use crate::summary::SinceHead;
use crate::workspace::{OVERLAYS, SPEC, root};

/// A spec and its overlays, as text.
pub struct Inputs {
    spec_name: String,
    spec: String,
    overlays: Vec<OverlayText>,
}

impl Inputs {
    fn new(spec_name: String, spec: String, overlays: Vec<OverlayText>) -> Self {
        Self {
            spec_name,
            spec,
            overlays,
        }
    }

    /// Read a spec and its overlays (files or folders of them) from files.
    pub fn from_files(spec: &str, overlays: &[String]) -> Result<Self> {
        let text = fs::read_to_string(spec).with_context(|| format!("reading {spec}"))?;
        let overlays = overlays::read(Path::new(""), overlays)?;
        Ok(Self::new(spec.to_owned(), text, overlays))
    }

    /// The project's spec and overlays as they are in the working tree.
    pub fn project() -> Result<Self> {
        let root = root();
        let full = root.join(SPEC);
        let spec =
            fs::read_to_string(&full).with_context(|| format!("reading {}", full.display()))?;
        let overlays = overlays::read(&root, &[OVERLAYS])?;
        Ok(Self::new(SPEC.to_owned(), spec, overlays))
    }

    /// The project's spec and overlays as they are at git revision `rev`.
    pub fn at_revision(rev: &str) -> Result<Self> {
        Self::at(&root(), rev, SPEC, Some(OVERLAYS))
    }

    /// `spec` and `overlays` (a file or folder; paths from the root) as they are at git revision
    /// `rev` of the repository at `root`.
    pub fn at(root: &Path, rev: &str, spec: &str, overlays: Option<&str>) -> Result<Self> {
        let text = overlays::git(root, &["show", &format!("{rev}:{spec}")])?;
        let overlays = overlays::read_at(root, rev, &Vec::from_iter(overlays))?;
        Ok(Self::new(format!("{rev}:{spec}"), text, overlays))
    }

    /// Run the pipeline on these inputs.
    fn with_input<T>(&self, run: impl FnOnce(&Input<'_>) -> T) -> T {
        let overlays = overlays::sources(&self.overlays);
        run(&Input {
            spec: Source {
                name: &self.spec_name,
                text: &self.spec,
            },
            overlays: &overlays,
            on_skip: OnSkip::Warn,
        })
    }
}

/// Where the old side of a comparison's crate comes from.
pub enum OldCrate<'a> {
    /// The checked-in crate in folder `dir` at git revision `rev`.
    At {
        /// The revision.
        rev: &'a str,
        /// The crate's folder from the root.
        dir: &'a str,
    },
    /// Generated now from the old inputs, as the new one is.
    Generated,
}

/// `cargo xtask diff OLD NEW` or `cargo xtask diff --base REV`: the API report and the public
/// Rust API report of crates generated with `config`, and the semver advice for a crate at
/// `config.version`, the larger of the two.
#[allow(clippy::print_stdout)]
pub fn command(
    old: Inputs,
    new: Inputs,
    old_crate: OldCrate<'_>,
    config: &CrateConfig,
    json: bool,
) -> Result<ExitCode> {
    let (old_output, old_files) = generate(&old, config)?;
    let (new_output, new_files) = generate(&new, config)?;
    let report = diff::diff(&old_output.api, &new_output.api);
    let rust = match old_crate {
        OldCrate::At { rev, dir } => rust_since(&root(), rev, dir, &new_files),
        OldCrate::Generated => {
            let old: Vec<(String, String)> = old_files
                .iter()
                .map(|f| (f.path.clone(), f.contents.clone()))
                .collect();
            rust_report(&old, &new_files)
        }
    }
    .map_err(|why| anyhow::anyhow!("the public Rust API could not be read: {why}"))?;
    let bump = rust.bump_with(report.bump);
    let version = &config.version;
    if json {
        let value = serde_json::json!({
            "api": report.json(),
            "rust": rust.json(),
            "bump": bump,
            "version": version,
            "next": bump.next(version),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!(
            "{}",
            report
                .markdown(None)
                .replace("Semver:", "API report semver:")
        );
        println!();
        print!(
            "{}",
            rust.markdown().replace("Semver:", "Rust report semver:")
        );
        println!("\nSemver: **{}**.", bump.advice(version));
    }
    Ok(ExitCode::SUCCESS)
}

/// Generate `inputs`' crate with `config`, in memory.
fn generate(inputs: &Inputs, config: &CrateConfig) -> Result<(Output, Vec<File>)> {
    inputs
        .with_input(|input| pipeline::generate(input, config))
        .map_err(|diagnostics| {
            let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            anyhow::anyhow!(
                "{} does not generate:\n{}",
                inputs.spec_name,
                lines.join("\n")
            )
        })
}

fn run(inputs: &Inputs) -> Result<Output> {
    inputs.with_input(pipeline::run).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "{} does not generate:\n{}",
            inputs.spec_name,
            lines.join("\n")
        )
    })
}

/// How the working tree's inputs (`spec` and `overlays`, a file or folder, paths from `root`;
/// their run is `new`) compare with those at `HEAD`, what the checked-in client came from
/// (`codegen --check` holds them together). The same however many times `codegen` has run since.
pub fn since_head(root: &Path, spec: &str, overlays: Option<&str>, new: &Output) -> SinceHead {
    since(&Inputs::at(root, "HEAD", spec, overlays), new)
}

/// How the run `new` compares with the run on `old` (or why there is no comparison).
pub fn since(old: &Result<Inputs>, new: &Output) -> SinceHead {
    let old = match old {
        Ok(inputs) => inputs,
        Err(error) => return SinceHead::Unavailable(format!("{error:#}")),
    };
    if old.with_input(pipeline::fingerprint) == new.api.fingerprint {
        return SinceHead::Same;
    }
    match run(old) {
        Ok(old) => SinceHead::Changed {
            report: diff::diff(&old.api, &new.api),
            diagnostics: old.diagnostics,
        },
        Err(error) => SinceHead::Unavailable(format!("{error:#}")),
    }
}

/// The public Rust API report between a crate's `src/` files `old` (path from the crate's folder,
/// text) and the generated files `new`.
pub fn rust_report(old: &[(String, String)], new: &[File]) -> Result<RustReport, String> {
    let old: Vec<(&str, &str)> = old.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let new: Vec<(&str, &str)> = new
        .iter()
        .filter(|f| f.path.starts_with("src/") && f.path.ends_with(".rs"))
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let old = public_api::public_api(&old)?;
    let new = public_api::public_api(&new)?;
    Ok(public_api::diff(&old, &new))
}

/// The Rust report of the crate in `dir` generated now (`files`) against the crate at git
/// revision `rev`.
pub fn rust_since(root: &Path, rev: &str, dir: &str, files: &[File]) -> Result<RustReport, String> {
    let old = crate_sources_at(root, rev, dir).map_err(|e| format!("{e:#}"))?;
    rust_report(&old, files)
}

/// The `src/` files of the crate in folder `dir` (from `root`) as they are at git revision `rev`:
/// (path from the crate's folder, text).
pub fn crate_sources_at(root: &Path, rev: &str, dir: &str) -> Result<Vec<(String, String)>> {
    let listing = overlays::git(
        root,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            rev,
            "--",
            &format!("{dir}/src/"),
        ],
    )?;
    let mut files = Vec::new();
    for path in listing.lines().filter(|p| p.ends_with(".rs")) {
        let text = overlays::git(root, &["show", &format!("{rev}:{path}")])?;
        let relative = path
            .strip_prefix(dir)
            .map_or(path, |p| p.trim_start_matches('/'));
        files.push((relative.to_owned(), text));
    }
    Ok(files)
}

//! `cargo xtask diff`: what changed between two versions of a spec, for the people who use the
//! generated crate; and the short form `codegen` prints when the inputs changed.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diff;
use generator::pipeline::{self, Input, OnSkip, Output, Source};

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

/// `cargo xtask diff OLD NEW` or `cargo xtask diff --base REV`.
#[allow(clippy::print_stdout)]
pub fn command(old: Inputs, new: Inputs, json: bool, version: Option<&str>) -> Result<ExitCode> {
    let old = run(&old)?;
    let new = run(&new)?;
    let report = diff::diff(&old.api, &new.api);
    if json {
        println!("{}", serde_json::to_string_pretty(&report.json())?);
    } else {
        print!("{}", report.markdown(version));
    }
    Ok(ExitCode::SUCCESS)
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

/// The `src/` files of the crate in folder `dir` (from `root`) as they are at git revision `rev`:
/// (path from the crate's folder, text).
pub fn crate_sources_at(root: &Path, rev: &str, dir: &str) -> Result<Vec<(String, String)>> {
    let listing = overlays::git(
        root,
        &["ls-tree", "-r", "--name-only", rev, "--", &format!("{dir}/src/")],
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

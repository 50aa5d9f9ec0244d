//! `codegen`, `generate` and `spec`: read the inputs, run the pipeline, report, write or compare.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diag::Diagnostic;
use generator::emit::{CrateConfig, File, Runtime};
use generator::pipeline::{self, Input, OnSkip, Output, Source};
use generator::timings::Timings;

use crate::files::{self, Drift};
use crate::overlays::{self, OverlayText};
use crate::workspace::{CLIENT, FEATURES, FEATURES_SPEC, OVERLAYS, RUNTIME, SPEC, root};

/// A checked-in crate: `cargo xtask codegen` writes it, `--check` compares it.
pub struct Target {
    /// The spec, from the workspace root.
    pub spec: &'static str,
    /// Its overlays, if any: a file, or a folder of them applied in file-name order.
    pub overlays: Option<&'static str>,
    /// The crate's folder, from the workspace root.
    pub dir: &'static str,
    /// How the crate is generated.
    pub config: CrateConfig,
}

/// Every checked-in generated crate, the Particle client first.
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            spec: SPEC,
            overlays: Some(OVERLAYS),
            dir: CLIENT,
            config: particle_config(),
        },
        Target {
            spec: FEATURES_SPEC,
            overlays: None,
            dir: FEATURES,
            config: features_config(),
        },
    ]
}

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace what differs.
    Write,
    /// Write nothing; fail on any difference.
    Check,
}

/// How the Particle client crate is generated.
pub fn particle_config() -> CrateConfig {
    CrateConfig {
        name: "particle-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![SPEC.to_owned(), format!("{OVERLAYS}/")],
        workspace_member: true,
        runtime: Runtime::Dependency {
            path: "../client-runtime".to_owned(),
        },
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
            r#"tracing = "0.1""#.to_owned(),
            r#"tracing-subscriber = { version = "0.3", default-features = false, features = ["registry", "std"] }"#.to_owned(),
        ],
    }
}

/// How the features crate is generated.
pub fn features_config() -> CrateConfig {
    CrateConfig {
        name: "features-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![FEATURES_SPEC.to_owned()],
        workspace_member: true,
        runtime: Runtime::Dependency {
            path: "../../../../client-runtime".to_owned(),
        },
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
        ],
    }
}

/// A generated crate and what produced it, or every diagnostic of a failed run.
pub type Generated = std::result::Result<(Output, Vec<File>), Vec<Diagnostic>>;

/// Generate the Particle client in memory.
pub fn particle_client(root: &Path) -> Result<Generated> {
    let particle = targets().into_iter().next().context("no targets")?;
    generate_target(root, &particle)
}

/// Generate `target`'s crate in memory.
pub fn generate_target(root: &Path, target: &Target) -> Result<Generated> {
    let spec = read(&root.join(target.spec))?;
    let overlays = overlays::read(root, &Vec::from_iter(target.overlays))?;
    let sources = overlays::sources(&overlays);
    let input = Input {
        spec: Source {
            name: target.spec,
            text: &spec,
        },
        overlays: &sources,
        // The project's own crates leave nothing out: a skipped operation fails the run.
        on_skip: OnSkip::Refuse,
    };
    Ok(pipeline::generate(&input, &target.config))
}

/// Generate every target; write them (or compare them) only when all of them generate.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn codegen(mode: Mode, dump_ir: bool) -> Result<ExitCode> {
    let root = root();
    let mut results = Vec::new();
    let mut failed = false;
    for target in targets() {
        match generate_target(&root, &target)? {
            Ok((output, files)) => results.push((target, output, files)),
            Err(diagnostics) => {
                eprintln!("{}:\n{}", target.spec, lines(&diagnostics));
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("generation failed; nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    if dump_ir {
        // The Particle client's IR: the one a maintainer debugs.
        if let Some((_, output, _)) = results.first() {
            println!("{}", serde_json::to_string_pretty(&output.api)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut code = ExitCode::SUCCESS;
    for (target, output, files) in &results {
        println!("{}", summary(output));
        let dir = root.join(target.dir);
        if let Some(changes) =
            crate::diff::since_generation(&dir, target.spec, target.overlays, output)
        {
            println!("{changes}");
        }
        if check_or_write(&root, target.dir, files, mode)? == ExitCode::FAILURE {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

/// Compare (`Mode::Check`) or write the files of the crate in `dir`, and say what happened.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn check_or_write(root: &Path, dir: &str, generated: &[File], mode: Mode) -> Result<ExitCode> {
    let path = root.join(dir);
    match mode {
        Mode::Check => {
            let drift = files::drift(&path, generated)?;
            if drift.is_empty() {
                println!("{dir}/ is up to date");
                return Ok(ExitCode::SUCCESS);
            }
            for item in &drift {
                match item {
                    Drift::Changed(path) => eprintln!("out of date: {}", relative(root, path)),
                    Drift::Stale(path) => {
                        eprintln!("stale generated file: {}", relative(root, path))
                    }
                }
            }
            eprintln!("{dir}/ differs from what the generator emits; run `cargo xtask codegen`");
            Ok(ExitCode::FAILURE)
        }
        Mode::Write => {
            let changed = files::write(&path, generated)?;
            println!("{dir}/: {changed} file(s) updated");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `cargo xtask generate` reads and writes.
pub struct GenerateArgs<'a> {
    pub spec: &'a str,
    /// Overlay files or folders, applied in order.
    pub overlays: &'a [String],
    pub out: &'a str,
    pub name: Option<&'a str>,
    pub on_skip: OnSkip,
    /// How the crate gets the runtime; `None`: by where `out` is.
    pub runtime: Option<RuntimeForm>,
    /// Print the time of reading, each stage and writing.
    pub timings: bool,
}

/// How `generate` gives a crate the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RuntimeForm {
    /// The runtime's sources copied into the crate's src/runtime/.
    Vendored,
    /// A dependency on this repository's client-runtime/, by a relative path.
    Dependency,
}

/// The runtime of a crate generated into `out`: `form`, or else a dependency when `out` is
/// inside this repository (the runtime is next door) and vendored elsewhere. A dependency is
/// written as a path relative to `out`, never an absolute one.
fn runtime_for(out: &Path, form: Option<RuntimeForm>) -> Result<Runtime> {
    let root = root();
    let out = absolute(out)?;
    let inside = out.starts_with(absolute(&root)?);
    match form.unwrap_or(if inside {
        RuntimeForm::Dependency
    } else {
        RuntimeForm::Vendored
    }) {
        RuntimeForm::Vendored => Ok(Runtime::Vendored),
        RuntimeForm::Dependency => {
            let runtime = absolute(&root.join(RUNTIME))?;
            let path = relative_path(&out, &runtime).with_context(|| {
                format!(
                    "{} has no relative path to {}",
                    out.display(),
                    runtime.display()
                )
            })?;
            Ok(Runtime::Dependency { path })
        }
    }
}

/// `path` made absolute and without `.` or `..` (it need not exist; the existing part is
/// resolved, links included, so two spellings of one folder compare equal).
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = std::path::absolute(path).with_context(|| format!("{}", path.display()))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        rest.push(name.to_owned());
        existing = parent;
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        match name.to_str() {
            Some("..") => {
                resolved.pop();
            }
            Some(".") => {}
            _ => resolved.push(name),
        }
    }
    Ok(resolved)
}

/// `to` relative to the folder `from`, with `/` separators; `None` when they share no root.
fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    Some(ups.chain(downs).collect::<Vec<_>>().join("/"))
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn generate(args: &GenerateArgs<'_>) -> Result<ExitCode> {
    let GenerateArgs {
        spec: spec_path,
        overlays: overlay_paths,
        out,
        name,
        on_skip,
        runtime,
        timings: print_timings,
    } = *args;
    let runtime = runtime_for(Path::new(out), runtime)?;
    let mut timings = Timings::default();
    let (spec, overlays): (String, Vec<OverlayText>) = timings.time("read", || -> Result<_> {
        let spec = read(Path::new(spec_path))?;
        let overlays = overlays::read(Path::new(""), overlay_paths)?;
        Ok((spec, overlays))
    })?;
    let overlay_sources = overlays::sources(&overlays);
    let input = Input {
        spec: Source {
            name: spec_path,
            text: &spec,
        },
        overlays: &overlay_sources,
        on_skip,
    };
    // The crate names its inputs by file name: the same spec gives the same files on any machine,
    // wherever it was read from.
    let mut sources = vec![file_name(spec_path)];
    sources.extend(overlays.iter().map(|overlay| file_name(&overlay.name)));
    let crate_name = name
        .map(str::to_owned)
        .unwrap_or_else(|| default_crate_name(spec_path));
    let config = CrateConfig {
        name: crate_name,
        version: "0.1.0".to_owned(),
        command: "cargo xtask generate".to_owned(),
        sources,
        workspace_member: false,
        dev_dependencies: Vec::new(),
        runtime,
    };
    let start = std::time::Instant::now();
    let generated = pipeline::generate(&input, &config);
    let in_process = start.elapsed();
    match generated {
        Ok((output, generated)) => {
            println!("{}", summary(&output));
            let changed = timings.time("write", || files::write(Path::new(out), &generated))?;
            println!("{out}: {changed} file(s) updated");
            if print_timings {
                let staged = output.timings.total();
                // Dropping values between stages, and the generator thread's start and end.
                let between = ("between stages", in_process.saturating_sub(staged));
                let stages = output.timings.stages.iter().copied().chain([between]);
                timings.stages.splice(1..1, stages);
                eprintln!("{}", timings_table(&timings));
            }
            // The process ends here: freeing the largest specs' values one by one took a tenth
            // of a second and more, for memory the system takes back at exit anyway.
            std::mem::forget((output, generated));
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            eprintln!("{}", lines(&diagnostics));
            eprintln!("generation failed; {out} is unchanged");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// One line per stage, in milliseconds, and the total.
fn timings_table(timings: &Timings) -> String {
    let mut lines: Vec<String> = timings
        .stages
        .iter()
        .map(|(stage, time)| format!("{:>10.1} ms  {stage}", time.as_secs_f64() * 1e3))
        .collect();
    lines.push(format!(
        "{:>10.1} ms  total",
        timings.total().as_secs_f64() * 1e3
    ));
    lines.join("\n")
}

/// The last component of `path` (the path itself when it has none).
fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || path.to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn spec(out: Option<&str>) -> Result<ExitCode> {
    let root = root();
    let output = match particle_client(&root)? {
        Ok((output, _)) => output,
        Err(diagnostics) => {
            eprintln!("{}", lines(&diagnostics));
            return Ok(ExitCode::FAILURE);
        }
    };
    let yaml = out.is_some_and(|path| path.ends_with(".yaml") || path.ends_with(".yml"));
    let text = if yaml {
        serde_yaml::to_string(&output.openapi)?
    } else {
        serde_json::to_string_pretty(&output.openapi)? + "\n"
    };
    match out {
        Some(path) => fs::write(path, text).with_context(|| format!("writing {path}"))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// What a maintainer reads after a run: counts, overlay actions, every diagnostic.
pub fn summary(output: &Output) -> String {
    let api = &output.api;
    let mut text = format!(
        "{} {}: {} operation(s), {} model(s), {} security scheme(s)",
        api.title,
        api.version,
        api.operations.len(),
        api.models.len(),
        api.security_schemes.len()
    );
    // One table per overlay file, in the order applied.
    for file in output.actions.chunk_by(|a, b| a.overlay == b.overlay) {
        let stale = file.iter().filter(|a| a.matched == 0).count();
        let matched: usize = file.iter().map(|a| a.matched).sum();
        let name = file.first().map_or("", |a| a.overlay.as_str());
        text.push_str(&format!(
            "\noverlay {name}: {} action(s) matched {matched} node(s); {stale} stale",
            file.len()
        ));
        for action in file {
            let stale = if action.matched == 0 {
                "  STALE: matches nothing"
            } else {
                ""
            };
            text.push_str(&format!(
                "\n  #{:<2} {:>3} match(es)  {}{stale}",
                action.index, action.matched, action.target
            ));
        }
    }
    if !output.diagnostics.is_empty() {
        text.push_str(&format!(
            "\n{} diagnostic(s):\n{}",
            output.diagnostics.len(),
            lines(&output.diagnostics)
        ));
    }
    text
}

fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn default_crate_name(spec_path: &str) -> String {
    let stem = Path::new(spec_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{}-client", name.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::bail;

    /// Every difference between the checked-in crates and what the generator emits now.
    fn check_drift(root: &Path) -> Result<Vec<Drift>> {
        let mut drift = Vec::new();
        for target in targets() {
            match generate_target(root, &target)? {
                Ok((_, generated)) => {
                    drift.extend(files::drift(&root.join(target.dir), &generated)?)
                }
                Err(diagnostics) => bail!(
                    "{}: generation failed:\n{}",
                    target.spec,
                    lines(&diagnostics)
                ),
            }
        }
        Ok(drift)
    }

    /// The checked-in crates are exactly what the generator emits: the plain test command catches drift.
    #[test]
    fn generating_twice_gives_identical_files() -> Result<()> {
        for target in targets() {
            let first = generate_target(&root(), &target)?.map(|(_, files)| files);
            let second = generate_target(&root(), &target)?.map(|(_, files)| files);
            assert!(first.is_ok(), "{} does not generate", target.spec);
            assert_eq!(first, second);
        }
        Ok(())
    }

    #[test]
    fn generated_crates_are_fresh() -> Result<()> {
        let drift = check_drift(&root())?;
        assert!(
            drift.is_empty(),
            "a checked-in crate is out of date ({drift:?}); run `cargo xtask codegen`"
        );
        Ok(())
    }

    /// `generate` leaves out what it cannot generate and writes the rest; with `--strict` it
    /// writes nothing.
    #[test]
    fn generate_strict_refuses_what_it_would_skip() -> Result<()> {
        let scratch = std::env::temp_dir().join(format!("xtask-strict-{}", std::process::id()));
        let spec = root().join("generator/tests/fixtures/pipeline/skipped_operations.yaml");
        for (on_skip, expected) in [
            (OnSkip::Refuse, ExitCode::FAILURE),
            (OnSkip::Warn, ExitCode::SUCCESS),
        ] {
            let out = scratch.join(format!("{on_skip:?}"));
            let code = super::generate(&GenerateArgs {
                spec: &spec.to_string_lossy(),
                overlays: &[],
                out: &out.to_string_lossy(),
                name: Some("skips"),
                on_skip,
                runtime: None,
                timings: false,
            })?;
            assert_eq!(code, expected, "{on_skip:?}");
            assert_eq!(
                out.join("src/lib.rs").exists(),
                expected == ExitCode::SUCCESS
            );
        }
        fs::remove_dir_all(&scratch)?;
        Ok(())
    }

    /// `generate` names a spec by its file name: the same spec read from two different folders
    /// gives the same files.
    #[test]
    fn generated_crates_name_their_inputs_by_file_name() -> Result<()> {
        assert_eq!(
            super::file_name("/home/me/specs/petstore.yaml"),
            "petstore.yaml"
        );
        let scratch = std::env::temp_dir().join(format!("xtask-file-name-{}", std::process::id()));
        let text = fs::read_to_string(root().join(FEATURES_SPEC))?;
        let mut outputs = Vec::new();
        for folder in ["one/place", "another"] {
            let dir = scratch.join(folder);
            fs::create_dir_all(&dir)?;
            let spec = dir.join("features.yaml");
            fs::write(&spec, &text)?;
            let out = dir.join("crate");
            super::generate(&GenerateArgs {
                spec: &spec.to_string_lossy(),
                overlays: &[],
                out: &out.to_string_lossy(),
                name: Some("same"),
                on_skip: OnSkip::Warn,
                runtime: None,
                timings: false,
            })?;
            outputs.push(fs::read_to_string(out.join("src/lib.rs"))?);
        }
        fs::remove_dir_all(&scratch)?;
        assert_eq!(outputs[0], outputs[1]);
        assert!(
            outputs[0].starts_with("// @generated by `cargo xtask generate` from features.yaml.")
        );
        Ok(())
    }
}

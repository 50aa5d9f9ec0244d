//! `codegen`, `generate` and `spec`: read the inputs, run the pipeline, report, write or compare.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diag::Diagnostic;
use generator::emit::{CliConfig, CrateConfig, File, Runtime};
use generator::pipeline::{self, Input, OnSkip, Output, Source};
use serde_json::Value;

use generator_cli::args::GenerateArgs;
use generator_cli::files::{self, Drift};
use generator_cli::generate::{absolute, lines, read, runtime_dependency};

use crate::overlays;
use crate::summary::Summary;
use crate::workspace::{
    CLI, CLI_RUNTIME, CLIENT, FEATURES, FEATURES_CLI, FEATURES_SPEC, OVERLAYS, RUNTIME, SPEC, root,
};

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
    /// The command-line tool generated beside it: its folder and how it is generated.
    pub cli: Option<(&'static str, CliConfig)>,
}

/// Every checked-in generated crate of the workspace at `root`, the Particle client first.
pub fn targets(root: &Path) -> Vec<Target> {
    vec![
        Target {
            spec: SPEC,
            overlays: Some(OVERLAYS),
            dir: CLIENT,
            config: particle_config(root),
            cli: Some((CLI, particle_cli_config())),
        },
        Target {
            spec: FEATURES_SPEC,
            overlays: None,
            dir: FEATURES,
            config: features_config(),
            cli: Some((FEATURES_CLI, features_cli_config())),
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

/// How the Particle client crate of the workspace at `root` is generated.
pub fn particle_config(root: &Path) -> CrateConfig {
    CrateConfig {
        name: "particle-client".to_owned(),
        // The last release's, recorded in the changelog `cargo xtask release` writes.
        version: crate::release::version(root),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![SPEC.to_owned(), format!("{OVERLAYS}/")],
        workspace_member: true,
        runtime: Runtime::Dependency {
            path: "../client-runtime".to_owned(),
        },
        install: Some(r#"{ path = "../particle-openapi/generated-client" }"#.to_owned()),
        publish: true,
        mock_examples: vec!["testing_with_mocks".to_owned()],
        default_features: Default::default(),
        select: Vec::new(),
        feature_gates: true,
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
            r#"tracing = "0.1""#.to_owned(),
            r#"tracing-subscriber = { version = "0.3", default-features = false, features = ["registry", "std"] }"#.to_owned(),
        ],
    }
}

/// How the Particle command-line tool is generated: binary `particle-api`, which does not
/// shadow the official `particle` command.
pub fn particle_cli_config() -> CliConfig {
    CliConfig {
        name: "particle-cli".to_owned(),
        binary: "particle-api".to_owned(),
        version: "0.1.0".to_owned(),
        client: "particle-client".to_owned(),
        client_path: "../generated-client".to_owned(),
        runtime_path: Some("../cli-runtime".to_owned()),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![SPEC.to_owned(), format!("{OVERLAYS}/")],
        workspace_member: true,
        dev_dependencies: vec![
            r#"insta = "1""#.to_owned(),
            r#"serde_json = "1""#.to_owned(),
            r#"tempfile = "3""#.to_owned(),
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time", "process"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
        ],
    }
}

/// How the features spec's command-line tool is generated.
pub fn features_cli_config() -> CliConfig {
    CliConfig {
        name: "features-cli".to_owned(),
        binary: "features".to_owned(),
        version: "0.1.0".to_owned(),
        client: "features-client".to_owned(),
        client_path: "../features".to_owned(),
        runtime_path: Some("../../../../cli-runtime".to_owned()),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![FEATURES_SPEC.to_owned()],
        workspace_member: true,
        dev_dependencies: vec![
            r#"serde_json = "1""#.to_owned(),
            r#"tempfile = "3""#.to_owned(),
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "process"] }"#
                .to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
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
        // Vendored: the checked-in crate that proves that form (compiled, its wire tests and
        // the runtime's own unit tests run, a hand edit caught by `codegen --check`).
        runtime: Runtime::Vendored,
        install: Some(
            r#"{ path = "../particle-openapi/generator/tests/clients/features" }"#.to_owned(),
        ),
        publish: false,
        mock_examples: Vec::new(),
        default_features: Default::default(),
        select: Vec::new(),
        feature_gates: true,
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
        ],
    }
}

/// A generated crate and what produced it, or every diagnostic of a failed run.
pub type Generated = std::result::Result<(Output, Vec<File>), Vec<Diagnostic>>;

/// Generate `target`'s crate in memory.
pub fn generate_target(root: &Path, target: &Target) -> Result<Generated> {
    with_input(root, target, |input| {
        pipeline::generate(input, &target.config)
    })
}

/// The Particle spec repaired and converted to OpenAPI 3.0 (what `spec` prints and `mock`
/// serves), or every diagnostic of a failed run.
pub fn particle_openapi(root: &Path) -> Result<std::result::Result<Value, Vec<Diagnostic>>> {
    let particle = targets(root).into_iter().next().context("no targets")?;
    with_input(root, &particle, |input| {
        pipeline::run(input).map(|output| output.openapi)
    })
}

/// `stages` run on `target`'s spec and overlays, read from `root`.
fn with_input<T>(root: &Path, target: &Target, stages: impl FnOnce(&Input<'_>) -> T) -> Result<T> {
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
    Ok(stages(&input))
}

/// `cargo xtask codegen`: [`codegen_at`] on this workspace, printed.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn codegen(mode: Mode, dump_ir: bool, verbose: bool) -> Result<ExitCode> {
    let root = root();
    if dump_ir {
        // The Particle client's IR: the one a maintainer debugs.
        let particle = targets(&root).into_iter().next().context("no targets")?;
        return Ok(match generate_target(&root, &particle)? {
            Ok((output, _)) => {
                println!("{}", serde_json::to_string_pretty(&output.api)?);
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprintln!("{}:\n{}", particle.spec, lines(&diagnostics));
                ExitCode::FAILURE
            }
        });
    }
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    codegen_at(&root, mode, verbose, &mut out, &mut err)
}

/// Generate every target of the workspace at `root`; write them (or compare them) only when
/// all of them generate. The Particle client's summary goes to `out`, problems to `err`; the
/// fixture crate gets one line (its whole summary with `verbose`).
pub fn codegen_at(
    root: &Path,
    mode: Mode,
    verbose: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut results = Vec::new();
    let mut failed = false;
    for target in targets(root) {
        match generate_target(root, &target)? {
            Ok((output, files)) => match cli_files(&target, &output) {
                Ok(cli) => results.push((target, output, files, cli)),
                Err(diagnostics) => {
                    writeln!(err, "{}:\n{}", target.spec, lines(&diagnostics))?;
                    failed = true;
                }
            },
            Err(diagnostics) => {
                writeln!(err, "{}:\n{}", target.spec, lines(&diagnostics))?;
                failed = true;
            }
        }
    }
    if failed {
        writeln!(err, "generation failed; nothing was written")?;
        return Ok(ExitCode::FAILURE);
    }
    let mut code = ExitCode::SUCCESS;
    let mut outcomes = Vec::new();
    for (index, (target, output, files, cli)) in results.iter().enumerate() {
        let particle = index == 0;
        if particle || verbose {
            let since = crate::diff::since_head(root, target.spec, target.overlays, output);
            let rust = crate::diff::rust_since(root, "HEAD", target.dir, files);
            let summary = Summary {
                krate: (&target.config.name, &target.config.version),
                output,
                since: &since,
                rust: &rust,
                verbose,
            };
            writeln!(out, "{}", summary.render())?;
        }
        let (result, outcome) = check_or_write(root, target.dir, files, mode, err)?;
        outcomes.push(if particle {
            outcome
        } else {
            format!("{outcome} (the fixture crate)")
        });
        if result == ExitCode::FAILURE {
            code = ExitCode::FAILURE;
        }
        if let (Some((dir, _)), Some(cli)) = (&target.cli, cli) {
            let (result, outcome) = check_or_write(root, dir, cli, mode, err)?;
            outcomes.push(outcome);
            if result == ExitCode::FAILURE {
                code = ExitCode::FAILURE;
            }
        }
        if particle && mode == Mode::Check {
            if let Err(why) = crate::release::check(root, target, output, files, err) {
                writeln!(err, "{why}")?;
                code = ExitCode::FAILURE;
            }
        }
    }
    writeln!(out, "{}", outcomes.join("; "))?;
    Ok(code)
}

/// The files of `target`'s command-line tool, if it has one, or the errors of emitting it.
fn cli_files(
    target: &Target,
    output: &Output,
) -> std::result::Result<Option<Vec<File>>, Vec<Diagnostic>> {
    let Some((_, config)) = &target.cli else {
        return Ok(None);
    };
    let mut diagnostics = generator::diag::Diagnostics::new();
    let files = generator::emit::emit_cli(&output.api, config, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics.into_vec());
    }
    Ok(Some(files))
}

/// Compare (`Mode::Check`) or write the files of the crate in `dir`: whether it passed, and what
/// happened in a few words; drift goes to `err`, file by file.
fn check_or_write(
    root: &Path,
    dir: &str,
    generated: &[File],
    mode: Mode,
    err: &mut dyn Write,
) -> Result<(ExitCode, String)> {
    let path = root.join(dir);
    match mode {
        Mode::Check => {
            let drift = files::drift(&path, generated)?;
            if drift.is_empty() {
                return Ok((ExitCode::SUCCESS, format!("{dir}/ is up to date")));
            }
            for item in &drift {
                match item {
                    Drift::Changed(path) => writeln!(err, "out of date: {}", relative(root, path))?,
                    Drift::Stale(path) => {
                        writeln!(err, "stale generated file: {}", relative(root, path))?
                    }
                }
            }
            writeln!(
                err,
                "{dir}/ differs from what the generator emits; run `cargo xtask codegen`"
            )?;
            Ok((ExitCode::FAILURE, format!("{dir}/ is out of date")))
        }
        Mode::Write => {
            let changed = files::write(&path, generated)?;
            Ok((
                ExitCode::SUCCESS,
                format!("{dir}/: {changed} file(s) updated"),
            ))
        }
    }
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
        RuntimeForm::Dependency => runtime_dependency(&out, &root.join(RUNTIME)),
    }
}

/// `cargo xtask generate`: `generator_cli::generate`, the runtime chosen by where the crate goes.
pub fn generate(args: &GenerateArgs, runtime: Option<RuntimeForm>) -> Result<ExitCode> {
    let runtime = runtime_for(Path::new(&args.out), runtime)?;
    let mut generate = args.generate(runtime, "cargo xtask generate", false);
    // The tool depends on this checkout's `cli-runtime`.
    if let Some(cli) = &mut generate.cli {
        cli.runtime = Some(root().join(CLI_RUNTIME));
    }
    generator_cli::generate(&generate)
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn spec(out: Option<&str>) -> Result<ExitCode> {
    let root = root();
    let openapi = match particle_openapi(&root)? {
        Ok(openapi) => openapi,
        Err(diagnostics) => {
            eprintln!("{}", lines(&diagnostics));
            return Ok(ExitCode::FAILURE);
        }
    };
    let yaml = out.is_some_and(|path| path.ends_with(".yaml") || path.ends_with(".yml"));
    let text = if yaml {
        serde_yaml::to_string(&openapi)?
    } else {
        serde_json::to_string_pretty(&openapi)? + "\n"
    };
    match out {
        Some(path) => fs::write(path, text).with_context(|| format!("writing {path}"))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::bail;

    /// Every difference between the checked-in crates and what the generator emits now.
    fn check_drift(root: &Path) -> Result<Vec<Drift>> {
        let mut drift = Vec::new();
        for target in targets(root) {
            match generate_target(root, &target)? {
                Ok((output, generated)) => {
                    drift.extend(files::drift(&root.join(target.dir), &generated)?);
                    if let (Some((dir, _)), Ok(Some(cli))) =
                        (&target.cli, cli_files(&target, &output))
                    {
                        drift.extend(files::drift(&root.join(dir), &cli)?);
                    }
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
        for target in targets(&root()) {
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

    /// The project's overlays repair only what upstream gets wrong: none adds what upstream
    /// declares already (a `redundant-repair` or a `conflicting-repair` means one does).
    #[test]
    fn no_repair_restates_upstream() -> Result<()> {
        for target in targets(&root()) {
            let diagnostics = match with_input(&root(), &target, pipeline::run)? {
                Ok(output) => output.diagnostics,
                Err(diagnostics) => diagnostics,
            };
            let restating: Vec<String> = diagnostics
                .iter()
                .filter(|d| matches!(d.code, "redundant-repair" | "conflicting-repair"))
                .map(ToString::to_string)
                .collect();
            assert!(
                restating.is_empty(),
                "{}:\n{}",
                target.spec,
                restating.join("\n")
            );
        }
        Ok(())
    }

    /// `generate` depends on the runtime inside this repository, by a path relative to the
    /// crate, and vendors it anywhere else; an explicit form wins. No absolute path is written.
    #[test]
    fn the_runtime_form_follows_where_the_crate_goes() -> Result<()> {
        let inside = root().join("target/some/crate");
        assert_eq!(
            runtime_for(&inside, None)?,
            Runtime::Dependency {
                path: "../../../client-runtime".to_owned()
            }
        );
        assert_eq!(
            runtime_for(&inside, Some(RuntimeForm::Vendored))?,
            Runtime::Vendored
        );
        let outside = std::env::temp_dir().join("elsewhere/crate");
        assert_eq!(runtime_for(&outside, None)?, Runtime::Vendored);
        let Runtime::Dependency { path } = runtime_for(&outside, Some(RuntimeForm::Dependency))?
        else {
            anyhow::bail!("not a dependency");
        };
        assert!(
            path.starts_with("../") && path.ends_with("/client-runtime"),
            "{path}"
        );
        Ok(())
    }

    /// `codegen --check` compares every file of a target: a hand edit of the vendored runtime's
    /// copy (the features crate) and of the runtime dependency line (the Particle crate) are both
    /// drift, named by path.
    #[test]
    fn check_catches_a_hand_edit_in_either_runtime_form() -> Result<()> {
        let root = root();
        for target in targets(&root) {
            let Ok((_, generated)) = generate_target(&root, &target)? else {
                anyhow::bail!("{} does not generate", target.spec);
            };
            let scratch = std::env::temp_dir().join(format!(
                "xtask-hand-edit-{}-{}",
                std::process::id(),
                target.config.name
            ));
            files::write(&scratch, &generated)?;
            assert!(files::drift(&scratch, &generated)?.is_empty());
            let (edited, from, to) = match target.config.runtime {
                Runtime::Vendored => ("src/runtime/client.rs", "pub fn build(", "pub fn build_it("),
                Runtime::Dependency { .. } => ("Cargo.toml", "path = \"../", "path = \"../../"),
            };
            let path = scratch.join(edited);
            let text = fs::read_to_string(&path)?;
            assert!(text.contains(from), "{edited} has no `{from}`");
            fs::write(&path, text.replacen(from, to, 1))?;
            let drift = files::drift(&scratch, &generated)?;
            fs::remove_dir_all(&scratch)?;
            assert!(
                matches!(drift.as_slice(), [Drift::Changed(changed)] if *changed == path),
                "{}: {drift:?}",
                target.config.name
            );
        }
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
            let args = GenerateArgs {
                spec: spec.to_string_lossy().into_owned(),
                overlay: Vec::new(),
                out: out.to_string_lossy().into_owned(),
                name: Some("skips".to_owned()),
                strict: on_skip == OnSkip::Refuse,
                timings: false,
                cli: false,
                cli_out: None,
                select: Vec::new(),
                default_features: generator_cli::args::DefaultFeaturesArg::Auto,
            };
            let code = super::generate(&args, None)?;
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
        let scratch = std::env::temp_dir().join(format!("xtask-file-name-{}", std::process::id()));
        let text = fs::read_to_string(root().join(FEATURES_SPEC))?;
        let mut outputs = Vec::new();
        for folder in ["one/place", "another"] {
            let dir = scratch.join(folder);
            fs::create_dir_all(&dir)?;
            let spec = dir.join("features.yaml");
            fs::write(&spec, &text)?;
            let out = dir.join("crate");
            let args = GenerateArgs {
                spec: spec.to_string_lossy().into_owned(),
                overlay: Vec::new(),
                out: out.to_string_lossy().into_owned(),
                name: Some("same".to_owned()),
                strict: false,
                timings: false,
                cli: false,
                cli_out: None,
                select: Vec::new(),
                default_features: generator_cli::args::DefaultFeaturesArg::Auto,
            };
            super::generate(&args, None)?;
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

//! `generate`: read a spec and its overlays, run the pipeline, print the summary and every
//! diagnostic, then write the crate (only files that differ, each replaced atomically) or, with
//! `check`, compare it. A run with any error writes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diag::Diagnostic;
use generator::emit::{CliConfig, CrateConfig, DefaultFeatures, File, Runtime};
use generator::pipeline::{self, Input, OnSkip, Output, Source};
use generator::timings::Timings;

use crate::files;
use crate::overlays::{self, OverlayText};

/// What `generate` reads and writes.
#[derive(Debug, Clone)]
pub struct Generate<'a> {
    /// The spec: Swagger 2.0 or OpenAPI 3.0 (3.1 is rewritten as 3.0), YAML or JSON.
    pub spec: &'a str,
    /// Overlay files or folders, applied in order.
    pub overlays: &'a [String],
    /// The crate's folder.
    pub out: &'a str,
    /// The crate's name; by default made from the spec's file name.
    pub name: Option<&'a str>,
    /// Whether a part that cannot be generated is left out with a warning or fails the run.
    pub on_skip: OnSkip,
    /// How the crate gets the runtime.
    pub runtime: Runtime,
    /// The command the generated files name as the one that regenerates them.
    pub command: &'a str,
    /// Compare the folder with what would be written, write nothing, fail on any difference.
    pub check: bool,
    /// Print the time of reading, each stage and writing.
    pub timings: bool,
    /// A command-line tool generated beside the crate, if any.
    pub cli: Option<CliOut>,
    /// Only the operations these tags, operation ids and path globs select (none: all).
    pub select: &'a [String],
    /// Which of the API's features `default` turns on.
    pub default_features: DefaultFeatures,
}

/// Where a generated command-line tool goes and how it finds its runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOut {
    /// The tool's folder.
    pub out: String,
    /// The `cli-runtime` crate's folder, when it is on this machine (a checkout of the
    /// generator's repository); without it the tool depends on it by version.
    pub runtime: Option<PathBuf>,
}

/// Generate the crate `args` describes and write it (or compare it, with `check`); prints the
/// summary and diagnostics. Fails (the exit code) when generation does or the check finds drift;
/// an `Err` is a file that could not be read or written.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn generate(args: &Generate<'_>) -> Result<ExitCode> {
    let Generate {
        spec: spec_path,
        overlays: overlay_paths,
        out,
        on_skip,
        command,
        check,
        timings: print_timings,
        ..
    } = *args;
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
    let config = config(args, &overlays);
    let start = std::time::Instant::now();
    let generated = pipeline::generate(&input, &config);
    let in_process = start.elapsed();
    let generated = match generated {
        Ok((output, generated)) => match &args.cli {
            None => Ok((output, generated, None)),
            Some(cli) => {
                let cli_config = cli_config(args, &config, cli)?;
                let mut found = generator::diag::Diagnostics::new();
                let files = generator::emit::emit_cli(&output.api, &cli_config, &mut found);
                if found.has_errors() {
                    Err(found.into_vec())
                } else {
                    Ok((output, generated, Some((cli.out.as_str(), files))))
                }
            }
        },
        Err(diagnostics) => Err(diagnostics),
    };
    match generated {
        Ok((output, generated, cli)) => {
            println!("{}", summary(&output));
            if check {
                let code = compare(out, &generated, command)?;
                return match cli {
                    Some((cli_out, files)) if code == ExitCode::SUCCESS => {
                        compare(cli_out, &files, command)
                    }
                    _ => Ok(code),
                };
            }
            let changed = timings.time("write", || files::write(Path::new(out), &generated))?;
            println!("{out}: {changed} file(s) updated");
            if let Some((cli_out, files)) = &cli {
                let changed = files::write(Path::new(cli_out), files)?;
                println!("{cli_out}: {changed} file(s) updated (the command-line tool)");
            }
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

/// The crate `args` describes. It names its inputs by file name: the same spec gives the same
/// files on any machine, wherever it was read from.
fn config(args: &Generate<'_>, overlays: &[OverlayText]) -> CrateConfig {
    let mut sources = vec![file_name(args.spec)];
    sources.extend(overlays.iter().map(|overlay| file_name(&overlay.name)));
    CrateConfig {
        name: args
            .name
            .map_or_else(|| default_crate_name(args.spec), str::to_owned),
        version: "0.1.0".to_owned(),
        command: args.command.to_owned(),
        sources,
        workspace_member: false,
        dev_dependencies: Vec::new(),
        runtime: args.runtime.clone(),
        install: None,
        publish: false,
        mock_examples: Vec::new(),
        default_features: args.default_features,
        select: args.select.to_vec(),
        feature_gates: true,
    }
}

/// The command-line tool beside the crate `config` describes: named after it (`petstore-cli`,
/// binary `petstore`), depending on it and on `cli-runtime` by relative paths.
fn cli_config(args: &Generate<'_>, config: &CrateConfig, cli: &CliOut) -> Result<CliConfig> {
    let tool = absolute(Path::new(&cli.out))?;
    let client = absolute(Path::new(args.out))?;
    let relative = |to: &Path| {
        relative_path(&tool, to).with_context(|| {
            format!(
                "{} has no relative path to {}",
                tool.display(),
                to.display()
            )
        })
    };
    let stem = config
        .name
        .strip_suffix("-client")
        .unwrap_or(&config.name)
        .to_owned();
    Ok(CliConfig {
        name: format!("{stem}-cli"),
        binary: stem,
        version: config.version.clone(),
        client: config.name.clone(),
        client_path: relative(&client)?,
        runtime_path: match &cli.runtime {
            Some(runtime) => Some(relative(&absolute(runtime)?)?),
            None => None,
        },
        command: config.command.clone(),
        sources: config.sources.clone(),
        workspace_member: false,
        dev_dependencies: Vec::new(),
    })
}

/// `--check`: compare `out` with `generated`, say what differs, fail if anything does.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn compare(out: &str, generated: &[File], command: &str) -> Result<ExitCode> {
    let drift = files::drift(Path::new(out), generated)?;
    for item in &drift {
        eprintln!("{item}");
    }
    if !drift.is_empty() {
        eprintln!("{out} is out of date: run `{command}` without --check");
        return Ok(ExitCode::FAILURE);
    }
    println!("{out} is up to date");
    Ok(ExitCode::SUCCESS)
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

/// Diagnostics, one indented line each.
pub fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the file at `path`.
pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The crate name `generate` uses when none is given: the spec's file name up to its first dot,
/// `-client` added (`petstore.swagger2.yaml` gives `petstore-client`).
pub fn default_crate_name(spec_path: &str) -> String {
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

/// The runtime as a dependency on the `client-runtime` crate in folder `runtime`, written as its
/// path relative to the generated crate's folder `out` (never an absolute path).
pub fn runtime_dependency(out: &Path, runtime: &Path) -> Result<Runtime> {
    let out = absolute(out)?;
    let runtime = absolute(runtime)?;
    let path = relative_path(&out, &runtime).with_context(|| {
        format!(
            "{} has no relative path to {}",
            out.display(),
            runtime.display()
        )
    })?;
    Ok(Runtime::Dependency { path })
}

/// `path` made absolute and without `.` or `..` (it need not exist; the existing part is
/// resolved, links included, so two spellings of one folder compare equal).
pub fn absolute(path: &Path) -> Result<PathBuf> {
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
pub fn relative_path(from: &Path, to: &Path) -> Option<String> {
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

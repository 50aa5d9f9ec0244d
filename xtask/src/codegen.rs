//! `codegen`, `generate` and `spec`: read the inputs, run the pipeline, report, write or compare.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::diag::Diagnostic;
use generator::emit::{CrateConfig, File};
use generator::pipeline::{self, Input, Output, Source};

use crate::files::{self, Drift};

/// The upstream spec, byte for byte as published.
pub const SPEC: &str = "specs/particle.swagger.yaml";
/// Every repair of it.
pub const OVERLAY: &str = "specs/particle.overlay.yaml";
/// Where the checked-in client lives.
pub const CLIENT: &str = "generated-client";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace what differs.
    Write,
    /// Write nothing; fail on any difference.
    Check,
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// How the Particle client crate is generated.
pub fn particle_config() -> CrateConfig {
    CrateConfig {
        name: "particle-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        sources: vec![SPEC.to_owned(), OVERLAY.to_owned()],
        workspace_member: true,
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }"#.to_owned(),
            r#"wiremock = "0.6""#.to_owned(),
            r#"tracing = "0.1""#.to_owned(),
            r#"tracing-subscriber = { version = "0.3", default-features = false, features = ["registry", "std"] }"#.to_owned(),
        ],
    }
}

/// A generated crate and what produced it, or every diagnostic of a failed run.
pub type Generated = std::result::Result<(Output, Vec<File>), Vec<Diagnostic>>;

/// Generate the Particle client in memory.
pub fn particle_client(root: &Path) -> Result<Generated> {
    let spec = read(&root.join(SPEC))?;
    let overlay = read(&root.join(OVERLAY))?;
    let input = Input {
        spec: Source {
            name: SPEC,
            text: &spec,
        },
        overlay: Some(Source {
            name: OVERLAY,
            text: &overlay,
        }),
    };
    Ok(pipeline::generate(&input, &particle_config()))
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn codegen(mode: Mode, dump_ir: bool) -> Result<ExitCode> {
    let root = root();
    let (output, generated) = match particle_client(&root)? {
        Ok(result) => result,
        Err(diagnostics) => {
            eprintln!("{}", lines(&diagnostics));
            eprintln!("generation failed; {CLIENT}/ is unchanged");
            return Ok(ExitCode::FAILURE);
        }
    };
    if dump_ir {
        println!("{}", serde_json::to_string_pretty(&output.api)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", summary(&output));
    let client = root.join(CLIENT);
    if let Some(changes) = crate::diff::since_generation(&client, &output) {
        println!("{changes}");
    }
    match mode {
        Mode::Check => {
            let drift = files::drift(&client, &generated)?;
            if drift.is_empty() {
                println!("{CLIENT}/ is up to date");
                return Ok(ExitCode::SUCCESS);
            }
            for item in &drift {
                match item {
                    Drift::Changed(path) => eprintln!("out of date: {}", relative(&root, path)),
                    Drift::Stale(path) => {
                        eprintln!("stale generated file: {}", relative(&root, path))
                    }
                }
            }
            eprintln!("{CLIENT}/ differs from what the generator emits; run `cargo xtask codegen`");
            Ok(ExitCode::FAILURE)
        }
        Mode::Write => {
            let changed = files::write(&client, &generated)?;
            println!("{CLIENT}/: {changed} file(s) updated");
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn generate(
    spec_path: &str,
    overlay_path: Option<&str>,
    out: &str,
    name: Option<&str>,
) -> Result<ExitCode> {
    let spec = read(Path::new(spec_path))?;
    let overlay = overlay_path.map(|path| read(Path::new(path))).transpose()?;
    let input = Input {
        spec: Source {
            name: spec_path,
            text: &spec,
        },
        overlay: overlay_path
            .zip(overlay.as_deref())
            .map(|(name, text)| Source { name, text }),
    };
    let mut sources = vec![spec_path.to_owned()];
    sources.extend(overlay_path.map(str::to_owned));
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
    };
    match pipeline::generate(&input, &config) {
        Ok((output, generated)) => {
            println!("{}", summary(&output));
            let changed = files::write(Path::new(out), &generated)?;
            println!("{out}: {changed} file(s) updated");
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            eprintln!("{}", lines(&diagnostics));
            eprintln!("generation failed; {out} is unchanged");
            Ok(ExitCode::FAILURE)
        }
    }
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
    if !output.actions.is_empty() {
        let stale = output.actions.iter().filter(|a| a.matched == 0).count();
        let matched: usize = output.actions.iter().map(|a| a.matched).sum();
        text.push_str(&format!(
            "\noverlay: {} action(s) matched {matched} node(s); {stale} stale",
            output.actions.len()
        ));
        for action in &output.actions {
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

    /// Every difference between the checked-in client and what the generator emits now.
    fn check_drift(root: &Path) -> Result<Vec<Drift>> {
        match particle_client(root)? {
            Ok((_, generated)) => files::drift(&root.join(CLIENT), &generated),
            Err(diagnostics) => bail!("generation failed:\n{}", lines(&diagnostics)),
        }
    }

    /// The checked-in client is exactly what the generator emits: the plain test command catches drift.
    #[test]
    fn generating_twice_gives_identical_files() -> Result<()> {
        let first = particle_client(&root())?.map(|(_, files)| files);
        let second = particle_client(&root())?.map(|(_, files)| files);
        assert!(first.is_ok());
        assert_eq!(first, second);
        Ok(())
    }

    #[test]
    fn generated_client_is_fresh() -> Result<()> {
        let drift = check_drift(&root())?;
        assert!(
            drift.is_empty(),
            "generated-client/ is out of date ({drift:?}); run `cargo xtask codegen`"
        );
        Ok(())
    }
}

//! `client-gen`: a typed async Rust client crate from an OpenAPI description, as
//! `cargo xtask generate` makes it, for specs outside this repository.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use generator::emit::Runtime;
use generator::pipeline::OnSkip;
use generator_cli::generate::{absolute, relative_path};

/// Generate a Rust client crate from a Swagger 2.0 / OpenAPI 3.0 (or 3.1) description.
///
/// Prints a summary and every diagnostic (file:line:column, JSON pointer, what). A run with any
/// error writes nothing; otherwise only files that differ are replaced, each atomically, and
/// generated files the run no longer produces are deleted.
#[derive(Debug, Parser)]
#[command(name = "client-gen", version)]
struct Args {
    /// The spec: Swagger 2.0 or OpenAPI 3.0 / 3.1, YAML or JSON.
    #[arg(value_name = "SPEC")]
    spec: String,
    /// An Overlay 1.0 file, or a folder of them applied in file-name order, applied to the spec
    /// before anything else. Repeat it for several, applied in the order given.
    #[arg(long, value_name = "FILE|DIR")]
    overlay: Vec<String>,
    /// The crate's folder.
    #[arg(long, value_name = "DIR")]
    out: String,
    /// The crate's name [default: from the spec's file name, e.g. petstore-client for
    /// petstore.yaml].
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Fail instead of leaving anything out: every `skipped-…` warning is an error.
    #[arg(long)]
    strict: bool,
    /// How the crate gets the runtime: `vendored` copies it into src/runtime/ (the crate stands
    /// alone); `dependency` depends on the client-runtime crate at --runtime-path.
    #[arg(long, value_enum, value_name = "FORM", default_value = "vendored")]
    runtime: Form,
    /// The client-runtime crate's folder, for --runtime dependency (written relative to --out).
    #[arg(long, value_name = "DIR", required_if_eq("runtime", "dependency"))]
    runtime_path: Option<String>,
    /// Write nothing: compare --out with what would be written and fail on any difference
    /// (a hand edit, a file missing, a stale one).
    #[arg(long)]
    check: bool,
    /// Print how long reading, each stage and writing took, to standard error.
    #[arg(long)]
    timings: bool,
}

/// How the generated crate gets the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Form {
    /// Copied into the crate's src/runtime/.
    Vendored,
    /// A path dependency on the client-runtime crate.
    Dependency,
}

fn main() -> Result<ExitCode> {
    let args = Args::parse();
    let runtime = match (args.runtime, &args.runtime_path) {
        (Form::Dependency, Some(path)) => {
            let runtime = absolute(Path::new(path))?;
            let out = absolute(Path::new(&args.out))?;
            let path = relative_path(&out, &runtime).with_context(|| {
                format!(
                    "{} has no relative path to {}",
                    out.display(),
                    runtime.display()
                )
            })?;
            Runtime::Dependency { path }
        }
        _ => Runtime::Vendored,
    };
    generator_cli::generate(&generator_cli::Generate {
        spec: &args.spec,
        overlays: &args.overlay,
        out: &args.out,
        name: args.name.as_deref(),
        on_skip: if args.strict {
            OnSkip::Refuse
        } else {
            OnSkip::Warn
        },
        runtime,
        command: "client-gen",
        check: args.check,
        timings: args.timings,
    })
}
